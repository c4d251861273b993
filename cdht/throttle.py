"""How long a login name is locked after repeated failures. Pure."""

from datetime import timedelta

FREE_FAILURES = 5
MAX_LOCK = timedelta(hours=1)


def lock_after(failures: int) -> timedelta | None:
    """No lock for the first few failures, then 1, 2, 4, 8 … minutes, at most an hour."""
    if failures < FREE_FAILURES:
        return None
    return min(timedelta(minutes=2 ** (failures - FREE_FAILURES)), MAX_LOCK)
