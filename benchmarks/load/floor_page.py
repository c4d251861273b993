"""The floor of `make loadtest`: a bare Streamlit app with CDHT's journey and nothing else.

The same clicks and labels as CDHT's journey, so the same generator drives both: a login form
("Số CCCD", "Mật khẩu", "Đăng nhập": no password check), a page "Tự đánh giá" in the
navigation, three steps of radios (4, 4 and 2 indicators of five levels: 10, 8, 5, 3, 0 points)
each saving its answer in the session when clicked, "Quay lại" / "Tiếp theo" / "Xem lại và gửi",
a review with the total, and "Gửi phiếu thông tin", which inserts one row (CCCD, answers, total)
with plain sqlite3 into the file named by BENCH_FLOOR_DB (WAL, synchronous=NORMAL) and shows the
result. No password hashing, session check, ORM, criteria file, draft or evidence.

With BENCH_FLOOR_GUARD=1 it is the *guarded floor*: the same page with the guards the brief asks
of any login and form, done in plain sqlite3 as cheaply as they can be: an Argon2id hash with
CDHT's settings checked at each login (made at a CCCD's first), a session row and an audit row
written at login, the session row read before each click's work, and each answer upserted as a
draft. What CDHT costs beyond it is CDHT's own (its ORM, its pages, Streamlit's work for them).

Run: BENCH_FLOOR_DB=/tmp/floor.db streamlit run benchmarks/load/floor_page.py
"""

import json
import os
import queue
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

LEVELS = [10, 8, 5, 3, 0]
STEPS = (4, 4, 2)  # indicators per step, as CDHT's criteria sets
MOST = 10 * sum(STEPS)
GUARDED = os.environ.get("BENCH_FLOOR_GUARD") == "1"
# CDHT's Argon2id settings (cdht/passwords.py; tests/test_load_client.py checks they agree).
HASH_MEMORY_MIB, HASH_PASSES = 7, 5
_HASHER = PasswordHasher(time_cost=HASH_PASSES, memory_cost=HASH_MEMORY_MIB * 1024, parallelism=1)


@st.cache_resource
def _database(path: str) -> str:
    """Create the table once per server process; returns the path."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS submission "
            "(cccd TEXT PRIMARY KEY, answers TEXT NOT NULL, total INTEGER NOT NULL)"
        )
        conn.execute(
            "CREATE TABLE IF NOT EXISTS person (cccd TEXT PRIMARY KEY, hash TEXT NOT NULL)"
        )
        conn.execute(
            "CREATE TABLE IF NOT EXISTS web_session "
            "(token TEXT PRIMARY KEY, cccd TEXT NOT NULL, last_seen REAL NOT NULL)"
        )
        conn.execute("CREATE TABLE IF NOT EXISTS audit (at REAL, action TEXT, cccd TEXT)")
        conn.execute("CREATE TABLE IF NOT EXISTS draft (cccd TEXT PRIMARY KEY, answers TEXT)")
    return path


# The guarded floor's open connections, reused as a pool reuses them (WAL, synchronous=NORMAL,
# as CDHT's engine): it writes several times a journey. The bare floor writes once, on a
# connection opened for it and closed.
_IDLE: "queue.SimpleQueue[sqlite3.Connection]" = queue.SimpleQueue()


@contextmanager
def _connection() -> Iterator[sqlite3.Connection]:
    """A connection to the floor's file: the guarded floor's taken from the idle ones or opened,
    then given back; the bare floor's opened, then closed."""
    try:
        conn = _IDLE.get_nowait()
    except queue.Empty:
        conn = sqlite3.connect(
            _database(os.environ["BENCH_FLOOR_DB"]), timeout=30, check_same_thread=False
        )
        conn.execute("PRAGMA synchronous=NORMAL")
    try:
        yield conn
    finally:
        conn.rollback()
        if GUARDED:
            _IDLE.put(conn)
        else:
            conn.close()


def _write(*statements: tuple[str, tuple]) -> None:
    """Run each (sql, params) in one transaction on the floor's file."""
    with _connection() as conn:
        for sql, values in statements:
            conn.execute(sql, values)
        conn.commit()


def _store(cccd: str, answers: dict[str, int]) -> None:
    _write(
        (
            "INSERT OR REPLACE INTO submission (cccd, answers, total) VALUES (?, ?, ?)",
            (cccd, json.dumps(answers), sum(answers.values())),
        )
    )


def _password_ok(cccd: str, password: str) -> bool:
    """The guarded floor's login: verify the CCCD's hash, made at its first login."""
    with _connection() as conn:
        row = conn.execute("SELECT hash FROM person WHERE cccd = ?", (cccd,)).fetchone()
    if row is None:
        _write(("INSERT INTO person VALUES (?, ?)", (cccd, _HASHER.hash(password))))
        return True
    try:
        return _HASHER.verify(row[0], password)
    except VerificationError:
        return False


def _live() -> bool:
    """The guarded floor's check before a click's work: the session row still exists. A run
    checks once: a callback's check stands for the run that follows it."""
    if not GUARDED or st.session_state.pop("checked", False):
        return True
    with _connection() as conn:
        query = "SELECT last_seen FROM web_session WHERE token = ?"
        found = conn.execute(query, (st.session_state.token,)).fetchone() is not None
    st.session_state.checked = found
    return found


def _answered(indicator: str) -> None:
    if not _live():
        return
    st.session_state.answers[indicator] = st.session_state[f"ans_{indicator}"]
    if GUARDED:
        draft = json.dumps(st.session_state.answers)
        _write(("INSERT OR REPLACE INTO draft VALUES (?, ?)", (st.session_state.cccd, draft)))


def _go(screen: int | str) -> None:
    if _live():
        st.session_state.screen = screen


def _send() -> None:
    if _live():
        _store(st.session_state.cccd, st.session_state.answers)
        st.session_state.screen = "done"


def _label(points: int) -> str:
    return f"Mức {points} điểm — **{points} điểm**"


def login() -> None:
    st.title("Đăng nhập")
    with st.form("login"):
        number = st.text_input("Số CCCD")
        password = st.text_input("Mật khẩu", type="password")
        sent = st.form_submit_button("Đăng nhập", type="primary")
    if sent and GUARDED:
        if not _password_ok(number, password):
            st.error("Số CCCD hoặc mật khẩu không đúng.")
            return
        st.session_state.token = secrets.token_urlsafe(32)
        now = time.time()
        _write(  # the session and the audit row in one transaction: the cheapest way
            ("INSERT INTO web_session VALUES (?, ?, ?)", (st.session_state.token, number, now)),
            ("INSERT INTO audit VALUES (?, ?, ?)", (now, "login", number)),
        )
    if sent:
        st.session_state.cccd = number
        st.rerun()


def step(number: int) -> None:
    first = sum(STEPS[: number - 1]) + 1
    st.subheader(f"Bước {number}/{len(STEPS)}")
    for n in range(first, first + STEPS[number - 1]):
        chosen = st.session_state.answers.get(str(n))
        st.radio(
            f"{n}. Chỉ số {n}",
            LEVELS,
            format_func=_label,
            index=LEVELS.index(chosen) if chosen in LEVELS else None,
            key=f"ans_{n}",
            on_change=_answered,
            args=(str(n),),
        )
    if number > 1:
        st.button("Quay lại", on_click=_go, args=(number - 1,))
    if number < len(STEPS):
        st.button("Tiếp theo", on_click=_go, args=(number + 1,), type="primary")
    else:
        st.button("Xem lại và gửi", on_click=_go, args=("review",), type="primary")


def assess() -> None:
    st.session_state.setdefault("answers", {})
    screen = st.session_state.setdefault("screen", 1)
    st.title("Tự đánh giá")
    total = sum(st.session_state.answers.values())
    if screen == "review":
        st.subheader("Xác nhận gửi phiếu")
        st.metric("Tổng điểm dự kiến", f"{total}/{MOST}")
        st.button("Quay lại sửa", on_click=_go, args=(len(STEPS),))
        st.button("Gửi phiếu thông tin", on_click=_send, type="primary")
    elif screen == "done":
        st.subheader("Kết quả tự đánh giá")
        st.metric("Tổng điểm", f"{total}/{MOST}")
        st.button("Sửa và gửi lại", on_click=_go, args=(1,))
    else:
        step(screen)


if "cccd" in st.session_state and not _live():
    del st.session_state.cccd
st.session_state.pop("checked", None)
if "cccd" in st.session_state:
    page = st.Page(assess, title="Tự đánh giá", url_path="tu-danh-gia", default=True)
else:
    page = st.Page(login, title="Đăng nhập", url_path="dang-nhap", default=True)
st.navigation([page]).run()
