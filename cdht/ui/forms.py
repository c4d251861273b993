"""Small form helpers: an error message drawn next to its field."""

from html import escape

import streamlit as st

# Red of Streamlit's light theme errors, readable on white (contrast above 4.5:1).
_STYLE = "color:#c62828;margin:-0.5rem 0 0.75rem;font-size:0.95rem"


def error_note(message: str) -> None:
    """A message next to the field it concerns, in red, read out at once by screen readers."""
    st.html(f'<p role="alert" style="{_STYLE}">⚠ {escape(message)}</p>')


def field_error(errors: dict[str, str], name: str) -> None:
    message = errors.get(name)
    if message:
        error_note(message)
