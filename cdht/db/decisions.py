"""The head's recognition decision: recording it, the frozen list, and the year it locks."""

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from cdht.collation import name_sort_key
from cdht.criteria import CriteriaSet
from cdht.db.audit import record
from cdht.db.figures import touch
from cdht.db.membership import DEPARTMENT, POSITION, STAFF_ENTRY, counted
from cdht.db.models import (
    Account,
    Assessment,
    DecisionDepartment,
    Recognition,
    RecognitionDecision,
    StaffMember,
    Unit,
)
from cdht.db.stats import live_departments
from cdht.db.transaction import transaction
from cdht.db.units import decided, get_unit
from cdht.decision_doc import DecisionInfo, RecognisedPerson, decision_docx
from cdht.registration import clean_full_name
from cdht.roles import Actor, require_manage_unit
from cdht.text import by_field, clean_line
from cdht.window import local_date


class DecisionError(ValueError):
    """The decision cannot be recorded as given; the message is Vietnamese, `errors` the
    message of each field at fault when the fields are."""

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors: dict[str, str] = errors or {}


@dataclass(frozen=True)
class DecisionFields:
    number: str
    signer_name: str
    signer_title: str


def checked_fields(
    *,
    year: int,
    number: str,
    signed_on: date | None,
    signer_name: str,
    signer_title: str,
    signed_by: date | None = None,
) -> DecisionFields:
    """The decision's fields as typed, checked together: DecisionError names every field at
    fault (`signed_on` None: the day is not checked, its box says why). A decision recorded
    must be signed already: `signed_by` is today (a draft may be dated ahead)."""

    def day() -> None:
        if signed_on is not None and signed_on.year not in (year, year + 1):
            raise DecisionError(f"Ngày ký phải thuộc năm {year} hoặc đầu năm {year + 1}.")
        if signed_on is not None and signed_by is not None and signed_on > signed_by:
            raise DecisionError(
                f"Ngày ký không được sau hôm nay ({signed_by:%d/%m/%Y}): chỉ ghi nhận quyết định "
                "đã ký. Quyết định chưa ký thì tải dự thảo để trình ký."
            )

    values, errors = by_field(
        {
            "number": lambda: clean_line(number, max_len=30, label="Số quyết định", required=True),
            "signed_on": day,
            "signer_name": lambda: clean_full_name(signer_name),
            "signer_title": lambda: clean_line(
                signer_title, max_len=100, label="Chức vụ người ký", required=True
            ),
        },
        refused=(DecisionError,),
    )
    if errors:
        raise DecisionError(next(iter(errors.values())), errors)
    return DecisionFields(values["number"], values["signer_name"], values["signer_title"])


@dataclass(frozen=True)
class MyRecognition:
    year: int
    number: str
    signed_on: date
    unit_name: str


def candidates(
    session: Session, actor: Actor, *, unit_id: int, year: int
) -> list[RecognisedPerson]:
    """Everyone the unit counts whose assessment of the year meets the rule."""
    require_manage_unit(actor, unit_id)
    return _people(_met_rule(session, unit_id=unit_id, year=year))


def _people(met: list[tuple[Account, Assessment, str, str]]) -> list[RecognisedPerson]:
    people = [
        RecognisedPerson(acc.full_name, acc.birth_year, department, position, a.total)
        for acc, a, department, position in met
    ]
    return sorted(people, key=lambda p: name_sort_key(p.full_name))


def _met_rule(
    session: Session, *, unit_id: int, year: int
) -> list[tuple[Account, Assessment, str, str]]:
    """The counted people who hold the title, with their department and position."""
    return session.exec(
        select(Account, Assessment, DEPARTMENT, POSITION)
        .join(Assessment, Assessment.account_id == Account.id)
        .outerjoin(StaffMember, STAFF_ENTRY)
        .where(
            Assessment.unit_id == unit_id,
            Assessment.year == year,
            Assessment.recognised,
            counted(),
        )
    ).all()


def record_decision(
    session: Session,
    actor: Actor,
    *,
    unit_id: int,
    year: int,
    number: str,
    signed_on: date,
    signer_name: str,
    signer_title: str,
    now: datetime,
) -> int:
    """Record the decision, freeze the list of those recognised, lock the year; commits."""
    with transaction(session):
        require_manage_unit(actor, unit_id)
        if decided(session, unit_id, year) is not None:
            raise DecisionError(f"Năm {year} đã có quyết định công nhận; danh sách đã được khoá.")
        typed = checked_fields(
            year=year,
            number=number,
            signed_on=signed_on,
            signer_name=signer_name,
            signer_title=signer_title,
            signed_by=local_date(now),
        )
        people = _met_rule(session, unit_id=unit_id, year=year)
        decision = RecognitionDecision(
            unit_id=unit_id,
            year=year,
            signed_on=signed_on,
            **asdict(typed),
            recorded_by_id=actor.id,
            recorded_at=now,
        )
        session.add(decision)
        session.flush()
        touch(session, unit_id)  # the year's figures are read from the decision from now on
        # The year's figures as they stand now: what the year's share is read from from now on.
        session.add_all(
            DecisionDepartment(decision_id=decision.id, **asdict(figures))
            for figures in live_departments(session, unit_id, year)
        )
        session.add_all(
            Recognition(
                decision_id=decision.id,
                account_id=acc.id,
                full_name=acc.full_name,
                birth_year=acc.birth_year,
                department=department,
                position=position,
                total=a.total,
            )
            for acc, a, department, position in people
        )
        record(
            session,
            action="decision.record",
            at=now,
            actor_id=actor.id,
            unit_id=unit_id,
            detail=f"year={year} number={typed.number} recognised={len(people)}",
        )
        return len(people)


def _paraphrased(used: Iterable[tuple[str, str]], criteria: Mapping[str, CriteriaSet]) -> bool:
    """Whether a criteria set the listed assessments were scored with is a paraphrase (its
    group's file says so)."""
    return any(criteria[group].paraphrase for group, _ in set(used) if group in criteria)


def decision_document(
    session: Session,
    actor: Actor,
    *,
    unit_id: int,
    year: int,
    now: datetime,
    criteria: Mapping[str, CriteriaSet],
) -> bytes:
    """The decision as .docx: the recorded one with its frozen list, else a draft of today's list.
    The download is written to the audit log (the annex names people)."""
    with transaction(session):
        require_manage_unit(actor, unit_id)
        unit = get_unit(session, unit_id)
        row = decided(session, unit_id, year)
        if row is None:
            met = _met_rule(session, unit_id=unit_id, year=year)
            people = _people(met)
            used = {(a.group, a.criteria_version) for _, a, _, _ in met}
            number, signed_on, signer_name, signer_title = "", None, "", unit.head_title
        else:
            people = recognised_list(session, actor, unit_id=unit_id, year=year)
            used = session.exec(
                select(Assessment.group, Assessment.criteria_version)
                .join(Recognition, Recognition.account_id == Assessment.account_id)
                .where(Recognition.decision_id == row.id, Assessment.year == year)
                .distinct()
            ).all()
            number, signed_on = row.number, row.signed_on
            signer_name, signer_title = row.signer_name, row.signer_title
        info = DecisionInfo(
            unit.name,
            year,
            number,
            signed_on,
            signer_name,
            signer_title,
            head_title=unit.head_title,
            governing_body=unit.governing_body,
            founding_decision=unit.founding_decision,
            place_name=unit.place_name,
            paraphrase=_paraphrased(used, criteria),
        )
        data = decision_docx(info, people)
        record(
            session,
            action="export.decision",
            at=now,
            actor_id=actor.id,
            unit_id=unit_id,
            detail=f"year={year} {'draft' if row is None else 'number=' + row.number} people={len(people)}",
        )
        return data


def recognised_list(
    session: Session, actor: Actor, *, unit_id: int, year: int
) -> list[RecognisedPerson]:
    """The frozen list of a recorded decision (empty when the year has none)."""
    require_manage_unit(actor, unit_id)
    row = decided(session, unit_id, year)
    if row is None:
        return []
    items = session.exec(select(Recognition).where(Recognition.decision_id == row.id)).all()
    people = [
        RecognisedPerson(r.full_name, r.birth_year, r.department, r.position, r.total)
        for r in items
    ]
    return sorted(people, key=lambda p: name_sort_key(p.full_name))


def my_recognitions(session: Session, actor: Actor) -> dict[int, MyRecognition]:
    """The decisions that recognised the actor, by year."""
    rows = session.exec(
        select(RecognitionDecision, Unit.name)
        .join(Recognition, Recognition.decision_id == RecognitionDecision.id)
        .join(Unit, Unit.id == RecognitionDecision.unit_id)
        .where(Recognition.account_id == actor.id)
    ).all()
    return {d.year: MyRecognition(d.year, d.number, d.signed_on, name) for d, name in rows}
