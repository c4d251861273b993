"""Accounts: registration, operator-created users, login."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from cdht import cccd as cccd_rules
from cdht.collation import name_sort_key
from cdht.config import LoginLimits, SignupLimits
from cdht.db.actors import actor_for
from cdht.db.audit import record
from cdht.db.figures import touch
from cdht.db.membership import add_report
from cdht.db.models import Account, Assessment, AuditEvent, StaffMember, Unit
from cdht.db.rate_limits import (
    Forgiven,
    Strike,
    clear,
    count,
    forgive,
    give_back,
    prune,
    strike,
    take,
)
from cdht.db.transaction import transaction
from cdht.db.units import UnitInfo, find_unit_by_code, has_children
from cdht.db.web_sessions import revoke_all
from cdht.membership import CLOSED, initial_state, same_name
from cdht.passwords import (
    TEMPORARY_VALID,
    hash_password,
    password_problem,
    temporary_password,
    verify_and_renew,
    verify_password,
)
from cdht.registration import (
    Registration,
    clean_email,
    clean_full_name,
    clean_phone,
    consent_version,
)
from cdht.roles import (
    CITIZEN,
    ERASED,
    MANAGER,
    MEMBER_ROLES,
    ROLES,
    Actor,
    PermissionDenied,
    can_reset_password,
    require_appoint,
    require_appoint_parent_managers,
    require_manage_unit,
)
from cdht.text import TextError, by_field
from cdht.throttle import DEVICE_FAILURES, FREE_FAILURES, Device


class AccountError(ValueError):
    """Registration or account creation refused; `field` names the form field to mark."""

    def __init__(self, message: str, field: str = "", errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.errors: dict[str, str] = errors or ({field: message} if field else {})


class CccdTaken(AccountError):
    """The number already has an account: the person may report it to the unit's managers."""


class TemporaryPasswordExpired(Exception):
    """The right temporary password, given after its time ran out: ask for a new one."""


DEFAULT_LIMITS = SignupLimits()
TOO_MANY = (
    "Có quá nhiều lần đăng ký không thành công từ máy này hoặc vào đơn vị này. Vui lòng thử lại "
    "sau một giờ, hoặc liên hệ người phụ trách của đơn vị."
)
TAKEN = "Số CCCD này đã được đăng ký. Nếu đó là tài khoản của bạn, vui lòng đăng nhập."


def has_any_account(session: Session) -> bool:
    return session.exec(select(func.count()).select_from(Account)).one() > 0


UNIT_UNKNOWN = "Không tìm thấy đơn vị có mã này. Vui lòng kiểm tra lại."


def _unit_or_fail(session: Session, code: str) -> UnitInfo:
    unit = find_unit_by_code(session, code)
    if unit is None:
        raise AccountError(UNIT_UNKNOWN, "unit_code")
    return unit


def _taken(session: Session, cccd: str) -> bool:
    return session.exec(select(Account.id).where(Account.cccd == cccd)).first() is not None


def _insert(session: Session, account: Account) -> Account:
    if _taken(session, account.cccd):
        raise CccdTaken(TAKEN, "cccd")
    session.add(account)
    try:
        session.flush()
        touch(session, account.unit_id)
    except IntegrityError as exc:  # the action's transaction rolls back
        raise CccdTaken(TAKEN, "cccd") from exc
    return account


def _contact(unit: UnitInfo) -> str:
    if unit.contact_name and unit.contact_phone:
        return f"người phụ trách của đơn vị ({unit.contact_name}, {unit.contact_phone})"
    if unit.contact_name:
        return f"người phụ trách của đơn vị ({unit.contact_name})"
    return "người quản lý của đơn vị"


def _limit_keys(unit: UnitInfo, client: str | None) -> list[tuple[str, str]]:
    keys = [("per_unit", f"signup-unit:{unit.id}")]
    if client:
        keys.append(("per_address", f"signup-addr:{client}"[:80]))
    return keys


def _take_attempt(
    session: Session, unit: UnitInfo, client: str | None, limits: SignupLimits, now: datetime
) -> list[str]:
    """Count the attempt against every limit before looking anything up (committed at once, so
    parallel attempts all count); refuse when one is full. Returns the keys counted."""
    keys = _limit_keys(unit, client)
    allowed = [take(session, key, limit=getattr(limits, name), now=now) for name, key in keys]
    if not all(allowed):
        raise AccountError(TOO_MANY)
    return [key for _, key in keys]


def _check_staff_list(session: Session, unit: UnitInfo, reg: Registration) -> bool:
    """Whether the unit has a staff list; with one, the number must be on it under that name."""
    has_list = session.exec(
        select(StaffMember.id).where(StaffMember.unit_id == unit.id).limit(1)
    ).first()
    if has_list is None:
        return False
    entry = session.exec(
        select(StaffMember).where(StaffMember.unit_id == unit.id, StaffMember.cccd == reg.cccd)
    ).first()
    if entry is None:
        raise AccountError(
            f"Số CCCD này không có trong danh sách nhân sự của {unit.name}. Vui lòng liên hệ "
            f"{_contact(unit)} để được bổ sung vào danh sách, rồi đăng ký lại.",
            "cccd",
        )
    if not same_name(reg.full_name, entry.full_name):
        raise AccountError(
            f"Họ và tên không khớp với họ tên của số CCCD này trong danh sách nhân sự của "
            f"{unit.name}. Vui lòng nhập đúng họ tên như trên thẻ CCCD; nếu danh sách ghi sai, "
            f"liên hệ {_contact(unit)}.",
            "full_name",
        )
    return True


def register_citizen(
    session: Session,
    reg: Registration,
    *,
    now: datetime,
    consent: str = "",
    client: str | None = None,
    limits: SignupLimits = DEFAULT_LIMITS,
) -> Actor:
    """Store a validated registration as a member of the unit named by its code; commits.

    With a staff list, only a listed number under the listed name is accepted (and approved);
    without one, the account waits for a manager's approval. Refusals count against the limits
    per unit and per `client` address; a sign-up that goes through gives its count back.
    """
    unit = _unit_or_fail(session, reg.unit_code)
    _check_password(reg.password, reg.cccd, reg.birth_year, reg.full_name, unit, "password")
    keys = _take_attempt(session, unit, client, limits, now)
    with transaction(session):
        paper = session.exec(
            select(Account).where(
                Account.cccd == reg.cccd, Account.paper_only, Account.unit_id == unit.id
            )
        ).first()
        if paper is None and _taken(session, reg.cccd):
            raise CccdTaken(TAKEN, "cccd")
        has_list = _check_staff_list(session, unit, reg)
        for key in keys:
            give_back(session, key)
        if paper is not None:
            return _take_over(session, paper, reg, consent=consent, now=now)
        account = _insert(
            session,
            Account(
                cccd=reg.cccd,
                full_name=reg.full_name,
                gender=reg.gender,
                birth_year=reg.birth_year,
                ethnicity=reg.ethnicity,
                religion=reg.religion,
                province_code=reg.province_code,
                ward_code=reg.ward_code,
                unit_id=unit.id,
                department=reg.department,
                position=reg.position,
                phone=reg.phone,
                email=reg.email,
                password_hash=hash_password(reg.password),
                consent_version=consent or consent_version(),
                consented_at=now,
                # validate() let a sensitive value through only with its own tick
                sensitive_consented_at=now if reg.ethnicity or reg.religion else None,
                created_at=now,
                membership=initial_state(has_list),
            ),
        )
        record(session, action="account.register", at=now, actor_id=account.id, unit_id=unit.id)
        return actor_for(account)


def _take_over(
    session: Session, account: Account, reg: Registration, *, consent: str, now: datetime
) -> Actor:
    """The person signs up with the number a manager made an account for (to enter their paper
    form): the account becomes theirs, with their details, password and consent, results kept.
    A step of `register_citizen`, in its transaction."""
    for name in (
        "full_name",
        "gender",
        "birth_year",
        "ethnicity",
        "religion",
        "province_code",
        "ward_code",
        "phone",
        "email",
    ):
        setattr(account, name, getattr(reg, name))
    account.department = account.department or reg.department
    account.position = account.position or reg.position
    account.password_hash = hash_password(reg.password)
    account.consent_version = consent or consent_version()
    account.consented_at = now
    account.sensitive_consented_at = now if reg.ethnicity or reg.religion else None
    account.paper_only = False
    session.add(account)
    touch(session, account.unit_id)
    record(
        session,
        action="account.register",
        at=now,
        actor_id=account.id,
        unit_id=account.unit_id,
        detail="paper account taken over",
    )
    return actor_for(account)


def paper_subject(
    session: Session, actor: Actor, *, unit_id: int, cccd: str, now: datetime
) -> Actor:
    """Whose paper form a manager enters: the member with this number, or a person of the staff
    list who never signed up, for whom an account without a password is made (their own sign-up
    later takes it over). Commits when it makes one."""
    with transaction(session):
        require_manage_unit(actor, unit_id)
        account = session.exec(
            select(Account).where(Account.cccd == cccd, Account.unit_id == unit_id)
        ).first()
        if account is not None:
            return actor_for(account)
        listed = session.exec(
            select(StaffMember).where(StaffMember.unit_id == unit_id, StaffMember.cccd == cccd)
        ).first()
        if listed is None:
            raise AccountError("Không tìm thấy người này trong đơn vị.")
        facts = cccd_rules.parse(cccd)
        account = _insert(
            session,
            Account(
                cccd=cccd,
                full_name=listed.full_name,
                gender=facts.gender,
                birth_year=facts.birth_year,
                unit_id=unit_id,
                department=listed.department,
                position=listed.position,
                password_hash="!",  # matches no password: nobody logs in until the person signs up
                paper_only=True,
                created_at=now,
            ),
        )
        record(
            session,
            action="account.paper",
            at=now,
            actor_id=actor.id,
            unit_id=unit_id,
            detail=f"account={account.id}",
        )
        return actor_for(account)


@dataclass(frozen=True)
class PaperChoice:
    """Someone whose paper form can be entered (a member, or a listed person without an
    account), by CCCD number; whether they have an account one can log in to, and a form for
    the year (sent online or entered on paper)."""

    cccd: str
    full_name: str
    no_account: bool
    has_form: bool
    profile: bool = True  # False: nothing stored yet (entering the form makes the profile)

    @property
    def label(self) -> str:
        """What the manager picks from; short enough for a phone (the page names the year)."""
        return (
            f"{self.full_name} ({cccd_rules.mask(self.cccd)})"
            + (" – chưa có tài khoản" if self.no_account else "")
            + (" – đã có phiếu" if self.has_form else "")
        )


def paper_choices(session: Session, actor: Actor, *, unit_id: int, year: int) -> list[PaperChoice]:
    """The unit's members and the staff list's people without an account, in name order."""
    require_manage_unit(actor, unit_id)
    members = session.exec(
        select(Account.cccd, Account.full_name, Account.paper_only, Assessment.id)
        .outerjoin(Assessment, (Assessment.account_id == Account.id) & (Assessment.year == year))
        .where(
            Account.unit_id == unit_id,
            col(Account.role).in_(MEMBER_ROLES),
            Account.membership != CLOSED,
            Account.id != actor.id,
        )
    ).all()
    # On the staff list without an account anywhere (the actor's own, another unit's or a closed
    # one is no person to create).
    listed = session.exec(
        select(StaffMember.cccd, StaffMember.full_name)
        .outerjoin(Account, Account.cccd == StaffMember.cccd)
        .where(StaffMember.unit_id == unit_id, col(Account.id).is_(None))
    ).all()
    # A paper-only account keeps the label it had before the form was started: the choice the
    # manager made must stay the same choice while they type the form.
    people = [
        PaperChoice(n, name, paper, assessed is not None) for n, name, paper, assessed in members
    ]
    people += [PaperChoice(n, name, True, False, profile=False) for n, name in listed]
    return sorted(people, key=lambda p: name_sort_key(p.full_name))


def report_taken_number(
    session: Session,
    *,
    unit_code: str,
    cccd: str,
    full_name: str,
    phone: str = "",
    email: str = "",
    now: datetime,
    client: str | None = None,
    limits: SignupLimits = DEFAULT_LIMITS,
) -> None:
    """ "Báo cho người quản lý": tell the unit's managers that `cccd` was registered by someone
    else. Counted against the same limits as refused sign-ups; commits."""
    unit = _unit_or_fail(session, unit_code)
    _take_attempt(session, unit, client, limits, now)
    number = cccd_rules.normalise(cccd)
    with transaction(session):
        if not _taken(session, number):
            raise AccountError("Số CCCD này chưa được đăng ký; bạn có thể đăng ký ngay.", "cccd")
        add_report(
            session,
            unit_id=unit.id,
            cccd=number,
            full_name=clean_full_name(full_name),
            phone=clean_phone(phone),
            email=clean_email(email),
            now=now,
        )


def _check_password(
    password: str,
    number: str,
    birth_year: int,
    full_name: str,
    unit: UnitInfo | Unit | None,
    field: str,
) -> None:
    """Refuse a weak password, judged knowing the person's number, name, year and unit."""
    problem = password_problem(
        password,
        cccd=number,
        birth_year=birth_year,
        full_name=full_name,
        unit_name=unit.name if unit else "",
        unit_code=unit.code if unit else "",
    )
    if problem:
        raise AccountError(problem, field)


def _named_account(
    session: Session,
    number: str,
    full_name: str,
    unit_id: int,
    role: str,
    password: str,
    *,
    now: datetime,
    temporary: bool = False,
) -> Account:
    """An account someone with the right named (operator, administrator, manager): gender and
    year of birth read from the number; a temporary password must be changed at first login."""
    facts = cccd_rules.parse(number)
    return _insert(
        session,
        Account(
            cccd=number,
            full_name=clean_full_name(full_name),
            gender=facts.gender,
            birth_year=facts.birth_year,
            unit_id=unit_id,
            role=role,
            password_hash=hash_password(password),
            must_change_password=temporary,
            created_at=now,
        ),
    )


def create_user(
    session: Session,
    *,
    unit_code: str,
    cccd: str,
    full_name: str,
    role: str,
    password: str,
    now: datetime,
) -> Actor:
    """Create an account for an operator-named person (command line, first-run page); commits
    (or joins the caller's transaction)."""
    with transaction(session):
        if role not in ROLES:
            raise AccountError(f"Vai trò phải là một trong: {', '.join(ROLES)}.", "role")
        unit = _unit_or_fail(session, unit_code)
        number = cccd_rules.normalise(cccd)
        facts = cccd_rules.parse(number)
        _check_password(password, number, facts.birth_year, full_name, unit, "password")
        account = _named_account(session, number, full_name, unit.id, role, password, now=now)
        record(session, action="account.create", at=now, unit_id=unit.id, detail=f"role={role}")
        return actor_for(account)


class LoginLocked(Exception):
    """Too many failed logins for this name; try again after `until`."""

    def __init__(self, until: datetime) -> None:
        super().__init__(f"locked until {until.isoformat()}")
        self.until = until


def _refuse_expired(session: Session, account: Account, now: datetime) -> None:
    """A temporary password past its time opens nothing (called once it was given right, so
    saying it expired reveals nothing to someone who did not know it)."""
    if account.must_change_password and account.temporary_until and account.temporary_until <= now:
        record(
            session, action="login.expired", at=now, actor_id=account.id, unit_id=account.unit_id
        )
        session.commit()
        raise TemporaryPasswordExpired()


ADDRESS_KEY = "login-addr:"
DEVICE_KEY = "login-device:"
DEFAULT_LOGIN_LIMITS = LoginLimits()


@dataclass(frozen=True)
class LockReport:
    """The person's login name was locked while they were away: when, and how many failed or
    refused attempts were counted; told at their next login."""

    locked_at: datetime
    attempts: int


@dataclass(frozen=True)
class Login:
    actor: Actor
    lock: LockReport | None = None


def _trusted(
    session: Session, device: Device | None, account: Account | None, now: datetime
) -> bool:
    """Whether the attempt comes with a device cookie of this very account that has not failed
    too often; the attempt is counted against the device first (committed)."""
    if device is None or account is None or device.account_id != account.id:
        return False
    return take(session, DEVICE_KEY + device.nonce, limit=DEVICE_FAILURES, now=now)


def _admit(
    session: Session, number: str, client: str | None, limits: LoginLimits, now: datetime
) -> Strike:
    """Count an attempt from a browser without a device cookie, against its address and then the
    name, before any password is checked (committed); LoginLocked when either is over its limit."""
    if client:
        window = count(session, f"{ADDRESS_KEY}{client}"[:80], now=now)
        if window.count > limits.per_address:
            if window.count == limits.per_address + 1:  # once per window
                record(session, action="login.address_limited", at=now, detail=f"client={client}")
                session.commit()
            raise LoginLocked(window.ends)
    counted = strike(session, number, now=now)
    if not counted.allowed:
        raise LoginLocked(counted.locked_until)
    return counted


def _lock_report(forgiven: Forgiven | None, counted_now: bool) -> LockReport | None:
    if forgiven is None or forgiven.locked_at is None:
        return None
    failures = forgiven.failures - counted_now  # this attempt was right
    if failures < FREE_FAILURES:
        return None
    return LockReport(forgiven.locked_at, failures + forgiven.refused)


def attempt_login(
    session: Session,
    cccd: str,
    password: str,
    *,
    now: datetime,
    client: str | None = None,
    device: Device | None = None,
    limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
) -> Login | None:
    """The login for a correct CCCD and password, else None; time does not depend on which.

    Every attempt is counted before its password is checked, each count one atomic statement
    committed at once, so parallel guesses cannot slip past: with a valid device cookie of this
    account (`device`, read by the caller), against that device only (DEVICE_FAILURES an hour);
    otherwise against the client address (`limits.per_address` an hour) and the login name, which
    is locked for a growing time after FREE_FAILURES (`cdht.throttle`). Over a limit: LoginLocked,
    without checking the password. A correct password gives the address its attempt back and
    clears the name's and the device's counts; the returned `lock` says if the name was locked
    meanwhile.
    """
    number = cccd_rules.normalise(cccd)[:40]
    account = (
        session.exec(select(Account).where(Account.cccd == number)).first() if number else None
    )
    trusted = _trusted(session, device, account, now)
    counted = None if trusted else _admit(session, number, client, limits, now)
    ok, renewed = verify_and_renew(account.password_hash if account else None, password)
    if not ok or account is None:
        known = {"actor_id": account.id, "unit_id": account.unit_id} if account else {}
        name = f"name={cccd_rules.mask(number)}"
        record(session, action="login.failed", at=now, detail=name, **known)
        if counted is not None and counted.failures == FREE_FAILURES:  # the lock begins
            record(session, action="login.locked", at=now, detail=name, **known)
        session.commit()
        return None
    if trusted:
        clear(session, DEVICE_KEY + device.nonce)
    elif client:
        give_back(session, f"{ADDRESS_KEY}{client}"[:80])
    lock = _lock_report(forgive(session, number), counted_now=counted is not None)
    _refuse_expired(session, account, now)
    if renewed:
        account.password_hash = renewed
    account.last_login_at = now
    session.add(account)
    record(session, action="login", at=now, actor_id=account.id, unit_id=account.unit_id)
    prune(session, now=now)  # old counters go with the logins that happen anyway
    session.commit()
    return Login(actor_for(account), lock)


def authenticate(session: Session, cccd: str, password: str, *, now: datetime) -> Actor | None:
    """`attempt_login` from a browser without a device cookie or known address: the actor."""
    login = attempt_login(session, cccd, password, now=now)
    return login.actor if login else None


@dataclass(frozen=True)
class LockNotice:
    """A member's login name was locked after repeated failures."""

    at: datetime
    full_name: str
    cccd_masked: str


LOCK_NOTICE_DAYS = 30


def recent_locks(
    session: Session, actor: Actor, *, unit_id: int, now: datetime
) -> list[LockNotice]:
    """The unit's accounts locked in the last LOCK_NOTICE_DAYS days, newest first (managers)."""
    require_manage_unit(actor, unit_id)
    rows = session.exec(
        select(AuditEvent.at, Account.full_name, Account.cccd)
        .join(Account, Account.id == AuditEvent.actor_id)
        .where(
            AuditEvent.action == "login.locked",
            AuditEvent.unit_id == unit_id,
            AuditEvent.at >= now - timedelta(days=LOCK_NOTICE_DAYS),
        )
        .order_by(col(AuditEvent.at).desc())
        .limit(50)
    ).all()
    return [LockNotice(at, name, cccd_rules.mask(number)) for at, name, number in rows]


@dataclass(frozen=True)
class MemberInfo:
    id: int
    full_name: str
    cccd_masked: str
    department: str
    role: str
    must_change_password: bool
    paper_only: bool = False


def unit_members(session: Session, actor: Actor, *, unit_id: int) -> list[MemberInfo]:
    """The unit's accounts, for its manager: masked numbers only."""
    require_manage_unit(actor, unit_id)
    rows = session.exec(
        select(Account).where(
            Account.unit_id == unit_id, Account.role != ERASED, Account.membership != CLOSED
        )
    ).all()
    members = [
        MemberInfo(
            a.id,
            a.full_name,
            cccd_rules.mask(a.cccd),
            a.department,
            a.role,
            a.must_change_password,
            a.paper_only,
        )
        for a in rows
    ]
    return sorted(members, key=lambda m: name_sort_key(m.full_name))


def reset_password(
    session: Session,
    actor: Actor,
    *,
    account_id: int,
    now: datetime,
    valid_for: timedelta = TEMPORARY_VALID,
) -> str:
    """Give a member a one-time password that must be changed at the next login and opens a
    login only for `valid_for`; records who gave it and when (shown to the person). Commits.

    Returns the temporary password, shown once to the person resetting it.
    """
    with transaction(session):
        account = session.get(Account, account_id)
        if account is None or account.role == ERASED:
            raise AccountError("Không tìm thấy tài khoản.")
        require_manage_unit(actor, account.unit_id)
        if not can_reset_password(actor, account_id=account.id, role=account.role):
            raise PermissionDenied("Bạn không thể cấp lại mật khẩu cho tài khoản này.")
        temporary = temporary_password()
        account.password_hash = hash_password(temporary)
        account.must_change_password = True
        account.password_reset_by_id = actor.id
        account.password_reset_at = now
        account.temporary_until = now + valid_for
        session.add(account)
        revoke_all(session, account.id, now=now)
        record(
            session,
            action="password.reset",
            at=now,
            actor_id=actor.id,
            unit_id=account.unit_id,
            detail=f"account={account.id}",
        )
        return temporary


@dataclass(frozen=True)
class ResetNotice:
    """Who gave the person's current temporary password, and when."""

    by_name: str
    by_role: str
    at: datetime


def reset_notice(session: Session, actor: Actor) -> ResetNotice | None:
    """For the person themself, while they still hold a temporary password someone reset."""
    account = session.get(Account, actor.id)
    if account is None or not account.must_change_password or not account.password_reset_by_id:
        return None
    by = session.get(Account, account.password_reset_by_id)
    return ResetNotice(
        by_name=by.full_name if by else "",
        by_role=by.role if by else "",
        at=account.password_reset_at,
    )


def change_password(
    session: Session,
    actor: Actor,
    *,
    current: str,
    new: str,
    confirm: str,
    now: datetime,
    keep_session: int | None = None,
) -> Actor:
    """Change one's own password, ending every other login session; returns the updated actor.

    Raises AccountError naming the field at fault.
    """
    with transaction(session):
        account = session.get(Account, actor.id)
        if account is None or not verify_password(account.password_hash, current):
            raise AccountError("Mật khẩu hiện tại không đúng.", "current")
        unit = session.get(Unit, account.unit_id)
        _check_password(new, account.cccd, account.birth_year, account.full_name, unit, "new")
        if verify_password(account.password_hash, new):
            raise AccountError("Mật khẩu mới phải khác mật khẩu hiện tại.", "new")
        if new != confirm:
            raise AccountError("Mật khẩu nhập lại không khớp.", "confirm")
        account.password_hash = hash_password(new)
        account.must_change_password = False
        account.temporary_until = None
        session.add(account)
        revoke_all(session, account.id, now=now, keep=keep_session)
        record(
            session, action="password.change", at=now, actor_id=account.id, unit_id=account.unit_id
        )
        return actor_for(account)


def member_actor(session: Session, actor: Actor, *, account_id: int) -> Actor:
    """A member of a unit the actor manages, as the subject of a paper form."""
    account = session.get(Account, account_id)
    if account is None:
        raise AccountError("Không tìm thấy tài khoản.")
    require_manage_unit(actor, account.unit_id)
    return actor_for(account)


def set_role(
    session: Session, actor: Actor | None, *, account_id: int, role: str, now: datetime
) -> None:
    """Give a member another role; their sessions end, so the new menu applies at their next
    login. Audited; commits."""
    with transaction(session):
        account = session.get(Account, account_id)
        if account is None or account.role == ERASED or account.membership == CLOSED:
            raise AccountError("Không tìm thấy tài khoản.")
        if role not in ROLES:
            raise AccountError(f"Vai trò phải là một trong: {', '.join(ROLES)}.", "role")
        if actor is not None:  # the command line (None) may set any role
            require_appoint(
                actor, unit_id=account.unit_id, account_id=account.id, old=account.role, new=role
            )
        if account.role == role:
            return
        record(
            session,
            action="account.role",
            at=now,
            actor_id=actor.id if actor else None,
            unit_id=account.unit_id,
            detail=f"account={account.id} from={account.role} to={role}",
        )
        account.role = role
        session.add(account)
        revoke_all(session, account.id, now=now)
        touch(session, account.unit_id)


def appoint_new(
    session: Session,
    actor: Actor,
    *,
    unit_id: int,
    cccd: str,
    full_name: str,
    role: str,
    now: datetime,
    valid_for: timedelta = TEMPORARY_VALID,
) -> str:
    """A new account with a role for someone who has none (administrators: manager or leader of
    any unit; a manager: a leader of their unit); returns the one-time password, which must be
    changed at the first login. Commits."""
    with transaction(session):
        require_appoint(actor, unit_id=unit_id, old=CITIZEN, new=role)
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise AccountError("Không tìm thấy đơn vị.")
        number = cccd_rules.normalise(cccd)
        values, errors = by_field(
            {
                "cccd": lambda: cccd_rules.parse(number),
                "full_name": lambda: clean_full_name(full_name),
            },
            refused=(ValueError,),
        )
        if errors:
            field, message = next(iter(errors.items()))
            raise AccountError(message, field, errors)
        temporary = temporary_password()
        account = _named_account(
            session, number, values["full_name"], unit_id, role, temporary, now=now, temporary=True
        )
        account.temporary_until = now + valid_for
        record(
            session,
            action="account.create",
            at=now,
            actor_id=actor.id,
            unit_id=unit_id,
            detail=f"account={account.id} role={role}",
        )
        return temporary


def parent_managers(session: Session, actor: Actor, *, unit_id: int) -> list[MemberInfo]:
    """The managers of a parent unit, for an administrator (Các đơn vị): masked numbers only."""
    require_appoint_parent_managers(actor)
    rows = session.exec(
        select(Account).where(
            Account.unit_id == unit_id, Account.role == MANAGER, Account.membership != CLOSED
        )
    ).all()
    managers = [
        MemberInfo(
            a.id, a.full_name, cccd_rules.mask(a.cccd), a.department, a.role, a.must_change_password
        )
        for a in rows
    ]
    return sorted(managers, key=lambda m: name_sort_key(m.full_name))


@dataclass(frozen=True)
class Appointment:
    """A parent unit's new manager: `temporary` is the one-time password of a new account, None
    when a member of the parent unit who had an account was given the role."""

    full_name: str
    cccd_masked: str
    temporary: str | None


def _parent_manager_number(session: Session, unit_id: int, cccd: str) -> str:
    if session.get(Unit, unit_id) is None:
        raise AccountError("Không tìm thấy đơn vị.", "unit")
    if not has_children(session, unit_id):
        raise AccountError(
            "Đơn vị này chưa có đơn vị thành viên; giao người quản lý ở trang Tài khoản thành viên.",
            "unit",
        )
    number = cccd_rules.normalise(cccd)
    try:
        cccd_rules.parse(number)
    except ValueError as exc:
        raise AccountError(str(exc), "cccd") from exc
    return number


def appoint_parent_manager(
    session: Session,
    actor: Actor,
    *,
    unit_id: int,
    cccd: str,
    full_name: str,
    now: datetime,
    valid_for: timedelta = TEMPORARY_VALID,
) -> Appointment:
    """An administrator makes someone a manager of a parent unit (an association): a member of
    that unit with an account gets the role (`set_role`), anyone without an account gets one
    with a one-time password (`appoint_new`). A number held in another unit, a name that is not
    the account's, a person who already manages it: refused, with the field at fault. Audited;
    commits."""
    with transaction(session):
        require_appoint_parent_managers(actor)
        number = _parent_manager_number(session, unit_id, cccd)
        try:
            name = clean_full_name(full_name)
        except TextError as exc:
            raise AccountError(str(exc), "full_name") from exc
        account = session.exec(select(Account).where(Account.cccd == number)).first()
        if account is None:
            temporary = appoint_new(
                session,
                actor,
                unit_id=unit_id,
                cccd=number,
                full_name=name,
                role=MANAGER,
                now=now,
                valid_for=valid_for,
            )
            return Appointment(name, cccd_rules.mask(number), temporary)
        if account.unit_id != unit_id or account.role == ERASED or account.membership == CLOSED:
            raise AccountError(
                "Số CCCD này đã có tài khoản ở một đơn vị khác. Mỗi số chỉ có một tài khoản: "
                "chọn người khác, hoặc đổi vai trò ở trang Tài khoản thành viên của đơn vị đó.",
                "cccd",
            )
        if not same_name(name, account.full_name):
            raise AccountError("Họ và tên không khớp với tài khoản có số CCCD này.", "full_name")
        if account.role == MANAGER:
            raise AccountError("Người này đã là người quản lý của đơn vị.", "cccd")
        set_role(session, actor, account_id=account.id, role=MANAGER, now=now)
        return Appointment(account.full_name, cccd_rules.mask(number), None)
