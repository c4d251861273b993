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

    def closed_reason(self, year: int, now: datetime) -> str:
        """Why no form can be sent at `now`, outside the window: not yet, or no longer."""
        if now < self.opens_at:
            return f"Chưa đến thời hạn tự đánh giá năm {year}: đơn vị nhận phiếu {self.describe()}."
        return (
            f"Đã hết thời hạn tự đánh giá năm {year}, {self.describe()}. Không gửi được phiếu nữa."
        )


def window_refusal(year: int, opens_on: date, closes_on: date) -> str | None:
    """Why a unit's window for `year` cannot be these days, in words for the person; None if
    it can."""
    if opens_on.year != year or closes_on.year != year:
        return f"Thời hạn phải nằm trong năm {year} (từ 01/01/{year} đến 31/12/{year})."
    if opens_on > closes_on:
        return "Ngày mở phải trước hoặc bằng ngày kết thúc."
    return None


def closes_at_once(current: Window, new: Window, now: datetime) -> bool:
    """Whether putting `new` in place of `current` ends, at once, a window open now: a slip of
    the closing day (01/12 for 31/12) would stop every form of the year."""
    return current.is_open(now) and not new.is_open(now)


def default_window(year: int, open_md: tuple[int, int], close_md: tuple[int, int]) -> Window:
    return Window(date(year, *open_md), date(year, *close_md))


def now_utc() -> datetime:
    return datetime.now(UTC)


def local_year(moment: datetime) -> int:
    """The assessment year of an instant: the calendar year in Vietnam."""
    return moment.astimezone(VN_TZ).year


def local_date(moment: datetime) -> date:
    return moment.astimezone(VN_TZ).date()
