"""The unit gauge of Thông tư 24/2023/TT-BGDĐT: share of members holding the title."""

from dataclasses import dataclass

LEVEL_1_PERCENT = 90
LEVEL_2_PERCENT = 95


@dataclass(frozen=True)
class Gauge:
    members: int
    recognised: int

    @property
    def share(self) -> float:
        return self.recognised / self.members if self.members else 0.0

    def needed_for(self, percent: int) -> int:
        """How many more recognised members reach `percent` (integer arithmetic, no rounding)."""
        required = (self.members * percent + 99) // 100
        return max(0, required - self.recognised)

    @property
    def level(self) -> int:
        """0, 1 or 2: the highest threshold reached."""
        if self.members == 0:
            return 0
        if self.needed_for(LEVEL_2_PERCENT) == 0:
            return 2
        return 1 if self.needed_for(LEVEL_1_PERCENT) == 0 else 0


def percent_vi(share: float) -> str:
    """A share written the Vietnamese way: 87,5 %."""
    return f"{share * 100:.1f}".replace(".", ",") + " %"
