"""The one-time setup code: whoever creates the first administrator must have read it on the
server's console (`python -m cdht init`), so the first visitor of a fresh install cannot."""

import hashlib
import re
import secrets

# 32 symbols without look-alikes (no 0/O, 1/I); 12 of them: 60 bits, read out in groups of 4.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 12


def new_code() -> str:
    """A fresh code such as `K7QM-2WXA-P9RT`."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(text: str) -> str:
    """What the person typed, without spaces and hyphens, in capitals."""
    return re.sub(r"[\s\-]+", "", text).upper()


def code_hash(text: str) -> str:
    """The SHA-256 stored in place of the code (60 random bits need no slow hash)."""
    return hashlib.sha256(normalise(text).encode()).hexdigest()
