"""Đổi mật khẩu: change one's own password; required after a manager's reset."""

import streamlit as st

from cdht.db.accounts import AccountError, change_password, reset_notice
from cdht.roles import ROLE_LABELS
from cdht.ui import state
from cdht.ui.forms import field_error
from cdht.ui.text import md
from cdht.window import VN_TZ, now_utc

who = state.require_actor()
if st.session_state.pop("pw_forced_done", False):
    st.switch_page("pages/assess.py")
st.title("Đổi mật khẩu")
state.show_flash()
if who.must_change_password:
    with state.db() as session:
        notice = reset_notice(session, who)
    if notice is None:
        st.warning("Bạn đang dùng mật khẩu tạm. Vui lòng đặt mật khẩu mới để tiếp tục.")
    else:
        at = notice.at.astimezone(VN_TZ)
        by = f" {md(notice.by_name)}" if notice.by_name else ""  # empty: an erased account
        if by and notice.by_role in ROLE_LABELS:
            by += f" ({ROLE_LABELS[notice.by_role].lower()})"
        st.warning(
            f"Mật khẩu của bạn đã được{by} cấp lại lúc {at:%H:%M} ngày {at:%d/%m/%Y}. "
            "Vui lòng đặt mật khẩu mới để tiếp tục. Nếu bạn không nhờ cấp lại mật khẩu, hãy báo "
            "ngay cho người phụ trách của đơn vị."
        )
errors: dict[str, str] = st.session_state.get("pw_errors", {})
with st.form("password"):
    current = st.text_input("Mật khẩu hiện tại *", type="password")
    field_error(errors, "current")
    new = st.text_input("Mật khẩu mới *", type="password")
    field_error(errors, "new")
    confirm = st.text_input("Nhập lại mật khẩu mới *", type="password")
    field_error(errors, "confirm")
    st.caption(
        "Ít nhất 8 ký tự, khó đoán: nên ghép ba, bốn từ ít gặp; không dùng họ tên, số CCCD, năm "
        "sinh, tên đơn vị hoặc mật khẩu quen thuộc như 123456."
    )
    submitted = st.form_submit_button("Đổi mật khẩu", type="primary")
EMPTY = {
    "current": "Vui lòng nhập mật khẩu hiện tại.",
    "new": "Vui lòng nhập mật khẩu mới.",
    "confirm": "Vui lòng nhập lại mật khẩu mới.",
}
missing = {
    field: EMPTY[field]
    for field, value in (("current", current), ("new", new), ("confirm", confirm))
    if not value
}
if submitted and missing:
    st.session_state["pw_errors"] = missing
    st.rerun()
if submitted:
    try:
        with state.db() as session:
            updated = change_password(
                session,
                who,
                current=current,
                new=new,
                confirm=confirm,
                now=now_utc(),
                keep_session=state.session_id(),
            )
    except AccountError as exc:
        st.session_state["pw_errors"] = {exc.field or "current": str(exc)}
    else:
        st.session_state["pw_errors"] = {}
        st.session_state["pw_forced_done"] = who.must_change_password
        state.update_actor(updated)
        state.flash("Đã đổi mật khẩu.")
    st.rerun()
