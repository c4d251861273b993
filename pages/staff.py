"""Nhân sự đơn vị: the staff list the unit expects to self-assess, uploaded from Excel."""

import pandas as pd
import streamlit as st

from cdht.cccd import mask
from cdht.db.staff import (
    StaffError,
    add_staff,
    export_staff,
    listed_elsewhere,
    replace_staff,
    staff_list,
)
from cdht.roster import XLSX_MIME
from cdht.staff_import import (
    COLUMNS,
    FIELD_COLUMNS,
    MAX_BYTES,
    StaffEntry,
    StaffFileError,
    check_entry,
    parse_staff_xlsx,
    staff_changes,
    template_xlsx,
)
from cdht.ui import state
from cdht.ui.forms import error_box, field_error
from cdht.ui.text import md
from cdht.ui.unit_picker import pick_unit
from cdht.window import now_utc

who = state.require_actor()
st.title("Nhân sự đơn vị")
state.show_flash()
unit = pick_unit(who, "staff")
st.write(
    "Tải lên danh sách cán bộ, người lao động của đơn vị để biết ai chưa đăng ký, chưa tự đánh giá "
    "và tính tỉ lệ đạt trên tổng số nhân sự. Tải lên lại sẽ thay toàn bộ danh sách cũ."
)
st.download_button(
    "Tải tệp mẫu (Excel)",
    data=template_xlsx,
    file_name="mau-danh-sach-nhan-su.xlsx",
    mime=XLSX_MIME,
    icon=":material/download:",
    on_click="ignore",
)


# The files are made when their buttons are pressed, after this run.
later = state.db_later()


def _current_file() -> bytes:
    with later() as session:
        return export_staff(session, who, unit_id=unit.id, now=now_utc())


def _names(people: list[StaffEntry] | tuple[StaffEntry, ...]) -> str:
    shown = ", ".join(p.full_name for p in people[:20])
    return shown + (f" và {len(people) - 20} người khác" if len(people) > 20 else "")


def show_changes(changes) -> None:
    """What the new file changes, with names, before the manager confirms."""
    if not changes.any:
        st.info("Tệp giống hệt danh sách hiện tại.")
        return
    st.markdown("**Thay đổi so với danh sách hiện tại** (kiểm tra trước khi cập nhật):")
    if changes.added:
        st.markdown(f"- Thêm {len(changes.added)} người: {md(_names(changes.added))}")
    if changes.removed:
        st.markdown(f"- Bỏ {len(changes.removed)} người: {md(_names(changes.removed))}")
    for before, after in changes.changed[:20]:
        what = [
            f"{label}: {md(old or '(trống)')} → {md(new or '(trống)')}"
            for label, old, new in (
                ("họ tên", before.full_name, after.full_name),
                ("phòng/ban", before.department, after.department),
                ("chức vụ", before.position, after.position),
            )
            if old != new
        ]
        st.markdown(f"- Sửa {md(after.full_name)}: " + "; ".join(what))
    if len(changes.changed) > 20:
        st.markdown(f"- và sửa {len(changes.changed) - 20} người khác")


# A new key after each saved upload empties the uploader (its state lives in the browser).
round_key = f"staff_upload_round_{unit.id}"
upload = st.file_uploader(
    f"Tệp danh sách nhân sự (.xlsx, tối đa {MAX_BYTES // (1024 * 1024)} MB)",
    type=["xlsx"],
    key=f"staff_upload_{unit.id}_{st.session_state.get(round_key, 0)}",
)
if upload is not None:
    try:
        entries, errors = parse_staff_xlsx(upload.getvalue())
    except StaffFileError as exc:
        error_box(str(exc))
    else:
        if errors:
            st.error(
                f"Tệp có {len(errors)} lỗi; chưa cập nhật gì. Sửa các dòng dưới đây rồi tải lên lại."
            )
            st.dataframe(
                pd.DataFrame([{"Dòng": e.row, "Cột": e.column, "Lỗi": e.message} for e in errors]),
                hide_index=True,
                width="stretch",
            )
        elif not entries:
            st.warning("Tệp không có dòng nào.")
        else:
            st.success(f"Tệp hợp lệ: {len(entries)} người.")
            with state.db() as session:
                current = staff_list(session, who, unit_id=unit.id)
            changes = staff_changes(current, entries)
            show_changes(changes)
            sure = True
            if changes.drops_most(len(current)):
                st.error(
                    f"Tệp này bỏ {len(changes.removed)} trong {len(current)} người của danh sách "
                    "hiện tại: những người bị bỏ không còn được tính vào tỉ lệ của đơn vị. Nếu chọn "
                    "nhầm tệp, hãy chọn lại tệp đúng; chưa có gì thay đổi.",
                    icon=":material/warning:",
                )
                sure = st.checkbox(
                    f"Tôi đã kiểm tra: bỏ {len(changes.removed)} người là đúng",
                    key=f"staff_drop_sure_{unit.id}",
                )
            if st.button("Cập nhật danh sách nhân sự", type="primary", disabled=not sure):
                with state.db() as session:
                    count = replace_staff(
                        session, who, unit_id=unit.id, entries=entries, now=now_utc()
                    )
                state.flash(f"Đã cập nhật danh sách nhân sự: {count} người.")
                st.session_state[round_key] = st.session_state.get(round_key, 0) + 1
                st.rerun()

st.subheader("Thêm một người")
st.caption("Không cần tải lại cả tệp khi chỉ thêm một người: người đó được tính ngay.")
errors_key = f"staff_add_errors_{unit.id}"
errors: dict[str, str] = st.session_state.pop(errors_key, {})  # shown once, after the press
add_round = f"staff_add_round_{unit.id}"  # a new form after each person added: empty fields
with st.form(f"staff_add_{unit.id}_{st.session_state.get(add_round, 0)}"):
    typed = {}
    for field, label in FIELD_COLUMNS.items():
        required = " *" if field in ("full_name", "cccd") else ""
        typed[field] = st.text_input(
            label + required,
            placeholder="12 chữ số" if field == "cccd" else "",
        )
        field_error(errors, field)
    pressed = st.form_submit_button("Thêm vào danh sách", icon=":material/person_add:")
if pressed:
    entry, errors = check_entry(typed)
    if entry is not None:
        try:
            with state.db() as session:
                add_staff(session, who, unit_id=unit.id, entry=entry, now=now_utc())
        except StaffError as exc:
            errors = {exc.field or "cccd": str(exc)}
        else:
            state.flash(f"Đã thêm {entry.full_name} vào danh sách nhân sự.")
            st.session_state[add_round] = st.session_state.get(add_round, 0) + 1
    st.session_state[errors_key] = errors
    st.rerun()

with state.db() as session:
    current = staff_list(session, who, unit_id=unit.id)
    elsewhere = listed_elsewhere(session, who, unit_id=unit.id)
st.subheader(f"Danh sách hiện tại: {len(current)} người")
if elsewhere:
    names = "; ".join(f"{p.full_name} ({p.cccd_masked})" for p in elsewhere)
    st.warning(
        f"{len(elsewhere)} người trong danh sách đã có tài khoản ở một đơn vị khác trên hệ thống "
        f"nên không được tính ở đơn vị này: {md(names)}. Nếu họ không thuộc đơn vị này, hãy bỏ họ "
        "khỏi danh sách (sửa tệp rồi tải lên lại). Hệ thống chưa chuyển được tài khoản giữa các "
        "đơn vị: nếu họ đã chuyển về đây, hãy báo quản trị hệ thống.",
        icon=":material/warning:",
    )
if current:
    st.download_button(
        "Tải danh sách hiện tại (Excel, theo mẫu)",
        data=_current_file,
        file_name=f"nhan-su-{unit.code}.xlsx",
        mime=XLSX_MIME,
        icon=":material/download:",
        on_click="ignore",
        help="Thêm người mới vào tệp này rồi tải lên lại.",
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    COLUMNS[0]: e.full_name,
                    COLUMNS[1]: mask(e.cccd),
                    COLUMNS[2]: e.department,
                    COLUMNS[3]: e.position,
                }
                for e in current
            ]
        ),
        hide_index=True,
        width="stretch",
    )
