"""Tài khoản thành viên: the unit's accounts; a one-time password for someone who forgot theirs."""

from datetime import timedelta

import streamlit as st

from cdht.db.accounts import (
    LOCK_NOTICE_DAYS,
    AccountError,
    appoint_new,
    recent_locks,
    reset_password,
    set_role,
    unit_members,
)
from cdht.db.my_data import deletion_requests, erase_account
from cdht.roles import (
    CITIZEN,
    ROLE_LABELS,
    Actor,
    PermissionDenied,
    appointable_roles,
    can_appoint,
    can_reset_password,
    sees_every_unit,
)
from cdht.ui import state
from cdht.ui.forms import confirmed, error_box, field_error, person_fields
from cdht.ui.text import md
from cdht.ui.unit_picker import pick_unit
from cdht.window import VN_TZ, now_utc

# Session keys of the form "Giao vai trò cho người chưa có tài khoản": its fields (kept when it
# is refused), its errors by field, the one-time password it made.
AN_CCCD, AN_NAME, AN_ROLE = "an_cccd", "an_name", "an_role"
AN_ERRORS, AN_DONE = "an_errors", "an_done"


def _appoint_new(who: Actor, unit_id: int, valid_hours: int) -> None:
    """The form's button: make the account, then empty the form; or keep it with the errors."""
    role = st.session_state.get(AN_ROLE)
    try:
        with state.db() as session:
            temporary = appoint_new(
                session,
                who,
                unit_id=unit_id,
                cccd=st.session_state.get(AN_CCCD) or "",
                full_name=st.session_state.get(AN_NAME) or "",
                role=role,
                now=now_utc(),
                valid_for=timedelta(hours=valid_hours),
            )
    except AccountError as exc:
        st.session_state[AN_ERRORS] = exc.errors or {"form": str(exc)}
    except PermissionDenied as exc:
        st.session_state[AN_ERRORS] = {"form": str(exc)}
    else:
        st.session_state[AN_DONE] = (role, temporary)
        st.session_state[AN_CCCD] = st.session_state[AN_NAME] = ""


who = state.require_actor()
st.title("Tài khoản thành viên")
state.show_flash()
unit = pick_unit(who, "members")
with state.db() as session:
    members = unit_members(session, who, unit_id=unit.id)
st.write(f"Đơn vị có **{len(members)}** tài khoản.")
with state.db() as session:
    locks = recent_locks(session, who, unit_id=unit.id, now=now_utc())
if locks:
    lines = "\n".join(
        f"- {md(n.full_name)} ({n.cccd_masked}): lúc {n.at.astimezone(VN_TZ):%H:%M ngày %d/%m/%Y}"
        for n in locks
    )
    st.warning(
        f"Tài khoản bị tạm khoá vì đăng nhập sai nhiều lần ({LOCK_NOTICE_DAYS} ngày qua):\n\n"
        f"{lines}\n\nNếu không phải chính họ nhập sai, có thể ai đó đang dò mật khẩu: nhắc họ đặt "
        "mật khẩu khó đoán.",
        icon=":material/lock_clock:",
    )
st.dataframe(
    [
        {
            "Họ và tên": m.full_name,
            "Số CCCD": m.cccd_masked,
            "Phòng/ban": m.department,
            "Vai trò": ROLE_LABELS[m.role],
            "Ghi chú": "Chưa đăng ký (phiếu giấy)"
            if m.paper_only
            else "Mật khẩu tạm chưa đổi"
            if m.must_change_password
            else "",
        }
        for m in members
    ],
    hide_index=True,
    width="stretch",
)

st.subheader("Cấp mật khẩu tạm")
valid_hours = state.settings().temporary_password_hours
st.write(
    "Khi một người quên mật khẩu, cấp cho họ một mật khẩu tạm dùng một lần, dùng được trong "
    f"{valid_hours} giờ. Họ phải đổi mật khẩu ngay khi đăng nhập. Không dùng chung một mật khẩu "
    "cho nhiều người."
    + (
        ""
        if sees_every_unit(who)
        else " Mật khẩu của người quản lý, lãnh đạo do quản trị hệ thống cấp lại."
    )
)
choices = {
    m.id: f"{m.full_name} ({m.cccd_masked})"
    for m in members
    if can_reset_password(who, account_id=m.id, role=m.role)
}
with st.form("reset"):
    target = st.selectbox(
        "Thành viên",
        list(choices),
        format_func=choices.get,
        index=None,
        placeholder="Chọn",
        key="reset_person",
    )
    submitted = st.form_submit_button("Cấp mật khẩu tạm", type="primary")
if submitted:
    if target is None:
        st.error("Vui lòng chọn thành viên.")
    else:
        try:
            now = now_utc()
            valid_for = timedelta(hours=valid_hours)
            with state.db() as session:
                temporary = reset_password(
                    session, who, account_id=target, now=now, valid_for=valid_for
                )
        except (AccountError, PermissionDenied) as exc:
            error_box(str(exc))
        else:
            until = (now + valid_for).astimezone(VN_TZ)
            st.success(f"Mật khẩu tạm cho {md(choices[target])}:")
            st.code(temporary, language=None)
            st.caption(
                "Mật khẩu này chỉ hiện một lần, dùng được đến "
                f"{until:%H:%M} ngày {until:%d/%m/%Y}. Người dùng phải đổi ngay khi đăng nhập."
            )

st.subheader("Giao vai trò")
givable = appointable_roles(who)
st.write(
    "Quản trị hệ thống giao hoặc bỏ vai trò quản lý, lãnh đạo của bất kỳ đơn vị nào; người quản "
    "lý giao hoặc bỏ vai trò lãnh đạo trong đơn vị mình. Người được đổi vai trò phải đăng nhập lại."
)
# People whose role the actor may change: their present role is one the actor gives.
changeable = {m.id: m for m in members if can_appoint(who, account_id=m.id, old=m.role, new=m.role)}
with st.form("role"):
    person = st.selectbox(
        "Thành viên",
        list(changeable),
        format_func=lambda i: (
            f"{changeable[i].full_name} ({changeable[i].cccd_masked}) – "
            f"{ROLE_LABELS[changeable[i].role]}"
        ),
        index=None,
        placeholder="Chọn",
        key="role_person",
    )
    role = st.selectbox(
        "Vai trò mới",
        givable,
        format_func=ROLE_LABELS.get,
        index=None,
        placeholder="Chọn",
        key="role_new",
    )
    if st.form_submit_button("Lưu vai trò", type="primary"):
        if person is None or role is None:
            st.error("Vui lòng chọn thành viên và vai trò.")
        else:
            try:
                with state.db() as session:
                    set_role(session, who, account_id=person, role=role, now=now_utc())
            except (AccountError, PermissionDenied) as exc:
                error_box(str(exc))
            else:
                state.flash(
                    f"{changeable[person].full_name} nay là {ROLE_LABELS[role].lower()}; "
                    "người này cần đăng nhập lại."
                )
                st.rerun()

new_roles = [r for r in givable if r != CITIZEN]
errors: dict[str, str] = st.session_state.pop(AN_ERRORS, {})
made: tuple[str, str] | None = st.session_state.pop(AN_DONE, None)
with st.expander("Giao vai trò cho người chưa có tài khoản", expanded=bool(errors or made)):
    with st.form("appoint_new"):
        field_error(errors, "form")
        person_fields(errors, cccd_key=AN_CCCD, name_key=AN_NAME)
        st.selectbox("Vai trò *", new_roles, format_func=ROLE_LABELS.get, key=AN_ROLE)
        st.form_submit_button(
            "Tạo tài khoản", on_click=_appoint_new, args=(who, unit.id, valid_hours)
        )
    if made is not None:
        role_made, temporary = made
        st.success(f"Đã tạo tài khoản {ROLE_LABELS[role_made].lower()}. Mật khẩu tạm:")
        st.code(temporary, language=None)
        st.markdown(
            "Mật khẩu này chỉ hiện một lần. Người dùng đăng nhập bằng số CCCD và mật khẩu "
            "tạm, rồi phải đổi mật khẩu ngay."
        )

st.subheader("Yêu cầu xoá tài khoản")
with state.db() as session:
    requests = deletion_requests(session, who, unit_id=unit.id)
if not requests:
    st.caption("Không có yêu cầu nào đang chờ.")
for account_id, name, masked in requests:
    with st.form(f"erase_{account_id}"):
        st.write(f"{md(name)} ({masked}) đã yêu cầu xoá tài khoản và dữ liệu.")
        st.caption(
            "Xoá: thông tin cá nhân, phiếu tự đánh giá, bản nháp, tệp minh chứng, phiên đăng nhập. Giữ: dòng của người "
            "này trong danh sách kèm quyết định công nhận đã ký (nếu có) và nhật ký hệ thống."
        )
        if confirmed("Tôi xác nhận xoá vĩnh viễn.", "Xoá dữ liệu", key=f"erase_sure_{account_id}"):
            with state.db() as session:
                erase_account(
                    session, who, store=state.file_store(), account_id=account_id, now=now_utc()
                )
            st.success(f"Đã xoá dữ liệu của {md(name)}.")
