"""Password hashing (Argon2id) and the password rules."""

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# Near OWASP's minimum for Argon2id: 19 MiB, 2 iterations, 1 lane.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))

MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON = frozenset(
    """123456 1234567 12345678 123456789 1234567890 12345678910 111111 11111111 000000 00000000
    123123 123123123 654321 666666 888888 88888888 987654321 abc123 abcd1234 password password1
    matkhau matkhau123 qwerty qwerty123 iloveyou 123qwe 1q2w3e4r admin123 admin@123 a123456
    123456a 12345678a congdanhoctap khuyenhoc""".split()
)


_TEMP_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def temporary_password() -> str:
    """A one-time password a manager reads out or hands over: 10 characters, no look-alikes."""
    while True:
        candidate = "".join(secrets.choice(_TEMP_ALPHABET) for _ in range(10))
        if any(c.isdigit() for c in candidate) and any(c.isalpha() for c in candidate):
            return candidate


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check a password; with no stored hash, verify a dummy one so timing reveals nothing."""
    try:
        return _HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _HASHER.check_needs_rehash(stored_hash)


def password_problem(password: str, *, cccd: str = "", birth_year: int | None = None) -> str | None:
    """A Vietnamese message saying why the password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự."
    if len(password) > MAX_LENGTH:
        return f"Mật khẩu không được dài quá {MAX_LENGTH} ký tự."
    if cccd and cccd in password:
        return "Mật khẩu không được chứa số CCCD."
    if birth_year and password.strip() == str(birth_year):
        return "Mật khẩu không được là năm sinh."
    if password.casefold() in COMMON or len(set(password)) <= 2:
        return "Mật khẩu quá dễ đoán, vui lòng chọn mật khẩu khác."
    return None
