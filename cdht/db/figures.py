"""Dashboard figures kept between page runs and between people, per unit and year.

Every write that changes what a unit's dashboard shows (a submission, a registration, a staff
list, a correction, an erasure, new unit settings) gives the unit a new random `figures_stamp` in
the same transaction. A cached figure is keyed by the database, the unit (or the set of units of a
roll-up), the year and the stamps it was computed under, so a page reads one short row to know
whether its figures are still true, in this process or after a write on another server.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import ColumnElement, bindparam
from sqlmodel import Session, select, update

from cdht.db.models import Unit, new_stamp

T = TypeVar("T")
SIZE = 2048


class _Lru:
    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> object | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


_cache = _Lru(SIZE)


# A plain UPDATE built once: no ORM bookkeeping on the hot submit path.
_TOUCH = (
    update(Unit.__table__)
    .where(Unit.__table__.c.id == bindparam("unit_id"))
    .values(figures_stamp=bindparam("stamp"))
)


def touch(session: Session, unit_id: int) -> None:
    """Mark the unit's figures as changed; part of the caller's transaction."""
    session.connection().execute(_TOUCH, {"unit_id": unit_id, "stamp": new_stamp()})


def cached(session: Session, name: str, units: ColumnElement[bool] | None, year: int,
           compute: Callable[[], T]) -> T:  # fmt: skip
    """`compute()`, or the value it gave under the same stamps of the units `units` selects
    (every unit: None). The caller checks the actor's rights first: the value is the same for
    everyone allowed to see it, and must not be changed by whoever receives it.
    """
    query = select(Unit.id, Unit.figures_stamp).order_by(Unit.id)
    if units is not None:
        query = query.where(units)
    stamps = tuple(session.exec(query).all())
    key = (str(session.get_bind().url), name, year, stamps)
    value = _cache.get(key)
    if value is None:
        value = compute()
        _cache.put(key, value)
    return value
