"""Memory per open session at rest, CDHT beside the floor page.

`make loadtest` reports RSS per session from the peak of a rush, which also holds what the rush
itself takes for a while (runs in flight, a second Argon2 thread's buffer, more database
connections). This measures what a session keeps while it stays open: for each server, one
warm-up session, then SESSIONS people each open the app, log in and open *Tự đánh giá* (the
form's first step) in a tab that stays open; RSS growth (/proc/PID/status) divided by SESSIONS.

    .venv/bin/python -m benchmarks.load.per_session [SESSIONS]
"""

import sys
import tempfile
import time
from pathlib import Path

from benchmarks.load.citizens import Citizen
from benchmarks.load.journey import ASSESS_PAGE
from benchmarks.load.per_click import on_both
from benchmarks.load.protocol import Tab

SETTLE = 2.0  # seconds for the server to finish its runs before RSS is read


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def open_session(base: str, person: Citizen) -> Tab:
    """A tab logged in and on the form's first step, left open."""
    tab = Tab(base)
    tab.open()
    fields = {"Số CCCD": person.cccd, "Mật khẩu": person.password}
    tab.submit(tab.screen.widget("button", "Đăng nhập"), fields)
    if ASSESS_PAGE not in tab.screen.headings():
        tab.go_to(ASSESS_PAGE)
    return tab


def growth_per_session(base: str, pid: int, people: list[Citizen]) -> tuple[float, float]:
    """RSS after the warm-up session and growth per session after the others, in MB."""
    tabs = [open_session(base, people[0])]
    try:
        time.sleep(SETTLE)
        idle = rss_mb(pid)
        tabs += [open_session(base, person) for person in people[1:]]
        time.sleep(SETTLE)
        return idle, (rss_mb(pid) - idle) / (len(people) - 1)
    finally:
        for tab in tabs:
            tab.close()


def measure(sessions: int, work: Path) -> dict[str, tuple[float, float]]:
    return on_both(sessions + 1, work, growth_per_session)


def main(argv: list[str]) -> int:
    sessions = int(argv[0]) if argv else 100
    with tempfile.TemporaryDirectory() as work:
        (cdht_idle, cdht), (floor_idle, floor) = measure(sessions, Path(work)).values()
    print(f"Memory per open session, {sessions} sessions on the form's first step\n")
    print("| server | RSS after one session MB | RSS MB per further session |")
    print("|---|---:|---:|")
    print(f"| CDHT | {cdht_idle:.0f} | {cdht:.3f} |")
    print(f"| floor | {floor_idle:.0f} | {floor:.3f} |")
    print(f"\nratio per session: {cdht / floor:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
