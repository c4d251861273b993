"""Unit figures for the dashboard, computed in SQL."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from cdht.db.figures import cached
from cdht.db.models import Account, Assessment, Unit
from cdht.roles import MEMBER_ROLES, Actor, require_read_unit


@dataclass(frozen=True)
class Overview:
    registered: int
    assessed: int
    recognised: int
    comp_averages: tuple[float, float, float]
    total_counts: dict[int, int]
    first_submissions_per_day: dict[date, int]


def unit_overview(session: Session, actor: Actor, *, unit_id: int, year: int) -> Overview:
    require_read_unit(actor, unit_id)
    return cached(
        session, "overview", Unit.id == unit_id, year, lambda: _overview(session, unit_id, year)
    )


def _overview(session: Session, unit_id: int, year: int) -> Overview:
    registered = session.exec(
        select(func.count())
        .select_from(Account)
        .where(Account.unit_id == unit_id, col(Account.role).in_(MEMBER_ROLES))
    ).one()
    in_unit = (Assessment.unit_id == unit_id, Assessment.year == year)
    assessed, recognised, c1, c2, c3 = session.exec(
        select(
            func.count(),
            func.coalesce(func.sum(sa.cast(Assessment.recognised, sa.Integer)), 0),
            func.avg(Assessment.comp1_points),
            func.avg(Assessment.comp2_points),
            func.avg(Assessment.comp3_points),
        ).where(*in_unit)
    ).one()
    totals = session.exec(
        select(Assessment.total, func.count()).where(*in_unit).group_by(Assessment.total)
    ).all()
    per_day = session.exec(
        select(Assessment.first_submitted_on, func.count())
        .where(*in_unit)
        .group_by(Assessment.first_submitted_on)
        .order_by(col(Assessment.first_submitted_on))
    ).all()
    return Overview(
        registered=registered,
        assessed=assessed,
        recognised=int(recognised),
        comp_averages=tuple(float(v or 0) for v in (c1, c2, c3)),
        total_counts={int(t): int(n) for t, n in totals},
        first_submissions_per_day={d: int(n) for d, n in per_day},
    )
