"""Evidence files attached to a person's form: kept in the file store, listed, downloaded and
removed only by their owner and the manager of the owner's unit."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from cdht.cccd import mask
from cdht.db.audit import record
from cdht.db.file_store import FileStore
from cdht.db.models import Account, EvidenceFile
from cdht.db.units import decided
from cdht.evidence import MAX_PER_INDICATOR, EvidenceError, check_file
from cdht.roles import MANAGER, Actor, PermissionDenied, form_owner, require_evidence_access
from cdht.window import local_year


@dataclass(frozen=True)
class EvidenceInfo:
    id: int
    year: int
    indicator_id: str
    filename: str
    content_type: str
    size: int
    uploaded_at: datetime
    by_manager: bool


def _info(row: EvidenceFile) -> EvidenceInfo:
    return EvidenceInfo(
        id=row.id,
        year=row.year,
        indicator_id=row.indicator_id,
        filename=row.filename,
        content_type=row.content_type,
        size=row.size,
        uploaded_at=row.uploaded_at,
        by_manager=row.uploaded_by_id != row.account_id,
    )


def add_evidence(
    session: Session,
    actor: Actor,
    *,
    store: FileStore,
    indicator_id: str,
    name: str,
    data: bytes,
    now: datetime,
    subject: Actor | None = None,
) -> EvidenceInfo:
    """Keep a checked photo or PDF for one indicator of this year's form; commits.

    Raises EvidenceError (wrong type, too big, too many files, year closed) and stores nothing.
    """
    person = form_owner(actor, subject)
    year = local_year(now)
    if decided(session, person.unit_id, year) is not None:
        raise EvidenceError(f"Năm {year} đơn vị đã có quyết định công nhận; không thêm minh chứng.")
    checked = check_file(name, data)
    held = session.exec(
        select(func.count())
        .select_from(EvidenceFile)
        .where(
            EvidenceFile.account_id == person.id,
            EvidenceFile.year == year,
            EvidenceFile.indicator_id == indicator_id,
        )
    ).one()
    if held >= MAX_PER_INDICATOR:
        raise EvidenceError(
            f"Mỗi chỉ số giữ tối đa {MAX_PER_INDICATOR} tệp; hãy xoá bớt trước khi thêm."
        )
    key = store.put(data)
    try:
        row = EvidenceFile(
            account_id=person.id,
            unit_id=person.unit_id,
            year=year,
            indicator_id=indicator_id,
            filename=checked.filename,
            content_type=checked.content_type,
            size=checked.size,
            sha256=hashlib.sha256(data).hexdigest(),
            storage_key=key,
            uploaded_by_id=actor.id,
            uploaded_at=now,
        )
        session.add(row)
        record(session, action="evidence.add", at=now, actor_id=actor.id, unit_id=person.unit_id,
               detail=f"account={person.id} indicator={indicator_id}")  # fmt: skip
        session.commit()
    except BaseException:
        session.rollback()
        store.delete(key)
        raise
    session.refresh(row)
    return _info(row)


def list_evidence(
    session: Session, actor: Actor, *, account_id: int, year: int | None = None
) -> list[EvidenceInfo]:
    """A person's evidence files (of one year, or all), by indicator then upload time."""
    account = session.get(Account, account_id)
    if account is None:
        return []
    require_evidence_access(actor, owner_id=account.id, unit_id=account.unit_id)
    query = select(EvidenceFile).where(EvidenceFile.account_id == account_id)
    if year is not None:
        query = query.where(EvidenceFile.year == year)
    rows = session.exec(
        query.order_by(col(EvidenceFile.year), col(EvidenceFile.indicator_id), col(EvidenceFile.id))
    ).all()
    return [_info(r) for r in rows]


def unit_evidence(
    session: Session, actor: Actor, *, unit_id: int, year: int
) -> list[tuple[str, str, EvidenceInfo]]:
    """(name, masked CCCD, file) for every file of a unit's members in a year, for its manager."""
    if not (actor.role == MANAGER and actor.unit_id == unit_id):
        raise PermissionDenied("Chỉ người quản lý của đơn vị xem được minh chứng của thành viên.")
    rows = session.exec(
        select(Account.full_name, Account.cccd, EvidenceFile)
        .join(Account, Account.id == EvidenceFile.account_id)
        .where(EvidenceFile.unit_id == unit_id, EvidenceFile.year == year)
        .order_by(col(Account.full_name), col(EvidenceFile.indicator_id), col(EvidenceFile.id))
    ).all()
    return [(name, mask(cccd), _info(row)) for name, cccd, row in rows]


def _row(session: Session, actor: Actor, file_id: int) -> EvidenceFile:
    row = session.get(EvidenceFile, file_id)
    if row is None:
        raise PermissionDenied("Không tìm thấy tệp minh chứng này.")
    require_evidence_access(actor, owner_id=row.account_id, unit_id=row.unit_id)
    return row


def read_evidence(
    session: Session, actor: Actor, *, store: FileStore, file_id: int, now: datetime
) -> tuple[EvidenceInfo, bytes]:
    """The file's bytes; a manager's download of someone else's file is logged. Commits."""
    row = _row(session, actor, file_id)
    data = store.get(row.storage_key)
    if actor.id != row.account_id:
        record(session, action="evidence.download", at=now, actor_id=actor.id,
               unit_id=row.unit_id, detail=f"account={row.account_id} file={row.id}")  # fmt: skip
        session.commit()
    return _info(row), data


def delete_evidence(
    session: Session, actor: Actor, *, store: FileStore, file_id: int, now: datetime
) -> None:
    """Remove one file (row first, then bytes); commits."""
    row = _row(session, actor, file_id)
    if decided(session, row.unit_id, row.year) is not None:
        raise EvidenceError(
            f"Năm {row.year} đơn vị đã có quyết định công nhận; không xoá minh chứng."
        )
    key = row.storage_key
    session.delete(row)
    record(session, action="evidence.delete", at=now, actor_id=actor.id, unit_id=row.unit_id,
           detail=f"account={row.account_id} indicator={row.indicator_id}")  # fmt: skip
    session.commit()
    store.delete(key)


def evidence_keys(session: Session, account_id: int) -> list[str]:
    """Storage keys of every file a person holds (for erasure, inside the caller's checks)."""
    return list(
        session.exec(
            select(EvidenceFile.storage_key).where(EvidenceFile.account_id == account_id)
        ).all()
    )
