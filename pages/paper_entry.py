"""Nhập phiếu giấy: a manager enters the paper form of a member, or of a person on the staff list
who never signed up."""

import streamlit as st

from cdht import cccd as cccd_rules
from cdht.db.accounts import AccountError, paper_choices, paper_subject
from cdht.db.units import decided
from cdht.ui import state
from cdht.ui.assessment_form import assessment_form
from cdht.ui.forms import error_box, error_note
from cdht.ui.unit_picker import pick_unit
from cdht.window import local_year, now_utc

who = state.require_actor()
st.title("Nhập phiếu giấy")
st.write(
    "Nhập hộ phiếu tự đánh giá trên giấy của người không dùng được máy tính, kể cả người trong "
    "danh sách nhân sự chưa đăng ký. Phiếu ghi rõ người nhập; khi người đó tự đăng ký bằng số CCCD "
    "của mình, phiếu đã nhập thành kết quả của họ."
)
unit = pick_unit(who, "paper")
year = local_year(now_utc())
with state.db() as session:
    people = paper_choices(session, who, unit_id=unit.id, year=year)
    decision = decided(session, unit.id, year)
if decision is not None:  # before the list: no form of the year can be entered any more
    st.info(
        f"Năm {year} đã ghi nhận Quyết định công nhận số {decision.number} ngày "
        f"{decision.signed_on:%d/%m/%Y}: kết quả năm {year} đã chốt, không nhập hay sửa phiếu "
        "được nữa.",
        icon=":material/lock:",
    )
    st.stop()
choices = {p.cccd: p for p in people}
done = sum(p.has_form for p in people)
st.caption(
    f"Danh sách dưới đây có {len(people)} người; {done} người đã có phiếu năm {year}, "
    f"{len(people) - done} người chưa có. Danh sách không gồm chính bạn: phiếu của bạn gửi ở "
    "trang Tự đánh giá."
)
LOOKUP, NOT_FOUND = "paper_lookup", "paper_not_found"


def _find_by_number() -> None:
    """The number typed from the paper form picks its person (the list shows it masked)."""
    number = cccd_rules.normalise(st.session_state.get(LOOKUP) or "")
    if not number:
        return
    if number in choices:
        st.session_state["paper_person"] = number
        st.session_state[LOOKUP] = ""
    else:
        st.session_state[NOT_FOUND] = number


st.text_input(
    "Tìm theo số CCCD ghi trên phiếu",
    key=LOOKUP,
    on_change=_find_by_number,
    placeholder="12 chữ số, rồi nhấn Enter",
)
missing_number = st.session_state.pop(NOT_FOUND, None)
if missing_number:
    error_note(
        f"Không có ai mang số CCCD {missing_number} trong danh sách chọn (thành viên và danh "
        "sách nhân sự của đơn vị). Người chưa có trong danh sách nhân sự: thêm ở trang Nhân sự "
        "đơn vị trước."
    )
target = st.selectbox(
    "Người có phiếu",
    list(choices),
    format_func=lambda number: choices[number].label,
    index=None,
    placeholder="Gõ tên để tìm",
    key="paper_person",
)
if target is not None:
    started = st.session_state.setdefault("paper_started", set())
    if not choices[target].profile and target not in started:
        st.info(
            "Người này chưa có tài khoản. Bắt đầu nhập phiếu sẽ tạo cho họ một hồ sơ không có mật "
            "khẩu (không ai đăng nhập được); khi họ tự đăng ký, hồ sơ và phiếu thành của họ."
        )
        if st.button("Bắt đầu nhập phiếu", type="primary", key="paper_start"):
            started.add(target)
            st.rerun()
        st.stop()
    try:
        with state.db() as session:
            subject = paper_subject(session, who, unit_id=unit.id, cccd=target, now=now_utc())
    except AccountError as exc:
        error_box(str(exc))
        st.stop()
    assessment_form(subject, entered_by=who, prefix=f"paper{subject.id}_")
