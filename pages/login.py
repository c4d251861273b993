"""Đăng nhập: CCCD number and password.

The check runs in the button's callback, before the app shell: a login that succeeds is drawn
by the same run as the first page after it (the shell's stand-in at this address), not by a
second run of the whole app."""

import streamlit as st

from cdht import cccd
from cdht.db.accounts import LoginLocked, TemporaryPasswordExpired, attempt_login
from cdht.ui import state
from cdht.ui.unit_contact import contact_by_code
from cdht.window import VN_TZ, now_utc

LOGIN_FAILED = "Số CCCD hoặc mật khẩu không đúng."
_NUMBER, _PASSWORD, _ERROR = "login_cccd", "login_password", "login_error"


def _refusal(number: str, password: str) -> str | None:
    """Log in with what was typed; why not, in words for the person, if it fails."""
    if not (number.strip() and password):
        return "Vui lòng nhập số CCCD và mật khẩu."
    # The number's shape is no secret: say what is wrong with it before any account is looked up.
    digits = cccd.normalise(number)
    if not (digits.isascii() and digits.isdigit()):
        return f"Số CCCD chỉ gồm {cccd.LENGTH} chữ số, không có chữ cái hay ký hiệu."
    if len(digits) != cccd.LENGTH:
        return f"Số CCCD gồm đúng {cccd.LENGTH} chữ số (đã nhập {len(digits)} chữ số)."
    try:
        with state.db() as session:
            login = attempt_login(
                session,
                number,
                password,
                now=now_utc(),
                client=state.client_address(),
                device=state.device(),
                limits=state.settings().login_limits,
            )
    except TemporaryPasswordExpired:
        return (
            "Mật khẩu tạm này đã hết hạn. Vui lòng liên hệ người phụ trách của đơn vị để được cấp "
            "mật khẩu tạm mới."
        )
    except LoginLocked as exc:
        until = exc.until.astimezone(VN_TZ)
        return (
            f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {until:%H:%M} ngày {until:%d/%m/%Y}. "
            "Trên máy và trình duyệt bạn đã từng đăng nhập thành công, bạn vẫn đăng nhập được ngay."
        )
    if login is None:
        return LOGIN_FAILED
    if login.lock:
        at = login.lock.locked_at.astimezone(VN_TZ)
        state.notice(
            f"Tài khoản của bạn đã bị tạm khoá lúc {at:%H:%M} ngày {at:%d/%m/%Y} sau "
            f"{login.lock.attempts} lần đăng nhập sai. Nếu đó không phải bạn, hãy đổi mật "
            "khẩu ở trang Đổi mật khẩu và báo người phụ trách của đơn vị."
        )
    state.log_in(login.actor)
    return None


def _submitted() -> None:
    refusal = _refusal(st.session_state.get(_NUMBER) or "", st.session_state.get(_PASSWORD) or "")
    if refusal:
        st.session_state[_ERROR] = refusal


st.title("Đăng nhập")
state.show_flash()
if number := state.just_registered():  # a sign-up just made: its number, ready to log in with
    st.session_state[_NUMBER] = number
with st.form("login"):
    st.text_input("Số CCCD", key=_NUMBER)
    st.text_input("Mật khẩu", type="password", key=_PASSWORD)
    st.form_submit_button("Đăng nhập", type="primary", width="stretch", on_click=_submitted)

error = st.session_state.pop(_ERROR, None)
if error:
    st.error(error)

st.page_link("pages/register.py", label="Chưa có tài khoản? Đăng ký", icon=":material/person_add:")
st.markdown(
    "**Quên mật khẩu?** Người phụ trách CDHT của đơn vị bạn cấp một mật khẩu tạm dùng một lần; bạn "
    "đổi mật khẩu ngay khi đăng nhập. Nhập mã đơn vị để biết người phụ trách:"
)
contact_by_code("login_unit_code")
