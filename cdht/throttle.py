"""Login throttling rules and device cookies. Pure.

A login name is locked after repeated failures for a growing time (`lock_after`); its count
restarts after `DECAY` without a failure. A browser that logged in as a person before holds a
signed device cookie (OWASP's "device cookie" scheme) naming that account: it keeps the right to
try that account while the name is locked or the address limited for everyone else, with its own
count of failures (`DEVICE_FAILURES`), past which the cookie counts for nothing until its window
ends.
"""

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

FREE_FAILURES = 5
MAX_LOCK = timedelta(hours=1)
DECAY = timedelta(hours=24)
DEVICE_FAILURES = 5
DEVICE_COOKIE_AGE = timedelta(days=365)


def lock_after(failures: int) -> timedelta | None:
    """No lock for the first few failures, then 1, 2, 4, 8 … minutes, at most an hour."""
    if failures < FREE_FAILURES:
        return None
    return min(timedelta(minutes=2 ** (failures - FREE_FAILURES)), MAX_LOCK)


def lock_steps() -> dict[int, timedelta]:
    """Every failure count whose lock is shorter than MAX_LOCK, with that lock (for SQL)."""
    steps: dict[int, timedelta] = {}
    failures = FREE_FAILURES
    while (pause := lock_after(failures)) is not None and pause < MAX_LOCK:
        steps[failures] = pause
        failures += 1
    return steps


@dataclass(frozen=True)
class Device:
    """What a valid device cookie says: this browser logged in as `account_id` before."""

    account_id: int
    nonce: str


def _key(secret: str) -> bytes:
    # A key of its own, derived from the server's cookie secret.
    return hashlib.sha256(b"cdht device cookie\0" + secret.encode()).digest()


def _signature(secret: str, payload: str) -> str:
    mac = hmac.new(_key(secret), payload.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def issue_device(secret: str, account_id: int) -> str:
    """A new device cookie value for an account: `id.nonce.signature`."""
    payload = f"{account_id}.{secrets.token_urlsafe(16)}"
    return f"{payload}.{_signature(secret, payload)}"


def read_device(secret: str, value: str | None) -> Device | None:
    """The device a cookie value names, if its signature holds under `secret`."""
    if not secret or not value or len(value) > 200:
        return None
    account, _, rest = value.partition(".")
    nonce, _, signature = rest.partition(".")
    if not (account.isascii() and account.isdigit() and nonce and signature):
        return None
    if not hmac.compare_digest(signature, _signature(secret, f"{account}.{nonce}")):
        return None
    return Device(int(account), nonce)
