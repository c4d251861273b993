"""The unit's list of people who self-assessed: rows, order and the Excel file. Pure."""

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from cdht.collation import name_sort_key
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
    title = f"DANH SÁCH CÔNG DÂN TỰ ĐÁNH GIÁ CÔNG DÂN HỌC TẬP NĂM {year}"
    ws.write_string(0, 0, title, wb.add_format({"bold": True, "font_size": 13}))
    text = TextFormat(wb)
    text.write(ws, 1, 0, unit_name)
    header = wb.add_format(
        {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    for col, label in enumerate(HEADERS):
        ws.write_string(3, col, label, header)
    date = wb.add_format({"num_format": "DD/MM/YYYY HH:MM"})
    write_text, write_number = text.write, ws.write_number
    for n, row in enumerate(sort_rows(rows), start=1):
        r = n + 3
        write_number(r, 0, n)
        write_text(ws, r, 1, row.full_name)
        write_text(ws, r, 2, row.cccd)
        write_text(ws, r, 3, row.gender)
        write_number(r, 4, row.birth_year)
        write_text(ws, r, 5, row.department)
        write_text(ws, r, 6, row.position)
        write_text(ws, r, 7, row.group)
        c1, c2, c3 = row.comp_points
        write_number(r, 8, c1)
        write_number(r, 9, c2)
        write_number(r, 10, c3)
        write_number(r, 11, row.total)
        write_text(ws, r, 12, RESULT_YES if row.recognised else RESULT_NO)
        ws.write_datetime(r, 13, row.submitted_at.astimezone(VN_TZ).replace(tzinfo=None), date)
        write_text(ws, r, 14, row.note)
    wb.close()
    return buffer.getvalue()
