"""Numbers written the Vietnamese way (Babel's vi_VN locale): a decimal comma and a dot between
thousands, "1.234,5". Pure; every number shown or printed with a fraction goes through here."""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

LOCALE = "vi_VN"


def number_vi(value: float, decimals: int = 0, *, trim: bool = False) -> str:
    """`value` with `decimals` digits after the comma ("87,5", "1.024,0"), a half rounded up as
    taught at school (2,45 → 2,5); with `trim`, zeros at the end are left out, and the comma with
    them ("12,5", "144")."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    fraction = ("#" if trim else "0") * decimals
    pattern = f"#,##0.{fraction}" if decimals else "#,##0"
    return format_decimal(rounded, format=pattern, locale=LOCALE)
