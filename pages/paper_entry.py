"""Nhập phiếu giấy: a manager enters the paper form of a member without computer skills."""

import streamlit as st

from cdht.db.accounts import member_actor, unit_members
from cdht.ui import state
from cdht.ui.assessment_form import assessment_form
from cdht.ui.unit_picker import pick_unit

who = state.require_actor()
st.title("Nhập phiếu giấy")
st.write(
    "Nhập hộ phiếu tự đánh giá trên giấy của thành viên không dùng được máy tính. Phiếu ghi rõ "
    "người nhập; thành viên vẫn xem được kết quả của mình."
)
unit = pick_unit(who, "paper")
with state.db() as session:
    members = [m for m in unit_members(session, who, unit_id=unit.id) if m.id != who.id]
choices = {m.id: f"{m.full_name} ({m.cccd_masked})" for m in members}
target = st.selectbox(
    "Thành viên", list(choices), format_func=choices.get, index=None, placeholder="Chọn"
)
if target is not None:
    with state.db() as session:
        subject = member_actor(session, who, account_id=target)
    assessment_form(subject, entered_by=who, prefix=f"paper{target}_")
