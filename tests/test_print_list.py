"""The print-ready list: Excel print set-up, official header, order, safety; the HTML print view."""

import dataclasses
import io
import zipfile
from datetime import UTC, datetime

import openpyxl
import pytest

from cdht.db.assessments import submit_assessment
from cdht.db.roster_rows import export_print_list, print_header
from cdht.print_html import print_list_html
from cdht.print_list import PrintHeader, print_list_xlsx, row_height, row_values, wrapped_lines
from cdht.roster import RosterRow
from tests.conftest import DEFAULTS, JUNE, add_citizen, add_user

HEADER = PrintHeader(
    unit_name="Ban Dân tộc tỉnh Quảng Ngãi",
    governing_body="UBND tỉnh Quảng Ngãi",
    year=2026,
    made_by="Trần Minh Sơn",
)


def row(name: str, cccd: str, department: str = "Văn phòng", total: int = 88) -> RosterRow:
    return RosterRow(
        full_name=name,
        cccd=cccd,
        gender="Nữ",
        birth_year=1990,
        department=department,
        position="Chuyên viên",
        group="III",
        comp_points=(36, 34, 18),
        total=total,
        recognised=total >= 80,
        submitted_at=datetime(2026, 10, 1, 2, 0, tzinfo=UTC),
    )


ROWS = [
    row("Trần Thị Bình", "051190000001"),
    row("Lê Thị Ánh", "051190000002", department="=1+1"),
    row("Nguyễn Thị Anh", "051190000003", total=72),
    row("Đỗ Văn Ân", "001090000004", department="@SUM(A1)"),
]


def workbook() -> tuple[bytes, openpyxl.worksheet.worksheet.Worksheet]:
    data = print_list_xlsx(ROWS, HEADER)
    return data, openpyxl.load_workbook(io.BytesIO(data)).active


def all_values(ws) -> list:
    return [c.value for r in ws.iter_rows() for c in r if c.value is not None]


def test_print_setup_a4_landscape_one_page_wide_header_repeated():
    _, ws = workbook()
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    # fitToWidth absent means 1, the file format's default (Excel leaves it out too).
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == "$8:$8"


def test_official_header_title_and_columns():
    _, ws = workbook()
    assert ws["A1"].value == "UBND TỈNH QUẢNG NGÃI"
    assert ws["A2"].value == "BAN DÂN TỘC TỈNH QUẢNG NGÃI"
    assert ws["F1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert ws["F2"].value == "Độc lập - Tự do - Hạnh phúc"
    assert "NĂM 2026" in ws["A4"].value
    header = [c.value for c in ws[8]]
    assert header[:6] == ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Phòng/ban", "Chức vụ"]
    assert header[-3:] == ["Tổng điểm", "Kết quả", "Ghi chú"]
    assert len(header) == 12


def test_rows_in_official_order_and_values():
    _, ws = workbook()
    names = [ws.cell(row=r, column=2).value for r in range(9, 13)]
    # given names: Anh < Ánh < Ân < Bình (a, then tones; â after a)
    assert names == ["Nguyễn Thị Anh", "Lê Thị Ánh", "Đỗ Văn Ân", "Trần Thị Bình"]
    assert [ws.cell(row=r, column=1).value for r in range(9, 13)] == [1, 2, 3, 4]
    first = [c.value for c in ws[9]]
    assert first[2] == 1990 and first[6:11] == [36, 34, 18, 72, "Chưa đạt"]


def test_typed_values_stay_text_and_no_cccd_printed():
    data, ws = workbook()
    cell = ws.cell(row=10, column=5)
    assert cell.value == "=1+1" and cell.data_type == "s"
    assert ws.cell(row=11, column=5).value == "@SUM(A1)"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    values = " ".join(str(v) for v in all_values(ws))
    assert "051190000001" not in values and "001090000004" not in values


def test_signature_block_and_date_line():
    _, ws = workbook()
    values = all_values(ws)
    assert "NGƯỜI LẬP DANH SÁCH" in values and "THỦ TRƯỞNG ĐƠN VỊ" in values
    assert "Trần Minh Sơn" in values
    assert any(isinstance(v, str) and "ngày" in v and "tháng" in v and "năm" in v for v in values)
    # Three of the four hold the title: one has 72 points.
    assert "Danh sách có 4 người, trong đó 3 người đạt danh hiệu." in values


def test_html_print_view_escapes_and_orders():
    hostile = row("Lê <b>Văn</b> Ánh", "051190000009", department="<script>alert(1)</script>")
    html = print_list_html([*ROWS, hostile], HEADER)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Văn&lt;/b&gt;" in html
    assert html.index("Nguyễn Thị Anh") < html.index("Trần Thị Bình")
    assert "@page { size: A4 landscape" in html
    assert "051190000001" not in html


def test_unit_without_parent_heads_the_first_line():
    header = PrintHeader(unit_name="Sở Tư pháp", governing_body="", year=2026, made_by="Lê Văn Hà")
    ws = openpyxl.load_workbook(io.BytesIO(print_list_xlsx(ROWS, header))).active
    assert ws["A1"].value == "SỞ TƯ PHÁP" and ws["A1"].font.b
    assert ws["A2"].value in (None, "")
    assert "<b>SỞ TƯ PHÁP</b>" in print_list_html(ROWS, header)


PARAPHRASE_NOTE = (
    "Tiêu chí theo bộ tiêu chí phiên bản 324-2023-cdht.1 (diễn đạt lại từ QĐ 324/QĐ-KHVN, "
    "không phải văn bản chính thức)."
)


def test_criteria_version_and_paraphrase_note_printed():
    header = dataclasses.replace(HEADER, criteria_versions=("324-2023-cdht.1",), paraphrase=True)
    ws = openpyxl.load_workbook(io.BytesIO(print_list_xlsx(ROWS, header))).active
    assert ws["A6"].value == PARAPHRASE_NOTE
    assert "A6:L6" in {str(r) for r in ws.merged_cells.ranges}
    assert PARAPHRASE_NOTE in print_list_html(ROWS, header)
    official = dataclasses.replace(header, paraphrase=False)
    ws = openpyxl.load_workbook(io.BytesIO(print_list_xlsx(ROWS, official))).active
    assert ws["A6"].value == "Tiêu chí theo bộ tiêu chí phiên bản 324-2023-cdht.1."
    assert "diễn đạt lại" not in print_list_html(ROWS, official)


def test_closing_line_spans_the_table():
    # In the 5-character STT column alone it wrapped and printed cut ("sách / có 4").
    _, ws = workbook()
    cell = next(
        c for r in ws.iter_rows() for c in r if str(c.value).startswith("Danh sách có 4 người")
    )
    assert f"A{cell.row}:L{cell.row}" in {str(r) for r in ws.merged_cells.ranges}


def test_lines_are_as_tall_as_their_longest_wrapped_cell():
    assert wrapped_lines("Văn phòng", 20) == 1
    assert wrapped_lines("Phòng Kế hoạch - Tài chính và Tổng hợp", 20) == 2
    assert wrapped_lines("x" * 60, 20) == 3  # a word longer than a line is broken
    long = row(
        "Nguyễn Thị Phương Thảo",
        "051190000005",
        department="Trung tâm Công nghệ thông tin và Chuyển đổi số",
    )
    short = row("Lê Văn An", "051190000006")
    ws = openpyxl.load_workbook(io.BytesIO(print_list_xlsx([long, short], HEADER))).active
    heights = {ws.cell(r, 2).value: ws.row_dimensions[r].height for r in (9, 10)}
    assert heights["Nguyễn Thị Phương Thảo"] == pytest.approx(
        row_height(row_values(1, long)), abs=0.5
    )
    assert heights["Nguyễn Thị Phương Thảo"] > 28
    assert heights["Lê Văn An"] in (None, 15)  # the default height, left out of the file


def test_print_header_names_the_versions_scored_with(session, unit, criteria_sets):
    manager = add_user(session, "manager", "051080000001", "Trần Minh Sơn")
    citizen = add_citizen(session)
    crit = criteria_sets["III"]
    header = print_header(session, manager, unit_id=unit.id, year=2026, criteria=criteria_sets)
    assert header.criteria_versions == (criteria_sets["III"].version,)  # nobody listed yet
    # The unit's manager signs as its maker; its leader or an administrator leaves the line.
    assert header.made_by == "Trần Minh Sơn"
    for role, number, name in (
        ("leader", "051080000002", "Lê Thị Hoa"),
        ("admin", "051080000003", "Phạm Huy"),
    ):
        other = add_user(session, role, number, name)
        assert print_header(session, other, unit_id=unit.id, year=2026, criteria={}).made_by == ""
    assert header.paraphrase is True
    submit_assessment(
        session,
        citizen,
        criteria=crit,
        answers={i.id: 10 for i in crit.indicators},
        notes={},
        now=JUNE,
        window_defaults=DEFAULTS,
    )
    official = {g: dataclasses.replace(c, paraphrase=False) for g, c in criteria_sets.items()}
    header = print_header(session, manager, unit_id=unit.id, year=2026, criteria=official)
    assert header.criteria_versions == (crit.version,) and header.paraphrase is False
    data = export_print_list(
        session, manager, unit_id=unit.id, year=2026, criteria=criteria_sets, now=JUNE
    )
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws["A6"].value == PARAPHRASE_NOTE.replace("324-2023-cdht.1", crit.version)
