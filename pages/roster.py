"""Danh sách: the unit's people who self-assessed in a year, the Excel files, the print view."""

import pandas as pd
import streamlit as st

from cdht.cccd import mask
from cdht.db.evidence import unit_evidence
from cdht.db.roster_rows import (
    export_print_list,
    export_roster,
    print_header,
    results_list,
    roster_rows,
)
from cdht.print_html import print_list_html
from cdht.roles import can_manage_unit, can_see_unit_evidence
from cdht.roster import RESULT_NO, RESULT_YES, XLSX_MIME
from cdht.ui import state
from cdht.ui.evidence import download_button
from cdht.ui.unit_picker import pick_unit_and_year
from cdht.window import VN_TZ, now_utc

who = state.require_actor()
st.title("Danh sách tự đánh giá")
unit, year = pick_unit_and_year(who, "roster")
manages = can_manage_unit(who, unit.id)  # leaders read the list, without numbers or files
with state.db() as session:
    if manages:
        rows = roster_rows(session, who, unit_id=unit.id, year=year, criteria=state.criteria_sets())
    else:
        rows = results_list(
            session, who, unit_id=unit.id, year=year, criteria=state.criteria_sets()
        )

recognised = sum(r.recognised for r in rows)
st.write(f"Năm {year}: **{len(rows)}** người đã tự đánh giá, **{recognised}** người đạt.")


# The files are made when their buttons are pressed, after this run.
later = state.db_later()


def _xlsx() -> bytes:
    with later() as session:
        return export_roster(
            session, who, unit_id=unit.id, year=year, criteria=state.criteria_sets(), now=now_utc()
        )


def _print_xlsx() -> bytes:
    with later() as session:
        return export_print_list(
            session, who, unit_id=unit.id, year=year, criteria=state.criteria_sets(), now=now_utc()
        )


if manages:
    col1, col2 = st.columns(2)
    col1.download_button(
        "Tải danh sách (Excel)",
        data=_xlsx,
        file_name=f"danh-sach-cdht-{unit.code}-{year}.xlsx",
        mime=XLSX_MIME,
        icon=":material/download:",
        type="primary",
        disabled=not rows,
        on_click="ignore",
        width="stretch",
        help="Đầy đủ số CCCD và ngày gửi phiếu; việc tải được ghi nhật ký.",
    )
    col2.download_button(
        "Tải danh sách để in (Excel)",
        data=_print_xlsx,
        file_name=f"danh-sach-in-cdht-{unit.code}-{year}.xlsx",
        mime=XLSX_MIME,
        icon=":material/print:",
        disabled=not rows,
        on_click="ignore",
        width="stretch",
        help="Mẫu trình thủ trưởng: quốc hiệu, khổ A4 ngang, khối chữ ký.",
    )
tabs = ["Danh sách", "Bản in", "Minh chứng"] if manages else ["Danh sách", "Bản in"]
list_tab, print_tab, *more = st.tabs(tabs)
with list_tab:
    if rows:
        table = pd.DataFrame(
            [
                {
                    "STT": n,
                    "Họ và tên": r.full_name,
                    **({"Số CCCD": mask(r.cccd)} if manages else {}),
                    "Phòng/ban": r.department,
                    "Nhóm": r.group,
                    "NL1": r.comp_points[0],
                    "NL2": r.comp_points[1],
                    "NL3": r.comp_points[2],
                    "Tổng điểm": r.total,
                    "Kết quả": RESULT_YES if r.recognised else RESULT_NO,
                    "Ngày gửi": r.submitted_at.astimezone(VN_TZ).strftime("%d/%m/%Y"),
                    "Ghi chú": r.note,
                }
                for n, r in enumerate(rows, start=1)
            ]
        )
        st.dataframe(table, hide_index=True, width="stretch")
    else:
        st.info(f"Chưa có ai gửi phiếu tự đánh giá năm {year}.")
with print_tab:
    if rows:
        st.caption("Nhấn Ctrl+P (hoặc In trên trình duyệt) để in; chọn khổ A4 ngang.")
        with state.db() as session:
            header = print_header(
                session, who, unit_id=unit.id, year=year, criteria=state.criteria_sets()
            )
        st.html(print_list_html(rows, header))
    else:
        st.info(f"Chưa có ai gửi phiếu tự đánh giá năm {year}.")
if more:  # the manager's evidence tab
    with more[0]:
        if not can_see_unit_evidence(who, unit.id):
            st.info("Chỉ người quản lý của đơn vị xem được tệp minh chứng của thành viên.")
        else:
            with state.db() as session:
                held = unit_evidence(session, who, unit_id=unit.id, year=year)
            if not held:
                st.info(f"Chưa có tệp minh chứng nào năm {year}.")
            people = sorted({(name, masked) for name, masked, _ in held})
            if held:
                st.caption("Việc tải tệp minh chứng của thành viên được ghi nhật ký.")
                chosen = st.selectbox(
                    "Thành viên",
                    people,
                    format_func=lambda p: f"{p[0]} ({p[1]})",
                    key="roster_evidence_person",
                )
                for name, masked, info in held:
                    if (name, masked) == chosen:
                        st.caption(f"Chỉ số {info.indicator_id}")
                        download_button(who, info, key=f"roster_ev_{info.id}")
