"""Đăng ký tài khoản: the citizen's sign-up form."""

import streamlit as st

from cdht import cccd, reference
from cdht.cccd_qr import MAX_IMAGE_BYTES, CardQrError, read_card_image
from cdht.db.accounts import (
    UNIT_UNKNOWN,
    AccountError,
    CccdTaken,
    register_citizen,
    report_taken_number,
)
from cdht.db.membership import membership_of, signs_up_by_list
from cdht.db.units import find_unit_by_code
from cdht.membership import PENDING
from cdht.registration import (
    ETHNICITY,
    FIELDS,
    NOT_GIVEN,
    RELIGION,
    consent_text,
    consent_version,
    sensitive_consent_text,
    validate,
)
from cdht.text import TextError
from cdht.ui import state
from cdht.ui.forms import error_box, error_summary, field_error, place_fields
from cdht.ui.text import md
from cdht.unit_codes import is_well_formed
from cdht.window import local_year, now_utc

LABELS = {  # in the form's order, for the summary of mistakes
    "unit_code": "Mã đơn vị quản lý",
    "cccd": "Số CCCD",
    "full_name": "Họ và tên",
    "gender": "Giới tính",
    "birth_year": "Năm sinh",
    "ethnicity": "Dân tộc",
    "religion": "Tôn giáo",
    "sensitive_consent": "Đồng ý cung cấp dữ liệu nhạy cảm",
    "province_code": "Tỉnh, thành phố",
    "ward_code": "Phường, xã",
    "department": "Phòng/ban",
    "phone": "Số điện thoại",
    "position": "Chức vụ",
    "email": "Email",
    "password": "Mật khẩu",
    "password2": "Nhập lại mật khẩu",
    "consent": "Đồng ý xử lý dữ liệu cá nhân",
}
ERRORS = "reg_errors"
DONE = "reg_done"
TAKEN = "reg_taken"  # the values of a sign-up refused because the number has an account
REPORT = "reg_report"  # the outcome of "Báo cho người quản lý"


def _key(name: str) -> str:
    return f"reg_{name}"


def _submit() -> None:
    raw = {name: st.session_state.get(_key(name)) for name in FIELDS}
    now = now_utc()
    asked = state.settings().sensitive_fields
    reg, errors = validate(raw, current_year=local_year(now), asked=asked)
    code = raw.get("unit_code") or ""
    if reg is None and "unit_code" not in errors and is_well_formed(code):
        with state.db() as session:  # every mistake at the first press, the unit's too
            if find_unit_by_code(session, code) is None:
                errors["unit_code"] = UNIT_UNKNOWN
    st.session_state.pop(TAKEN, None)
    st.session_state.pop(REPORT, None)
    if reg is not None:
        try:
            with state.db() as session:
                who = register_citizen(
                    session,
                    reg,
                    now=now,
                    consent=consent_version(asked),
                    client=state.client_address(),
                    limits=state.settings().signup_limits,
                )
                waiting = membership_of(session, who)[0] == PENDING
        except AccountError as exc:
            errors = {exc.field or "form": str(exc)}
            if isinstance(exc, CccdTaken):
                st.session_state[TAKEN] = reg
        else:
            for name in FIELDS:
                st.session_state.pop(_key(name), None)
            st.session_state.pop("reg_card_message", None)
            st.session_state[DONE] = "pending" if waiting else "approved"
            state.registered(cccd.normalise(reg.cccd))
    st.session_state[ERRORS] = errors
    st.session_state["reg_pressed"] = True


def _report() -> None:
    reg = st.session_state.get(TAKEN)
    if reg is None:
        return
    try:
        with state.db() as session:
            report_taken_number(
                session,
                unit_code=reg.unit_code,
                cccd=reg.cccd,
                full_name=reg.full_name,
                phone=st.session_state.get("reg_report_phone", ""),
                email=st.session_state.get("reg_report_email", ""),
                now=now_utc(),
                client=state.client_address(),
                limits=state.settings().signup_limits,
            )
    except (AccountError, TextError) as exc:
        st.session_state[REPORT] = ("error", str(exc))
    else:
        st.session_state.pop(TAKEN, None)
        st.session_state[REPORT] = (
            "success",
            "Đã gửi báo cáo đến người quản lý của đơn vị. Họ sẽ kiểm tra, liên hệ với bạn và trả "
            "lại số CCCD để bạn đăng ký.",
        )


def _taken_number_help() -> None:
    """Under the CCCD field of a refused sign-up: the way to report the number."""
    kind, message = st.session_state.get(REPORT, (None, None))
    if kind == "success":
        st.success(message)
        return
    if st.session_state.get(TAKEN) is None:
        return
    with st.container(border=True):
        st.page_link(
            "pages/login.py", label="Đó là tài khoản của tôi: đăng nhập", icon=":material/login:"
        )
        st.markdown(
            "Nếu bạn **chưa từng đăng ký**, có thể người khác đã dùng số CCCD của bạn. Báo cho "
            "người quản lý của đơn vị: họ kiểm tra và trả lại số cho bạn."
        )
        with st.form("report_taken", border=False):
            reg = st.session_state[TAKEN]
            st.text_input(
                "Số điện thoại để liên hệ lại",
                value=reg.phone,
                key="reg_report_phone",
            )
            st.text_input("Email", value=reg.email, key="reg_report_email")
            st.form_submit_button("Báo cho người quản lý", on_click=_report)
        if kind == "error":
            error_box(message)


done = st.session_state.pop(DONE, None)
if done:
    state.flash(
        "Đăng ký thành công. Vui lòng đăng nhập bằng số CCCD và mật khẩu vừa tạo."
        + (
            " Đơn vị chưa có danh sách nhân sự nên tài khoản của bạn chờ người quản lý duyệt; "
            "bạn vẫn tự đánh giá được, kết quả được tính sau khi duyệt."
            if done == "pending"
            else ""
        )
    )
    st.switch_page("pages/login.py")

errors: dict[str, str] = st.session_state.get(ERRORS, {})
st.title("Đăng ký tài khoản")
st.page_link("pages/login.py", label="Đã có tài khoản? Đăng nhập", icon=":material/login:")
st.markdown("Các mục có dấu \\* là bắt buộc.")
if "form" in errors:
    error_box(errors["form"])
elif errors:
    error_summary(errors, LABELS, scroll=st.session_state.pop("reg_pressed", False))

with st.expander("Quét mã QR trên CCCD để điền nhanh số CCCD, họ tên, giới tính, năm sinh"):
    st.caption("Ảnh chỉ dùng để đọc mã, không được lưu lại.")
    photo = st.camera_input("Chụp mã QR ở góc trên mặt trước thẻ CCCD", key="reg_camera")
    upload = st.file_uploader(
        f"Hoặc chọn ảnh chụp mã QR (JPG, PNG, WEBP, tối đa {MAX_IMAGE_BYTES // (1024 * 1024)} MB)",
        type=["jpg", "jpeg", "png", "webp"],
        key="reg_card_photo",
    )
    image = photo or upload
    if image is not None and st.session_state.get("reg_card_seen") != image.file_id:
        st.session_state["reg_card_seen"] = image.file_id
        try:
            card = read_card_image(image.getvalue())
        except CardQrError as exc:
            st.session_state["reg_card_message"] = ("error", str(exc))
        else:
            st.session_state[_key("cccd")] = card.cccd
            st.session_state[_key("full_name")] = card.full_name
            st.session_state[_key("gender")] = card.gender
            st.session_state[_key("birth_year")] = str(card.birth_year)
            st.session_state["reg_card_message"] = (
                "success",
                f"Đã điền số CCCD, họ tên, giới tính và năm sinh của {md(card.full_name)}. "
                "Vui lòng kiểm tra và nhập các mục còn lại.",
            )
    kind, message = st.session_state.get("reg_card_message", (None, None))
    if kind == "error":
        error_box(message)
    elif kind == "success":
        st.success(message)

st.subheader("Đơn vị quản lý")
if _key("unit_code") not in st.session_state:
    st.session_state[_key("unit_code")] = st.query_params.get("ma", "")
code = st.text_input(
    "Mã đơn vị quản lý *",
    key=_key("unit_code"),
    help=(
        "Mã gồm 8 chữ cái và chữ số, có sẵn trong đường link đăng ký hoặc mã QR đơn vị gửi; không "
        "có thì hỏi người phụ trách của đơn vị."
    ),
)
field_error(errors, "unit_code")
if code.strip() and is_well_formed(code):
    with state.db() as session:
        unit = find_unit_by_code(session, code)
        by_list = unit is not None and signs_up_by_list(session, unit.id)
    if unit:
        st.info(f"Đơn vị: {md(unit.name)}", icon=":material/apartment:")
        st.caption(
            "Đơn vị đã có danh sách nhân sự: chỉ người có số CCCD và họ tên trong danh sách mới "
            "đăng ký được. Chưa có tên thì hãy báo người phụ trách của đơn vị trước."
            if by_list
            else "Sau khi bạn đăng ký, người quản lý đơn vị duyệt thì kết quả của bạn mới được "
            "tính vào số liệu của đơn vị (bạn vẫn tự đánh giá được ngay)."
        )
    elif "unit_code" not in errors:  # (else the field's error says it)
        st.warning("Chưa tìm thấy đơn vị có mã này.")

st.subheader("Thông tin cá nhân")
st.text_input("Số CCCD *", key=_key("cccd"), placeholder="12 chữ số")
field_error(errors, "cccd")
_taken_number_help()
st.text_input("Họ và tên *", key=_key("full_name"))
field_error(errors, "full_name")
col1, col2 = st.columns(2)
with col1:
    st.radio("Giới tính *", cccd.GENDERS, index=None, key=_key("gender"), horizontal=True)
    field_error(errors, "gender")
with col2:
    st.text_input("Năm sinh *", key=_key("birth_year"), placeholder="Ví dụ: 1985")
    field_error(errors, "birth_year")
asked = state.settings().sensitive_fields
if asked:
    with st.container(border=True):
        st.markdown("**Dữ liệu cá nhân nhạy cảm (không bắt buộc)**")
        if ETHNICITY in asked:
            st.selectbox("Dân tộc", [NOT_GIVEN, *reference.ETHNIC_GROUPS], key=_key("ethnicity"))
            field_error(errors, "ethnicity")
        if RELIGION in asked:
            st.selectbox("Tôn giáo", [NOT_GIVEN, *reference.RELIGIONS], key=_key("religion"))
            field_error(errors, "religion")
        st.checkbox(sensitive_consent_text(asked), key=_key("sensitive_consent"))
        field_error(errors, "sensitive_consent")
place_fields(errors, province_key=_key("province_code"), ward_key=_key("ward_code"))

st.subheader("Thông tin công tác (không bắt buộc)")
col1, col2 = st.columns(2)
with col1:
    st.text_input("Phòng/ban", key=_key("department"))
    field_error(errors, "department")
    st.text_input("Số điện thoại", key=_key("phone"))
    field_error(errors, "phone")
with col2:
    st.text_input("Chức vụ", key=_key("position"))
    field_error(errors, "position")
    st.text_input("Email", key=_key("email"))
    field_error(errors, "email")

# The password fields sit in a form with the button: a password field commits its value on
# submit even when the person leaves it with Tab (which otherwise lands on its "show" button).
with st.form("register_submit", border=False):
    st.subheader("Mật khẩu")
    st.text_input("Mật khẩu *", type="password", key=_key("password"))
    field_error(errors, "password")
    st.text_input("Nhập lại mật khẩu *", type="password", key=_key("password2"))
    field_error(errors, "password2")
    st.caption(
        "Ít nhất 8 ký tự, khó đoán: nên ghép ba, bốn từ ít gặp; không dùng họ tên, số CCCD, năm "
        "sinh, tên đơn vị hoặc mật khẩu quen thuộc như 123456."
    )
    st.subheader("Đồng ý xử lý dữ liệu cá nhân")
    st.info(consent_text(asked))
    st.checkbox("Tôi đã đọc và đồng ý *", key=_key("consent"))
    field_error(errors, "consent")
    st.form_submit_button("Đăng ký", type="primary", on_click=_submit, width="stretch")
