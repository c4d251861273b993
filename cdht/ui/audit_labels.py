"""The Vietnamese name of each action written to the audit log, for *Nhật ký hệ thống* (the data
layer gives the action's code), and of the details it writes."""

import re

from cdht.roles import ROLE_LABELS

ACTION_LABELS = {
    "login": "Đăng nhập",
    "login.failed": "Đăng nhập sai",
    "login.expired": "Đăng nhập bằng mật khẩu tạm đã hết hạn",
    "login.locked": "Tài khoản bị tạm khoá vì đăng nhập sai nhiều lần",
    "login.address_limited": "Một địa chỉ bị chặn đăng nhập trong một giờ",
    "account.register": "Đăng ký tài khoản",
    "account.create": "Tạo tài khoản",
    "account.role": "Đổi vai trò",
    "account.paper": "Tạo hồ sơ để nhập phiếu giấy",
    "account.close": "Đóng tài khoản giữ số CCCD của người khác",
    "password.reset": "Cấp mật khẩu tạm",
    "password.change": "Đổi mật khẩu",
    "export.roster": "Tải danh sách (có CCCD)",
    "export.print_list": "Tải danh sách để in",
    "export.decision": "Tải quyết định công nhận (.docx)",
    "export.staff": "Tải danh sách nhân sự (có CCCD)",
    "export.rollup": "Tải bảng tổng hợp đơn vị",
    "staff.replace": "Cập nhật danh sách nhân sự",
    "staff.add": "Thêm một người vào danh sách nhân sự",
    "membership.approve": "Duyệt thành viên",
    "membership.reject": "Từ chối thành viên",
    "membership.report": "Báo số CCCD bị người khác đăng ký",
    "membership.report_dismiss": "Bỏ qua báo cáo số CCCD",
    "membership.reassign": "Trả số CCCD cho người báo",
    "assessment.paper": "Nhập phiếu giấy",
    "evidence.add": "Thêm minh chứng",
    "evidence.delete": "Xoá minh chứng",
    "evidence.download": "Tải minh chứng của thành viên",
    "unit.create": "Tạo đơn vị",
    "window.set": "Đổi thời hạn tự đánh giá",
    "decision.record": "Ghi nhận quyết định công nhận",
    "unit.update": "Sửa thông tin đơn vị",
    "account.update": "Sửa thông tin cá nhân",
    "account.delete_request": "Yêu cầu xoá tài khoản",
    "account.erase": "Xoá dữ liệu theo yêu cầu",
    "consent.withdraw_sensitive": "Rút lại đồng ý về dữ liệu nhạy cảm",
}

# The details the data layer writes as `key=value` words, each key in Vietnamese.
DETAIL_KEYS = {
    "year": "năm",
    "rows": "số dòng",
    "account": "tài khoản số",
    "by": "theo",
    "role": "vai trò",
    "from": "từ vai trò",
    "to": "sang vai trò",
    "name": "họ tên",
    "report": "báo cáo số",
    "results": "kết quả giữ lại",
    "indicator": "chỉ báo",
    "total": "tổng điểm",
    "file": "tệp số",
    "cccd": "số CCCD",
    "client": "địa chỉ",
    "code": "mã",
    "number": "số quyết định",
    "recognised": "số người được công nhận",
    "people": "số người",
}
DETAIL_VALUES = {
    "staff_list": "danh sách nhân sự",
    "draft": "dự thảo",
    "paper account taken over": "nhận lại hồ sơ tạo để nhập phiếu giấy",
    **ROLE_LABELS,
}
_PAIR = re.compile(r"(?:^|\s)([a-z]+)=")
_WINDOW = re.compile(r"^(\d{4}): (\d{4})-(\d\d)-(\d\d)\.\.(\d{4})-(\d\d)-(\d\d)$")


def detail_words(detail: str) -> str:
    """An audit row's detail in Vietnamese: "year=2026 rows=3" reads "năm: 2026; số dòng: 3", a
    window "2026: 2026-01-01..2026-10-31" reads "năm 2026: từ 01/01/2026 đến 31/10/2026". A
    detail of another shape (the name typed at a failed login) is shown as it is."""
    if window := _WINDOW.match(detail):
        year, y1, m1, d1, y2, m2, d2 = window.groups()
        return f"năm {year}: từ {d1}/{m1}/{y1} đến {d2}/{m2}/{y2}"
    if detail in DETAIL_VALUES:
        return DETAIL_VALUES[detail]
    parts = _PAIR.split(detail)
    if parts[0].strip() or len(parts) < 3 or any(k not in DETAIL_KEYS for k in parts[1::2]):
        return detail
    said = []
    for key, value in zip(parts[1::2], parts[2::2], strict=True):
        value, _, word = value.strip().partition(" ")
        if word not in DETAIL_VALUES:  # a value of several words ("name=Nguyễn Văn An")
            value, word = f"{value} {word}".strip(), ""
        said.append(f"{DETAIL_KEYS[key]}: {DETAIL_VALUES.get(value, value)}")
        if word:  # a bare word after a value ("year=2026 draft people=3")
            said.append(DETAIL_VALUES[word])
    return "; ".join(said)
