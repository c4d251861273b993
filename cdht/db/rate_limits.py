"""Counters of attempts per key in a fixed window, counted atomically in the database so that
parallel requests, and requests to other server processes, cannot slip past a limit."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from cdht.db.models import RateCounter, UTCDateTime

WINDOW = timedelta(hours=1)
_TABLE = RateCounter.__table__


def _insert(session: Session):
    dialect = session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(_TABLE)


def take(session: Session, key: str, *, limit: int, now: datetime) -> bool:
    """Count one attempt under `key` and commit it; False when the window already held `limit`.

    The row is created if missing, then one UPDATE … RETURNING adds one (or starts a new window),
    so two requests at once never read the same count."""
    session.execute(
        _insert(session)
        .values(key=key, window_start=now, count=0)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    stale = _TABLE.c.window_start <= now - WINDOW
    at = sa.bindparam("now", now, type_=UTCDateTime())
    count = session.execute(
        sa.update(_TABLE)
        .where(_TABLE.c.key == key)
        .values(
            count=sa.case((stale, 1), else_=_TABLE.c.count + 1),
            window_start=sa.case((stale, at), else_=_TABLE.c.window_start),
        )
        .returning(_TABLE.c.count)
    ).scalar_one()
    session.commit()
    return count <= limit


def give_back(session: Session, key: str) -> None:
    """Undo one counted attempt (it turned out not to be the kind the limit is for); part of the
    caller's transaction."""
    session.execute(
        sa.update(_TABLE)
        .where(_TABLE.c.key == key, _TABLE.c.count > 0)
        .values(count=_TABLE.c.count - 1)
    )
