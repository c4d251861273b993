"""Units: creation, look-up by code, the assessment window."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, ScalarSelect, bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from cdht.criteria import GROUPS
from cdht.db.audit import record
from cdht.db.models import AssessmentWindow, RecognitionDecision, Unit, new_stamp
from cdht.db.transaction import transaction
from cdht.gauge import AGENCY, UNIT_KINDS
from cdht.registration import clean_office_phone
from cdht.roles import Actor, require_admin, require_manage_unit, sees_every_unit
from cdht.text import by_field, clean_line
from cdht.unit_codes import code_key, is_well_formed, name_key, new_code
from cdht.window import Window, default_window, window_refusal

FOUNDING_MAX = 300
GOVERNING_MAX = 200
PLACE_NAME_MAX = 50


class UnitError(ValueError):
    """A unit cannot be created or changed as asked; the message is Vietnamese, `field` the
    form's field at fault (None: the whole request) and `errors` every field's message when
    several are."""

    def __init__(self, message: str, field: str | None = None, errors: dict | None = None):
        super().__init__(message)
        self.field = field
        self.errors: dict[str, str] = errors or ({field: message} if field else {})


def _checked_fields(
    session: Session,
    checks: dict[str, Callable[[], str]],
    *,
    parent_id: int | None,
    unit_id: int | None = None,
) -> dict[str, str]:
    """A unit's name, contact person and telephone (and any more `checks`), checked together:
    UnitError names every field at fault. The name must differ from every other unit's under the
    same parent, or lists, print-outs and the administrator's picker could not tell them apart."""

    def name() -> str:
        value = checks["name"]()
        if _name_taken(session, value, parent_id=parent_id, unit_id=unit_id):
            raise UnitError(NAME_TAKEN, "name")
        return value

    values, errors = by_field({**checks, "name": name}, refused=(UnitError,))
    if errors:
        field, message = next(iter(errors.items()))
        raise UnitError(message, field, errors)
    return values


NAME_TAKEN = (
    "Đã có một đơn vị cùng cấp mang tên này. Hãy đặt tên khác để phân biệt, ví dụ thêm tên xã, "
    "phường hoặc cơ quan chủ quản."
)


def _name_taken(session: Session, name: str, *, parent_id: int | None, unit_id: int | None) -> bool:
    """Whether another unit under the same parent (or another top-level unit) has this name,
    ignoring case and spacing."""
    other = select(Unit.id).where(Unit.name_key == name_key(parent_id, name), Unit.id != unit_id)
    return session.exec(other).first() is not None


def _stored(session: Session, unit: Unit) -> None:
    """Write the unit now. The unique name key refuses a name another administrator gave a unit
    under the same parent after `_checked_fields` looked (the action's transaction rolls back)."""
    session.add(unit)
    try:
        session.flush()
    except IntegrityError as exc:
        if "name_key" in str(exc.orig):
            raise UnitError(NAME_TAKEN, "name", {"name": NAME_TAKEN}) from exc
        raise


def _unit_fields(name: str, contact_name: str, contact_phone: str) -> dict[str, Callable[[], str]]:
    return {
        "name": lambda: clean_line(name, max_len=200, label="Tên đơn vị", required=True),
        "contact_name": lambda: clean_line(contact_name, max_len=100, label="Người liên hệ"),
        "contact_phone": lambda: clean_office_phone(contact_phone, label="Điện thoại liên hệ"),
    }


@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str
    name: str
    contact_name: str
    contact_phone: str
    default_group: str
    head_title: str
    parent_id: int | None = None
    kind: str = AGENCY
    founding_decision: str = ""
    governing_body: str = ""
    place_name: str = ""


def _info(unit: Unit) -> UnitInfo:
    return UnitInfo(
        id=unit.id,
        code=unit.code,
        name=unit.name,
        contact_name=unit.contact_name,
        contact_phone=unit.contact_phone,
        default_group=unit.default_group,
        head_title=unit.head_title,
        parent_id=unit.parent_id,
        kind=unit.kind,
        founding_decision=unit.founding_decision,
        governing_body=unit.governing_body,
        place_name=unit.place_name,
    )


def _governing_check(governing_body: str) -> Callable[[], str]:
    return lambda: clean_line(governing_body, max_len=GOVERNING_MAX, label="Cơ quan chủ quản")


def create_unit(
    session: Session,
    actor: Actor | None,
    *,
    name: str,
    now: datetime,
    code: str | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    default_group: str = "III",
    parent_code: str | None = None,
    governing_body: str = "",
) -> UnitInfo:
    """Create a unit with the given or a new random code; commits (or joins the caller's
    transaction).

    `actor` None is the operator (command line, first-run set-up); otherwise an administrator.
    `parent_code` names the unit it belongs to (an association and its member units).
    """
    with transaction(session):
        if actor is not None:
            require_admin(actor)
        if default_group not in GROUPS:
            raise UnitError("Nhóm mặc định phải là I, II, III hoặc IV.")
        parent = find_unit_by_code(session, parent_code) if parent_code else None
        if parent_code and parent is None:
            raise UnitError(f"Không tìm thấy đơn vị cấp trên có mã {parent_code.strip()}.")
        checks = _unit_fields(name, contact_name, contact_phone)
        checks["governing_body"] = _governing_check(governing_body)
        values = _checked_fields(session, checks, parent_id=parent.id if parent else None)
        if code is None:
            code = new_code()
            while find_unit_by_code(session, code) is not None:
                code = new_code()
        code = code.strip()
        if not is_well_formed(code):
            raise UnitError("Mã đơn vị gồm đúng 8 chữ cái hoặc chữ số.")
        if find_unit_by_code(session, code) is not None:
            raise UnitError(f"Mã đơn vị {code} đã được dùng (không phân biệt chữ hoa, chữ thường).")
        unit = Unit(
            parent_id=parent.id if parent else None,
            code=code,
            code_key=code_key(code),
            name=values["name"],
            name_key=name_key(parent.id if parent else None, values["name"]),
            contact_name=values["contact_name"],
            contact_phone=values["contact_phone"],
            governing_body=values["governing_body"],
            default_group=default_group,
            created_at=now,
        )
        _stored(session, unit)
        record(
            session,
            action="unit.create",
            at=now,
            actor_id=actor.id if actor else None,
            unit_id=unit.id,
            detail=f"code={code}",
        )
        return _info(unit)


def update_unit(
    session: Session,
    actor: Actor,
    *,
    unit_id: int,
    name: str,
    contact_name: str,
    contact_phone: str,
    head_title: str,
    default_group: str,
    now: datetime,
    kind: str | None = None,
    founding_decision: str | None = None,
    governing_body: str | None = None,
    place_name: str | None = None,
) -> UnitInfo:
    """Change a unit's settings (its manager or an administrator); commits. `kind` (agency or
    school) decides the thresholds of its share; `founding_decision` is the unit's founding or
    functions decision its recognition decision cites; `governing_body` the body printed above
    the unit on its papers; `place_name` the place written before their dates; None keeps each."""
    with transaction(session):
        require_manage_unit(actor, unit_id)
        unit = session.get(Unit, unit_id)
        if unit is None:
            raise UnitError("Không tìm thấy đơn vị.")
        if default_group not in GROUPS:
            raise UnitError("Nhóm mặc định phải là I, II, III hoặc IV.")
        if kind is not None and kind not in UNIT_KINDS:
            raise UnitError("Loại đơn vị không hợp lệ.")
        checks = _unit_fields(name, contact_name, contact_phone)
        checks["head_title"] = lambda: clean_line(
            head_title, max_len=100, label="Chức danh người ký công nhận"
        )
        if founding_decision is not None:
            checks["founding_decision"] = lambda: clean_line(
                founding_decision,
                max_len=FOUNDING_MAX,
                label="Văn bản quy định chức năng, nhiệm vụ",
            )
        if governing_body is not None:
            checks["governing_body"] = _governing_check(governing_body)
        if place_name is not None:
            checks["place_name"] = lambda: clean_line(
                place_name, max_len=PLACE_NAME_MAX, label="Địa danh"
            )
        values = _checked_fields(session, checks, parent_id=unit.parent_id, unit_id=unit.id)
        unit.name, unit.contact_name = values["name"], values["contact_name"]
        unit.name_key = name_key(unit.parent_id, unit.name)
        unit.contact_phone = values["contact_phone"]
        unit.head_title = values["head_title"] or "Thủ trưởng đơn vị"
        unit.founding_decision = values.get("founding_decision", unit.founding_decision)
        unit.governing_body = values.get("governing_body", unit.governing_body)
        unit.place_name = values.get("place_name", unit.place_name)
        unit.default_group = default_group
        unit.kind = kind or unit.kind
        unit.figures_stamp = new_stamp()
        _stored(session, unit)
        record(session, action="unit.update", at=now, actor_id=actor.id, unit_id=unit_id)
        return _info(unit)


def find_unit_by_code(session: Session, code: str) -> UnitInfo | None:
    """The unit whose code matches, ignoring case and surrounding spaces."""
    unit = session.exec(select(Unit).where(Unit.code_key == code_key(code))).first()
    return _info(unit) if unit else None


def get_unit(session: Session, unit_id: int) -> UnitInfo | None:
    unit = session.get(Unit, unit_id)
    return _info(unit) if unit else None


def list_units(session: Session, actor: Actor) -> list[UnitInfo]:
    """Units the actor may pick: every unit for an administrator, else their own."""
    if sees_every_unit(actor):
        units = session.exec(select(Unit).order_by(col(Unit.name))).all()
        return [_info(u) for u in units]
    unit = get_unit(session, actor.unit_id)
    return [unit] if unit else []


# Built once: the app shell asks on every run (every click) whether the person's unit has others.
_A_CHILD = select(Unit.id).where(Unit.parent_id == bindparam("unit_id")).limit(1)


def has_children(session: Session, unit_id: int) -> bool:
    return session.execute(_A_CHILD, {"unit_id": unit_id}).first() is not None


def _of_unit_year(column: ColumnElement) -> ScalarSelect:
    table = column.table
    return (
        select(column)
        .where(table.c.unit_id == bindparam("unit_id"), table.c.year == bindparam("year"))
        .scalar_subquery()
    )


# The year's lock (as `decided`) and the unit's own window (as `unit_window`) as columns, for a
# caller that reads them in its own statement (the submit path: one round trip); parameters
# `unit_id` and `year`. `decision_id` not None: locked.
LOCK_AND_WINDOW = (
    _of_unit_year(RecognitionDecision.__table__.c.id).label("decision_id"),
    _of_unit_year(AssessmentWindow.__table__.c.opens_on).label("opens_on"),
    _of_unit_year(AssessmentWindow.__table__.c.closes_on).label("closes_on"),
)


def decided(session: Session, unit_id: int, year: int) -> RecognitionDecision | None:
    """The recognition decision of a unit's year, if recorded: the year is then locked."""
    return session.exec(
        select(RecognitionDecision).where(
            RecognitionDecision.unit_id == unit_id, RecognitionDecision.year == year
        )
    ).first()


def _window_row(session: Session, unit_id: int, year: int) -> AssessmentWindow | None:
    return session.exec(
        select(AssessmentWindow).where(
            AssessmentWindow.unit_id == unit_id, AssessmentWindow.year == year
        )
    ).first()


def unit_window(
    session: Session, unit_id: int, year: int, defaults: tuple[tuple[int, int], tuple[int, int]]
) -> Window:
    """The unit's window for the year: its own setting, else the configured default."""
    row = _window_row(session, unit_id, year)
    own = (row.opens_on, row.closes_on) if row else (None, None)
    return window_or_default(*own, year, defaults)


def window_or_default(
    opens_on: date | None,
    closes_on: date | None,
    year: int,
    defaults: tuple[tuple[int, int], tuple[int, int]],
) -> Window:
    """The unit's own window when it has one for the year (opens_on given), else the default."""
    if opens_on is None or closes_on is None:
        return default_window(year, *defaults)
    return Window(opens_on, closes_on)


def set_unit_window(
    session: Session,
    actor: Actor | None,
    *,
    unit_id: int,
    year: int,
    opens_on: date,
    closes_on: date,
    now: datetime,
) -> Window:
    """Set a unit's window for a year (actor None: the operator's command line); commits (or
    joins the caller's transaction)."""
    with transaction(session):
        if actor is not None:
            require_manage_unit(actor, unit_id)
        if decided(session, unit_id, year) is not None:
            raise UnitError(f"Năm {year} đã có quyết định công nhận; không đổi thời hạn được nữa.")
        refusal = window_refusal(year, opens_on, closes_on)
        if refusal:
            raise UnitError(refusal)
        row = _window_row(session, unit_id, year)
        if row is None:
            row = AssessmentWindow(
                unit_id=unit_id, year=year, opens_on=opens_on, closes_on=closes_on
            )
        row.opens_on, row.closes_on, row.changed_at = opens_on, closes_on, now
        row.changed_by_id = actor.id if actor else None
        session.add(row)
        record(
            session,
            action="window.set",
            at=now,
            actor_id=actor.id if actor else None,
            unit_id=unit_id,
            detail=f"{year}: {opens_on.isoformat()}..{closes_on.isoformat()}",
        )
        return Window(opens_on, closes_on)
