"""Các đơn vị (administrator): every unit with its code, and creating a new one."""

import streamlit as st

from cdht.criteria import GROUPS
from cdht.db.my_data import overdue_deletion_requests
from cdht.db.units import UnitError, create_unit, list_units
from cdht.roles import require_admin
from cdht.text import TextError
from cdht.ui import state
from cdht.ui.forms import error_box
from cdht.window import VN_TZ, now_utc

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
codes = {u.id: u.code for u in units}
st.write(
    "Giao người quản lý, lãnh đạo cho một đơn vị ở trang Tài khoản thành viên (chọn đơn vị ở đầu "
    "trang)."
)
st.dataframe(
    [
        {
            "Tên đơn vị": u.name,
            "Mã đơn vị": u.code,
            "Đơn vị cấp trên": names.get(u.parent_id, ""),
            "Người liên hệ": u.contact_name,
            "Nhóm": u.default_group,
        }
        for u in units
    ],
    hide_index=True,
    width="stretch",
)
with st.form("new_unit", clear_on_submit=True):
    st.subheader("Thêm đơn vị")
    name = st.text_input("Tên đơn vị *", max_chars=200)
    contact = st.text_input("Người liên hệ", max_chars=100)
    phone = st.text_input("Điện thoại liên hệ", max_chars=20)
    group = st.selectbox("Nhóm đối tượng mặc định", GROUPS, index=GROUPS.index("III"))
    parent = st.selectbox(
        "Đơn vị cấp trên (nếu có)",
        list(names),
        format_func=names.get,
        index=None,
        placeholder="Không",
    )
    if st.form_submit_button("Tạo đơn vị", type="primary"):
        try:
            with state.db() as session:
                unit = create_unit(
                    session,
                    who,
                    name=name,
                    contact_name=contact,
                    contact_phone=phone,
                    default_group=group,
                    parent_code=codes[parent] if parent else None,
                    now=now_utc(),
                )
        except (UnitError, TextError) as exc:
            error_box(str(exc))
        else:
            state.flash(f"Đã tạo đơn vị {unit.name}, mã {unit.code}.")
            st.rerun()
