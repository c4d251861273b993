"""The assessment window: local Vietnam dates turned into exact instants, whatever the server's zone."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Window:
    opens_on: date
    closes_on: date

    @property
    def opens_at(self) -> datetime:
        return datetime.combine(self.opens_on, time.min, VN_TZ)

    @property
    def closes_at(self) -> datetime:
        """The first instant after the window: midnight after the closing day, Vietnam time."""
        return datetime.combine(self.closes_on + timedelta(days=1), time.min, VN_TZ)

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at

    def describe(self) -> str:
        return (
            f"từ ngày {self.opens_on:%d/%m/%Y} đến hết 23:59 ngày {self.closes_on:%d/%m/%Y} "
            "(giờ Việt Nam)"
        )


def default_window(year: int, open_md: tuple[int, int], close_md: tuple[int, int]) -> Window:
    return Window(date(year, *open_md), date(year, *close_md))


def now_utc() -> datetime:
    return datetime.now(UTC)


def local_year(moment: datetime) -> int:
    """The assessment year of an instant: the calendar year in Vietnam."""
    return moment.astimezone(VN_TZ).year


def local_date(moment: datetime) -> date:
    return moment.astimezone(VN_TZ).date()
