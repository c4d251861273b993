"""Tự đánh giá: the self-assessment form of the person's group, and the result at once."""

import streamlit as st

from cdht.ui import state
from cdht.ui.assessment_form import assessment_form

who = state.require_actor()
st.title("Tự đánh giá")
state.show_flash()
st.write("**Phiếu tự đánh giá Công dân học tập**")
assessment_form(who)
