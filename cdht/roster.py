"""The unit's list of people who self-assessed: rows, order and the Excel file. Pure."""

import io
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from cdht.collation import name_sort_key
from cdht.window import VN_TZ

RESULT_YES = "Đạt"
RESULT_NO = "Chưa đạt"
PAPER_NOTE = "Nhập từ phiếu giấy"


@dataclass(frozen=True)
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


def text_cell(ws, value: str) -> WriteOnlyCell:
    """A cell that is always a string: never read as a formula, whatever it starts with."""
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    if value[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True
    return cell


def roster_xlsx(rows: Iterable[RosterRow], *, unit_name: str, year: int) -> bytes:
    """The list as an .xlsx file: CCCD and every typed value as text, dates as dates."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(f"Danh sách {year}")
    for idx, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(idx)].width = width
    title = text_cell(ws, f"DANH SÁCH CÔNG DÂN TỰ ĐÁNH GIÁ CÔNG DÂN HỌC TẬP NĂM {year}")
    title.font = Font(bold=True, size=13)
    ws.append([title])
    ws.append([text_cell(ws, unit_name)])
    ws.append([])
    header = []
    for label in HEADERS:
        cell = WriteOnlyCell(ws, value=label)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    ws.append(header)
    date_style = WriteOnlyCell(ws)
    date_style.number_format = "DD/MM/YYYY HH:MM"
    for n, row in enumerate(sort_rows(rows), start=1):
        submitted = WriteOnlyCell(ws, value=row.submitted_at.astimezone(VN_TZ).replace(tzinfo=None))
        submitted._style = copy(date_style._style)  # not a Style lookup per row
        ws.append(
            [
                n,
                text_cell(ws, row.full_name),
                text_cell(ws, row.cccd),
                text_cell(ws, row.gender),
                row.birth_year,
                text_cell(ws, row.department),
                text_cell(ws, row.position),
                text_cell(ws, row.group),
                *row.comp_points,
                row.total,
                text_cell(ws, RESULT_YES if row.recognised else RESULT_NO),
                submitted,
                text_cell(ws, row.note),
            ]
        )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
