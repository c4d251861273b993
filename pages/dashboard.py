"""Tổng quan đơn vị: participation, recognition against the 90 % / 95 % thresholds, charts."""

from datetime import timedelta

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cdht.db.staff import missing
from cdht.db.stats import unit_overview
from cdht.db.units import unit_window
from cdht.gauge import LEVEL_1_PERCENT, LEVEL_2_PERCENT, Gauge, percent_vi
from cdht.ui import state
from cdht.ui.unit_picker import pick_unit_and_year

CHART_CONFIG = {"displayModeBar": False}
who = state.require_actor()
settings = state.settings()
st.title("Tổng quan đơn vị")
unit, year = pick_unit_and_year(who, "dash")
with state.db() as session:
    ov = unit_overview(session, who, unit_id=unit.id, year=year)
    gone = missing(session, who, unit_id=unit.id, year=year)
    window = unit_window(session, unit.id, year, settings.window_defaults)

cols = st.columns(4 if gone.expected else 3)
if gone.expected:
    cols[0].metric("Nhân sự", gone.expected, help="Theo danh sách nhân sự đã tải lên")
cols[-3].metric("Đã đăng ký", ov.registered)
cols[-2].metric("Đã tự đánh giá", ov.assessed)
cols[-1].metric("Đạt danh hiệu", ov.recognised)
if gone.expected:
    gauge = Gauge(members=gone.expected, recognised=gone.recognised_listed)
else:
    gauge = Gauge(members=ov.registered, recognised=ov.recognised)
base = "tổng số nhân sự" if gone.expected else "số đã đăng ký"
st.markdown(f"**Tỉ lệ đạt danh hiệu so với {base}: {percent_vi(gauge.share)}**")
st.progress(min(gauge.share, 1.0))
if gauge.level == 2:
    st.success(f"Đạt ngưỡng {LEVEL_2_PERCENT} % (mức 2) của Thông tư 24/2023/TT-BGDĐT.")
elif gauge.level == 1:
    st.info(
        f"Đạt ngưỡng {LEVEL_1_PERCENT} % (mức 1); cần thêm {gauge.needed_for(LEVEL_2_PERCENT)} "
        f"người đạt để lên mức 2 ({LEVEL_2_PERCENT} %, Thông tư 24/2023/TT-BGDĐT)."
    )
else:
    st.warning(
        f"Chưa đạt ngưỡng {LEVEL_1_PERCENT} % (mức 1) của Thông tư 24/2023/TT-BGDĐT: "
        f"cần thêm {gauge.needed_for(LEVEL_1_PERCENT)} người đạt danh hiệu."
    )
st.caption(f"Thời hạn tự đánh giá năm {year}: {window.describe()}.")
if gone.unlisted_accounts:
    st.caption(
        f"{gone.unlisted_accounts} tài khoản của đơn vị không có trong danh sách nhân sự; tỉ lệ đạt "
        "chỉ tính những người có trong danh sách. Cập nhật danh sách ở trang Nhân sự đơn vị."
    )


def people_text(people) -> str:
    return "\n".join(
        f"{n}. {p.full_name}" + (f" – {p.department}" if p.department else "")
        for n, p in enumerate(people, start=1)
    )


if gone.not_registered:
    with st.expander(f"Chưa đăng ký: {len(gone.not_registered)} người"):
        st.caption("Sao chép danh sách để nhắc trong nhóm của đơn vị.")
        st.code(people_text(gone.not_registered), language=None)
if gone.not_assessed:
    with st.expander(
        f"Đã đăng ký nhưng chưa tự đánh giá năm {year}: {len(gone.not_assessed)} người"
    ):
        st.code(people_text(gone.not_assessed), language=None)

if ov.assessed == 0:
    st.info(f"Chưa có ai gửi phiếu tự đánh giá năm {year}.")
    st.stop()

st.subheader("Phân bố tổng điểm")
totals = pd.DataFrame(sorted(ov.total_counts.items()), columns=["Tổng điểm", "Số người"])
fig = go.Figure(go.Bar(x=totals["Tổng điểm"], y=totals["Số người"], marker_color="#1f6feb"))
fig.add_vline(x=79.5, line_dash="dash", line_color="#d1242f", annotation_text="Mức đạt 80")
fig.update_layout(
    xaxis_title="Tổng điểm", yaxis_title="Số người", height=300, margin={"t": 30, "b": 10}
)
st.plotly_chart(fig, config=CHART_CONFIG, key="dash_totals")

st.subheader("Điểm trung bình theo năng lực")
criteria = state.criteria_sets()[unit.default_group]
maxima = [c.max_points for c in criteria.competencies]
labels = [f"Năng lực {n}" for n in range(1, len(maxima) + 1)]
fig = go.Figure()
fig.add_bar(x=labels, y=maxima, name="Điểm tối đa", marker_color="#e3e8ef")
fig.add_bar(
    x=labels,
    y=[round(v, 1) for v in ov.comp_averages],
    name="Trung bình đơn vị",
    marker_color="#1f6feb",
    text=[f"{v:.1f}".replace(".", ",") for v in ov.comp_averages],
)
fig.update_layout(
    barmode="overlay",
    yaxis_title="Điểm",
    height=300,
    margin={"t": 30, "b": 10},
    legend={"orientation": "h", "y": -0.2},
)
st.plotly_chart(fig, config=CHART_CONFIG, key="dash_comp")

st.subheader("Số người gửi phiếu theo ngày")
days = pd.DataFrame(
    sorted(ov.first_submissions_per_day.items()), columns=["Ngày", "Số người gửi phiếu"]
)
days["Tích lũy"] = days["Số người gửi phiếu"].cumsum()
fig = go.Figure()
fig.add_bar(x=days["Ngày"], y=days["Số người gửi phiếu"], name="Trong ngày", marker_color="#9ec5fe")
fig.add_scatter(x=days["Ngày"], y=days["Tích lũy"], name="Tích lũy", line={"color": "#1f6feb"})
deadline = window.closes_on
fig.add_vline(x=pd.Timestamp(deadline).value / 1e6, line_dash="dash", line_color="#d1242f")
fig.add_annotation(
    x=pd.Timestamp(deadline), y=1, yref="paper", text="Hạn chót", showarrow=False, xanchor="right"
)
fig.update_layout(
    xaxis_title="Ngày",
    yaxis_title="Số người",
    height=320,
    margin={"t": 30, "b": 10},
    legend={"orientation": "h", "y": -0.3},
    xaxis_range=[days["Ngày"].min() - timedelta(days=1), deadline + timedelta(days=2)],
    xaxis_tickformat="%d/%m",
)
st.plotly_chart(fig, config=CHART_CONFIG, key="dash_days")
