"""Nhân sự đơn vị: the staff list the unit expects to self-assess, uploaded from Excel."""

import pandas as pd
import streamlit as st

from cdht.cccd import mask
from cdht.db.staff import replace_staff, staff_list
from cdht.staff_import import (
    COLUMNS,
    MAX_BYTES,
    StaffFileError,
    parse_staff_xlsx,
    template_xlsx,
)
from cdht.ui import state
from cdht.ui.unit_picker import pick_unit
from cdht.window import now_utc

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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
    mime=XLSX,
    icon=":material/download:",
    on_click="ignore",
)
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
        st.error(str(exc))
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
            if st.button("Cập nhật danh sách nhân sự", type="primary"):
                with state.db() as session:
                    count = replace_staff(
                        session, who, unit_id=unit.id, entries=entries, now=now_utc()
                    )
                state.flash(f"Đã cập nhật danh sách nhân sự: {count} người.")
                st.session_state[round_key] = st.session_state.get(round_key, 0) + 1
                st.rerun()

with state.db() as session:
    current = staff_list(session, who, unit_id=unit.id)
st.subheader(f"Danh sách hiện tại: {len(current)} người")
if current:
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
