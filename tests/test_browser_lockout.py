"""Guessing a password from many browsers at once locks the name for everyone but the owner's
own browser (device cookie); the owner learns of it and ends a session from Dữ liệu của tôi."""

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlmodel import Session, select

from cdht.db.engine import make_engine
from cdht.db.models import AssessmentDraft, LoginThrottle, WebSession
from cdht.throttle import FREE_FAILURES
from tests.support import TIMEOUT, app_server, launch, log_in, log_out, settle, shoot, step
from tests.test_browser_session import CCCD, PASSWORD, unit_with_one_person

pytestmark = pytest.mark.browser

WRONG = "Số CCCD hoặc mật khẩu không đúng."
LOCKED = "Đăng nhập sai quá nhiều lần"
GUESSERS = 8


def wait_for_cookie(context, name: str) -> dict:
    page = context.pages[0]
    for _ in range(TIMEOUT // 100):
        found = [c for c in context.cookies() if c["name"] == name]
        if found:
            return found[0]
        page.wait_for_timeout(100)
    pytest.fail(f"the cookie {name} was never set")


def outcome(page) -> str:
    """The message a login attempt ended with."""
    alert = page.locator("[data-testid=stAlertContentError]")
    expect(alert).to_be_visible(timeout=TIMEOUT)
    text = alert.inner_text()
    return "locked" if LOCKED in text else "wrong" if WRONG in text else text


def test_parallel_guessing_browsers_lock_the_name_but_not_its_owner(tmp_path):
    url = f"sqlite:///{tmp_path / 'lockout.db'}"
    unit_with_one_person(url, "citizen")
    with app_server(url) as base, sync_playwright() as p:
        browser = launch(p)
        owner = browser.new_context()
        mine = owner.new_page()
        log_in(mine, base, CCCD, PASSWORD)
        device = wait_for_cookie(owner, "cdht_device")
        assert device["httpOnly"] and device["sameSite"] == "Strict"
        assert device["expires"] > 0  # kept when the browser closes
        log_out(mine)
        assert any(c["name"] == "cdht_device" for c in owner.cookies())  # survives logging out

        # many browsers guess at once: each form is filled first, then all are sent together
        guessers = [browser.new_context().new_page() for _ in range(GUESSERS)]
        for n, page in enumerate(guessers):
            page.goto(base)
            settle(page)
            page.get_by_label("Số CCCD").fill(CCCD)
            page.get_by_label("Mật khẩu", exact=True).fill(f"doan-mat-khau-{n}")
        for page in guessers:
            page.get_by_role("button", name="Đăng nhập").click(no_wait_after=True)
        outcomes = [outcome(page) for page in guessers]
        assert outcomes.count("wrong") == FREE_FAILURES, outcomes
        assert outcomes.count("locked") == GUESSERS - FREE_FAILURES, outcomes
        with Session(make_engine(url)) as session:
            row = session.exec(select(LoginThrottle)).one()
            assert (row.failures, row.refused) == (FREE_FAILURES, GUESSERS - FREE_FAILURES)

        # someone else with the right password is turned away too...
        stranger = browser.new_context().new_page()
        stranger.goto(base)
        settle(stranger)
        stranger.get_by_label("Số CCCD").fill(CCCD)
        stranger.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
        stranger.get_by_role("button", name="Đăng nhập").click()
        assert outcome(stranger) == "locked"
        shoot(stranger, "login-locked", stranger.locator("[data-testid=stAlertContentError]"))

        # ...but the owner's browser, which logged in before, gets in and is told what happened
        log_in(mine, base, CCCD, PASSWORD)
        notice = mine.get_by_text("Tài khoản của bạn đã bị tạm khoá")
        expect(notice).to_be_visible(timeout=TIMEOUT)
        assert f"sau {GUESSERS + 1} lần đăng nhập sai" in notice.inner_text()
        browser.close()


def test_a_person_ends_another_session_from_my_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'sessions.db'}"
    unit_with_one_person(url, "citizen")
    with app_server(url) as base, sync_playwright() as p:
        browser = launch(p)
        phone = browser.new_context(
            user_agent="Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, "
            "like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36"
        ).new_page()
        log_in(phone, base, CCCD, PASSWORD)
        wait_for_cookie(phone.context, "cdht_session")
        radios = phone.locator("[data-testid=stMain] [data-testid=stRadio]")
        radios.nth(0).locator("label").filter(
            has_text="điểm"
        ).first.click()  # saved as a draft while the login lives
        expect(phone.get_by_text("Đã lưu nháp lúc")).to_be_visible(timeout=TIMEOUT)
        desk = browser.new_context().new_page()
        log_in(desk, base, CCCD, PASSWORD)
        desk.locator("[data-testid=stSidebarNav]").get_by_role(
            "link", name="Dữ liệu của tôi"
        ).click()
        step(desk)
        heading = desk.get_by_role("heading", name="Phiên đăng nhập")
        expect(heading).to_be_visible(timeout=TIMEOUT)
        entries = desk.locator("[class*=st-key-session_]")  # one box per session
        expect(entries).to_have_count(2, timeout=TIMEOUT)
        current = entries.filter(has_text="(phiên đang dùng)")
        expect(current).to_have_count(1)
        expect(current).to_contain_text("Chrome trên Linux")
        other = entries.filter(has_text="Samsung Internet trên Android")
        expect(other).to_contain_text("từ địa chỉ 127.0.0.1")
        shoot(desk, "my-data-sessions", entries.last)
        other.get_by_role("button", name="Đăng xuất phiên này").click()
        step(desk)
        expect(desk.get_by_text("Đã đăng xuất phiên Samsung Internet trên Android")).to_be_visible(
            timeout=TIMEOUT
        )
        expect(entries).to_have_count(1, timeout=TIMEOUT)
        # the phone's next answer finds its session ended: it is not saved, the login shows
        radios.nth(1).locator("label").filter(has_text="điểm").first.click()
        expect(phone.get_by_role("button", name="Đăng nhập", exact=True)).to_be_visible(
            timeout=TIMEOUT
        )
        with Session(make_engine(url)) as session:
            assert list(session.exec(select(AssessmentDraft)).one().answers) == ["1"]
        # ending the current one is logging out here
        current.get_by_role("button", name="Đăng xuất phiên này").click()
        expect(desk.get_by_role("button", name="Đăng nhập", exact=True)).to_be_visible(
            timeout=TIMEOUT
        )
        browser.close()
    with Session(make_engine(url)) as session:
        assert all(r.revoked_at for r in session.exec(select(WebSession)).all())
