"""The cost of pressing "Gửi phiếu thông tin" in the running app, in a real browser.

One session at a time: the time from the press to the new total on screen, 20 presses,
median and worst. Each press changes indicator 1 (10 ↔ 8) so the total on screen must change.
Run: make bench   (or .venv/bin/python -m benchmarks.bench_browser)
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support import app_server, cli, launch, log_in, metric, set_up_unit  # noqa: E402

PRESSES = 20
CCCD, PASSWORD = "051190001234", "Hoc-tap-suot-doi-2026"


def main() -> None:
    from cdht.window import local_year, now_utc

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'browser.db'}"
        code = set_up_unit(url, local_year(now_utc()), name="Sở Tư pháp")
        cli(url, "user", "create", "--unit", code, "--cccd", CCCD, "--name", "Nguyễn Thị Ánh",
            "--role", "citizen", "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
        with app_server(url) as base, sync_playwright() as p:
            browser = launch(p)
            page = browser.new_page()
            log_in(page, base, CCCD, PASSWORD)
            radios = page.locator("[data-testid=stForm] [data-testid=stRadio]")
            expect(radios).to_have_count(10)
            for n in range(10):
                radios.nth(n).locator("label").filter(has_text="(10 điểm)").click()
            button = page.get_by_role("button", name="Gửi phiếu thông tin")
            samples = []
            for press in range(PRESSES):
                first = 8 if press % 2 == 0 else 10
                radios.nth(0).locator("label").filter(has_text=f"({first} điểm)").click()
                began = time.perf_counter()
                button.click()
                expect(metric(page, "Tổng điểm")).to_have_text(f"{90 + first}/100", timeout=30_000)
                samples.append(time.perf_counter() - began)
            browser.close()
    ms = [s * 1000 for s in samples]
    print(f"press to result on screen, {PRESSES} presses: median {statistics.median(ms):.0f} ms, "
          f"worst {max(ms):.0f} ms (first press {ms[0]:.0f} ms: it also draws the first chart); "
          f"after the first: worst {max(ms[1:]):.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
