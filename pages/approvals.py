"""Duyệt thành viên: people who signed up while the unit had no staff list, and reports of a CCCD
number registered by someone else."""

import streamlit as st

from cdht.db.membership import (
    MembershipError,
    decide,
    dismiss_report,
    open_reports,
    pending_people,
    reassign_number,
)
from cdht.db.rollup import unit_figures
from cdht.roles import PermissionDenied
from cdht.ui import state
from cdht.ui.forms import error_box
from cdht.ui.text import md
from cdht.ui.unit_picker import pick_unit
from cdht.window import VN_TZ, local_year, now_utc

who = state.require_actor()
st.title("Duyệt thành viên")
state.show_flash()
unit = pick_unit(who, "approvals")


def _act(action, done: str, **kwargs) -> None:
    """Run one decision; its outcome is shown once on the next run."""
    try:
        with state.db() as session:
            action(session, who, now=now_utc(), **kwargs)
    except (MembershipError, PermissionDenied) as exc:
        st.session_state["approvals_error"] = str(exc)
    else:
        state.flash(done)


error = st.session_state.pop("approvals_error", None)
if error:
    error_box(error)

with state.db() as session:
    people = pending_people(session, who, unit_id=unit.id)
    reports = open_reports(session, who, unit_id=unit.id)
    has_list = unit_figures(session, who, unit_id=unit.id, year=local_year(now_utc())).expected

st.subheader(f"Chờ duyệt: {len(people)} người")
st.write(
    "Người đăng ký khi đơn vị chưa có danh sách nhân sự phải được duyệt mới được tính vào số liệu, "
    "danh sách in và quyết định công nhận. Họ vẫn đăng nhập và tự đánh giá được trong lúc chờ. "
    "Tải danh sách nhân sự lên thì những người có tên trong danh sách được duyệt luôn."
)
if people and has_list:
    st.warning(
        "Đơn vị đã có danh sách nhân sự: người được duyệt mà không có tên trong danh sách vẫn "
        "chưa được tính. Nếu họ thuộc đơn vị, hãy thêm họ vào danh sách ở trang Nhân sự đơn vị.",
        icon=":material/info:",
    )
if len(people) > 1:  # one person has their own button below
    st.button(
        f"Duyệt tất cả {len(people)} người",
        type="primary",
        icon=":material/done_all:",
        on_click=_act,
        args=(decide, f"Đã duyệt {len(people)} người."),
        kwargs={"unit_id": unit.id, "approve": True},
    )
for person in people:
    with st.container(border=True, key=f"pending_{person.id}"):
        info, yes, no = st.columns([4, 1, 1], vertical_alignment="center")
        work = " · ".join(md(part) for part in (person.department, person.position) if part)
        info.markdown(
            f"**{md(person.full_name)}** · CCCD {person.cccd_masked} · {md(person.gender)}, sinh "
            f"năm {person.birth_year}"
            + (f"  \n{work}" if work else "")
            + f"  \nĐăng ký lúc {person.registered_at.astimezone(VN_TZ):%H:%M %d/%m/%Y}"
        )
        yes.button(
            "Duyệt",
            key=f"approve_{person.id}",
            on_click=_act,
            args=(decide, f"Đã duyệt {person.full_name}."),
            kwargs={"unit_id": unit.id, "approve": True, "account_ids": [person.id]},
            width="stretch",
            help=f"Duyệt {md(person.full_name)}",
        )
        no.button(
            "Từ chối",
            key=f"reject_{person.id}",
            on_click=_act,
            args=(decide, f"Đã từ chối {person.full_name}."),
            kwargs={"unit_id": unit.id, "approve": False, "account_ids": [person.id]},
            width="stretch",
            help=f"Từ chối {md(person.full_name)}: không tính vào số liệu của đơn vị",
        )

st.subheader(f"Báo cáo số CCCD bị người khác đăng ký: {len(reports)}")
if not reports:
    st.write("Không có báo cáo nào đang chờ.")
for report in reports:
    with st.container(border=True, key=f"report_box_{report.id}"):
        contact = " · ".join(v for v in (report.phone, report.email) if v) or "không để lại"
        st.markdown(
            f"**{md(report.full_name)}** báo số CCCD {report.cccd_masked} đã bị người khác đăng ký "
            f"(lúc {report.reported_at.astimezone(VN_TZ):%H:%M %d/%m/%Y}). Liên hệ: {md(contact)}."
        )
        if report.holder_id is None:
            st.write("Số này hiện không còn thuộc tài khoản nào: người báo có thể đăng ký ngay.")
        elif report.holder_in_unit:
            st.write(f"Tài khoản đang giữ số: **{md(report.holder_name)}** (thuộc đơn vị này).")
        else:
            st.write(
                f"Tài khoản đang giữ số: **{md(report.holder_name)}**, thuộc một đơn vị khác: chỉ "
                "quản trị hệ thống trả lại được số này."
            )
        with st.form(f"report_{report.id}", border=False):
            sure = st.checkbox(
                "Tôi đã kiểm tra (ví dụ qua thẻ CCCD của người báo) và trả số cho người báo: tài "
                "khoản đang giữ số bị đóng, kết quả của nó không còn được tính.",
                key=f"report_sure_{report.id}",
            )
            give, drop = st.columns(2)
            if give.form_submit_button("Trả số cho người báo", type="primary", width="stretch"):
                if not sure:
                    st.error("Vui lòng đánh dấu xác nhận trước.")
                else:
                    _act(
                        reassign_number,
                        "Đã trả số. Hãy báo người báo đăng ký lại bằng số CCCD của họ.",
                        report_id=report.id,
                    )
                    st.rerun()
            if drop.form_submit_button("Bỏ qua báo cáo", width="stretch"):
                _act(dismiss_report, "Đã bỏ qua báo cáo.", report_id=report.id)
                st.rerun()
