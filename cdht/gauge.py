"""The share condition of Thông tư 24/2023/TT-BGDĐT: the share of a unit's people holding the title.

It is one condition of criterion 3 for recognising a "đơn vị học tập", not the unit's level: the
other criteria are judged outside this system. Agencies and enterprises count their officials and
staff (90 % for level 1, 95 % for level 2); education establishments count their learners (95 % and
97 %). The denominator is the unit's staff list; without one there is no share (integer arithmetic).
"""

from dataclasses import dataclass

from cdht.numbers import number_vi

AGENCY = "agency"
SCHOOL = "school"
UNIT_KINDS = (AGENCY, SCHOOL)
UNIT_KIND_LABELS = {AGENCY: "Cơ quan, đơn vị, doanh nghiệp", SCHOOL: "Cơ sở giáo dục"}
# (level 1, level 2) percentages by kind of unit.
THRESHOLDS = {AGENCY: (90, 95), SCHOOL: (95, 97)}


@dataclass(frozen=True)
class Gauge:
    members: int
    recognised: int
    thresholds: tuple[int, int] = THRESHOLDS[AGENCY]

    @property
    def share(self) -> float:
        return self.recognised / self.members if self.members else 0.0

    @property
    def percent(self) -> float:
        """The share as shown: in percent, cut to one decimal (`cut_percent`)."""
        return cut_percent(self.recognised, self.members)

    def needed_for(self, percent: int) -> int:
        """How many more recognised members reach `percent` (integer arithmetic, no rounding)."""
        required = (self.members * percent + 99) // 100
        return max(0, required - self.recognised)

    @property
    def level(self) -> int:
        """0, 1 or 2: the highest level whose share condition is met."""
        if self.members == 0:
            return 0
        first, second = self.thresholds
        if self.needed_for(second) == 0:
            return 2
        return 1 if self.needed_for(first) == 0 else 0


CUT_NOTE = (
    "Tỉ lệ ghi đến một chữ số thập phân và không làm tròn lên (45/68 người là 66,1 %, không phải "
    "66,2 %), để không bao giờ ghi là đạt ngưỡng khi chưa đạt."
)


def cut_percent(part: int, whole: int) -> float:
    """`part` of `whole` in percent, cut (never rounded up) to one decimal, in integer arithmetic:
    899 of 999 is 89.9, not 90.0, so a share is never shown at a threshold it has not reached."""
    return part * 1000 // whole / 10 if whole else 0.0


def percent_vi(percent: float) -> str:
    """A percentage written the Vietnamese way: 87,5 %."""
    return f"{number_vi(percent, 1)} %"
