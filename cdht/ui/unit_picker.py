"""Choosing the unit and year a unit page shows."""

import streamlit as st

from cdht.db.units import UnitInfo, list_units
from cdht.roles import Actor
from cdht.ui import state
from cdht.ui.text import md
from cdht.window import local_year, now_utc

YEARS_BACK = 5


def pick_unit(who: Actor, key: str) -> UnitInfo:
    """The unit a page shows: a choice for an administrator, else the person's own."""
    with state.db() as session:
        units = list_units(session, who)
    if len(units) > 1:
        return st.selectbox(
            "Đơn vị", units, format_func=lambda u: f"{u.name} ({u.code})", key=f"{key}_unit"
        )
    st.markdown(f"**{md(units[0].name)}** · mã đơn vị `{units[0].code}`")
    return units[0]


def pick_unit_and_year(who: Actor, key: str, *, next_year: bool = False) -> tuple[UnitInfo, int]:
    """The unit and the year a page shows: this year first chosen; the last five years, and next
    year too where a manager plans it (`next_year`)."""
    col1, col2 = st.columns([3, 1])
    with col1:
        unit = pick_unit(who, key)
    this_year = local_year(now_utc())
    first = this_year + 1 if next_year else this_year
    years = list(range(first, this_year - YEARS_BACK, -1))
    with col2:
        year = st.selectbox("Năm", years, index=years.index(this_year), key=f"{key}_year")
    return unit, year
