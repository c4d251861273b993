"""Kết quả của tôi: this year's and earlier years' results."""

import streamlit as st

from cdht.db.assessments import my_results
from cdht.db.decisions import my_recognitions
from cdht.db.evidence import list_evidence
from cdht.scoring import score
from cdht.ui import state
from cdht.ui.assessment_form import answer_text
from cdht.ui.evidence import human_size
from cdht.ui.results import membership_notice, show_result
from cdht.ui.text import md
from cdht.window import VN_TZ

who = state.require_actor()
sets = state.criteria_sets()
st.title("Kết quả của tôi")
membership_notice(who)
with state.db() as session:
    results = my_results(session, who, earlier=True)
    granted = my_recognitions(session, who)
    files = list_evidence(session, who, account_id=who.id)
attached: dict[tuple[int, str], list[str]] = {}
for info in files:
    attached.setdefault((info.year, info.indicator_id), []).append(
        f"{md(info.filename)} ({human_size(info.size)})"
    )
if not results:
    st.info("Bạn chưa gửi phiếu tự đánh giá nào.")
    st.page_link("pages/assess.py", label="Tự đánh giá ngay", icon=":material/edit_note:")
for row in results:
    criteria = sets[row.group]
    with st.container(border=True):
        st.subheader(f"Năm {row.year}")
        st.caption(
            f"{criteria.group_name} · gửi lúc {row.submitted_at.astimezone(VN_TZ):%H:%M %d/%m/%Y}"
            f" · lần gửi thứ {row.revision}"
            + ("" if row.criteria_version == criteria.version else " · chấm theo bộ tiêu chí cũ")
        )
        if row.year in granted:
            g = granted[row.year]
            st.success(
                f"Đã được công nhận danh hiệu Công dân học tập năm {row.year} theo Quyết định số "
                f"{g.number} ngày {g.signed_on:%d/%m/%Y} của {md(g.unit_name)}.",
                icon=":material/verified:",
            )
        reasons: list[str] = []
        if row.criteria_version == criteria.version and not row.recognised:
            reasons = score(criteria, row.answers).reasons(criteria)
        show_result(
            criteria=criteria,
            total=row.total,
            points=row.competency_points,
            recognised=row.recognised,
            reasons=reasons,
            decided=row.year in granted,
        )
        if row.earlier:
            with st.expander(f"Các lần gửi trước ({len(row.earlier)})"):
                st.markdown(
                    "\n".join(
                        f"- Lần {e.revision}, gửi lúc "
                        f"{e.submitted_at.astimezone(VN_TZ):%H:%M %d/%m/%Y}: {e.total}/"
                        f"{criteria.max_points} điểm, {'đạt' if e.recognised else 'chưa đạt'}"
                        for e in row.earlier
                    )
                )
                st.caption("Chỉ lần gửi sau cùng được tính.")
        with st.expander("Xem chi tiết từng chỉ số"):
            for ind in criteria.indicators:
                note = row.notes.get(ind.id)
                st.write(f"{ind.id}. {md(ind.title)}: {answer_text(ind, row.answers.get(ind.id))}")
                if note:
                    st.caption(f"Minh chứng: {md(note)}")
                if (row.year, ind.id) in attached:
                    st.caption("Tệp minh chứng: " + "; ".join(attached[row.year, ind.id]))
            if any(year == row.year for year, _ in attached):
                st.caption("Tải các tệp minh chứng ở trang Dữ liệu của tôi.")
