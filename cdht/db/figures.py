"""Dashboard figures kept between page runs and between people, per unit and year.

Every write that changes what a unit's dashboard shows (a submission, a registration, a staff
list, a correction, an erasure, new unit settings) gives the unit a new random `figures_stamp` in
the same transaction. A cached figure is keyed by the database, the unit (or the set of units of a
roll-up), the year and the stamps it was computed under, so a page reads one short row to know
whether its figures are still true, in this process or after a write on another server.
"""

import threading
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

from cachetools import LRUCache
from sqlalchemy import ColumnElement, bindparam
from sqlmodel import Session, select, update

from cdht.db.models import Unit, new_stamp

T = TypeVar("T")
SIZE = 20_000  # values: one unit's figures, or a roll-up's tuple of them
MAX_LISTED = 500  # units named one by one in a recomputation; more: all of them


# Least recently used values go first; cachetools' caches are not thread-safe, hence the lock.
_cache: LRUCache[Hashable, object] = LRUCache(maxsize=SIZE)
_lock = threading.Lock()


def _get(key: Hashable) -> object | None:
    with _lock:
        return _cache.get(key)


def _put(key: Hashable, value: object) -> None:
    with _lock:
        _cache[key] = value


# A plain UPDATE built once: no ORM bookkeeping on the hot submit path.
_TOUCH = (
    update(Unit.__table__)
    .where(Unit.__table__.c.id == bindparam("unit_id"))
    .values(figures_stamp=bindparam("stamp"))
)


def touch(session: Session, unit_id: int) -> None:
    """Mark the unit's figures as changed; part of the caller's transaction."""
    session.connection().execute(_TOUCH, {"unit_id": unit_id, "stamp": new_stamp()})


def _stamps(session: Session, units: ColumnElement[bool] | None) -> tuple[tuple[int, str], ...]:
    query = select(Unit.id, Unit.figures_stamp).order_by(Unit.id)
    if units is not None:
        query = query.where(units)
    return tuple(session.exec(query).all())


def cached(
    session: Session,
    name: str,
    units: ColumnElement[bool] | None,
    year: int,
    compute: Callable[[], T],
) -> T:
    """`compute()`, or the value it gave under the same stamps of the units `units` selects
    (every unit: None). The caller checks the actor's rights first: the value is the same for
    everyone allowed to see it, and must not be changed by whoever receives it.
    """
    key = (str(session.get_bind().url), name, year, _stamps(session, units))
    value = _get(key)
    if value is None:
        value = compute()
        _put(key, value)
    return value


def cached_per_unit(
    session: Session,
    name: str,
    units: ColumnElement[bool] | None,
    year: int,
    compute: Callable[[list[int] | None], Mapping[int, T]],
    order: Callable[[T], Any],
) -> tuple[T, ...]:
    """One value per unit that `units` selects, sorted by `order`, like `cached`; after a write
    only the units whose stamps changed are computed again: `compute(ids)` returns the values of
    those units (ids None: of every selected unit, when too many changed to list them).
    """
    db = str(session.get_bind().url)
    stamps = _stamps(session, units)
    whole = (db, name, year, stamps)
    value = _get(whole)
    if value is None:
        parts = {unit: _get((db, name, year, unit, stamp)) for unit, stamp in stamps}
        stale = [unit for unit, part in parts.items() if part is None]
        if stale:
            fresh = compute(stale if len(stale) <= MAX_LISTED else None)
            for unit, stamp in stamps:
                if parts[unit] is None and unit in fresh:  # (not: removed meanwhile)
                    parts[unit] = fresh[unit]
                    _put((db, name, year, unit, stamp), parts[unit])
        value = tuple(sorted((p for p in parts.values() if p is not None), key=order))
        _put(whole, value)
    return value
