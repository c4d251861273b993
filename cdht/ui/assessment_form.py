"""The self-assessment form: used by a person for themself and by a manager entering a paper form."""

import streamlit as st

from cdht.criteria import GROUPS
from cdht.db.assessments import (
    WindowClosed,
    YearLocked,
    load_draft,
    member_results,
    my_results,
    save_draft,
    submit_assessment,
)
from cdht.db.units import get_unit, unit_window
from cdht.roles import Actor
from cdht.scoring import AnswerError
from cdht.text import TextError
from cdht.ui import state
from cdht.ui.results import show_result
from cdht.ui.text import md
from cdht.window import VN_TZ, local_year, now_utc


def assessment_form(subject: Actor, *, entered_by: Actor | None = None, prefix: str = "") -> None:
    """Draw the form for `subject`; `entered_by` is the manager typing in a paper form."""
    settings = state.settings()
    sets = state.criteria_sets()
    now = now_utc()
    year = local_year(now)
    defaults = (settings.window_opens, settings.window_closes)
    with state.db() as session:
        unit = get_unit(session, subject.unit_id)
        window = unit_window(session, subject.unit_id, year, defaults)
        if entered_by is None:
            history = my_results(session, subject)
        else:
            history = member_results(session, entered_by, account_id=subject.id)
        draft = load_draft(session, entered_by or subject, year=year, subject=subject)
    current = next((r for r in history if r.year == year), None)
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
    if current is not None:
        st.info(
            f"{you} đã gửi phiếu năm {year} lúc {current.submitted_at.astimezone(VN_TZ):%H:%M %d/%m/%Y}"
            f" với {current.total}/100 điểm. Gửi lại trong thời hạn sẽ thay kết quả hiện tại.",
            icon=":material/info:",
        )

    if draft is not None:
        st.info(
            f"Đã lưu nháp lúc {draft.saved_at.astimezone(VN_TZ):%H:%M %d/%m/%Y}: các câu trả lời "
            "chưa gửi được giữ lại bên dưới.",
            icon=":material/save:",
        )
    default_group = draft.group if draft else current.group if current else unit.default_group
    group = st.selectbox(
        "Nhóm đối tượng",
        GROUPS,
        index=GROUPS.index(default_group),
        format_func=lambda g: sets[g].group_name,
        key=f"{prefix}assess_group",
    )
    criteria = sets[group]
    st.caption(f"Bộ tiêu chí: {criteria.source} Phiên bản {criteria.version}.")
    result_key = f"{prefix}assess_result_{group}"
    errors_key = f"{prefix}assess_errors_{group}"

    def answer_key(indicator_id: str) -> str:
        return f"{prefix}ans_{group}_{indicator_id}"

    def note_key(indicator_id: str) -> str:
        return f"{prefix}note_{group}_{indicator_id}"

    source = draft if draft and draft.group == group else current
    if source is not None and source.group == group:
        for ind in criteria.indicators:
            st.session_state.setdefault(answer_key(ind.id), source.answers.get(ind.id))
            st.session_state.setdefault(note_key(ind.id), source.notes.get(ind.id, ""))

    def submit() -> None:
        answers = {i.id: st.session_state.get(answer_key(i.id)) for i in criteria.indicators}
        notes = {i.id: st.session_state.get(note_key(i.id)) or "" for i in criteria.indicators}
        st.session_state.pop(result_key, None)
        try:
            with state.db() as session:
                done = submit_assessment(
                    session,
                    entered_by or subject,
                    criteria=criteria,
                    answers=answers,
                    notes=notes,
                    now=now_utc(),
                    window_defaults=defaults,
                    subject=subject,
                )
        except AnswerError as exc:
            st.session_state[errors_key] = {
                "form": str(exc),
                **{i: "Vui lòng chọn một mức." for i in exc.indicator_ids},
            }
        except TextError as exc:
            st.session_state[errors_key] = {"form": str(exc)}
        except (WindowClosed, YearLocked) as exc:
            with state.db() as session:
                save_draft(
                    session,
                    entered_by or subject,
                    group=group,
                    answers=answers,
                    notes=notes,
                    now=now_utc(),
                    subject=subject,
                )
            st.session_state[errors_key] = {
                "form": f"Không gửi được phiếu: {exc} Các câu trả lời đã được lưu nháp."
            }
        else:
            st.session_state[errors_key] = {}
            st.session_state[result_key] = done.score

    errors = st.session_state.get(errors_key, {})
    with st.form(f"{prefix}assessment_{group}"):
        for n, comp in enumerate(criteria.competencies, start=1):
            st.subheader(f"Năng lực {n}. {comp.title}")
            st.caption(f"Tối đa {comp.max_points} điểm")
            for ind in comp.indicators:
                labels = {lv.points: lv.label for lv in ind.levels}
                st.radio(
                    f"**{ind.id}. {ind.title}**",
                    list(labels),
                    format_func=lambda p, labels=labels: f"{labels[p]} ({p} điểm)",
                    index=None,
                    key=answer_key(ind.id),
                    help=ind.explanation or None,
                )
                if ind.id in errors:
                    st.markdown(f":red[⚠ {errors[ind.id]}]")
                st.text_input(
                    "Ghi chú minh chứng (không bắt buộc)",
                    key=note_key(ind.id),
                    max_chars=500,
                    placeholder=ind.evidence_example or None,
                )
                st.divider()
        st.form_submit_button(
            "Gửi phiếu thông tin", type="primary", on_click=submit, width="stretch"
        )

    if errors.get("form"):
        st.error(errors["form"])
    result = st.session_state.get(result_key)
    if result is not None:
        st.subheader("Kết quả tự đánh giá")
        st.success(f"Đã ghi nhận phiếu tự đánh giá năm {year} của {md(subject.full_name)}.")
        show_result(
            criteria=criteria,
            total=result.total,
            points=[c.points for c in result.competencies],
            recognised=result.recognised,
            reasons=result.reasons(),
            key=f"{prefix}assess_chart",
        )
