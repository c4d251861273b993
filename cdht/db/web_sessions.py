"""Server-side login sessions: started at login, carried to the browser as an HttpOnly cookie,
resumed on refresh or in a new tab, expired when idle, revoked at logout or password change,
listed for their owner, who may end any of them."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam
from sqlmodel import Session, select, update

from cdht.db.actors import actor_for
from cdht.db.models import Account, WebSession
from cdht.db.transaction import transaction
from cdht.roles import Actor

IDLE_TIMEOUT = timedelta(minutes=30)  # the default of CDHT_SESSION_IDLE_MINUTES
MAX_AGE = timedelta(hours=12)
HANDOFF_TTL = timedelta(minutes=2)
TOUCH_EVERY = timedelta(minutes=5)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    session: Session, actor: Actor, *, now: datetime, user_agent: str = "", client: str = ""
) -> tuple[int, str]:
    """A new session for a person who just logged in: its id and a one-time handoff token.
    `user_agent` and `client` (the browser's description, its address) are kept to show the
    person their sessions."""
    with transaction(session):
        handoff = secrets.token_urlsafe(32)
        row = WebSession(
            account_id=actor.id,
            handoff_hash=_hash(handoff),
            handoff_expires_at=now + HANDOFF_TTL,
            created_at=now,
            last_seen_at=now,
            user_agent=user_agent[:200],
            client=client[:64],
        )
        session.add(row)
        session.flush()
        return row.id, handoff


def redeem_handoff(session: Session, handoff: str, *, now: datetime) -> str | None:
    """Swap a fresh handoff token (once) for the cookie token; None if unknown or stale."""
    with transaction(session):
        row = session.exec(
            select(WebSession).where(WebSession.handoff_hash == _hash(handoff))
        ).first()
        if row is None or row.revoked_at or row.handoff_expires_at <= now:
            return None
        token = secrets.token_urlsafe(32)
        row.token_hash, row.handoff_hash, row.handoff_expires_at = _hash(token), None, None
        session.add(row)
        return token


def token_account(session: Session, token: str) -> int | None:
    """The account a cookie token belongs to (to name it in the browser's device cookie)."""
    row = session.exec(select(WebSession).where(WebSession.token_hash == _hash(token))).first()
    return row.account_id if row else None


def _live(row: WebSession | None, now: datetime, idle: timedelta) -> bool:
    return (
        row is not None
        and row.revoked_at is None
        and row.last_seen_at + idle > now
        and row.created_at + MAX_AGE > now
    )


def resume_session(
    session: Session, token: str, *, now: datetime, idle: timedelta = IDLE_TIMEOUT
) -> tuple[int, Actor] | None:
    """The session id and person for a cookie token, if the session is still live (revoked,
    idle for `idle`, older than MAX_AGE: not)."""
    with transaction(session):
        if not token:
            return None
        row = session.exec(select(WebSession).where(WebSession.token_hash == _hash(token))).first()
        if not _live(row, now, idle):
            return None
        account = session.get(Account, row.account_id)
        row.last_seen_at = now
        session.add(row)
        return row.id, actor_for(account)


# Built once (its SQL is compiled once and cached): every click asks it.
_LAST_SEEN = select(WebSession.last_seen_at).where(
    WebSession.id == bindparam("session_id"),
    WebSession.revoked_at.is_(None),
    WebSession.last_seen_at > bindparam("seen_after"),
    WebSession.created_at > bindparam("made_after"),
)


def still_live(
    session: Session, session_id: int, *, now: datetime, idle: timedelta = IDLE_TIMEOUT
) -> bool:
    """Whether a session may go on; refreshes its idle clock now and then. It runs on every click:
    one narrow read, and a write only when the clock is refreshed."""
    with transaction(session):
        last_seen = session.execute(
            _LAST_SEEN,
            {"session_id": session_id, "seen_after": now - idle, "made_after": now - MAX_AGE},
        ).scalar()
        if last_seen is None:
            return False
        if now - last_seen > TOUCH_EVERY:
            session.exec(
                update(WebSession).where(WebSession.id == session_id).values(last_seen_at=now)
            )
        return True


def revoke_session(session: Session, session_id: int, *, now: datetime) -> None:
    with transaction(session):
        session.exec(
            update(WebSession)
            .where(WebSession.id == session_id, WebSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )


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


@dataclass(frozen=True)
class SessionInfo:
    """One of a person's live login sessions, as listed to them."""

    id: int
    created_at: datetime
    last_seen_at: datetime
    user_agent: str
    client: str


def my_sessions(
    session: Session, actor: Actor, *, now: datetime, idle: timedelta = IDLE_TIMEOUT
) -> list[SessionInfo]:
    """The person's own live sessions, the most recently used first."""
    rows = session.exec(
        select(WebSession)
        .where(
            WebSession.account_id == actor.id,
            WebSession.revoked_at.is_(None),
            WebSession.last_seen_at > now - idle,
            WebSession.created_at > now - MAX_AGE,
        )
        .order_by(WebSession.last_seen_at.desc(), WebSession.id.desc())
    ).all()
    return [SessionInfo(r.id, r.created_at, r.last_seen_at, r.user_agent, r.client) for r in rows]


def end_session(session: Session, actor: Actor, *, session_id: int, now: datetime) -> bool:
    """End one of the person's own sessions (any browser); False if it is not theirs or already
    ended. Commits."""
    with transaction(session):
        ended = session.exec(
            update(WebSession)
            .where(
                WebSession.id == session_id,
                WebSession.account_id == actor.id,
                WebSession.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        ).rowcount
        return ended == 1
