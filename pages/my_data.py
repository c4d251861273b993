"""Dữ liệu của tôi: see and download everything held, correct one's details, ask for deletion."""

import json

import streamlit as st

from cdht.db.evidence import list_evidence
from cdht.db.my_data import (
    DetailsError,
    my_data,
    request_deletion,
    update_my_details,
    update_my_place,
    withdraw_sensitive_consent,
)
from cdht.db.web_sessions import end_session, my_sessions
from cdht.roles import ADMIN, MANAGER
from cdht.ui import state
from cdht.ui.browsers import browser_label
from cdht.ui.evidence import download_button
from cdht.ui.forms import confirmed, error_summary, field_error, place_fields
from cdht.ui.personal_data import ACCOUNT_LABELS, export_document, shown_items
from cdht.ui.text import md, md_own_address
from cdht.window import VN_TZ, now_utc

who = state.require_actor()
st.title("Dữ liệu của tôi")
state.show_flash()
with state.db() as session:
    data = my_data(session, who)
account = data.account
# Who corrects this person's card data and carries out their deletion request: never themselves.
handler = {
    MANAGER: "người quản lý khác của đơn vị hoặc quản trị hệ thống",
    ADMIN: "quản trị hệ thống khác",
}.get(who.role, "người quản lý đơn vị")

st.write(
    "Đây là toàn bộ dữ liệu hệ thống giữ về bạn. Bạn có quyền xem, tải về, sửa và yêu cầu xoá "
    "(Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15)."
)
st.download_button(
    "Tải về toàn bộ dữ liệu của tôi",
    help="Một tệp JSON: dạng máy đọc được, để lưu giữ hoặc chuyển sang hệ thống khác. Mở "
    "bằng trình soạn thảo văn bản để xem.",
    data=json.dumps(export_document(data), ensure_ascii=False, indent=2),
    file_name="du-lieu-cua-toi.json",
    mime="application/json",
    icon=":material/download:",
    on_click="ignore",
)
EMAIL = ACCOUNT_LABELS["email"]
DETAILS_ERRORS, DETAILS_SAVED = "my_details_errors", "my_details_saved"
PLACE_ERRORS, PROVINCE, WARD = "my_place_errors", "md_province", "md_ward"
# The details form's fields, in its order, as the summary of its errors names them.
DETAILS_LABELS = {
    "full_name": "Họ và tên",
    "department": "Phòng/ban",
    "position": "Chức vụ",
    "phone": "Số điện thoại",
    "email": "Email",
}
# A plain table: its long labels and values wrap on a phone, and it reads as a table. Its cells
# are Markdown, so what a person typed is escaped.
st.table(
    [
        {
            "Mục": label[:1].upper() + label[1:],
            "Giá trị": (md_own_address if label == EMAIL else md)(value) if value else "—",
        }
        for label, value in shown_items(account).items()
    ],
    hide_index=True,
    border="horizontal",
)
st.caption(
    f"{len(data.assessments)} phiếu tự đánh giá, {len(data.revisions)} lần gửi trước, "
    f"{len(data.decisions)} quyết định công nhận, {len(data.events)} dòng nhật ký (có trong tệp "
    "tải về)."
)

st.subheader("Tệp minh chứng")
with state.db() as session:
    files = list_evidence(session, who, account_id=who.id)
if not files:
    st.caption("Bạn chưa đính kèm tệp minh chứng nào (đính kèm ở trang Tự đánh giá).")
for info in files:
    st.caption(f"Năm {info.year} · chỉ số {info.indicator_id}")
    download_button(who, info, key=f"my_ev_{info.id}")

st.subheader("Phiên đăng nhập")
idle = state.settings().session_idle
st.write(
    "Các trình duyệt đang đăng nhập bằng tài khoản của bạn. Phiên không dùng trong "
    f"{int(idle.total_seconds() // 60)} phút tự kết thúc. Thấy phiên lạ thì bấm **Đăng xuất phiên "
    "này** rồi đổi mật khẩu."
)
with state.db() as session:
    sessions = my_sessions(session, who, now=now_utc(), idle=idle)
for info in sessions:
    this_one = info.id == state.session_id()
    with st.container(border=True, key=f"session_{info.id}"):
        name = browser_label(info.user_agent) + (" (phiên đang dùng)" if this_one else "")
        started = info.created_at.astimezone(VN_TZ)
        seen = info.last_seen_at.astimezone(VN_TZ)
        st.markdown(f"**{md(name)}**")
        st.write(
            f"Đăng nhập lúc {started:%H:%M ngày %d/%m/%Y}, dùng gần nhất lúc {seen:%H:%M}"
            + (f", từ địa chỉ {md(info.client)}" if info.client else "")
        )
        if st.button("Đăng xuất phiên này", key=f"end_session_{info.id}"):
            if this_one:
                state.log_out()
            else:
                with state.db() as session:
                    end_session(session, who, session_id=info.id, now=now_utc())
                state.flash(f"Đã đăng xuất phiên {name}.")
            st.rerun()

st.subheader("Sửa thông tin")
st.caption(f"Số CCCD, giới tính và năm sinh theo thẻ CCCD; cần sửa thì báo {handler}.")
# A refusal names every field at fault under it; the run after the press draws them, the typed
# values kept by their widgets.
errors: dict[str, str] = st.session_state.pop(DETAILS_ERRORS, {})
# A save gives the boxes new keys, so they show what was stored (cleaned: "Nguyễn Văn An" for
# "  nguyễn   văn an"), not what was typed.
saved = st.session_state.get(DETAILS_SAVED, 0)
with st.form("my_details"):
    if errors:  # the press left the page at the button, far below
        error_summary(errors, DETAILS_LABELS, scroll=True)
    name = st.text_input("Họ và tên *", value=account.full_name, key=f"md_name_{saved}")
    field_error(errors, "full_name")
    department = st.text_input("Phòng/ban", value=account.department, key=f"md_dep_{saved}")
    field_error(errors, "department")
    position = st.text_input("Chức vụ", value=account.position, key=f"md_pos_{saved}")
    field_error(errors, "position")
    phone = st.text_input("Số điện thoại", value=account.phone, key=f"md_phone_{saved}")
    field_error(errors, "phone")
    email = st.text_input("Email", value=account.email, key=f"md_email_{saved}")
    field_error(errors, "email")
    if st.form_submit_button("Lưu thay đổi", type="primary"):
        try:
            with state.db() as session:
                updated = update_my_details(
                    session,
                    who,
                    full_name=name,
                    department=department,
                    position=position,
                    phone=phone,
                    email=email,
                    now=now_utc(),
                )
        except DetailsError as exc:
            st.session_state[DETAILS_ERRORS] = exc.errors
            st.rerun()
        else:
            state.update_actor(updated)  # the menu shows the corrected name at once
            st.session_state[DETAILS_SAVED] = saved + 1
            state.flash("Đã lưu thông tin.")
            st.rerun()

st.subheader("Tỉnh, phường")
st.caption(
    f"Đang ghi: {md(account.ward or '—')}, {md(account.province or '—')}. Chọn nơi mới rồi lưu."
)
place_errors: dict[str, str] = st.session_state.pop(PLACE_ERRORS, {})
place_fields(place_errors, province_key=PROVINCE, ward_key=WARD)
if st.button("Lưu tỉnh, phường", key="md_place_save"):
    try:
        with state.db() as session:
            update_my_place(
                session,
                who,
                province_code=st.session_state.get(PROVINCE),
                ward_code=st.session_state.get(WARD),
                now=now_utc(),
            )
    except DetailsError as exc:
        st.session_state[PLACE_ERRORS] = exc.errors
    else:
        for key in (PROVINCE, WARD):
            st.session_state.pop(key, None)
        state.flash("Đã lưu tỉnh, phường.")
    st.rerun()

sensitive = [
    (label, value)
    for label, value in (("Dân tộc", account.ethnicity), ("Tôn giáo", account.religion))
    if value
]
if sensitive or account.sensitive_consented_at:
    st.subheader("Dữ liệu nhạy cảm")
    shown = "; ".join(f"{label}: {value}" for label, value in sensitive)
    st.write(
        f"Bạn đã đồng ý cung cấp: {md(shown)}. Đây là dữ liệu cá nhân nhạy cảm; bạn có thể rút lại "
        "sự đồng ý, khi đó thông tin này bị xoá ngay (việc rút lại được ghi lại)."
    )
    with st.form("withdraw_sensitive"):
        if confirmed("Tôi rút lại sự đồng ý và muốn xoá thông tin này.", "Rút lại đồng ý"):
            with state.db() as session:
                withdraw_sensitive_consent(session, who, now=now_utc())
            state.flash("Đã rút lại sự đồng ý và xoá dữ liệu nhạy cảm.")
            st.rerun()

st.subheader("Yêu cầu xoá tài khoản")
st.write(
    "Khi xoá, tài khoản, phiếu tự đánh giá, bản nháp, tệp minh chứng và thông tin liên hệ của bạn bị xoá. Nếu bạn đã "
    "được công nhận danh hiệu, họ tên, năm sinh và tổng điểm trong danh sách kèm quyết định công nhận "
    f"đã ký vẫn được lưu như một phần của văn bản đó. Yêu cầu do {handler} xử lý."
)
if account.deletion_requested_at:
    st.info(f"Bạn đã gửi yêu cầu xoá; {handler} sẽ xử lý.", icon=":material/schedule:")
else:
    with st.form("delete_request"):
        if confirmed("Tôi muốn xoá tài khoản và dữ liệu của mình.", "Gửi yêu cầu xoá"):
            with state.db() as session:
                request_deletion(session, who, now=now_utc())
            state.flash(f"Đã gửi yêu cầu xoá lúc {now_utc().astimezone(VN_TZ):%H:%M %d/%m/%Y}.")
            st.rerun()
