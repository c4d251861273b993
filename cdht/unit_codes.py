"""Unit management codes: 8 letters and digits, matched ignoring case."""

import secrets
import string

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
