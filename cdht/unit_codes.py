"""How units are told apart: management codes of 8 letters and digits, matched ignoring case,
and names, unique under one parent ignoring case and spacing."""

import secrets
import string
import unicodedata

CODE_LENGTH = 8
# Letters and digits without the look-alikes 0/O, 1/l/I.
_ALPHABET = "".join(ch for ch in string.ascii_letters + string.digits if ch not in "0O1lI")


def new_code() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(CODE_LENGTH))


def code_key(code: str) -> str:
    """The form a code is stored and compared in: trimmed and case-folded."""
    return code.strip().casefold()


def is_well_formed(code: str) -> bool:
    code = code.strip()
    return len(code) == CODE_LENGTH and code.isascii() and code.isalnum()


# 200 characters of name, case-folded (a letter may fold to two), after the parent's id.
NAME_KEY_MAX = 500


def name_key(parent_id: int | None, name: str) -> str:
    """What must differ between two units under one parent (or two top-level units): the
    parent's id and the name in NFC, case-folded, its spaces collapsed."""
    folded = " ".join(unicodedata.normalize("NFC", name).casefold().split())
    return f"{parent_id or 0}:{folded}"
