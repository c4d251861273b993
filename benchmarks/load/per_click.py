"""Server CPU per click of the citizen's journey, CDHT beside the floor page, one click at a time.

`make loadtest` measures a rush, whose figures move with the machine's load; this measures what
each kind of click costs the server, which a quiet or a busy machine changes far less. For each
server: one warm-up journey, then JOURNEYS journeys one after the other without think time; after
each click a short pause lets the server finish (its run and clean-up), then the server process's
CPU time (user + system, /proc/PID/stat, all threads, in clock ticks) is read. Printed: CPU ms
per click by kind and per journey, and CDHT's ratio to the floor.

    .venv/bin/python -m benchmarks.load.per_click [JOURNEYS]
"""

import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from benchmarks.load.citizens import Citizen, cccd_number, create_citizens
from benchmarks.load.journey import journey
from benchmarks.load.protocol import Tab
from benchmarks.load.run import SERVER_ENV, cpu_seconds
from tests.support import streamlit_server

T = TypeVar("T")
SETTLE = 0.3  # seconds after a click before its CPU is read


def cpu_per_click(base: str, pid: int, people: list[Citizen]) -> dict[str, list[float]]:
    """Walk one journey per person (the first a warm-up, not counted); CPU seconds by click.

    A bystander's tab stays open throughout, as other people's do in a rush: Streamlit forgets
    the compiled pages whenever no session is left, and would compile them again for each
    journey."""
    spent: dict[str, list[float]] = {}
    bystander = Tab(base)
    bystander.open()
    try:
        for n, person in enumerate(people):
            tab = Tab(base)
            try:
                journey(
                    tab,
                    person,
                    timed=_timer(pid, spent if n else {}),
                    think=lambda: None,
                    rng=random.Random(n),
                )
            finally:
                tab.close()
    finally:
        bystander.close()
    return spent


def _timer(pid: int, spent: dict[str, list[float]]) -> Callable[[str, float], None]:
    """A journey's `timed`: adds each click's CPU seconds to `spent` under the click's name."""
    last = cpu_seconds([pid])

    def timed(name: str, _seconds: float) -> None:
        nonlocal last
        time.sleep(SETTLE)
        now = cpu_seconds([pid])
        spent.setdefault(name, []).append(now - last)
        last = now

    return timed


def on_both(people: int, work: Path, walk: Callable[[str, int, list[Citizen]], T]) -> dict[str, T]:
    """`walk(base, pid, citizens)` on a CDHT server with `people` citizens, then on the floor page
    with as many; each server started for it alone, from the same directory `work`."""
    url = f"sqlite:///{work / 'cdht.db'}"
    citizens = create_citizens(url, people)
    cdht_env = {
        **SERVER_ENV,
        "CDHT_DATABASE_URL": url,
        "CDHT_EVIDENCE_DIR": str(work / "evidence"),
        "CDHT_LOGIN_LIMIT_PER_ADDRESS": "1000000",
    }
    with streamlit_server("server.py", cdht_env, work / "cdht-server.log") as server:
        cdht = walk(server.base, server.pid, citizens)
    floor_env = {**SERVER_ENV, "BENCH_FLOOR_DB": str(work / "floor.db")}
    anyone = [Citizen(cccd_number(n), "-") for n in range(people)]
    with streamlit_server("benchmarks/load/floor_page.py", floor_env) as server:
        floor = walk(server.base, server.pid, anyone)
    return {"cdht": cdht, "floor": floor}


def measure(journeys: int, work: Path) -> dict[str, dict[str, list[float]]]:
    return on_both(journeys + 1, work, cpu_per_click)


def report(spent: dict[str, dict[str, list[float]]], journeys: int) -> str:
    cdht, floor = spent["cdht"], spent["floor"]
    lines = [
        "| click | count per journey | CDHT CPU ms | floor CPU ms | ratio |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in cdht:
        mine, theirs = (1000 * sum(s[name]) / len(s[name]) for s in (cdht, floor))
        per_journey = len(cdht[name]) / journeys
        lines.append(
            f"| {name} | {per_journey:g} | {mine:.1f} | {theirs:.1f} | {mine / max(theirs, 1):.2f} |"
        )
    mine, theirs = (1000 * sum(map(sum, s.values())) / journeys for s in (cdht, floor))
    lines.append(f"| whole journey | | {mine:.0f} | {theirs:.0f} | {mine / theirs:.2f} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    journeys = int(argv[0]) if argv else 8
    with tempfile.TemporaryDirectory() as work:
        spent = measure(journeys, Path(work))
    print(f"Server CPU per click, {journeys} journeys one after the other (no think time)\n")
    print(report(spent, journeys))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
