"""Server CPU per click of the citizen's journey, CDHT beside the floor page, one click at a time.

`make loadtest` measures a rush, whose figures move with the machine's load; this measures what
each kind of click costs the server, which a quiet or a busy machine changes far less. For each
server: one warm-up journey, then JOURNEYS journeys one after the other without think time; after
each click a short pause lets the server finish (its run and clean-up), then the server process's
CPU time (user + system, /proc/PID/stat, all threads, in clock ticks) is read. Printed: CPU ms
per click by kind and per journey, and CDHT's ratio to the floor; with `guarded`, the guarded
floor's too (`floor_page.py`: the floor with an Argon2id login, a session row and drafts).

    .venv/bin/python -m benchmarks.load.per_click [JOURNEYS] [guarded]
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


def on_both(
    people: int,
    work: Path,
    walk: Callable[[str, int, list[Citizen]], T],
    *,
    guarded: bool = False,
) -> dict[str, T]:
    """`walk(base, pid, citizens)` on a CDHT server with `people` citizens, then on the floor page
    with as many (and on the guarded floor); each server started for it alone, from the same
    directory `work`."""
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
    walked = {"cdht": cdht, "floor": floor}
    if guarded:
        env = {**floor_env, "BENCH_FLOOR_DB": str(work / "guarded.db"), "BENCH_FLOOR_GUARD": "1"}
        with streamlit_server("benchmarks/load/floor_page.py", env) as server:
            walked["guarded floor"] = walk(server.base, server.pid, anyone)
    return walked


def measure(journeys: int, work: Path, guarded: bool = False) -> dict[str, dict[str, list[float]]]:
    return on_both(journeys + 1, work, cpu_per_click, guarded=guarded)


def report(spent: dict[str, dict[str, list[float]]], journeys: int) -> str:
    """A row per kind of click: CDHT's CPU ms, then each floor's and CDHT's ratio to it."""
    cdht, floors = spent["cdht"], [name for name in spent if name != "cdht"]
    head = "".join(f" {name} CPU ms | ratio |" for name in floors)
    lines = [
        f"| click | count per journey | CDHT CPU ms |{head}",
        "|---|" + "---:|" * (2 + 2 * len(floors)),
    ]
    for kind in cdht:
        mine = 1000 * sum(cdht[kind]) / len(cdht[kind])
        cells = ""
        for name in floors:
            theirs = 1000 * sum(spent[name][kind]) / len(spent[name][kind])
            cells += f" {theirs:.1f} | {mine / max(theirs, 1):.2f} |"
        lines.append(f"| {kind} | {len(cdht[kind]) / journeys:g} | {mine:.1f} |{cells}")
    whole = {name: 1000 * sum(map(sum, s.values())) / journeys for name, s in spent.items()}
    cells = "".join(f" {whole[n]:.0f} | {whole['cdht'] / whole[n]:.2f} |" for n in floors)
    lines.append(f"| whole journey | | {whole['cdht']:.0f} |{cells}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    journeys = int(argv[0]) if argv else 8
    with tempfile.TemporaryDirectory() as work:
        spent = measure(journeys, Path(work), guarded="guarded" in argv[1:])
    print(f"Server CPU per click, {journeys} journeys one after the other (no think time)\n")
    print(report(spent, journeys))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
