"""Cài đặt đơn vị: the join link and its QR code, the unit's details, the assessment window."""

import streamlit as st

from cdht.criteria import GROUPS
from cdht.db.units import (
    UnitError,
    decided,
    set_unit_window,
    unit_window,
    update_unit,
)
from cdht.gauge import SCHOOL, THRESHOLDS, UNIT_KIND_LABELS, UNIT_KINDS
from cdht.join_link import app_base, join_url, only_this_machine, qr_png
from cdht.ui import state
from cdht.ui.dates import FIX_DATES, date_field
from cdht.ui.forms import error_box, error_summary, field_error
from cdht.ui.text import md
from cdht.ui.unit_picker import pick_unit_and_year
from cdht.window import Window, closes_at_once, now_utc, window_refusal

# The details form's fields, in its order, as the summary of its errors names them.
DETAILS_LABELS = {
    "name": "Tên đơn vị",
    "contact_name": "Người liên hệ",
    "contact_phone": "Điện thoại liên hệ",
    "governing_body": "Cơ quan chủ quản",
    "place_name": "Địa danh",
    "head_title": "Chức danh người ký công nhận",
    "founding_decision": "Văn bản quy định chức năng, nhiệm vụ",
}

who = state.require_actor()
settings = state.settings()
st.title("Cài đặt đơn vị")
state.show_flash()
unit, year = pick_unit_and_year(who, "settings", next_year=True)

st.subheader("Đường link đăng ký")
base = app_base(settings.public_url, st.context.url or "")
link = join_url(base, unit.code)
st.write("Gửi đường link này vào nhóm của đơn vị; mã đơn vị đã được điền sẵn:")
# Wrapped: a link wider than a phone would otherwise scroll in a box a keyboard cannot reach.
st.code(link, language=None, wrap_lines=True)
if only_this_machine(base):
    st.warning(
        "Đường link này chỉ mở được trên chính máy chủ. Hãy mở hệ thống bằng địa chỉ mà mọi người "
        "cùng dùng rồi sao chép lại, hoặc nhờ người cài đặt hệ thống đặt địa chỉ công khai.",
        icon=":material/link_off:",
    )
col1, col2 = st.columns([1, 2])
png = qr_png(link)
col1.image(
    png,
    caption=f"Mã QR đăng ký – {unit.code}",
    width=220,
    alt=f"Mã QR mở trang đăng ký của {unit.name}, mã đơn vị {unit.code}",
)
col2.download_button(
    "Tải mã QR (PNG) để in",
    data=png,
    file_name=f"ma-qr-dang-ky-{unit.code}.png",
    mime="image/png",
    icon=":material/qr_code_2:",
    on_click="ignore",
)

st.subheader("Thông tin đơn vị")
# A refusal names every field at fault under it; the run after it draws them, the typed values
# kept by their widgets.
errors_key = f"unit_details_errors_{unit.id}"
errors: dict[str, str] = st.session_state.pop(errors_key, {})
with st.form("unit_details"):
    field_error(errors, "form")
    if errors.keys() - {"form"}:  # the press left the page at the button, far below
        error_summary(errors, DETAILS_LABELS, scroll=True)
    name = st.text_input("Tên đơn vị *", value=unit.name)
    field_error(errors, "name")
    contact = st.text_input("Người liên hệ (hiện trên trang Hướng dẫn)", value=unit.contact_name)
    field_error(errors, "contact_name")
    phone = st.text_input("Điện thoại liên hệ", value=unit.contact_phone)
    field_error(errors, "contact_phone")
    governing = st.text_input(
        "Cơ quan chủ quản (in phía trên tên đơn vị trong quyết định và danh sách in)",
        value=unit.governing_body,
        placeholder="Ví dụ: Ủy ban nhân dân tỉnh Quảng Ngãi",
        help="Cơ quan quản lý trực tiếp của đơn vị, không phải hội khuyến học mà đơn vị là thành "
        "viên. Để trống thì văn bản chỉ ghi tên đơn vị.",
    )
    field_error(errors, "governing_body")
    place = st.text_input(
        "Địa danh (ghi trước ngày tháng của quyết định và danh sách in)",
        value=unit.place_name,
        placeholder="Ví dụ: Quảng Ngãi",
        help='Tên tỉnh, thành phố nơi đơn vị đóng trụ sở, như văn bản hành chính ghi: "Quảng Ngãi, '
        'ngày 20 tháng 11 năm 2026". Để trống thì văn bản để dòng chấm để điền tay.',
    )
    field_error(errors, "place_name")
    head = st.text_input("Chức danh người ký công nhận", value=unit.head_title)
    field_error(errors, "head_title")
    founding = st.text_area(
        "Văn bản quy định chức năng, nhiệm vụ của đơn vị",
        value=unit.founding_decision,
        height=100,
        placeholder="Ví dụ: Quyết định số 12/2021/QĐ-UBND ngày 05/02/2021 của Ủy ban nhân dân tỉnh "
        "… quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của …",
        help="Căn cứ đầu tiên của quyết định công nhận. Ghi đủ loại văn bản, số, ngày, cơ quan "
        "ban hành và trích yếu. Để trống thì dự thảo quyết định để dòng chấm để điền tay.",
    )
    field_error(errors, "founding_decision")
    # Choices shown whole: a choice list cuts these long names off on a phone.
    group = st.radio(
        "Nhóm đối tượng mặc định",
        GROUPS,
        index=GROUPS.index(unit.default_group),
        format_func=state.group_label,
    )
    kind = st.radio(
        "Loại đơn vị (quyết định ngưỡng tỉ lệ theo Thông tư 24/2023/TT-BGDĐT)",
        UNIT_KINDS,
        index=UNIT_KINDS.index(unit.kind),
        format_func=lambda k: (
            f"{UNIT_KIND_LABELS[k]}: mức 1 khi từ {THRESHOLDS[k][0]} %, mức 2 khi từ "
            f"{THRESHOLDS[k][1]} % "
            + ("người học" if k == SCHOOL else "cán bộ, người lao động")
            + " đạt Công dân học tập"
        ),
    )
    if st.form_submit_button("Lưu thông tin", type="primary"):
        try:
            with state.db() as session:
                update_unit(
                    session,
                    who,
                    unit_id=unit.id,
                    name=name,
                    contact_name=contact,
                    contact_phone=phone,
                    head_title=head,
                    default_group=group,
                    kind=kind,
                    founding_decision=founding,
                    governing_body=governing,
                    place_name=place,
                    now=now_utc(),
                )
        except UnitError as exc:
            st.session_state[errors_key] = exc.errors or {"form": str(exc)}
            st.rerun()
        else:
            state.flash("Đã lưu thông tin đơn vị.")
            st.rerun()

st.subheader(f"Thời hạn tự đánh giá năm {year}")
with state.db() as session:
    window = unit_window(session, unit.id, year, settings.window_defaults)
    decision = decided(session, unit.id, year)
(open_month, open_day), (close_month, close_day) = settings.window_defaults
st.caption(
    f"Hiện tại: {window.describe()}. Mặc định: từ {open_day:02d}/{open_month:02d} đến hết "
    f"{close_day:02d}/{close_month:02d} (giờ Việt Nam)."
)
if decision is not None:
    st.info(
        f"Năm {year} đã có Quyết định công nhận số {md(decision.number)} ngày "
        f"{decision.signed_on:%d/%m/%Y}: kết quả năm này đã khoá nên thời hạn không đổi được nữa.",
        icon=":material/lock:",
    )
else:
    # A window that would end at once is saved only with a tick, asked for after the first press.
    ask_key, refused_key = f"window_ask_{unit.id}_{year}", f"window_refused_{unit.id}_{year}"
    refused = st.session_state.pop(refused_key, {})
    with st.form("window"):
        opens_on = date_field("Ngày mở", key=f"opens_{unit.id}_{year}", value=window.opens_on)
        closes_on = date_field(
            "Ngày kết thúc (hết 23:59)", key=f"closes_{unit.id}_{year}", value=window.closes_on
        )
        field_error(refused, "window")
        sure = False
        if st.session_state.get(ask_key):
            st.warning(
                f"Việc tự đánh giá năm {year} đang mở. Với thời hạn này, nó đóng ngay khi lưu: "
                "không ai gửi hay sửa phiếu được nữa cho đến khi mở lại. Chưa có gì được lưu.",
                icon=":material/warning:",
            )
            sure = st.checkbox(
                "Tôi hiểu, vẫn lưu thời hạn này", key=f"window_sure_{unit.id}_{year}"
            )
        pressed = st.form_submit_button("Lưu thời hạn")
        if pressed and (opens_on is None or closes_on is None):
            error_box(FIX_DATES)
        elif pressed and (refusal := window_refusal(year, opens_on, closes_on)):
            # Said under the dates, and no question about closing: these days cannot be saved.
            st.session_state.pop(ask_key, None)
            st.session_state[refused_key] = {"window": refusal}
            st.rerun()
        elif (
            pressed and not sure and closes_at_once(window, Window(opens_on, closes_on), now_utc())
        ):
            st.session_state[ask_key] = True
            st.rerun()
        elif pressed:
            try:
                with state.db() as session:
                    set_unit_window(
                        session,
                        who,
                        unit_id=unit.id,
                        year=year,
                        opens_on=opens_on,
                        closes_on=closes_on,
                        now=now_utc(),
                    )
            except UnitError as exc:
                error_box(str(exc))
            else:
                st.session_state.pop(ask_key, None)
                state.flash("Đã lưu thời hạn tự đánh giá.")
                st.rerun()
