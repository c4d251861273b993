"""How units are told apart: management codes of 8 letters and digits, matched ignoring case,
and names, unique under one parent ignoring case and spacing."""

import secrets
import string
import unicodedata
from collections import Counter
from collections.abc import Iterable

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


def told_apart(units: Iterable[tuple[int, str, str]]) -> dict[int, str]:
    """Each unit's label in a list of units of several parents, by id, from (id, name, code):
    its name, followed by its code where another unit of the list has the same name."""
    units = list(units)
    names = Counter(name_key(None, name) for _, name, _ in units)
    return {
        unit_id: name if names[name_key(None, name)] == 1 else f"{name} (mã {code})"
        for unit_id, name, code in units
    }


def namesakes(
    name: str, parent_id: int | None, units: Iterable[tuple[int | None, str, str]]
) -> list[tuple[int | None, str]]:
    """The (parent id, code) of the units, from (parent id, name, code), that bear this name under
    another parent: allowed, but more often a slip (a parent not chosen) than a second unit. None
    when a unit under the same parent bears it: that name is refused outright (`cdht.db.units`)."""
    folded = name_key(None, name)
    alike = [
        (parent or None, code) for parent, other, code in units if name_key(None, other) == folded
    ]
    if any(parent == (parent_id or None) for parent, _ in alike):
        return []
    return alike
