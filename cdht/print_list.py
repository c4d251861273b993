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
from xlsxwriter.worksheet import Worksheet

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
    governing_body: str
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
    # The place written before the signatures' date; "" leaves dots.
    place_name: str = ""

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
        if self.governing_body:
            return self.governing_body.upper(), self.unit_name.upper()
        return self.unit_name.upper(), ""


def date_line(place_name: str) -> str:
    """The line over the head's signature: the unit's place, or dots to write it, and the date
    left to the hand that signs."""
    return f"{place_name or '……………'}, ngày …… tháng …… năm ……"


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


def cell_style(
    wb: Workbook,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    size: int = 12,
    left: bool = False,
    border: bool = False,
    num_format: str = "",
) -> TextFormat:
    """Times New Roman, vertically centred and wrapped; centred unless `left`; thin box if
    `border`; numbers shown as `num_format` when given."""
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
    if num_format:
        properties["num_format"] = num_format
    return TextFormat(wb, properties)


def merged(ws: Worksheet, row: int, first: int, end: int, value: str, style: TextFormat) -> None:
    """`value` across the cells `first`..`end` of `row`, kept text (`TextFormat.write`)."""
    ws.merge_range(row, first, row, end, "", style.plain)
    style.write(ws, row, first, value)


def national_header(
    wb: Workbook,
    ws: Worksheet,
    left: tuple[str, str],
    *,
    widths: Sequence[int],
    left_end: int,
    first_bold: bool,
) -> None:
    """The first two lines of an official paper: the issuing body's lines on the left (columns
    up to `left_end`), the national motto on the right; a long name wraps within its line, which
    is made tall enough."""
    last = len(widths) - 1
    bold = cell_style(wb, bold=True)
    left_width = sum(widths[: left_end + 1])
    for row, line in enumerate(left):
        lines = wrapped_lines(line, left_width, _CAPITALS_PER_WIDTH)
        ws.set_row(row, max(ROW_POINTS, lines * _HEADER_LINE_POINTS + 2))
    merged(ws, 0, 0, left_end, left[0], cell_style(wb, bold=first_bold))
    merged(ws, 0, left_end + 1, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold)
    merged(ws, 1, 0, left_end, left[1], bold)
    merged(
        ws,
        1,
        left_end + 1,
        last,
        "Độc lập - Tự do - Hạnh phúc",
        cell_style(wb, bold=True, underline=True),
    )


def signatures(
    wb: Workbook,
    ws: Worksheet,
    row: int,
    *,
    maker: str,
    made_by: str,
    head_title: str,
    place_name: str,
    left_end: int,
    right_start: int,
    last: int,
) -> None:
    """The place and date line, then the maker (left) and the head (right) with room to sign."""
    bold, italic = cell_style(wb, bold=True), cell_style(wb, italic=True)
    merged(ws, row, right_start, last, date_line(place_name), italic)
    merged(ws, row + 1, 0, left_end, maker, bold)
    merged(ws, row + 1, right_start, last, head_title.upper(), bold)
    merged(ws, row + 2, 0, left_end, "(Ký, ghi rõ họ tên)", italic)
    merged(ws, row + 2, right_start, last, "(Ký tên, đóng dấu)", italic)
    merged(ws, row + 6, 0, left_end, made_by, bold)


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

    national_header(
        wb,
        ws,
        header.left_lines,
        widths=[width for _, width in COLUMNS],
        left_end=_LEFT_END,
        first_bold=not header.governing_body,
    )
    italic = cell_style(wb, italic=True)
    merged(ws, 3, 0, last, title_for(header.year), cell_style(wb, bold=True, size=14))
    merged(ws, 4, 0, last, SUBTITLE, italic)
    merged(ws, 5, 0, last, criteria_line(header.criteria_versions, header.paraphrase), italic)
    ws.set_row(HEADER_ROW - 1, 45)
    head = cell_style(wb, bold=True, size=11, border=True)
    for col, label in enumerate(header.column_titles):
        head.write(ws, HEADER_ROW - 1, col, label)

    styles = {left: cell_style(wb, size=11, border=True, left=left) for left in (True, False)}
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
        ws,
        count_row,
        0,
        last,
        closing_line(count, recognised),
        cell_style(wb, italic=True, size=11, left=True),
    )
    signatures(
        wb,
        ws,
        count_row + 1,
        maker="NGƯỜI LẬP DANH SÁCH",
        made_by=header.made_by,
        head_title=header.head_title,
        place_name=header.place_name,
        left_end=4,
        right_start=7,
        last=last,
    )
    wb.close()
    return buffer.getvalue()
