"""A unit's figures for a year, one function for the unit's dashboard and for a roll-up of many
units: who is expected (the staff list), who is counted (cdht.db.membership.counted), who waits
for approval or is not on the list, and who of the counted self-assessed and holds the title."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from cdht.collation import sort_key
from cdht.db.audit import record
from cdht.db.figures import cached_per_unit
from cdht.db.membership import counted, unlisted, waiting
from cdht.db.models import (
    Account,
    Assessment,
    DecisionDepartment,
    RecognitionDecision,
    StaffMember,
    Unit,
)
from cdht.db.transaction import transaction
from cdht.db.units import get_unit
from cdht.roles import MEMBER_ROLES, Actor, require_read_rollup, require_read_unit
from cdht.rollup_sheet import RollupHeader, rollup_xlsx
from cdht.unit_figures import UnitFigures
from cdht.window import local_year


def unit_rollup(
    session: Session, actor: Actor, *, parent_id: int | None, year: int
) -> tuple[UnitFigures, ...]:
    """The member units of `parent_id` (every unit when None, administrators only)."""
    require_read_rollup(actor, parent_id)
    members = None if parent_id is None else Unit.parent_id == parent_id
    return cached_per_unit(
        session,
        "figures",
        members,
        year,
        lambda ids: _figures(session, parent_id, ids, year),
        order=lambda g: (sort_key(g.name), g.unit_id),
    )


def export_rollup(
    session: Session, actor: Actor, *, parent_id: int | None, year: int, now: datetime
) -> bytes:
    """The roll-up of `unit_rollup` as an Excel file to sign and send on, from the parent (every
    unit: from the administrator's own unit, with the unit each belongs to); the export is
    written to the audit log."""
    with transaction(session):
        rows = unit_rollup(session, actor, parent_id=parent_id, year=year)
        sender = get_unit(session, actor.unit_id if parent_id is None else parent_id)
        parents = None
        if parent_id is None:
            parent = aliased(Unit)
            parents = dict(
                session.exec(
                    select(Unit.id, parent.name).join(parent, parent.id == Unit.parent_id)
                ).all()
            )
        header = RollupHeader(
            sender=sender.name,
            parent_name=None if parent_id is None else sender.name,
            year=year,
            this_year=local_year(now),
            at=now,
            made_by=actor.full_name,
            head_title=sender.head_title,
            place_name=sender.place_name,
        )
        data = rollup_xlsx(rows, header, parents)
        record(
            session,
            action="export.rollup",
            at=now,
            actor_id=actor.id,
            unit_id=parent_id,
            detail=f"year={year} rows={len(rows)}",
        )
        return data


def unit_figures(session: Session, actor: Actor, *, unit_id: int, year: int) -> UnitFigures:
    """One unit's figures, the same values (and cache entries) as its row in a roll-up."""
    require_read_unit(actor, unit_id)
    (figures,) = cached_per_unit(
        session,
        "figures",
        Unit.id == unit_id,
        year,
        lambda ids: _figures(session, None, [unit_id], year),
        order=lambda g: g.unit_id,
    )
    return figures


def _flag(condition) -> sa.ColumnElement[int]:
    return func.sum(sa.case((condition, 1), else_=0))


def _figures(
    session: Session, parent_id: int | None, ids: list[int] | None, year: int
) -> dict[int, UnitFigures]:
    """The figures of the units `ids` (None: every member unit of `parent_id`)."""
    units = select(Unit.id, Unit.name, Unit.code, Unit.kind)
    if parent_id is not None:
        units = units.where(Unit.parent_id == parent_id)
    staff = select(StaffMember.unit_id, func.count().label("n"))
    accounts = select(
        Account.unit_id,
        _flag(counted()).label("registered"),
        _flag(waiting()).label("pending"),
        _flag(unlisted()).label("unlisted"),
    ).where(col(Account.role).in_(MEMBER_ROLES))
    results = (
        select(
            Assessment.unit_id,
            func.count().label("assessed"),
            func.sum(sa.cast(Assessment.recognised, sa.Integer)).label("recognised"),
        )
        .join(Account, Account.id == Assessment.account_id)
        .where(Assessment.year == year, counted())
    )
    # A decided year's figures as they stood at its decision (`DecisionDepartment`).
    d = DecisionDepartment
    frozen = (
        select(
            RecognitionDecision.unit_id,
            func.sum(d.expected).label("expected"),
            func.sum(d.registered).label("registered"),
            func.sum(d.assessed).label("assessed"),
            func.sum(d.recognised).label("recognised"),
        )
        .join(d, d.decision_id == RecognitionDecision.id)
        .where(RecognitionDecision.year == year)
    )
    if ids is not None:
        units = units.where(col(Unit.id).in_(ids))
        staff = staff.where(col(StaffMember.unit_id).in_(ids))
        accounts = accounts.where(col(Account.unit_id).in_(ids))
        results = results.where(col(Assessment.unit_id).in_(ids))
        frozen = frozen.where(col(RecognitionDecision.unit_id).in_(ids))
    units = units.subquery()
    staff = staff.group_by(StaffMember.unit_id).subquery()
    accounts = accounts.group_by(Account.unit_id).subquery()
    results = results.group_by(Assessment.unit_id).subquery()
    frozen = frozen.group_by(RecognitionDecision.unit_id).subquery()
    rows = session.exec(
        select(
            units.c.id,
            units.c.name,
            units.c.code,
            units.c.kind,
            func.coalesce(frozen.c.expected, staff.c.n, 0),
            func.coalesce(frozen.c.registered, accounts.c.registered, 0),
            func.coalesce(accounts.c.pending, 0),
            func.coalesce(accounts.c.unlisted, 0),
            func.coalesce(frozen.c.assessed, results.c.assessed, 0),
            func.coalesce(frozen.c.recognised, results.c.recognised, 0),
            frozen.c.unit_id.is_not(None),
        )
        .select_from(units)
        .outerjoin(staff, staff.c.unit_id == units.c.id)
        .outerjoin(accounts, accounts.c.unit_id == units.c.id)
        .outerjoin(results, results.c.unit_id == units.c.id)
        .outerjoin(frozen, frozen.c.unit_id == units.c.id)
    ).all()
    return {
        row[0]: UnitFigures(
            row[0], row[1], row[2], row[3], *(int(v) for v in row[4:10]), frozen=bool(row[10])
        )
        for row in rows
    }
