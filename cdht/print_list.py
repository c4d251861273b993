"""The print-ready list of people who self-assessed, in the form Vietnamese offices print. Pure.

A4 landscape, all columns on one page width, header row repeated on every page; national header,
title with the year, the criteria version (and, while the criteria files are CDHT's paraphrase of
QĐ 324, a note saying so), signature block. Every typed value is a text cell; points are numbers.
Each line's height is set for the longest of its wrapped cells (`cdht.roster.line_height`).
"""

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from xlsxwriter import Workbook

from cdht.roster import (
    RESULT_NO,
    RESULT_YES,
    ROW_POINTS,
    WORKBOOK_OPTIONS,
    RosterRow,
    TextFormat,
    line_height,
    set_widths,
    sort_rows,
    wrapped_lines,
)

COLUMNS = (
    ("STT", 5),
    ("Họ và tên", 26),
    ("Năm sinh", 8),
    ("Giới tính", 8),
    ("Phòng/ban", 20),
    ("Chức vụ", 16),
    ("Năng lực 1", 10),
    ("Năng lực 2", 10),
    ("Năng lực 3", 10),
    ("Tổng điểm", 8),
    ("Kết quả", 9),
    ("Ghi chú", 14),
)
# The competencies' columns, titled with their maxima when the criteria sets say them.
_COMPETENCY_COLUMNS = range(6, 9)
HEADER_ROW = 8
_LEFT_COLUMNS = frozenset((1, 4, 5, 11))
A4 = 9
# Characters per unit of column width of the national header's capitals in bold 12.
_CAPITALS_PER_WIDTH = 0.75
_HEADER_LINE_POINTS = 15.0
# The unit's name (columns A-E) and the national motto (F to the end) share the top two lines.
_LEFT_END = 4


@dataclass(frozen=True)
class PrintHeader:
    unit_name: str
    parent_name: str
    year: int
    made_by: str
    head_title: str = "THỦ TRƯỞNG ĐƠN VỊ"
    # The criteria versions the listed results were scored with, and whether the criteria files
    # of those versions say they are CDHT's paraphrase of QĐ 324.
    criteria_versions: tuple[str, ...] = ()
    paraphrase: bool = False
    # Each competency's most points, from the criteria sets of the listed results; empty when
    # they are unknown or the sets disagree, and the titles leave them out.
    competency_maxima: tuple[int, ...] = ()

    @property
    def column_titles(self) -> tuple[str, ...]:
        """The titles of COLUMNS, a competency's with its maximum: "Năng lực 1 (40 điểm)"."""
        titles = [label for label, _ in COLUMNS]
        if len(self.competency_maxima) == len(_COMPETENCY_COLUMNS):
            for col, most in zip(_COMPETENCY_COLUMNS, self.competency_maxima, strict=True):
                titles[col] = f"{titles[col]} ({most} điểm)"
        return tuple(titles)

    @property
    def left_lines(self) -> tuple[str, str]:
        """The two lines opposite the national motto: superior body and unit, or the unit alone."""
        if self.parent_name:
            return self.parent_name.upper(), self.unit_name.upper()
        return self.unit_name.upper(), ""


def title_for(year: int) -> str:
    return f"DANH SÁCH CÔNG DÂN TỰ ĐÁNH GIÁ “CÔNG DÂN HỌC TẬP” NĂM {year}"


SUBTITLE = "(Theo Bộ tiêu chí ban hành kèm Quyết định số 324/QĐ-KHVN)"


def criteria_line(versions: Sequence[str], paraphrase: bool) -> str:
    """The line naming the criteria version(s) used, with the paraphrase note while it applies;
    empty when no version is known."""
    if not versions:
        return ""
    named = f"Tiêu chí theo bộ tiêu chí phiên bản {', '.join(versions)}"
    if paraphrase:
        return f"{named} (diễn đạt lại từ QĐ 324/QĐ-KHVN, không phải văn bản chính thức)."
    return f"{named}."


def closing_line(count: int, recognised: int) -> str:
    """The line under the table: how many are listed, and how many of them hold the title."""
    return f"Danh sách có {count} người, trong đó {recognised} người đạt danh hiệu."


def row_height(values: Sequence[object]) -> float:
    """The height in points of a printed line holding `values` (in the order of COLUMNS)."""
    return line_height(values, [width for _, width in COLUMNS])


def _style(
    wb: Workbook,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: int = 12,
    left: bool = False,
    border: bool = False,
) -> TextFormat:
    """Times New Roman, vertically centred and wrapped; centred unless `left`; thin box if `border`."""
    properties = {
        "font_name": "Times New Roman",
        "font_size": size,
        "bold": bold,
        "italic": italic,
        "underline": 1 if underline else 0,
        "align": "left" if left else "center",
        "valign": "vcenter",
        "text_wrap": True,
        "border": 1 if border else 0,
    }
    return TextFormat(wb, properties)


def row_values(number: int, row: RosterRow) -> tuple:
    """One printed line, in the order of COLUMNS."""
    return (
        number,
        row.full_name,
        row.birth_year,
        row.gender,
        row.department,
        row.position,
        *row.comp_points,
        row.total,
        RESULT_YES if row.recognised else RESULT_NO,
        row.note,
    )


def print_list_xlsx(rows: Iterable[RosterRow], header: PrintHeader) -> bytes:
    """The list as an .xlsx ready to print."""
    buffer = io.BytesIO()
    wb = Workbook(buffer, WORKBOOK_OPTIONS)
    ws = wb.add_worksheet(f"Danh sách {header.year}")
    last = len(COLUMNS) - 1
    set_widths(ws, (width for _, width in COLUMNS))
    ws.set_landscape()
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW - 1)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=1, bottom=1)
    ws.set_header("", {"margin": 0.5})
    ws.set_footer("&CTrang &P/&N", {"margin": 0.5})

    def merged(row: int, first: int, end: int, value: str, style: TextFormat) -> None:
        ws.merge_range(row, first, row, end, "", style.plain)
        style.write(ws, row, first, value)

    # National header: unit on the left (columns A-E), motto on the right (columns F-L); a long
    # name wraps within its line, which is made tall enough.
    bold, italic = _style(wb, bold=True), _style(wb, italic=True)
    bold_underlined = _style(wb, bold=True, underline=True)
    first, second = header.left_lines
    left_width = sum(width for _, width in COLUMNS[: _LEFT_END + 1])
    for row, line in enumerate((first, second)):
        lines = wrapped_lines(line, left_width, _CAPITALS_PER_WIDTH)
        ws.set_row(row, max(ROW_POINTS, lines * _HEADER_LINE_POINTS + 2))
    merged(0, 0, _LEFT_END, first, _style(wb, bold=not header.parent_name))
    merged(0, _LEFT_END + 1, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold)
    merged(1, 0, _LEFT_END, second, bold)
    merged(1, _LEFT_END + 1, last, "Độc lập - Tự do - Hạnh phúc", bold_underlined)
    merged(3, 0, last, title_for(header.year), _style(wb, bold=True, size=14))
    merged(4, 0, last, SUBTITLE, italic)
    merged(5, 0, last, criteria_line(header.criteria_versions, header.paraphrase), italic)
    ws.set_row(HEADER_ROW - 1, 45)
    head = _style(wb, bold=True, size=11, border=True)
    for col, label in enumerate(header.column_titles):
        head.write(ws, HEADER_ROW - 1, col, label)

    styles = {left: _style(wb, size=11, border=True, left=left) for left in (True, False)}
    column_styles = [styles[col in _LEFT_COLUMNS] for col in range(len(COLUMNS))]
    write_number = ws.write_number
    count = recognised = 0
    for n, row in enumerate(sort_rows(rows), start=1):
        count = n
        recognised += row.recognised
        r = HEADER_ROW - 1 + n
        values = row_values(n, row)
        height = row_height(values)
        if height != ROW_POINTS:  # a one-line row keeps the default height, and no row record
            ws.set_row(r, height)
        for col, value in enumerate(values):
            if isinstance(value, str):
                column_styles[col].write(ws, r, col, value)
            else:
                write_number(r, col, value, column_styles[col].plain)

    count_row = HEADER_ROW + count + 1  # 0-based, after one blank row
    merged(
        count_row,
        0,
        last,
        closing_line(count, recognised),
        _style(wb, italic=True, size=11, left=True),
    )
    date_row = count_row + 1
    merged(date_row, 7, last, "……………, ngày …… tháng …… năm ……", italic)
    sign_row = date_row + 1
    merged(sign_row, 0, 4, "NGƯỜI LẬP DANH SÁCH", bold)
    merged(sign_row, 7, last, header.head_title.upper(), bold)
    merged(sign_row + 1, 0, 4, "(Ký, ghi rõ họ tên)", italic)
    merged(sign_row + 1, 7, last, "(Ký tên, đóng dấu)", italic)
    merged(sign_row + 5, 0, 4, header.made_by, bold)
    wb.close()
    return buffer.getvalue()
