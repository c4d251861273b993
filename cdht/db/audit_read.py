"""Reading the audit log: administrators only, newest first, filtered."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from cdht.cccd import mask
from cdht.db.models import Account, AuditEvent, Unit
from cdht.roles import Actor, require_admin
from cdht.window import VN_TZ


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    action: str  # the code; its Vietnamese name: cdht/ui/audit_labels.py
    who: str
    unit: str
    detail: str
    client: str


def audit_events(
    session: Session,
    actor: Actor,
    *,
    action: str | None = None,
    unit_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 500,
) -> list[AuditRow]:
    """The newest events first; `since` and `until` are days in Vietnam time, both included."""
    require_admin(actor)
    who = aliased(Account)
    query = (
        select(AuditEvent, who.full_name, who.cccd, Unit.name)
        .outerjoin(who, who.id == AuditEvent.actor_id)
        .outerjoin(Unit, Unit.id == AuditEvent.unit_id)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(limit)
    )
    if action:
        query = query.where(AuditEvent.action == action)
    if unit_id is not None:
        query = query.where(AuditEvent.unit_id == unit_id)
    if since is not None:
        query = query.where(AuditEvent.at >= datetime.combine(since, time(), VN_TZ))
    if until is not None:
        query = query.where(
            AuditEvent.at < datetime.combine(until + timedelta(days=1), time(), VN_TZ)
        )
    return [
        AuditRow(
            at=event.at,
            action=event.action,
            who=f"{name} ({mask(number)})" if name else "",
            unit=unit or "",
            detail=event.detail,
            client=event.client,
        )
        for event, name, number, unit in session.exec(query).all()
    ]
