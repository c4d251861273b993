"""The unit's list as .xlsx: text stays text, nothing becomes a formula, dates in Vietnam time."""

import io
import re
import zipfile
from datetime import UTC, datetime

import openpyxl
import pytest

from cdht.criteria import RecognitionRule
from cdht.roster import RosterRow, roster_xlsx, shortfall

HEADER_NAME = "Họ và tên"


def row(full_name, cccd="051090000001", **overrides):
    values = dict(
        full_name=full_name,
        cccd=cccd,
        gender="Nam",
        birth_year=1990,
        department="Văn phòng",
        position="Chuyên viên",
        group="III",
        comp_points=(30, 32, 18),
        total=80,
        recognised=True,
        submitted_at=datetime(2026, 6, 15, 3, 0, tzinfo=UTC),
    )
    values.update(overrides)
    return RosterRow(**values)


def open_sheet(data):
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return wb.worksheets[0]


def table(ws):
    """(header cells, data rows as lists of cells), found by the header's 'Họ và tên'."""
    rows = list(ws.iter_rows())
    for n, cells in enumerate(rows):
        if any(c.value == HEADER_NAME for c in cells):
            header = [c.value for c in cells]
            body = [r for r in rows[n + 1 :] if any(c.value is not None for c in r)]
            return header, body
    raise AssertionError("no header row")


def column(header, label):
    return header.index(label)


def sheet_xml(data):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = [n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        assert names
        return "".join(z.read(n).decode("utf-8") for n in names)


def test_header_row():
    header, body = table(
        open_sheet(roster_xlsx([row("Nguyễn Văn An")], unit_name="Đơn vị", year=2026))
    )
    for label in ("Họ và tên", "Số CCCD", "Tổng điểm", "Kết quả"):
        assert label in header
    assert len(body) == 1


def test_title_names_the_year_and_unit():
    ws = open_sheet(roster_xlsx([], unit_name="Ban Dân tộc tỉnh Quảng Ngãi", year=2026))
    texts = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    assert any("2026" in t for t in texts)
    assert "Ban Dân tộc tỉnh Quảng Ngãi" in texts


def test_cccd_keeps_leading_zeros_as_text():
    data = roster_xlsx([row("Nguyễn Văn An", cccd="001090000123")], unit_name="Đơn vị", year=2026)
    header, body = table(open_sheet(data))
    cell = body[0][column(header, "Số CCCD")]
    assert cell.value == "001090000123"
    assert cell.data_type == "s"


@pytest.mark.parametrize(
    "typed", ["=1+1", "+SUM(A1)", "@cmd", "-1+2", '=HYPERLINK("http://x","y")']
)
def test_formula_like_text_stays_text(typed):
    data = roster_xlsx(
        [row("Nguyễn Văn An", department=typed, position=typed)], unit_name=typed, year=2026
    )
    ws = open_sheet(data)
    header, body = table(ws)
    for label in ("Phòng/ban", "Chức vụ"):
        cell = body[0][column(header, label)]
        assert cell.value == typed
        assert cell.data_type == "s"
        assert cell.quotePrefix
    texts = [c.value for r in ws.iter_rows() for c in r]
    assert typed in texts  # the unit name too
    xml = sheet_xml(data)
    assert not re.search(r"<(\w+:)?f[\s>/]", xml), "a formula element was written"


def test_name_that_looks_like_a_formula_stays_text():
    data = roster_xlsx([row("=cmd|' /C calc'!A0")], unit_name="Đơn vị", year=2026)
    header, body = table(open_sheet(data))
    cell = body[0][column(header, HEADER_NAME)]
    assert cell.value == "=cmd|' /C calc'!A0"
    assert cell.data_type == "s"
    assert not re.search(r"<(\w+:)?f[\s>/]", sheet_xml(data))


def test_submitted_at_is_a_date_in_vietnam_time():
    # 2026-06-15 17:30 UTC is 2026-06-16 00:30 in Vietnam: the day changes too.
    moment = datetime(2026, 6, 15, 17, 30, tzinfo=UTC)
    data = roster_xlsx([row("Nguyễn Văn An", submitted_at=moment)], unit_name="Đơn vị", year=2026)
    header, body = table(open_sheet(data))
    cell = body[0][column(header, "Ngày gửi phiếu")]
    assert cell.is_date
    assert cell.value == datetime(2026, 6, 16, 0, 30)


def test_numbers_and_result():
    rows = [
        row("Nguyễn Văn An", comp_points=(40, 40, 20), total=100, recognised=True),
        row(
            "Lê Thị Bình", cccd="051190000002", comp_points=(30, 30, 19), total=79, recognised=False
        ),
    ]
    header, body = table(open_sheet(roster_xlsx(rows, unit_name="Đơn vị", year=2026)))
    by_name = {r[column(header, HEADER_NAME)].value: r for r in body}
    an, binh = by_name["Nguyễn Văn An"], by_name["Lê Thị Bình"]
    assert an[column(header, "Tổng điểm")].value == 100
    assert an[column(header, "Kết quả")].value == "Đạt"
    assert binh[column(header, "Tổng điểm")].value == 79
    assert binh[column(header, "Kết quả")].value == "Chưa đạt"
    assert binh[column(header, "Năm sinh")].value == 1990


def test_rows_sorted_by_given_name_in_vietnamese_order():
    names = [
        "Trần Văn Bình",
        "Đỗ Văn Đức",
        "Nguyễn Thị An",
        "Phạm Thị Dung",
        "Lê Văn An",
        "Hoàng Văn Ân",
        "Vũ Thị Ánh",
    ]
    rows = [row(name, cccd=f"0510900001{n:02d}") for n, name in enumerate(names)]
    header, body = table(open_sheet(roster_xlsx(rows, unit_name="Đơn vị", year=2026)))
    got = [r[column(header, HEADER_NAME)].value for r in body]
    # Given names: An (Lê, Nguyễn) < Ánh < Ân < Bình < Dung < Đức.
    assert got == [
        "Lê Văn An",
        "Nguyễn Thị An",
        "Vũ Thị Ánh",
        "Hoàng Văn Ân",
        "Trần Văn Bình",
        "Phạm Thị Dung",
        "Đỗ Văn Đức",
    ]
    assert [r[column(header, "STT")].value for r in body] == list(range(1, len(names) + 1))


RULE = RecognitionRule(min_total=80, min_per_indicator=5, text="")


@pytest.mark.parametrize(
    ("answers", "total", "said"),
    [
        ({"1": 10, "2": 5}, 85, ""),
        ({"1": 10, "2": 4, "3": 0}, 86, "Chỉ số 2, 3 dưới 5 điểm"),
        ({"1": 7, "2": 7}, 79, "Dưới 80 điểm"),
        ({"1": 4, "2": 10}, 60, "Dưới 80 điểm; chỉ số 1 dưới 5 điểm"),
    ],
)
def test_a_shortfall_names_the_points_and_the_indicators_below_the_floor(answers, total, said):
    assert shortfall(RULE, answers, total) == said
