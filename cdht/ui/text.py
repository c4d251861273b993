"""Showing text people typed inside Streamlit's Markdown literally."""

import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Streamlit's Markdown turns bare addresses into links after parsing, so escapes cannot stop it:
# an invisible word joiner breaks "https://", "www." and "name@host" apart instead.
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def md(text: str) -> str:
    """Escape every ASCII punctuation mark so Markdown, HTML and directives show as typed, and
    keep addresses from becoming links."""
    return _PUNCTUATION.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, text))


def md_own_address(address: str) -> str:
    """A person's own e-mail address, shown to them: escaped like `md` but left whole, so that
    copying it gives the address (a word joiner would go with it). It may show as a mail link,
    which on their own page points nowhere but to them."""
    return _PUNCTUATION.sub(r"\\\1", address)
