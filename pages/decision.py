"""Quyết định công nhận: record the head's decision, download the draft, read earlier years."""

import pandas as pd
import streamlit as st

from cdht.db.decisions import (
    DecisionError,
    candidates,
    checked_fields,
    decision_document,
    recognised_list,
    record_decision,
)
from cdht.db.rollup import unit_figures
from cdht.db.staff import missing
from cdht.db.units import decided, unit_window
from cdht.decision_doc import named
from cdht.ui import state
from cdht.ui.dates import FIX_DATES, date_field
from cdht.ui.forms import error_summary, field_error
from cdht.ui.results import rule_words
from cdht.ui.text import md
from cdht.ui.unit_picker import pick_unit_and_year
from cdht.window import local_date, now_utc

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The decision form's fields, in its order, as the summary of its errors names them.
DECISION_LABELS = {
    "number": "Số quyết định",
    "signed_on": "Ngày ký",
    "signer_name": "Người ký",
    "signer_title": "Chức vụ người ký",
    "confirm": "Xác nhận",
}

who = state.require_actor()
st.title("Quyết định công nhận")
state.show_flash()
unit, year = pick_unit_and_year(who, "decision")
now = now_utc()
with state.db() as session:
    decision = decided(session, unit.id, year)
    if decision is None:
        people = candidates(session, who, unit_id=unit.id, year=year)
        window = unit_window(session, unit.id, year, state.settings().window_defaults)
        gone = missing(session, who, unit_id=unit.id, year=year)
        counts = unit_figures(session, who, unit_id=unit.id, year=year)
    else:
        people = recognised_list(session, who, unit_id=unit.id, year=year)


# The files are made when their buttons are pressed, after this run.
later = state.db_later()


def _docx() -> bytes:
    with later() as session:
        return decision_document(
            session, who, unit_id=unit.id, year=year, now=now_utc(), criteria=state.criteria_sets()
        )


if decision is not None:
    st.success(
        f"Năm {year}: Quyết định số {md(decision.number)} ngày {decision.signed_on:%d/%m/%Y}, "
        f"{md(decision.signer_title)} {md(decision.signer_name)} ký, công nhận {len(people)} người. "
        "Kết quả năm này đã được khoá.",
        icon=":material/verified:",
    )
else:
    rule = state.criteria_sets()[unit.default_group].rule
    st.write(
        f"Năm {year}: **{len(people)}** người đạt mức công nhận ({rule_words(rule)}). Tải bản dự "
        "thảo quyết định để trình thủ trưởng; sau khi ký, ghi nhận quyết định tại đây. Khi đã ghi "
        "nhận, kết quả năm đó không thay đổi nữa."
    )
st.download_button(
    "Tải quyết định (Word)" if decision else "Tải dự thảo quyết định (Word)",
    data=_docx,
    file_name=f"quyet-dinh-cong-nhan-cdht-{unit.code}-{year}.docx",
    mime=DOCX,
    icon=":material/description:",
    on_click="ignore",
    disabled=not people,
)
if decision is None and not named(unit.head_title):
    st.info(
        "Ô “Chức danh người ký công nhận” ở trang Cài đặt đơn vị còn để chức danh chung “Thủ "
        "trưởng đơn vị”, chưa ghi chức danh thật, nên dự thảo để dòng chấm ở chức danh để điền "
        "tay. Khi ghi nhận, quyết định ghi theo “Chức vụ người ký” (cấp phó ký thay thì bỏ chữ "
        "“Phó”). Ghi chức danh thật, ví dụ “Trưởng ban”, vào ô đó.",
        icon=":material/info:",
    )
    st.page_link(
        "pages/unit_settings.py", label="Mở Cài đặt đơn vị", icon=":material/arrow_forward:"
    )
if people:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "STT": n,
                    "Họ và tên": p.full_name,
                    "Năm sinh": p.birth_year,
                    "Phòng/ban": p.department,
                    "Tổng điểm": p.total,
                }
                for n, p in enumerate(people, start=1)
            ]
        ),
        hide_index=True,
        width="stretch",
    )

if decision is None:
    st.subheader("Ghi nhận quyết định đã ký")
    before_locking = []
    if window.is_open(now):
        before_locking.append(f"thời hạn tự đánh giá còn đến hết ngày {window.closes_on:%d/%m/%Y}")
    if gone.not_assessed:
        before_locking.append(f"{len(gone.not_assessed)} người đã đăng ký chưa tự đánh giá")
    if gone.not_registered:
        before_locking.append(f"{len(gone.not_registered)} người trong danh sách chưa đăng ký")
    if counts.pending:
        before_locking.append(
            f"{counts.pending} người đăng ký đang chờ duyệt không có tên trong danh sách nhân sự: "
            "họ không có trong quyết định, dù được duyệt"
            if counts.expected  # a staff list: approval alone does not count them
            else f"{counts.pending} người đăng ký đang chờ duyệt: chưa duyệt thì không có trong "
            "quyết định"
        )
    if before_locking:
        st.warning(
            f"Lưu ý: {'; '.join(before_locking)}. Ghi nhận quyết định sẽ khoá kết quả năm {year}: "
            "sau đó không ai gửi hay sửa phiếu được nữa.",
            icon=":material/warning:",
        )
    # A refusal names every field at fault under it; the run after the press draws them, the
    # typed values kept by their widgets.
    errors_key = f"decision_errors_{unit.id}_{year}"
    errors: dict[str, str] = st.session_state.pop(errors_key, {})
    with st.form("decision"):
        field_error(errors, "form")
        if errors.keys() - {"form"}:  # the press left the page at the button, far below
            error_summary(errors, DECISION_LABELS, scroll=True)
        number = st.text_input("Số quyết định *", placeholder="Ví dụ: 45/QĐ-BDT")
        field_error(errors, "number")
        signed_on = date_field(
            "Ngày ký *", key=f"signed_on_{unit.id}_{year}", value=local_date(now)
        )
        field_error(errors, "signed_on")
        signer = st.text_input("Người ký *")
        field_error(errors, "signer_name")
        title = st.text_input(
            "Chức vụ người ký *",
            value=unit.head_title if named(unit.head_title) else "",
            placeholder="Ví dụ: Trưởng ban, Phó Giám đốc",
        )
        field_error(errors, "signer_title")
        confirm = st.checkbox(
            f"Tôi xác nhận ghi nhận quyết định và khoá kết quả năm {year} của đơn vị."
        )
        field_error(errors, "confirm")
        if st.form_submit_button("Ghi nhận quyết định", type="primary"):
            found: dict[str, str] = {}
            try:
                checked_fields(
                    year=year,
                    number=number,
                    signed_on=signed_on,
                    signer_name=signer,
                    signer_title=title,
                    signed_by=local_date(now_utc()),
                )
            except DecisionError as exc:
                found.update(exc.errors)
            if not confirm:
                found["confirm"] = "Vui lòng đánh dấu xác nhận trước khi ghi nhận."
            if signed_on is None:  # the day's box says why under itself
                found["form"] = FIX_DATES
            if not found:
                try:
                    with state.db() as session:
                        count = record_decision(
                            session,
                            who,
                            unit_id=unit.id,
                            year=year,
                            number=number,
                            signed_on=signed_on,
                            signer_name=signer,
                            signer_title=title,
                            now=now_utc(),
                        )
                except DecisionError as exc:
                    found = exc.errors or {"form": str(exc)}
            if found:
                st.session_state[errors_key] = found
                st.rerun()
            else:
                state.flash(f"Đã ghi nhận quyết định; {count} người được công nhận.")
                st.rerun()
