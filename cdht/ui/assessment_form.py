"""The self-assessment form as three steps (one per competency), a review, then the result.

Used by a person for themself and by a manager typing in a paper form. Every answer and note is
saved as a server draft the moment it changes, so a refresh, a dropped connection or another
device resumes where the person stopped. The answers live in a plain (non-widget) session value,
because Streamlit forgets the widgets of steps that are not on screen.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial

import streamlit as st

from cdht.criteria import GROUPS, CriteriaSet, Indicator
from cdht.db.assessments import (
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
from cdht.db.units import decided, get_unit, unit_window
from cdht.evidence import MAX_BYTES, MAX_PER_INDICATOR, UPLOAD_TYPES, EvidenceError
from cdht.roles import Actor
from cdht.scoring import AnswerError, Score, score
from cdht.text import TextError
from cdht.ui import state
from cdht.ui.evidence import download_button, quota_note
from cdht.ui.forms import error_box, error_note
from cdht.ui.results import membership_notice, show_points, show_result
from cdht.ui.text import md
from cdht.window import VN_TZ, local_year, now_utc

REVIEW = "review"
DONE = "done"


@dataclass
class Progress:
    """Where one person's form stands in this browser session."""

    group: str
    answers: dict[str, dict[str, int]] = field(default_factory=dict)
    notes: dict[str, dict[str, str]] = field(default_factory=dict)
    step: int | str = 1
    saved_at: datetime | None = None
    errors: dict[str, str] = field(default_factory=dict)
    result: Score | None = None
    uploads: int = 0
    stored_uploads: set[str] = field(default_factory=set)

    def group_answers(self) -> dict[str, int]:
        return self.answers.setdefault(self.group, {})

    def group_notes(self) -> dict[str, str]:
        return self.notes.setdefault(self.group, {})


def _first_open_step(criteria: CriteriaSet, answers: dict[str, int]) -> int:
    for n, comp in enumerate(criteria.competencies, start=1):
        if any(i.id not in answers for i in comp.indicators):
            return n
    return len(criteria.competencies)


def _step_of(criteria: CriteriaSet, indicator_id: str) -> int:
    for n, comp in enumerate(criteria.competencies, start=1):
        if any(i.id == indicator_id for i in comp.indicators):
            return n
    return 1


def assessment_form(subject: Actor, *, entered_by: Actor | None = None, prefix: str = "") -> None:
    """Draw the form for `subject`; `entered_by` is the manager typing in a paper form."""
    settings = state.settings()
    sets = state.criteria_sets()
    actor = entered_by or subject
    now = now_utc()
    year = local_year(now)
    defaults = settings.window_defaults
    progress_key = f"{prefix}assess_progress"
    earlier: Progress | None = st.session_state.get(progress_key)
    # The result view needs neither the stored history nor the evidence list: a press of
    # "Gửi phiếu thông tin" reads only what it draws.
    showing_result = earlier is not None and earlier.step == DONE
    history: list[ResultRow] = []
    files: list[EvidenceInfo] = []
    usage: EvidenceUsage | None = None
    with state.db() as session:
        unit = get_unit(session, subject.unit_id)
        window = unit_window(session, subject.unit_id, year, defaults)
        locked = decided(session, subject.unit_id, year)
        if not showing_result:
            history = (
                my_results(session, subject)
                if entered_by is None
                else member_results(session, entered_by, account_id=subject.id)
            )
        draft = (
            None if earlier is not None else load_draft(session, actor, year=year, subject=subject)
        )
        if earlier is None or isinstance(earlier.step, int):
            files = list_evidence(session, actor, account_id=subject.id, year=year)
            usage = evidence_usage(
                session, actor, now=now_utc(), subject=subject, quotas=settings.evidence_quotas
            )
    current = next((r for r in history if r.year == year), None)

    if locked is not None and not showing_result:
        whose = "của bạn" if entered_by is None else f"của {md(subject.full_name)}"
        _locked_year(locked.number, locked.signed_on, year, current, whose)
        return
    if progress_key not in st.session_state:
        if draft is not None:
            progress = Progress(group=draft.group, saved_at=draft.saved_at)
            progress.answers[draft.group] = dict(draft.answers)
            progress.notes[draft.group] = dict(draft.notes)
            progress.step = _first_open_step(sets[draft.group], draft.answers)
        elif current is not None:
            progress = Progress(group=current.group)
            progress.answers[current.group] = dict(current.answers)
            progress.notes[current.group] = dict(current.notes)
        else:
            progress = Progress(group=unit.default_group)
        st.session_state[progress_key] = progress
    progress: Progress = st.session_state[progress_key]
    criteria = sets[progress.group]
    you = "Bạn" if entered_by is None else subject.full_name

    st.caption(f"{md(unit.name)} · Năm {year} · Thời hạn {window.describe()}")
    if not window.is_open(now):
        contact = (
            f" Liên hệ: {md(unit.contact_name)} {md(unit.contact_phone)}."
            if unit.contact_name
            else ""
        )
        st.warning(
            f"Hiện không trong thời hạn tự đánh giá năm {year} ({window.describe()}).{contact}"
        )
    if current is not None and progress.step != DONE:
        st.info(
            f"{you} đã gửi phiếu năm {year} lúc {current.submitted_at.astimezone(VN_TZ):%H:%M %d/%m/%Y}"
            f" với {current.total}/100 điểm. Gửi lại trong thời hạn sẽ thay kết quả hiện tại.",
            icon=":material/info:",
        )

    def save() -> None:
        with state.db() as session:
            kept = save_draft(
                session,
                actor,
                group=progress.group,
                answers=progress.group_answers(),
                notes=progress.group_notes(),
                now=now_utc(),
                subject=subject,
            )
        progress.saved_at = kept.saved_at

    def answered(indicator_id: str, key: str) -> None:
        value = st.session_state.get(key)
        if value is None:
            progress.group_answers().pop(indicator_id, None)
        else:
            progress.group_answers()[indicator_id] = value
            progress.errors.pop(indicator_id, None)
        save()

    def noted(indicator_id: str, key: str) -> None:
        progress.group_notes()[indicator_id] = st.session_state.get(key) or ""
        save()

    def sync() -> None:
        """Take the answers and notes as the widgets on screen hold them: a click and a button
        press that reach the server in one rerun may run their callbacks in either order."""
        answers, notes, changed = progress.group_answers(), progress.group_notes(), False
        for ind in criteria.indicators:
            value = st.session_state.get(f"{prefix}ans_{progress.group}_{ind.id}")
            if value is not None and answers.get(ind.id) != value:
                answers[ind.id], changed = value, True
            note = st.session_state.get(f"{prefix}note_{progress.group}_{ind.id}")
            if note is not None and notes.get(ind.id, "") != note:
                notes[ind.id], changed = note, True
        if changed:
            save()

    def go(step: int | str) -> None:
        progress.step = step
        progress.errors.pop("form", None)

    def review() -> None:
        sync()
        try:
            score(criteria, progress.group_answers())
        except AnswerError as exc:
            by_id = {i.id: i for i in criteria.indicators}
            progress.errors = {
                "form": str(exc),
                **{i: _missing_answer(by_id[i]) for i in exc.indicator_ids if i in by_id},
            }
            progress.step = _step_of(criteria, exc.indicator_ids[0]) if exc.indicator_ids else 1
        else:
            progress.errors = {}
            progress.step = REVIEW

    def send() -> None:
        sync()
        answers, notes = progress.group_answers(), progress.group_notes()
        try:
            with state.db() as session:
                done = submit_assessment(
                    session,
                    actor,
                    criteria=criteria,
                    answers=answers,
                    notes=notes,
                    now=now_utc(),
                    window_defaults=defaults,
                    subject=subject,
                )
        except AnswerError as exc:
            progress.errors = {"form": str(exc)}
        except TextError as exc:
            progress.errors = {"form": str(exc)}
        except (WindowClosed, YearLocked) as exc:
            save()
            progress.errors = {
                "form": f"Không gửi được phiếu: {exc} Các câu trả lời đã được lưu nháp."
            }
        else:
            progress.errors = {}
            progress.result = done.score
            progress.saved_at = None
            progress.step = DONE

    def change_group() -> None:
        progress.group = st.session_state[f"{prefix}assess_group"]
        progress.step = 1
        progress.errors = {}

    def uploaded(indicator_id: str, key: str) -> None:
        upload = st.session_state.get(key)
        # A rerun cut short can send the same picked file twice: store each upload once.
        if upload is None or upload.file_id in progress.stored_uploads:
            return
        progress.stored_uploads.add(upload.file_id)
        try:
            with state.db() as session:
                add_evidence(
                    session,
                    actor,
                    store=state.file_store(),
                    indicator_id=indicator_id,
                    name=upload.name,
                    data=upload.getvalue(),
                    now=now_utc(),
                    subject=subject,
                    quotas=settings.evidence_quotas,
                )
        except EvidenceError as exc:
            progress.errors[f"file_{indicator_id}"] = str(exc)
        else:
            progress.errors.pop(f"file_{indicator_id}", None)
        progress.uploads += 1  # a new uploader key: the picked file leaves the widget

    def remove(file_id: int) -> None:
        try:
            with state.db() as session:
                delete_evidence(
                    session, actor, store=state.file_store(), file_id=file_id, now=now_utc()
                )
        except EvidenceError as exc:
            progress.errors["form"] = str(exc)

    if isinstance(progress.step, int):
        sync()  # a change whose callback a cut-short rerun skipped is still saved

    if progress.step == DONE and progress.result is not None:
        _done(progress, criteria, subject, year, prefix, go)
        return

    if progress.step == 1:
        st.selectbox(
            "Nhóm đối tượng",
            GROUPS,
            index=GROUPS.index(progress.group),
            format_func=lambda g: sets[g].group_name,
            key=f"{prefix}assess_group",
            on_change=change_group,
        )
    else:
        st.caption(f"{criteria.group_name}")
    steps = len(criteria.competencies)
    if progress.saved_at is not None:
        st.caption(
            f":material/cloud_done: Đã lưu nháp lúc {progress.saved_at.astimezone(VN_TZ):%H:%M:%S}"
            " — có thể đóng trang và làm tiếp sau, trên máy này hoặc máy khác."
        )

    if progress.step == REVIEW:
        _review(progress, criteria, steps, prefix, go, send)
        return

    step = int(progress.step)
    comp = criteria.competencies[step - 1]
    st.progress(step / (steps + 1), text=f"**Bước {step}/{steps}** · Năng lực {step}")
    st.subheader(f"Năng lực {step}. {comp.title}")
    how = (
        "chọn một mức cho mỗi chỉ số"
        if all(i.graded for i in comp.indicators)
        else "chọn một mức hoặc nhập số điểm cho mỗi chỉ số"
    )
    st.caption(f"Tối đa {comp.max_points} điểm · {how}")
    by_id = {i.id: i for i in criteria.indicators}
    gaps = [k for k in progress.errors if k in by_id]
    if gaps:  # sent here by "Xem lại và gửi": say why where the eye lands, not only at the end
        what = "chọn mức" if all(by_id[g].graded for g in gaps) else "chọn mức hoặc nhập điểm"
        st.error(
            f"Còn {len(gaps)} chỉ số chưa {what} (đánh dấu bên dưới): {', '.join(gaps)}.",
            icon=":material/error:",
        )
    by_indicator: dict[str, list[EvidenceInfo]] = {}
    for f in files:
        by_indicator.setdefault(f.indicator_id, []).append(f)
    for ind in comp.indicators:
        with st.container(border=True):
            _indicator(
                ind,
                progress,
                prefix=prefix,
                files=by_indicator.get(ind.id, []),
                usage=usage,
                actor=actor,
                on_answer=answered,
                on_note=noted,
                on_upload=uploaded,
                on_remove=remove,
            )
    if progress.errors.get("form"):
        error_box(progress.errors["form"])
    with st.container(horizontal=True):
        if step > 1:
            st.button(
                "Quay lại",
                key=f"{prefix}assess_back",
                on_click=go,
                args=(step - 1,),
                icon=":material/arrow_back:",
                width="stretch",
            )
        if step < steps:
            st.button(
                "Tiếp theo",
                key=f"{prefix}assess_next",
                on_click=go,
                args=(step + 1,),
                icon=":material/arrow_forward:",
                type="primary",
                width="stretch",
            )
        else:
            st.button(
                "Xem lại và gửi",
                key=f"{prefix}assess_review",
                on_click=review,
                icon=":material/fact_check:",
                type="primary",
                width="stretch",
            )


def _indicator(
    ind: Indicator,
    progress: Progress,
    *,
    prefix: str,
    files: list[EvidenceInfo],
    usage: EvidenceUsage | None,
    actor: Actor,
    on_answer,
    on_note,
    on_upload,
    on_remove,
) -> None:
    group = progress.group
    answer_key = f"{prefix}ans_{group}_{ind.id}"
    note_key = f"{prefix}note_{group}_{ind.id}"
    chosen = progress.group_answers().get(ind.id)
    if ind.graded:
        options = [lv.points for lv in ind.levels]
        labels = {lv.points: lv.label for lv in ind.levels}
        st.radio(
            f"{ind.id}. {ind.title}",  # plain: it is also the group's spoken name (bold by CSS)
            options,
            format_func=lambda p: f"{labels[p]} — **{p} điểm**",
            index=options.index(chosen) if chosen in options else None,
            key=answer_key,
            on_change=on_answer,
            args=(ind.id, answer_key),
        )
    else:
        st.markdown(f":small[**{ind.id}. {md(ind.title)}**]")  # as large as a radio label
        st.number_input(
            f"Số điểm tự chấm cho chỉ số {ind.id} (số nguyên từ 0 đến {ind.max_points})",
            min_value=0,
            max_value=ind.max_points,
            step=1,
            value=chosen if isinstance(chosen, int) and ind.allows(chosen) else None,
            placeholder=f"Nhập số điểm, từ 0 đến {ind.max_points}",
            key=answer_key,
            on_change=on_answer,
            args=(ind.id, answer_key),
        )
    if ind.id in progress.errors:
        error_note(progress.errors[ind.id])
    if ind.explanation or ind.evidence_example:
        with st.expander("Giải thích và ví dụ minh chứng", icon=":material/help:"):
            if ind.explanation:
                st.write(ind.explanation)
            if ind.evidence_example:
                st.caption(f"Ví dụ minh chứng: {ind.evidence_example}")
    st.text_input(
        "Ghi chú minh chứng (không bắt buộc)",
        value=progress.group_notes().get(ind.id, ""),
        key=note_key,
        max_chars=500,
        on_change=on_note,
        args=(ind.id, note_key),
    )
    label = f"Tệp minh chứng ({len(files)})" if files else "Đính kèm ảnh hoặc PDF minh chứng"
    error = progress.errors.get(f"file_{ind.id}")
    with st.expander(label, icon=":material/attach_file:", expanded=bool(error)):
        for f in files:
            with st.container(horizontal=True, vertical_alignment="center"):
                download_button(actor, f, key=f"{prefix}ev_get_{f.id}")
                st.button(
                    "Xoá",
                    key=f"{prefix}ev_del_{f.id}",
                    on_click=on_remove,
                    args=(f.id,),
                    icon=":material/delete:",
                    help=f"Xoá tệp {md(f.filename)}",
                )
        if usage is not None:
            quota_note(usage)
        if len(files) < MAX_PER_INDICATOR and (usage is None or usage.room > 0):
            upload_key = f"{prefix}ev_{group}_{ind.id}_{progress.uploads}"
            st.file_uploader(
                f"Ảnh (JPG, PNG, WEBP) hoặc PDF, mỗi tệp tối đa {MAX_BYTES // (1024 * 1024)} MB, "
                f"tối đa {MAX_PER_INDICATOR} tệp",
                type=list(UPLOAD_TYPES),
                key=upload_key,
                on_change=on_upload,
                args=(ind.id, upload_key),
            )
        elif len(files) >= MAX_PER_INDICATOR:
            st.caption(f"Đã đủ {MAX_PER_INDICATOR} tệp cho chỉ số này.")
        if error:
            error_note(error)


def _missing_answer(ind: Indicator) -> str:
    if ind.graded:
        return "Vui lòng chọn một mức."
    return f"Vui lòng nhập số điểm, số nguyên từ 0 đến {ind.max_points}."


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
    if current is None:
        st.write(f"Năm {year} không có phiếu {whose}.")
    else:
        verdict = "đạt mức công nhận" if current.recognised else "chưa đạt mức công nhận"
        st.write(f"Phiếu {whose}: **{current.total}/100** điểm, {verdict}.")


def _review(progress: Progress, criteria: CriteriaSet, steps: int, prefix: str, go, send) -> None:
    preview = score(criteria, progress.group_answers())
    st.progress(steps / (steps + 1), text="**Xem lại và gửi**")
    with st.container(border=True):
        st.subheader("Xác nhận gửi phiếu")
        st.metric("Tổng điểm dự kiến", f"{preview.total}/{criteria.max_points}")
        if preview.recognised:
            st.success(
                "Phiếu này đạt mức công nhận danh hiệu Công dân học tập.",
                icon=":material/workspace_premium:",
            )
        else:
            st.warning(
                "Phiếu này chưa đạt mức công nhận. " + " ".join(preview.reasons()),
                icon=":material/info:",
            )
        show_points(criteria, [c.points for c in preview.competencies])
        with st.expander("Xem lại từng câu trả lời"):
            notes = progress.group_notes()
            for ind in criteria.indicators:
                st.write(
                    f"{ind.id}. {md(ind.title)}: {answer_text(ind, progress.group_answers()[ind.id])}"
                )
                if notes.get(ind.id):
                    st.caption(f"Ghi chú: {md(notes[ind.id])}")
        st.caption(
            "Bấm **Gửi phiếu thông tin** để ghi nhận chính thức. Trong thời hạn, bạn vẫn có thể "
            "sửa và gửi lại; kết quả mới thay kết quả cũ."
        )
    if progress.errors.get("form"):
        error_box(progress.errors["form"])
    with st.container(horizontal=True):
        st.button(
            "Quay lại sửa",
            key=f"{prefix}assess_edit",
            on_click=go,
            args=(steps,),
            icon=":material/edit:",
            width="stretch",
        )
        st.button(
            "Gửi phiếu thông tin",
            key=f"{prefix}assess_send",
            on_click=send,
            icon=":material/send:",
            type="primary",
            width="stretch",
        )


def _done(progress: Progress, criteria: CriteriaSet, subject: Actor, year: int, prefix: str, go):
    result = progress.result
    st.subheader("Kết quả tự đánh giá")
    st.success(f"Đã ghi nhận phiếu tự đánh giá năm {year} của {md(subject.full_name)}.")
    membership_notice(subject)
    show_result(
        criteria=criteria,
        total=result.total,
        points=[c.points for c in result.competencies],
        recognised=result.recognised,
        reasons=result.reasons(),
    )
    st.button(
        "Sửa và gửi lại",
        key=f"{prefix}assess_again",
        on_click=partial(go, 1),
        icon=":material/edit:",
    )
