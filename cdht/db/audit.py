"""Writing the audit log."""

from datetime import datetime

from sqlmodel import Session

from cdht.db.models import AuditEvent

# The unit of work carries where its request came from: `session.info[CLIENT]`, set by the
# web layer when it opens the session (cdht/ui/state.py), empty for the command line.
CLIENT = "client"


def record(
    session: Session,
    *,
    action: str,
    at: datetime,
    actor_id: int | None = None,
    unit_id: int | None = None,
    detail: str = "",
) -> None:
    """Add an event to the session; it is written with the caller's commit."""
    session.add(
        AuditEvent(
            at=at,
            actor_id=actor_id,
            action=action,
            unit_id=unit_id,
            detail=detail[:500],
            client=str(session.info.get(CLIENT) or "")[:64],
        )
    )
