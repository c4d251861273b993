"""The staff-list template and validator: every bad row reported, nothing half-accepted."""

import io
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from cdht.staff_import import (
    COLUMNS,
    StaffChanges,
    StaffEntry,
    StaffFileError,
    parse_staff_xlsx,
    template_xlsx,
)


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
        (8, "Phòng/ban"),
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


def repacked(data: bytes, name: str, write) -> bytes:
    """The .xlsx with member `name` rewritten by `write(original_bytes, stream)`, streamed so
    that a member of hundreds of MB is never held in memory."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename == name:
                with target.open(name, "w", force_zip64=True) as stream:
                    write(source.read(name), stream)
            else:
                target.writestr(info, source.read(info.filename))
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def cell_bomb(megabytes: int) -> bytes:
    """A valid list with one more cell holding `megabytes` MB of "A": a cell's text is read
    whole, so the old reader held it all in memory."""

    def write(original: bytes, stream) -> None:
        head, tail = original.rsplit(b"</sheetData>", 1)
        stream.write(head + b'<row r="3"><c r="A3" t="inlineStr"><is><t>')
        for _ in range(megabytes):
            stream.write(b"A" * (1024 * 1024))
        stream.write(b"</t></is></c></row></sheetData>" + tail)

    return repacked(xlsx([("Nguyễn Văn An", "051090123456", "", "")]), SHEET, write)


def test_a_zip_bomb_is_refused_from_its_declared_sizes():
    bomb = cell_bomb(300)
    assert len(bomb) < 1024 * 1024  # 300 MB packed into well under 1 MB
    with pytest.raises(StaffFileError, match=r"giải nén quá lớn \(300 MB; tối đa 40 MB"):
        parse_staff_xlsx(bomb)


def test_a_member_packed_too_tightly_is_refused_under_the_total():
    bomb = cell_bomb(5)  # 5 MB: under 40 MB in all, but packed 1000 times
    with pytest.raises(StaffFileError, match="không phần nào nén quá 100 lần"):
        parse_staff_xlsx(bomb)


def test_too_many_members_are_refused():
    out = io.BytesIO(xlsx([]))
    with zipfile.ZipFile(out, "a") as archive:
        for n in range(600):
            archive.writestr(f"xl/media/x{n}.bin", b"")
    with pytest.raises(StaffFileError, match=r"609 phần bên trong \(tối đa 500\)"):
        parse_staff_xlsx(out.getvalue())


def test_blank_rows_count_toward_the_row_limit():
    """A cell on row 1,000,000: the rows in between are blank and are counted, so the reader
    stops at the limit instead of walking a million rows."""
    wb = Workbook()
    ws = wb.active
    ws.append(list(COLUMNS))
    ws.cell(row=1_000_000, column=1, value="Nguyễn Văn An")
    ws.cell(row=1_000_000, column=2, value="051090123456")
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(
        StaffFileError, match=r"tối đa 20\.000 dòng dưới dòng tiêu đề, kể cả dòng trống"
    ):
        parse_staff_xlsx(buffer.getvalue())


def test_the_row_limit_holds_exactly(monkeypatch):
    monkeypatch.setattr("cdht.staff_import.MAX_ROWS", 3)
    listed = ("Nguyễn Văn An", "051090123456", "", "")
    entries, errors = parse_staff_xlsx(xlsx([(None, None, None, None), (None,) * 4, listed]))
    assert (len(entries), errors) == (1, [])
    with pytest.raises(StaffFileError, match="tối đa 3 dòng"):
        parse_staff_xlsx(xlsx([(None,) * 4, (None,) * 4, (None,) * 4, listed]))


def test_a_sheet_claiming_every_column_is_read_within_the_first_columns():
    """The sheet says it spans A1:XFD1048576; the reader looks at 50 columns and the real rows."""
    data = xlsx([("Nguyễn Văn An", "051090123456", "Văn phòng", "")])

    def write(original: bytes, stream) -> None:
        stream.write(
            re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', original)
        )

    lying = repacked(data, SHEET, write)
    assert b"XFD1048576" in zipfile.ZipFile(io.BytesIO(lying)).read(SHEET)
    assert parse_staff_xlsx(lying) == parse_staff_xlsx(data)


@pytest.mark.parametrize(
    ("removed", "current", "asked"),
    [(4, 4, False), (5, 5, True), (5, 9, True), (5, 10, False), (50, 100, False), (51, 100, True)],
)
def test_a_new_list_that_leaves_out_most_people_is_told_apart(removed, current, asked):
    gone = tuple(StaffEntry(f"Người {n}", f"05109000{n:04d}", "", "") for n in range(removed))
    assert StaffChanges(added=(), removed=gone, changed=()).drops_most(current) is asked
