"""Building the unit's lists for 1,000 and 100,000 people, against plain xlsxwriter.

Each figure is reported with a raw baseline measured in the same process: xlsxwriter in
constant-memory mode writing the same rows and columns with no styling, sorting or safety.
Run: make bench   (or .venv/bin/python -m benchmarks.bench_lists)
"""

import io
import random
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import xlsxwriter

from cdht.print_list import PrintHeader, print_list_xlsx
from cdht.roster import RosterRow, roster_xlsx

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = ("Văn", "Thị", "Minh", "Ngọc", "Hữu", "Thu")
GIVEN = ("An", "Ánh", "Bình", "Cường", "Dũng", "Đạt", "Hà", "Hải", "Lan", "Long", "Mai", "Vy")


def rows(n: int, seed: int = 24) -> list[RosterRow]:
    rng = random.Random(seed)
    start = datetime(2026, 9, 1, tzinfo=UTC)
    return [
        RosterRow(
            full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            cccd=f"051{rng.randrange(4)}{rng.randrange(60, 99)}{rng.randrange(10**6):06d}",
            gender=rng.choice(("Nam", "Nữ")),
            birth_year=rng.randrange(1966, 2002),
            department=rng.choice(("Văn phòng", "Phòng Chính sách", "=1+1", "Thanh tra")),
            position="Chuyên viên",
            group="III",
            comp_points=(rng.randrange(20, 41), rng.randrange(20, 41), rng.randrange(10, 21)),
            total=rng.randrange(50, 101),
            recognised=rng.random() < 0.85,
            submitted_at=start + timedelta(minutes=rng.randrange(60 * 24 * 60)),
        )
        for _ in range(n)
    ]


def baseline_xlsxwriter(data: list[RosterRow]) -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False})
    ws = wb.add_worksheet()
    for r, row in enumerate(data):
        ws.write_row(
            r,
            0,
            (
                r + 1, row.full_name, row.birth_year, row.gender, row.department, row.position,
                *row.comp_points, row.total, "Đạt" if row.recognised else "Chưa đạt", "",
            ),
        )  # fmt: skip
    wb.close()
    return buffer.getvalue()


def measure(build: Callable[[], bytes]) -> tuple[float, float]:
    """Seconds (best of 3 for small inputs, 1 run for large) and peak traced memory in MB."""
    tracemalloc.start()
    began = time.perf_counter()
    build()
    seconds = time.perf_counter() - began
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak


def timed(build: Callable[[], bytes], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        began = time.perf_counter()
        build()
        best = min(best, time.perf_counter() - began)
    return best


def main() -> None:
    header = PrintHeader(
        "Ban Dân tộc tỉnh Quảng Ngãi", "UBND tỉnh Quảng Ngãi", 2026, "Trần Minh Sơn"
    )
    print(f"{'list':<28}{'rows':>9}{'seconds':>10}{'baseline s':>12}{'ratio':>7}{'peak MB':>9}")
    for n in (1_000, 100_000):
        data = rows(n)
        runs = 3 if n <= 1_000 else 1
        base = timed(lambda data=data: baseline_xlsxwriter(data), runs)
        for name, build in (
            ("print-ready list (.xlsx)", lambda data=data: print_list_xlsx(data, header)),
            ("data list with CCCD (.xlsx)", lambda data=data: roster_xlsx(data, unit_name="U", year=2026)),
        ):  # fmt: skip
            seconds = timed(build, runs)
            _, peak = measure(build)
            print(
                f"{name:<28}{n:>9,}{seconds:>10.3f}{base:>12.3f}{seconds / base:>7.2f}{peak:>9.1f}"
            )


if __name__ == "__main__":
    main()
