"""Tài khoản thành viên: the unit's accounts; a one-time password for someone who forgot theirs."""

import streamlit as st

from cdht.db.accounts import AccountError, reset_password, unit_members
from cdht.roles import ROLE_LABELS, PermissionDenied
from cdht.ui import state
from cdht.ui.text import md
from cdht.ui.unit_picker import pick_unit_and_year
from cdht.window import now_utc

who = state.require_actor()
st.title("Tài khoản thành viên")
unit, _ = pick_unit_and_year(who, "members")
with state.db() as session:
    members = unit_members(session, who, unit_id=unit.id)
st.write(f"Đơn vị có **{len(members)}** tài khoản.")
st.dataframe(
    [
        {
            "Họ và tên": m.full_name,
            "Số CCCD": m.cccd_masked,
            "Phòng/ban": m.department,
            "Vai trò": ROLE_LABELS[m.role],
            "Mật khẩu tạm": "Chưa đổi" if m.must_change_password else "",
        }
        for m in members
    ],
    hide_index=True,
    width="stretch",
)

st.subheader("Cấp mật khẩu tạm")
st.write(
    "Khi một người quên mật khẩu, cấp cho họ một mật khẩu tạm dùng một lần. Họ phải đổi mật khẩu "
    "ngay khi đăng nhập. Không dùng chung một mật khẩu cho nhiều người."
)
choices = {m.id: f"{m.full_name} ({m.cccd_masked})" for m in members if m.id != who.id}
with st.form("reset"):
    target = st.selectbox(
        "Thành viên", list(choices), format_func=choices.get, index=None, placeholder="Chọn"
    )
    submitted = st.form_submit_button("Cấp mật khẩu tạm", type="primary")
if submitted:
    if target is None:
        st.error("Vui lòng chọn thành viên.")
    else:
        try:
            with state.db() as session:
                temporary = reset_password(session, who, account_id=target, now=now_utc())
        except (AccountError, PermissionDenied) as exc:
            st.error(str(exc))
        else:
            st.success(f"Mật khẩu tạm cho {md(choices[target])}:")
            st.code(temporary, language=None)
            st.caption("Mật khẩu này chỉ hiện một lần. Người dùng phải đổi ngay khi đăng nhập.")
