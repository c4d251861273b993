"""Who a unit counts. Pure: the states of an account's membership and the name check against the
staff list. The data layer turns the rule into SQL (`cdht.db.membership.counted`).

A person is counted in a unit's figures, printed lists and decision only when the unit vouched for
them: their account is approved and, when the unit has a staff list, their CCCD is on it. Sign-up
into a unit with a staff list is accepted only for a listed number under the listed name (and is
approved at once); without a list a new account waits for a manager's approval.
"""

import unicodedata

from cdht.collation import syllable_key
from cdht.text import unmarked

PENDING = "pending"
APPROVED = "approved"
REJECTED = "rejected"
CLOSED = "closed"  # its CCCD was given back to the number's rightful owner
STATES = (PENDING, APPROVED, REJECTED, CLOSED)
STATE_LABELS = {
    PENDING: "Chờ đơn vị duyệt",
    APPROVED: "Đã được đơn vị xác nhận",
    REJECTED: "Đơn vị không xác nhận",
    CLOSED: "Đã đóng",
}


def initial_state(unit_has_staff_list: bool) -> str:
    """A new sign-up: approved when it was checked against the staff list, else pending."""
    return APPROVED if unit_has_staff_list else PENDING


def name_key(full_name: str) -> str:
    """The name compared for identity: NFC, case, spaces and the two placements of a tone mark
    ("Thủy" = "Thuỷ", "Hòa" = "Hoà") do not matter; letters and tones do."""
    words = unicodedata.normalize("NFC", full_name).split()
    return " ".join(syllable_key(w) for w in words)


def same_name(typed: str, listed: str) -> bool:
    """Whether a name typed at sign-up is the listed one. A list written without any marks
    ("Nguyen Van Binh", from a system that had none) is matched without them: the person types
    the name as on the card."""
    if listed.isascii():
        return unmarked(typed).split() == unmarked(listed).split()
    return name_key(typed) == name_key(listed)
