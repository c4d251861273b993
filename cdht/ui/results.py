"""Drawing one assessment result: total, verdict, reasons and the chart per competency."""

from collections.abc import Sequence

import plotly.graph_objects as go
import streamlit as st

from cdht.criteria import CriteriaSet

CHART_CONFIG = {"displayModeBar": False, "staticPlot": False}


def competency_chart(titles: Sequence[str], points: Sequence[int], maxima: Sequence[int]):
    labels = [f"Năng lực {n}" for n in range(1, len(titles) + 1)]
    fig = go.Figure()
    fig.add_bar(
        y=labels,
        x=maxima,
        orientation="h",
        name="Điểm tối đa",
        marker_color="#e3e8ef",
        hovertext=list(titles),
        hoverinfo="text+x",
    )
    fig.add_bar(
        y=labels,
        x=points,
        orientation="h",
        name="Điểm đạt được",
        marker_color="#1f6feb",
        text=[f"{p}/{m}" for p, m in zip(points, maxima, strict=True)],
        textposition="inside",
        hovertext=list(titles),
        hoverinfo="text+x",
    )
    fig.update_layout(
        barmode="overlay",
        height=220,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis_title="Điểm",
        yaxis={"autorange": "reversed"},
        legend={"orientation": "h", "y": -0.35},
    )
    return fig


def show_result(
    *,
    criteria: CriteriaSet,
    total: int,
    points: Sequence[int],
    recognised: bool,
    reasons: Sequence[str],
    key: str,
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
    titles = [c.title for c in criteria.competencies]
    maxima = [c.max_points for c in criteria.competencies]
    for n, (title, p, m) in enumerate(zip(titles, points, maxima, strict=True), start=1):
        st.write(f"Năng lực {n}. {title}: **{p}/{m}**")
    st.plotly_chart(competency_chart(titles, points, maxima), config=CHART_CONFIG, key=key)
