"""Submitting a self-assessment and reading one's own results."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, update
from sqlalchemy.sql.expression import Executable
from sqlmodel import Session, col, delete, select

from cdht.criteria import MAX_INDICATOR_POINTS, CriteriaSet
from cdht.db.audit import record
from cdht.db.dialects import dialect_insert
from cdht.db.figures import touch
from cdht.db.models import Account, Assessment, AssessmentDraft, AssessmentRevision
from cdht.db.transaction import transaction
from cdht.db.units import LOCK_AND_WINDOW, window_or_default
from cdht.roles import Actor, form_owner, require_manage_unit
from cdht.scoring import Score, score
from cdht.text import clean_note
from cdht.window import Window, local_date, local_year

NOTE_MAX = 500


class WindowClosed(Exception):
    """Submitting outside the unit's window."""

    def __init__(self, window: Window) -> None:
        super().__init__(f"Ngoài thời hạn tự đánh giá ({window.describe()}).")
        self.window = window


class YearLocked(Exception):
    """The unit's year already has its recognition decision: results no longer change."""

    def __init__(self, year: int) -> None:
        super().__init__(
            f"Năm {year} đơn vị đã có quyết định công nhận; kết quả không thay đổi được nữa."
        )
        self.year = year


@dataclass(frozen=True)
class Submission:
    year: int
    revision: int
    score: Score


@dataclass(frozen=True)
class EarlierSend:
    """A form as it was sent before the person sent it again."""

    revision: int
    total: int
    recognised: bool
    submitted_at: datetime


@dataclass(frozen=True)
class ResultRow:
    year: int
    group: str
    total: int
    competency_points: tuple[int, int, int]
    recognised: bool
    criteria_version: str
    submitted_at: datetime
    revision: int
    answers: dict
    notes: dict
    on_paper: bool = False  # entered from a paper form by a manager
    earlier: tuple[EarlierSend, ...] = ()  # read only when asked for (Kết quả của tôi)


def clean_notes(notes: dict[str, str]) -> dict[str, str]:
    out = {}
    for key, value in notes.items():
        text = clean_note(value, max_len=NOTE_MAX, label=f"Ghi chú minh chứng chỉ số {key}")
        if text:
            out[key] = text
    return out


# The submit path as a few prebuilt Core statements run with parameters: no ORM unit of work
# (the ORM version spent most of its time building statements and tracking objects).
_ASSESSMENT = Assessment.__table__
_REVISION = AssessmentRevision.__table__
_DRAFT = AssessmentDraft.__table__
_PERSON, _YEAR = bindparam("account_id"), bindparam("year")

# One read: the year's lock and the unit's window (both from units.py) and the current assessment.
_STATE = select(
    *LOCK_AND_WINDOW,
    select(_ASSESSMENT.c.id)
    .where(_ASSESSMENT.c.account_id == _PERSON, _ASSESSMENT.c.year == _YEAR)
    .scalar_subquery()
    .label("current_id"),
)
_KEPT = (
    "group",
    "criteria_version",
    "answers",
    "notes",
    "total",
    "recognised",
    "entered_by_id",
    "submitted_at",
)
_KEEP_REVISION = insert(_REVISION).from_select(
    ["assessment_id", "revision", *_KEPT],
    select(_ASSESSMENT.c.id, _ASSESSMENT.c.revision, *(_ASSESSMENT.c[k] for k in _KEPT)).where(
        _ASSESSMENT.c.id == bindparam("current_id")
    ),
)
_REPLACE = (
    update(_ASSESSMENT)
    .where(_ASSESSMENT.c.id == bindparam("current_id"))
    .values(revision=_ASSESSMENT.c.revision + 1)
    .returning(_ASSESSMENT.c.revision)
)
_FIRST = insert(_ASSESSMENT)
_DROP_DRAFT = delete(_DRAFT).where(_DRAFT.c.account_id == _PERSON, _DRAFT.c.year == _YEAR)


def submit_assessment(
    session: Session,
    actor: Actor,
    *,
    criteria: CriteriaSet,
    answers: dict[str, int | None],
    notes: dict[str, str],
    now: datetime,
    window_defaults: tuple[tuple[int, int], tuple[int, int]],
    subject: Actor | None = None,
) -> Submission:
    """Validate, score and store an assessment for the current year; commits.

    The person assessed is `subject` (a member whose paper form the actor, their manager, types
    in; the record says who entered it) or else the actor. A resubmission inside the window
    replaces the current answers and keeps the earlier version as a revision. Raises
    AnswerError, TextError, YearLocked or WindowClosed and stores nothing.
    """
    with transaction(session):
        person = form_owner(actor, subject)
        year = local_year(now)
        keys = {"unit_id": person.unit_id, "year": year, "account_id": person.id}
        connection = session.connection()
        state = connection.execute(_STATE, keys).one()
        if state.decision_id is not None:
            raise YearLocked(year)
        window = window_or_default(state.opens_on, state.closes_on, year, window_defaults)
        if not window.is_open(now):
            raise WindowClosed(window)
        result = score(criteria, answers)
        clean = clean_notes({k: v for k, v in notes.items() if k in result.indicators})
        points = tuple(c.points for c in result.competencies)
        if len(points) != 3:
            raise ValueError("criteria sets must have exactly three competencies")
        values = {
            "group": criteria.group,
            "criteria_version": criteria.version,
            "answers": dict(result.indicators),
            "notes": clean,
            "total": result.total,
            "comp1_points": points[0],
            "comp2_points": points[1],
            "comp3_points": points[2],
            "recognised": result.recognised,
            "entered_by_id": None if person.id == actor.id else actor.id,
            "submitted_at": now,
        }
        if state.current_id is None:
            revision = 1
            connection.execute(
                _FIRST,
                {
                    **values,
                    "account_id": person.id,
                    "unit_id": person.unit_id,
                    "year": year,
                    "revision": revision,
                    "first_submitted_at": now,
                    "first_submitted_on": local_date(now),
                },
            )
        else:
            current = {"current_id": state.current_id}
            connection.execute(_KEEP_REVISION, current)
            revision = connection.execute(_REPLACE, {**values, **current}).scalar_one()
        touch(session, person.unit_id)
        if person.id != actor.id:
            record(
                session,
                action="assessment.paper",
                at=now,
                actor_id=actor.id,
                unit_id=person.unit_id,
                detail=f"account={person.id} year={year} total={result.total}",
            )
        connection.execute(_DROP_DRAFT, keys)
    session.expire_all()  # objects this session loaded may show the rows just written
    return Submission(year=year, revision=revision, score=result)


def my_results(session: Session, actor: Actor, *, earlier: bool = False) -> list[ResultRow]:
    """The actor's own assessments, newest year first; with `earlier`, each one's earlier sends
    too, oldest first."""
    return _results(session, actor.id, earlier=earlier)


def member_results(session: Session, actor: Actor, *, account_id: int) -> list[ResultRow]:
    """A member's assessments, for the manager of their unit."""
    account = session.get(Account, account_id)
    if account is None:
        return []
    require_manage_unit(actor, account.unit_id)
    return _results(session, account_id)


def _results(session: Session, account_id: int, *, earlier: bool = False) -> list[ResultRow]:
    rows = session.exec(
        select(Assessment)
        .where(Assessment.account_id == account_id)
        .order_by(col(Assessment.year).desc())
    ).all()
    sends: dict[int, list[EarlierSend]] = {}
    if earlier and rows:
        for r in session.exec(
            select(AssessmentRevision)
            .where(col(AssessmentRevision.assessment_id).in_([a.id for a in rows]))
            .order_by(col(AssessmentRevision.revision))
        ):
            sends.setdefault(r.assessment_id, []).append(
                EarlierSend(r.revision, r.total, r.recognised, r.submitted_at)
            )
    return [
        ResultRow(
            year=a.year,
            group=a.group,
            total=a.total,
            competency_points=(a.comp1_points, a.comp2_points, a.comp3_points),
            recognised=a.recognised,
            criteria_version=a.criteria_version,
            submitted_at=a.submitted_at,
            revision=a.revision,
            answers=dict(a.answers),
            notes=dict(a.notes),
            on_paper=a.entered_by_id is not None,
            earlier=tuple(sends.get(a.id, ())),
        )
        for a in rows
    ]


@dataclass(frozen=True)
class Draft:
    group: str
    answers: dict[str, int]
    notes: dict[str, str]
    saved_at: datetime


def save_draft(
    session: Session,
    actor: Actor,
    *,
    group: str,
    answers: dict[str, int | None],
    notes: dict[str, str],
    now: datetime,
    subject: Actor | None = None,
) -> Draft:
    """Keep what was typed, even incomplete, for the current year; commits. One statement, an
    upsert on the draft's key (person, year), so saves at once (two tabs) never collide."""
    with transaction(session):
        person = form_owner(actor, subject)
        year = local_year(now)
        kept_answers = {
            k: v
            for k, v in answers.items()
            if isinstance(v, int) and 0 <= v <= MAX_INDICATOR_POINTS
        }
        kept_notes = {k: str(v)[:NOTE_MAX] for k, v in notes.items() if v}
        row = {"group": group, "answers": kept_answers, "notes": kept_notes, "saved_at": now}
        session.execute(_draft_upsert(session), {"account_id": person.id, "year": year, **row})
    return Draft(group, kept_answers, kept_notes, now)


_UPSERTS: dict[str, Executable] = {}


def _draft_upsert(session: Session) -> Executable:
    """The draft's upsert for the session's dialect, built once: building `excluded` makes a
    copy of every column, which was a tenth of the server's time under load (make loadtest)."""
    dialect = session.get_bind().dialect.name
    if dialect not in _UPSERTS:
        new = dialect_insert(session, _DRAFT)
        _UPSERTS[dialect] = new.on_conflict_do_update(
            index_elements=[_DRAFT.c.account_id, _DRAFT.c.year],
            set_={c: new.excluded[c] for c in ("group", "answers", "notes", "saved_at")},
        )
    return _UPSERTS[dialect]


def load_draft(
    session: Session, actor: Actor, *, year: int, subject: Actor | None = None
) -> Draft | None:
    person = form_owner(actor, subject)
    row = session.exec(
        select(AssessmentDraft).where(
            AssessmentDraft.account_id == person.id, AssessmentDraft.year == year
        )
    ).first()
    if row is None:
        return None
    return Draft(row.group, dict(row.answers), dict(row.notes), row.saved_at)
