"""Dữ liệu của tôi: everything held about a person, their corrections, their deletion request."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

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
from cdht.db.transaction import transaction
from cdht.registration import PLACE_MAX, check_place, clean_email, clean_full_name, clean_phone
from cdht.roles import (
    ERASED,
    Actor,
    PermissionDenied,
    can_erase_account,
    require_admin,
    require_manage_unit,
)
from cdht.text import TextError, by_field, clean_line


@dataclass(frozen=True)
class AccountRecord:
    """The account as held: values only; the pages and the download choose the words."""

    cccd: str
    full_name: str
    gender: str
    birth_year: int
    ethnicity: str
    religion: str
    province: str
    ward: str
    unit_name: str
    department: str
    position: str
    phone: str
    email: str
    role: str
    consent_version: str
    consented_at: datetime | None
    sensitive_consented_at: datetime | None
    sensitive_withdrawn_at: datetime | None
    created_at: datetime
    last_login_at: datetime | None
    deletion_requested_at: datetime | None


@dataclass(frozen=True)
class AssessmentRecord:
    year: int
    group: str
    criteria_version: str
    answers: dict[str, int]
    notes: dict[str, str]
    total: int
    recognised: bool
    submitted_at: datetime
    entered_for_me: bool


@dataclass(frozen=True)
class RevisionRecord:
    revision: int
    total: int
    submitted_at: datetime


@dataclass(frozen=True)
class DraftRecord:
    year: int
    answers: dict[str, int]
    notes: dict[str, str]


@dataclass(frozen=True)
class EvidenceRecord:
    year: int
    indicator_id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


@dataclass(frozen=True)
class DecisionRecord:
    year: int
    number: str
    signed_on: date


@dataclass(frozen=True)
class EventRecord:
    at: datetime
    action: str


@dataclass(frozen=True)
class MyData:
    """Everything held about one person."""

    account: AccountRecord
    assessments: tuple[AssessmentRecord, ...]
    revisions: tuple[RevisionRecord, ...]
    drafts: tuple[DraftRecord, ...]
    files: tuple[EvidenceRecord, ...]
    decisions: tuple[DecisionRecord, ...]
    events: tuple[EventRecord, ...]


def my_data(session: Session, actor: Actor) -> MyData:
    """Every record about the actor, as plain values (for the screen and the download)."""
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
    return MyData(
        account=AccountRecord(
            cccd=a.cccd,
            full_name=a.full_name,
            gender=a.gender,
            birth_year=a.birth_year,
            ethnicity=a.ethnicity,
            religion=a.religion,
            province=reference.province_name(a.province_code),
            ward=reference.ward_name(a.province_code, a.ward_code),
            unit_name=unit.name,
            department=a.department,
            position=a.position,
            phone=a.phone,
            email=a.email,
            role=a.role,
            consent_version=a.consent_version,
            consented_at=a.consented_at,
            sensitive_consented_at=a.sensitive_consented_at,
            sensitive_withdrawn_at=a.sensitive_withdrawn_at,
            created_at=a.created_at,
            last_login_at=a.last_login_at,
            deletion_requested_at=a.deletion_requested_at,
        ),
        assessments=tuple(
            AssessmentRecord(
                year=x.year,
                group=x.group,
                criteria_version=x.criteria_version,
                answers=dict(x.answers),
                notes=dict(x.notes),
                total=x.total,
                recognised=x.recognised,
                submitted_at=x.submitted_at,
                entered_for_me=x.entered_by_id is not None,
            )
            for x in assessments
        ),
        revisions=tuple(RevisionRecord(r.revision, r.total, r.submitted_at) for r in revisions),
        drafts=tuple(DraftRecord(d.year, dict(d.answers), dict(d.notes)) for d in drafts),
        files=tuple(
            EvidenceRecord(
                year=f.year,
                indicator_id=f.indicator_id,
                filename=f.filename,
                content_type=f.content_type,
                size=f.size,
                sha256=f.sha256,
                uploaded_at=f.uploaded_at,
            )
            for f in files
        ),
        decisions=tuple(DecisionRecord(d.year, d.number, d.signed_on) for d in recognitions),
        events=tuple(EventRecord(e.at, e.action) for e in events),
    )


class DetailsError(TextError):
    """One's own details refused: `errors` holds the message of each field at fault."""

    def __init__(self, message: str, errors: dict[str, str]) -> None:
        super().__init__(message)
        self.errors = errors


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
    """Correct one's own details; raises DetailsError naming every field at fault. The CCCD,
    gender and year of birth are fixed by the card and corrected by the unit's manager. Returns
    the actor with the new name."""
    values, errors = by_field(
        {
            "full_name": lambda: clean_full_name(full_name),
            "department": lambda: clean_line(department, max_len=PLACE_MAX, label="Phòng/ban"),
            "position": lambda: clean_line(position, max_len=PLACE_MAX, label="Chức vụ"),
            "phone": lambda: clean_phone(phone),
            "email": lambda: clean_email(email),
        }
    )
    if errors:
        raise DetailsError(next(iter(errors.values())), errors)
    with transaction(session):
        a = session.get(Account, actor.id)
        a.full_name, a.department, a.position = (
            values["full_name"],
            values["department"],
            values["position"],
        )
        a.phone, a.email = values["phone"], values["email"]
        session.add(a)
        touch(session, a.unit_id)
        record(session, action="account.update", at=now, actor_id=a.id, unit_id=a.unit_id)
    return actor_for(a)


def update_my_place(
    session: Session,
    actor: Actor,
    *,
    province_code: int | None,
    ward_code: int | None,
    now: datetime,
) -> None:
    """Correct one's own province and ward (a ward of that province); raises DetailsError naming
    each field at fault, nothing stored. Commits."""
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    check_place({"province_code": province_code, "ward_code": ward_code}, values, errors)
    if errors:
        raise DetailsError(next(iter(errors.values())), errors)
    with transaction(session):
        a = session.get(Account, actor.id)
        a.province_code, a.ward_code = values["province_code"], values["ward_code"]
        session.add(a)
        record(session, action="account.update", at=now, actor_id=a.id, unit_id=a.unit_id)


def withdraw_sensitive_consent(session: Session, actor: Actor, *, now: datetime) -> None:
    """Withdraw the consent to sensitive data: ethnicity and religion are cleared at once and
    the withdrawal is kept (on the account and in the audit log). Commits."""
    with transaction(session):
        a = session.get(Account, actor.id)
        a.ethnicity = a.religion = ""
        a.sensitive_consented_at, a.sensitive_withdrawn_at = None, now
        session.add(a)
        record(
            session, action="consent.withdraw_sensitive", at=now, actor_id=a.id, unit_id=a.unit_id
        )


def request_deletion(session: Session, actor: Actor, *, now: datetime) -> None:
    with transaction(session):
        a = session.get(Account, actor.id)
        a.deletion_requested_at = now
        session.add(a)
        record(session, action="account.delete_request", at=now, actor_id=a.id, unit_id=a.unit_id)


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
    with transaction(session):
        account = session.get(Account, account_id)
        if account is None or account.deletion_requested_at is None or account.role == ERASED:
            raise PermissionDenied("Tài khoản này không có yêu cầu xoá đang chờ.")
        require_manage_unit(actor, account.unit_id)
        if not can_erase_account(actor, account_id=account.id, role=account.role):
            raise PermissionDenied("Bạn không thể xoá tài khoản này.")
        ids = select(Assessment.id).where(Assessment.account_id == account.id)
        session.exec(
            delete(AssessmentRevision).where(col(AssessmentRevision.assessment_id).in_(ids))
        )
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
    for key in keys:
        store.delete(key)
