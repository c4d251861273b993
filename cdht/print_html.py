"""The print-ready list as HTML for printing from the browser. Pure; every value is escaped."""

from collections.abc import Iterable
from html import escape

from cdht.print_list import (
    COLUMNS,
    SUBTITLE,
    PrintHeader,
    closing_line,
    criteria_line,
    date_line,
    row_values,
    title_for,
)
from cdht.roster import RosterRow, sort_rows

CSS = """
<style>
.cdht-print { font-family: "Times New Roman", serif; color: #000; background: #fff; padding: 8px; }
.cdht-print .head { display: flex; justify-content: space-between; text-align: center; gap: 16px; }
.cdht-print .head div { flex: 1; }
.cdht-print h3 { text-align: center; margin: 18px 0 2px; font-size: 1.15em; }
.cdht-print .sub { text-align: center; font-style: italic; margin-bottom: 10px; }
.cdht-print table { border-collapse: collapse; width: 100%; font-size: 0.85em; table-layout: fixed; }
.cdht-print th, .cdht-print td { border: 1px solid #000; padding: 3px 8px; }
.cdht-print th { text-align: center; padding: 3px 3px; }
.cdht-print td.n { text-align: center; padding: 3px 3px; }
/* On a phone the table keeps the width its columns need and scrolls sideways (the region takes
   the keyboard focus, so it scrolls by the arrow keys too); on paper it fits the page. */
.cdht-print .wrap { overflow-x: auto; }
.cdht-print table { min-width: 760px; }
.cdht-print tr.end td { border: none; padding: 0; }
.cdht-print .sign { display: flex; justify-content: space-between; text-align: center; margin-top: 18px; }
.cdht-print .sign div { flex: 1; }
.cdht-print .sign .name { margin-top: 70px; font-weight: bold; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  [data-testid=stSidebar], header, [data-testid=stHeader], [data-testid=stToolbar],
  .cdht-noprint, [role=tablist], button { display: none !important; }
  .cdht-print thead { display: table-header-group; }
  .cdht-print tr { page-break-inside: avoid; }
  .cdht-print table { min-width: 0; }
  /* In the app, while the tab that shows the list is open (a closed tab keeps its elements,
     hidden, without the role): the list alone, across the page. The page's title, its choices
     and notes stay on the screen. */
  [data-testid=stMain]:has([role=tabpanel] .cdht-print)
    [data-testid=stElementContainer]:not(:has(.cdht-print)) { display: none !important; }
  [data-testid=stMainBlockContainer]:has([role=tabpanel] .cdht-print) {
    padding: 0 !important; max-width: none !important;
  }
  /* The closing line and the signatures: a row of the table, so a page they open repeats the
     column titles, and kept with the last rows of people. */
  .cdht-print tr.end { break-before: avoid; }
}
</style>
"""
_CENTERED = {0, 2, 3, 6, 7, 8, 9, 10}


def print_list_html(rows: Iterable[RosterRow], header: PrintHeader) -> str:
    body, recognised = [], 0
    for n, row in enumerate(sort_rows(rows), start=1):
        recognised += row.recognised
        values = row_values(n, row)
        cells = "".join(
            f'<td class="n">{escape(str(v))}</td>'
            if i in _CENTERED
            else f"<td>{escape(str(v))}</td>"
            for i, v in enumerate(values)
        )
        body.append(f"<tr>{cells}</tr>")
    first, second = (escape(line) for line in header.left_lines)
    left = f"{first}<br><b>{second}</b>" if header.governing_body else f"<b>{first}</b>"
    heads = "".join(f"<th>{escape(label)}</th>" for label in header.column_titles)
    # The Excel list's column widths, as shares of the page: a full name keeps to one line.
    total = sum(width for _, width in COLUMNS)
    cols = "".join(f'<col style="width:{100 * width / total:.2f}%">' for _, width in COLUMNS)
    return f"""{CSS}
<div class="cdht-print">
  <div class="head">
    <div>{left}</div>
    <div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b><u>Độc lập - Tự do - Hạnh phúc</u></b></div>
  </div>
  <h3>{escape(title_for(header.year))}</h3>
  <div class="sub">{escape(SUBTITLE)}</div>
  <div class="sub">{escape(criteria_line(header.criteria_versions, header.paraphrase))}</div>
  <div class="wrap" tabindex="0" role="region" aria-label="Bảng danh sách, cuộn ngang để xem hết các cột"><table><colgroup>{cols}</colgroup><thead><tr>{heads}</tr></thead><tbody>{"".join(body)}
  <tr class="end"><td colspan="{len(COLUMNS)}"><p><i>{closing_line(len(body), recognised)}</i></p>
  <div class="sign">
    <div><b>NGƯỜI LẬP DANH SÁCH</b><br><i>(Ký, ghi rõ họ tên)</i>
      <div class="name">{escape(header.made_by)}</div></div>
    <div><i>{escape(date_line(header.place_name))}</i><br><b>{escape(header.head_title.upper())}</b>
      <br><i>(Ký tên, đóng dấu)</i></div>
  </div></td></tr></tbody></table></div>
</div>"""
