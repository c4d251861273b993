"""A login survives a refresh and a new tab, and "Đăng xuất" ends it everywhere (real browser);
the cookie routes refuse other sites and tokens in the address."""

import json
import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlmodel import Session, select

from cdht.db.actors import actor_for
from cdht.db.engine import make_engine
from cdht.db.models import Account, WebSession
from cdht.db.web_sessions import start_session
from cdht.window import local_year, now_utc
from tests.support import TIMEOUT, app_server, cli, launch, log_in, log_out, step

pytestmark = pytest.mark.browser

CCCD, PASSWORD = "051085000111", "Quan-ly-2026!"


def logged_in(page) -> None:
    """Logged in as the manager, who lands on the unit's dashboard."""
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("heading", name="Tổng quan đơn vị")).to_be_visible(timeout=TIMEOUT)


def logged_out(page) -> None:
    expect(page.get_by_role("button", name="Đăng nhập", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Đăng xuất")).to_have_count(0)


def unit_with_one_person(url: str, role: str) -> str:
    """A unit open all this year and one account (CCCD, PASSWORD), made with the command line;
    the unit's code."""
    code = cli(url, "unit", "create", "--name", "Sở Tư pháp").stdout.strip().splitlines()[-1]
    year = local_year(now_utc())
    opened = cli(
        url, "unit", "window", "--unit", code, "--year", str(year), "--opens", f"{year}-01-01",
        "--closes", f"{year}-12-31",
    )  # fmt: skip
    assert opened.returncode == 0, opened.stderr
    made = cli(
        url,
        "user",
        "create",
        "--unit",
        code,
        "--cccd",
        CCCD,
        "--name",
        "Trần Minh Sơn",
        "--role",
        role,
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert made.returncode == 0, made.stderr
    return code


def test_login_survives_refresh_and_new_tab_until_logout(tmp_path):
    url = f"sqlite:///{tmp_path / 'sessions.db'}"
    unit_with_one_person(url, "manager")
    with app_server(url) as base, sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context()
        page = context.new_page()
        log_in(page, base, CCCD, PASSWORD)
        logged_in(page)
        cookie = next(c for c in context.cookies() if c["name"] == "cdht_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        page.reload()
        step(page)
        logged_in(page)
        other_tab = context.new_page()
        other_tab.goto(base)
        step(other_tab)
        logged_in(other_tab)
        # the cookie is the credential: copied into a fresh browser it logs in...
        copy = browser.new_context()
        copy.add_cookies([{"name": cookie["name"], "value": cookie["value"], "url": base}])
        copied = copy.new_page()
        copied.goto(base)
        step(copied)
        logged_in(copied)
        log_out(page)
        logged_out(page)
        page.reload()
        step(page)
        logged_out(page)
        # the other tab's next action finds the session revoked
        other_tab.reload()
        step(other_tab)
        logged_out(other_tab)
        # ...and is worth nothing once the person has logged out anywhere
        copied.reload()
        step(copied)
        logged_out(copied)
        browser.close()
    with Session(make_engine(url)) as session:
        rows = session.exec(select(WebSession)).all()
        assert rows and all(r.revoked_at is not None for r in rows)
        assert all(r.token_hash != cookie["value"] for r in rows)  # only the hash is stored


def wait_for_session_cookie(page) -> None:
    """The login's cookie is set by a request the page makes after the login run."""
    for _ in range(TIMEOUT // 100):
        if any(c["name"] == "cdht_session" for c in page.context.cookies()):
            return
        page.wait_for_timeout(100)
    pytest.fail("the session cookie was never set")


def test_every_address_answers_in_vietnamese(tmp_path):
    """An address the visitor may not open shows the login (then the page) or says why; never
    Streamlit's English "Page not found"."""
    url = f"sqlite:///{tmp_path / 'addresses.db'}"
    code = unit_with_one_person(url, "citizen")
    with app_server(url) as base, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.goto(f"{base}/trang-khong-co")  # no page of the app: the main page, said in Vietnamese
        step(page)
        box = page.get_by_role("dialog", name="Không có trang này")
        expect(box).to_contain_text("không phải một trang của hệ thống", timeout=TIMEOUT)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(page.get_by_text("Running the app")).to_have_count(0)
        page.goto(f"{base}/Dang-Ky?ma={code}")  # a join link retyped with capitals
        step(page)
        expect(page.get_by_role("heading", name="Đăng ký tài khoản")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_label("Mã đơn vị quản lý *", exact=True)).to_have_value(code)
        assert page.url == f"{base}/dang-ky?ma={code}"
        page.goto(f"{base}/dang-nhap")  # the login page's own address (served at the root too)
        step(page)
        expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        page.goto(f"{base}/ket-qua")  # a bookmark, logged out
        step(page)
        expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible(timeout=TIMEOUT)
        page.get_by_label("Số CCCD").fill(CCCD)
        page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_role("heading", name="Kết quả của tôi")).to_be_visible(timeout=TIMEOUT)
        assert page.url.endswith("/ket-qua")
        wait_for_session_cookie(page)  # typed addresses below open new sessions from the cookie

        page.goto(f"{base}/tu-danh-gia")  # the first page's own address
        step(page)
        expect(page.get_by_role("heading", name="Tự đánh giá")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        page.goto(f"{base}/tong-quan")  # a manager's page
        step(page)
        expect(page.get_by_text("tài khoản của bạn không mở được")).to_be_visible(timeout=TIMEOUT)
        page.goto(f"{base}/dang-ky?ma={code}")  # the unit's join link, already logged in
        step(page)
        expect(page.get_by_text("hãy đăng xuất trước")).to_be_visible(timeout=TIMEOUT)
        page.get_by_role("link", name="Về trang Tự đánh giá").click()
        expect(page.get_by_role("heading", name="Tự đánh giá")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        browser.close()


def handoff_for(url: str) -> str:
    """A fresh one-time handoff token of the only account, as a login would make."""
    with Session(make_engine(url)) as session:
        who = actor_for(session.exec(select(Account)).one())
        return start_session(session, who, now=now_utc())[1]


def post(base: str, path: str, *, body: dict | None = None, **headers: str) -> tuple[int, list]:
    """POST as a browser would; the status and the Set-Cookie headers of the answer."""
    data = json.dumps(body).encode() if body is not None else b""
    kind = {"Content-Type": "application/json"} if body is not None else {}
    request = urllib.request.Request(
        base + path,
        data=data,
        method="POST",
        headers={**kind, **{k.replace("_", "-"): v for k, v in headers.items()}},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.headers.get_all("Set-Cookie") or []
    except urllib.error.HTTPError as refused:
        return refused.code, refused.headers.get_all("Set-Cookie") or []


def test_cookie_routes_refuse_other_sites_and_tokens_in_the_address(tmp_path):
    """Login CSRF: a page elsewhere cannot make the browser take a session, nor end one."""
    url = f"sqlite:///{tmp_path / 'csrf.db'}"
    unit_with_one_person(url, "citizen")
    with app_server(url) as base:
        handoff = handoff_for(url)
        same = {"Sec_Fetch_Site": "same-origin"}
        assert post(base, f"/auth/session?t={handoff}", **same) == (403, [])  # not in the URL
        assert post(
            base,
            "/auth/session",
            body={"t": handoff},
            Sec_Fetch_Site="cross-site",
            Origin="https://evil.example",
        ) == (403, [])
        assert post(base, "/auth/session", body={"t": handoff}, Origin="https://evil.example") == (
            403,
            [],
        )
        assert post(base, "/auth/session", body={"t": handoff}) == (403, [])  # no origin at all
        assert post(base, "/auth/logout", Sec_Fetch_Site="cross-site") == (403, [])
        # the refusals used nothing up: the app's own page still swaps the token, once
        status, cookies = post(base, "/auth/session", body={"t": handoff}, Origin=base)
        assert status == 200
        session_cookie = next(c for c in cookies if c.startswith("cdht_session="))
        device_cookie = next(c for c in cookies if c.startswith("cdht_device="))
        for cookie in (session_cookie, device_cookie):
            assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
            assert "Secure" not in cookie  # plain http here
        assert post(base, "/auth/session", body={"t": handoff}, **same) == (403, [])
        status, cookies = post(base, "/auth/logout", **same)
        assert status == 200 and cookies[0].startswith('cdht_session="";')
        # behind a TLS proxy the app hears plain http, but the page's origin is https
        status, cookies = post(
            base,
            "/auth/session",
            body={"t": handoff_for(url)},
            **same,
            Origin="https://cdht.example",
        )
        assert status == 200
        assert sorted(c.split("=")[0] for c in cookies) == [
            "__Host-cdht_device",
            "__Host-cdht_session",
        ]


def test_https_cookies_are_host_prefixed_and_secure(tmp_path):
    url = f"sqlite:///{tmp_path / 'https.db'}"
    unit_with_one_person(url, "citizen")
    with app_server(url, {"CDHT_PUBLIC_URL": "https://cdht.example"}) as base:
        status, cookies = post(
            base, "/auth/session", body={"t": handoff_for(url)}, Origin="https://cdht.example"
        )
    assert status == 200
    names = sorted(c.split("=")[0] for c in cookies)
    assert names == ["__Host-cdht_device", "__Host-cdht_session"]
    for cookie in cookies:
        assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie


def test_the_first_visit_to_a_new_server_is_a_join_link(tmp_path):
    """server.py tells Streamlit that pages/ is not a pages-directory app before anyone visits:
    the first visitor of a freshly started server, arriving by the unit's join link, gets the
    sign-up form (no "Page not found"), and the menu lists the app's pages, not pages/'s files."""
    url = f"sqlite:///{tmp_path / 'first-visit.db'}"
    code = unit_with_one_person(url, "citizen")
    with app_server(url) as base, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.goto(f"{base}/dang-ky?ma={code}")
        step(page)
        expect(page.get_by_role("heading", name="Đăng ký tài khoản")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_label("Mã đơn vị quản lý *", exact=True)).to_have_value(code)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        links = page.locator("[data-testid=stSidebarNav] a")
        titles = ("Đăng nhập", "Đăng ký tài khoản", "Hướng dẫn")  # after each icon's name
        expect(links).to_have_text([re.compile(f"{re.escape(t)}$") for t in titles])
        assert page.url.startswith(f"{base}/dang-ky")
        browser.close()
