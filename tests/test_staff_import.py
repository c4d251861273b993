"""The staff-list template and validator: every bad row reported, nothing half-accepted."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from cdht.staff_import import COLUMNS, StaffFileError, parse_staff_xlsx, template_xlsx


def xlsx(rows, header=COLUMNS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # typed text, even when it starts with "="
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_template_has_the_headers_and_a_text_cccd_column():
    data = template_xlsx()
    ws = load_workbook(io.BytesIO(data)).active
    assert tuple(c.value for c in ws[1]) == COLUMNS
    assert ws["B2"].number_format == "@"
    assert parse_staff_xlsx(data) == ([], [])


def test_valid_rows_are_read_and_normalised():
    entries, errors = parse_staff_xlsx(
        xlsx(
            [
                ("  Nguyễn   Văn An ", "051090123456", "Văn phòng", "Chuyên viên"),
                ("Lê Thị Bình", 1190000123, "=1+1", None),  # number: the leading zero was lost
            ]
        )
    )
    assert errors == []
    assert [(e.full_name, e.cccd, e.department, e.position) for e in entries] == [
        ("Nguyễn Văn An", "051090123456", "Văn phòng", "Chuyên viên"),
        ("Lê Thị Bình", "001190000123", "=1+1", ""),
    ]


def test_every_bad_row_is_reported_with_its_row_number():
    entries, errors = parse_staff_xlsx(
        xlsx(
            [
                ("Nguyễn Văn An", "051090123456", "", ""),
                ("An", "051090123457", "", ""),  # row 3: one-word name
                ("Trần Văn Bình", "12345", "", ""),  # row 4: short number
                (None, None, None, None),  # blank rows are skipped
                ("Lê Văn Cường", "051090123456", "", ""),  # row 6: duplicate of row 2
                ("Phạm Văn Dũng", "999090123456", "", ""),  # row 7: unknown province
                ("Đỗ Văn Em", "051090123458", "x" * 101, ""),  # row 8: too long
            ]
        )
    )
    assert [(e.row, e.column) for e in errors] == [
        (3, "Họ và tên"),
        (4, "Số CCCD"),
        (6, "Số CCCD"),
        (7, "Số CCCD"),
        (8, "Phòng/ban, Chức vụ"),
    ]
    assert "dòng 2" in errors[2].message
    assert [e.full_name for e in entries] == ["Nguyễn Văn An"]


def test_wrong_header_or_not_excel_refused():
    with pytest.raises(StaffFileError, match="tiêu đề"):
        parse_staff_xlsx(xlsx([], header=("Tên", "CMND")))
    with pytest.raises(StaffFileError, match="Không đọc được"):
        parse_staff_xlsx(b"this is not a spreadsheet")
    with pytest.raises(StaffFileError, match="quá lớn"):
        parse_staff_xlsx(b"0" * (5 * 1024 * 1024 + 1))


def test_a_file_as_offices_make_it_title_row_stt_and_extra_columns():
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH CÁN BỘ, CÔNG CHỨC NĂM 2026"])
    ws.append([])
    ws.append(["STT", "HỌ TÊN", "Ngày sinh", "Chức danh", "Số  CCCD", "Ghi chú"])
    ws.append([1, "Nguyễn Văn An", "01/01/1990", "Chuyên viên", "051090123456", "mới"])
    ws.append([2, "Lê Thị Bình", None, None, "12345", None])
    buffer = io.BytesIO()
    wb.save(buffer)
    entries, errors = parse_staff_xlsx(buffer.getvalue())
    assert [(e.full_name, e.cccd, e.department, e.position) for e in entries] == [
        ("Nguyễn Văn An", "051090123456", "", "Chuyên viên")
    ]
    # the row number Excel shows, and what was found in the cell
    assert [(e.row, e.column) for e in errors] == [(5, "Số CCCD")]
    assert "«12345»" in errors[0].message


def test_no_header_in_the_first_rows_is_refused_with_what_is_needed():
    wb = Workbook()
    ws = wb.active
    for n in range(12):
        ws.append([f"dòng {n}"])
    ws.append(list(COLUMNS))
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(StaffFileError, match="10 dòng đầu.*Họ và tên.*Số CCCD"):
        parse_staff_xlsx(buffer.getvalue())


def test_changes_between_the_current_list_and_a_new_file():
    from cdht.staff_import import StaffEntry, staff_changes

    current = [
        StaffEntry("Nguyễn Văn An", "051090123456", "Văn phòng", ""),
        StaffEntry("Lê Thị Bình", "051190654321", "Kế toán", ""),
    ]
    new = [
        StaffEntry("Nguyễn Văn An", "051090123456", "Thanh tra", ""),
        StaffEntry("Võ Văn Chín", "051095000777", "", ""),
    ]
    changes = staff_changes(current, new)
    assert [e.full_name for e in changes.added] == ["Võ Văn Chín"]
    assert [e.full_name for e in changes.removed] == ["Lê Thị Bình"]
    assert changes.changed == ((current[0], new[0]),)
    assert not staff_changes(current, list(current)).any


def test_a_downloaded_list_reads_back_unchanged():
    from cdht.staff_import import StaffEntry, staff_xlsx

    entries = [
        StaffEntry("Nguyễn Văn An", "001090123456", "=Văn phòng", "Chuyên viên"),
        StaffEntry("Lê Thị Bình", "051190654321", "", ""),
    ]
    assert parse_staff_xlsx(staff_xlsx(entries)) == (entries, [])
