"""Normalisation of free text typed by people: NFC, trimmed, bounded, no control characters."""

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import TypeVar

T = TypeVar("T")

# What XML cannot hold (a .docx or .xlsx with it does not open): lone surrogates, and the
# non-characters U+FDD0-U+FDEF and U+xFFFE, U+xFFFF of every plane.
_NOT_XML = "\ud800-\udfff\ufdd0-\ufdef" + "".join(
    chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)
)
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff" + _NOT_XML + "]"
)
_SPACES = re.compile(r"\s+")


def unmarked(text: str) -> str:
    """Lower case without Vietnamese marks, "đ" as "d": how people type Vietnamese when their
    keyboard (or an old system) has no accents."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class TextError(ValueError):
    """A text value cannot be accepted; the message is Vietnamese and shown to the person."""


def clean_line(value: object, *, max_len: int, label: str, required: bool = False) -> str:
    """Return one line of text in NFC, trimmed, inner white space folded.

    Raises TextError with a Vietnamese message when the value is required and empty, too long,
    or holds control characters.
    """
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFC", text)
    if _CONTROL.search(text.replace("\t", " ").replace("\n", " ").replace("\r", " ")):
        raise TextError(f"{label} chứa ký tự không hợp lệ.")
    text = _SPACES.sub(" ", text).strip()
    if required and not text:
        raise TextError(f"Vui lòng nhập {label.lower()}.")
    if len(text) > max_len:
        raise TextError(_too_long(label, max_len, len(text)))
    return text


def _too_long(label: str, max_len: int, length: int) -> str:
    return f"{label} dài quá {max_len} ký tự (đang có {length} ký tự): hãy rút gọn."


def clean_note(value: object, *, max_len: int, label: str) -> str:
    """Return a free-text note in NFC, trimmed, line breaks kept, bounded."""
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(text.replace("\t", " ").replace("\n", " ")):
        raise TextError(f"{label} chứa ký tự không hợp lệ.")
    text = text.strip()
    if len(text) > max_len:
        raise TextError(_too_long(label, max_len, len(text)))
    return text


def by_field(
    checks: Mapping[str, Callable[[], T]], refused: tuple[type[Exception], ...] = ()
) -> tuple[dict[str, T], dict[str, str]]:
    """Run every field's check: the values of those that pass, and by field the message of each
    refused (a TextError, or one of `refused`), so a form names all its mistakes at once."""
    values: dict[str, T] = {}
    errors: dict[str, str] = {}
    for field, check in checks.items():
        try:
            values[field] = check()
        except (TextError, *refused) as exc:
            errors[field] = str(exc)
    return values, errors
