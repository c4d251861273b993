"""Tổng hợp đơn vị: every member unit's figures and share against its thresholds."""

import pandas as pd
import streamlit as st

from cdht.db.rollup import export_rollup, unit_rollup
from cdht.db.units import get_unit, list_units
from cdht.gauge import CUT_NOTE, percent_vi
from cdht.numbers import number_vi
from cdht.roles import sees_every_unit
from cdht.roster import XLSX_MIME
from cdht.ui import share, state
from cdht.ui.text import md
from cdht.unit_codes import told_apart
from cdht.unit_figures import (
    ABOUT,
    WHO_COUNTS,
    UnitFigures,
    condition_label,
    unused_year,
    year_gauge,
)
from cdht.window import local_year, now_utc

ALL = 0
# A row tall enough for a long unit name wrapped on three lines, so the name column stays narrow.
WRAPPED_ROW = 70


def _lower_first(sentence: str) -> str:
    """A sentence continued after a semicolon: its first letter small."""
    return sentence[:1].lower() + sentence[1:]


def details(
    rows: tuple[UnitFigures, ...], labels: dict[int, str], year: int, this_year: int
) -> None:
    """One unit's code and every figure under its full name: what the short table leaves out."""
    with st.expander("Chi tiết một đơn vị"):
        # Chosen by the unit, not by its row: a row of another year is another object, and a
        # box of rows would go on showing the year chosen before.
        by_unit = {r.unit_id: r for r in rows}
        r = by_unit[st.selectbox("Xem chi tiết đơn vị", by_unit, format_func=lambda u: labels[u])]
        lines = [
            f"Mã đơn vị: **{r.code}**",
            f"Nhân sự theo danh sách: **{number_vi(r.expected)}**",
            f"Đã đăng ký và được tính: **{number_vi(r.registered)}**",
            f"Đăng ký đang chờ duyệt: **{number_vi(r.pending)}**",
            f"Được duyệt nhưng không có trong danh sách: **{number_vi(r.unlisted)}**",
            f"Đã tự đánh giá: **{number_vi(r.assessed)}**",
            f"Đạt danh hiệu: **{number_vi(r.recognised)}**",
            "Chưa có danh sách nhân sự: không tính tỉ lệ."
            if r.gauge is None
            else "Không có ai tự đánh giá năm này: không tính tỉ lệ."
            if unused_year(r, year, this_year)
            else f"{share.share_line(r)}; {_lower_first(share.verdict(r)[1])}",
        ]
        st.markdown("\n".join(f"- {line}" for line in lines))


who = state.require_actor()
st.title("Tổng hợp đơn vị")
this_year = local_year(now_utc())
col1, col2 = st.columns([3, 1])
with state.db() as session:
    if sees_every_unit(who):
        listed = list_units(session, who)
        units = told_apart((u.id, u.name, u.code) for u in listed)
        codes = {u.id: u.code for u in listed}
        # Only a unit with member units has anything to sum up.
        parents = {u.parent_id for u in listed}
        with col1:
            parent = st.selectbox(
                "Đơn vị cấp trên",
                [ALL, *(u for u in units if u in parents)],
                format_func=lambda u: "Tất cả đơn vị" if u == ALL else units[u],
            )
    else:
        parent, own = who.unit_id, get_unit(session, who.unit_id)
        codes = {own.id: own.code}
        col1.markdown(f"Các đơn vị thuộc **{md(own.name)}**")
scope = None if parent == ALL else parent
year = col2.selectbox("Năm", list(range(this_year, this_year - 5, -1)))
with state.db() as session:
    rows = unit_rollup(session, who, parent_id=scope, year=year)

if not rows:
    st.info("Chưa có đơn vị nào thuộc đơn vị này.")
    st.stop()
gauges = [year_gauge(r, year, this_year) for r in rows]
below = sum(1 for g in gauges if g and g.level == 0)
no_list = sum(1 for r in rows if r.gauge is None)
st.write(
    f"**{len(rows)}** đơn vị; **{below}** đơn vị dưới ngưỡng mức 1 (tô đỏ)"
    + (f"; **{no_list}** đơn vị chưa có danh sách nhân sự (không tính tỉ lệ)" if no_list else "")
    + ". Nhấn vào tiêu đề cột để sắp xếp."
)


# The files are made when their buttons are pressed, after this run.
later = state.db_later()


def _xlsx() -> bytes:
    with later() as session:
        return export_rollup(session, who, parent_id=scope, year=year, now=now_utc())


st.download_button(
    "Tải bảng tổng hợp (Excel)",
    data=_xlsx,
    file_name=f"tong-hop-cdht-{'tat-ca' if scope is None else codes[scope]}-{year}.xlsx",
    mime=XLSX_MIME,
    icon=":material/download:",
    on_click="ignore",
    help="Tên và mã đầy đủ của từng đơn vị, dòng cộng; khổ A4 ngang để in. Việc tải được ghi "
    "nhật ký.",
)
CONDITION = "Điều kiện"
# Short titles, so the table fits a 1280 px screen; each column's help gives its full name.
COLUMNS = {
    "Đơn vị": st.column_config.TextColumn(
        width=214, help="Tên đơn vị (mã ở phần Chi tiết; ghi ngay sau tên khi hai đơn vị trùng tên)"
    ),
    "Nhân sự": st.column_config.NumberColumn(width=70, help="Nhân sự theo danh sách của đơn vị"),
    "Đăng ký": st.column_config.NumberColumn(width=70, help="Đã đăng ký và được tính"),
    "Chờ duyệt": st.column_config.NumberColumn(width=80, help="Đăng ký đang chờ duyệt"),
    "Tự đánh giá": st.column_config.NumberColumn(width=88, help="Đã tự đánh giá trong năm"),
    "Đạt": st.column_config.NumberColumn(width=50, help="Đạt danh hiệu Công dân học tập"),
    "Tỉ lệ": st.column_config.Column(
        width=66, help="Tỉ lệ đạt danh hiệu trên nhân sự theo danh sách"
    ),
    CONDITION: st.column_config.TextColumn(width=90, help="Điều kiện tỉ lệ đã đạt"),
    "Cần thêm": st.column_config.Column(
        width=76, help="Số người cần đạt thêm cho điều kiện tỉ lệ của mức 1"
    ),
}
# Units of several parents may share a name: those get their code.
names = told_apart((r.unit_id, r.name, r.code) for r in rows)
table = pd.DataFrame(
    [
        {
            "Đơn vị": names[r.unit_id],
            "Nhân sự": r.expected,
            "Đăng ký": r.registered,
            "Chờ duyệt": r.pending,
            "Tự đánh giá": r.assessed,
            "Đạt": r.recognised,
            "Tỉ lệ": g.percent if g else None,
            CONDITION: condition_label(r, year, this_year),
            "Cần thêm": g.needed_for(g.thresholds[0]) if g else None,
        }
        for r, g in zip(rows, gauges, strict=True)
    ]
)


def _highlight(row: pd.Series) -> list[str]:
    colour = "background-color: #ffe3e3" if row[CONDITION].startswith("Dưới") else ""
    return [colour] * len(row)


st.dataframe(
    # Numbers stay numbers (a click on a column's title sorts by value); Vietnamese only as shown.
    table.style.apply(_highlight, axis=1).format(
        {"Tỉ lệ": percent_vi, "Cần thêm": number_vi}, na_rep="–"
    ),
    hide_index=True,
    width="stretch",
    column_config=COLUMNS,
    row_height=WRAPPED_ROW,
    placeholder="–",  # no share without a staff list (the grid's own word is English "None")
)
details(rows, names, year, this_year)
st.markdown(f"{WHO_COUNTS} {ABOUT} {CUT_NOTE}")
