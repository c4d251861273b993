"""The floor of `make loadtest`: a bare Streamlit app with CDHT's journey and nothing else.

The same clicks and labels as CDHT's journey, so the same generator drives both: a login form
("Số CCCD", "Mật khẩu", "Đăng nhập": no password check), a page "Tự đánh giá" in the
navigation, three steps of radios (4, 4 and 2 indicators of five levels: 10, 8, 5, 3, 0 points)
each saving its answer in the session when clicked, "Quay lại" / "Tiếp theo" / "Xem lại và gửi",
a review with the total, and "Gửi phiếu thông tin", which inserts one row (CCCD, answers, total)
with plain sqlite3 into the file named by BENCH_FLOOR_DB (WAL, synchronous=NORMAL) and shows the
result. No password hashing, session check, ORM, criteria file, draft or evidence.

Run: BENCH_FLOOR_DB=/tmp/floor.db streamlit run benchmarks/load/floor_page.py
"""

import json
import os
import sqlite3

import streamlit as st

LEVELS = [10, 8, 5, 3, 0]
STEPS = (4, 4, 2)  # indicators per step, as CDHT's criteria sets
MOST = 10 * sum(STEPS)


@st.cache_resource
def _database(path: str) -> str:
    """Create the table once per server process; returns the path."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS submission "
            "(cccd TEXT PRIMARY KEY, answers TEXT NOT NULL, total INTEGER NOT NULL)"
        )
    return path


def _store(path: str, cccd: str, answers: dict[str, int]) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(
            "INSERT OR REPLACE INTO submission (cccd, answers, total) VALUES (?, ?, ?)",
            (cccd, json.dumps(answers), sum(answers.values())),
        )
        conn.commit()
    finally:
        conn.close()


def _answered(indicator: str) -> None:
    st.session_state.answers[indicator] = st.session_state[f"ans_{indicator}"]


def _go(screen: int | str) -> None:
    st.session_state.screen = screen


def _send() -> None:
    _store(_database(os.environ["BENCH_FLOOR_DB"]), st.session_state.cccd, st.session_state.answers)
    st.session_state.screen = "done"


def _label(points: int) -> str:
    return f"Mức {points} điểm — **{points} điểm**"


def login() -> None:
    st.title("Đăng nhập")
    with st.form("login"):
        number = st.text_input("Số CCCD")
        st.text_input("Mật khẩu", type="password")
        sent = st.form_submit_button("Đăng nhập", type="primary")
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


if "cccd" in st.session_state:
    page = st.Page(assess, title="Tự đánh giá", url_path="tu-danh-gia", default=True)
else:
    page = st.Page(login, title="Đăng nhập", url_path="dang-nhap", default=True)
st.navigation([page]).run()
