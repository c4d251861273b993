"""The first load of each page of each role, in a real browser, on the demo database.

A fresh SQLite file gets `python -m cdht demo` (one agency of 60 staff, two years of answers, an
association above it); the app runs on it with `streamlit run server.py` and no file watcher.
Each load is a new tab of a logged-in browser context opened at the page's address, as a person
does from a bookmark or a reload. A script installed before the page's own scripts reads, in the
page's clock (performance.now(), from the navigation's start):

- document: HTML, Streamlit's JS bundle and CSS loaded and parsed (DOMContentLoaded);
- connect: from there to the first message sent on the WebSocket (the app asks for a run);
- run: from that message to the first frame where the page's heading (h1) is visible, no
  stSkeleton is left and the app reads "notRunning" (the server's script run, its messages and
  their drawing);
- total: navigation start to that frame;

and the server process's CPU time (user + system, /proc/PID/stat) used by the load, read when it
is quiet before and after.

"first" is the first load of a page since the server started: the login page by the server's
first visitor, then each page in the administrator's context (who has every page), after the
four logins; "warm" is the median of
REPEATS later loads of the page by each role. The raw baseline, in the same run: a bare
Streamlit page (benchmarks/bare_page.py: a title and a form of 10 radios, no login, no database
read) on its own fresh server, first and warm. Then the parts of a run measured alone, each in a
fresh interpreter: importing Streamlit, pandas, plotly, the app's pages' modules; loading the
criteria YAML; one Argon2 hash.

Run: make bench   (or .venv/bin/python -m benchmarks.bench_first_load)
"""

import re
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Browser, BrowserContext, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_browser import QUIET, idle_cpu  # noqa: E402
from tests.support import (  # noqa: E402
    DESKTOP,
    ROOT,
    TIMEOUT,
    Server,
    cli,
    launch,
    log_in,
    streamlit_server,
)

REPEATS = 3
ROLES = ("admin", "manager", "leader", "citizen")
# In the page, before its scripts: the navigation's milestones in performance.now() time.
MILESTONES = """(() => {
  const Native = window.WebSocket;
  window.__load = {sent: null, ready: null};
  window.WebSocket = class extends Native {
    send(data) {
      if (window.__load.sent === null) window.__load.sent = performance.now();
      return super.send(data);
    }
  };
  function ready() {
    const app = document.querySelector('[data-testid=stApp]');
    const heading = document.querySelector('[data-testid=stMain] h1');
    return window.__load.sent !== null && app && app.dataset.testScriptState === 'notRunning'
      && heading && heading.checkVisibility()
      && !document.querySelector('[data-testid=stSkeleton]');
  }
  function watch() {
    if (ready()) window.__load.ready = performance.now();
    else requestAnimationFrame(watch);
  }
  requestAnimationFrame(watch);
})();"""
READ = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return [nav.domContentLoadedEventEnd, window.__load.sent, window.__load.ready];
}"""
# Each part alone in a fresh interpreter: (name, statement timed after `setup`).
PARTS = (
    ("import streamlit", "", "import streamlit"),
    ("import pandas", "import streamlit", "import pandas"),
    ("import plotly.graph_objects", "import streamlit", "import plotly.graph_objects"),
    ("import the data layer (cdht.db.*)", "import streamlit", "import cdht.db.rollup, cdht.db.stats"),
    ("criteria YAML, 4 groups", "import cdht.criteria", "cdht.criteria.load_all()"),
    ("one Argon2 hash", "import cdht.passwords as p", "p.hash_password('Hoc-tap-2026!')"),
)  # fmt: skip


@dataclass(frozen=True)
class Load:
    document_ms: float
    connect_ms: float
    run_ms: float
    total_ms: float
    cpu_ms: float


def people(url: str) -> dict[str, tuple[str, str]]:
    made = cli(url, "demo")
    assert made.returncode == 0, made.stderr
    found = re.findall(r"^(\w+): CCCD (\d{12})\s+password (\S+)$", made.stdout, re.M)
    return {role: (cccd, password) for role, cccd, password in found}


def load(context: BrowserContext, address: str, pid: int) -> Load:
    """Open `address` in a new tab of `context`; its milestones and the server's CPU."""
    before = idle_cpu(pid)
    page = context.new_page()
    page.goto(address)
    page.wait_for_function("() => window.__load.ready !== null", polling=50, timeout=3 * TIMEOUT)
    loaded, sent, ready = page.evaluate(READ)
    cpu = idle_cpu(pid) - before
    page.close()
    return Load(loaded, sent - loaded, ready - sent, ready, cpu * 1000)


def menu(context: BrowserContext, base: str, person: tuple[str, str]) -> dict[str, str]:
    """Log in on a tab of `context`: the titles and addresses of the person's menu."""
    page = context.new_page()
    log_in(page, base, *person)
    links = page.locator("[data-testid=stSidebarNav] a")
    found = {
        link.inner_text().strip().splitlines()[-1]: base + urlparse(link.get_attribute("href")).path
        for link in links.all()
    }
    page.close()
    return found


def median(loads: list[Load]) -> Load:
    return Load(
        *(statistics.median(getattr(x, f) for x in loads) for f in Load.__dataclass_fields__)
    )


def first_visit(browser: Browser, server: Server) -> Load:
    """The login page, the first page anyone opens after the server started."""
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(MILESTONES)
    visit = load(context, server.base, server.pid)
    context.close()
    return visit


def cdht_loads(browser: Browser, url: str) -> tuple[dict[str, Load], dict[tuple[str, str], Load]]:
    """(first load of each page since the server started, warm median by (role, page)); the
    first is the login page, opened before anyone logged in."""
    who = people(url)
    with streamlit_server("server.py", {**QUIET, "CDHT_DATABASE_URL": url}) as server:
        started = first_visit(browser, server)
        contexts = {role: browser.new_context(viewport=DESKTOP) for role in ROLES}
        menus = {role: menu(contexts[role], server.base, who[role]) for role in ROLES}
        for context in contexts.values():
            context.add_init_script(MILESTONES)
        first = {"Đăng nhập (the server's first visitor)": started} | {
            title: load(contexts["admin"], address, server.pid)
            for title, address in menus["admin"].items()
        }
        warm = {
            (role, title): median(
                [load(contexts[role], address, server.pid) for _ in range(REPEATS)]
            )
            for role in ROLES
            for title, address in menus[role].items()
        }
        for context in contexts.values():
            context.close()
    return first, warm


def bare_loads(browser: Browser, tmp: Path) -> tuple[Load, Load]:
    env = {**QUIET, "BENCH_BARE_DB": str(tmp / "bare.db")}
    with streamlit_server("benchmarks/bare_page.py", env) as server:
        context = browser.new_context(viewport=DESKTOP)
        context.add_init_script(MILESTONES)
        first = load(context, server.base, server.pid)
        warm = median([load(context, server.base, server.pid) for _ in range(REPEATS)])
        context.close()
    return first, warm


def part_ms(setup: str, statement: str) -> float:
    """Milliseconds of `statement` after `setup`, in a fresh interpreter (the best of three)."""
    code = (
        f"import time\n{setup}\nt = time.perf_counter()\n{statement}\n"
        "print((time.perf_counter() - t) * 1000)"
    )
    runs = [
        float(subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout)
        for _ in range(3)
    ]  # fmt: skip
    return min(runs)


def row(name: str, x: Load) -> str:
    return (
        f"| {name} | {x.total_ms:,.0f} | {x.document_ms:,.0f} | {x.connect_ms:,.0f} | "
        f"{x.run_ms:,.0f} | {x.cpu_ms:,.0f} |"
    )


def report(
    first: dict[str, Load], warm: dict[tuple[str, str], Load], bare: tuple[Load, Load]
) -> str:
    head = "| {} | total ms | document ms | connect ms | run ms | server CPU ms |\n|---|---:|---:|---:|---:|---:|"
    lines = ["First load since the server started (administrator):", head.format("page")]
    lines += [row("bare Streamlit page", bare[0])]
    lines += [row(title, x) for title, x in first.items()]
    lines += ["", f"Warm: median of {REPEATS} loads by each role:", head.format("role · page")]
    lines += [row("bare Streamlit page", bare[1])]
    lines += [row(f"{role} · {title}", x) for (role, title), x in warm.items()]
    lines += ["", "Parts alone, fresh interpreter (best of 3):", "| part | ms |", "|---|---:|"]
    lines += [f"| {name} | {part_ms(setup, what):,.0f} |" for name, setup, what in PARTS]
    return "\n".join(lines)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = launch(p)
        bare = bare_loads(browser, Path(tmp))
        first, warm = cdht_loads(browser, f"sqlite:///{Path(tmp) / 'demo.db'}")
        browser.close()
    print(report(first, warm, bare))


if __name__ == "__main__":
    main()
