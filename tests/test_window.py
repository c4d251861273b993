"""The assessment window: 1 January 00:00 to 31 October 23:59:59, Vietnam time (UTC+7, no DST).

Instants in other zones are written out by hand; the process time zone must not matter.
"""

import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from cdht.window import (
    Window,
    closes_at_once,
    default_window,
    local_date,
    local_year,
    window_refusal,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NY = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")

# (label, the same instant in Vietnam, UTC, New York, Tokyo, expected verdict)
# 2026-10-31: New York is on EDT (UTC-4); US DST ends 2026-11-01. 2025-12-31: EST (UTC-5).
CASES = [
    (
        "last second open",
        datetime(2026, 10, 31, 23, 59, 59, tzinfo=VN),
        datetime(2026, 10, 31, 16, 59, 59, tzinfo=UTC),
        datetime(2026, 10, 31, 12, 59, 59, tzinfo=NY),
        datetime(2026, 11, 1, 1, 59, 59, tzinfo=TOKYO),
        True,
    ),
    (
        "first second closed",
        datetime(2026, 11, 1, 0, 0, 0, tzinfo=VN),
        datetime(2026, 10, 31, 17, 0, 0, tzinfo=UTC),
        datetime(2026, 10, 31, 13, 0, 0, tzinfo=NY),
        datetime(2026, 11, 1, 2, 0, 0, tzinfo=TOKYO),
        False,
    ),
    (
        "first second open",
        datetime(2026, 1, 1, 0, 0, 0, tzinfo=VN),
        datetime(2025, 12, 31, 17, 0, 0, tzinfo=UTC),
        datetime(2025, 12, 31, 12, 0, 0, tzinfo=NY),
        datetime(2026, 1, 1, 2, 0, 0, tzinfo=TOKYO),
        True,
    ),
    (
        "last second before",
        datetime(2025, 12, 31, 23, 59, 59, tzinfo=VN),
        datetime(2025, 12, 31, 16, 59, 59, tzinfo=UTC),
        datetime(2025, 12, 31, 11, 59, 59, tzinfo=NY),
        datetime(2026, 1, 1, 1, 59, 59, tzinfo=TOKYO),
        False,
    ),
    (
        "mid June",
        datetime(2026, 6, 15, 10, 0, 0, tzinfo=VN),
        datetime(2026, 6, 15, 3, 0, 0, tzinfo=UTC),
        datetime(2026, 6, 14, 23, 0, 0, tzinfo=NY),
        datetime(2026, 6, 15, 12, 0, 0, tzinfo=TOKYO),
        True,
    ),
]
IDS = [c[0] for c in CASES]


@pytest.fixture
def window():
    return default_window(2026, (1, 1), (10, 31))


def test_default_window_dates(window):
    assert window == Window(date(2026, 1, 1), date(2026, 10, 31))
    assert window.opens_at == datetime(2026, 1, 1, 0, 0, tzinfo=VN)
    assert window.closes_at == datetime(2026, 11, 1, 0, 0, tzinfo=VN)
    assert window.closes_at == datetime(2026, 10, 31, 17, 0, tzinfo=UTC)


@pytest.mark.parametrize("label, vn, utc, ny, tokyo, expected", CASES, ids=IDS)
def test_hand_written_instants_are_the_same_instant(label, vn, utc, ny, tokyo, expected):
    """Checks the table above, with the standard library only."""
    assert vn == utc == ny == tokyo
    assert vn.timestamp() == utc.timestamp() == ny.timestamp() == tokyo.timestamp()


@pytest.mark.parametrize("label, vn, utc, ny, tokyo, expected", CASES, ids=IDS)
def test_verdict_in_every_zone(window, label, vn, utc, ny, tokyo, expected):
    assert window.is_open(vn) is expected
    assert window.is_open(utc) is expected
    assert window.is_open(ny) is expected
    assert window.is_open(tokyo) is expected


def test_local_year_and_date_use_vietnam_time():
    late_utc = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)  # 2027-01-01 00:30 in Vietnam
    assert local_year(late_utc) == 2027
    assert local_date(late_utc) == date(2027, 1, 1)
    just_before = datetime(2026, 12, 31, 16, 59, 59, tzinfo=UTC)  # 23:59:59 in Vietnam
    assert local_year(just_before) == 2026
    assert local_date(just_before) == date(2026, 12, 31)
    ny_evening = datetime(2026, 12, 31, 12, 30, tzinfo=NY)  # 17:30 UTC, 00:30 in Vietnam
    assert local_year(ny_evening) == 2027


def test_custom_window_one_day(window):
    one_day = Window(date(2026, 3, 8), date(2026, 3, 8))
    assert one_day.is_open(datetime(2026, 3, 8, 0, 0, tzinfo=VN))
    assert one_day.is_open(datetime(2026, 3, 8, 23, 59, 59, tzinfo=VN))
    assert not one_day.is_open(datetime(2026, 3, 9, 0, 0, tzinfo=VN))
    assert not one_day.is_open(datetime(2026, 3, 7, 16, 59, 59, tzinfo=UTC))
    assert one_day.is_open(datetime(2026, 3, 7, 17, 0, tzinfo=UTC))


def test_describe_is_vietnamese(window):
    text = window.describe()
    assert "01/01/2026" in text
    assert "31/10/2026" in text
    assert "Việt Nam" in text


def test_closed_says_not_yet_before_and_no_longer_after():
    spring = Window(date(2026, 3, 8), date(2026, 4, 30))
    before = spring.closed_reason(2026, datetime(2026, 3, 7, 23, 59, tzinfo=VN))
    assert before.startswith("Chưa đến thời hạn tự đánh giá năm 2026: đơn vị nhận phiếu từ ngày")
    after = spring.closed_reason(2026, datetime(2026, 5, 1, 0, 0, tzinfo=VN))
    assert after.startswith("Đã hết thời hạn tự đánh giá năm 2026, từ ngày 08/03/2026")
    assert after.endswith("(giờ Việt Nam). Không gửi được phiếu nữa.")


@pytest.fixture
def los_angeles_process(monkeypatch):
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_process_time_zone_does_not_change_the_verdict(los_angeles_process, window):
    # The zone really changed: Los Angeles is 7 or 8 hours behind UTC, Vietnam 7 ahead.
    assert time.localtime(0).tm_gmtoff == -8 * 3600
    for _label, vn, utc, ny, tokyo, expected in CASES:
        for moment in (vn, utc, ny, tokyo):
            assert window.is_open(moment) is expected
        # The same instant as the process's own local time (aware, Los Angeles).
        local = datetime.fromtimestamp(utc.timestamp()).astimezone()
        assert local.utcoffset() != vn.utcoffset()
        assert window.is_open(local) is expected
    assert window.opens_at == datetime(2025, 12, 31, 17, 0, tzinfo=UTC)
    assert window.closes_at == datetime(2026, 10, 31, 17, 0, tzinfo=UTC)
    assert local_year(datetime(2026, 12, 31, 17, 30, tzinfo=UTC)) == 2027
    assert (
        local_year(
            datetime.fromtimestamp(
                datetime(2026, 12, 31, 17, 30, tzinfo=UTC).timestamp()
            ).astimezone()
        )
        == 2027
    )


def test_a_new_window_that_ends_one_open_now_is_told_apart():
    now = datetime(2026, 12, 3, 4, 0, tzinfo=UTC)  # 11:00 in Vietnam
    all_year = Window(date(2026, 1, 1), date(2026, 12, 31))
    assert closes_at_once(all_year, Window(date(2026, 1, 1), date(2026, 12, 1)), now)  # 01/12 typo
    assert closes_at_once(all_year, Window(date(2026, 12, 4), date(2026, 12, 31)), now)  # not yet
    assert not closes_at_once(all_year, Window(date(2026, 1, 1), date(2026, 12, 3)), now)  # tonight
    closed = Window(date(2026, 1, 1), date(2026, 10, 31))
    assert not closes_at_once(closed, Window(date(2026, 1, 1), date(2026, 11, 30)), now)


def test_a_window_lies_in_its_year_and_opens_before_it_closes():
    assert window_refusal(2026, date(2026, 1, 1), date(2026, 12, 31)) is None
    assert window_refusal(2026, date(2026, 5, 5), date(2026, 5, 5)) is None
    assert "trong năm 2026" in window_refusal(2026, date(2025, 12, 1), date(2026, 1, 31))
    assert "trong năm 2026" in window_refusal(2026, date(2026, 12, 1), date(2027, 1, 31))
    assert "Ngày mở phải trước" in window_refusal(2026, date(2026, 6, 2), date(2026, 6, 1))
