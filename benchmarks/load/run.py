"""`make loadtest`: the deadline rush on CDHT and on the floor page, one after the other.

For each of the two servers: a fresh database with USERS citizens (plus one for the warm-up
journey), the server started (unless TARGET names a running CDHT), one warm-up journey, then
Locust headless (USERS users spawned at RAMP per second for DURATION; users finish the journey
they are on), while the server process's RSS is sampled every second. Afterwards: the server's
CPU time per completed journey (/proc/PID/stat, user + system, all threads), RSS per open
session ((peak RSS − idle RSS) / USERS), the click percentiles Locust measured, and a check that
every stored result equals the answers the generator last sent.

Writes test-artifacts/load/<time>-u<USERS>/ (Locust's CSV and HTML, summary JSON, report.md)
and adds the two rows to test-artifacts/load/results.md.
"""

import argparse
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.load.citizens import (
    Citizen,
    cccd_number,
    create_citizens,
    last_sent,
    mismatches,
    read_citizens,
    write_citizens,
)
from benchmarks.load.journey import journey
from benchmarks.load.protocol import Tab
from tests.support import streamlit_server

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test-artifacts" / "load"
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Row:
    """One line of the report."""

    server: str
    users: int
    journeys: int
    failed_journeys: int
    failed_clicks: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    steady_p50_ms: float
    steady_p95_ms: float
    steady_max_ms: float
    cpu_ms_per_journey: float
    rss_idle_mb: float
    rss_peak_mb: float
    rss_mb_per_session: float
    wrong_results: int
    load_before: str
    load_after: str
    generator_cpu_s: float


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes, all their threads."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


def rss_mb(pids: list[int]) -> float:
    pages = sum(int(Path(f"/proc/{pid}/statm").read_text().split()[1]) for pid in pids)
    return pages * PAGE / 2**20


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _quiet(pids: list[int], seconds: float = 0.5, limit: float = 15) -> None:
    """Wait until the processes use no CPU for `seconds` (their runs and clean-ups done)."""
    end = time.monotonic() + limit
    last = cpu_seconds(pids)
    while time.monotonic() < end:
        time.sleep(seconds)
        now = cpu_seconds(pids)
        if now == last:
            return
        last = now


def _locust(args: argparse.Namespace, base: str, work: Path, name: str, pids: list[int]) -> float:
    """Run Locust headless against `base`, sampling the servers' RSS; returns its peak, MB."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "LOAD_CITIZENS": str(work / "citizens.csv"),
        "LOAD_THINK": args.think,
        "LOAD_SENT": str(work / f"{name}-sent.jsonl"),
        "LOAD_SUMMARY": str(work / f"{name}-summary.json"),
    }
    command = [sys.executable, "-m", "locust", "-f", str(Path(__file__).with_name("locustfile.py"))]
    command += ["--headless", "-u", str(args.users), "-r", str(args.ramp), "-t", args.duration]
    command += ["--stop-timeout", "300", "--host", base, "--only-summary"]
    command += ["--csv", str(work / name), "--html", str(work / f"{name}.html")]
    peak = rss_mb(pids)
    with (work / f"{name}-locust.log").open("w") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        while proc.poll() is None:
            peak = max(peak, rss_mb(pids))
            time.sleep(1)
    return peak


def _floor_mismatches(path: Path, sent: dict[str, dict[str, int]]) -> int:
    with sqlite3.connect(path) as conn:
        stored = {c: json.loads(a) for c, a in conn.execute("SELECT cccd, answers FROM submission")}
    return sum(1 for cccd, answers in sent.items() if stored.get(cccd) != answers)


def measure(args: argparse.Namespace, name: str, base: str, pids: list[int], work: Path) -> Row:
    """Warm up, then one Locust run against the server at `base` (processes `pids`)."""
    spare = read_citizens(work / "citizens.csv")[-1]
    tab = Tab(base)
    try:
        journey(tab, spare, timed=lambda *_: None, think=lambda: None, rng=random.Random())
    finally:
        tab.close()
    _quiet(pids)
    idle, cpu_before, load_before = rss_mb(pids), cpu_seconds(pids), load_average()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = _locust(args, base, work, name, pids)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    _quiet(pids)
    cpu = cpu_seconds(pids) - cpu_before
    summary = json.loads((work / f"{name}-summary.json").read_text())
    sent = last_sent(work / f"{name}-sent.jsonl")
    if name in FLOOR_FILES:
        wrong = _floor_mismatches(work / FLOOR_FILES[name], sent)
    else:
        wrong = len(mismatches(args.database_url or f"sqlite:///{work / 'cdht.db'}", sent))
    journeys = summary["journeys"]
    return Row(
        server=name,
        users=args.users,
        journeys=journeys,
        failed_journeys=summary["journey_failures"],
        failed_clicks=summary["click_failures"],
        p50_ms=summary["p50_ms"],
        p95_ms=summary["p95_ms"],
        max_ms=round(summary["max_ms"]),
        steady_p50_ms=round(summary["steady_p50_ms"]),
        steady_p95_ms=round(summary["steady_p95_ms"]),
        steady_max_ms=round(summary["steady_max_ms"]),
        cpu_ms_per_journey=round(1000 * cpu / max(journeys, 1)),
        rss_idle_mb=round(idle, 1),
        rss_peak_mb=round(peak, 1),
        rss_mb_per_session=round((peak - idle) / args.users, 2),
        wrong_results=wrong,
        load_before=load_before,
        load_after=load_average(),
        generator_cpu_s=round(
            after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime, 1
        ),
    )


# Both servers run as deploy/cdht@.service runs CDHT: glibc keeps two malloc arenas, not one per
# thread that ever allocated (the Argon2 buffers of concurrent logins would stay in each).
SERVER_ENV = {"MALLOC_ARENA_MAX": "2"}


def run_cdht(args: argparse.Namespace, work: Path) -> Row:
    url = args.database_url or f"sqlite:///{work / 'cdht.db'}"
    write_citizens(work / "citizens.csv", create_citizens(url, args.users + 1))
    if args.target:
        pids = [int(p) for p in args.pids.split(",")]
        return measure(args, "cdht", args.target, pids, work)
    env = {
        **SERVER_ENV,
        "CDHT_DATABASE_URL": url,
        "CDHT_EVIDENCE_DIR": str(work / "evidence"),
        # Every simulated citizen comes from 127.0.0.1: the limit of logins at once from one
        # address (30, meant for an office behind one address) would refuse the rush itself.
        "CDHT_LOGIN_LIMIT_PER_ADDRESS": "1000000",
    }
    with streamlit_server("server.py", env, work / "cdht-server.log") as server:
        return measure(args, "cdht", server.base, [server.pid], work)


# The floors by name: the bare one, and the guarded one (BENCH_FLOOR_GUARD, floor_page.py).
FLOOR_FILES = {"floor": "floor.db", "guarded floor": "guarded-floor.db"}


def run_floor(args: argparse.Namespace, work: Path, name: str = "floor") -> Row:
    env = {**SERVER_ENV, "BENCH_FLOOR_DB": str(work / FLOOR_FILES[name])}
    if name == "guarded floor":
        env["BENCH_FLOOR_GUARD"] = "1"
    script = "benchmarks/load/floor_page.py"
    log = work / f"{name.replace(' ', '-')}-server.log"
    with streamlit_server(script, env, log) as server:
        return measure(args, name, server.base, [server.pid], work)


HEADER = (
    "| server | users | journeys done | failed journeys | failed clicks | click p50 ms | p95 ms "
    "| max ms | after the ramp: p50 ms | p95 ms | max ms | server CPU ms / journey | RSS idle MB "
    "| RSS peak MB | RSS MB / session "
    "| wrong results | load before | load after | generator CPU s |"
)


RULE = "|" + "---|" * (HEADER.count("|") - 1)


def table_row(row: Row) -> str:
    return "| " + " | ".join(str(v) for v in asdict(row).values()) + " |"


def report(args: argparse.Namespace, rows: list[Row], work: Path) -> str:
    cdht = next((r for r in rows if r.server == "cdht"), None)
    lines = [
        f"# make loadtest, {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        f"USERS={args.users} RAMP={args.ramp} DURATION={args.duration} THINK={args.think}"
        f"{' TARGET=' + args.target if args.target else ''}",
        "",
        HEADER,
        RULE,
        *(table_row(r) for r in rows),
    ]
    for floor in (r for r in rows if r.server in FLOOR_FILES):
        if cdht is None:
            break
        ratio = {
            "p50": cdht.p50_ms / max(floor.p50_ms, 1),
            "p95": cdht.p95_ms / max(floor.p95_ms, 1),
            "p95 after the ramp": cdht.steady_p95_ms / max(floor.steady_p95_ms, 1),
            "CPU per journey": cdht.cpu_ms_per_journey / max(floor.cpu_ms_per_journey, 1),
            "RSS per session": cdht.rss_mb_per_session / max(floor.rss_mb_per_session, 0.01),
        }
        lines += [
            "",
            f"Ratio to the {floor.server}: " + ", ".join(f"{k} {v:.2f}" for k, v in ratio.items()),
        ]
    text = "\n".join(lines) + "\n"
    (work / "report.md").write_text(text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="CDHT's deadline rush and its floor")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--ramp", type=float, default=5, help="users started per second")
    parser.add_argument("--duration", default="60s")
    parser.add_argument("--think", default="2-5", help="seconds before each click, low-high")
    parser.add_argument("--target", default="", help="a running CDHT (e.g. behind nginx)")
    parser.add_argument("--pids", default="", help="the target's server processes: 12,34")
    parser.add_argument("--database-url", default="", help="the (empty) database to use")
    parser.add_argument("--only", choices=("cdht", "floor"), default=None)
    parser.add_argument(
        "--guarded", action="store_true", help="also the guarded floor (floor_page.py)"
    )
    args = parser.parse_args(argv)
    if args.target and not (args.pids and args.database_url):
        parser.error("TARGET needs --pids (its server processes) and --database-url")
    work = OUT / f"{time.strftime('%Y%m%d-%H%M%S')}-u{args.users}"
    work.mkdir(parents=True)
    rows = []
    if args.only != "floor":
        rows.append(run_cdht(args, work))
    if args.only != "cdht":
        if args.only == "floor":  # the floor checks no password
            people = [Citizen(cccd_number(n), "-") for n in range(args.users + 1)]
            write_citizens(work / "citizens.csv", people)
        rows.append(run_floor(args, work))
        if args.guarded:
            rows.append(run_floor(args, work, "guarded floor"))
    text = report(args, rows, work)
    print(text)
    results = OUT / "results.md"
    with results.open("a") as f:
        if f.tell() == 0:
            f.write(f"{HEADER}\n{RULE}\n")
        f.writelines(table_row(r) + "\n" for r in rows)
    print(f"written to {work}")
    return 0 if all(r.failed_journeys == r.wrong_results == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
