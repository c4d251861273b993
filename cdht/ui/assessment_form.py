"""The self-assessment form as three steps (one per competency), a review, then the result.

Used by a person for themself and by a manager typing in a paper form. Where the form stands is a
`cdht.wizard.Wizard` (pure transitions, tested without Streamlit) kept in a plain (non-widget)
session value, because Streamlit forgets the widgets of steps that are not on screen. Every
callback here is a module-level function given what it needs (`_Form`) through `args`: it runs a
transition, stores the new wizard and saves the draft; every key is built by `widget_key`. Every
answer and note is saved as a server draft the moment it changes, so a refresh, a dropped
connection or another device resumes where the person stopped.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from streamlit.elements.lib.mutable_expander_container import ExpanderContainer

from cdht import wizard
from cdht.criteria import GROUPS, CriteriaSet, Indicator
from cdht.db.assessments import (
    NOTE_MAX,
    Draft,
    ResultRow,
    WindowClosed,
    YearLocked,
    load_draft,
    member_results,
    my_results,
    save_draft,
    submit_assessment,
)
from cdht.db.evidence import (
    EvidenceInfo,
    EvidenceUsage,
    add_evidence,
    delete_evidence,
    evidence_usage,
    list_evidence,
)
from cdht.db.units import UnitInfo, decided, get_unit, unit_window
from cdht.evidence import MAX_BYTES, MAX_PER_INDICATOR, UPLOAD_TYPES, EvidenceError
from cdht.roles import Actor, PermissionDenied, can_manage_unit
from cdht.scoring import AnswerError, Score
from cdht.text import TextError, clean_note
from cdht.ui import focus, state
from cdht.ui.evidence import download_button, quota_note
from cdht.ui.forms import error_box, error_note
from cdht.ui.results import membership_notice, show_points, show_result
from cdht.ui.text import md
from cdht.ui.unit_contact import contact_line
from cdht.window import VN_TZ, Window, local_year, now_utc
from cdht.wizard import Done, Review, Screen, Step, Wizard

log = logging.getLogger(__name__)

NOT_SENT = "Không gửi được phiếu: "
KEPT = "Các câu trả lời đã được lưu nháp."
NOT_KEPT = "Các câu trả lời vẫn còn trên trang nhưng chưa lưu nháp được."
UNSAVED = (
    "Chưa lưu nháp được câu trả lời vừa chọn: hệ thống tạm thời không ghi được dữ liệu. Câu trả"
    " lời vẫn còn trên trang và sẽ được lưu ở lần chọn tiếp theo; đừng đóng trang lúc này."
)
DRAFT_LINE = "assessment-draft-line"  # the fragment key of the line saying when the draft was saved
_LIVE = "assess_login_checked"  # a callback of this run found the login live (`_live`)
ADDRESS = "buoc"  # the step in the page's address: ?buoc=2, ?buoc=xem-lai
DATABASE_DOWN = (
    NOT_SENT + "hệ thống tạm thời không ghi được dữ liệu. Các câu trả lời vẫn còn trên trang; "
    "vui lòng bấm Gửi phiếu thông tin lại sau ít phút."
)


def widget_key(prefix: str, *parts: str | int) -> str:
    """The session key of a widget or value of the form: `prefix` (empty, or the paper form's
    per-person prefix), then the parts joined by "_" (`ans`, group, indicator → `ans_III_1`)."""
    return prefix + "_".join(str(p) for p in parts)


@dataclass(frozen=True)
class _Form:
    """Whose form it is and under which keys: what every callback is given."""

    subject: Actor
    entered_by: Actor | None
    prefix: str

    @property
    def actor(self) -> Actor:
        return self.entered_by or self.subject

    @property
    def in_address(self) -> bool:
        """Whether the step is kept in the page's address: a person's own form only. The paper
        form's person is picked on the page and is not in the address, so a step there would
        outlive the choice of person (a reload, another person) and move the wrong form."""
        return self.entered_by is None

    def key(self, *parts: str | int) -> str:
        return widget_key(self.prefix, *parts)


@dataclass
class Progress:
    """The wizard of one person's form in this browser session, with what the screen needs
    besides: when the draft was saved, and the uploads already stored."""

    wizard: Wizard
    saved_at: datetime | None = None
    unsaved: bool = False  # the last save failed: the screen says so until one succeeds
    uploads: int = 0  # a new count gives each indicator's uploader a new key: an empty one
    stored_uploads: set[str] = field(default_factory=set)
    home: str | None = None  # the address of the screen the form opened at: an empty address
    address: str | None = None  # the address the form last agreed with
    shown: Screen | None = None  # the screen last drawn: a new one moves focus to its heading
    moved: bool = False  # a button moved the form, perhaps to the screen already shown


@dataclass(frozen=True)
class _Page:
    """What the form reads from the database: the person's unit and what it set for the year,
    and the person's own records. A run of the whole page reads it; the form's own reruns (its
    steps and buttons) reuse it until a callback stores something it shows (`_forget_reads`)."""

    year: int
    unit: UnitInfo
    window: Window
    locked: tuple[str, date] | None  # the year's decision: number, signing day
    current: ResultRow | None
    draft: Draft | None  # read for a form not yet started in this browser session only
    history_read: bool  # False: `current` was not read (the result view does not need it)
    files: list[EvidenceInfo] | None  # None: not read (only a step shows the files)
    usage: EvidenceUsage | None

    def serves(self, year: int, history: bool, files: bool) -> bool:
        """Whether a rerun in `year` needing the history and/or the files can reuse this."""
        return (
            self.year == year
            and (self.history_read or not history)
            and (self.files is not None or not files)
        )


def _progress(form: _Form) -> Progress:
    return st.session_state[form.key("assess", "progress")]


def _live() -> None:
    """First in every callback, before it stores anything: a login ended meanwhile (a logout in
    another tab, a password change, idleness) stores nothing. The callback stops and the form
    reruns, and `_fragment` hands over to the app shell, which shows the login. A login found
    live is noted for the fragment's run that follows the callback (`_checked`)."""
    if not state.login_live():
        st.rerun()
    st.session_state[_LIVE] = True


def _checked() -> bool:
    """Whether this run's callback has just found the login live; every run of either fragment
    takes the note away, so it never outlasts the run it was made for."""
    return st.session_state.pop(_LIVE, False)


# Callbacks: each runs one transition of the wizard and stores the result.


def _save(form: _Form, progress: Progress) -> None:
    w = progress.wizard
    with state.db() as session:
        kept = save_draft(
            session,
            form.actor,
            group=w.group,
            answers=dict(w.group_answers()),
            notes=dict(w.group_notes()),
            now=now_utc(),
            subject=form.subject,
        )
    progress.saved_at = kept.saved_at


def _keep(form: _Form, progress: Progress) -> None:
    """Save the draft after a change on screen; a database that fails leaves the answer on screen
    and says so in the draft's slot, never a traceback."""
    try:
        _save(form, progress)
    except SQLAlchemyError:
        log.exception("draft not saved")
        progress.unsaved = True
    else:
        progress.unsaved = False


def _answered(form: _Form, group: str, indicator_id: str) -> None:
    _live()
    progress = _progress(form)
    before = progress.wizard
    value = st.session_state.get(form.key("ans", group, indicator_id))
    progress.wizard = wizard.answer(before, group, indicator_id, value)
    _keep(form, progress)
    _redraw(before, progress.wizard)


def _noted(form: _Form, group: str, indicator_id: str) -> None:
    _live()
    progress = _progress(form)
    before = progress.wizard
    text = st.session_state.get(form.key("note", group, indicator_id)) or ""
    progress.wizard = wizard.note(before, group, indicator_id, text)
    _keep(form, progress)
    if _note_problem(text) or _note_problem(before.notes.get(group, {}).get(indicator_id)):
        return  # the form reruns whole: the note's message comes or goes under it
    _redraw(before, progress.wizard)


def _redraw(before: Wizard, after: Wizard) -> None:
    """After an answer or a note: the browser already shows the new value, so when no message
    comes or goes, only the draft line is drawn again (an answer costs a line, not the step);
    otherwise the whole form, as for any other change."""
    if after.errors == before.errors and after.screen == before.screen:
        st.rerun(DRAFT_LINE)  # ends the callback; replaces the form's rerun


def _sync(form: _Form, progress: Progress) -> None:
    """Take the answers and notes as the widgets on screen hold them: a click and a button press
    that reach the server in one rerun may run their callbacks in either order."""
    w = progress.wizard
    ids = [i.id for i in w.criteria.indicators]
    answers = {i: st.session_state.get(form.key("ans", w.group, i)) for i in ids}
    notes = {i: st.session_state.get(form.key("note", w.group, i)) for i in ids}
    progress.wizard = wizard.take(w, answers, notes)
    if (progress.wizard.answers, progress.wizard.notes) != (w.answers, w.notes):
        _keep(form, progress)


def _go(form: _Form, number: int) -> None:
    _live()
    progress = _progress(form)
    progress.wizard = wizard.go_to(progress.wizard, number)
    progress.moved = True


def _review_clicked(form: _Form) -> None:
    _live()
    progress = _progress(form)
    _sync(form, progress)
    progress.wizard = wizard.review(progress.wizard)
    progress.moved = True


def _submit(form: _Form, w: Wizard) -> Score:
    with state.db() as session:
        done = submit_assessment(
            session,
            form.actor,
            criteria=w.criteria,
            answers=dict(w.group_answers()),
            notes=dict(w.group_notes()),
            now=now_utc(),
            window_defaults=state.settings().window_defaults,
            subject=form.subject,
        )
    return done.score


def _kept_as_draft(form: _Form, progress: Progress) -> str:
    try:
        _save(form, progress)
    except SQLAlchemyError:
        log.exception("draft not saved after a refused submission")
        return NOT_KEPT
    return KEPT


def _send(form: _Form) -> None:
    """Send the reviewed form. Each way it can fail ends in one Vietnamese message over the form;
    the answers stay on screen."""
    _live()
    _forget_reads(form)
    progress = _progress(form)
    try:
        _sync(form, progress)
        progress.wizard = wizard.review(progress.wizard)  # a gap sends the person back to it
        if not wizard.ready(progress.wizard):
            return
        result = _submit(form, progress.wizard)
    except (WindowClosed, YearLocked) as exc:
        message = f"{NOT_SENT}{exc} {_kept_as_draft(form, progress)}"
    except (AnswerError, TextError, PermissionDenied) as exc:
        message = f"{NOT_SENT}{exc}"
    except SQLAlchemyError:
        log.exception("assessment not sent")
        message = DATABASE_DOWN
    else:
        progress.wizard = wizard.sent(progress.wizard, result)
        progress.saved_at = None
        if form.entered_by is not None:  # the paper-entry page counts the forms it holds
            st.session_state[form.key("assess", "sent")] = True
        return
    progress.wizard = wizard.refused(progress.wizard, message)


def _change_group(form: _Form) -> None:
    _live()
    progress = _progress(form)
    progress.wizard = wizard.change_group(
        progress.wizard, st.session_state[form.key("assess", "group")]
    )


def _uploaded(form: _Form, group: str, indicator_id: str, uploads: int) -> None:
    _live()
    _forget_reads(form)
    progress = _progress(form)
    upload = st.session_state.get(form.key("ev", group, indicator_id, uploads))
    # A rerun cut short can send the same picked file twice: store each upload once.
    if upload is None or upload.file_id in progress.stored_uploads:
        return
    progress.stored_uploads.add(upload.file_id)
    try:
        with state.db() as session:
            add_evidence(
                session,
                form.actor,
                store=state.file_store(),
                indicator_id=indicator_id,
                name=upload.name,
                data=upload.getvalue(),
                now=now_utc(),
                subject=form.subject,
                quotas=state.settings().evidence_quotas,
            )
    except EvidenceError as exc:
        progress.wizard = wizard.file_refused(progress.wizard, indicator_id, str(exc))
    else:
        progress.wizard = wizard.file_stored(progress.wizard, indicator_id)
    progress.uploads += 1  # a new uploader key: the picked file leaves the widget


def _remove(form: _Form, file_id: int) -> None:
    _live()
    _forget_reads(form)
    progress = _progress(form)
    try:
        with state.db() as session:
            delete_evidence(
                session, form.actor, store=state.file_store(), file_id=file_id, now=now_utc()
            )
    except EvidenceError as exc:
        progress.wizard = wizard.removal_refused(progress.wizard, str(exc))


# Reading the page and starting the wizard.


def _read(form: _Form, earlier: Progress | None, *, full_run: bool) -> _Page:
    """The page's data. The result view needs neither the stored history nor the evidence list:
    a press of "Gửi phiếu thông tin" reads only what it draws.

    A run of the whole page reads it all; the form's own reruns reuse what the last read kept
    (`_Page.serves`). One changed elsewhere meanwhile (the unit's window or decision, a file
    added in another tab) shows on the next page load, and the data layer refuses what is no
    longer allowed (a form sent after its window closed, a file over the quota), in words on the
    form. What this form itself stores is read again at once (`_forget_reads`)."""
    subject = form.subject
    settings = state.settings()
    year = local_year(now_utc())
    history, wants_files = _needs(None if earlier is None else earlier.wizard.screen)
    kept_key = form.key("assess", "page")
    kept: _Page | None = None if full_run or earlier is None else st.session_state.get(kept_key)
    if kept is not None and kept.serves(year, history, wants_files):
        return kept
    current = None
    files: list[EvidenceInfo] | None = None
    usage: EvidenceUsage | None = None
    with state.db() as session:
        decision = decided(session, subject.unit_id, year)
        unit = get_unit(session, subject.unit_id)
        window = unit_window(session, subject.unit_id, year, settings.window_defaults)
        if history:
            current = next((r for r in _history(session, form) if r.year == year), None)
        draft = (
            None
            if earlier is not None
            else load_draft(session, form.actor, year=year, subject=subject)
        )
        if wants_files:
            files = list_evidence(session, form.actor, account_id=subject.id, year=year)
            usage = evidence_usage(
                session, form.actor, now=now_utc(), subject=subject, quotas=settings.evidence_quotas
            )
    locked = None if decision is None else (decision.number, decision.signed_on)
    page = _Page(year, unit, window, locked, current, draft, history, files, usage)
    st.session_state[kept_key] = page
    return page


def _needs(screen: Screen | None) -> tuple[bool, bool]:
    """Whether a screen shows the stored history (all but the result) and the files (a step)."""
    return not isinstance(screen, Done), screen is None or isinstance(screen, Step)


def _forget_reads(form: _Form) -> None:
    """After a callback that stores what the form shows (a form sent, a file added or removed):
    the form's rerun reads it all again."""
    st.session_state.pop(form.key("assess", "page"), None)


def _history(session: Session, form: _Form) -> list[ResultRow]:
    if form.entered_by is None:
        return my_results(session, form.subject)
    return member_results(session, form.entered_by, account_id=form.subject.id)


def _start(page: _Page) -> Progress:
    """A new session's form: the draft at its first gap, else the sent form, else an empty one."""
    sets = state.criteria_sets()
    if page.draft is not None:
        d = page.draft
        w = wizard.start(sets, d.group, d.answers, d.notes, at_first_gap=True)
        return Progress(w, saved_at=d.saved_at, home=wizard.address(w.screen))
    if page.current is not None:
        c = page.current
        w = wizard.start(sets, c.group, c.answers, c.notes)
    else:
        w = wizard.start(sets, page.unit.default_group)
    return Progress(w, home=wizard.address(w.screen))


def _follow_address(progress: Progress, arrived: bool) -> str | None:
    """Show the step the address names when the browser changed it (Back, Forward, a reload, a
    typed address); returns the address as it stands (an empty one names the opening screen).
    `arrived`: the page was just opened from another one (`state.just_arrived`)."""
    left_at = progress.address  # None before the form was first drawn
    if arrived and not st.query_params.get(ADDRESS) and left_at not in (None, progress.home):
        # Back from another page by the menu, whose link names no step: the form stays where it
        # was left, and says so in the address, so that a reload keeps it too.
        st.query_params[ADDRESS] = left_at
    where = st.query_params.get(ADDRESS) or progress.home
    if where != progress.address:
        progress.wizard = wizard.visit(progress.wizard, where)
        progress.address = where
    return where


def _write_address(progress: Progress, where: str | None) -> None:
    """Put the screen on show in the address when a button moved the form: a new entry in the
    browser's history, so Back returns to the step before."""
    wanted = wizard.address(progress.wizard.screen)
    if wanted == where:
        return
    st.query_params[ADDRESS] = wanted
    progress.address = wanted


def _announce(form: _Form, progress: Progress) -> None:
    """After a move to another screen (or a button press that stays): focus its heading and say
    where the person is; otherwise only keep the live region in the page."""
    screen = progress.wizard.screen
    if progress.shown is None or (progress.shown == screen and not progress.moved):
        focus.live_region()
    else:
        anchor, words = _where(form, progress.wizard)
        focus.move_to(anchor, words)
    progress.shown, progress.moved = screen, False


def _where(form: _Form, w: Wizard) -> tuple[str, str]:
    """The anchor of the screen's heading and the sentence a screen reader says on arrival."""
    screen, most = w.screen, w.criteria.max_points
    if isinstance(screen, Done):
        return _anchor(form, "ket-qua"), f"Kết quả tự đánh giá: {screen.result.total}/{most} điểm."
    if isinstance(screen, Review):
        total = wizard.preview(w).total
        return _anchor(form, "xem-lai"), f"Xác nhận gửi phiếu. Tổng điểm dự kiến {total}/{most}."
    n, comp = screen.number, w.criteria.competencies[screen.number - 1]
    words = f"Bước {n} trên {w.steps}: Năng lực {n}. {comp.title}."
    gaps = [i.id for i in comp.indicators if i.id in w.errors.indicators]
    if gaps:
        words += f" Còn {len(gaps)} chỉ số chưa trả lời: {', '.join(gaps)}."
    return _anchor(form, f"buoc-{n}"), words


def _anchor(form: _Form, name: str) -> str:
    return focus.heading_id(form.prefix, name)


def assessment_form(subject: Actor, *, entered_by: Actor | None = None, prefix: str = "") -> None:
    """Draw the form for `subject`; `entered_by` is the manager typing in a paper form.

    The form is a fragment: an answer or a button of the form reruns the form alone, not the app
    shell and the page around it (see docs/PERFORMANCE.md, "The deadline rush")."""
    form = _Form(subject, entered_by, prefix)
    st.session_state[form.key("assess", "full_run")] = True
    _fragment(form)


@st.fragment
def _fragment(form: _Form) -> None:
    full_run = st.session_state.pop(form.key("assess", "full_run"), False)
    checked = _checked()
    if not (full_run or checked or state.login_live()):
        st.rerun()  # the whole app: its shell ends the login and says why
    if st.session_state.pop(form.key("assess", "sent"), False) and not full_run:
        st.rerun()  # a paper form sent: the page around the form counts it as well
    # A rerun of the fragment alone leaves the last full run's arrival in the session.
    _draw(form, full_run=full_run, arrived=full_run and state.just_arrived())


def _draw(form: _Form, *, full_run: bool, arrived: bool) -> None:
    subject, entered_by = form.subject, form.entered_by
    progress_key = form.key("assess", "progress")
    earlier: Progress | None = st.session_state.get(progress_key)
    page = _read(form, earlier, full_run=full_run)
    showing_result = earlier is not None and isinstance(earlier.wizard.screen, Done)
    whose = "của bạn" if entered_by is None else f"của {md(subject.full_name)}"
    if page.locked is not None and not showing_result:
        _locked_year(*page.locked, page.year, page.current, whose)
        return
    if earlier is None and not page.window.is_open(now_utc()):
        _closed_window(form, page, whose)
        return
    if earlier is None:
        st.session_state[progress_key] = _start(page)
    progress: Progress = st.session_state[progress_key]
    where = _follow_address(progress, arrived) if form.in_address else None
    if not page.serves(page.year, *_needs(progress.wizard.screen)):
        page = _read(form, progress, full_run=False)  # the address named a screen that shows more
    _heading(form, page, progress.wizard)
    if isinstance(progress.wizard.screen, Step):
        _sync(form, progress)  # a change whose callback a cut-short rerun skipped is still saved
    _screen(form, progress, page)
    if form.in_address:
        _write_address(progress, where)
    _announce(form, progress)


def _screen(form: _Form, progress: Progress, page: _Page) -> None:
    screen = progress.wizard.screen
    if isinstance(screen, Done):
        _done(form, progress.wizard.criteria, screen.result, page.year)
        return
    _group_and_draft(form, progress, page.unit.default_group)
    if isinstance(screen, Review):
        _review(form, progress.wizard)
    else:
        _step(form, progress, screen.number, page)


# Drawing: one function per screen and per part of a screen.


def _heading(form: _Form, page: _Page, w: Wizard) -> None:
    unit, window, year = page.unit, page.window, page.year
    st.caption(f"{md(unit.name)} · Năm {year} · Thời hạn {window.describe()}")
    if not window.is_open(now_utc()):  # closed while the form was on screen: a send is refused
        st.warning(_closed_notice(form, page), icon=":material/event_busy:")
    current = page.current
    if current is not None and not isinstance(w.screen, Done):
        at = f"{current.submitted_at.astimezone(VN_TZ):%H:%M %d/%m/%Y}"
        points = f"{current.total}/{w.sets[current.group].max_points} điểm"
        if form.entered_by is not None:
            how = "có phiếu giấy được nhập" if current.on_paper else "đã gửi phiếu"
            sent = f"{form.subject.full_name} {how} năm {year} lúc {at} với {points}."
        elif current.on_paper:
            sent = (
                f"Người quản lý đơn vị đã nhập phiếu giấy của bạn năm {year} lúc {at} với {points}."
            )
        else:
            sent = f"Bạn đã gửi phiếu năm {year} lúc {at} với {points}."
        st.info(f"{sent} Gửi lại trong thời hạn sẽ thay kết quả hiện tại.", icon=":material/info:")


def _group_and_draft(form: _Form, progress: Progress, unit_group: str) -> None:
    """The group (a choice on step 1, a caption elsewhere) and when the draft was saved; a group
    other than the unit's is pointed out (picking one swaps the whole form)."""
    w = progress.wizard
    if w.screen == Step(1):
        names = {g: s.group_name for g, s in w.sets.items()}
        with st.container(key=form.key("assess", "group_box")):
            st.selectbox(
                "Nhóm đối tượng",
                GROUPS,
                index=GROUPS.index(w.group),
                format_func=names.get,
                key=form.key("assess", "group"),
                on_change=_change_group,
                args=(form,),
            )
            # The whole name, which a phone's box cuts off; on a wider screen style.py hides it.
            st.caption(w.criteria.group_name)
            if w.group != unit_group:  # below the box: nothing above the focused box moves
                st.warning(
                    f"Đơn vị của bạn tự đánh giá theo {state.group_label(unit_group)}. Bạn đang "
                    "chọn nhóm khác: chỉ chọn khi đơn vị hướng dẫn. Câu trả lời của mỗi nhóm được "
                    "giữ riêng.",
                    icon=":material/info:",
                )
    else:
        st.caption(f"{w.criteria.group_name}")
    _draft_line(form)


@st.fragment(key=DRAFT_LINE)
def _draft_line(form: _Form) -> None:
    """When the draft was saved, or that the last save failed. Its fragment's container is drawn
    on every screen: the first save fills it and moves no widget below it, so React keeps the
    radio just answered, and its keyboard focus. An answer or a note reruns this line alone
    (`_redraw`)."""
    _checked()
    progress = _progress(form)
    if progress.unsaved:
        st.warning(UNSAVED)
    elif progress.saved_at is not None:
        st.caption(
            f"Đã lưu nháp lúc {progress.saved_at.astimezone(VN_TZ):%H:%M:%S}"
            " — có thể đóng trang và làm tiếp sau, trên máy này hoặc máy khác."
        )


def _step(form: _Form, progress: Progress, step: int, page: _Page) -> None:
    """One competency's indicators, with the way back and on."""
    w = progress.wizard
    steps = w.steps
    comp = w.criteria.competencies[step - 1]
    st.progress(step / (steps + 1), text=f"**Bước {step}/{steps}** · Năng lực {step}")
    st.subheader(f"Năng lực {step}. {comp.title}", anchor=_anchor(form, f"buoc-{step}"))
    how = (
        "chọn một mức cho mỗi chỉ số"
        if all(i.graded for i in comp.indicators)
        else "chọn một mức hoặc nhập số điểm cho mỗi chỉ số"
    )
    st.caption(f"Tối đa {comp.max_points} điểm · {how}")
    _gaps(w)
    by_indicator: dict[str, list[EvidenceInfo]] = {}
    for f in page.files:
        by_indicator.setdefault(f.indicator_id, []).append(f)
    for ind in comp.indicators:
        with st.container(border=True):
            _indicator(form, progress, ind, by_indicator.get(ind.id, []), page.usage)
    if w.errors.form:
        error_box(w.errors.form)
    _step_buttons(form, step, steps)


def _gaps(w: Wizard) -> None:
    """Sent here by "Xem lại và gửi": say why where the eye lands, not only at the end."""
    by_id = {i.id: i for i in w.criteria.indicators}
    gaps = [i for i in w.errors.indicators if i in by_id and i not in w.group_answers()]
    slot = st.empty()  # answering the last gap empties it and moves no widget below it
    if gaps:
        what = "chọn mức" if all(by_id[g].graded for g in gaps) else "chọn mức hoặc nhập điểm"
        slot.error(
            f"Còn {len(gaps)} chỉ số chưa {what} (đánh dấu bên dưới): {', '.join(gaps)}.",
            icon=":material/error:",
        )


def _step_buttons(form: _Form, step: int, steps: int) -> None:
    with st.container(horizontal=True):
        if step > 1:
            st.button(
                "Quay lại",
                key=form.key("assess", "back"),
                on_click=_go,
                args=(form, step - 1),
                icon=":material/arrow_back:",
                width="stretch",
            )
        if step < steps:
            st.button(
                "Tiếp theo",
                key=form.key("assess", "next"),
                on_click=_go,
                args=(form, step + 1),
                icon=":material/arrow_forward:",
                type="primary",
                width="stretch",
            )
        else:
            st.button(
                "Xem lại và gửi",
                key=form.key("assess", "review"),
                on_click=_review_clicked,
                args=(form,),
                icon=":material/fact_check:",
                type="primary",
                width="stretch",
            )


def _indicator(
    form: _Form,
    progress: Progress,
    ind: Indicator,
    files: list[EvidenceInfo],
    usage: EvidenceUsage | None,
) -> None:
    w = progress.wizard
    _answer_widget(form, w, ind)
    if ind.id in w.errors.indicators:
        error_note(w.errors.indicators[ind.id])
    if ind.explanation or ind.evidence_example:
        help_part = _lazy_expander(
            "Giải thích và ví dụ minh chứng", form.key("help", ind.id), ":material/help:"
        )
        if help_part.open:
            with help_part:
                if ind.explanation:
                    st.write(ind.explanation)
                if ind.evidence_example:
                    st.caption(f"Ví dụ minh chứng: {ind.evidence_example}")
    # No max_chars: Streamlit would drop a longer paste whole, without a word; the length is
    # said under the box, and a send refuses it.
    key = form.key("note", w.group, ind.id)
    st.text_input(
        "Ghi chú minh chứng (không bắt buộc)",
        value=w.group_notes().get(ind.id, ""),
        key=key,
        help=f"Tối đa {NOTE_MAX} ký tự.",
        on_change=_noted,
        args=(form, w.group, ind.id),
    )
    if problem := _note_problem(st.session_state.get(key)):
        error_note(problem)
    _evidence(form, progress, ind, files, usage)


def _note_problem(text: str | None) -> str | None:
    """What is wrong with a note as typed (too long, a control character), or None."""
    try:
        clean_note(text or "", max_len=NOTE_MAX, label="Ghi chú minh chứng")
    except TextError as exc:
        return str(exc)
    return None


def _answer_widget(form: _Form, w: Wizard, ind: Indicator) -> None:
    """A radio of the levels, or a number box for an indicator scored as a whole number."""
    chosen = w.group_answers().get(ind.id)
    key, args = form.key("ans", w.group, ind.id), (form, w.group, ind.id)
    if ind.graded:
        options = [lv.points for lv in ind.levels]
        shown = {lv.points: f"{lv.label} — **{lv.points} điểm**" for lv in ind.levels}
        st.radio(
            f"{ind.id}. {ind.title}",  # plain: it is also the group's spoken name (bold by CSS)
            options,
            format_func=shown.get,
            index=options.index(chosen) if chosen in options else None,
            key=key,
            on_change=_answered,
            args=args,
        )
        return
    st.markdown(f":small[**{ind.id}. {md(ind.title)}**]")  # as large as a radio label
    st.number_input(
        f"Số điểm tự chấm cho chỉ số {ind.id} (số nguyên từ 0 đến {ind.max_points})",
        min_value=0,
        max_value=ind.max_points,
        step=1,
        value=chosen if isinstance(chosen, int) and ind.allows(chosen) else None,
        placeholder=f"Nhập số điểm, từ 0 đến {ind.max_points}",
        key=key,
        on_change=_answered,
        args=args,
    )


def _evidence(
    form: _Form,
    progress: Progress,
    ind: Indicator,
    files: list[EvidenceInfo],
    usage: EvidenceUsage | None,
) -> None:
    """The indicator's files (download, remove), the quota and an uploader while there is room;
    below, how many files are attached. The label stays the same: a new label would be a new
    expander, closed, at the moment a file was added to it."""
    error = progress.wizard.errors.files.get(ind.id)
    part = _lazy_expander(
        "Ảnh hoặc PDF minh chứng", form.key("ev", "open", ind.id), ":material/attach_file:"
    )
    if files:
        st.caption(f"Đã đính kèm {len(files)} tệp minh chứng.")
    if not part.open:
        return
    with part:
        for f in files:
            with st.container(horizontal=True, vertical_alignment="center"):
                download_button(form.actor, f, key=form.key("ev", "get", f.id))
                st.button(
                    "Xoá",
                    key=form.key("ev", "del", f.id),
                    on_click=_remove,
                    args=(form, f.id),
                    icon=":material/delete:",
                    help=f"Xoá tệp {md(f.filename)}",
                )
        if usage is not None:
            quota_note(usage)
        if len(files) < MAX_PER_INDICATOR and (usage is None or usage.room > 0):
            group, uploads = progress.wizard.group, progress.uploads
            st.file_uploader(
                f"Ảnh (JPG, PNG, WEBP) hoặc PDF, mỗi tệp tối đa {MAX_BYTES // (1024 * 1024)} MB, "
                f"tối đa {MAX_PER_INDICATOR} tệp",
                type=list(UPLOAD_TYPES),
                key=form.key("ev", group, ind.id, uploads),
                on_change=_uploaded,
                args=(form, group, ind.id, uploads),
            )
        elif len(files) >= MAX_PER_INDICATOR:
            st.caption(f"Đã đủ {MAX_PER_INDICATOR} tệp cho chỉ số này.")
        if error:
            error_note(error)


def _lazy_expander(label: str, key: str, icon: str) -> ExpanderContainer:
    """An expander whose content is drawn only while it is open: opening it reruns the form.
    A step draws four indicators; their closed parts cost no elements (docs/PERFORMANCE.md)."""
    return st.expander(label, key=key, icon=icon, on_change="rerun")


def answer_text(ind: Indicator, points: int | None) -> str:
    """An answer as the review and the results show it: the points out of the indicator's
    maximum, and the chosen level's wording for a graded indicator."""
    if points is None:
        return "chưa trả lời"
    level = next((lv.label for lv in ind.levels if lv.points == points), None)
    shown = f"**{points}/{ind.max_points} điểm**"
    return f"{shown} ({md(level)})" if level else shown


def _locked_year(
    number: str, signed_on: date, year: int, current: ResultRow | None, whose: str
) -> None:
    """The year is decided: no form to fill (nothing could be sent), the reason and the result."""
    st.info(
        f"Năm {year} đơn vị đã có quyết định công nhận số {md(number)} ngày "
        f"{signed_on:%d/%m/%Y}: kết quả năm {year} đã chốt, không gửi hay sửa phiếu được nữa.",
        icon=":material/lock:",
    )
    _year_result(current, year, whose)


def _year_result(current: ResultRow | None, year: int, whose: str) -> None:
    if current is None:
        st.write(f"Năm {year} không có phiếu {whose}.")
    else:
        verdict = "đạt mức công nhận" if current.recognised else "chưa đạt mức công nhận"
        most = state.criteria_sets()[current.group].max_points
        st.write(f"Phiếu {whose}: **{current.total}/{most}** điểm, {verdict}.")


def _closed_window(form: _Form, page: _Page, whose: str) -> None:
    """Opened outside the unit's window: no form to fill in vain (nothing could be sent), but
    why, who can open it again, the year's result and that a draft started earlier waits."""
    st.caption(f"{md(page.unit.name)} · Năm {page.year}")
    st.warning(_closed_notice(form, page), icon=":material/event_busy:")
    if can_manage_unit(form.entered_by or form.subject, page.unit.id):
        st.page_link(
            "pages/unit_settings.py", label="Mở Cài đặt đơn vị", icon=":material/settings:"
        )
    _year_result(page.current, page.year, whose)
    if page.draft is not None:
        st.caption(
            "Các câu trả lời đã lưu nháp vẫn được giữ: khi thời hạn mở lại, phiếu mở đúng chỗ "
            "đang làm dở."
        )


def _closed_notice(form: _Form, page: _Page) -> str:
    """Not yet or no longer open, and who can open the window again."""
    unit = page.unit
    said = page.window.closed_reason(page.year, now_utc())
    if can_manage_unit(form.entered_by or form.subject, unit.id):
        return f"{said} Bạn quản lý đơn vị này: đặt lại thời hạn ở trang **Cài đặt đơn vị**."
    if unit.contact_name:
        return (
            f"{said} Cần gửi phiếu thì hãy liên hệ để đơn vị mở lại thời hạn. {contact_line(unit)}"
        )
    return f"{said} Cần gửi phiếu thì hãy liên hệ người quản lý của đơn vị để mở lại thời hạn."


def _review(form: _Form, w: Wizard) -> None:
    """The total and verdict the form would get, every answer, and the send button."""
    criteria, steps = w.criteria, w.steps
    preview = wizard.preview(w)
    st.progress(1.0, text="**Xem lại và gửi**")  # every step is answered
    with st.container(border=True):
        st.subheader("Xác nhận gửi phiếu", anchor=_anchor(form, "xem-lai"))
        st.metric("Tổng điểm dự kiến", f"{preview.total}/{criteria.max_points}")
        if preview.recognised:
            st.success(
                "Phiếu này đạt mức công nhận danh hiệu Công dân học tập.",
                icon=":material/workspace_premium:",
            )
        else:
            st.warning(
                "Phiếu này chưa đạt mức công nhận. " + " ".join(preview.reasons(criteria)),
                icon=":material/info:",
            )
        show_points(criteria, [c.points for c in preview.competencies])
        with st.expander("Xem lại từng câu trả lời"):
            _answers_list(criteria, w)
        again = (
            "bạn vẫn có thể sửa và gửi lại"
            if form.entered_by is None
            else f"vẫn có thể sửa và nhập lại phiếu của {md(form.subject.full_name)}"
        )
        st.caption(
            f"Bấm **Gửi phiếu thông tin** để ghi nhận chính thức. Trong thời hạn, {again}; kết "
            "quả mới thay kết quả cũ."
        )
    if w.errors.form:
        error_box(w.errors.form)
    with st.container(horizontal=True):
        st.button(
            "Quay lại sửa",
            key=form.key("assess", "edit"),
            on_click=_go,
            args=(form, steps),
            icon=":material/edit:",
            width="stretch",
        )
        st.button(
            "Gửi phiếu thông tin",
            key=form.key("assess", "send"),
            on_click=_send,
            args=(form,),
            icon=":material/send:",
            type="primary",
            width="stretch",
        )


def _answers_list(criteria: CriteriaSet, w: Wizard) -> None:
    answers, notes = w.group_answers(), w.group_notes()
    for ind in criteria.indicators:
        st.write(f"{ind.id}. {md(ind.title)}: {answer_text(ind, answers[ind.id])}")
        if notes.get(ind.id):
            st.caption(f"Ghi chú: {md(notes[ind.id])}")


def _done(form: _Form, criteria: CriteriaSet, result: Score, year: int) -> None:
    """The recorded result, and the way to change it."""
    st.subheader("Kết quả tự đánh giá", anchor=_anchor(form, "ket-qua"))
    st.success(f"Đã ghi nhận phiếu tự đánh giá năm {year} của {md(form.subject.full_name)}.")
    membership_notice(form.subject)
    show_result(
        criteria=criteria,
        total=result.total,
        points=[c.points for c in result.competencies],
        recognised=result.recognised,
        reasons=result.reasons(criteria),
    )
    st.button(
        "Sửa và gửi lại",
        key=form.key("assess", "again"),
        on_click=_go,
        args=(form, 1),
        icon=":material/edit:",
    )
