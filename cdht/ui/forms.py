"""Small form helpers: an error message drawn next to its field."""

import streamlit as st


def field_error(errors: dict[str, str], name: str) -> None:
    message = errors.get(name)
    if message:
        st.markdown(f":red[⚠ {message}]")
