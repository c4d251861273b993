"""Building the unit's lists for 1,000 and 100,000 people, against plain xlsxwriter.

Each figure is reported beside a raw baseline measured on the same machine: xlsxwriter in
constant-memory mode writing the same rows and columns with no styling, sorting or safety. The
export through the database (`export_roster`, what the roster page's button calls) reads a SQLite
file holding 100,000 assessments of one unit; its baseline is a plain sqlite3 SELECT of the same
columns feeding that plain writer.

Ours and the baseline run interleaved, so that both see the same load on a shared machine.
1,000 rows: best of 10 in this process. 100,000 rows: each build runs in a fresh process (best of
3); "RSS +MB" is the growth of its peak RSS during the build (see _in_fresh_process). Peak MB is
Python's traced peak while building (a second run, under tracemalloc).
Run: make bench   (or .venv/bin/python -m benchmarks.bench_lists)
"""

import io
import multiprocessing
import random
import resource
import sqlite3
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
import xlsxwriter
from sqlmodel import Session

from cdht.criteria import CRITERIA_DIR, load_all
from cdht.db.actors import actor_for
from cdht.db.engine import init_db, make_engine
from cdht.db.models import Account, Assessment, Unit
from cdht.db.roster_rows import export_roster
from cdht.passwords import hash_password
from cdht.print_list import PrintHeader, print_list_xlsx
from cdht.roster import RosterRow, roster_xlsx

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = ("Văn", "Thị", "Minh", "Ngọc", "Hữu", "Thu")
GIVEN = ("An", "Ánh", "Bình", "Cường", "Dũng", "Đạt", "Hà", "Hải", "Lan", "Long", "Mai", "Vy")
DEPARTMENTS = ("Văn phòng", "Phòng Chính sách", "=1+1", "Thanh tra")
HEADER = PrintHeader("Ban Dân tộc tỉnh Quảng Ngãi", "UBND tỉnh Quảng Ngãi", 2026, "Trần Minh Sơn")
NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
LARGE = 100_000
ROSTER_SQL = """
SELECT c.full_name, c.cccd, c.gender, c.birth_year, c.department, c.position, a."group",
       a.comp1_points, a.comp2_points, a.comp3_points, a.total, a.recognised, a.submitted_at,
       a.entered_by_id, a.criteria_version, CASE WHEN a.recognised THEN NULL ELSE a.answers END
FROM assessment a JOIN account c ON c.id = a.account_id
WHERE a.unit_id = ? AND a.year = ?
"""


def rows(n: int, seed: int = 24) -> list[RosterRow]:
    rng = random.Random(seed)
    start = datetime(2026, 9, 1, tzinfo=UTC)
    return [
        RosterRow(
            full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            cccd=f"051{rng.randrange(4)}{rng.randrange(60, 99)}{rng.randrange(10**6):06d}",
            gender=rng.choice(("Nam", "Nữ")),
            birth_year=rng.randrange(1966, 2002),
            department=rng.choice(DEPARTMENTS),
            position="Chuyên viên",
            group="III",
            comp_points=(rng.randrange(20, 41), rng.randrange(20, 41), rng.randrange(10, 21)),
            total=rng.randrange(50, 101),
            recognised=rng.random() < 0.85,
            submitted_at=start + timedelta(minutes=rng.randrange(60 * 24 * 60)),
        )
        for _ in range(n)
    ]


def baseline_xlsxwriter(table: Iterable[Sequence]) -> bytes:
    """Plain constant-memory writing: one write_row per row, no formats."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"constant_memory": True, "remove_timezone": True})
    ws = wb.add_worksheet()
    for r, values in enumerate(table):
        ws.write_row(r, 0, values)
    wb.close()
    return buffer.getvalue()


def baseline_print(data: list[RosterRow]) -> bytes:
    """The print list's 12 columns."""
    return baseline_xlsxwriter(
        (
            n, row.full_name, row.birth_year, row.gender, row.department, row.position,
            *row.comp_points, row.total, "Đạt" if row.recognised else "Chưa đạt", row.note,
        )
        for n, row in enumerate(data, start=1)
    )  # fmt: skip


def baseline_roster(data: list[RosterRow]) -> bytes:
    """The data list's 15 columns."""
    return baseline_xlsxwriter(
        (
            n, row.full_name, row.cccd, row.gender, row.birth_year, row.department, row.position,
            row.group, *row.comp_points, row.total, "Đạt" if row.recognised else "Chưa đạt",
            row.submitted_at, row.note,
        )
        for n, row in enumerate(data, start=1)
    )  # fmt: skip


def baseline_database(path: str) -> bytes:
    """A plain sqlite3 SELECT of the list's columns, straight into the plain writer."""
    connection = sqlite3.connect(path)
    try:
        cursor = connection.execute(ROSTER_SQL, (1, 2026))
        return baseline_xlsxwriter(
            (n, *values) for n, values in enumerate(cursor, start=1)
        )  # fmt: skip
    finally:
        connection.close()


def generate_unit(path: str, n: int, seed: int = 7) -> None:
    """One unit, its manager (account n + 1) and n members who all self-assessed, in bulk."""
    rng = random.Random(seed)
    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    digest = hash_password("Hoc-tap-suot-doi-2026")
    with engine.begin() as conn:
        conn.execute(
            sa.insert(Unit),
            [dict(code="BENCH001", code_key="bench001", name="Ban Dân tộc tỉnh Quảng Ngãi",
                  created_at=NOW)],
        )  # fmt: skip
        conn.execute(
            sa.insert(Account),
            [
                dict(cccd=f"051{k:09d}", gender=rng.choice(("Nam", "Nữ")),
                     full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                     birth_year=rng.randrange(1966, 2002), ethnicity="Kinh", unit_id=1,
                     department=rng.choice(DEPARTMENTS), position="Chuyên viên",
                     role="manager" if k > n else "citizen", password_hash=digest,
                     must_change_password=False, created_at=NOW)
                for k in range(1, n + 2)
            ],
        )  # fmt: skip
        assessments = []
        for k in range(1, n + 1):
            points = rng.choices((4, 7, 8, 9, 10), weights=(1, 6, 8, 8, 8), k=10)
            answers = {str(i): mark for i, mark in enumerate(points, start=1)}
            c1, c2, c3 = sum(points[:4]), sum(points[4:8]), sum(points[8:])
            at = datetime(2026, 9, 1, tzinfo=UTC) + timedelta(minutes=rng.randrange(86_400))
            assessments.append(
                dict(account_id=k, unit_id=1, year=2026, group="III", criteria_version="bench",
                     answers=answers, notes={}, total=c1 + c2 + c3, comp1_points=c1,
                     comp2_points=c2, comp3_points=c3,
                     recognised=c1 + c2 + c3 >= 80 and min(points) >= 5,
                     entered_by_id=n + 1 if k % 10 == 0 else None, first_submitted_at=at,
                     first_submitted_on=at.date(), submitted_at=at)
            )  # fmt: skip
        conn.execute(sa.insert(Assessment), assessments)
    engine.dispose()


def _build(kind: str, n: int, path: str) -> Callable[[], bytes]:
    """The build to measure, its inputs ready: generated rows, or a session on the file."""
    if kind in ("database", "database baseline"):
        if kind == "database baseline":
            return lambda: baseline_database(path)
        session = Session(make_engine(f"sqlite:///{path}"))
        manager = actor_for(session.get(Account, n + 1))
        criteria = {"III": replace(load_all(CRITERIA_DIR)["III"], version="bench")}
        return lambda: export_roster(
            session, manager, unit_id=1, year=2026, criteria=criteria, now=NOW
        )
    data = rows(n)
    return {
        "print": lambda: print_list_xlsx(data, HEADER),
        "print baseline": lambda: baseline_print(data),
        "roster": lambda: roster_xlsx(data, unit_name="U", year=2026),
        "roster baseline": lambda: baseline_roster(data),
    }[kind]


def _traced_peak_mb(build: Callable[[], bytes]) -> float:
    tracemalloc.start()
    build()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return peak


def _rss_mb(field: str) -> float:
    """VmRSS or VmHWM (the peak) of this process, from /proc, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def _reset_peak_rss() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_fresh_process(kind: str, n: int, path: str, traced: bool) -> tuple[float, float, float]:
    """Seconds, growth of the peak RSS in MB, and (when `traced`) the traced peak in MB.

    getrusage's ru_maxrss is not the build's own in a spawned process: Linux carries the peak of
    the parent's forked copy over the exec. Where /proc allows it, the peak (VmHWM) is reset just
    before the build instead, and its growth over the RSS at that moment is reported.
    """
    build = _build(kind, n, path)
    proc = _reset_peak_rss()
    before = _rss_mb("VmRSS") if proc else _max_rss_mb()
    began = time.perf_counter()
    build()
    seconds = time.perf_counter() - began
    growth = (_rss_mb("VmHWM") if proc else _max_rss_mb()) - before
    return seconds, growth, _traced_peak_mb(build) if traced else float("nan")


def large(kind: str, path: str, runs: int = 3) -> tuple[tuple, tuple]:
    """(ours, baseline): best time of `runs` fresh processes each, interleaved so that both see the
    same machine load; RSS growth and traced peak of the first run."""
    spawn = multiprocessing.get_context("spawn")
    results: dict[str, list[tuple[float, float, float]]] = {kind: [], f"{kind} baseline": []}
    for run in range(runs):
        order = list(results) if run % 2 else list(reversed(results))
        for which in order:
            with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
                job = pool.submit(_in_fresh_process, which, LARGE, path, run == 0)
                results[which].append(job.result())
    ours, base = results.values()
    return (
        (min(r[0] for r in ours), ours[0][1], ours[0][2]),
        (min(r[0] for r in base), base[0][1], base[0][2]),
    )


def small(kind: str, n: int, runs: int = 10) -> tuple[tuple, tuple]:
    """(ours, baseline): best of `runs`, interleaved, in this process; traced peak."""
    builds = {kind: _build(kind, n, ""), f"{kind} baseline": _build(f"{kind} baseline", n, "")}
    best = dict.fromkeys(builds, float("inf"))
    for _ in range(runs):
        for which, build in builds.items():
            began = time.perf_counter()
            build()
            best[which] = min(best[which], time.perf_counter() - began)
    ours, base = ((best[k], float("nan"), _traced_peak_mb(b)) for k, b in builds.items())
    return ours, base


def main() -> None:
    print(
        f"{'list':<34}{'rows':>9}{'seconds':>9}{'baseline s':>12}{'ratio':>7}"
        f"{'peak MB':>9}{'RSS +MB':>9}{'base peak':>10}{'base RSS+':>10}"
    )

    def line(name: str, n: int, measured: tuple[tuple, tuple]) -> None:
        ours, base = measured
        print(
            f"{name:<34}{n:>9,}{ours[0]:>9.3f}{base[0]:>12.3f}{ours[0] / base[0]:>7.2f}"
            f"{ours[2]:>9.1f}{ours[1]:>9.1f}{base[2]:>10.1f}{base[1]:>10.1f}",
            flush=True,
        )

    lists = (("print-ready list (.xlsx)", "print"), ("data list with CCCD (.xlsx)", "roster"))
    for name, kind in lists:
        line(name, 1_000, small(kind, 1_000))
    for name, kind in lists:
        line(name, LARGE, large(kind, ""))
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "unit.db")
        began = time.perf_counter()
        generate_unit(path, LARGE)
        generated = time.perf_counter() - began
        line("data list via DB (export_roster)", LARGE, large("database", path))
    print(f"(SQLite file of one unit with {LARGE:,} assessments generated in {generated:.1f} s)")


if __name__ == "__main__":
    main()
