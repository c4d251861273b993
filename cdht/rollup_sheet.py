"""The roll-up of many units' figures for a year as an .xlsx file, to print, sign and send on. Pure.

An official paper (`cdht.print_list`'s national header and signatures), A4 landscape, one page
wide, the column titles on every page: one line per unit with its full name and code (and, when
units of every level are listed, the unit each belongs to), the share as a number (a column sorts
by value), the condition in the words of the page, a total line with the share of all units that
have a staff list, the rule the figures follow as notes under the table. Typed names stay text
(`cdht.roster.TextFormat`); each line is as tall as its wrapped cells.
"""

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from cdht.gauge import CUT_NOTE, cut_percent
from cdht.print_list import cell_style, merged, national_header, signatures
from cdht.roster import (
    A4,
    ROW_POINTS,
    WORKBOOK_OPTIONS,
    TextFormat,
    line_height,
    set_widths,
)
from cdht.unit_figures import ABOUT, WHO_COUNTS, UnitFigures, condition_label, year_gauge
from cdht.window import VN_TZ

COLUMNS = (
    ("STT", 5),
    ("Đơn vị", 40),
    ("Mã đơn vị", 11),
    ("Nhân sự theo danh sách", 11),
    ("Đã đăng ký", 10),
    ("Chờ duyệt", 9),
    ("Đã tự đánh giá", 10),
    ("Đạt danh hiệu", 9),
    ("Tỉ lệ đạt (%)", 9),
    ("Điều kiện tỉ lệ", 16),
    ("Còn thiếu để đạt mức 1", 11),
)
# Listed last when units of every level are in one file, so the other columns keep their place.
PARENT_COLUMN = ("Thuộc đơn vị", 26)
HEADER_ROW = 7  # 0-based: national header, a blank, title, scope, time, a blank, column titles
_LEFT_COLUMNS = frozenset((1, 2, 9, 11))
_SHARE_COLUMN = 8  # a number with one decimal
_LEFT_END = 2  # the issuing body's lines over STT, Đơn vị and Mã đơn vị
FROZEN = "theo quyết định"
FROZEN_NOTE = (
    f"“{FROZEN}”: đơn vị đã ghi nhận quyết định công nhận của năm; số liệu lấy tại thời điểm "
    "ghi nhận."
)


@dataclass(frozen=True)
class RollupHeader:
    sender: str  # the unit that compiles the figures, named at the top left
    parent_name: str | None  # the parent whose member units are listed; None: every unit
    year: int
    this_year: int
    at: datetime  # when the figures were read
    made_by: str  # the person who made the file, under the maker's signature
    head_title: str  # the sender's head, over the right signature
    place_name: str = ""  # the sender's place, before the signatures' date ("": dots)


def title_for(year: int) -> str:
    return f"TỔNG HỢP KẾT QUẢ TỰ ĐÁNH GIÁ “CÔNG DÂN HỌC TẬP” NĂM {year}"


def scope_line(parent_name: str | None) -> str:
    """Which units the file covers: the member units of a parent, or every unit."""
    return f"Các đơn vị thuộc {parent_name}" if parent_name else "Tất cả các đơn vị"


def time_line(at: datetime) -> str:
    """When the figures were read, in Vietnam time."""
    local = at.astimezone(VN_TZ)
    return f"Số liệu lúc {local:%H:%M} ngày {local:%d/%m/%Y}."


def unit_values(number: int, figures: UnitFigures, year: int, this_year: int) -> tuple:
    """One unit's line, in the order of COLUMNS; None where no share is claimed."""
    gauge = year_gauge(figures, year, this_year)
    condition = condition_label(figures, year, this_year)
    return (
        number,
        figures.name,
        figures.code,
        figures.expected,
        figures.registered,
        figures.pending,
        figures.assessed,
        figures.recognised,
        gauge.percent if gauge else None,
        f"{condition} ({FROZEN})" if figures.frozen else condition,
        gauge.needed_for(gauge.thresholds[0]) if gauge else None,
    )


def total_values(rows: Sequence[UnitFigures], year: int, this_year: int) -> tuple:
    """The total line: the counts summed; the share of all the units that claim one (their
    people holding the title over their staff lists); the units below level 1 and the people
    they still lack, summed."""
    claimed = [(r, g) for r in rows if (g := year_gauge(r, year, this_year))]
    listed = sum(r.expected for r, _ in claimed)
    below = sum(1 for _, g in claimed if g.level == 0)
    return (
        None,
        f"Cộng ({len(rows)} đơn vị)",
        "",
        sum(r.expected for r in rows),
        sum(r.registered for r in rows),
        sum(r.pending for r in rows),
        sum(r.assessed for r in rows),
        sum(r.recognised for r in rows),
        cut_percent(sum(r.recognised for r, _ in claimed), listed) if listed else None,
        f"Dưới mức 1: {below} đơn vị",
        sum(g.needed_for(g.thresholds[0]) for _, g in claimed),
    )


def _write_line(
    ws: Worksheet, row: int, values: tuple, texts: list[TextFormat], share: Format | None
) -> None:
    """One line of the table: text as text, numbers as numbers, nothing where a value is None."""
    for col, value in enumerate(values):
        if isinstance(value, str):
            texts[col].write(ws, row, col, value)
        elif value is None:
            ws.write_blank(row, col, None, texts[col].plain)
        else:
            ws.write_number(row, col, value, share if col == _SHARE_COLUMN else texts[col].plain)


def rollup_xlsx(
    rows: Sequence[UnitFigures], header: RollupHeader, parents: Mapping[int, str] | None = None
) -> bytes:
    """The roll-up as an .xlsx file ready to print, the units in the order given; with
    `parents` (unit id → the name of the unit it belongs to), a last column says which."""
    buffer = io.BytesIO()
    wb = Workbook(buffer, WORKBOOK_OPTIONS)
    ws = wb.add_worksheet(f"Tổng hợp {header.year}")
    columns = (*COLUMNS, PARENT_COLUMN) if parents is not None else COLUMNS
    last = len(columns) - 1
    widths = [width for _, width in columns]
    set_widths(ws, widths)
    ws.set_landscape()
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
    ws.set_footer("&CTrang &P/&N")

    def wide(row: int, value: str, text: TextFormat) -> None:
        height = line_height((value,), (sum(widths),))
        if height != ROW_POINTS:
            ws.set_row(row, height)
        merged(ws, row, 0, last, value, text)

    national_header(
        wb, ws, (header.sender.upper(), ""), widths=widths, left_end=_LEFT_END, first_bold=True
    )
    wide(3, title_for(header.year), cell_style(wb, bold=True, size=14))
    wide(4, scope_line(header.parent_name), cell_style(wb, bold=True))
    wide(5, time_line(header.at), cell_style(wb, italic=True))
    ws.set_row(HEADER_ROW, 45)
    head = cell_style(wb, bold=True, size=11, border=True)
    for col, (label, _) in enumerate(columns):
        head.write(ws, HEADER_ROW, col, label)

    def cells(bold: bool) -> list[TextFormat]:
        left = cell_style(wb, bold=bold, size=11, border=True, left=True)
        centred = cell_style(wb, bold=bold, size=11, border=True, num_format="#,##0")
        return [left if col in _LEFT_COLUMNS else centred for col in range(len(columns))]

    plain, strong = cells(False), cells(True)
    share = {
        bold: cell_style(wb, bold=bold, size=11, border=True, num_format="0.0").plain
        for bold in (False, True)
    }
    lines = [
        unit_values(n, r, header.year, header.this_year)
        + ((parents.get(r.unit_id, "–"),) if parents is not None else ())
        for n, r in enumerate(rows, start=1)
    ]
    lines.append(
        total_values(rows, header.year, header.this_year) + (("",) if parents is not None else ())
    )
    for n, values in enumerate(lines):
        r = HEADER_ROW + 1 + n
        bold = n == len(rows)
        height = line_height(values, widths)
        if height != ROW_POINTS:
            ws.set_row(r, height)
        _write_line(ws, r, values, strong if bold else plain, share[bold])
    notes = [WHO_COUNTS, ABOUT, CUT_NOTE] + ([FROZEN_NOTE] if any(r.frozen for r in rows) else [])
    note = cell_style(wb, italic=True, size=11, left=True)
    after = HEADER_ROW + len(lines) + 2  # after one blank line
    for n, text in enumerate(notes):
        wide(after + n, f"Ghi chú: {text}" if n == 0 else text, note)
    signatures(
        wb,
        ws,
        after + len(notes) + 1,
        maker="NGƯỜI LẬP BIỂU",
        made_by=header.made_by,
        head_title=header.head_title,
        place_name=header.place_name,
        left_end=_LEFT_END,
        right_start=6,
        last=last,
    )
    wb.close()
    return buffer.getvalue()
