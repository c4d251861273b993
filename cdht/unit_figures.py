"""A unit's figures for a year and the share condition they meet, in the words every view of
them uses: the dashboard, the roll-up page and its Excel file. Pure."""

from dataclasses import dataclass

from cdht.gauge import AGENCY, SCHOOL, THRESHOLDS, Gauge

NO_LIST = "Chưa có danh sách"
NO_FORMS = "Không có phiếu"
ABOUT = (
    "Tỉ lệ này là một điều kiện của tiêu chí 3 khi công nhận đơn vị học tập theo Thông tư "
    "24/2023/TT-BGDĐT, không phải mức công nhận của đơn vị: các tiêu chí khác do cấp có thẩm quyền "
    "đánh giá."
)
WHO_COUNTS = (
    "Chỉ tính những người được đơn vị xác nhận (có trong danh sách nhân sự, hoặc được duyệt khi "
    "đơn vị chưa có danh sách). Tỉ lệ đạt tính trên số nhân sự theo danh sách; đơn vị chưa có danh "
    "sách không có tỉ lệ. Ngưỡng: cơ quan, đơn vị {} % / {} %; cơ sở giáo dục {} % / {} % (người "
    "học)."
).format(*THRESHOLDS[AGENCY], *THRESHOLDS[SCHOOL])


@dataclass(frozen=True)
class UnitFigures:
    unit_id: int
    name: str
    code: str
    kind: str
    expected: int  # on the staff list
    registered: int  # counted accounts
    pending: int  # waiting for a manager's approval
    unlisted: int  # approved, but not on the unit's staff list
    assessed: int  # of the counted
    recognised: int  # of the counted
    frozen: bool = False  # the figures kept when the year's decision was recorded

    @property
    def gauge(self) -> Gauge | None:
        """The share condition against the staff list; None without a list (no share claimed)."""
        if not self.expected:
            return None
        return Gauge(self.expected, self.recognised, THRESHOLDS[self.kind])


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
