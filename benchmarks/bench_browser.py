"""The cost of pressing "Gửi phiếu thông tin" in the running app, in a real browser.

Each figure is measured on CDHT and on a bare Streamlit page with the same form and one SQLite
insert (benchmarks/bare_page.py), in the same run, on the same Chromium.

(a) One session at a time, 20 presses: the time from the click on "Gửi phiếu thông tin" in the
    confirmation to the metric "Tổng điểm" showing the new total, read in the page itself (click
    event to the animation frame where the value is in the DOM). The citizen first answers all
    10 indicators at 10 points step by step; before each press indicator 1 changes (8 ↔ 10)
    through "Sửa và gửi lại", step 1, "Tiếp theo" ×2, "Xem lại và gửi", not timed. The first
    press is reported apart: it is the first result view drawn. The server's CPU per press is
    read too (see below).
(b) 10 sessions (browser contexts) of 10 citizens with a saved draft stand at the confirmation
    and press at the same instant (a timer set in each page to one wall-clock moment). The server
    process's CPU time (user + system, all threads, /proc/PID/stat) is read while it is quiet
    right before the presses, and again once it is quiet after all 10 results are on screen, so
    the clean-up Streamlit does after a run's last message is counted. One warm-up round, then
    5 measured rounds; the way back to the confirmation between rounds is not counted.

Run: make bench   (or .venv/bin/python -m benchmarks.bench_browser)
"""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cdht.db.accounts import create_user  # noqa: E402
from cdht.db.assessments import save_draft  # noqa: E402
from cdht.db.engine import make_engine  # noqa: E402
from cdht.db.units import find_unit_by_code  # noqa: E402
from cdht.window import local_year, now_utc  # noqa: E402
from tests.support import (  # noqa: E402
    DESKTOP,
    TIMEOUT,
    Server,
    launch,
    log_in,
    metric,
    set_up_unit,
    step,
    streamlit_server,
)

PRESSES = 20
SESSIONS = 10
ROUNDS = 5  # measured, after one warm-up round
LEAD_S = 1.0  # the timers of all pages are set this long before they press
IDLE_S = 0.2  # no CPU tick for this long: the server is quiet
PASSWORD = "Hoc-tap-suot-doi-2026"
CCCD = "051190001234"
NAMES = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khoa", "Lan", "Minh", "Nga"]
ALL_TEN = {str(n): 10 for n in range(1, 11)}
# No file watcher: the server keeps the code it started with and spends nothing on watching.
QUIET = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
BUTTON = "Gửi phiếu thông tin"

# The moment of the click, kept in the page (performance.now() of the click event).
ARM = """(button) => {
  window.__pressAt = null;
  button.addEventListener('click', () => { window.__pressAt = performance.now(); },
                          {capture: true, once: true});
}"""
# Click at one wall-clock moment (ms since the epoch), shared by every page of the browser.
PRESS_AT = """(button, at) => {
  window.__pressAt = null;
  setTimeout(() => { window.__pressAt = performance.now(); button.click(); },
             Math.max(0, at - Date.now()));
}"""
# Counts the messages from the server on Streamlit's WebSocket (run before the app's scripts).
COUNT_MESSAGES = """(() => {
  const Native = window.WebSocket;
  window.__received = 0;
  window.__lastReceived = 0;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => {
        window.__received += 1;
        window.__lastReceived = performance.now();
      });
    }
  };
})();"""
# The server has answered since `seen` messages, then been quiet, and the app is not running.
# (The app's "running" mark alone is not enough: a short run can start and end in one render.)
ANSWERED = """(seen) => window.__received > seen
  && performance.now() - window.__lastReceived > 100
  && document.querySelector('[data-testid=stApp]').dataset.testScriptState === 'notRunning'"""
# Milliseconds from the click to the frame where the metric "Tổng điểm" holds `expected`.
RESULT = """(expected) => {
  if (window.__pressAt === null || window.__pressAt === undefined) return false;
  for (const card of document.querySelectorAll('[data-testid=stMetric]')) {
    const label = card.querySelector('[data-testid=stMetricLabel]');
    const value = card.querySelector('[data-testid=stMetricValue]');
    if (label && value && label.textContent.trim() === 'Tổng điểm'
        && value.textContent.trim() === expected) {
      return Math.max(performance.now() - window.__pressAt, 0.001);
    }
  }
  return false;
}"""


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process (all its threads), from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_cpu(pid: int) -> float:
    """The server's CPU seconds once it has used none for IDLE_S.

    Streamlit ends each run with a full garbage collection after the run's last message, so
    the screen can be done before the server is: its figure is read when it is quiet again.
    """
    deadline = time.monotonic() + TIMEOUT / 1000
    last = cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(IDLE_S)
        now = cpu_seconds(pid)
        if now == last:
            return now
        last = now
    raise RuntimeError(f"the server (pid {pid}) never went quiet")


def points_for(press: int) -> int:
    """Indicator 1 alternates 8, 10, 8 … so each press shows a new total."""
    return 8 if press % 2 == 0 else 10


def result_ms(page: Page, expected: str) -> float:
    """Wait for the new total on screen, then for the run to end; ms from the click."""
    shown = page.wait_for_function(RESULT, arg=expected, polling="raf", timeout=TIMEOUT)
    ms = shown.json_value()
    step(page)
    return ms


def send_button(page: Page) -> Locator:
    return page.get_by_role("button", name=BUTTON)


def rerun(page: Page, action: Callable[[], object]) -> None:
    """Do `action` and wait until the rerun it caused has finished.

    `step` alone can return before the server's first message after a click (the app still
    reads "notRunning"), and the next click then lands on the old screen.
    """
    seen = page.evaluate("window.__received")
    action()
    page.wait_for_function(ANSWERED, arg=seen, polling=20, timeout=TIMEOUT)
    step(page)


def new_page(browser: Browser) -> Page:
    """A page in its own browser context (own cookies, own login), counting server messages."""
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(COUNT_MESSAGES)
    return context.new_page()


def click_button(page: Page, name: str) -> None:
    rerun(page, page.get_by_role("button", name=name).click)


def choose(page: Page, points: int, nth: int = 0) -> None:
    """The `nth` radio on screen (indicator 1 on the first step) at `points`."""
    radio = page.locator("[data-testid=stMain] [data-testid=stRadio]").nth(nth)
    option = radio.locator("label").filter(has_text=f"— {points} điểm")
    option.click()
    expect(option.locator("input")).to_be_checked()


# --- the two pages: how to reach the press, in each ---------------------------------------


def cdht_to_confirmation(page: Page, points: int) -> None:
    """From the result: "Sửa và gửi lại", indicator 1 at `points`, on to the confirmation."""
    click_button(page, "Sửa và gửi lại")
    cdht_from_step_one(page, points)


def cdht_answer_all(page: Page) -> None:
    """Every indicator at 10 points, step after step, as a person does; ends on step 1."""
    for n in (1, 2, 3):
        expect(page.get_by_text(f"Bước {n}/3")).to_be_visible(timeout=TIMEOUT)
        radios = page.locator("[data-testid=stMain] [data-testid=stRadio]").count()
        for nth in range(radios):
            rerun(page, lambda nth=nth: choose(page, 10, nth))
        if n < 3:
            click_button(page, "Tiếp theo")
    for n in (2, 1):
        click_button(page, "Quay lại")
        expect(page.get_by_text(f"Bước {n}/3")).to_be_visible(timeout=TIMEOUT)


def cdht_from_step_one(page: Page, points: int) -> None:
    expect(page.get_by_text("Bước 1/3")).to_be_visible(timeout=TIMEOUT)
    rerun(page, lambda: choose(page, points))  # the draft is saved
    click_button(page, "Tiếp theo")
    expect(page.get_by_text("Bước 2/3")).to_be_visible(timeout=TIMEOUT)
    click_button(page, "Tiếp theo")
    expect(page.get_by_text("Bước 3/3")).to_be_visible(timeout=TIMEOUT)
    click_button(page, "Xem lại và gửi")
    expect(page.get_by_role("heading", name="Xác nhận gửi phiếu")).to_be_visible(timeout=TIMEOUT)
    expect(metric(page, "Tổng điểm dự kiến")).to_have_text(f"{90 + points}/100")


# --- (a) one session at a time --------------------------------------------------------------


@dataclass
class Single:
    wall_ms: list[float]  # press to result on screen, one per press
    cpu_ms: list[float]  # the server's CPU time from the press to the end of its run


def timed_presses(server: Server, page: Page, prepare: Callable[[Page, int, int], None]) -> Single:
    """PRESSES presses; `prepare(page, press, points)` reaches the button first (not timed)."""
    out = Single([], [])
    for press in range(PRESSES):
        points = points_for(press)
        prepare(page, press, points)
        button = send_button(page)
        button.evaluate(ARM)
        before = idle_cpu(server.pid)
        button.click()
        out.wall_ms.append(result_ms(page, f"{90 + points}/100"))
        out.cpu_ms.append((idle_cpu(server.pid) - before) * 1000)
    page.context.close()
    return out


def single_cdht(browser: Browser, server: Server) -> Single:
    page = new_page(browser)
    log_in(page, server.base, CCCD, PASSWORD)
    cdht_answer_all(page)

    def prepare(page: Page, press: int, points: int) -> None:
        if press:
            cdht_to_confirmation(page, points)
        else:
            cdht_from_step_one(page, points)

    return timed_presses(server, page, prepare)


def single_bare(browser: Browser, server: Server) -> Single:
    page = new_page(browser)
    page.goto(server.base)
    step(page)
    return timed_presses(server, page, lambda page, _press, points: choose(page, points))


# --- (b) ten sessions pressing at once -------------------------------------------------------


@dataclass
class Concurrent:
    cpu_ms: list[float]  # server CPU per submission, one figure per measured round
    wall_ms: list[float]  # press to result of every session in the measured rounds
    spread_ms: float  # the widest gap between the first and the last click of a round


def press_all(server: Server, pages: list[Page], expected: str) -> tuple[float, list[float], float]:
    """All pages press at one moment; (server CPU s, ms to each result, click spread ms)."""
    buttons = [send_button(page) for page in pages]
    for button in buttons:
        expect(button).to_be_enabled(timeout=TIMEOUT)
    before = idle_cpu(server.pid)
    at = (time.time() + LEAD_S) * 1000
    for button in buttons:
        button.evaluate(PRESS_AT, at)
    walls = [result_ms(page, expected) for page in pages]
    cpu = idle_cpu(server.pid) - before
    clicks = [page.evaluate("performance.timeOrigin + window.__pressAt") for page in pages]
    return cpu, walls, max(clicks) - min(clicks)


def concurrent(
    server: Server, pages: list[Page], to_confirmation: Callable[[Page, int], None]
) -> Concurrent:
    """Warm-up round, then ROUNDS measured; `to_confirmation(page, points)` between rounds."""
    out = Concurrent([], [], 0.0)
    for round_ in range(ROUNDS + 1):
        points = points_for(round_)
        if round_:
            for page in pages:
                to_confirmation(page, points)
        cpu, walls, spread = press_all(server, pages, f"{90 + points}/100")
        if round_:
            out.cpu_ms.append(cpu * 1000 / len(pages))
            out.wall_ms.extend(walls)
            out.spread_ms = max(out.spread_ms, spread)
    return out


def seed_citizens(url: str, code: str) -> list[str]:
    """The citizen of (a), with nothing answered, and the SESSIONS citizens of (b), each with a
    full draft (indicator 1 at 8); returns the CCCDs of (b)."""
    engine = make_engine(url)
    numbers = [f"05119000{100 + n:04d}" for n in range(SESSIONS)]
    with Session(engine, expire_on_commit=False) as session:
        create_user(session, unit_code=code, cccd=CCCD, full_name="Nguyễn Thị Ánh",
                    role="citizen", password=PASSWORD, now=now_utc())  # fmt: skip
        session.commit()
        group = find_unit_by_code(session, code).default_group
        for number, name in zip(numbers, NAMES, strict=True):
            who = create_user(session, unit_code=code, cccd=number, full_name=f"Nguyễn Văn {name}",
                              role="citizen", password=PASSWORD, now=now_utc())  # fmt: skip
            session.commit()
            save_draft(session, who, group=group, answers=ALL_TEN | {"1": points_for(0)},
                       notes={}, now=now_utc())  # fmt: skip
    engine.dispose()
    return numbers


def many_cdht(browser: Browser, server: Server, numbers: list[str]) -> Concurrent:
    pages = [new_page(browser) for _ in numbers]
    for page, number in zip(pages, numbers, strict=True):
        log_in(page, server.base, number, PASSWORD)
        expect(page.get_by_text("Bước 3/3")).to_be_visible(timeout=TIMEOUT)  # the draft
        click_button(page, "Xem lại và gửi")
        expect(metric(page, "Tổng điểm dự kiến")).to_have_text(f"{90 + points_for(0)}/100")
    try:
        return concurrent(server, pages, cdht_to_confirmation)
    finally:
        for page in pages:
            page.context.close()


def many_bare(browser: Browser, server: Server) -> Concurrent:
    pages = [new_page(browser) for _ in range(SESSIONS)]
    for page in pages:
        page.goto(server.base)
        step(page)
        choose(page, points_for(0))
    try:
        return concurrent(server, pages, choose)
    finally:
        for page in pages:
            page.context.close()


# --- the run and the table -------------------------------------------------------------------


def table(one: Single, bare_one: Single, c: Concurrent, b: Concurrent) -> str:
    """The figures as a Markdown table: figure, CDHT, bare page, ratio."""
    med = statistics.median
    cdht, bare = one.wall_ms, bare_one.wall_ms
    figures = [
        (f"(a) one session, press to result, median of {PRESSES}, ms", med(cdht), med(bare)),
        (f"(a) one session, worst of {PRESSES}, ms", max(cdht), max(bare)),
        ("(a) one session, first press, ms", cdht[0], bare[0]),
        ("(a) one session, worst after the first, ms", max(cdht[1:]), max(bare[1:])),
        ("(a) one session, server CPU per press, median, ms", med(one.cpu_ms), med(bare_one.cpu_ms)),
        (f"(b) server CPU per submission, {SESSIONS} at once, median of {ROUNDS} rounds, ms",
         med(c.cpu_ms), med(b.cpu_ms)),
        ("(b) server CPU per submission, worst round, ms", max(c.cpu_ms), max(b.cpu_ms)),
        (f"(b) press to result, {SESSIONS} at once, median, ms (browser-bound)",
         med(c.wall_ms), med(b.wall_ms)),
        (f"(b) press to result, {SESSIONS} at once, worst, ms (browser-bound)",
         max(c.wall_ms), max(b.wall_ms)),
    ]  # fmt: skip
    lines = ["| figure | CDHT | bare page | ratio |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {x:,.0f} | {y:,.0f} | {x / y:.1f} |" for name, x, y in figures]
    return "\n".join(lines)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        url = f"sqlite:///{Path(tmp) / 'browser.db'}"
        code = set_up_unit(url, local_year(now_utc()), name="Sở Tư pháp")
        numbers = seed_citizens(url, code)
        browser = launch(p)
        bare_env = {**QUIET, "BENCH_BARE_DB": str(Path(tmp) / "bare.db")}
        with streamlit_server("benchmarks/bare_page.py", bare_env) as server:
            bare_single = single_bare(browser, server)
            bare_many = many_bare(browser, server)
        with streamlit_server("server.py", {**QUIET, "CDHT_DATABASE_URL": url}) as server:
            cdht_single = single_cdht(browser, server)
            cdht_many = many_cdht(browser, server, numbers)
        browser.close()
    print(table(cdht_single, bare_single, cdht_many, bare_many))
    print(f"CPU per submission by round, ms: CDHT {[round(x) for x in cdht_many.cpu_ms]}, "
          f"bare page {[round(x) for x in bare_many.cpu_ms]}; widest spread of the "
          f"{SESSIONS} clicks in a round: CDHT {cdht_many.spread_ms:.0f} ms, "
          f"bare page {bare_many.spread_ms:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
