"""The lock schedule after failed logins."""

from datetime import timedelta

from cdht.throttle import lock_after


def test_first_failures_free_then_doubling_capped_at_an_hour():
    assert [lock_after(n) for n in range(5)] == [None] * 5
    assert [lock_after(n) for n in (5, 6, 7, 8)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert lock_after(11) == timedelta(hours=1)
    assert lock_after(40) == timedelta(hours=1)
