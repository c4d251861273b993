"""A date field typed dd/mm/yyyy, in place of `st.date_input` (whose calendar speaks English)."""

from datetime import date

import streamlit as st

from cdht.ui.forms import error_note
from cdht.vn_dates import HINT, REQUIRED, DateError, format_vn_date, parse_vn_date

# Next to a form's button when a date field of the form holds no valid day.
FIX_DATES = "Ngày chưa đúng: sửa ô có dòng báo đỏ ở trên; chưa có gì được lưu."


def date_field(
    label: str,
    *,
    key: str,
    value: date | None = None,
    required: bool = True,
    earliest: date | None = None,
    latest: date | None = None,
) -> date | None:
    """A text box for a day typed ngày/tháng/năm, with the format as its placeholder and help.
    Returns the day, or None when the box is empty or holds no valid day; in the second case
    (and when a `required` box is empty) the reason is drawn in red right under the box, so the
    page stores nothing and the person sees why. `key` should change with what `value` is the
    default of (a unit, a year): a box keeps what was typed for as long as its key lives."""
    typed = st.text_input(
        label,
        value=format_vn_date(value) if value else "",
        key=key,
        placeholder="ngày/tháng/năm",
        help=f"Gõ ngày, tháng, năm bằng số theo dạng {HINT}.",
    )
    try:
        day = parse_vn_date(typed, earliest=earliest, latest=latest)
    except DateError as exc:
        error_note(str(exc), anchor=f"loi-{key}")
        return None
    if day is None and required:
        error_note(REQUIRED, anchor=f"loi-{key}")
    return day
