"""Words for a unit's share of people holding the title, shared by the dashboard and the roll-up."""

from cdht.db.rollup import UnitFigures
from cdht.gauge import SCHOOL, Gauge, percent_vi

NO_LIST = "Chưa có danh sách"
NO_FORMS = "Không có phiếu"
ABOUT = (
    "Tỉ lệ này là một điều kiện của tiêu chí 3 khi công nhận đơn vị học tập theo Thông tư "
    "24/2023/TT-BGDĐT, không phải mức công nhận của đơn vị: các tiêu chí khác do cấp có thẩm quyền "
    "đánh giá."
)


def people_word(figures: UnitFigures) -> str:
    return "người học" if figures.kind == SCHOOL else "cán bộ, người lao động"


def thresholds_text(figures: UnitFigures) -> str:
    first, second = figures.gauge.thresholds if figures.gauge else (0, 0)
    whose = "cơ sở giáo dục, tính trên người học" if figures.kind == SCHOOL else "cơ quan, đơn vị"
    return f"mức 1 từ {first} %, mức 2 từ {second} % ({whose})"


def unused_year(figures: UnitFigures, year: int, this_year: int) -> bool:
    """A past year in which nobody the unit counts self-assessed: no share is claimed for it (the
    unit may not have used CDHT then, and today's staff list says nothing of that year)."""
    return year < this_year and not figures.assessed


def year_gauge(figures: UnitFigures, year: int, this_year: int) -> Gauge | None:
    """The share claimed for the year: none without a staff list, nor for an `unused_year`."""
    return None if unused_year(figures, year, this_year) else figures.gauge


def condition_label(figures: UnitFigures, year: int, this_year: int) -> str:
    """One short cell: which level's share condition is met, or why there is no share."""
    gauge = figures.gauge
    if gauge is None:
        return NO_LIST
    if unused_year(figures, year, this_year):
        return NO_FORMS
    first, second = gauge.thresholds
    return {0: f"Dưới {first} %", 1: f"Đạt {first} %", 2: f"Đạt {second} %"}[gauge.level]


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
