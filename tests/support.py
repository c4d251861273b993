"""Running the real app in a subprocess and driving it with Playwright on Debian's Chromium."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = ROOT / "test-artifacts"
TIMEOUT = 30_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(database_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run `python -m cdht` against a database, as an operator would."""
    return subprocess.run(
        [sys.executable, "-m", "cdht", "--database-url", database_url, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


@dataclass(frozen=True)
class Server:
    """A running `streamlit run`: where to reach it and which process to read CPU time from."""

    base: str
    pid: int


@contextmanager
def streamlit_server(
    script: str, env: dict[str, str] | None = None, log_path: Path | None = None
) -> Iterator[Server]:
    """Start `streamlit run SCRIPT` on a free port with `env` added, its output in `log_path`
    (test-artifacts/server-PORT.log unless given); yield it once healthy."""
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(log_path or ARTIFACTS / f"server-{port}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log.name}")
            time.sleep(0.3)
        yield Server(base, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def app_server(database_url: str, extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Start the app (`streamlit run server.py`) on a free port; yield its base URL once healthy."""
    env = {"CDHT_DATABASE_URL": database_url, **(extra_env or {})}
    with streamlit_server("server.py", env) as server:
        yield server.base


def launch(playwright):
    """Debian's Chromium, headless; never a browser downloaded by Playwright."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError("Debian's chromium is not installed: run `make test` as root")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def settle(page) -> None:
    """Wait until Streamlit has finished the run and no skeleton placeholders remain."""
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=30000)
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=stSkeleton]').length === 0", timeout=30000
    )


def open_page(page, title: str) -> None:
    """Go to a page by its link in the navigation, as a person would (keeps the session)."""
    follow(page, page.locator("[data-testid=stSidebarNav]").get_by_role("link", name=title))


def follow(page, link) -> None:
    """Click a navigation link and wait for the run of the page it names, not the one on screen.

    The click clears the page's elements at once, but the app's run state may still read "not
    running" from the page being left; the new page's title, drawn by its run, is what to wait for.
    The address changes when the server starts that run.
    """
    href = link.get_attribute("href")
    link.click()
    path = urlparse(href).path  # the page may add its own query (the form's step)
    page.wait_for_url(lambda address: urlparse(address).path == path, timeout=30000)
    page.get_by_role("heading").first.wait_for()
    settle(page)


def log_in(page, base: str, cccd: str, password: str) -> None:
    page.goto(base)
    settle(page)
    page.get_by_label("Số CCCD").fill(cccd)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    # In the menu, which a phone keeps closed and out of sight: present, not necessarily seen.
    page.get_by_role("button", name="Đăng xuất", include_hidden=True).wait_for(state="attached")
    settle(page)


def server_log(page) -> Path:
    return ARTIFACTS / f"server-{urlparse(page.url).port}.log"


def step(page) -> None:
    """Wait for the rerun to finish; fail at once, with the server's error, if the app crashed."""
    settle(page)
    if page.locator("[data-testid=stException]").count():
        log = server_log(page)
        tail = log.read_text(errors="replace")[-3000:] if log.exists() else "(no server log)"
        pytest.fail(f"the app shows an exception on {page.url}; end of {log.name}:\n{tail}")


def shoot(page, name: str, focus=None) -> None:
    """Screenshots test-artifacts/NAME-desktop.png and NAME-phone.png, with `focus` scrolled
    into view at each width.

    Streamlit scrolls inside its main container, so a "full page" shot is one screen high.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.wait_for_timeout(700)
        if focus is not None:
            focus.scroll_into_view_if_needed()
            page.wait_for_timeout(300)
        page.screenshot(path=ARTIFACTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    page.wait_for_timeout(300)


def fill(page, label: str, value: str, commit: str = "Tab") -> None:
    """Type into a text input and commit it (Tab moves on and blurs it; Enter applies it)."""
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press(commit)
    step(page)


def metric(page, label: str):
    """The value of the st.metric with this label."""
    card = page.locator("[data-testid=stMetric]").filter(
        has=page.locator("[data-testid=stMetricLabel]", has_text=re.compile(rf"^\s*{label}\s*$"))
    )
    return card.locator("[data-testid=stMetricValue]")


def log_out(page) -> None:
    page.locator("[data-testid=stSidebar]").get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_role("button", name="Đăng nhập", exact=True)).to_be_visible(timeout=TIMEOUT)
    step(page)


MANAGER_CCCD = "051085000111"
MANAGER_NAME = "Trần Minh Sơn"
MANAGER_PASSWORD = "Quan-ly-2026!"


def set_up_unit(url: str, year: int, *, name: str, contact: str = "") -> str:
    """What an administrator does on the command line: a unit open all `year` and its manager.

    Returns the new unit's code.
    """
    extra = ["--contact", contact] if contact else []
    made = cli(url, "unit", "create", "--name", name, *extra)
    assert made.returncode == 0, made.stderr
    code = made.stdout.strip().splitlines()[-1].strip()
    assert re.fullmatch(r"[A-Za-z0-9]{8}", code), made.stdout
    window = cli(
        url,
        "unit",
        "window",
        "--unit",
        code,
        "--year",
        str(year),
        "--opens",
        f"{year}-01-01",
        "--closes",
        f"{year}-12-31",
    )
    assert window.returncode == 0, window.stderr
    manager = cli(
        url,
        "user",
        "create",
        "--unit",
        code,
        "--cccd",
        MANAGER_CCCD,
        "--name",
        MANAGER_NAME,
        "--role",
        "manager",
        "--password-stdin",
        stdin=MANAGER_PASSWORD + "\n",
    )
    assert manager.returncode == 0, manager.stderr
    return code


def pick(page, label: str, option: str | None = None) -> str:
    """Choose in a Streamlit selectbox: type the option's name to filter the (virtualised)
    list and click it, or click the first option when None. Returns the chosen text."""
    box = page.locator("[data-testid=stSelectbox]").filter(has_text=label)
    combo = box.get_by_role("combobox")
    expect(combo).to_be_enabled(timeout=TIMEOUT)
    for _ in range(5):  # a rerun may redraw the box just as it opens: open it again
        combo.click()
        try:
            expect(combo).to_have_attribute("aria-expanded", "true", timeout=2000)
            break
        except AssertionError:
            step(page)
    if option is None:
        choice = page.get_by_role("option").first
    else:
        combo.press_sequentially(option)
        choice = page.get_by_role("option", name=option, exact=True)
    choice.wait_for(timeout=TIMEOUT)
    text = choice.inner_text().strip()
    choice.click()
    step(page)
    expect(combo).to_have_value(text, timeout=TIMEOUT)
    return text


INDICATOR = re.compile(r"\s*(\d+)\.")


def answer_step(page, choices: dict[str, int]) -> int:
    """Answer the indicators of the step on screen that `choices` names; returns their points."""
    radios = page.locator("[data-testid=stMain] [data-testid=stRadio]")
    expect(radios.first).to_be_visible(timeout=TIMEOUT)
    settle(page)  # a step being drawn still shows the last step's stale widgets
    total = 0
    for n in range(radios.count()):
        radio = radios.nth(n)
        number = INDICATOR.match(radio.locator("[data-testid=stWidgetLabel]").inner_text())
        assert number, radio.inner_text()
        if number.group(1) not in choices:
            continue
        points = choices[number.group(1)]
        option = radio.locator("label").filter(has_text=f"— {points} điểm")
        expect(option).to_have_count(1)
        option.click()
        expect(option.locator("input")).to_be_checked()
        step(page)
        total += points
    return total


def next_step(page, number: int) -> None:
    """Press "Tiếp theo" and wait until step `number` is drawn.

    Right after the click the app may still read "not running" from the step being left, so
    waiting for the run alone can return while the old step's widgets are on screen.
    """
    page.get_by_role("button", name="Tiếp theo").click()
    expect(page.get_by_text(f"Bước {number}/3")).to_be_visible(timeout=TIMEOUT)
    step(page)


def answer_steps(page, choices: dict[str, int]) -> int:
    """Answer step after step ("Tiếp theo") up to the last; returns the points clicked."""
    total = 0
    for n in range(1, 10):
        expect(page.get_by_text(f"Bước {n}/3")).to_be_visible(timeout=TIMEOUT)
        total += answer_step(page, choices)
        if not page.get_by_role("button", name="Tiếp theo").count():
            return total
        next_step(page, n + 1)
    raise AssertionError("the form never reached its last step")


def review_and_send(page) -> None:
    """'Xem lại và gửi', then 'Gửi phiếu thông tin' in the confirmation."""
    page.get_by_role("button", name="Xem lại và gửi").click()
    step(page)
    expect(page.get_by_role("heading", name="Xác nhận gửi phiếu")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Gửi phiếu thông tin").click()
    expect(page.get_by_role("heading", name="Kết quả tự đánh giá")).to_be_visible(timeout=TIMEOUT)
    step(page)
