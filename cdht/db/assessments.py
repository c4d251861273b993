"""Submitting a self-assessment and reading one's own results."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam
from sqlmodel import Session, col, delete, select

from cdht.criteria import CriteriaSet
from cdht.db.figures import touch
from cdht.db.models import Account, Assessment, AssessmentDraft, AssessmentRevision
from cdht.db.units import decided, unit_window
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


def clean_notes(notes: dict[str, str]) -> dict[str, str]:
    out = {}
    for key, value in notes.items():
        text = clean_note(value, max_len=NOTE_MAX, label=f"Ghi chú minh chứng chỉ số {key}")
        if text:
            out[key] = text
    return out


_CURRENT = select(Assessment).where(
    Assessment.account_id == bindparam("account_id"), Assessment.year == bindparam("year")
)


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
    person = form_owner(actor, subject)
    entered_by = None if person.id == actor.id else actor.id
    year = local_year(now)
    if decided(session, person.unit_id, year) is not None:
        raise YearLocked(year)
    window = unit_window(session, person.unit_id, year, window_defaults)
    if not window.is_open(now):
        raise WindowClosed(window)
    result = score(criteria, answers)
    clean = clean_notes({k: v for k, v in notes.items() if k in result.indicators})
    points = tuple(c.points for c in result.competencies)
    if len(points) != 3:
        raise ValueError("criteria sets must have exactly three competencies")
    current = session.exec(_CURRENT, params={"account_id": person.id, "year": year}).first()
    if current is None:
        current = Assessment(
            account_id=person.id,
            unit_id=person.unit_id,
            year=year,
            revision=0,
            first_submitted_at=now,
            first_submitted_on=local_date(now),
        )
    else:
        session.add(
            AssessmentRevision(
                assessment_id=current.id,
                revision=current.revision,
                group=current.group,
                criteria_version=current.criteria_version,
                answers=current.answers,
                notes=current.notes,
                total=current.total,
                recognised=current.recognised,
                entered_by_id=current.entered_by_id,
                submitted_at=current.submitted_at,
            )
        )
    current.group = criteria.group
    current.criteria_version = criteria.version
    current.answers = dict(result.indicators)
    current.notes = clean
    current.total = result.total
    current.comp1_points, current.comp2_points, current.comp3_points = points
    current.recognised = result.recognised
    current.revision += 1
    current.entered_by_id = entered_by
    current.submitted_at = now
    session.add(current)
    touch(session, person.unit_id)
    drafts = AssessmentDraft.__table__
    session.execute(delete(drafts).where(drafts.c.account_id == person.id, drafts.c.year == year))
    revision = current.revision  # read before the commit expires it (no reload query)
    session.commit()
    return Submission(year=year, revision=revision, score=result)


def my_results(session: Session, actor: Actor) -> list[ResultRow]:
    """The actor's own assessments, newest year first."""
    return _results(session, actor.id)


def member_results(session: Session, actor: Actor, *, account_id: int) -> list[ResultRow]:
    """A member's assessments, for the manager of their unit."""
    account = session.get(Account, account_id)
    if account is None:
        return []
    require_manage_unit(actor, account.unit_id)
    return _results(session, account_id)


def _results(session: Session, account_id: int) -> list[ResultRow]:
    rows = session.exec(
        select(Assessment)
        .where(Assessment.account_id == account_id)
        .order_by(col(Assessment.year).desc())
    ).all()
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
    """Keep what was typed, even incomplete, for the current year; commits."""
    person = form_owner(actor, subject)
    year = local_year(now)
    kept_answers = {k: v for k, v in answers.items() if isinstance(v, int) and 0 <= v <= 10}
    kept_notes = {k: str(v)[:NOTE_MAX] for k, v in notes.items() if v}
    row = session.exec(
        select(AssessmentDraft).where(
            AssessmentDraft.account_id == person.id, AssessmentDraft.year == year
        )
    ).first() or AssessmentDraft(account_id=person.id, year=year, group=group, answers={}, notes={})
    row.group, row.answers, row.notes, row.saved_at = group, kept_answers, kept_notes, now
    session.add(row)
    session.commit()
    return Draft(group, kept_answers, kept_notes, now)


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
