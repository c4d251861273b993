"""Dates typed the Vietnamese way, day first: "05/02/2026" or "5-2-2026". Pure: the date fields
of the pages (cdht/ui/dates.py) parse with `parse_vn_date` and show its message under the field."""

import re
from calendar import monthrange
from datetime import date

HINT = "ngày/tháng/năm, ví dụ 31/10/2026"
# Day, month and a four-digit year, apart by "/", "-" or "." (spaces around them allowed).
_SHAPE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", re.ASCII)
MALFORMED = f"Ngày phải gõ theo dạng {HINT}."
REQUIRED = f"Vui lòng nhập ngày ({HINT})."


class DateError(ValueError):
    """A typed date that is not a day of the calendar; the message is Vietnamese."""


def format_vn_date(day: date) -> str:
    return f"{day:%d/%m/%Y}"


def _wrong_parts(day: int, month: int, year: int) -> list[str]:
    """Each part of a date that no month could have, so that "32/13/2026" is told both."""
    return [
        *(["ngày phải từ 1 đến 31"] if not 1 <= day <= 31 else []),
        *(["tháng phải từ 1 đến 12"] if not 1 <= month <= 12 else []),
        *(["năm phải từ 1900 trở đi"] if year < 1900 else []),
    ]


def parse_vn_date(
    raw: str, *, earliest: date | None = None, latest: date | None = None
) -> date | None:
    """The day typed, None when nothing was typed; raises DateError for a malformed text, a day
    the month does not have (31/02/2026), or a day outside `earliest`..`latest`."""
    text = raw.strip()
    if not text:
        return None
    shape = _SHAPE.fullmatch(text)
    if shape is None:
        raise DateError(MALFORMED)
    day, month, year = (int(part) for part in shape.groups())
    wrong = _wrong_parts(day, month, year)
    if wrong:
        message = ", ".join(wrong)
        raise DateError(f"{message[0].upper()}{message[1:]} ({text}).")
    last = monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateError(f"Tháng {month} năm {year} chỉ có {last} ngày, không có ngày {day}.")
    typed = date(year, month, day)
    if (earliest and typed < earliest) or (latest and typed > latest):
        low = format_vn_date(earliest) if earliest else ""
        high = format_vn_date(latest) if latest else ""
        if earliest and latest:
            raise DateError(f"Ngày phải từ {low} đến {high}.")
        raise DateError(f"Ngày phải từ {low} trở đi." if earliest else f"Ngày phải đến {high}.")
    return typed
