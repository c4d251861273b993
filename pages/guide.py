"""Hướng dẫn: the steps of the agency's instruction, with the unit's contact person."""

import streamlit as st

from cdht.db.units import get_unit, unit_window
from cdht.ui import state
from cdht.ui.results import rule_words
from cdht.ui.text import md
from cdht.ui.unit_contact import contact_by_code, contact_line
from cdht.window import local_year, now_utc

who = state.actor()
settings = state.settings()
unit = None
window = None
if who is not None:
    with state.db() as session:
        unit = get_unit(session, who.unit_id)
        window = unit_window(session, who.unit_id, local_year(now_utc()), settings.window_defaults)

criteria = state.criteria_sets()[unit.default_group if unit else settings.default_group]
close_month, close_day = settings.window_defaults[1]
default_period = (
    f"thường từ đầu năm đến hết ngày {close_day:02d}/{close_month:02d} hằng năm; mỗi đơn vị có thể "
    "đặt thời hạn khác, đăng nhập để xem thời hạn của đơn vị bạn"
)
period = window.describe() if window else default_period
closes = window.closes_on if window else None
if closes is None or closes.month <= 10:  # the agency's calendar: lists before November
    after = (
        "Trước tháng 11, người quản lý của đơn vị trích xuất và in danh sách những người đã tự "
        "đánh giá, trình thủ trưởng đơn vị quyết định công nhận trong tháng 11."
    )
else:  # a unit whose window runs later decides after it
    after = (
        f"Sau ngày {closes:%d/%m/%Y}, người quản lý của đơn vị trích xuất và in danh sách những "
        "người đã tự đánh giá, trình thủ trưởng đơn vị quyết định công nhận."
    )
st.title("Hướng dẫn tự đánh giá Công dân học tập")
code = f"**{unit.code}** ({md(unit.name)})" if unit else "do đơn vị của bạn cung cấp"
whom = "bên dưới" if unit else "tìm theo mã đơn vị ở cuối trang"
st.markdown(
    f"""
**Bước 1.** Mở trang CDHT trên máy tính hoặc điện thoại.

**Bước 2. Tạo tài khoản.** Chọn *Đăng ký tài khoản*, nhập các thông tin bắt buộc (đánh dấu \\*)
và mã đơn vị quản lý {code}. Nhập xong, chọn **Đăng ký** ở cuối trang.

**Bước 3. Đăng nhập.** Sau khi đăng ký, hệ thống trở về trang đăng nhập. Tên đăng nhập là
**số CCCD** của bạn, mật khẩu là mật khẩu bạn đã đặt khi đăng ký.

**Bước 4. Tự đánh giá.** Chọn *Tự đánh giá*, chấm điểm theo Bộ tiêu chí của Quyết định số
324/QĐ-KHVN của Hội Khuyến học Việt Nam (cán bộ, công chức, viên chức, người lao động: nhóm III).
Mỗi chỉ số chọn một mức; có thể ghi chú minh chứng. Đi qua các bước bằng **Tiếp theo**; ở bước
cuối nhấn **Xem lại và gửi**, xem lại các mức đã chọn rồi nhấn **Gửi phiếu thông tin**: hệ thống
cho biết ngay tổng điểm và kết quả.

Kết quả của bạn có trong danh sách của đơn vị khi đơn vị đã xác nhận bạn: có tên trong danh sách
nhân sự của đơn vị, hoặc được người quản lý duyệt (khi đơn vị chưa có danh sách). Đạt danh hiệu
khi {rule_words(criteria.rule)}.

**Quên mật khẩu?** Người phụ trách của đơn vị ({whom}) cấp cho bạn một mật khẩu tạm dùng một
lần; đăng nhập bằng mật khẩu đó rồi đổi mật khẩu ngay. Không ai được dùng chung một mật khẩu.

**Thời hạn:** {period}. {after}
"""
)
if unit and unit.contact_name:
    st.info(contact_line(unit), icon=":material/call:")
elif unit is None:
    st.markdown("**Người phụ trách của đơn vị bạn**")
    contact_by_code("guide_unit_code")
