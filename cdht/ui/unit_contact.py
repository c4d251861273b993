"""A unit's contact person, for someone not logged in: found by the unit's code (the one in the
join link), so a person who forgot their password learns whom to ask."""

import streamlit as st

from cdht.db.units import UnitInfo, find_unit_by_code
from cdht.ui import state
from cdht.ui.forms import error_note
from cdht.ui.text import md


def contact_line(unit: UnitInfo) -> str:
    """Whom to ask in a unit, as one sentence (its contact person and telephone)."""
    phone = f", điện thoại {md(unit.contact_phone)}" if unit.contact_phone else ""
    return f"Người phụ trách CDHT của {md(unit.name)}: {md(unit.contact_name)}{phone}."


def contact_by_code(key: str) -> None:
    """A box for the unit's code and, once typed, whom to ask there."""
    code = st.text_input("Mã đơn vị của bạn (8 ký tự, có trong đường link đăng ký)", key=key)
    if not code.strip():
        return
    with state.db() as session:
        unit = find_unit_by_code(session, code)
    if unit is None:
        error_note("Không tìm thấy đơn vị có mã này. Kiểm tra lại mã: 8 chữ cái hoặc chữ số.")
    elif unit.contact_name:
        st.info(contact_line(unit), icon=":material/call:")
    else:
        st.info(
            f"{md(unit.name)} chưa ghi người phụ trách trên hệ thống: hãy hỏi người gửi đường link "
            "đăng ký cho bạn.",
            icon=":material/call:",
        )
