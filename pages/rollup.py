"""Tổng hợp đơn vị: every member unit's figures and share against its thresholds."""

import pandas as pd
import streamlit as st

from cdht.db.rollup import unit_rollup
from cdht.db.units import get_unit, list_units
from cdht.numbers import number_vi
from cdht.roles import sees_every_unit
from cdht.ui import share, state
from cdht.ui.text import md
from cdht.window import local_year, now_utc

ALL = 0

st.set_page_config(layout="wide")
who = state.require_actor()
st.title("Tổng hợp đơn vị")
this_year = local_year(now_utc())
col1, col2 = st.columns([3, 1])
with state.db() as session:
    if sees_every_unit(who):
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
below = sum(1 for r in rows if r.gauge and r.gauge.level == 0)
no_list = sum(1 for r in rows if r.gauge is None)
st.write(
    f"**{len(rows)}** đơn vị; **{below}** đơn vị dưới ngưỡng mức 1 (tô đỏ)"
    + (f"; **{no_list}** đơn vị chưa có danh sách nhân sự (không tính tỉ lệ)" if no_list else "")
    + ". Nhấn vào tiêu đề cột để sắp xếp."
)
CONDITION = "Điều kiện tỉ lệ"
table = pd.DataFrame(
    [
        {
            "Đơn vị": r.name,
            "Mã": r.code,
            "Nhân sự (danh sách)": r.expected,
            "Đã đăng ký": r.registered,
            "Chờ duyệt": r.pending,
            "Đã tự đánh giá": r.assessed,
            "Đạt danh hiệu": r.recognised,
            "Tỉ lệ đạt (%)": round(r.gauge.share * 100, 1) if r.gauge else None,
            CONDITION: share.condition_label(r),
            "Cần thêm cho mức 1": r.gauge.needed_for(r.gauge.thresholds[0]) if r.gauge else None,
        }
        for r in rows
    ]
)


def _highlight(row: pd.Series) -> list[str]:
    colour = "background-color: #ffe3e3" if row[CONDITION].startswith("Dưới") else ""
    return [colour] * len(row)


st.dataframe(
    table.style.apply(_highlight, axis=1).format(
        {"Tỉ lệ đạt (%)": lambda v: number_vi(v, 1), "Cần thêm cho mức 1": number_vi}, na_rep="–"
    ),
    hide_index=True,
    width="stretch",
)
st.markdown(
    "Chỉ tính những người được đơn vị xác nhận (có trong danh sách nhân sự, hoặc được duyệt khi "
    "đơn vị chưa có danh sách). Tỉ lệ đạt tính trên số nhân sự theo danh sách; đơn vị chưa có danh "
    "sách không có tỉ lệ. Ngưỡng: cơ quan, đơn vị 90 % / 95 %; cơ sở giáo dục 95 % / 97 % (người "
    f"học). {share.ABOUT}"
)
