"""Counters of attempts, counted atomically in the database so that parallel requests, and
requests to other server processes, cannot slip past a limit.

`take`/`count`: attempts per key in a fixed window (sign-ups per address and unit, logins per
address and per device cookie). `strike`: a login name's failures with a growing lock
(`cdht.throttle`), counted before the password is checked."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from cdht.db.dialects import dialect_insert
from cdht.db.models import LoginThrottle, RateCounter, UTCDateTime
from cdht.throttle import DECAY, FREE_FAILURES, MAX_LOCK, lock_steps

WINDOW = timedelta(hours=1)
_TABLE = RateCounter.__table__
_LOGINS = LoginThrottle.__table__


def _instant(value: datetime) -> sa.BindParameter:
    return sa.bindparam(None, value, type_=UTCDateTime())


@dataclass(frozen=True)
class Window:
    """Attempts counted under a key in its current window (the one just counted included)."""

    count: int
    ends: datetime


def count(session: Session, key: str, *, now: datetime) -> Window:
    """Count one attempt under `key` and commit it.

    The row is created if missing, then one UPDATE … RETURNING adds one (or starts a new window),
    so two requests at once never read the same count."""
    session.execute(
        dialect_insert(session, _TABLE)
        .values(key=key, window_start=now, count=0)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    stale = _TABLE.c.window_start <= now - WINDOW
    at = _instant(now)
    counted, start = session.execute(
        sa.update(_TABLE)
        .where(_TABLE.c.key == key)
        .values(
            count=sa.case((stale, 1), else_=_TABLE.c.count + 1),
            window_start=sa.case((stale, at), else_=_TABLE.c.window_start),
        )
        .returning(_TABLE.c.count, _TABLE.c.window_start)
    ).one()
    session.commit()
    return Window(counted, start + WINDOW)


def take(session: Session, key: str, *, limit: int, now: datetime) -> bool:
    """Count one attempt under `key` and commit it; False when the window already held `limit`."""
    return count(session, key, now=now).count <= limit


def give_back(session: Session, key: str) -> None:
    """Undo one counted attempt (it turned out not to be the kind the limit is for); part of the
    caller's transaction."""
    session.execute(
        sa.update(_TABLE)
        .where(_TABLE.c.key == key, _TABLE.c.count > 0)
        .values(count=_TABLE.c.count - 1)
    )


def clear(session: Session, key: str) -> None:
    """Forget the attempts under `key`; part of the caller's transaction."""
    session.execute(sa.delete(_TABLE).where(_TABLE.c.key == key))


@dataclass(frozen=True)
class Strike:
    """One login attempt counted against a login name: let through to the password check
    (`allowed`, and then `failures` counts it) or refused while `locked_until`."""

    allowed: bool
    failures: int
    locked_until: datetime | None


def strike(session: Session, login: str, *, now: datetime) -> Strike:
    """Count an attempt on a login name as a failure before its password is checked; commit.

    One conditional UPDATE … RETURNING counts it and sets the lock this count would earn, so a
    correct password must undo it (`forgive`) and parallel attempts past the free ones find the
    name locked. A locked name counts the attempt as refused instead. After `DECAY` without a
    failure the counts restart."""
    t = _LOGINS.c
    session.execute(
        dialect_insert(session, _LOGINS)
        .values(login=login, failures=0, refused=0)
        .on_conflict_do_nothing(index_elements=["login"])
    )
    at = _instant(now)
    stale = sa.or_(t.last_failure_at.is_(None), t.last_failure_at <= now - DECAY)
    failures = sa.case((stale, 1), else_=t.failures + 1)
    lock = sa.case(
        (failures < FREE_FAILURES, sa.null()),
        *((failures == n, _instant(now + pause)) for n, pause in lock_steps().items()),
        else_=_instant(now + MAX_LOCK),
    )
    row = session.execute(
        sa.update(_LOGINS)
        .where(t.login == login, sa.or_(stale, t.locked_until.is_(None), t.locked_until <= at))
        .values(
            failures=failures,
            refused=sa.case((stale, 0), else_=t.refused),
            last_failure_at=at,
            locked_until=lock,
            locked_at=sa.case(
                (failures < FREE_FAILURES, sa.null()),
                else_=sa.func.coalesce(sa.case((stale, sa.null()), else_=t.locked_at), at),
            ),
        )
        .returning(t.failures, t.locked_until)
    ).first()
    allowed = row is not None
    if not allowed:
        row = session.execute(
            sa.update(_LOGINS)
            .where(t.login == login)
            .values(refused=t.refused + 1)
            .returning(t.failures, t.locked_until)
        ).one()
    session.commit()
    return Strike(allowed, *row)


@dataclass(frozen=True)
class Forgiven:
    """A login name's counts when a correct password cleared them."""

    failures: int
    refused: int
    locked_at: datetime | None


def forgive(session: Session, login: str) -> Forgiven | None:
    """Clear a login name's counts after a correct password; part of the caller's transaction."""
    row = session.execute(
        sa.delete(_LOGINS)
        .where(_LOGINS.c.login == login)
        .returning(_LOGINS.c.failures, _LOGINS.c.refused, _LOGINS.c.locked_at)
    ).first()
    return None if row is None else Forgiven(*row)


def prune(session: Session, *, now: datetime) -> int:
    """Delete counters that no longer hold anything back: windows over, login names without a
    failure for `DECAY` and no lock running. Part of the caller's transaction; returns how many."""
    t = _LOGINS.c
    windows = session.execute(sa.delete(_TABLE).where(_TABLE.c.window_start <= now - WINDOW))
    names = session.execute(
        sa.delete(_LOGINS).where(
            sa.or_(t.last_failure_at.is_(None), t.last_failure_at <= now - DECAY),
            sa.or_(t.locked_until.is_(None), t.locked_until <= _instant(now)),
        )
    )
    return windows.rowcount + names.rowcount
