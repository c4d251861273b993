"""The unit gauge of Thông tư 24/2023 (90 % level 1, 95 % level 2) and the password rules."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdht.gauge import Gauge, percent_vi
from cdht.passwords import HASH_MEMORY_MIB, hash_password, password_problem, verify_password

# --- gauge ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "members, recognised, percent, needed",
    [
        (30, 26, 90, 1),  # 90 % of 30 = 27
        (30, 26, 95, 3),  # 95 % of 30 = 28.5 -> 29
        (30, 27, 90, 0),  # 0.9 * 30 is 27.000000000000004 in floats: must not ask for 28
        (30, 29, 95, 0),
        (30, 30, 95, 0),
        (20, 17, 90, 1),  # 18
        (20, 19, 95, 0),  # 19 exactly
        (20, 18, 95, 1),
        (100, 89, 90, 1),
        (100, 90, 90, 0),
        (7, 0, 90, 7),  # 6.3 -> 7
        (7, 6, 95, 1),  # 6.65 -> 7
        (1, 0, 90, 1),
        (0, 0, 90, 0),
        (0, 0, 95, 0),
    ],
)
def test_needed_for(members, recognised, percent, needed):
    assert Gauge(members, recognised).needed_for(percent) == needed


@pytest.mark.parametrize(
    "members, recognised, level",
    [
        (20, 17, 0),  # 85 %
        (20, 18, 1),  # 90 % exactly
        (20, 19, 2),  # 95 % exactly
        (20, 20, 2),
        (30, 26, 0),  # 86.7 %
        (30, 27, 1),  # 90 %
        (30, 28, 1),  # 93.3 %
        (30, 29, 2),  # 96.7 %
        (10, 9, 1),  # 90 %
        (10, 10, 2),
        (100, 94, 1),
        (100, 95, 2),
        (0, 0, 0),
    ],
)
def test_level_boundaries(members, recognised, level):
    assert Gauge(members, recognised).level == level


def test_share():
    assert Gauge(8, 7).share == 0.875
    assert Gauge(0, 0).share == 0.0


def test_percent_vi():
    assert percent_vi(87.5) == "87,5 %"
    assert percent_vi(Gauge(2, 1).percent) == "50,0 %"


def test_a_share_just_under_a_threshold_is_never_shown_at_it():
    gauge = Gauge(999, 899)  # 89.98 %: rounded to one decimal it would read 90,0 %
    assert gauge.level == 0
    assert percent_vi(gauge.percent) == "89,9 %"
    assert percent_vi(Gauge(10_000, 9_999).percent) == "99,9 %"
    assert percent_vi(Gauge(3, 2).percent) == "66,6 %"


@given(st.integers(1, 200_000), st.sampled_from([90, 95, 97]))
def test_the_percent_shown_reaches_a_threshold_exactly_when_the_rule_does(members, at):
    enough = (members * at + 99) // 100  # the fewest recognised people that meet `at`
    below = Gauge(members, enough - 1)
    assert below.needed_for(at) == 1 and below.percent < at
    reached = Gauge(members, enough)
    assert reached.needed_for(at) == 0 and reached.percent >= at


# --- passwords -----------------------------------------------------------------------------------

GOOD = "Hoc-tap-suot-doi-2026"


def test_hash_then_verify():
    stored = hash_password(GOOD)
    assert stored != GOOD
    assert GOOD not in stored
    assert verify_password(stored, GOOD) is True
    assert verify_password(stored, GOOD + "x") is False
    assert verify_password(stored, GOOD.upper()) is False
    assert verify_password(stored, "") is False


def test_hashes_are_salted():
    assert hash_password(GOOD) != hash_password(GOOD)


def test_verify_without_a_stored_hash_is_false():
    assert verify_password(None, "x") is False
    assert verify_password("", "x") is False


def test_verify_with_a_garbage_hash_is_false():
    assert verify_password("not-a-hash", "x") is False


# A burst of wrong guesses sent at once, each on its own thread as parallel requests are; prints
# the hashes allowed at once and how much the process's peak memory grew, in MiB.
BURST = """
import resource, threading
from cdht.passwords import HASHES_AT_ONCE, hash_password, verify_password
stored = hash_password("a correct password")
verify_password(stored, "a correct password")
guesses = 4 * HASHES_AT_ONCE + 8
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
at_once = threading.Barrier(guesses)
def guess():
    at_once.wait()
    assert not verify_password(stored, "a wrong guess")
threads = [threading.Thread(target=guess) for _ in range(guesses)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(HASHES_AT_ONCE, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)
"""


def test_a_burst_of_parallel_guesses_takes_one_hash_buffer_per_core_at_most():
    """Each Argon2id hash takes its memory (HASH_MEMORY_MIB) while it runs. Guesses sent all at
    once (here four per core and eight more, each on its own thread) must wait their turn, not
    each take that much of the server's memory. A fresh process, with the C library's default arenas."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    done = subprocess.run(
        [sys.executable, "-c", BURST],
        env=env,
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    at_once, grown = done.stdout.split()
    assert float(grown) <= int(at_once) * HASH_MEMORY_MIB + 12, done.stdout


@pytest.mark.parametrize(
    "password, kwargs",
    [
        ("", {}),
        ("Ab1-xyz", {}),  # 7 characters
        ("123456", {}),
        ("12345678", {}),
        ("matkhau123", {}),
        ("MatKhau123", {}),
        ("password1", {}),
        ("congdanhoctap", {}),
        ("aaaaaaaaaa", {}),  # one character repeated
        ("abababababab", {}),
        ("051090123456", {"cccd": "051090123456"}),
        ("Mk051090123456!", {"cccd": "051090123456"}),
        ("  1990  ", {"birth_year": 1990}),
        ("1990", {"birth_year": 1990}),
        ("x" * 129, {}),
    ],
)
def test_password_problem_refuses(password, kwargs):
    problem = password_problem(password, **kwargs)
    assert isinstance(problem, str) and problem


def test_an_empty_password_is_asked_for_and_a_short_one_told_its_length():
    assert password_problem("") == "Vui lòng đặt mật khẩu (ít nhất 8 ký tự)."
    assert password_problem("Ab1-xyz") == "Mật khẩu phải có ít nhất 8 ký tự."


def test_password_problem_accepts_a_good_one():
    assert password_problem(GOOD) is None
    assert password_problem(GOOD, cccd="051090123456", birth_year=1990) is None
    assert password_problem("Tr4ng-x0ai-qu4ng-ngai") is None
