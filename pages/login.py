"""Đăng nhập: CCCD number and password."""

import streamlit as st

from cdht.db.accounts import authenticate
from cdht.ui import state
from cdht.window import now_utc

LOGIN_FAILED = "Số CCCD hoặc mật khẩu không đúng."

st.title("Đăng nhập")
state.show_flash()
with st.form("login"):
    number = st.text_input("Số CCCD", max_chars=14)
    password = st.text_input("Mật khẩu", type="password", max_chars=128)
    submitted = st.form_submit_button("Đăng nhập", type="primary", width="stretch")

if submitted:
    with state.db() as session:
        who = authenticate(session, number, password, now=now_utc())
    if who is None:
        st.error(LOGIN_FAILED)
    else:
        state.log_in(who)
        st.rerun()

st.page_link("pages/register.py", label="Chưa có tài khoản? Đăng ký", icon=":material/person_add:")
