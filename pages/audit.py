"""Nhật ký hệ thống (administrator): logins, exports, resets, decisions, setting changes."""

import streamlit as st

from cdht.db.audit_read import audit_events
from cdht.db.units import list_units
from cdht.ui import state
from cdht.ui.audit_labels import ACTION_LABELS, detail_words
from cdht.ui.dates import date_field
from cdht.unit_codes import told_apart
from cdht.window import VN_TZ

ALL = ""

who = state.require_actor()
st.title("Nhật ký hệ thống")
st.caption("Nhật ký chỉ được ghi thêm, không sửa, không xoá. Hiện 500 dòng mới nhất theo bộ lọc.")
with state.db() as session:
    units = told_apart((u.id, u.name, u.code) for u in list_units(session, who))
col1, col2, col3, col4 = st.columns([3, 3, 2, 2])
action = col1.selectbox(
    "Việc", [ALL, *ACTION_LABELS], format_func=lambda a: ACTION_LABELS.get(a, "Tất cả")
)
unit_id = col2.selectbox(
    "Đơn vị", [None, *units], format_func=lambda u: "Tất cả" if u is None else units[u]
)
with col3:
    since = date_field("Từ ngày", key="audit_since", required=False)
with col4:
    until = date_field("Đến ngày", key="audit_until", required=False)
with state.db() as session:
    rows = audit_events(
        session, who, action=action or None, unit_id=unit_id, since=since, until=until
    )
if not rows:  # an empty table would say Streamlit's English "empty"
    st.info("Không có dòng nhật ký nào khớp bộ lọc.", icon=":material/info:")
    st.stop()
# The grid's text: about 20 px a line, a one-line row 35 px; "Chi tiết" (width "large") holds
# about DETAIL_LINE characters a line. Rows grow to fit the longest detail shown, up to 4 lines.
DETAIL_LINE, MOST_LINES = 40, 4
details = [detail_words(r.detail) for r in rows]
lines = min(MOST_LINES, max(-(-len(d) // DETAIL_LINE) for d in details))
row_height = 35 if lines <= 1 else 10 + 20 * lines
st.dataframe(
    [
        {
            "Thời điểm": r.at.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M:%S"),
            "Việc": ACTION_LABELS.get(r.action, r.action),
            "Người làm": r.who,
            "Chi tiết": detail,
            "Đơn vị": r.unit,
            "Địa chỉ truy cập": r.client,
        }
        for r, detail in zip(rows, details, strict=True)
    ],
    hide_index=True,
    width="stretch",
    height=min(720, 40 + row_height * len(rows)),  # about 20 one-line rows before it scrolls
    row_height=row_height,
    column_config={"Chi tiết": st.column_config.TextColumn(width="large")},
)
