"""Drawing one assessment result: total, verdict, reasons and a bar per competency.

The bars are plain progress bars, not a chart: they draw at once on a slow phone and read well
at 360 px, where a chart library would first have to load.
"""

from collections.abc import Sequence

import streamlit as st

from cdht.criteria import CriteriaSet, RecognitionRule
from cdht.db.membership import membership_of
from cdht.membership import PENDING, REJECTED
from cdht.roles import MEMBER_ROLES, Actor
from cdht.ui import state

AWAITING_DECISION = (
    "Danh hiệu được công nhận chính thức khi thủ trưởng đơn vị ký quyết định công nhận, sau khi "
    "hết thời hạn tự đánh giá."
)


def rule_words(rule: RecognitionRule) -> str:
    """The recognition rule in words, from its thresholds: "tổng điểm từ 80 trở lên và không có
    chỉ số nào dưới 5 điểm"."""
    return (
        f"tổng điểm từ {rule.min_total} trở lên và không có chỉ số nào dưới "
        f"{rule.min_per_indicator} điểm"
    )


def show_points(criteria: CriteriaSet, points: Sequence[int]) -> None:
    """One labelled bar per competency: points reached out of the maximum."""
    for n, (comp, p) in enumerate(zip(criteria.competencies, points, strict=True), start=1):
        st.progress(
            p / comp.max_points if comp.max_points else 0.0,
            text=f"Năng lực {n}. {comp.title}: **{p}/{comp.max_points}**",
        )


def show_result(
    *,
    criteria: CriteriaSet,
    total: int,
    points: Sequence[int],
    recognised: bool,
    reasons: Sequence[str],
    decided: bool = False,
) -> None:
    """`decided`: the year's recognition decision is recorded (and said by the caller); until
    then a result that reaches the mark says the title itself comes with the head's decision."""
    st.metric("Tổng điểm", f"{total}/{criteria.max_points}")
    if recognised:
        st.success(
            "Đạt mức công nhận danh hiệu Công dân học tập."
            + ("" if decided else " " + AWAITING_DECISION),
            icon=":material/workspace_premium:",
        )
    else:
        st.warning(
            "Chưa đạt mức công nhận danh hiệu Công dân học tập. " + " ".join(reasons),
            icon=":material/info:",
        )
    st.caption(criteria.rule.text)
    show_points(criteria, points)


def membership_notice(who: Actor) -> None:
    """Whether the person's unit counts them, when it does not: waiting for approval, not
    confirmed, or not on the staff list. Their result is kept either way."""
    if who.role not in MEMBER_ROLES:
        return
    with state.db() as session:
        status, counts = membership_of(session, who)
    if counts:
        return
    later = (
        "Kết quả tự đánh giá của bạn vẫn được lưu, nhưng chưa được tính vào số liệu, danh sách "
        "và quyết định công nhận của đơn vị"
    )
    if status == PENDING:
        st.info(
            f"Tài khoản của bạn đang chờ người quản lý đơn vị duyệt. {later} cho đến khi được duyệt.",
            icon=":material/hourglass_top:",
        )
    elif status == REJECTED:
        st.warning(
            f"Đơn vị chưa xác nhận bạn là thành viên. {later}. Nếu đây là nhầm lẫn, hãy liên hệ "
            "người phụ trách của đơn vị để được thêm vào danh sách nhân sự.",
            icon=":material/info:",
        )
    else:
        st.warning(
            f"Bạn không có trong danh sách nhân sự của đơn vị. {later}. Hãy liên hệ người phụ "
            "trách của đơn vị để được thêm vào danh sách.",
            icon=":material/info:",
        )
