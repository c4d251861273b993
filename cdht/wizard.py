"""The self-assessment form as a state machine: pure Python, no streamlit, no database.

A `Wizard` is a frozen value: the chosen group, the answers and notes of every group, the screen
(`Step(n)`, `Review`, `Done(result)`) and the errors (per indicator, for the whole form, per
indicator's refused file). Every transition is a function that takes a wizard and returns a new one;
none changes the wizard it is given. Two rules hold after any sequence of transitions:

- no answer is lost: an answer stays until the person clears it (answers of every group are kept,
  a refused value leaves the earlier answer in place);
- the review screen, the only place a form is sent from, is reached only with every indicator of the
  group answered with a value the criteria set allows.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from cdht.criteria import CriteriaSet, Indicator
from cdht.scoring import AnswerError, Score, check_answers, score


class WizardError(ValueError):
    """A transition asked for something the form does not have (a programming error)."""


@dataclass(frozen=True)
class Step:
    """The step of one competency, numbered from 1."""

    number: int


@dataclass(frozen=True)
class Review:
    """Every indicator answered: the total and verdict are shown before sending."""


@dataclass(frozen=True)
class Done:
    """The form was sent; `result` is the score the submission recorded."""

    result: Score


Screen = Step | Review | Done


@dataclass(frozen=True)
class Errors:
    """What is wrong, by where it is drawn: next to an unanswered indicator, over the whole form
    (a refused review, send or file removal), next to an indicator's refused file."""

    form: str | None = None
    indicators: Mapping[str, str] = field(default_factory=dict)
    files: Mapping[str, str] = field(default_factory=dict)


NO_ERRORS = Errors()


@dataclass(frozen=True)
class Wizard:
    """Where one person's form stands. `sets` are the criteria sets by group."""

    sets: Mapping[str, CriteriaSet] = field(repr=False, compare=False)
    group: str
    answers: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    notes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    screen: Screen = Step(1)
    errors: Errors = NO_ERRORS

    @property
    def criteria(self) -> CriteriaSet:
        return self.sets[self.group]

    @property
    def steps(self) -> int:
        return len(self.criteria.competencies)

    def group_answers(self) -> Mapping[str, int]:
        return self.answers.get(self.group, {})

    def group_notes(self) -> Mapping[str, str]:
        return self.notes.get(self.group, {})


def start(
    sets: Mapping[str, CriteriaSet],
    group: str,
    answers: Mapping[str, int] | None = None,
    notes: Mapping[str, str] | None = None,
    *,
    at_first_gap: bool = False,
) -> Wizard:
    """A wizard for `group` holding `answers` and `notes` (a draft or the sent form), at step 1,
    or with `at_first_gap` at the first step with an unanswered indicator (a draft resumed)."""
    if group not in sets:
        raise WizardError(f"unknown group {group!r}")
    wizard = Wizard(
        sets=sets,
        group=group,
        answers={group: dict(answers or {})},
        notes={group: dict(notes or {})},
    )
    if at_first_gap:
        return replace(wizard, screen=Step(first_open_step(wizard.criteria, answers or {})))
    return wizard


def first_open_step(criteria: CriteriaSet, answers: Mapping[str, int]) -> int:
    """The first step with an unanswered indicator; the last step when all are answered."""
    for n, comp in enumerate(criteria.competencies, start=1):
        if any(i.id not in answers for i in comp.indicators):
            return n
    return len(criteria.competencies)


def step_of(criteria: CriteriaSet, indicator_id: str) -> int:
    """The step that shows an indicator (1 for an id the criteria set does not have)."""
    for n, comp in enumerate(criteria.competencies, start=1):
        if any(i.id == indicator_id for i in comp.indicators):
            return n
    return 1


def missing_answer(ind: Indicator) -> str:
    """The note drawn next to an unanswered indicator."""
    if ind.graded:
        return "Vui lòng chọn một mức."
    return f"Vui lòng nhập số điểm, số nguyên từ 0 đến {ind.max_points}."


def _refused_answer(ind: Indicator) -> str:
    if ind.graded:
        return f"Mức đã chọn cho chỉ số {ind.id} không hợp lệ."
    return f"Điểm của chỉ số {ind.id} phải là số nguyên từ 0 đến {ind.max_points}."


def _indicator(wizard: Wizard, group: str, indicator_id: str) -> Indicator:
    if group not in wizard.sets:
        raise WizardError(f"unknown group {group!r}")
    for ind in wizard.sets[group].indicators:
        if ind.id == indicator_id:
            return ind
    raise WizardError(f"group {group} has no indicator {indicator_id!r}")


def _without(mapping: Mapping[str, str], key: str) -> dict[str, str]:
    return {k: v for k, v in mapping.items() if k != key}


def answer(wizard: Wizard, group: str, indicator_id: str, value: int | None) -> Wizard:
    """Record (or, with None, clear) the answer of one indicator of `group`.

    A value the indicator does not allow is refused: the earlier answer stays and the indicator is
    marked. A cleared answer on the review screen sends the person back to the first gap."""
    ind = _indicator(wizard, group, indicator_id)
    kept = dict(wizard.answers.get(group, {}))
    errors = wizard.errors
    if value is None:
        kept.pop(indicator_id, None)
    elif isinstance(value, bool) or not isinstance(value, int) or not ind.allows(value):
        marked = {**errors.indicators, indicator_id: _refused_answer(ind)}
        return replace(wizard, errors=replace(errors, indicators=marked))
    else:
        kept[indicator_id] = value
        errors = replace(errors, indicators=_without(errors.indicators, indicator_id))
    changed = replace(wizard, answers={**wizard.answers, group: kept}, errors=errors)
    if isinstance(changed.screen, Review):
        return review(changed)
    return changed


def note(wizard: Wizard, group: str, indicator_id: str, text: str) -> Wizard:
    """Record the evidence note of one indicator of `group` as typed."""
    _indicator(wizard, group, indicator_id)
    kept = {**wizard.notes.get(group, {}), indicator_id: text}
    return replace(wizard, notes={**wizard.notes, group: kept})


def take(
    wizard: Wizard, answers: Mapping[str, int | None], notes: Mapping[str, str | None]
) -> Wizard:
    """Take the answers and notes the widgets of the current group hold (None: nothing held).

    A click and a button press that arrive together may run their callbacks in either order, so a
    button first takes what is on screen."""
    taken = wizard
    for indicator_id, value in answers.items():
        if value is not None and taken.group_answers().get(indicator_id) != value:
            taken = answer(taken, taken.group, indicator_id, value)
    for indicator_id, text in notes.items():
        if text is not None and taken.group_notes().get(indicator_id, "") != text:
            taken = note(taken, taken.group, indicator_id, text)
    return taken


def go_to(wizard: Wizard, number: int) -> Wizard:
    """Show step `number` (from any screen); the form's message goes, the marks stay. A step the
    criteria set does not have changes nothing."""
    if not 1 <= number <= wizard.steps:
        return wizard
    return replace(wizard, screen=Step(number), errors=replace(wizard.errors, form=None))


def problem(wizard: Wizard) -> AnswerError | None:
    """Why the current group's form cannot be sent yet, or None when it can."""
    try:
        check_answers(wizard.criteria, wizard.group_answers())
    except AnswerError as exc:
        return exc
    return None


def review(wizard: Wizard) -> Wizard:
    """Go to the review screen; with a gap, go instead to the step of the first unanswered
    indicator, mark each one and say which are missing."""
    error = problem(wizard)
    if error is None:
        return replace(wizard, screen=Review(), errors=NO_ERRORS)
    by_id = {i.id: i for i in wizard.criteria.indicators}
    marks = {i: missing_answer(by_id[i]) for i in error.indicator_ids if i in by_id}
    first = step_of(wizard.criteria, error.indicator_ids[0]) if error.indicator_ids else 1
    return replace(wizard, screen=Step(first), errors=Errors(form=str(error), indicators=marks))


def ready(wizard: Wizard) -> bool:
    """Whether the form may be sent: only from the review screen."""
    return isinstance(wizard.screen, Review)


def preview(wizard: Wizard) -> Score:
    """The score the review screen shows."""
    if not ready(wizard):
        raise WizardError("only a reviewed form has a score")
    return score(wizard.criteria, wizard.group_answers())


def sent(wizard: Wizard, result: Score) -> Wizard:
    """The form was recorded with `result`."""
    if not ready(wizard):
        raise WizardError("only a reviewed form can be sent")
    return replace(wizard, screen=Done(result), errors=NO_ERRORS)


def refused(wizard: Wizard, message: str) -> Wizard:
    """Sending failed: say why over the form (the only message left); the answers stay."""
    return replace(wizard, errors=Errors(form=message))


def change_group(wizard: Wizard, group: str) -> Wizard:
    """Fill the form of another group from its first step; each group keeps its own answers."""
    if group not in wizard.sets:
        raise WizardError(f"unknown group {group!r}")
    return replace(wizard, group=group, screen=Step(1), errors=NO_ERRORS)


def file_refused(wizard: Wizard, indicator_id: str, message: str) -> Wizard:
    """A file picked for an indicator was refused: say why next to that indicator."""
    files = {**wizard.errors.files, indicator_id: message}
    return replace(wizard, errors=replace(wizard.errors, files=files))


def file_stored(wizard: Wizard, indicator_id: str) -> Wizard:
    """A file picked for an indicator was stored: an earlier refusal there goes."""
    files = _without(wizard.errors.files, indicator_id)
    return replace(wizard, errors=replace(wizard.errors, files=files))


def removal_refused(wizard: Wizard, message: str) -> Wizard:
    """Removing a file failed: say why over the form, keeping the other messages."""
    return replace(wizard, errors=replace(wizard.errors, form=message))


REVIEW_ADDRESS = "xem-lai"
SENT_ADDRESS = "da-gui"


def address(screen: Screen) -> str:
    """The step as the page's address writes it (`?buoc=2`, `?buoc=xem-lai`, `?buoc=da-gui` for
    the result), so that a reload after sending does not show the send button again."""
    if isinstance(screen, Step):
        return str(screen.number)
    if isinstance(screen, Review):
        return REVIEW_ADDRESS
    return SENT_ADDRESS


def visit(wizard: Wizard, where: str | None) -> Wizard:
    """Show the screen an address names (the browser's Back or Forward, a reload, a typed or
    pasted address). A step number of the criteria set is shown; the review is reached only as
    "Xem lại và gửi" reaches it (a form with a gap shows its first gap instead); anything else
    (no address, another word, a step out of range, the result's address, which names no answers
    to show) changes nothing: a new session opened there shows the form's opening screen."""
    where = (where or "").strip().lower()
    if where == REVIEW_ADDRESS:
        return wizard if isinstance(wizard.screen, Review) else review(wizard)
    if where.isascii() and where.isdigit() and len(where) <= 3:
        number = int(where)
        if isinstance(wizard.screen, Step) and wizard.screen.number == number:
            return wizard
        return go_to(wizard, number)
    return wizard
