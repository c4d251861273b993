"""The unit's list of people who self-assessed: rows, order and the Excel file. Pure.

The file prints as it is: A4 landscape, one page wide, the column titles on every page, grid
lines, page numbers. Each line's height is set for the longest of its wrapped cells: LibreOffice
does not grow a row to its wrapped text when it opens a file, so a taller cell would print over
the next line.
"""

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from cdht.collation import name_sort_key
from cdht.criteria import RecognitionRule
from cdht.window import VN_TZ

RESULT_YES = "Đạt"
RESULT_NO = "Chưa đạt"
PAPER_NOTE = "Nhập từ phiếu giấy"


@dataclass(frozen=True, slots=True)
class RosterRow:
    full_name: str
    cccd: str
    gender: str
    birth_year: int
    department: str
    position: str
    group: str
    comp_points: tuple[int, int, int]
    total: int
    recognised: bool
    submitted_at: datetime
    note: str = ""


def shortfall(rule: RecognitionRule, answers: Mapping[str, int], total: int) -> str:
    """Why a result falls short of recognition, short enough for a list's note ("Dưới 80 điểm;
    chỉ số 3, 7 dưới 5 điểm": the indicators by number); empty when nothing does. Indicators in the answers' order."""
    parts = []
    if total < rule.min_total:
        parts.append(f"Dưới {rule.min_total} điểm")
    below = [indicator for indicator, points in answers.items() if points < rule.min_per_indicator]
    if below:
        said = "Chỉ số" if not parts else "chỉ số"
        parts.append(f"{said} {', '.join(below)} dưới {rule.min_per_indicator} điểm")
    return "; ".join(parts)


def row_note(
    *,
    on_paper: bool,
    rule: RecognitionRule | None,
    answers: Mapping[str, int] | None,
    total: int,
) -> str:
    """A listed result's note: entered from a paper form, and why it falls short (`shortfall`;
    nothing when its rule or answers are not known)."""
    why = shortfall(rule, answers, total) if rule and answers is not None else ""
    return "; ".join(part for part in (PAPER_NOTE if on_paper else "", why) if part)


def sort_rows(rows: Iterable[RosterRow]) -> list[RosterRow]:
    """Official order: by given name, then the rest of the name, Vietnamese alphabet."""
    return sorted(rows, key=lambda r: (name_sort_key(r.full_name), r.cccd))


HEADERS = (
    "STT",
    "Họ và tên",
    "Số CCCD",
    "Giới tính",
    "Năm sinh",
    "Phòng/ban",
    "Chức vụ",
    "Nhóm",
    "Năng lực 1",
    "Năng lực 2",
    "Năng lực 3",
    "Tổng điểm",
    "Kết quả",
    "Ngày gửi phiếu",
    "Ghi chú",
)
_WIDTHS = (6, 28, 15, 9, 9, 22, 18, 7, 11, 11, 11, 10, 10, 17, 22)
_HEADER_ROW = 3  # 0-based
_TEXT_COLUMNS = (1, 2, 3, 5, 6, 7, 12, 14)
FONT = "Times New Roman"
A4 = 9
# Characters of Times New Roman 11 that fit on one line per unit of column width: measured 1.45 in
# LibreOffice on Vietnamese words ("Phòng Kế hoạch - Tài chính và" in 20); taken lower so an
# estimate errs on a taller line, never on a cut one.
_CHARS_PER_WIDTH = 1.3
_LINE_POINTS = 13.0
ROW_POINTS = 15.0


def wrapped_lines(text: str, width: int, per_width: float = _CHARS_PER_WIDTH) -> int:
    """How many lines `text` takes in a wrapped cell `width` characters wide (an estimate that
    errs high): words move whole to the next line; a word longer than a line is broken."""
    room = max(1, int(width * per_width))
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) <= room:
            used += 1 + len(word)
            continue
        if used:
            lines += 1
        full, used = divmod(len(word), room)  # a long word fills lines, its rest starts the last
        if full and not used:
            full, used = full - 1, room
        lines += full
    return lines


def line_height(values: Iterable[object], widths: Iterable[int]) -> float:
    """The height in points of a line of wrapped Times New Roman 11 cells holding `values`."""
    lines = max(
        (
            wrapped_lines(value, width)
            for value, width in zip(values, widths, strict=True)
            if isinstance(value, str)
        ),
        default=1,
    )
    return ROW_POINTS if lines == 1 else lines * _LINE_POINTS + 3


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@")
# Streamed row by row to a temporary file (memory stays flat); typed text is never turned into a
# formula, a number or a link, whatever it looks like.
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "in_memory": False,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


class TextFormat:
    """A cell format for text and its quote-prefixed twin, both made once per workbook.

    `write` always makes a string cell, never a formula; a value starting with = + - @ also gets
    Excel's quote prefix, so editing the cell in Excel keeps it text.
    """

    __slots__ = ("plain", "quoted")

    def __init__(self, wb: Workbook, properties: dict[str, Any] | None = None) -> None:
        self.plain: Format | None = wb.add_format(properties) if properties else None
        self.quoted: Format = wb.add_format({**(properties or {}), "quote_prefix": True})

    def write(self, ws: Worksheet, row: int, col: int, value: str) -> None:
        if not value:
            ws.write_blank(row, col, None, self.plain)
        elif value.startswith(FORMULA_STARTS):
            ws.write_string(row, col, value, self.quoted)
        else:
            ws.write_string(row, col, value, self.plain)


def set_widths(ws: Worksheet, widths: Iterable[int]) -> None:
    """Column widths as stored in the file, cell padding included (the widths the lists were laid
    out with): 7 pixels per character of the default font."""
    for col, width in enumerate(widths):
        ws.set_column_pixels(col, col, width * 7)


def roster_xlsx(rows: Iterable[RosterRow], *, unit_name: str, year: int) -> bytes:
    """The list as an .xlsx file: CCCD and every typed value as text, dates as dates."""
    buffer = io.BytesIO()
    wb = Workbook(buffer, WORKBOOK_OPTIONS)
    ws = wb.add_worksheet(f"Danh sách {year}")
    set_widths(ws, _WIDTHS)
    ws.set_landscape()
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(_HEADER_ROW)
    ws.hide_gridlines(0)  # grid lines shown and printed
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&CTrang &P/&N")
    title = f"DANH SÁCH CÔNG DÂN TỰ ĐÁNH GIÁ CÔNG DÂN HỌC TẬP NĂM {year}"
    ws.write_string(0, 0, title, wb.add_format({"bold": True, "font_size": 13, "font_name": FONT}))
    TextFormat(wb, {"font_name": FONT, "font_size": 11}).write(ws, 1, 0, unit_name)
    header = wb.add_format(
        {
            "bold": True,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
            "font_name": FONT,
            "font_size": 11,
        }
    )
    for col, label in enumerate(HEADERS):
        ws.write_string(_HEADER_ROW, col, label, header)
    cell = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
    text = TextFormat(wb, {**cell, "text_wrap": True})
    number = wb.add_format(cell)
    date = wb.add_format({**cell, "align": "center", "num_format": "DD/MM/YYYY HH:MM"})
    write_text, write_number = text.write, ws.write_number
    for n, row in enumerate(sort_rows(rows), start=1):
        r = n + _HEADER_ROW
        result = RESULT_YES if row.recognised else RESULT_NO
        texts = (
            row.full_name,
            row.cccd,
            row.gender,
            row.department,
            row.position,
            row.group,
            result,
            row.note,
        )
        height = line_height(texts, (_WIDTHS[i] for i in _TEXT_COLUMNS))
        if height != ROW_POINTS:  # a one-line row keeps the default height, and no row record
            ws.set_row(r, height)
        write_number(r, 0, n, number)
        write_text(ws, r, 1, row.full_name)
        write_text(ws, r, 2, row.cccd)
        write_text(ws, r, 3, row.gender)
        write_number(r, 4, row.birth_year, number)
        write_text(ws, r, 5, row.department)
        write_text(ws, r, 6, row.position)
        write_text(ws, r, 7, row.group)
        c1, c2, c3 = row.comp_points
        write_number(r, 8, c1, number)
        write_number(r, 9, c2, number)
        write_number(r, 10, c3, number)
        write_number(r, 11, row.total, number)
        write_text(ws, r, 12, result)
        ws.write_datetime(r, 13, row.submitted_at.astimezone(VN_TZ).replace(tzinfo=None), date)
        write_text(ws, r, 14, row.note)
    wb.close()
    return buffer.getvalue()
