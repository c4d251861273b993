"""Choosing the unit and year a unit page shows."""

import streamlit as st

from cdht.db.units import UnitInfo, list_units
from cdht.roles import Actor
from cdht.ui import state
from cdht.ui.text import md
from cdht.window import local_year, now_utc

YEARS_BACK = 5


def pick_unit_and_year(who: Actor, key: str) -> tuple[UnitInfo, int]:
    with state.db() as session:
        units = list_units(session, who)
    col1, col2 = st.columns([3, 1])
    with col1:
        if len(units) > 1:
            unit = st.selectbox(
                "Đơn vị", units, format_func=lambda u: f"{u.name} ({u.code})", key=f"{key}_unit"
            )
        else:
            unit = units[0]
            st.markdown(f"**{md(unit.name)}** · mã đơn vị `{unit.code}`")
    this_year = local_year(now_utc())
    with col2:
        year = st.selectbox(
            "Năm", list(range(this_year, this_year - YEARS_BACK, -1)), key=f"{key}_year"
        )
    return unit, year
