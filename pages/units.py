"""Các đơn vị (administrator): every unit with its code, creating a new one, and the managers of
a parent unit (an association)."""

from datetime import timedelta

import streamlit as st

from cdht.criteria import GROUPS
from cdht.db.accounts import AccountError, appoint_parent_manager, parent_managers
from cdht.db.my_data import overdue_deletion_requests
from cdht.db.units import UnitError, UnitInfo, create_unit, list_units, unit_window
from cdht.roles import Actor, PermissionDenied, require_admin
from cdht.ui import state
from cdht.ui.forms import error_box, field_error, person_fields
from cdht.ui.text import md
from cdht.unit_codes import namesakes, told_apart
from cdht.window import VN_TZ, local_year, now_utc

# Fixed widths and rows tall enough for long names wrapped on three lines: the table fits a
# 1280 px screen; a column's help gives its full name.
WRAPPED_ROW = 70
UNIT_COLUMNS = {
    "Tên đơn vị": st.column_config.TextColumn(width=250),
    "Mã": st.column_config.TextColumn(width=90, help="Mã đơn vị, dùng khi đăng ký"),
    "Đơn vị cấp trên": st.column_config.TextColumn(width=200),
    "Người liên hệ": st.column_config.TextColumn(width=200),
    "Nhóm": st.column_config.TextColumn(width=64, help="Nhóm đối tượng mặc định"),
}
# Session keys of the parent-unit manager form: its fields, its errors, the one-time result.
PM_CCCD, PM_NAME, PM_ERRORS, PM_DONE = "pm_cccd", "pm_name", "pm_errors", "pm_done"


def _appoint(who: Actor, unit_id: int, valid_hours: int) -> None:
    """The form's button: appoint, then keep the errors (by field) or the result for this run."""
    try:
        with state.db() as session:
            done = appoint_parent_manager(
                session,
                who,
                unit_id=unit_id,
                cccd=st.session_state.get(PM_CCCD, ""),
                full_name=st.session_state.get(PM_NAME, ""),
                now=now_utc(),
                valid_for=timedelta(hours=valid_hours),
            )
    except AccountError as exc:
        st.session_state[PM_ERRORS] = {exc.field or "form": str(exc)}
    except PermissionDenied as exc:
        st.session_state[PM_ERRORS] = {"form": str(exc)}
    else:
        st.session_state[PM_ERRORS] = {}
        st.session_state[PM_DONE] = done
        st.session_state[PM_CCCD] = st.session_state[PM_NAME] = ""


# Session keys of the new-unit form: its fields (kept when it is refused), its errors by field.
NU_FIELDS = {f: f"nu_{f}" for f in ("name", "contact_name", "contact_phone", "group", "parent")}
NU_ERRORS = "nu_errors"
# The tick that creates a unit bearing the name of a unit under another parent, asked for after
# the first press.
NU_NAMESAKE, NU_ASKED = "nu_namesake_ok", "nu_namesake_asked"


def _namesake_refusal(name: str, parent_id: int | None, units: list[UnitInfo]) -> str | None:
    """Why a new unit's name needs a tick: units under another parent (or none) bear it."""
    alike = namesakes(name, parent_id, ((u.parent_id, u.name, u.code) for u in units))
    if not alike:
        return None
    parents = {u.id: u.name for u in units}
    where = "; ".join(
        f"mã {code}, thuộc {parents[parent]}"
        if parent
        else f"mã {code}, không thuộc đơn vị cấp trên nào"
        for parent, code in alike
    )
    return (
        f"Đã có đơn vị mang tên này ở cấp khác ({where}). Nếu định tạo đơn vị thuộc đơn vị cấp "
        "trên đó, hãy chọn lại ô Đơn vị cấp trên. Nếu đây là một đơn vị khác, đánh dấu ô "
        "“Vẫn tạo đơn vị cùng tên” rồi bấm Tạo đơn vị: ở các danh sách chung, hai đơn vị được "
        "phân biệt bằng mã."
    )


def _create(who: Actor, units: list[UnitInfo]) -> None:
    """The new-unit form's button: create, then clear the form; or keep it with the errors."""
    typed = {f: st.session_state.get(key) for f, key in NU_FIELDS.items()}
    codes = {u.id: u.code for u in units}
    if not st.session_state.get(NU_NAMESAKE) and (
        refusal := _namesake_refusal(typed["name"] or "", typed["parent"], units)
    ):
        st.session_state[NU_ERRORS] = {"name": refusal}
        st.session_state[NU_ASKED] = True
        return
    try:
        with state.db() as session:
            unit = create_unit(
                session,
                who,
                name=typed["name"] or "",
                contact_name=typed["contact_name"] or "",
                contact_phone=typed["contact_phone"] or "",
                default_group=typed["group"] or "III",
                parent_code=codes[typed["parent"]] if typed["parent"] else None,
                now=now_utc(),
            )
    except UnitError as exc:
        st.session_state[NU_ERRORS] = exc.errors or {"form": str(exc)}
    else:
        st.session_state.update(
            {NU_FIELDS[f]: "" for f in ("name", "contact_name", "contact_phone")}
        )
        st.session_state.update({NU_FIELDS["group"]: "III", NU_FIELDS["parent"]: None})
        st.session_state[NU_NAMESAKE] = False
        state.flash(f"Đã tạo đơn vị {unit.name}, mã {unit.code}.")
        now = now_utc()
        year = local_year(now)
        with state.db() as session:
            window = unit_window(session, unit.id, year, state.settings().window_defaults)
        if now >= window.closes_at:  # e.g. a unit made in December: its members cannot send
            state.notice(
                f"Thời hạn tự đánh giá năm {year} của đơn vị mới ({window.describe()}) đã hết. Nếu "
                "đơn vị cần tự đánh giá năm nay, bạn đặt lại thời hạn ở trang Cài đặt đơn vị (chọn "
                "đơn vị này), hoặc giao người quản lý cho đơn vị ở trang Tài khoản thành viên để "
                "người đó đặt."
            )


def parent_manager_section(who: Actor, units: list[UnitInfo], valid_hours: int) -> None:
    """The managers of a parent unit: who they are, and a form to appoint one."""
    st.subheader("Người quản lý đơn vị cấp trên")
    parents = [u for u in units if any(v.parent_id == u.id for v in units)]
    if not parents:
        st.write(
            "Chưa có đơn vị cấp trên. Khi tạo một đơn vị, chọn đơn vị cấp trên của nó (ví dụ Hội "
            "Khuyến học tỉnh); sau đó giao người quản lý cho đơn vị cấp trên ở đây."
        )
        return
    st.write(
        "Người quản lý của đơn vị cấp trên xem Tổng hợp đơn vị của các đơn vị thành viên. Nhập số "
        "CCCD và họ tên: người đã có tài khoản ở đơn vị cấp trên được giao vai trò quản lý; người "
        "chưa có tài khoản được tạo tài khoản với mật khẩu tạm. Người được giao phải đăng nhập lại."
    )
    parent = st.selectbox(
        "Đơn vị cấp trên", parents, format_func=lambda u: f"{u.name} ({u.code})", key="pm_unit"
    )
    with state.db() as session:
        managers = parent_managers(session, who, unit_id=parent.id)
    if managers:
        st.dataframe(
            [
                {
                    "Họ và tên": m.full_name,
                    "Số CCCD": m.cccd_masked,
                    "Ghi chú": "Mật khẩu tạm chưa đổi" if m.must_change_password else "",
                }
                for m in managers
            ],
            hide_index=True,
            width="stretch",
        )
    else:
        st.write(f"{md(parent.name)} chưa có người quản lý.")
    errors: dict[str, str] = st.session_state.pop(PM_ERRORS, {})
    done = st.session_state.pop(PM_DONE, None)
    with st.form("parent_manager"):
        field_error(errors, "unit")
        person_fields(errors, cccd_key=PM_CCCD, name_key=PM_NAME)
        st.form_submit_button(
            "Giao vai trò quản lý",
            type="primary",
            on_click=_appoint,
            args=(who, parent.id, valid_hours),
        )
    if "form" in errors:
        error_box(errors["form"])
    if done is not None:
        st.success(
            f"{md(done.full_name)} ({done.cccd_masked}) nay là người quản lý của {md(parent.name)}."
        )
        if done.temporary:
            st.write("Mật khẩu tạm (chỉ hiện một lần; phải đổi ngay khi đăng nhập):")
            st.code(done.temporary, language=None)


who = state.require_actor()
require_admin(who)
st.title("Các đơn vị")
state.show_flash()
settings = state.settings()
with state.db() as session:
    units = list_units(session, who)
    overdue = overdue_deletion_requests(
        session, who, now=now_utc(), days=settings.deletion_overdue_days
    )
if overdue:
    with st.container(border=True, key="overdue_deletions"):
        st.warning(
            f"{len(overdue)} yêu cầu xoá dữ liệu cá nhân đã chờ quá "
            f"{settings.deletion_overdue_days} ngày. Nhắc người quản lý của đơn vị thực hiện ở "
            "trang Tài khoản thành viên.",
            icon=":material/warning:",
        )
        st.dataframe(
            [
                {
                    "Đơn vị": r.unit,
                    "Người yêu cầu": f"{r.full_name} ({r.cccd_masked})",
                    "Yêu cầu lúc": r.requested_at.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M"),
                }
                for r in overdue
            ],
            hide_index=True,
            width="stretch",
        )
names = {u.id: u.name for u in units}
labels = told_apart((u.id, u.name, u.code) for u in units)
st.write(
    "Giao người quản lý, lãnh đạo cho một đơn vị ở trang Tài khoản thành viên (chọn đơn vị ở đầu "
    "trang)."
)
st.dataframe(
    [
        {
            "Tên đơn vị": u.name,
            "Mã": u.code,
            "Đơn vị cấp trên": names.get(u.parent_id, ""),
            "Người liên hệ": u.contact_name,
            "Nhóm": u.default_group,
        }
        for u in units
    ],
    hide_index=True,
    width="stretch",
    column_config=UNIT_COLUMNS,
    row_height=WRAPPED_ROW,
)
new_unit_errors: dict[str, str] = st.session_state.pop(NU_ERRORS, {})
asked = st.session_state.pop(NU_ASKED, False)
with st.form("new_unit"):
    st.subheader("Thêm đơn vị")
    field_error(new_unit_errors, "form")
    st.text_input("Tên đơn vị *", key=NU_FIELDS["name"])
    field_error(new_unit_errors, "name")
    if asked or st.session_state.get(NU_NAMESAKE):
        st.checkbox("Vẫn tạo đơn vị cùng tên", key=NU_NAMESAKE)
    st.text_input("Người liên hệ", key=NU_FIELDS["contact_name"])
    field_error(new_unit_errors, "contact_name")
    st.text_input("Điện thoại liên hệ", key=NU_FIELDS["contact_phone"])
    field_error(new_unit_errors, "contact_phone")
    # The default through the state alone: the button's callback sets it back after a creation.
    st.session_state.setdefault(NU_FIELDS["group"], "III")
    st.session_state.setdefault(NU_FIELDS["parent"], None)
    st.radio(
        "Nhóm đối tượng mặc định",
        GROUPS,
        format_func=state.group_label,
        key=NU_FIELDS["group"],
    )
    st.selectbox(
        "Đơn vị cấp trên (nếu có)",
        list(names),
        format_func=lambda unit_id: labels[unit_id],
        placeholder="Không",
        key=NU_FIELDS["parent"],
    )
    st.form_submit_button("Tạo đơn vị", type="primary", on_click=_create, args=(who, units))

parent_manager_section(who, units, settings.temporary_password_hours)
