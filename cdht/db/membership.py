"""Who a unit counts (the rule of cdht/membership.py as SQL), approving and rejecting people who
signed up without a staff list, and giving a CCCD number back to its owner."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from cdht import cccd as cccd_rules
from cdht.collation import name_sort_key
from cdht.db.audit import record
from cdht.db.figures import touch
from cdht.db.models import Account, Assessment, MembershipReport, StaffMember
from cdht.db.transaction import transaction
from cdht.db.web_sessions import revoke_all
from cdht.membership import APPROVED, CLOSED, PENDING, REJECTED
from cdht.roles import (
    MEMBER_ROLES,
    Actor,
    PermissionDenied,
    can_close_account,
    require_manage_unit,
    sees_every_unit,
)

_ACCOUNT = Account.__table__
_STAFF = StaffMember.__table__.alias("on_list")  # never correlated with an outer staff join
OPEN, REASSIGNED, DISMISSED = "open", "reassigned", "dismissed"


class MembershipError(ValueError):
    """The approval or report cannot be handled as asked; the message is Vietnamese."""


def has_staff_list(unit_id) -> sa.ColumnElement[bool]:
    return sa.exists().where(_STAFF.c.unit_id == unit_id)


def signs_up_by_list(session: Session, unit_id: int) -> bool:
    """Whether the unit has a staff list, so that only the people on it can sign up (the sign-up
    form says so as soon as the unit's code is typed)."""
    return bool(session.execute(sa.select(has_staff_list(unit_id))).scalar())


def listed(account: sa.Table = _ACCOUNT) -> sa.ColumnElement[bool]:
    """The account's CCCD is on its unit's staff list."""
    return sa.exists().where(_STAFF.c.unit_id == account.c.unit_id, _STAFF.c.cccd == account.c.cccd)


def counted(account: sa.Table = _ACCOUNT) -> sa.ColumnElement[bool]:
    """The one rule for every figure, printed list and decision: an approved member of the unit
    and, when the unit has a staff list, on it."""
    return sa.and_(
        account.c.membership == APPROVED,
        account.c.role.in_(MEMBER_ROLES),
        sa.or_(listed(account), ~has_staff_list(account.c.unit_id)),
    )


def waiting(account: sa.Table = _ACCOUNT) -> sa.ColumnElement[bool]:
    return sa.and_(account.c.membership == PENDING, account.c.role.in_(MEMBER_ROLES))


def unlisted(account: sa.Table = _ACCOUNT) -> sa.ColumnElement[bool]:
    """Approved, but the unit has a staff list and the person is not on it: shown on their own
    line, never in a share."""
    return sa.and_(
        account.c.membership == APPROVED,
        account.c.role.in_(MEMBER_ROLES),
        has_staff_list(account.c.unit_id),
        ~listed(account),
    )


# The staff list is the unit's truth for work details: a listed person's department and position
# come from the list (even when empty there), the sign-up values only for people not on it.
STAFF_ENTRY = sa.and_(StaffMember.unit_id == Account.unit_id, StaffMember.cccd == Account.cccd)
DEPARTMENT = sa.func.coalesce(StaffMember.department, Account.department)
POSITION = sa.func.coalesce(StaffMember.position, Account.position)


@dataclass(frozen=True)
class PendingPerson:
    id: int
    full_name: str
    cccd_masked: str
    gender: str
    birth_year: int
    department: str
    position: str
    registered_at: datetime


def pending_people(session: Session, actor: Actor, *, unit_id: int) -> list[PendingPerson]:
    """People of the unit waiting for approval, in official name order (masked numbers)."""
    require_manage_unit(actor, unit_id)
    rows = session.execute(
        select(
            _ACCOUNT.c.id,
            _ACCOUNT.c.full_name,
            _ACCOUNT.c.cccd,
            _ACCOUNT.c.gender,
            _ACCOUNT.c.birth_year,
            _ACCOUNT.c.department,
            _ACCOUNT.c.position,
            _ACCOUNT.c.created_at,
        ).where(_ACCOUNT.c.unit_id == unit_id, waiting())
    ).all()
    people = [
        PendingPerson(i, n, cccd_rules.mask(c), g, y, d, p, at) for i, n, c, g, y, d, p, at in rows
    ]
    return sorted(people, key=lambda p: name_sort_key(p.full_name))


def decide(
    session: Session,
    actor: Actor | None,
    *,
    unit_id: int,
    approve: bool,
    now: datetime,
    account_ids: list[int] | None = None,
) -> int:
    """Approve or reject pending people of the unit (those in `account_ids`, else all); commits.

    Only a pending account changes, in one UPDATE that names its old state, so two managers acting
    at once change each person once. A single person who is no longer pending gets a message
    saying what they are. `actor` None is the operator's command line. Returns how many changed.
    """
    with transaction(session):
        if actor is not None:
            require_manage_unit(actor, unit_id)
        query = (
            sa.update(_ACCOUNT)
            .where(_ACCOUNT.c.unit_id == unit_id, waiting())
            .values(membership=APPROVED if approve else REJECTED)
            .returning(_ACCOUNT.c.id)
        )
        if account_ids is not None:
            query = query.where(_ACCOUNT.c.id.in_(account_ids))
        changed = session.execute(query).scalars().all()
        if account_ids is not None and len(account_ids) == 1 and not changed:
            raise MembershipError(_not_pending(session, unit_id, account_ids[0]))
        action = "membership.approve" if approve else "membership.reject"
        for account_id in changed:
            record(
                session,
                action=action,
                at=now,
                actor_id=actor.id if actor else None,
                unit_id=unit_id,
                detail=f"account={account_id}",
            )
        if changed:
            touch(session, unit_id)
        return len(changed)


def _not_pending(session: Session, unit_id: int, account_id: int) -> str:
    account = session.get(Account, account_id)
    if account is None or account.unit_id != unit_id or account.role not in MEMBER_ROLES:
        return "Không tìm thấy người này trong đơn vị."
    if account.membership == APPROVED:
        return f"{account.full_name} đã được duyệt trước đó."
    if account.membership == REJECTED:
        return (
            f"{account.full_name} đã bị từ chối trước đó. Nếu người này thuộc đơn vị, hãy thêm họ "
            "vào danh sách nhân sự: danh sách sẽ xác nhận họ."
        )
    return f"Tài khoản của {account.full_name} đã đóng."


def approve_listed(session: Session, actor: Actor | None, *, unit_id: int, now: datetime) -> int:
    """The staff list vouches for everyone on it: pending or rejected accounts on the list become
    approved; part of the caller's transaction (the list's replacement)."""
    changed = (
        session.execute(
            sa.update(_ACCOUNT)
            .where(
                _ACCOUNT.c.unit_id == unit_id,
                _ACCOUNT.c.membership.in_((PENDING, REJECTED)),
                _ACCOUNT.c.role.in_(MEMBER_ROLES),
                listed(),
            )
            .values(membership=APPROVED)
            .returning(_ACCOUNT.c.id)
        )
        .scalars()
        .all()
    )
    for account_id in changed:
        record(
            session,
            action="membership.approve",
            at=now,
            actor_id=actor.id if actor else None,
            unit_id=unit_id,
            detail=f"account={account_id} by=staff_list",
        )
    return len(changed)


def membership_of(session: Session, actor: Actor) -> tuple[str, bool]:
    """The person's own state, and whether their unit counts them now."""
    row = session.execute(
        select(_ACCOUNT.c.membership, counted()).where(_ACCOUNT.c.id == actor.id)
    ).one()
    return row[0], bool(row[1])


# --- a number registered by someone else ---------------------------------------------------------


@dataclass(frozen=True)
class Report:
    id: int
    cccd_masked: str
    full_name: str
    phone: str
    email: str
    reported_at: datetime
    holder_id: int | None
    holder_name: str
    holder_in_unit: bool


def open_reports(session: Session, actor: Actor, *, unit_id: int) -> list[Report]:
    """Reports made to the unit that are not handled yet, oldest first."""
    require_manage_unit(actor, unit_id)
    rows = session.execute(
        select(MembershipReport, Account.id, Account.full_name, Account.unit_id)
        .outerjoin(Account, Account.cccd == MembershipReport.cccd)
        .where(MembershipReport.unit_id == unit_id, MembershipReport.status == OPEN)
        .order_by(MembershipReport.reported_at, MembershipReport.id)
    ).all()
    return [
        Report(
            r.id,
            cccd_rules.mask(r.cccd),
            r.full_name,
            r.phone,
            r.email,
            r.reported_at,
            holder_id,
            holder_name or "",
            holder_unit == unit_id,
        )
        for r, holder_id, holder_name, holder_unit in rows
    ]


def add_report(
    session: Session,
    *,
    unit_id: int,
    cccd: str,
    full_name: str,
    phone: str,
    email: str,
    now: datetime,
) -> None:
    """Store a report for the unit's managers, in the caller's transaction. The caller checked the
    values and the rate limits (see `cdht.db.accounts.report_taken_number`)."""
    session.add(
        MembershipReport(
            unit_id=unit_id,
            cccd=cccd,
            full_name=full_name,
            phone=phone,
            email=email,
            reported_at=now,
        )
    )
    record(
        session,
        action="membership.report",
        at=now,
        unit_id=unit_id,
        detail=f"cccd={cccd_rules.mask(cccd)}",
    )


def _open_report(session: Session, actor: Actor, report_id: int) -> MembershipReport:
    report = session.get(MembershipReport, report_id)
    if report is None:
        raise MembershipError("Không tìm thấy báo cáo này.")
    require_manage_unit(actor, report.unit_id)
    if report.status != OPEN:
        raise MembershipError("Báo cáo này đã được xử lý.")
    return report


def _close_report(
    session: Session, report: MembershipReport, actor: Actor, status: str, now: datetime
) -> None:
    done = session.execute(
        sa.update(MembershipReport.__table__)
        .where(
            MembershipReport.__table__.c.id == report.id,
            MembershipReport.__table__.c.status == OPEN,
        )
        .values(status=status, handled_by_id=actor.id, handled_at=now)
    ).rowcount
    if done != 1:
        raise MembershipError("Báo cáo này đã được xử lý.")


def dismiss_report(session: Session, actor: Actor, *, report_id: int, now: datetime) -> None:
    """The number stays with its account; commits."""
    with transaction(session):
        report = _open_report(session, actor, report_id)
        _close_report(session, report, actor, DISMISSED, now)
        record(
            session,
            action="membership.report_dismiss",
            at=now,
            actor_id=actor.id,
            unit_id=report.unit_id,
            detail=f"report={report.id}",
        )


def reassign_number(session: Session, actor: Actor, *, report_id: int, now: datetime) -> None:
    """Give the reported number back: the account holding it is closed (its sessions revoked, its
    number freed, its results left out of every figure and written to the audit log), so the
    person who reported it can sign up with it. Commits."""
    with transaction(session):
        report = _open_report(session, actor, report_id)
        holder = session.exec(select(Account).where(Account.cccd == report.cccd)).first()
        if holder is not None:
            if holder.unit_id != report.unit_id and not sees_every_unit(actor):
                raise PermissionDenied(
                    "Số CCCD này đang thuộc một tài khoản của đơn vị khác; hãy báo quản trị hệ thống."
                )
            require_manage_unit(actor, holder.unit_id)
            if not can_close_account(actor, account_id=holder.id, role=holder.role):
                raise PermissionDenied("Không thể đóng tài khoản này.")
            results = session.execute(
                select(Assessment.year, Assessment.total, Assessment.recognised)
                .where(Assessment.account_id == holder.id)
                .order_by(Assessment.year)
            ).all()
            kept = " ".join(f"{y}:{t}{'+' if ok else ''}" for y, t, ok in results)
            record(
                session,
                action="account.close",
                at=now,
                actor_id=actor.id,
                unit_id=holder.unit_id,
                detail=f"account={holder.id} name={holder.full_name} report={report.id} "
                f"results={kept or '-'}",
            )
            holder.cccd = f"C{holder.id:011d}"
            holder.password_hash = "!"  # matches no password
            holder.membership = CLOSED
            session.add(holder)
            revoke_all(session, holder.id, now=now)
            session.flush()
            touch(session, holder.unit_id)
        _close_report(session, report, actor, REASSIGNED, now)
        record(
            session,
            action="membership.reassign",
            at=now,
            actor_id=actor.id,
            unit_id=report.unit_id,
            detail=f"report={report.id}",
        )
