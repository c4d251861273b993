"""The unit's expected staff: replacing the list, and who has not registered or self-assessed."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from cdht.cccd import mask
from cdht.collation import name_sort_key
from cdht.db.audit import record
from cdht.db.figures import cached, touch
from cdht.db.membership import DEPARTMENT, STAFF_ENTRY, approve_listed, counted
from cdht.db.models import Account, Assessment, StaffMember, Unit
from cdht.db.transaction import transaction
from cdht.roles import Actor, require_manage_unit, require_read_unit
from cdht.staff_import import StaffEntry, staff_xlsx


@dataclass(frozen=True)
class Person:
    full_name: str
    department: str
    cccd_masked: str


@dataclass(frozen=True)
class Missing:
    """Who of the staff list has not registered, and who of the counted people has not
    self-assessed."""

    not_registered: tuple[Person, ...]
    not_assessed: tuple[Person, ...]


def _member(unit_id: int, entry: StaffEntry, now: datetime) -> StaffMember:
    return StaffMember(
        unit_id=unit_id,
        cccd=entry.cccd,
        full_name=entry.full_name,
        department=entry.department,
        position=entry.position,
        updated_at=now,
    )


def replace_staff(
    session: Session, actor: Actor, *, unit_id: int, entries: list[StaffEntry], now: datetime
) -> int:
    """Replace the unit's staff list with `entries` in one transaction; commits. Everyone on the
    new list who waited for approval (or was rejected) is approved by it.

    `actor` None is the operator's command line."""
    with transaction(session):
        if actor is not None:
            require_manage_unit(actor, unit_id)
        session.exec(delete(StaffMember).where(StaffMember.unit_id == unit_id))
        session.add_all(_member(unit_id, e, now) for e in entries)
        session.flush()
        approve_listed(session, actor, unit_id=unit_id, now=now)
        record(
            session,
            action="staff.replace",
            at=now,
            actor_id=actor.id if actor else None,
            unit_id=unit_id,
            detail=f"rows={len(entries)}",
        )
        touch(session, unit_id)
        return len(entries)


class StaffError(ValueError):
    """One person cannot be added to the list; `field` names the form field to mark."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def add_staff(
    session: Session, actor: Actor, *, unit_id: int, entry: StaffEntry, now: datetime
) -> None:
    """Add one person to the unit's staff list (a checked entry, `check_entry`); commits. An
    account of theirs waiting for approval is approved by it, as by a new list."""
    with transaction(session):
        require_manage_unit(actor, unit_id)
        listed = session.exec(
            select(StaffMember.full_name).where(
                StaffMember.unit_id == unit_id, StaffMember.cccd == entry.cccd
            )
        ).first()
        if listed is not None:
            raise StaffError(f"Số CCCD này đã có trong danh sách: {listed}.", "cccd")
        session.add(_member(unit_id, entry, now))
        try:
            session.flush()
        except IntegrityError as exc:  # the same number added at the same moment
            raise StaffError("Số CCCD này vừa được thêm vào danh sách.", "cccd") from exc
        approve_listed(session, actor, unit_id=unit_id, now=now)
        record(
            session,
            action="staff.add",
            at=now,
            actor_id=actor.id,
            unit_id=unit_id,
            detail=f"cccd={mask(entry.cccd)}",
        )
        touch(session, unit_id)


def staff_list(session: Session, actor: Actor | None, *, unit_id: int) -> list[StaffEntry]:
    """The unit's staff list in official name order (`actor` None: the operator)."""
    if actor is not None:
        require_manage_unit(actor, unit_id)
    rows = session.exec(select(StaffMember).where(StaffMember.unit_id == unit_id)).all()
    entries = [StaffEntry(r.full_name, r.cccd, r.department, r.position) for r in rows]
    return sorted(entries, key=lambda e: name_sort_key(e.full_name))


def export_staff(session: Session, actor: Actor | None, *, unit_id: int, now: datetime) -> bytes:
    """The current list as an .xlsx in the template's format (whole CCCD numbers, so the export
    is logged); `actor` None is the operator's command line. Commits the log entry."""
    with transaction(session):
        entries = staff_list(session, actor, unit_id=unit_id)
        data = staff_xlsx(entries)
        record(
            session,
            action="export.staff",
            at=now,
            actor_id=actor.id if actor else None,
            unit_id=unit_id,
            detail=f"rows={len(entries)}",
        )
        return data


def _people(rows) -> tuple[Person, ...]:
    people = [Person(name, dept, mask(number)) for name, dept, number in rows]
    return tuple(sorted(people, key=lambda p: name_sort_key(p.full_name)))


def listed_elsewhere(session: Session, actor: Actor, *, unit_id: int) -> tuple[Person, ...]:
    """People of the unit's staff list whose account belongs to another unit: never counted
    here (an account is one unit's), so the unit's share is short of them. Which unit is not
    said: that is the other unit's to tell."""
    require_manage_unit(actor, unit_id)
    rows = session.exec(
        select(StaffMember.full_name, StaffMember.department, StaffMember.cccd)
        .join(Account, Account.cccd == StaffMember.cccd)
        .where(StaffMember.unit_id == unit_id, Account.unit_id != unit_id)
    ).all()
    return _people(rows)


def missing(session: Session, actor: Actor, *, unit_id: int, year: int) -> Missing:
    """Who of the staff list has not registered, and who registered but has not self-assessed."""
    require_read_unit(actor, unit_id)
    return cached(
        session, "missing", Unit.id == unit_id, year, lambda: _missing(session, unit_id, year)
    )


def _missing(session: Session, unit_id: int, year: int) -> Missing:
    assessed_ids = select(Assessment.account_id).where(
        Assessment.unit_id == unit_id, Assessment.year == year
    )
    # A profile a manager made to enter a paper form (`paper_only`) is no sign-up: until its form
    # is in, its person is still one to ask to register.
    registered_cccds = select(Account.cccd).where(
        Account.unit_id == unit_id,
        sa.or_(~col(Account.paper_only), col(Account.id).in_(assessed_ids)),
    )
    not_registered = session.exec(
        select(StaffMember.full_name, StaffMember.department, StaffMember.cccd).where(
            StaffMember.unit_id == unit_id, col(StaffMember.cccd).not_in(registered_cccds)
        )
    ).all()
    not_assessed = session.exec(
        select(Account.full_name, DEPARTMENT, Account.cccd)
        .outerjoin(StaffMember, STAFF_ENTRY)
        .where(
            Account.unit_id == unit_id,
            counted(),
            ~col(Account.paper_only),
            col(Account.id).not_in(assessed_ids),
        )
    ).all()
    return Missing(not_registered=_people(not_registered), not_assessed=_people(not_assessed))
