"""The print-ready list of people who self-assessed, in the form Vietnamese offices print. Pure.

A4 landscape, all columns on one page width, header row repeated on every page; national header,
title with the year, signature block. Every typed value is a text cell; points are numbers.
"""

import io
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from cdht.roster import RESULT_NO, RESULT_YES, RosterRow, sort_rows, text_cell

COLUMNS = (
    ("STT", 5),
    ("Họ và tên", 26),
    ("Năm sinh", 8),
    ("Giới tính", 8),
    ("Phòng/ban", 20),
    ("Chức vụ", 16),
    ("Năng lực 1 (40 điểm)", 10),
    ("Năng lực 2 (40 điểm)", 10),
    ("Năng lực 3 (20 điểm)", 10),
    ("Tổng điểm", 8),
    ("Kết quả", 9),
    ("Ghi chú", 14),
)
HEADER_ROW = 7
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT_COLUMNS = frozenset((1, 4, 5, 11))
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
A4 = 9


@dataclass(frozen=True)
class PrintHeader:
    unit_name: str
    parent_name: str
    year: int
    made_by: str
    head_title: str = "THỦ TRƯỞNG ĐƠN VỊ"

    @property
    def left_lines(self) -> tuple[str, str]:
        """The two lines opposite the national motto: superior body and unit, or the unit alone."""
        if self.parent_name:
            return self.parent_name.upper(), self.unit_name.upper()
        return self.unit_name.upper(), ""


def title_for(year: int) -> str:
    return f"DANH SÁCH CÔNG DÂN TỰ ĐÁNH GIÁ “CÔNG DÂN HỌC TẬP” NĂM {year}"


def _styled(
    ws, value, *, bold=False, italic=False, size=12, align=_CENTER, border=None, underline=None
):
    cell = text_cell(ws, value) if isinstance(value, str) else WriteOnlyCell(ws, value=value)
    cell.font = Font(
        name="Times New Roman", bold=bold, italic=italic, size=size, underline=underline
    )
    cell.alignment = align
    if border is not None:
        cell.border = border
    return cell


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


def _body_cell(ws, value, template: WriteOnlyCell) -> WriteOnlyCell:
    cell = text_cell(ws, value) if isinstance(value, str) else WriteOnlyCell(ws, value=value)
    quote = cell.quotePrefix
    cell._style = copy(template._style)
    if quote:
        cell.quotePrefix = True
    return cell


def print_list_xlsx(rows: Iterable[RosterRow], header: PrintHeader) -> bytes:
    """The list as an .xlsx ready to print."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(f"Danh sách {header.year}")
    width = len(COLUMNS)
    last = get_column_letter(width)
    for idx, (_, col_width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(idx)].width = col_width
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "Trang &P/&N"

    # National header: unit on the left (columns A-D), motto on the right (columns F-L).
    for cells in ("A1:D1", "A2:D2", f"F1:{last}1", f"F2:{last}2", f"A4:{last}4", f"A5:{last}5"):
        ws.merged_cells.add(cells)
    first, second = header.left_lines
    ws.append(
        [
            _styled(ws, first, bold=not header.parent_name),
            None, None, None, None,
            _styled(ws, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True),
        ]
    )  # fmt: skip
    ws.append(
        [
            _styled(ws, second, bold=True),
            None, None, None, None,
            _styled(ws, "Độc lập - Tự do - Hạnh phúc", bold=True, underline="single"),
        ]
    )  # fmt: skip
    ws.append([])
    ws.append([_styled(ws, title_for(header.year), bold=True, size=14)])
    ws.append(
        [_styled(ws, "(Theo Bộ tiêu chí ban hành kèm Quyết định số 324/QĐ-KHVN)", italic=True)]
    )
    ws.append([])
    ws.row_dimensions[HEADER_ROW].height = 45
    ws.append([_styled(ws, label, bold=True, size=11, border=_BOX) for label, _ in COLUMNS])

    # One styled template per kind of body cell; each cell copies its style array, which is
    # what openpyxl stores anyway, instead of hashing Font/Border/Alignment objects per cell.
    templates = {
        left: _styled(ws, "", size=11, border=_BOX, align=_LEFT if left else _CENTER)
        for left in (True, False)
    }
    count = 0
    for n, row in enumerate(sort_rows(rows), start=1):
        count = n
        values = row_values(n, row)
        ws.append([_body_cell(ws, v, templates[i in _LEFT_COLUMNS]) for i, v in enumerate(values)])

    ws.append([])
    ws.append([_styled(ws, f"Danh sách có {count} người.", italic=True, size=11, align=_LEFT)])
    date_row = HEADER_ROW + count + 3
    ws.merged_cells.add(f"H{date_row}:{last}{date_row}")
    ws.append([None] * 7 + [_styled(ws, "……………, ngày …… tháng …… năm ……", italic=True)])
    sign_row = date_row + 1
    ws.merged_cells.add(f"A{sign_row}:E{sign_row}")
    ws.merged_cells.add(f"H{sign_row}:{last}{sign_row}")
    ws.merged_cells.add(f"A{sign_row + 1}:E{sign_row + 1}")
    ws.merged_cells.add(f"H{sign_row + 1}:{last}{sign_row + 1}")
    ws.append(
        [_styled(ws, "NGƯỜI LẬP DANH SÁCH", bold=True)] + [None] * 6
        + [_styled(ws, header.head_title.upper(), bold=True)]
    )  # fmt: skip
    ws.append(
        [_styled(ws, "(Ký, ghi rõ họ tên)", italic=True)] + [None] * 6
        + [_styled(ws, "(Ký tên, đóng dấu)", italic=True)]
    )  # fmt: skip
    for _ in range(3):
        ws.append([])
    name_row = sign_row + 5
    ws.merged_cells.add(f"A{name_row}:E{name_row}")
    ws.append([_styled(ws, header.made_by, bold=True)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
