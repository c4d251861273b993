"""The roll-up of many units' figures for a year as an .xlsx file, to print or to pass on. Pure.

A4 landscape, one page wide, the column titles on every page; one line per unit with its full
name and code, the share as a number (a column sorts by value), the condition in the words of the
page, a total line, and the rule the figures follow above the table. Typed names stay text
(`cdht.roster.TextFormat`); each line is as tall as its wrapped name.
"""

import io
from collections.abc import Sequence
from datetime import datetime

from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from cdht.roster import (
    A4,
    FONT,
    ROW_POINTS,
    WORKBOOK_OPTIONS,
    TextFormat,
    line_height,
    set_widths,
    wrapped_lines,
)
from cdht.unit_figures import ABOUT, WHO_COUNTS, UnitFigures, condition_label, year_gauge
from cdht.window import VN_TZ

COLUMNS = (
    ("STT", 5),
    ("Đơn vị", 36),
    ("Mã đơn vị", 11),
    ("Nhân sự theo danh sách", 11),
    ("Đã đăng ký", 10),
    ("Chờ duyệt", 9),
    ("Đã tự đánh giá", 10),
    ("Đạt danh hiệu", 9),
    ("Tỉ lệ đạt (%)", 9),
    ("Điều kiện tỉ lệ", 13),
    ("Cần thêm cho mức 1", 11),
)
HEADER_ROW = 5  # 0-based: title, scope, time, the rule, a blank line, then the column titles
_LEFT_COLUMNS = frozenset((1, 2, 9))
_SHARE_COLUMN = 8  # a number with one decimal
_TOTAL_WIDTH = sum(width for _, width in COLUMNS)
FROZEN_NOTE = (
    "Đơn vị đã ghi nhận quyết định công nhận của năm: số liệu tại lúc ghi nhận quyết định."
)


def title_for(year: int) -> str:
    return f"TỔNG HỢP KẾT QUẢ TỰ ĐÁNH GIÁ “CÔNG DÂN HỌC TẬP” NĂM {year}"


def scope_line(parent_name: str | None) -> str:
    """Which units the file covers: the member units of a parent, or every unit."""
    return f"Các đơn vị thuộc {parent_name}" if parent_name else "Tất cả đơn vị trong hệ thống"


def time_line(at: datetime) -> str:
    """When the figures were read, in Vietnam time."""
    local = at.astimezone(VN_TZ)
    return f"Số liệu lúc {local:%H:%M} ngày {local:%d/%m/%Y}."


def unit_values(number: int, figures: UnitFigures, year: int, this_year: int) -> tuple:
    """One unit's line, in the order of COLUMNS; None where no share is claimed."""
    gauge = year_gauge(figures, year, this_year)
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
        condition_label(figures, year, this_year),
        gauge.needed_for(gauge.thresholds[0]) if gauge else None,
    )


def total_values(rows: Sequence[UnitFigures], year: int, this_year: int) -> tuple:
    """The total line: the counts summed, and the people still needed summed over the units
    that claim a share; no share of the whole (each unit's share is its own condition)."""
    gauges = [g for g in (year_gauge(r, year, this_year) for r in rows) if g]
    below = sum(1 for g in gauges if g.level == 0)
    return (
        None,
        f"Cộng ({len(rows)} đơn vị)",
        "",
        sum(r.expected for r in rows),
        sum(r.registered for r in rows),
        sum(r.pending for r in rows),
        sum(r.assessed for r in rows),
        sum(r.recognised for r in rows),
        None,
        f"{below} đơn vị dưới mức 1",
        sum(g.needed_for(g.thresholds[0]) for g in gauges),
    )


def _write_line(
    ws: Worksheet, row: int, values: tuple, texts: list[TextFormat], share: Format
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
    rows: Sequence[UnitFigures],
    *,
    parent_name: str | None,
    year: int,
    this_year: int,
    at: datetime,
) -> bytes:
    """The roll-up as an .xlsx file ready to print, the units in the order given."""
    buffer = io.BytesIO()
    wb = Workbook(buffer, WORKBOOK_OPTIONS)
    ws = wb.add_worksheet(f"Tổng hợp {year}")
    last = len(COLUMNS) - 1
    widths = [width for _, width in COLUMNS]
    set_widths(ws, widths)
    ws.set_landscape()
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.7, bottom=0.7)
    ws.set_footer("&CTrang &P/&N")

    def style(**properties: object) -> TextFormat:
        base = {"font_name": FONT, "font_size": 11, "valign": "vcenter", "text_wrap": True}
        return TextFormat(wb, {**base, **properties})

    def merged(row: int, value: str, text: TextFormat) -> None:
        lines = wrapped_lines(value, _TOTAL_WIDTH)
        if lines > 1:
            ws.set_row(row, lines * 15.0 + 3)
        ws.merge_range(row, 0, row, last, "", text.plain)
        text.write(ws, row, 0, value)

    merged(0, title_for(year), style(bold=True, font_size=13, align="center"))
    merged(1, scope_line(parent_name), style(bold=True, align="center"))
    merged(2, time_line(at), style(italic=True, align="center"))
    # The rule above the table, not under it: under it, a page break left it on a page of its own.
    merged(3, " ".join((WHO_COUNTS, ABOUT, FROZEN_NOTE)), style(italic=True, align="left"))
    ws.set_row(HEADER_ROW, 45)
    head = style(bold=True, align="center", border=1)
    for col, (label, _) in enumerate(COLUMNS):
        head.write(ws, HEADER_ROW, col, label)

    def cells(bold: bool) -> list[TextFormat]:
        made = {
            left: style(bold=bold, border=1, align="left")
            if left
            else style(bold=bold, border=1, align="center", num_format="#,##0")
            for left in (True, False)
        }
        return [made[col in _LEFT_COLUMNS] for col in range(len(COLUMNS))]

    plain, strong = cells(False), cells(True)
    share = {
        bold: wb.add_format(
            {
                "font_name": FONT,
                "font_size": 11,
                "bold": bold,
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "num_format": "0.0",
            }
        )
        for bold in (False, True)
    }
    lines = [unit_values(n, r, year, this_year) for n, r in enumerate(rows, start=1)]
    lines.append(total_values(rows, year, this_year))
    for n, values in enumerate(lines):
        r = HEADER_ROW + 1 + n
        bold = n == len(rows)
        height = line_height(values, widths)
        if height != ROW_POINTS:
            ws.set_row(r, height)
        _write_line(ws, r, values, strong if bold else plain, share[bold])
    wb.close()
    return buffer.getvalue()
