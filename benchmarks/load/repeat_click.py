"""Server CPU of one kind of click repeated in one logged-in tab, CDHT beside the floor page.

`per_click` walks whole journeys, so a kind that comes once a journey is measured in a few clock
ticks (10 ms each); this repeats one kind many times, for a finer before/after of a change:
`step` alternates "Tiếp theo" and "Quay lại" (reruns of the form alone), `menu` opens
"Tự đánh giá" from the menu (a run of the whole app). After a warm-up journey, one tab logs in,
opens the form and clicks CLICKS times without think time; the server process's CPU time
(/proc/PID/stat, all threads) over those clicks, divided by CLICKS, is printed.

    .venv/bin/python -m benchmarks.load.repeat_click step|menu [CLICKS]
"""

import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.load.citizens import Citizen
from benchmarks.load.journey import ASSESS_PAGE, BACK, NEXT, journey
from benchmarks.load.per_click import SETTLE, on_both
from benchmarks.load.protocol import Tab
from benchmarks.load.run import cpu_seconds

KINDS = ("step", "menu")


def _step(tab: Tab, n: int) -> None:
    """Forward twice, back twice, and so on: the same screens on both servers."""
    label = NEXT if n % 4 < 2 else BACK
    tab.click(tab.screen.widget("button", label))


def _menu(tab: Tab, _n: int) -> None:
    tab.go_to(ASSESS_PAGE)


def repeated(kind: str, clicks: int) -> Callable[[str, int, list[Citizen]], float]:
    """A `walk` for `on_both`: CPU ms per click of `kind`, `clicks` times in one tab."""
    click = _step if kind == "step" else _menu

    def walk(base: str, pid: int, people: list[Citizen]) -> float:
        warm_up = Tab(base)
        try:
            journey(
                warm_up, people[0], timed=lambda *_: None, think=lambda: None, rng=random.Random()
            )
        finally:
            warm_up.close()
        tab = Tab(base)
        try:
            tab.open()
            fields = {"Số CCCD": people[1].cccd, "Mật khẩu": people[1].password}
            tab.submit(tab.screen.widget("button", "Đăng nhập"), fields)
            tab.go_to(ASSESS_PAGE)
            time.sleep(SETTLE)
            before = cpu_seconds([pid])
            for n in range(clicks):
                click(tab, n)
            time.sleep(SETTLE)
            return 1000 * (cpu_seconds([pid]) - before) / clicks
        finally:
            tab.close()

    return walk


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in KINDS:
        print(__doc__)
        return 2
    kind, clicks = argv[0], int(argv[1]) if len(argv) > 1 else 200
    with tempfile.TemporaryDirectory() as work:
        ms = on_both(2, Path(work), repeated(kind, clicks))
    print(f"Server CPU per '{kind}' click, {clicks} clicks in one tab (no think time)\n")
    print("| click | CDHT CPU ms | floor CPU ms | ratio |\n|---|---:|---:|---:|")
    print(f"| {kind} | {ms['cdht']:.1f} | {ms['floor']:.1f} | {ms['cdht'] / ms['floor']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
