"""First-run set-up: `prepare_system` issues the setup code (`python -m cdht init`), and
`initialise_system`, the one function that creates the first unit with its administrator, uses
it up (the first-run page)."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, delete

from cdht.db.accounts import create_user, has_any_account
from cdht.db.models import SetupCode
from cdht.db.rate_limits import prune
from cdht.db.transaction import transaction
from cdht.db.units import UnitInfo, create_unit, set_unit_window
from cdht.roles import ADMIN
from cdht.setup_code import code_hash, new_code

WRONG_CODE = (
    "Mã khởi tạo không đúng hoặc đã được dùng. Mã được in trên màn hình dòng lệnh khi máy chủ "
    "chạy lệnh “make run” (hoặc “python -m cdht init”)."
)
ALREADY_DONE = "Hệ thống đã được khởi tạo. Vui lòng đăng nhập."


class SetupError(ValueError):
    """The set-up is refused; `field` names the form field to mark."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def issue_setup_code(session: Session, *, now: datetime) -> str | None:
    """While no account exists, a new setup code that replaces any earlier one; None once the
    system is set up. Only the code's hash is stored. Commits (or joins the caller's
    transaction)."""
    with transaction(session):
        session.exec(delete(SetupCode))
        if has_any_account(session):
            return None
        code = new_code()
        session.add(SetupCode(id=1, code_hash=code_hash(code), created_at=now))
        return code


@dataclass(frozen=True)
class Prepared:
    """What `python -m cdht init` reports: the new setup code (None once set up) and how many
    expired attempt counters were removed."""

    code: str | None
    pruned: int


def prepare_system(session: Session, *, now: datetime) -> Prepared:
    """`python -m cdht init`'s work on the data, in one transaction: remove the attempt counters
    that hold nothing back any more and, while no account exists, issue a new setup code."""
    with transaction(session):
        pruned = prune(session, now=now)
        return Prepared(issue_setup_code(session, now=now), pruned)


@dataclass(frozen=True)
class FirstUnit:
    """What the first-run page asks for."""

    name: str
    code: str | None
    contact_name: str
    contact_phone: str
    default_group: str
    year: int
    opens_on: date
    closes_on: date


def initialise_system(
    session: Session,
    *,
    setup_code: str,
    unit: FirstUnit,
    cccd: str,
    full_name: str,
    password: str,
    now: datetime,
) -> UnitInfo:
    """The first-run set-up: create the first unit, its window for the year and the
    administrator, in one transaction; commits.

    The setup code is used up by the first statement of the transaction (one conditional
    DELETE … RETURNING), so of two people pressing at once with the right code, one creates
    everything and the other waits for that row, finds it gone and is refused. A refusal of
    any field rolls the whole set-up back, code included.
    """
    with transaction(session):
        used = session.exec(
            delete(SetupCode)
            .where(SetupCode.code_hash == code_hash(setup_code))
            .returning(SetupCode.id)
        ).first()
        if has_any_account(session):
            raise SetupError(ALREADY_DONE)
        if used is None:
            raise SetupError(WRONG_CODE, "setup_code")
        made = create_unit(
            session,
            None,
            name=unit.name,
            code=unit.code,
            contact_name=unit.contact_name,
            contact_phone=unit.contact_phone,
            default_group=unit.default_group,
            now=now,
        )
        create_user(
            session,
            unit_code=made.code,
            cccd=cccd,
            full_name=full_name,
            role=ADMIN,
            password=password,
            now=now,
        )
        set_unit_window(
            session,
            None,
            unit_id=made.id,
            year=unit.year,
            opens_on=unit.opens_on,
            closes_on=unit.closes_on,
            now=now,
        )
        return made
