"""Numbers in Vietnamese: decimal comma, a dot between thousands, halves rounded up."""

import pytest

from cdht.evidence import megabytes
from cdht.gauge import CUT_NOTE, cut_percent, percent_vi
from cdht.images import megapixels
from cdht.numbers import number_vi


@pytest.mark.parametrize(
    ("value", "decimals", "trim", "expected"),
    [
        (87.5, 1, False, "87,5"),
        (50, 1, False, "50,0"),
        (1234567.891, 1, False, "1.234.567,9"),
        (20000, 0, False, "20.000"),
        (999, 0, False, "999"),
        (2.45, 1, False, "2,5"),
        (0.25, 1, False, "0,3"),
        (2.5, 0, False, "3"),
        (-3.25, 1, False, "-3,3"),
        (12.0, 1, True, "12"),
        (12.5, 1, True, "12,5"),
        (1440.04, 1, True, "1.440"),
        (0, 1, True, "0"),
    ],
)
def test_number_vi(value: float, decimals: int, trim: bool, expected: str) -> None:
    assert number_vi(value, decimals, trim=trim) == expected


def test_every_number_of_the_app_is_written_the_same_way() -> None:
    assert percent_vi(87.5) == "87,5 %"
    assert percent_vi(99.95) == "100,0 %"  # a share is cut before it is written (cut_percent)
    assert megabytes(1024 * 1024 * 1200) == "1,2 GB"
    assert megabytes(1024 * 1024 * 1000) == "1.000 MB"
    assert megabytes(3) == "0,1 MB"
    assert megapixels(12_500_000) == "12,5"
    assert megapixels(144_000_000) == "144"
    assert megapixels(1_500_000_000) == "1.500"


def test_the_note_on_cut_shares_gives_an_example_the_code_writes() -> None:
    example = f"45/68 người là {percent_vi(cut_percent(45, 68))}"
    assert example == "45/68 người là 66,1 %"  # 66.18 %: cut, not rounded to 66,2
    assert example in CUT_NOTE
    assert cut_percent(8995, 10000) == 89.9  # never shown at a 90 % threshold not reached
