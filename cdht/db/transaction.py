"""The one way a user action ends its unit of work (see "Transactions" in docs/ARCHITECTURE.md)."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlmodel import Session

_OPEN = "cdht.transaction"


@contextmanager
def transaction(session: Session) -> Iterator[Session]:
    """The transaction of one user action: commits when the block ends, rolls back and re-raises
    when anything in it raises, so a failed action leaves nothing stored half-way.

    A block opened inside another on the same session (an action that is a step of a larger one,
    such as `create_unit` within the first-run set-up) joins the outer block: only the outermost
    commits or rolls back.
    """
    if session.info.get(_OPEN):
        yield session
        return
    session.info[_OPEN] = True
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        del session.info[_OPEN]
