"""The dashboard's charts of a unit's counted people, computed in SQL (the counts themselves come
from cdht.db.rollup.unit_figures, the same function as the roll-up's)."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy import bindparam
from sqlmodel import Session, func, select

from cdht.collation import sort_key
from cdht.db.figures import cached
from cdht.db.membership import DEPARTMENT, STAFF_ENTRY, counted
from cdht.db.models import (
    Account,
    Assessment,
    DecisionDepartment,
    RecognitionDecision,
    StaffMember,
    Unit,
)
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


NO_DEPARTMENT = ""


@dataclass(frozen=True)
class DepartmentFigures:
    """One department's people for a year: on the staff list, counted, self-assessed, titled."""

    department: str  # NO_DEPARTMENT when neither the list nor the sign-up names one
    expected: int
    registered: int
    assessed: int
    recognised: int


def department_figures(
    session: Session, actor: Actor, *, unit_id: int, year: int
) -> list[DepartmentFigures]:
    """The unit's figures by department (the staff list's, else the sign-up's), for its leaders
    and managers: who lags. Same people as `unit_figures`, in Vietnamese order of department."""
    require_read_unit(actor, unit_id)
    return cached(
        session,
        "departments",
        Unit.id == unit_id,
        year,
        lambda: _departments(session, unit_id, year),
    )


def _department_order(department: str) -> tuple[bool, str]:
    """Departments in Vietnamese order, the one without a name last."""
    return department == NO_DEPARTMENT, sort_key(department)


def _departments(session: Session, unit_id: int, year: int) -> list[DepartmentFigures]:
    """A decided year's figures as they stood at its decision; any other year's, as they are."""
    frozen = frozen_departments(session, unit_id, year)
    return frozen if frozen else live_departments(session, unit_id, year)


def frozen_departments(session: Session, unit_id: int, year: int) -> list[DepartmentFigures]:
    """The figures kept when the year's decision was recorded (none before 3 December 2026)."""
    rows = session.exec(
        select(DecisionDepartment)
        .join(RecognitionDecision, RecognitionDecision.id == DecisionDepartment.decision_id)
        .where(RecognitionDecision.unit_id == unit_id, RecognitionDecision.year == year)
    ).all()
    return sorted(
        (
            DepartmentFigures(r.department, r.expected, r.registered, r.assessed, r.recognised)
            for r in rows
        ),
        key=lambda d: _department_order(d.department),
    )


def live_departments(session: Session, unit_id: int, year: int) -> list[DepartmentFigures]:
    """The year's figures by department from today's staff list and accounts."""
    expected = dict(
        session.execute(
            select(StaffMember.department, func.count())
            .where(StaffMember.unit_id == unit_id)
            .group_by(StaffMember.department)
        ).all()
    )
    people = session.execute(
        select(
            DEPARTMENT,
            func.count(),
            func.count(Assessment.id),
            func.sum(sa.case((Assessment.recognised, 1), else_=0)),
        )
        .select_from(Account)
        .outerjoin(StaffMember, STAFF_ENTRY)
        .outerjoin(
            Assessment, sa.and_(Assessment.account_id == Account.id, Assessment.year == year)
        )
        .where(Account.unit_id == unit_id, counted())
        .group_by(DEPARTMENT)
    ).all()
    counts = {dept: (n, assessed, int(ok or 0)) for dept, n, assessed, ok in people}
    names = sorted(set(expected) | set(counts), key=_department_order)
    return [
        DepartmentFigures(name, expected.get(name, 0), *counts.get(name, (0, 0, 0)))
        for name in names
    ]
