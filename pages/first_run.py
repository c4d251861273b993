"""Khởi tạo hệ thống: creates the first unit and administrator while no account exists, for
whoever has the one-time setup code printed on the server's console."""

from datetime import date

import streamlit as st

from cdht.cccd import CccdError
from cdht.db.accounts import AccountError
from cdht.db.setup import FirstUnit, SetupError, initialise_system
from cdht.db.units import UnitError
from cdht.text import TextError
from cdht.ui import state
from cdht.ui.dates import FIX_DATES, date_field
from cdht.ui.forms import error_box, field_error
from cdht.window import default_window, local_date, now_utc

st.title("Khởi tạo hệ thống")
st.write(
    "Hệ thống chưa có tài khoản nào. Hãy tạo đơn vị đầu tiên và tài khoản quản trị. "
    "Sau đó, chia sẻ mã đơn vị để cán bộ, người lao động tự đăng ký."
)
settings = state.settings()
today = local_date(now_utc())
window = default_window(today.year, *settings.window_defaults)
suggested_close = window.closes_on if today <= window.closes_on else date(today.year, 12, 31)
FIELDS = ("setup_code", "password", "password2")  # messages drawn by their field
errors: dict[str, str] = st.session_state.get("first_run_errors", {})

with st.form("first_run"):
    setup_code = st.text_input(
        "Mã khởi tạo *",
        placeholder="XXXX-XXXX-XXXX",
        help="Mã dùng một lần, in trên màn hình dòng lệnh của máy chủ khi chạy `make run` "
        "(hoặc `python -m cdht init`). Chạy lại lệnh đó để có mã mới.",
    )
    field_error(errors, "setup_code")
    st.subheader("Đơn vị")
    unit_name = st.text_input("Tên đơn vị *")
    unit_code = st.text_input("Mã đơn vị (8 ký tự, để trống để hệ thống tự tạo)").strip()
    contact_name = st.text_input("Người liên hệ (hiện trên trang Hướng dẫn)")
    contact_phone = st.text_input("Điện thoại liên hệ")
    closes_on = date_field(
        f"Hạn chót tự đánh giá năm {today.year}",
        key="first_run_closes",
        value=suggested_close,
        earliest=date(today.year, 1, 1),
        latest=date(today.year, 12, 31),
    )
    st.subheader("Tài khoản quản trị")
    number = st.text_input("Số CCCD *")
    full_name = st.text_input("Họ và tên *")
    password = st.text_input("Mật khẩu *", type="password")
    field_error(errors, "password")
    password2 = st.text_input("Nhập lại mật khẩu *", type="password")
    field_error(errors, "password2")
    submitted = st.form_submit_button("Khởi tạo", type="primary", width="stretch")
if errors.get(""):
    error_box(errors[""])

if submitted and closes_on is None:
    error_box(FIX_DATES)
elif submitted:
    try:
        if password != password2:
            raise AccountError("Mật khẩu nhập lại không khớp.", "password2")
        with state.db() as session:
            unit = initialise_system(
                session,
                setup_code=setup_code,
                unit=FirstUnit(
                    name=unit_name,
                    code=unit_code or None,
                    contact_name=contact_name,
                    contact_phone=contact_phone,
                    default_group=settings.default_group,
                    year=today.year,
                    opens_on=window.opens_on,
                    closes_on=closes_on,
                ),
                cccd=number,
                full_name=full_name,
                password=password,
                now=now_utc(),
            )
    except (SetupError, AccountError) as exc:
        st.session_state["first_run_errors"] = {exc.field if exc.field in FIELDS else "": str(exc)}
    except (UnitError, TextError, CccdError) as exc:
        st.session_state["first_run_errors"] = {"": str(exc)}
    else:
        st.session_state["first_run_errors"] = {}
        state.flash(f"Đã khởi tạo đơn vị {unit.name}, mã {unit.code}. Vui lòng đăng nhập.")
    st.rerun()
