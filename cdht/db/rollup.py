"""Roll-up of many units: each unit's gauge for a year, computed in SQL."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from cdht.collation import sort_key
from cdht.db.figures import cached_per_unit
from cdht.db.models import Account, Assessment, StaffMember, Unit
from cdht.gauge import Gauge
from cdht.roles import ADMIN, MANAGER, MEMBER_ROLES, Actor, PermissionDenied


@dataclass(frozen=True)
class UnitGauge:
    unit_id: int
    name: str
    code: str
    expected: int
    registered: int
    assessed: int
    recognised: int

    @property
    def gauge(self) -> Gauge:
        return Gauge(members=self.expected or self.registered, recognised=self.recognised)


def unit_rollup(
    session: Session, actor: Actor, *, parent_id: int | None, year: int
) -> tuple[UnitGauge, ...]:
    """The member units of `parent_id` (every unit when None, administrators only)."""
    if actor.role != ADMIN and not (actor.role == MANAGER and parent_id == actor.unit_id):
        raise PermissionDenied("Bạn không có quyền xem số liệu tổng hợp này.")
    members = None if parent_id is None else Unit.parent_id == parent_id
    return cached_per_unit(
        session,
        "rollup",
        members,
        year,
        lambda ids: _gauges(session, parent_id, ids, year),
        order=lambda g: (sort_key(g.name), g.unit_id),
    )


def _gauges(
    session: Session, parent_id: int | None, ids: list[int] | None, year: int
) -> dict[int, UnitGauge]:
    """The gauges of the units `ids` (None: every member unit of `parent_id`)."""
    units = select(Unit.id, Unit.name, Unit.code)
    if parent_id is not None:
        units = units.where(Unit.parent_id == parent_id)
    staff = select(StaffMember.unit_id, func.count().label("n"))
    accounts = select(Account.unit_id, func.count().label("n")).where(
        col(Account.role).in_(MEMBER_ROLES)
    )
    results = select(
        Assessment.unit_id,
        func.count().label("assessed"),
        func.sum(sa.cast(Assessment.recognised, sa.Integer)).label("recognised"),
    ).where(Assessment.year == year)
    if ids is not None:
        units = units.where(col(Unit.id).in_(ids))
        staff = staff.where(col(StaffMember.unit_id).in_(ids))
        accounts = accounts.where(col(Account.unit_id).in_(ids))
        results = results.where(col(Assessment.unit_id).in_(ids))
    units = units.subquery()
    staff = staff.group_by(StaffMember.unit_id).subquery()
    accounts = accounts.group_by(Account.unit_id).subquery()
    results = results.group_by(Assessment.unit_id).subquery()
    rows = session.exec(
        select(
            units.c.id,
            units.c.name,
            units.c.code,
            func.coalesce(staff.c.n, 0),
            func.coalesce(accounts.c.n, 0),
            func.coalesce(results.c.assessed, 0),
            func.coalesce(results.c.recognised, 0),
        )
        .select_from(units)
        .outerjoin(staff, staff.c.unit_id == units.c.id)
        .outerjoin(accounts, accounts.c.unit_id == units.c.id)
        .outerjoin(results, results.c.unit_id == units.c.id)
    ).all()
    return {
        uid: UnitGauge(
            unit_id=uid,
            name=name,
            code=code,
            expected=int(expected),
            registered=int(registered),
            assessed=int(assessed),
            recognised=int(recognised),
        )
        for uid, name, code, expected, registered, assessed, recognised in rows
    }
