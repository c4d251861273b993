"""Login lockout under parallel guesses, per name and per address, with device cookies that keep
the owner in (OWASP), on SQLite and PostgreSQL."""

import contextlib
import threading
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import Session, select

from cdht.config import LoginLimits
from cdht.db.accounts import LoginLocked, attempt_login, recent_locks
from cdht.db.engine import make_engine
from cdht.db.models import AuditEvent, LoginThrottle, RateCounter
from cdht.db.rate_limits import WINDOW
from cdht.roles import PermissionDenied
from cdht.throttle import (
    DECAY,
    DEVICE_FAILURES,
    FREE_FAILURES,
    Device,
    issue_device,
    lock_steps,
    read_device,
)
from tests.conftest import JUNE, PASSWORD, add_citizen, add_user

NUMBER = "051090123456"
SECRET = "a-cookie-secret-shared-by-every-process"


def in_parallel(engine_url: str, attempts: list[dict]) -> list[str]:
    """Run each attempt (attempt_login's keywords) in its own thread and database session, all
    released at once; the outcome of each: "ok", "wrong" (checked and refused) or "locked"."""
    engine = make_engine(engine_url)
    start = threading.Barrier(len(attempts))
    outcomes: list[str] = [""] * len(attempts)

    def run(n: int, kwargs: dict) -> None:
        with Session(engine) as session:
            start.wait()
            try:
                login = attempt_login(session, now=JUNE, **kwargs)
            except LoginLocked:
                outcomes[n] = "locked"
            else:
                outcomes[n] = "ok" if login else "wrong"

    threads = [threading.Thread(target=run, args=(n, a)) for n, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    return outcomes


def counter(session: Session, login: str = NUMBER) -> LoginThrottle:
    session.expire_all()
    return session.exec(select(LoginThrottle).where(LoginThrottle.login == login)).one()


def actions(session: Session, action: str) -> list[AuditEvent]:
    session.expire_all()
    return session.exec(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_parallel_wrong_passwords_are_counted_before_any_is_checked(session, unit, engine_url):
    add_citizen(session)
    guesses = [{"cccd": NUMBER, "password": f"doan-{n}"} for n in range(24)]
    outcomes = in_parallel(engine_url, guesses)
    # only the free failures reach the password check; the rest are refused unchecked
    assert outcomes.count("wrong") == FREE_FAILURES
    assert outcomes.count("locked") == 24 - FREE_FAILURES
    row = counter(session)
    assert (row.failures, row.refused) == (FREE_FAILURES, 24 - FREE_FAILURES)
    assert row.locked_until == JUNE + timedelta(minutes=1)
    assert len(actions(session, "login.failed")) == FREE_FAILURES
    assert len(actions(session, "login.locked")) == 1
    with pytest.raises(LoginLocked):  # the owner's right password too, from a strange browser
        attempt_login(session, NUMBER, PASSWORD, now=JUNE + timedelta(seconds=30))


def test_parallel_guesses_over_many_names_stop_at_the_address_limit(session, unit, engine_url):
    limits = LoginLimits(per_address=10)
    guesses = [
        {
            "cccd": f"0010990000{n:02d}",
            "password": "123456",
            "client": "203.0.113.9",
            "limits": limits,
        }
        for n in range(24)
    ]
    outcomes = in_parallel(engine_url, guesses)
    assert outcomes.count("wrong") == 10
    assert outcomes.count("locked") == 14
    session.expire_all()
    address = session.exec(
        select(RateCounter).where(RateCounter.key.startswith("login-addr:"))
    ).one()
    assert address.count == 24
    assert len(actions(session, "login.address_limited")) == 1
    # another address is not concerned; the limited one waits for its window to end
    assert (
        attempt_login(session, "001099000099", "x", now=JUNE, client="198.51.100.7", limits=limits)
        is None
    )
    with pytest.raises(LoginLocked) as err:
        attempt_login(session, "001099000099", "x", now=JUNE, client="203.0.113.9", limits=limits)
    assert err.value.until == JUNE + WINDOW
    assert (
        attempt_login(
            session, "001099000099", "x", now=JUNE + WINDOW, client="203.0.113.9", limits=limits
        )
        is None
    )


def test_a_right_password_gives_the_address_its_attempt_back(session, unit):
    """People behind one office address logging in do not use up its limit."""
    add_citizen(session)
    limits = LoginLimits(per_address=3)
    for _ in range(10):
        assert attempt_login(session, NUMBER, PASSWORD, now=JUNE, client="10.0.0.1", limits=limits)
    for n in range(3):
        assert (
            attempt_login(session, NUMBER, f"sai-{n}", now=JUNE, client="10.0.0.1", limits=limits)
            is None
        )
    with pytest.raises(LoginLocked):
        attempt_login(session, NUMBER, PASSWORD, now=JUNE, client="10.0.0.1", limits=limits)


def test_the_owners_device_cookie_logs_in_while_the_name_and_address_are_locked(
    session, unit, engine_url
):
    who = add_citizen(session)
    other = add_citizen(session, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình")
    owners = Device(who.id, "owner-browser")
    limits = LoginLimits(per_address=8)
    guesses = [
        {"cccd": NUMBER, "password": f"doan-{n}", "client": "203.0.113.9", "limits": limits}
        for n in range(24)
    ]
    in_parallel(engine_url, guesses)
    with pytest.raises(LoginLocked):  # name locked, address limited, for everyone else
        attempt_login(session, NUMBER, PASSWORD, now=JUNE, client="203.0.113.9", limits=limits)
    with pytest.raises(LoginLocked):  # a device cookie of another account does not help
        attempt_login(
            session,
            NUMBER,
            PASSWORD,
            now=JUNE,
            client="203.0.113.9",
            limits=limits,
            device=Device(other.id, "other-browser"),
        )
    login = attempt_login(
        session, NUMBER, PASSWORD, now=JUNE, client="203.0.113.9", limits=limits, device=owners
    )
    assert login.actor == who
    # the person learns that their name was locked, when, and after how many attempts
    assert login.lock.locked_at == JUNE
    assert login.lock.attempts == 8  # the guesses the address let through to the name
    # the success cleared the name's count
    assert attempt_login(session, NUMBER, "sai", now=JUNE) is None


def test_a_device_cookie_that_fails_too_often_counts_for_nothing(session, unit):
    who = add_citizen(session)
    device = Device(who.id, "stolen-browser")
    for n in range(FREE_FAILURES):  # the name is locked for strange browsers
        attempt_login(session, NUMBER, f"sai-{n}", now=JUNE)
    for n in range(DEVICE_FAILURES):  # the device has its own failures, checked each time
        assert attempt_login(session, NUMBER, f"doan-{n}", now=JUNE, device=device) is None
    with pytest.raises(LoginLocked):  # then it is a strange browser like any other
        attempt_login(session, NUMBER, PASSWORD, now=JUNE, device=device)
    later = JUNE + WINDOW + timedelta(minutes=1)
    assert attempt_login(session, NUMBER, PASSWORD, now=later, device=device).actor == who


def test_counts_restart_after_a_quiet_day(session, unit):
    add_citizen(session)
    for n in range(FREE_FAILURES):
        assert attempt_login(session, NUMBER, f"sai-{n}", now=JUNE) is None
    with pytest.raises(LoginLocked):
        attempt_login(session, NUMBER, PASSWORD, now=JUNE)
    quiet = JUNE + DECAY + timedelta(seconds=1)
    assert attempt_login(session, NUMBER, "sai", now=quiet) is None
    row = counter(session)
    assert (row.failures, row.refused, row.locked_until, row.locked_at) == (1, 0, None, None)
    assert attempt_login(session, NUMBER, PASSWORD, now=quiet).lock is None


def test_a_right_fifth_password_is_not_reported_as_a_lock(session, unit):
    add_citizen(session)
    for n in range(FREE_FAILURES - 1):
        attempt_login(session, NUMBER, f"sai-{n}", now=JUNE)
    login = attempt_login(session, NUMBER, PASSWORD, now=JUNE)
    assert login.lock is None
    assert session.exec(select(LoginThrottle)).all() == []


def test_failed_logins_are_audited_with_the_name_masked(session, unit):
    who = add_citizen(session)
    attempt_login(session, NUMBER, "sai", now=JUNE)
    attempt_login(session, "001099999999", "sai", now=JUNE)
    known, unknown = actions(session, "login.failed")
    assert (known.actor_id, known.unit_id, known.detail) == (
        who.id,
        who.unit_id,
        "name=051*******56",
    )
    assert (unknown.actor_id, unknown.detail) == (None, "name=001*******99")


def test_the_manager_sees_the_units_locked_accounts(session, unit):
    add_citizen(session)
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    for n in range(FREE_FAILURES + 2):
        with contextlib.suppress(LoginLocked):
            attempt_login(session, NUMBER, f"sai-{n}", now=JUNE)
    notices = recent_locks(session, manager, unit_id=unit.id, now=JUNE + timedelta(days=1))
    assert [(n.at, n.full_name, n.cccd_masked) for n in notices] == [
        (JUNE, "Nguyễn Văn An", "051*******56")
    ]
    assert recent_locks(session, manager, unit_id=unit.id, now=JUNE + timedelta(days=31)) == []
    citizen = add_citizen(session, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình")
    with pytest.raises(PermissionDenied):
        recent_locks(session, citizen, unit_id=unit.id, now=JUNE)


def test_lock_steps_follow_the_schedule():
    assert lock_steps() == {
        FREE_FAILURES + n: timedelta(minutes=2**n) for n in range(6)
    }  # 1 … 32 minutes, then an hour


def test_device_cookies_are_signed_with_the_server_secret():
    value = issue_device(SECRET, 42)
    device = read_device(SECRET, value)
    assert device.account_id == 42 and device.nonce
    assert read_device(SECRET, issue_device(SECRET, 42)) != device  # a new nonce each time
    assert read_device("another-secret", value) is None
    account, nonce, signature = value.split(".")
    assert read_device(SECRET, f"43.{nonce}.{signature}") is None  # another account
    assert read_device(SECRET, f"{account}.{nonce}x.{signature}") is None
    assert read_device("", value) is None
    assert read_device(SECRET, None) is None


@given(st.text(max_size=300))
def test_any_cookie_value_is_read_without_error(value):
    assert read_device(SECRET, value) is None


def test_old_counters_are_pruned_and_running_locks_kept(session, unit):
    add_citizen(session, cccd=NUMBER)
    long_ago = JUNE - DECAY - timedelta(hours=1)
    for _ in range(FREE_FAILURES + 3):  # locked long ago: the lock ran out
        with contextlib.suppress(LoginLocked):
            attempt_login(session, "051190000001", "sai", now=long_ago, client="198.51.100.1")
    for _ in range(FREE_FAILURES + 1):  # locked just now: the lock still runs
        with contextlib.suppress(LoginLocked):
            attempt_login(session, "051190000002", "sai", now=JUNE, client="198.51.100.2")
    attempt_login(session, NUMBER, PASSWORD, now=JUNE + timedelta(minutes=1), client="10.0.0.9")
    names = set(session.exec(select(LoginThrottle.login)).all())
    assert names == {"051190000002"}
    keys = set(session.exec(select(RateCounter.key)).all())
    assert not any("198.51.100.1" in k for k in keys)  # its hour is long over
    assert any("198.51.100.2" in k for k in keys)  # still counting this hour
