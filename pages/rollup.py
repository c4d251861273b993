"""Tổng hợp đơn vị: every member unit's gauge against the 90 % / 95 % thresholds."""

import pandas as pd
import streamlit as st

from cdht.db.rollup import unit_rollup
from cdht.db.units import get_unit, list_units
from cdht.gauge import LEVEL_1_PERCENT, LEVEL_2_PERCENT
from cdht.roles import ADMIN
from cdht.ui import state
from cdht.ui.text import md
from cdht.window import local_year, now_utc

ALL = 0

st.set_page_config(layout="wide")
who = state.require_actor()
st.title("Tổng hợp đơn vị")
this_year = local_year(now_utc())
col1, col2 = st.columns([3, 1])
with state.db() as session:
    if who.role == ADMIN:
        units = {u.id: u.name for u in list_units(session, who)}
        with col1:
            parent = st.selectbox(
                "Đơn vị cấp trên",
                [ALL, *units],
                format_func=lambda u: "Tất cả đơn vị" if u == ALL else units[u],
            )
    else:
        parent = who.unit_id
        col1.markdown(f"Các đơn vị thuộc **{md(get_unit(session, parent).name)}**")
year = col2.selectbox("Năm", list(range(this_year, this_year - 5, -1)))
with state.db() as session:
    rows = unit_rollup(session, who, parent_id=None if parent == ALL else parent, year=year)

if not rows:
    st.info("Chưa có đơn vị nào thuộc đơn vị này.")
    st.stop()
EMPTY = "Chưa có người"  # no staff list and nobody registered: nothing to judge, not red
below = sum(1 for r in rows if r.gauge.members and r.gauge.level == 0)
empty = sum(1 for r in rows if not r.gauge.members)
st.write(
    f"**{len(rows)}** đơn vị; **{below}** đơn vị dưới {LEVEL_1_PERCENT} % (tô đỏ)"
    + (f"; **{empty}** đơn vị chưa có người" if empty else "")
    + ". Nhấn vào tiêu đề cột để sắp xếp."
)
table = pd.DataFrame(
    [
        {
            "Đơn vị": r.name,
            "Mã": r.code,
            "Nhân sự (danh sách)": r.expected,
            "Đã đăng ký": r.registered,
            "Đã tự đánh giá": r.assessed,
            "Đạt danh hiệu": r.recognised,
            "Tỉ lệ đạt (%)": round(r.gauge.share * 100, 1),
            "Mức": {0: "Chưa đạt", 1: "Mức 1", 2: "Mức 2"}[r.gauge.level]
            if r.gauge.members
            else EMPTY,
            "Cần thêm để đạt 90 %": r.gauge.needed_for(LEVEL_1_PERCENT),
        }
        for r in rows
    ]
)


def _highlight(row: pd.Series) -> list[str]:
    colour = "background-color: #ffe3e3" if row["Mức"] == "Chưa đạt" else ""
    return [colour] * len(row)


st.dataframe(
    table.style.apply(_highlight, axis=1).format({"Tỉ lệ đạt (%)": "{:.1f}"}, decimal=","),
    hide_index=True,
    width="stretch",
)
st.caption(
    f"Tỉ lệ đạt tính trên số nhân sự theo danh sách đã tải lên (nếu có), nếu không thì trên số đã "
    f"đăng ký. Mức 1: từ {LEVEL_1_PERCENT} %, mức 2: từ {LEVEL_2_PERCENT} % (Thông tư 24/2023)."
)
