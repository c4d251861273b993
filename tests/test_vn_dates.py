"""Dates typed day first (cdht/vn_dates.py): the accepted shapes, and a Vietnamese message for a
malformed text, a day the month does not have and a day out of range."""

from datetime import date

import pytest

from cdht.vn_dates import MALFORMED, DateError, format_vn_date, parse_vn_date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05/02/2026", date(2026, 2, 5)),
        ("5/2/2026", date(2026, 2, 5)),
        (" 31-10-2026 ", date(2026, 10, 31)),
        ("31.12.2026", date(2026, 12, 31)),
        ("29 / 02 / 2028", date(2028, 2, 29)),
        ("", None),
        ("   ", None),
    ],
)
def test_accepted_dates(raw, expected):
    assert parse_vn_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("31/02/2026", "Tháng 2 năm 2026 chỉ có 28 ngày, không có ngày 31."),
        ("29/02/2026", "Tháng 2 năm 2026 chỉ có 28 ngày, không có ngày 29."),
        ("31/04/2026", "Tháng 4 năm 2026 chỉ có 30 ngày, không có ngày 31."),
        ("00/01/2026", "Ngày phải từ 1 đến 31 (00/01/2026)."),
        ("12/13/2026", "Tháng phải từ 1 đến 12 (12/13/2026)."),
        ("01/01/0026", "Năm phải từ 1900 trở đi (01/01/0026)."),
        # Every part that is wrong is told at once, not the first one only.
        ("32/13/2026", "Ngày phải từ 1 đến 31, tháng phải từ 1 đến 12 (32/13/2026)."),
        ("0/0/1800", "Ngày phải từ 1 đến 31, tháng phải từ 1 đến 12, năm phải từ 1900 trở đi"),
        ("2026-02-05", MALFORMED),  # year first is not the Vietnamese order
        ("05/02/26", MALFORMED),
        ("5 tháng 2", MALFORMED),
        ("05/02/2026 abc", MALFORMED),
        ("December 5, 2026", MALFORMED),
        ("٠٥/٠٢/٢٠٢٦", MALFORMED),  # digits of another script
    ],
)
def test_refused_dates_say_why(raw, message):
    with pytest.raises(DateError) as refused:
        parse_vn_date(raw)
    assert message in str(refused.value)


def test_range_bounds():
    low, high = date(2026, 1, 1), date(2026, 12, 31)
    assert parse_vn_date("01/01/2026", earliest=low, latest=high) == low
    assert parse_vn_date("31/12/2026", earliest=low, latest=high) == high
    with pytest.raises(DateError, match=r"^Ngày phải từ 01/01/2026 đến 31/12/2026\.$"):
        parse_vn_date("01/01/2027", earliest=low, latest=high)
    with pytest.raises(DateError, match=r"^Ngày phải từ 01/01/2026 trở đi\.$"):
        parse_vn_date("31/12/2025", earliest=low)
    with pytest.raises(DateError, match=r"^Ngày phải đến 31/12/2026\.$"):
        parse_vn_date("01/01/2027", latest=high)


def test_a_formatted_date_reads_back():
    day = date(2026, 2, 5)
    assert format_vn_date(day) == "05/02/2026"
    assert parse_vn_date(format_vn_date(day)) == day
