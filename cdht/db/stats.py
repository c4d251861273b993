"""The dashboard's charts of a unit's counted people, computed in SQL (the counts themselves come
from cdht.db.rollup.unit_figures, the same function as the roll-up's)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam
from sqlmodel import Session, func, select

from cdht.db.figures import cached
from cdht.db.membership import counted
from cdht.db.models import Account, Assessment, Unit
from cdht.roles import Actor, require_read_unit


@dataclass(frozen=True)
class Overview:
    assessed: int
    comp_averages: tuple[float, float, float]
    total_counts: dict[int, int]
    first_submissions_per_day: dict[date, int]


def unit_overview(session: Session, actor: Actor, *, unit_id: int, year: int) -> Overview:
    require_read_unit(actor, unit_id)
    return cached(
        session, "overview", Unit.id == unit_id, year, lambda: _overview(session, unit_id, year)
    )


_UNIT, _YEAR = bindparam("unit_id"), bindparam("year")
_ASSESSMENT = Assessment.__table__
# A statement built once: the assessments of the unit's counted people grouped by everything the
# charts show (at most one row per total and day), folded into the figures below.
_GROUPS = (
    select(
        _ASSESSMENT.c.total,
        _ASSESSMENT.c.first_submitted_on,
        _ASSESSMENT.c.recognised,
        func.count(),
        func.sum(_ASSESSMENT.c.comp1_points),
        func.sum(_ASSESSMENT.c.comp2_points),
        func.sum(_ASSESSMENT.c.comp3_points),
    )
    .join(Account.__table__, Account.__table__.c.id == _ASSESSMENT.c.account_id)
    .where(_ASSESSMENT.c.unit_id == _UNIT, _ASSESSMENT.c.year == _YEAR, counted())
    .group_by(_ASSESSMENT.c.total, _ASSESSMENT.c.first_submitted_on, _ASSESSMENT.c.recognised)
)


def _overview(session: Session, unit_id: int, year: int) -> Overview:
    connection = session.connection()
    assessed = sum1 = sum2 = sum3 = 0
    totals: Counter[int] = Counter()
    per_day: Counter[date] = Counter()
    for total, day, _recognised, n, c1, c2, c3 in connection.execute(
        _GROUPS, {"unit_id": unit_id, "year": year}
    ):
        assessed += n
        sum1, sum2, sum3 = sum1 + c1, sum2 + c2, sum3 + c3
        totals[total] += n
        per_day[day] += n
    return Overview(
        assessed=assessed,
        comp_averages=tuple(float(v) / assessed if assessed else 0.0 for v in (sum1, sum2, sum3)),
        total_counts=dict(totals),
        first_submissions_per_day=dict(sorted(per_day.items())),
    )
