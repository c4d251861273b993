"""Showing text people typed inside Streamlit's Markdown literally."""

import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def md(text: str) -> str:
    """Escape every ASCII punctuation mark so Markdown, HTML and directives show as typed."""
    return _PUNCTUATION.sub(r"\\\1", text)
