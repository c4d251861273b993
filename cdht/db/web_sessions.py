"""Server-side login sessions: started at login, carried to the browser as an HttpOnly cookie,
resumed on refresh or in a new tab, expired when idle, revoked at logout or password change."""

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, select, update

from cdht.db.actors import actor_for
from cdht.db.models import Account, WebSession
from cdht.roles import Actor

IDLE_TIMEOUT = timedelta(hours=2)
MAX_AGE = timedelta(hours=12)
HANDOFF_TTL = timedelta(minutes=2)
TOUCH_EVERY = timedelta(minutes=5)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, actor: Actor, *, now: datetime) -> tuple[int, str]:
    """A new session for a person who just logged in: its id and a one-time handoff token."""
    handoff = secrets.token_urlsafe(32)
    row = WebSession(
        account_id=actor.id,
        handoff_hash=_hash(handoff),
        handoff_expires_at=now + HANDOFF_TTL,
        created_at=now,
        last_seen_at=now,
    )
    session.add(row)
    session.commit()
    return row.id, handoff


def redeem_handoff(session: Session, handoff: str, *, now: datetime) -> str | None:
    """Swap a fresh handoff token (once) for the cookie token; None if unknown or stale."""
    row = session.exec(select(WebSession).where(WebSession.handoff_hash == _hash(handoff))).first()
    if row is None or row.revoked_at or row.handoff_expires_at <= now:
        return None
    token = secrets.token_urlsafe(32)
    row.token_hash, row.handoff_hash, row.handoff_expires_at = _hash(token), None, None
    session.add(row)
    session.commit()
    return token


def _live(row: WebSession | None, now: datetime) -> bool:
    return (
        row is not None
        and row.revoked_at is None
        and row.last_seen_at + IDLE_TIMEOUT > now
        and row.created_at + MAX_AGE > now
    )


def resume_session(session: Session, token: str, *, now: datetime) -> tuple[int, Actor] | None:
    """The session id and person for a cookie token, if the session is still live."""
    if not token:
        return None
    row = session.exec(select(WebSession).where(WebSession.token_hash == _hash(token))).first()
    if not _live(row, now):
        return None
    account = session.get(Account, row.account_id)
    row.last_seen_at = now
    session.add(row)
    session.commit()
    return row.id, actor_for(account)


def still_live(session: Session, session_id: int, *, now: datetime) -> bool:
    """Whether a session may go on; refreshes its idle clock now and then."""
    row = session.get(WebSession, session_id)
    if not _live(row, now):
        return False
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
        session.add(row)
        session.commit()
    return True


def revoke_session(session: Session, session_id: int, *, now: datetime) -> None:
    session.exec(
        update(WebSession)
        .where(WebSession.id == session_id, WebSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    session.commit()


def revoke_all(
    session: Session, account_id: int, *, now: datetime, keep: int | None = None
) -> None:
    """End every session of an account (but `keep`): after a password change or reset.

    Part of the caller's transaction: the caller commits."""
    query = update(WebSession).where(
        WebSession.account_id == account_id, WebSession.revoked_at.is_(None)
    )
    if keep is not None:
        query = query.where(WebSession.id != keep)
    session.exec(query.values(revoked_at=now))
