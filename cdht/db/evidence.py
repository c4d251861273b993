"""Evidence files attached to a person's form: kept in the file store, listed, downloaded and
removed only by their owner and the manager of the owner's unit."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from cdht.cccd import mask
from cdht.config import EvidenceQuotas
from cdht.db.audit import record
from cdht.db.file_store import FileStore
from cdht.db.models import Account, EvidenceFile, Unit
from cdht.db.transaction import transaction
from cdht.db.units import decided
from cdht.evidence import (
    MAX_PER_INDICATOR,
    PERSON,
    UNIT,
    EvidenceError,
    QuotaExceeded,
    check_file,
)
from cdht.roles import (
    Actor,
    PermissionDenied,
    form_owner,
    require_evidence_access,
    require_unit_evidence,
)
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


DEFAULT_QUOTAS = EvidenceQuotas()
_TABLE = EvidenceFile.__table__


@dataclass(frozen=True)
class EvidenceUsage:
    """Bytes of evidence a person and their unit hold for a year, and their quotas."""

    year: int
    person_used: int
    person_limit: int
    unit_used: int
    unit_limit: int

    @property
    def room(self) -> int:
        """Bytes that may still be added to this person's form this year."""
        return max(0, min(self.person_limit - self.person_used, self.unit_limit - self.unit_used))


def _used(*where) -> sa.ScalarSelect:
    return sa.select(func.coalesce(func.sum(_TABLE.c.size), 0)).where(*where).scalar_subquery()


def _usage_now(session: Session, person: Actor, year: int, quotas: EvidenceQuotas) -> EvidenceUsage:
    person_used, unit_used = session.execute(
        sa.select(
            _used(_TABLE.c.account_id == person.id, _TABLE.c.year == year),
            _used(_TABLE.c.unit_id == person.unit_id, _TABLE.c.year == year),
        )
    ).one()
    return EvidenceUsage(year, person_used, quotas.per_person, unit_used, quotas.per_unit)


def evidence_usage(
    session: Session,
    actor: Actor,
    *,
    now: datetime,
    subject: Actor | None = None,
    quotas: EvidenceQuotas = DEFAULT_QUOTAS,
) -> EvidenceUsage:
    """This year's evidence bytes of the form's owner and of their unit, against the quotas
    (shown before an upload)."""
    person = form_owner(actor, subject)
    return _usage_now(session, person, local_year(now), quotas)


def _refusal(usage: EvidenceUsage, size: int) -> QuotaExceeded | None:
    if usage.person_used + size > usage.person_limit:
        return QuotaExceeded(
            PERSON, year=usage.year, used=usage.person_used, limit=usage.person_limit, size=size
        )
    if usage.unit_used + size > usage.unit_limit:
        return QuotaExceeded(
            UNIT, year=usage.year, used=usage.unit_used, limit=usage.unit_limit, size=size
        )
    return None


def _insert_within_limits(session: Session, values: dict, quotas: EvidenceQuotas) -> int | None:
    """Insert the row only if the person's and the unit's quotas and the files-per-indicator
    limit still hold, in one statement; None when they do not.

    PostgreSQL: the unit's row is locked first (FOR UPDATE, until the commit), so uploads of one
    unit take turns and each one's sums include the files committed before it. SQLite: the
    INSERT … SELECT takes the database's single write lock before it reads the sums."""
    session.execute(select(Unit.id).where(Unit.id == values["unit_id"]).with_for_update())
    same_year = _TABLE.c.year == values["year"]
    mine = _TABLE.c.account_id == values["account_id"]
    size = values["size"]
    held = (
        sa.select(func.count())
        .where(mine, same_year, _TABLE.c.indicator_id == values["indicator_id"])
        .scalar_subquery()
    )
    row = sa.select(
        *(
            sa.bindparam(f"v_{name}", value, type_=_TABLE.c[name].type)
            for name, value in values.items()
        )
    ).where(
        _used(mine, same_year) + size <= sa.literal(quotas.per_person, sa.BigInteger),
        _used(_TABLE.c.unit_id == values["unit_id"], same_year) + size
        <= sa.literal(quotas.per_unit, sa.BigInteger),
        held < MAX_PER_INDICATOR,
    )
    inserted = session.execute(
        sa.insert(_TABLE).from_select(list(values), row).returning(_TABLE.c.id)
    ).first()
    return None if inserted is None else inserted[0]


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
    quotas: EvidenceQuotas = DEFAULT_QUOTAS,
) -> EvidenceInfo:
    """Keep a checked photo or PDF for one indicator of this year's form; commits.

    Raises EvidenceError (wrong type, too big, too many files, year closed) or QuotaExceeded (the
    person's or the unit's evidence of the year would pass its quota) and stores nothing. The
    limits are checked again in the statement that inserts the row, so parallel uploads cannot
    pass them together."""
    person = form_owner(actor, subject)
    year = local_year(now)
    if decided(session, person.unit_id, year) is not None:
        raise EvidenceError(f"Năm {year} đơn vị đã có quyết định công nhận; không thêm minh chứng.")
    checked = check_file(name, data)
    refused = _refusal(_usage_now(session, person, year, quotas), checked.size)
    if refused is not None:
        raise refused
    values = dict(
        account_id=person.id,
        unit_id=person.unit_id,
        year=year,
        indicator_id=indicator_id,
        filename=checked.filename,
        content_type=checked.content_type,
        size=checked.size,
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=actor.id,
        uploaded_at=now,
    )
    key = store.put(data)
    try:
        with transaction(session):
            file_id = _insert_within_limits(session, {**values, "storage_key": key}, quotas)
            if file_id is not None:
                record(
                    session,
                    action="evidence.add",
                    at=now,
                    actor_id=actor.id,
                    unit_id=person.unit_id,
                    detail=f"account={person.id} indicator={indicator_id}",
                )
    except BaseException:
        store.delete(key)
        raise
    if file_id is None:  # a parallel upload took the room: say which limit, as it stands now
        store.delete(key)
        raise _refusal(_usage_now(session, person, year, quotas), checked.size) or EvidenceError(
            f"Mỗi chỉ số giữ tối đa {MAX_PER_INDICATOR} tệp; hãy xoá bớt trước khi thêm."
        )
    return _info(session.get(EvidenceFile, file_id))


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
    require_unit_evidence(actor, unit_id)
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
    with transaction(session):
        row = _row(session, actor, file_id)
        data = store.get(row.storage_key)
        if actor.id != row.account_id:
            record(
                session,
                action="evidence.download",
                at=now,
                actor_id=actor.id,
                unit_id=row.unit_id,
                detail=f"account={row.account_id} file={row.id}",
            )
    return _info(row), data


def delete_evidence(
    session: Session, actor: Actor, *, store: FileStore, file_id: int, now: datetime
) -> None:
    """Remove one file (row first, then bytes); commits."""
    with transaction(session):
        row = _row(session, actor, file_id)
        if decided(session, row.unit_id, row.year) is not None:
            raise EvidenceError(
                f"Năm {row.year} đơn vị đã có quyết định công nhận; không xoá minh chứng."
            )
        key = row.storage_key
        session.delete(row)
        record(
            session,
            action="evidence.delete",
            at=now,
            actor_id=actor.id,
            unit_id=row.unit_id,
            detail=f"account={row.account_id} indicator={row.indicator_id}",
        )
    store.delete(key)


def evidence_keys(session: Session, account_id: int) -> list[str]:
    """Storage keys of every file a person holds (for erasure, inside the caller's checks)."""
    return list(
        session.exec(
            select(EvidenceFile.storage_key).where(EvidenceFile.account_id == account_id)
        ).all()
    )
