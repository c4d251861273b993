"""Words for a unit's share of people holding the title, shared by the dashboard and the roll-up."""

from cdht.gauge import SCHOOL, percent_vi
from cdht.unit_figures import UnitFigures


def people_word(figures: UnitFigures) -> str:
    return "người học" if figures.kind == SCHOOL else "cán bộ, người lao động"


def thresholds_text(figures: UnitFigures) -> str:
    first, second = figures.gauge.thresholds if figures.gauge else (0, 0)
    whose = "cơ sở giáo dục, tính trên người học" if figures.kind == SCHOOL else "cơ quan, đơn vị"
    return f"mức 1 từ {first} %, mức 2 từ {second} % ({whose})"


def share_line(figures: UnitFigures) -> str:
    gauge = figures.gauge
    return (
        f"Tỉ lệ đạt danh hiệu: {percent_vi(gauge.percent)} ({figures.recognised}/{figures.expected} "
        f"{people_word(figures)} trong danh sách nhân sự)"
    )


def verdict(figures: UnitFigures) -> tuple[str, str]:
    """(kind of message, text) about the share condition; the figures have a staff list. A
    decided year's is told as settled: nobody can send a form any more."""
    gauge = figures.gauge
    first, second = gauge.thresholds
    if gauge.level == 2:
        return "success", f"Đạt điều kiện tỉ lệ của mức 2 (từ {second} %)."
    if gauge.level == 1:
        more = "còn thiếu" if figures.frozen else "cần thêm"
        return "info", (
            f"Đạt điều kiện tỉ lệ của mức 1 (từ {first} %); {more} "
            f"{gauge.needed_for(second)} người đạt danh hiệu để đạt điều kiện của mức 2 ({second} %)."
        )
    if figures.frozen:
        return "warning", (
            f"Không đạt điều kiện tỉ lệ của mức 1 ({first} %): còn thiếu {gauge.needed_for(first)} "
            "người đạt danh hiệu khi ghi nhận quyết định công nhận."
        )
    return "warning", (
        f"Chưa đạt điều kiện tỉ lệ của mức 1 ({first} %): cần thêm {gauge.needed_for(first)} người "
        "đạt danh hiệu."
    )
