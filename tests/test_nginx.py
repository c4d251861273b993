"""deploy/nginx.conf, run as written (a test certificate, free ports): its security headers reach
the browser, the login works through it over https with `__Host-` Secure cookies, an address a
visitor forges in X-Forwarded-For is never believed, and two app processes on one PostgreSQL
share the browsers between them, each browser kept on its own process: a submission through one
shows in the other's figures, and a login made on one is honoured, and ended, by the other."""

import re
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
import streamlit
from openpyxl import load_workbook
from playwright.sync_api import expect, sync_playwright

from cdht.window import local_year, now_utc
from tests.behind_nginx import (
    NGINX_CONF,
    ROUTE_COOKIE,
    Hit,
    Proxy,
    app_processes,
    insecure,
    nginx,
)
from tests.support import (
    ARTIFACTS,
    DESKTOP,
    MANAGER_CCCD,
    MANAGER_PASSWORD,
    ROOT,
    TIMEOUT,
    answer_steps,
    app_server,
    cli,
    launch,
    log_in,
    log_out,
    metric,
    open_page,
    review_and_send,
    set_up_unit,
    step,
)

FORGED = "203.0.113.66"
STREAMLIT_JS = Path(streamlit.__file__).parent / "static" / "static" / "js"
SERVICE = ROOT / "deploy" / "cdht@.service"


def port_of(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


def test_deploy_nginx_headers_https_login_and_forged_addresses(tmp_path):
    url = f"sqlite:///{tmp_path / 'cdht.db'}"
    set_up_unit(url, 2026, name="Sở Giáo dục và Đào tạo")
    env = {"CDHT_CLIENT_ADDRESS_HEADER": "X-Forwarded-For"}
    with app_server(url, env) as app, nginx([port_of(app)], tmp_path) as proxy:
        base, plain = proxy.base, proxy.plain
        with urllib.request.urlopen(f"{base}/", context=insecure(), timeout=10) as page:
            headers = page.headers
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "SAMEORIGIN"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "nginx/" not in (headers["Server"] or "")  # no version handed to scanners
        cookies = headers.get_all("Set-Cookie")
        route = rf"{ROUTE_COOKIE}=[0-9a-f]{{32}}; Path=/; Secure; HttpOnly;"
        assert any(re.match(route, cookie) for cookie in cookies), cookies
        charts = next((STREAMLIT_JS).glob("PlotlyChart.*.js")).name  # the largest script
        ask = urllib.request.Request(f"{base}/static/js/{charts}")
        ask.add_header("Accept-Encoding", "gzip")
        with urllib.request.urlopen(ask, context=insecure(), timeout=10) as script:
            assert script.headers["Content-Encoding"] == "gzip"
            sent = len(script.read())
        assert sent < (STREAMLIT_JS / charts).stat().st_size / 3, sent

        class Stay(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        with pytest.raises(urllib.error.HTTPError) as moved:
            urllib.request.build_opener(Stay).open(f"{plain}/dang-ky", timeout=10)
        assert moved.value.code == 301
        assert moved.value.headers["Location"].startswith("https://")

        with sync_playwright() as p:
            browser = launch(p)
            context = browser.new_context(
                viewport=DESKTOP,
                ignore_https_errors=True,
                extra_http_headers={"X-Forwarded-For": FORGED},
            )
            page = context.new_page()
            log_in(page, base, MANAGER_CCCD, MANAGER_PASSWORD)
            cookies = {c["name"]: c for c in context.cookies()}
            browser.close()
    assert cookies["__Host-cdht_session"]["secure"] and cookies["__Host-cdht_session"]["httpOnly"]
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        clients = (
            conn.execute(sa.text("SELECT client FROM auditevent WHERE action = 'login'"))
            .scalars()
            .all()
        )
    engine.dispose()
    assert clients == ["127.0.0.1"]  # nginx's own view of the visitor, not the forged address


@pytest.mark.parametrize(("language", "path"), [("nginx", NGINX_CONF), ("ini", SERVICE)])
def test_deploy_md_quotes_the_deploy_files(language, path):
    """The lines DEPLOY.md shows of a file in deploy/ are lines of that file, word for word."""
    text = (ROOT / "docs" / "DEPLOY.md").read_text(encoding="utf-8")
    blocks = re.findall(rf"```{language}\n(.*?)```", text, re.S)
    assert blocks, f"DEPLOY.md shows no {language} lines"
    lines = {line.strip() for line in path.read_text(encoding="utf-8").splitlines()}
    quoted = [line.strip() for block in blocks for line in block.splitlines() if line.strip()]
    assert [line for line in quoted if line not in lines] == []


CITIZEN_CCCD, CITIZEN_NAME = "051190004321", "Lê Thị Bích Ngọc"
CITIZEN_PASSWORD = "Hoc-tap-suot-doi-2026"


def logged(proxy: Proxy, done: Callable[[list[Hit]], bool]) -> list[Hit]:
    """nginx's access log once `done` holds of it (a line is written after its answer is sent;
    a websocket's when it closes)."""
    deadline = time.monotonic() + 10
    while True:
        hits = proxy.hits()
        if done(hits) or time.monotonic() > deadline:
            return hits
        time.sleep(0.1)


def routed(context, proxy: Proxy) -> tuple[str, str]:
    """The route cookie nginx gives this browser on its first request, and the process it
    names."""
    context.request.get(f"{proxy.base}/_stcore/health")
    route = next(c["value"] for c in context.cookies() if c["name"] == ROUTE_COOKIE)
    hits = logged(proxy, lambda hits: any(h.route == route for h in hits))
    upstreams = {h.upstream for h in hits if h.route == route}
    assert len(upstreams) == 1, upstreams
    return route, upstreams.pop()


def context_on_other_process(browser, proxy: Proxy, taken: str):
    """A new browser whose random route lands on another process than `taken` (each new browser
    has an even chance of either of the two)."""
    for _ in range(30):
        context = browser.new_context(viewport=DESKTOP, ignore_https_errors=True)
        route, upstream = routed(context, proxy)
        if upstream != taken:
            return context, route, upstream
        context.close()
    raise AssertionError(f"30 new browsers all went to {taken}: routing does not spread")


def rerouted(context, proxy: Proxy, route: str) -> None:
    """Give the browser another route cookie: its next pages go to that route's process."""
    cookie = {"name": ROUTE_COOKIE, "value": route, "url": proxy.base, "secure": True}
    context.add_cookies([{**cookie, "httpOnly": True, "sameSite": "Lax"}])


def streams_of(hits: list[Hit]) -> set[str]:
    """The routes whose websocket the log holds."""
    return {h.route for h in hits if h.path == "/_stcore/stream" and h.status == 101}


@pytest.mark.browser
def test_two_processes_behind_nginx_keep_each_browser_on_its_process(own_postgres_url, tmp_path):
    url = own_postgres_url
    year = local_year(now_utc())
    code = set_up_unit(url, year, name="Sở Tài chính")  # the window is open all year
    made = cli(
        url,
        *("user", "create", "--unit", code, "--cccd", CITIZEN_CCCD, "--name", CITIZEN_NAME),
        *("--role", "citizen", "--password-stdin"),
        stdin=CITIZEN_PASSWORD + "\n",
    )
    assert made.returncode == 0, made.stderr
    env = {  # what /etc/cdht.env gives every process
        "CDHT_CLIENT_ADDRESS_HEADER": "X-Forwarded-For",
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
        "CDHT_EVIDENCE_DIR": str(tmp_path / "evidence"),
    }
    with (
        app_processes(url, 2, env) as servers,
        nginx([port_of(server.base) for server in servers], tmp_path) as proxy,
        sync_playwright() as p,
    ):
        processes = {server.base.removeprefix("http://") for server in servers}
        browser = launch(p)
        citizen = browser.new_context(viewport=DESKTOP, ignore_https_errors=True)
        citizen_route, citizen_process = routed(citizen, proxy)
        manager, manager_route, manager_process = context_on_other_process(
            browser, proxy, citizen_process
        )
        assert {citizen_process, manager_process} == processes

        # The manager's process draws (and caches) the unit's figures before anyone has sent.
        desk = manager.new_page()
        log_in(desk, proxy.base, MANAGER_CCCD, MANAGER_PASSWORD)
        open_page(desk, "Tổng quan đơn vị")
        expect(desk.get_by_text(f"Chưa có ai gửi phiếu tự đánh giá năm {year}.")).to_be_visible()

        page = citizen.new_page()
        log_in(page, proxy.base, CITIZEN_CCCD, CITIZEN_PASSWORD)
        answer_steps(page, {str(n): 10 for n in range(1, 11)})
        review_and_send(page)
        expect(metric(page, "Tổng điểm")).to_have_text("100/100", timeout=TIMEOUT)
        page.screenshot(path=ARTIFACTS / "nginx-citizen-result-desktop.png")

        # The same browser sent to the other process: still logged in (sessions live in the
        # database); logging out there ends the session on its own process too.
        rerouted(citizen, proxy, manager_route)
        other = citizen.new_page()
        other.goto(proxy.base)
        step(other)
        open_page(other, "Kết quả của tôi")
        expect(metric(other, "Tổng điểm")).to_have_text("100/100", timeout=TIMEOUT)
        log_out(other)
        other.close()
        rerouted(citizen, proxy, citizen_route)
        page.reload()
        step(page)
        expect(page.get_by_role("button", name="Đăng nhập", exact=True)).to_be_visible(
            timeout=TIMEOUT
        )

        # The other process's cached figures give way to the submission.
        open_page(desk, "Kết quả của tôi")
        open_page(desk, "Tổng quan đơn vị")
        expect(metric(desk, "Đã tự đánh giá")).to_have_text("1", timeout=TIMEOUT)
        expect(metric(desk, "Đạt danh hiệu")).to_have_text("1", timeout=TIMEOUT)
        open_page(desk, "Danh sách")
        table = desk.locator("[data-testid=stDataFrame]").first
        expect(table).to_contain_text(CITIZEN_NAME, timeout=TIMEOUT)
        with desk.expect_download(timeout=TIMEOUT) as download_info:
            desk.get_by_role("button", name="Tải danh sách (Excel)", exact=True).click()
        download = download_info.value
        assert download.failure() is None
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        sheet = load_workbook(saved).active
        assert CITIZEN_NAME in {cell.value for row in sheet.iter_rows() for cell in row}

        # The file lives in the manager's process alone: through the other process it is gone.
        hits = logged(proxy, lambda hits: any("/media/" in h.path for h in hits))
        media = [h.path for h in hits if h.route == manager_route and "/media/" in h.path]
        assert media, "the download did not go through nginx"
        assert citizen.request.get(f"{proxy.base}{media[-1]}").status == 404
        browser.close()
        routes = {citizen_route, manager_route}
        hits = logged(proxy, lambda hits: routes <= streams_of(hits))
    for route, process in ((citizen_route, citizen_process), (manager_route, manager_process)):
        mine = [h for h in hits if h.route == route]
        assert {h.upstream for h in mine} == {process}  # every request, no failover
    assert streams_of(hits) == routes
    assert any(h.route == manager_route and "/media/" in h.path and h.status == 200 for h in hits)
