"""Drawing one assessment result: total, verdict, reasons and a bar per competency.

The bars are plain progress bars, not a chart: they draw at once on a slow phone and read well
at 360 px, where a chart library would first have to load.
"""

from collections.abc import Sequence

import streamlit as st

from cdht.criteria import CriteriaSet


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
) -> None:
    st.metric("Tổng điểm", f"{total}/{criteria.max_points}")
    if recognised:
        st.success(
            "Đạt mức công nhận danh hiệu Công dân học tập.", icon=":material/workspace_premium:"
        )
    else:
        st.warning(
            "Chưa đạt mức công nhận danh hiệu Công dân học tập. " + " ".join(reasons),
            icon=":material/info:",
        )
    st.caption(criteria.rule.text)
    show_points(criteria, points)
