"""Tự đánh giá: the self-assessment form of the person's group, and the result at once."""

import streamlit as st

from cdht.criteria import GROUPS
from cdht.db.assessments import (
    WindowClosed,
    YearLocked,
    my_results,
    submit_assessment,
    window_for,
)
from cdht.db.units import get_unit
from cdht.scoring import AnswerError
from cdht.text import TextError
from cdht.ui import state
from cdht.ui.results import show_result
from cdht.window import local_year, now_utc

who = state.require_actor()
settings = state.settings()
sets = state.criteria_sets()
now = now_utc()
year = local_year(now)
defaults = (settings.window_opens, settings.window_closes)

with state.db() as session:
    unit = get_unit(session, who.unit_id)
    window = window_for(session, who, year=year, window_defaults=defaults)
    current = next((r for r in my_results(session, who) if r.year == year), None)

st.title("Tự đánh giá")
state.show_flash()
st.write("**Phiếu tự đánh giá Công dân học tập**")
st.caption(f"{unit.name} · Năm {year} · Thời hạn {window.describe()}")
if not window.is_open(now):
    contact = f" Liên hệ: {unit.contact_name} {unit.contact_phone}." if unit.contact_name else ""
    st.warning(f"Hiện không trong thời hạn tự đánh giá năm {year} ({window.describe()}).{contact}")
if current is not None:
    st.info(
        f"Bạn đã gửi phiếu năm {year} lúc {current.submitted_at.astimezone(window.opens_at.tzinfo):%H:%M %d/%m/%Y}"
        f" với {current.total}/100 điểm. Gửi lại trong thời hạn sẽ thay kết quả hiện tại.",
        icon=":material/info:",
    )

default_group = current.group if current else unit.default_group
group = st.selectbox(
    "Nhóm đối tượng",
    GROUPS,
    index=GROUPS.index(default_group),
    format_func=lambda g: sets[g].group_name,
    key="assess_group",
)
criteria = sets[group]
st.caption(f"Bộ tiêu chí: {criteria.source} Phiên bản {criteria.version}.")

RESULT = f"assess_result_{group}"
ERRORS = f"assess_errors_{group}"


def _answer_key(indicator_id: str) -> str:
    return f"ans_{group}_{indicator_id}"


def _note_key(indicator_id: str) -> str:
    return f"note_{group}_{indicator_id}"


if current is not None and current.group == group:
    for ind in criteria.indicators:
        st.session_state.setdefault(_answer_key(ind.id), current.answers.get(ind.id))
        st.session_state.setdefault(_note_key(ind.id), current.notes.get(ind.id, ""))


def _submit() -> None:
    answers = {i.id: st.session_state.get(_answer_key(i.id)) for i in criteria.indicators}
    notes = {i.id: st.session_state.get(_note_key(i.id)) or "" for i in criteria.indicators}
    st.session_state.pop(RESULT, None)
    try:
        with state.db() as session:
            done = submit_assessment(
                session,
                who,
                criteria=criteria,
                answers=answers,
                notes=notes,
                now=now_utc(),
                window_defaults=defaults,
            )
    except AnswerError as exc:
        st.session_state[ERRORS] = {
            "form": str(exc),
            **{i: "Vui lòng chọn một mức." for i in exc.indicator_ids},
        }
    except TextError as exc:
        st.session_state[ERRORS] = {"form": str(exc)}
    except (WindowClosed, YearLocked) as exc:
        st.session_state[ERRORS] = {"form": f"Không gửi được phiếu: {exc}"}
    else:
        st.session_state[ERRORS] = {}
        st.session_state[RESULT] = done.score


errors = st.session_state.get(ERRORS, {})
with st.form(f"assessment_{group}"):
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
                key=_answer_key(ind.id),
                help=ind.explanation or None,
            )
            if ind.id in errors:
                st.markdown(f":red[⚠ {errors[ind.id]}]")
            st.text_input(
                "Ghi chú minh chứng (không bắt buộc)",
                key=_note_key(ind.id),
                max_chars=500,
                placeholder=ind.evidence_example or None,
            )
            st.divider()
    st.form_submit_button("Gửi phiếu thông tin", type="primary", on_click=_submit, width="stretch")

if errors.get("form"):
    st.error(errors["form"])
result = st.session_state.get(RESULT)
if result is not None:
    st.subheader("Kết quả tự đánh giá")
    st.success(f"Đã ghi nhận phiếu tự đánh giá năm {year}.")
    show_result(
        criteria=criteria,
        total=result.total,
        points=[c.points for c in result.competencies],
        recognised=result.recognised,
        reasons=result.reasons(),
        key="assess_chart",
    )
