"""The baseline of benchmarks/bench_browser.py: a bare Streamlit page with the same form.

Ten radios of five levels each (10, 8, 5, 3, 0 points, as in CDHT's criteria) in an st.form
whose button is "Gửi phiếu thông tin". A press inserts one row (answers, total, time) with plain
sqlite3 into the file named by BENCH_BARE_DB (WAL, synchronous=NORMAL, as CDHT sets SQLite) and
commits, then shows the total as st.metric "Tổng điểm" and a success line under the form.
No login, no session check, no ORM, no criteria file, no draft.

Run: BENCH_BARE_DB=/tmp/bare.db streamlit run benchmarks/bare_page.py
"""

import json
import os
import sqlite3
import time

import streamlit as st

LEVELS = [10, 8, 5, 3, 0]
INDICATORS = 10


@st.cache_resource
def _database(path: str) -> str:
    """Create the table once per server process; returns the path."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS submission "
            "(id INTEGER PRIMARY KEY, answers TEXT NOT NULL, total INTEGER NOT NULL, "
            "submitted_at REAL NOT NULL)"
        )
    return path


def _insert(path: str, answers: list[int], total: int) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(
            "INSERT INTO submission (answers, total, submitted_at) VALUES (?, ?, ?)",
            (json.dumps(answers), total, time.time()),
        )
        conn.commit()
    finally:
        conn.close()


path = _database(os.environ["BENCH_BARE_DB"])
st.title("Tự đánh giá")
with st.form("assessment"):
    answers = [
        st.radio(
            f"**{n}. Chỉ số {n}**",
            LEVELS,
            format_func=lambda p: f"Mức {p} điểm — **{p} điểm**",
            key=f"ans_{n}",
        )
        for n in range(1, INDICATORS + 1)
    ]
    sent = st.form_submit_button("Gửi phiếu thông tin", type="primary")
if sent:
    total = sum(answers)
    _insert(path, answers, total)
    st.metric("Tổng điểm", f"{total}/{10 * INDICATORS}")
    st.success("Đã ghi nhận phiếu tự đánh giá.")
