"""The few style rules Streamlit's theme does not cover: touch targets sized for a thumb, the
indicator's question in bold without Markdown in its label (screen readers read labels as typed)."""

import streamlit as st

# Each option of a radio group at least 44 px high (WCAG 2.5.5), so that a finger on a 360 px
# screen picks the level it means.
_CSS = """
<style>
[data-testid="stMain"] label[data-testid="stRadioOption"] {
  min-height: 44px;
  display: flex;
  align-items: center;
  padding: 0.25rem 0;
}
/* The indicator's question above its options. */
[data-testid="stMain"] [data-testid="stRadio"] > [data-testid="stWidgetLabel"] p {
  font-weight: 600;
}
</style>
"""


def apply() -> None:
    st.html(_CSS)
