"""Tổng quan đơn vị: participation, recognition against the 90 % / 95 % thresholds, charts."""

from datetime import timedelta

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cdht.db.membership import open_reports
from cdht.db.rollup import unit_figures
from cdht.db.staff import missing
from cdht.db.stats import department_figures, unit_overview
from cdht.db.units import decided, unit_window
from cdht.gauge import CUT_NOTE, cut_percent, percent_vi
from cdht.numbers import number_vi
from cdht.roles import can_manage_unit
from cdht.ui import share, state
from cdht.ui.text import md
from cdht.ui.unit_picker import pick_unit_and_year
from cdht.unit_figures import ABOUT, unused_year
from cdht.window import local_year, now_utc

CHART_CONFIG = {"displayModeBar": False}
# A threshold line's label above the plot, where no bar reaches it.
ABOVE_THE_PLOT = {"annotation_yanchor": "bottom", "annotation_font_color": "#b3261e"}
who = state.require_actor()
settings = state.settings()
st.title("Tổng quan đơn vị")
unit, year = pick_unit_and_year(who, "dash")
manages = can_manage_unit(who, unit.id)
with state.db() as session:
    figures = unit_figures(session, who, unit_id=unit.id, year=year)
    before = unit_figures(session, who, unit_id=unit.id, year=year - 1)
    departments = department_figures(session, who, unit_id=unit.id, year=year)
    departments_before = {
        d.department: d for d in department_figures(session, who, unit_id=unit.id, year=year - 1)
    }
    ov = unit_overview(session, who, unit_id=unit.id, year=year)
    gone = missing(session, who, unit_id=unit.id, year=year)
    window = unit_window(session, unit.id, year, settings.window_defaults)
    reports = open_reports(session, who, unit_id=unit.id) if manages else []
    undecided = manages and decided(session, unit.id, year) is None

if manages:
    notices, links = [], []
    if figures.pending:
        notices.append(
            f"{figures.pending} người đăng ký đang chờ duyệt, không có tên trong danh sách nhân sự "
            "(duyệt cũng chưa được tính; nếu họ thuộc đơn vị, thêm họ vào danh sách nhân sự)"
            if figures.expected  # a staff list: only the people on it count
            else f"{figures.pending} người đăng ký đang chờ duyệt (chưa được tính vào số liệu)"
        )
    if reports:
        notices.append(f"{len(reports)} báo cáo số CCCD bị người khác đăng ký")
    if notices:
        links.append(("pages/approvals.py", "Mở trang Duyệt thành viên"))
    if undecided and figures.recognised and now_utc() >= window.closes_at:
        notices.append(
            f"thời hạn tự đánh giá năm {year} đã hết, chưa ghi nhận quyết định công nhận "
            f"({figures.recognised} người đạt)"
        )
        links.append(("pages/decision.py", "Mở trang Quyết định công nhận"))
    if notices:
        st.warning("Cần xử lý: " + "; ".join(notices) + ".", icon=":material/notifications:")
        for page, label in links:
            st.page_link(page, label=label, icon=":material/arrow_forward:")

this_year = local_year(now_utc())
if unused_year(figures, year, this_year):
    # Nothing to read for the year: today's accounts, staff and reminders are not that year's.
    st.info(
        f"Năm {year} không có ai tự đánh giá trên hệ thống (có thể đơn vị chưa dùng hệ thống năm "
        "đó) nên không có số liệu và không tính tỉ lệ so với ngưỡng."
    )
    st.markdown(f"Thời hạn tự đánh giá năm {year}: {window.describe()}.")
    st.stop()

cols = st.columns(4 if figures.expected else 3)
if figures.expected:
    cols[0].metric("Nhân sự", figures.expected, help="Theo danh sách nhân sự đã tải lên")
cols[-3].metric(
    "Đã đăng ký",
    figures.registered,
    help="Người được đơn vị xác nhận: có trong danh sách nhân sự, hoặc được duyệt khi đơn vị "
    "chưa có danh sách; kể cả hồ sơ người quản lý tạo khi nhập phiếu giấy",
)
cols[-2].metric("Đã tự đánh giá", figures.assessed)
cols[-1].metric("Đạt danh hiệu", figures.recognised)
if figures.gauge is None:
    st.info(
        "Đơn vị chưa có danh sách nhân sự nên chưa tính được tỉ lệ đạt danh hiệu so với ngưỡng "
        "của Thông tư 24/2023/TT-BGDĐT. Tải danh sách lên ở trang Nhân sự đơn vị để có tỉ lệ."
    )
else:
    st.markdown(f"**{share.share_line(figures)}**")
    if figures.frozen:
        st.caption(
            f"Số liệu năm {year} giữ nguyên như khi ghi nhận quyết định công nhận: danh sách nhân "
            "sự thay đổi sau đó không làm đổi tỉ lệ của năm này."
        )
    st.progress(min(figures.gauge.share, 1.0))
    kind, text = share.verdict(figures)
    getattr(st, kind)(text)
    st.markdown(f"Ngưỡng: {share.thresholds_text(figures)}. {ABOUT} {CUT_NOTE}")
if figures.frozen:
    st.markdown(
        f"Thời hạn tự đánh giá năm {year}: {window.describe()}. Kết quả năm {year} đã khoá khi ghi "
        "nhận quyết định công nhận: không ai gửi hay sửa phiếu được nữa."
    )
else:
    st.markdown(f"Thời hạn tự đánh giá năm {year}: {window.describe()}.")
if before.assessed:
    gauge = before.gauge
    if gauge:
        kept = "khi ghi nhận quyết định công nhận" if before.frozen else "hiện nay"
        rate = (
            f", tỉ lệ đạt {percent_vi(gauge.percent)} ({gauge.recognised}/{gauge.members} người "
            f"trong danh sách nhân sự {kept})."
        )
    else:
        rate = " (số liệu khi ghi nhận quyết định công nhận)." if before.frozen else "."
    st.markdown(
        f"Năm {year - 1}: {before.assessed} người tự đánh giá, {before.recognised} người đạt "
        f"danh hiệu{rate}"
    )
if figures.unlisted and year == this_year:  # today's accounts against today's staff list
    st.markdown(
        f"{figures.unlisted} tài khoản của đơn vị không có trong danh sách nhân sự: không tính vào "
        "số liệu và danh sách."
        + (" Thêm họ vào danh sách ở trang Nhân sự đơn vị nếu họ thuộc đơn vị." if manages else "")
    )


def people_text(people) -> str:
    return "\n".join(
        f"{n}. {p.full_name}" + (f" – {p.department}" if p.department else "")
        for n, p in enumerate(people, start=1)
    )


# Who to remind: only in the year still running, and not once its decision has locked it.
reminders = year == this_year and not figures.frozen
if reminders and gone.not_registered:
    with st.expander(f"Chưa đăng ký: {len(gone.not_registered)} người"):
        st.caption("Sao chép danh sách để nhắc trong nhóm của đơn vị.")
        st.code(people_text(gone.not_registered), language=None)
if reminders and gone.not_assessed:
    with st.expander(
        f"Đã đăng ký nhưng chưa tự đánh giá năm {year}: {len(gone.not_assessed)} người"
    ):
        st.code(people_text(gone.not_assessed), language=None)


def _share(d) -> str:
    return percent_vi(cut_percent(d.recognised, d.expected)) if d and d.expected else "–"


if unused_year(before, year - 1, this_year):  # no share claimed for it: no 0 % beside each row
    departments_before = {}


if len(departments) > 1:
    st.subheader("Theo phòng/ban")
    st.markdown(
        "Phòng/ban theo danh sách nhân sự (người không có trong danh sách: theo thông tin khi đăng "
        "ký). Tỉ lệ đạt tính trên số người của phòng/ban trong danh sách nhân sự; phòng/ban có tỉ "
        "lệ thấp nhất ở đầu bảng."
    )
    order = sorted(
        departments,
        key=lambda d: (d.recognised / d.expected if d.expected else 2.0, -d.expected),
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Phòng/ban": d.department or "(chưa ghi)",
                    "Nhân sự": d.expected,
                    "Đã tự đánh giá": d.assessed,
                    "Đạt danh hiệu": d.recognised,
                    f"Tỉ lệ đạt {year}": _share(d),
                }
                | (
                    {f"Tỉ lệ đạt {year - 1}": _share(departments_before.get(d.department))}
                    if departments_before
                    else {}
                )
                for d in order
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    listed = [d for d in order if d.expected]
    if listed:
        names = [d.department or "(chưa ghi)" for d in listed]
        fig = go.Figure()
        bars = [(f"Năm {year}", listed, "#1f6feb")]
        if departments_before:
            earlier = [departments_before.get(d.department) for d in listed]
            bars.insert(0, (f"Năm {year - 1}", earlier, "#9ec5fe"))
        for label, rows, colour in bars:
            fig.add_bar(
                y=names,
                x=[cut_percent(r.recognised, r.expected) if r else 0 for r in rows],
                name=label,
                orientation="h",
                marker_color=colour,
            )
        first = figures.gauge.thresholds[0] if figures.gauge else 90
        fig.add_vline(
            x=first,
            line_dash="dash",
            line_color="#d1242f",
            annotation_text=f"Mức 1: {first} %",
            **ABOVE_THE_PLOT,
            annotation_position="top left",  # the line is near the right edge
        )
        fig.update_layout(
            barmode="group",
            xaxis_title="Tỉ lệ đạt danh hiệu (%)",
            xaxis={"range": [0, 102], "tickvals": list(range(0, 101, 20))},
            height=170 + 50 * len(listed),
            margin={"t": 40, "b": 60, "r": 24},  # room for the last tick, "100"
            # Under the axis's title whatever the chart's height: in the chart's own pixels.
            legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom"},
            yaxis={"autorange": "reversed"},
        )
        st.plotly_chart(fig, config=CHART_CONFIG, key="dash_departments")

if ov.assessed == 0:
    st.info(
        f"Chưa có ai gửi phiếu tự đánh giá năm {year}."
        + (" Phiếu của người đang chờ duyệt chưa được tính." if figures.pending else "")
    )
    st.stop()

criteria = state.criteria_sets()[unit.default_group]
pass_mark = criteria.rule.min_total
st.subheader("Phân bố tổng điểm")
totals = pd.DataFrame(sorted(ov.total_counts.items()), columns=["Tổng điểm", "Số người"])
fig = go.Figure(go.Bar(x=totals["Tổng điểm"], y=totals["Số người"], marker_color="#1f6feb"))
fig.add_vline(
    x=pass_mark - 0.5,
    line_dash="dash",
    line_color="#d1242f",
    annotation_text=f"Mức đạt {pass_mark}",
    **ABOVE_THE_PLOT,
)
fig.update_layout(
    xaxis_title="Tổng điểm", yaxis_title="Số người", height=310, margin={"t": 40, "b": 10}
)
st.plotly_chart(fig, config=CHART_CONFIG, key="dash_totals")

st.subheader("Điểm trung bình theo năng lực")
maxima = [c.max_points for c in criteria.competencies]
# Short names on the axis (a phone would turn long ones on end), the whole names under the chart.
labels = [f"NL{n}" for n in range(1, len(criteria.competencies) + 1)]
titles = [c.title for c in criteria.competencies]
fig = go.Figure()
fig.add_bar(x=labels, y=maxima, name="Điểm tối đa", marker_color="#e3e8ef", hovertext=titles)
fig.add_bar(
    x=labels,
    y=[round(v, 1) for v in ov.comp_averages],
    name="Trung bình đơn vị",
    marker_color="#1f6feb",
    text=[number_vi(v, 1) for v in ov.comp_averages],
    hovertext=titles,
)
fig.update_layout(
    barmode="overlay",
    yaxis_title="Điểm",
    height=380,
    margin={"t": 30, "b": 10},
    legend={"orientation": "h", "y": 1.12},
)
st.plotly_chart(fig, config=CHART_CONFIG, key="dash_comp")
st.caption(
    " · ".join(f"**{label}**: {md(title)}" for label, title in zip(labels, titles, strict=True))
)

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
