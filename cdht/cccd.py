"""The 12-digit citizen identity (CCCD) number: validation and masking.

Digits 1-3: province where the birth was registered (or a code for births registered abroad);
digit 4: century and gender; digits 5-6: the last two digits of the year of birth. A number whose
digits put the birth in a year still to come is refused wherever a number is typed, pasted or
imported.
"""

from dataclasses import dataclass
from datetime import datetime

from cdht.window import VN_TZ

# The 63 province codes in force before the 2025 mergers; the mergers do not change numbers.
PROVINCE_CODES: frozenset[str] = frozenset(
    """001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035
    036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074
    075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096""".split()
)

MALE = "Nam"
FEMALE = "Nữ"
GENDERS = (MALE, FEMALE)

# Digit 4 by century start year: (male digit, female digit).
_CENTURY_DIGITS = {1900: ("0", "1"), 2000: ("2", "3"), 2100: ("4", "5")}


LENGTH = 12


class CccdError(ValueError):
    """The number is not a valid CCCD number, or disagrees with the person's details."""


@dataclass(frozen=True)
class CccdFacts:
    province_code: str
    gender: str
    birth_year: int


# What people type or paste inside a number: spaces, dots and dashes between the groups of digits;
# a paste from a spreadsheet, a PDF or a chat brings line breaks, tabs, no-break spaces and
# invisible characters (zero-width space, non-joiner and joiner, word joiner, byte order mark).
_SEPARATORS = frozenset(
    " .-\t\n\r\v\f\u0085\u2028\u2029"  # spaces, dots, dashes, tabs, line and paragraph breaks
    "\u00a0\u2007\u202f"  # no-break spaces
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width characters
)


def normalise(raw: object) -> str:
    """Strip what people type or paste inside the number: spaces, dots, dashes, tabs, line
    breaks, no-break spaces and zero-width characters."""
    return "".join(ch for ch in str(raw or "") if ch not in _SEPARATORS)


def this_year() -> int:
    """The current year in Vietnam."""
    return datetime.now(VN_TZ).year


def parse(number: str, *, current_year: int | None = None) -> CccdFacts:
    """Read province, gender and year of birth from a 12-digit number or raise CccdError; a year
    of birth after `current_year` (default: this year in Vietnam) is refused."""
    if not number:
        raise CccdError("Vui lòng nhập số CCCD.")
    if len(number) != LENGTH or not number.isascii() or not number.isdigit():
        raise CccdError("Số CCCD phải gồm đúng 12 chữ số.")
    province = number[:3]
    if province not in PROVINCE_CODES:
        raise CccdError(f"Ba chữ số đầu ({province}) không phải mã tỉnh nơi đăng ký khai sinh.")
    digit = number[3]
    for century, (male, female) in _CENTURY_DIGITS.items():
        if digit in (male, female):
            gender = MALE if digit == male else FEMALE
            year = century + int(number[4:6])
            if year > (this_year() if current_year is None else current_year):
                raise CccdError(
                    f"Chữ số thứ 4 đến 6 của số CCCD cho biết năm sinh {year}, là năm chưa tới. "
                    "Kiểm tra lại số CCCD."
                )
            return CccdFacts(province, gender, year)
    raise CccdError("Chữ số thứ tư của số CCCD (thế kỷ và giới tính) không hợp lệ.")


def validate(
    raw: object, *, gender: str | None, birth_year: int | None, current_year: int | None = None
) -> str:
    """Return the normalised number if it is valid, not born after `current_year` (default: this
    year in Vietnam) and agrees with gender and year of birth."""
    number = normalise(raw)
    facts = parse(number, current_year=current_year)
    if gender is not None and facts.gender != gender:
        raise CccdError("Số CCCD không khớp với giới tính đã chọn (chữ số thứ tư).")
    if birth_year is not None and facts.birth_year != birth_year:
        raise CccdError("Số CCCD không khớp với năm sinh đã nhập (chữ số thứ 4 đến 6).")
    return number


def mask(number: str) -> str:
    """Show only the province code and the last two digits, e.g. 051*******23."""
    if len(number) != 12:
        return "*" * len(number)
    return f"{number[:3]}{'*' * 7}{number[-2:]}"
