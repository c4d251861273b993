"""The rows of a unit's list of people who self-assessed, and the logged export."""

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from cdht.criteria import CriteriaSet, RecognitionRule
from cdht.db.audit import record
from cdht.db.membership import DEPARTMENT, POSITION, STAFF_ENTRY, counted
from cdht.db.models import Account, Assessment, StaffMember
from cdht.db.transaction import transaction
from cdht.db.units import get_unit
from cdht.print_list import PrintHeader, print_list_xlsx
from cdht.roles import MANAGER, Actor, require_manage_unit, require_read_unit
from cdht.roster import RosterRow, roster_xlsx, row_note, sort_rows

_BATCH = 1000


def roster_rows(
    session: Session,
    actor: Actor,
    *,
    unit_id: int,
    year: int,
    criteria: Mapping[str, CriteriaSet],
) -> list[RosterRow]:
    """Everyone the unit counts who self-assessed in the year, in official name order. A result
    short of recognition says why in its note, by the rule of the criteria it was scored with."""
    require_manage_unit(actor, unit_id)
    return sort_rows(_rows(session, unit_id=unit_id, year=year, criteria=criteria))


def results_list(
    session: Session,
    actor: Actor,
    *,
    unit_id: int,
    year: int,
    criteria: Mapping[str, CriteriaSet],
) -> list[RosterRow]:
    """The same list to read, for anyone who may see the unit's figures (its leaders too): no
    CCCD numbers."""
    require_read_unit(actor, unit_id)
    rows = _rows(session, unit_id=unit_id, year=year, criteria=criteria)
    return [replace(r, cccd="") for r in sort_rows(rows)]


def _rules(criteria: Mapping[str, CriteriaSet]) -> dict[str, RecognitionRule]:
    """Each criteria version's rule, and each group's current rule (for a version no longer on
    file) under the group's name."""
    return {c.version: c.rule for c in criteria.values()} | {
        group: c.rule for group, c in criteria.items()
    }


def _rows(
    session: Session, *, unit_id: int, year: int, criteria: Mapping[str, CriteriaSet]
) -> list[RosterRow]:
    """The same people in no particular order: only the listed columns are read (no entities),
    streamed from the cursor in batches; the answers only of results short of recognition."""
    rules = _rules(criteria)
    result = session.exec(
        select(
            Account.full_name,
            Account.cccd,
            Account.gender,
            Account.birth_year,
            DEPARTMENT,
            POSITION,
            Assessment.group,
            Assessment.comp1_points,
            Assessment.comp2_points,
            Assessment.comp3_points,
            Assessment.total,
            Assessment.recognised,
            Assessment.submitted_at,
            Assessment.entered_by_id,
            Assessment.criteria_version,
            sa.case((Assessment.recognised == sa.false(), Assessment.answers), else_=sa.null()),
        )
        .join(Assessment, Assessment.account_id == Account.id)
        .outerjoin(StaffMember, STAFF_ENTRY)
        .where(Assessment.unit_id == unit_id, Assessment.year == year, counted())
        .execution_options(yield_per=_BATCH)
    )
    return [
        RosterRow(
            full_name=full_name,
            cccd=cccd,
            gender=gender,
            birth_year=birth_year,
            department=department,
            position=position,
            group=group,
            comp_points=(comp1, comp2, comp3),
            total=total,
            recognised=recognised,
            submitted_at=submitted_at,
            note=row_note(
                on_paper=entered_by_id is not None,
                rule=rules.get(version) or rules.get(group),
                answers=answers,
                total=total,
            ),
        )
        for (
            full_name,
            cccd,
            gender,
            birth_year,
            department,
            position,
            group,
            comp1,
            comp2,
            comp3,
            total,
            recognised,
            submitted_at,
            entered_by_id,
            version,
            answers,
        ) in result
    ]


def export_roster(
    session: Session,
    actor: Actor | None,
    *,
    unit_id: int,
    year: int,
    criteria: Mapping[str, CriteriaSet],
    now: datetime,
) -> bytes:
    """The Excel file of the list; the export is written to the audit log.

    `actor` None is the operator's command line, which has the machine's full access.
    """
    with transaction(session):
        unit = get_unit(session, unit_id)
        if unit is None:
            raise LookupError(f"no unit with id {unit_id}")
        if actor is not None:
            require_manage_unit(actor, unit_id)
        rows = _rows(session, unit_id=unit_id, year=year, criteria=criteria)
        data = roster_xlsx(rows, unit_name=unit.name, year=year)  # sorts them
        record(
            session,
            action="export.roster",
            at=now,
            actor_id=actor.id if actor else None,
            unit_id=unit_id,
            detail=f"year={year} rows={len(rows)}",
        )
        return data


def print_header(
    session: Session,
    actor: Actor,
    *,
    unit_id: int,
    year: int,
    criteria: Mapping[str, CriteriaSet],
) -> PrintHeader:
    """The printed list's header. Its criteria line names the versions the listed results were
    scored with (the unit's default group's current version when nobody is listed yet) and says
    the criteria are a paraphrase when a file of those versions, in `criteria`, says so; the
    competencies' columns give their maxima when those files agree on them."""
    require_read_unit(actor, unit_id)
    unit = get_unit(session, unit_id)
    if unit is None:
        raise LookupError(f"no unit with id {unit_id}")
    versions = tuple(
        session.exec(
            select(Assessment.criteria_version)
            .join(Account, Assessment.account_id == Account.id)
            .where(Assessment.unit_id == unit_id, Assessment.year == year, counted())
            .distinct()
            .order_by(Assessment.criteria_version)
        )
    )
    if not versions and unit.default_group in criteria:
        versions = (criteria[unit.default_group].version,)
    used = [c for c in criteria.values() if c.version in versions]
    maxima = {tuple(comp.max_points for comp in c.competencies) for c in used}
    return PrintHeader(
        unit_name=unit.name,
        governing_body=unit.governing_body,
        place_name=unit.place_name,
        year=year,
        # Its maker signs under their name: the unit's own manager; anyone else (its leader, an
        # administrator of another unit) leaves the line for the maker's hand.
        made_by=actor.full_name if (actor.role, actor.unit_id) == (MANAGER, unit_id) else "",
        head_title=unit.head_title,
        criteria_versions=versions,
        paraphrase=any(c.paraphrase for c in used),
        competency_maxima=maxima.pop() if len(maxima) == 1 else (),
    )


def export_print_list(
    session: Session,
    actor: Actor,
    *,
    unit_id: int,
    year: int,
    criteria: Mapping[str, CriteriaSet],
    now: datetime,
) -> bytes:
    """The print-ready Excel list (no CCCD numbers); the export is written to the audit log."""
    with transaction(session):
        require_manage_unit(actor, unit_id)
        header = print_header(session, actor, unit_id=unit_id, year=year, criteria=criteria)
        rows = _rows(session, unit_id=unit_id, year=year, criteria=criteria)
        data = print_list_xlsx(rows, header)  # sorts them
        record(
            session,
            action="export.print_list",
            at=now,
            actor_id=actor.id,
            unit_id=unit_id,
            detail=f"year={year} rows={len(rows)}",
        )
        return data
