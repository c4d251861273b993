"""The words of "Dữ liệu của tôi": Vietnamese labels for what `cdht.db.my_data.my_data` returns,
on the screen and in the downloaded file. Pure (no streamlit), so the file can be tested alone."""

from collections.abc import Callable
from dataclasses import fields
from datetime import datetime
from typing import Any

from cdht.db.my_data import AccountRecord, MyData
from cdht.registration import consent_label
from cdht.roles import ROLE_LABELS
from cdht.ui.audit_labels import ACTION_LABELS
from cdht.window import VN_TZ

# Each field of AccountRecord and its label, in the order they are shown.
ACCOUNT_LABELS = {
    "cccd": "số CCCD",
    "full_name": "họ và tên",
    "gender": "giới tính",
    "birth_year": "năm sinh",
    "ethnicity": "dân tộc",
    "religion": "tôn giáo",
    "province": "tỉnh, thành phố",
    "ward": "phường, xã",
    "unit_name": "đơn vị",
    "department": "phòng/ban",
    "position": "chức vụ",
    "phone": "điện thoại",
    "email": "email",
    "role": "vai trò",
    "consent_version": "đồng ý xử lý dữ liệu (phiên bản)",
    "consented_at": "đồng ý lúc",
    "sensitive_consented_at": "đồng ý riêng về dữ liệu nhạy cảm lúc",
    "sensitive_withdrawn_at": "rút lại đồng ý về dữ liệu nhạy cảm lúc",
    "created_at": "tạo lúc",
    "last_login_at": "đăng nhập gần nhất",
    "deletion_requested_at": "yêu cầu xoá lúc",
}


def _plain(value: Any) -> Any:
    """An instant as ISO 8601 text in Vietnam time (the screen's hour, +07:00), None kept;
    anything else as it is."""
    return value.astimezone(VN_TZ).isoformat() if isinstance(value, datetime) else value


def _shown(value: Any) -> str:
    """A value as the screen shows it: an instant in Vietnam time, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value.astimezone(VN_TZ):%H:%M ngày %d/%m/%Y}"
    return str(value)


def _items(account: AccountRecord, written: Callable[[Any], Any]) -> dict[str, Any]:
    values = {f.name: written(getattr(account, f.name)) for f in fields(account)}
    values["role"] = ROLE_LABELS.get(account.role, account.role)
    values["consent_version"] = consent_label(account.consent_version)
    return {label: values[name] for name, label in ACCOUNT_LABELS.items()}


def account_items(account: AccountRecord) -> dict[str, Any]:
    """The account's values under their labels, for the downloaded file: the role in words,
    instants as ISO text."""
    return _items(account, _plain)


def shown_items(account: AccountRecord) -> dict[str, str]:
    """The account's values under their labels, as the page shows them: the role in words,
    instants in Vietnam time ("14:05 ngày 02/12/2026"), nothing as an empty cell."""
    return _items(account, _shown)


def export_document(data: MyData) -> dict[str, Any]:
    """Everything held about the person, with Vietnamese keys, for the JSON download."""
    return {
        "tài khoản": account_items(data.account),
        "phiếu tự đánh giá": [
            {
                "năm": x.year,
                "nhóm": x.group,
                "phiên bản tiêu chí": x.criteria_version,
                "điểm từng chỉ số": x.answers,
                "minh chứng": x.notes,
                "tổng điểm": x.total,
                "đạt": x.recognised,
                "gửi lúc": _plain(x.submitted_at),
                "nhập hộ": x.entered_for_me,
            }
            for x in data.assessments
        ],
        "các lần gửi trước": [
            {"lần": r.revision, "tổng điểm": r.total, "gửi lúc": _plain(r.submitted_at)}
            for r in data.revisions
        ],
        "bản nháp": [
            {"năm": d.year, "điểm": d.answers, "minh chứng": d.notes} for d in data.drafts
        ],
        "tệp minh chứng": [
            {
                "năm": f.year,
                "chỉ số": f.indicator_id,
                "tên tệp": f.filename,
                "loại": f.content_type,
                "dung lượng (byte)": f.size,
                "SHA-256": f.sha256,
                "tải lên lúc": _plain(f.uploaded_at),
            }
            for f in data.files
        ],
        "quyết định công nhận": [
            {"năm": d.year, "số": d.number, "ngày ký": d.signed_on.isoformat()}
            for d in data.decisions
        ],
        "nhật ký": [
            {
                "lúc": _plain(e.at),
                "việc": ACTION_LABELS.get(e.action, e.action),
                "mã việc": e.action,
            }
            for e in data.events
        ],
    }
