"""Reading the audit log: administrators only, newest first, filtered."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from cdht.cccd import mask
from cdht.db.models import Account, AuditEvent, Unit
from cdht.roles import Actor, require_admin
from cdht.window import VN_TZ

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
    "staff.replace": "Cập nhật danh sách nhân sự",
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


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    action: str
    who: str
    unit: str
    detail: str
    client: str


def audit_events(
    session: Session,
    actor: Actor,
    *,
    action: str | None = None,
    unit_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 500,
) -> list[AuditRow]:
    """The newest events first; `since` and `until` are days in Vietnam time, both included."""
    require_admin(actor)
    who = aliased(Account)
    query = (
        select(AuditEvent, who.full_name, who.cccd, Unit.name)
        .outerjoin(who, who.id == AuditEvent.actor_id)
        .outerjoin(Unit, Unit.id == AuditEvent.unit_id)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(limit)
    )
    if action:
        query = query.where(AuditEvent.action == action)
    if unit_id is not None:
        query = query.where(AuditEvent.unit_id == unit_id)
    if since is not None:
        query = query.where(AuditEvent.at >= datetime.combine(since, time(), VN_TZ))
    if until is not None:
        query = query.where(
            AuditEvent.at < datetime.combine(until + timedelta(days=1), time(), VN_TZ)
        )
    return [
        AuditRow(
            at=event.at,
            action=ACTION_LABELS.get(event.action, event.action),
            who=f"{name} ({mask(number)})" if name else "",
            unit=unit or "",
            detail=event.detail,
            client=event.client,
        )
        for event, name, number, unit in session.exec(query).all()
    ]
