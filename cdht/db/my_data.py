"""Dữ liệu của tôi: everything held about a person, their corrections, their deletion request."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, select, update

from cdht import reference
from cdht.cccd import mask
from cdht.db.actors import actor_for
from cdht.db.audit import record
from cdht.db.evidence import evidence_keys
from cdht.db.figures import touch
from cdht.db.file_store import FileStore
from cdht.db.models import (
    Account,
    Assessment,
    AssessmentDraft,
    AssessmentRevision,
    AuditEvent,
    EvidenceFile,
    LoginThrottle,
    Recognition,
    RecognitionDecision,
    Unit,
    WebSession,
)
from cdht.registration import PLACE_MAX, clean_email, clean_full_name, clean_phone
from cdht.roles import (
    ADMIN,
    ERASED,
    ROLE_LABELS,
    Actor,
    PermissionDenied,
    require_admin,
    require_manage_unit,
)
from cdht.text import clean_line


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def my_data(session: Session, actor: Actor) -> dict:
    """Every record about the actor, as plain values (for the screen and the JSON download)."""
    a = session.get(Account, actor.id)
    unit = session.get(Unit, a.unit_id)
    assessments = session.exec(
        select(Assessment).where(Assessment.account_id == a.id).order_by(col(Assessment.year))
    ).all()
    ids = [x.id for x in assessments]
    revisions = session.exec(
        select(AssessmentRevision).where(col(AssessmentRevision.assessment_id).in_(ids))
    ).all()
    drafts = session.exec(select(AssessmentDraft).where(AssessmentDraft.account_id == a.id)).all()
    recognitions = session.exec(
        select(RecognitionDecision)
        .join(Recognition, Recognition.decision_id == RecognitionDecision.id)
        .where(Recognition.account_id == a.id)
    ).all()
    files = session.exec(
        select(EvidenceFile).where(EvidenceFile.account_id == a.id).order_by(col(EvidenceFile.id))
    ).all()
    events = session.exec(
        select(AuditEvent).where(AuditEvent.actor_id == a.id).order_by(col(AuditEvent.at))
    ).all()
    return {
        "tài khoản": {
            "số CCCD": a.cccd,
            "họ và tên": a.full_name,
            "giới tính": a.gender,
            "năm sinh": a.birth_year,
            "dân tộc": a.ethnicity,
            "tôn giáo": a.religion,
            "tỉnh, thành phố": reference.province_name(a.province_code),
            "phường, xã": reference.ward_name(a.province_code, a.ward_code),
            "đơn vị": unit.name,
            "phòng/ban": a.department,
            "chức vụ": a.position,
            "điện thoại": a.phone,
            "email": a.email,
            "vai trò": ROLE_LABELS.get(a.role, a.role),
            "đồng ý xử lý dữ liệu (phiên bản)": a.consent_version,
            "đồng ý lúc": _iso(a.consented_at),
            "đồng ý riêng về dữ liệu nhạy cảm lúc": _iso(a.sensitive_consented_at),
            "rút lại đồng ý về dữ liệu nhạy cảm lúc": _iso(a.sensitive_withdrawn_at),
            "tạo lúc": _iso(a.created_at),
            "đăng nhập gần nhất": _iso(a.last_login_at),
            "yêu cầu xoá lúc": _iso(a.deletion_requested_at),
        },
        "phiếu tự đánh giá": [
            {
                "năm": x.year,
                "nhóm": x.group,
                "phiên bản tiêu chí": x.criteria_version,
                "điểm từng chỉ số": x.answers,
                "minh chứng": x.notes,
                "tổng điểm": x.total,
                "đạt": x.recognised,
                "gửi lúc": _iso(x.submitted_at),
                "nhập hộ": x.entered_by_id is not None,
            }
            for x in assessments
        ],
        "các lần gửi trước": [
            {"lần": r.revision, "tổng điểm": r.total, "gửi lúc": _iso(r.submitted_at)}
            for r in revisions
        ],
        "bản nháp": [{"năm": d.year, "điểm": d.answers, "minh chứng": d.notes} for d in drafts],
        "tệp minh chứng": [
            {
                "năm": f.year,
                "chỉ số": f.indicator_id,
                "tên tệp": f.filename,
                "loại": f.content_type,
                "dung lượng (byte)": f.size,
                "SHA-256": f.sha256,
                "tải lên lúc": _iso(f.uploaded_at),
            }
            for f in files
        ],
        "quyết định công nhận": [
            {"năm": d.year, "số": d.number, "ngày ký": d.signed_on.isoformat()}
            for d in recognitions
        ],
        "nhật ký": [{"lúc": _iso(e.at), "việc": e.action} for e in events],
    }


def update_my_details(
    session: Session,
    actor: Actor,
    *,
    full_name: str,
    department: str,
    position: str,
    phone: str,
    email: str,
    now: datetime,
) -> Actor:
    """Correct one's own details; raises TextError. The CCCD, gender and year of birth are fixed
    by the card and corrected by the unit's manager. Returns the actor with the new name."""
    a = session.get(Account, actor.id)
    a.full_name = clean_full_name(full_name)
    a.department = clean_line(department, max_len=PLACE_MAX, label="Phòng/ban")
    a.position = clean_line(position, max_len=PLACE_MAX, label="Chức vụ")
    a.phone, a.email = clean_phone(phone), clean_email(email)
    session.add(a)
    touch(session, a.unit_id)
    record(session, action="account.update", at=now, actor_id=a.id, unit_id=a.unit_id)
    session.commit()
    return actor_for(a)


def withdraw_sensitive_consent(session: Session, actor: Actor, *, now: datetime) -> None:
    """Withdraw the consent to sensitive data: ethnicity and religion are cleared at once and
    the withdrawal is kept (on the account and in the audit log). Commits."""
    a = session.get(Account, actor.id)
    a.ethnicity = a.religion = ""
    a.sensitive_consented_at, a.sensitive_withdrawn_at = None, now
    session.add(a)
    record(session, action="consent.withdraw_sensitive", at=now, actor_id=a.id, unit_id=a.unit_id)
    session.commit()


def request_deletion(session: Session, actor: Actor, *, now: datetime) -> None:
    a = session.get(Account, actor.id)
    a.deletion_requested_at = now
    session.add(a)
    record(session, action="account.delete_request", at=now, actor_id=a.id, unit_id=a.unit_id)
    session.commit()


def deletion_requests(
    session: Session, actor: Actor, *, unit_id: int
) -> list[tuple[int, str, str]]:
    """(account id, name, masked CCCD) of the unit's members who asked to be deleted."""
    require_manage_unit(actor, unit_id)
    rows = session.exec(
        select(Account).where(
            Account.unit_id == unit_id,
            col(Account.deletion_requested_at).is_not(None),
            Account.role != ERASED,
        )
    ).all()
    return [(a.id, a.full_name, mask(a.cccd)) for a in rows]


@dataclass(frozen=True)
class OverdueRequest:
    unit: str
    full_name: str
    cccd_masked: str
    requested_at: datetime


def overdue_deletion_requests(
    session: Session, actor: Actor, *, now: datetime, days: int
) -> list[OverdueRequest]:
    """Deletion requests of every unit waiting more than `days`, oldest first: administrators
    see which managers have not carried them out."""
    require_admin(actor)
    rows = session.exec(
        select(Account, Unit.name)
        .join(Unit, Unit.id == Account.unit_id)
        .where(
            col(Account.deletion_requested_at) < now - timedelta(days=days),
            Account.role != ERASED,
        )
        .order_by(col(Account.deletion_requested_at))
    ).all()
    return [
        OverdueRequest(unit, a.full_name, mask(a.cccd), a.deletion_requested_at) for a, unit in rows
    ]


def erase_account(
    session: Session, actor: Actor, *, store: FileStore, account_id: int, now: datetime
) -> None:
    """Carry out a deletion request: personal data, assessments, drafts, evidence files (rows,
    then bytes after the commit) and sessions go; the row
    stays as an empty shell so the audit log keeps its references; a recognised person's line in
    a signed decision's annex (name, year of birth, total) stays with that decision. Commits."""
    account = session.get(Account, account_id)
    if account is None or account.deletion_requested_at is None or account.role == ERASED:
        raise PermissionDenied("Tài khoản này không có yêu cầu xoá đang chờ.")
    require_manage_unit(actor, account.unit_id)
    if account.id == actor.id or (account.role == ADMIN and actor.role != ADMIN):
        raise PermissionDenied("Bạn không thể xoá tài khoản này.")
    ids = select(Assessment.id).where(Assessment.account_id == account.id)
    session.exec(delete(AssessmentRevision).where(col(AssessmentRevision.assessment_id).in_(ids)))
    session.exec(delete(Assessment).where(Assessment.account_id == account.id))
    session.exec(delete(AssessmentDraft).where(AssessmentDraft.account_id == account.id))
    keys = evidence_keys(session, account.id)
    session.exec(delete(EvidenceFile).where(EvidenceFile.account_id == account.id))
    session.exec(delete(WebSession).where(WebSession.account_id == account.id))
    session.exec(delete(LoginThrottle).where(LoginThrottle.login == account.cccd))
    session.exec(
        update(Recognition).where(Recognition.account_id == account.id).values(account_id=None)
    )
    account.cccd = f"X{account.id:011d}"
    account.full_name = "(đã xoá)"
    account.gender = account.ethnicity = account.religion = ""
    account.department = account.position = account.phone = account.email = ""
    account.birth_year, account.province_code, account.ward_code = 0, None, None
    account.password_hash = "!"  # matches no password
    account.role, account.erased_at = ERASED, now
    session.add(account)
    touch(session, account.unit_id)
    record(
        session,
        action="account.erase",
        at=now,
        actor_id=actor.id,
        unit_id=account.unit_id,
        detail=f"account={account.id}",
    )
    session.commit()
    for key in keys:
        store.delete(key)
