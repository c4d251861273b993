"""The phone menu (Streamlit's sidebar over the page at 360 px) closes once a link is tapped;
at 1280 px the menu stays where it is (real browser). Screenshot: test-artifacts/phone-menu-*.png.
"""

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.support import ARTIFACTS, DESKTOP, PHONE, app_server, launch, log_in, settle, step
from tests.test_browser_unit_admin import demo_people

pytestmark = pytest.mark.browser


def test_the_phone_menu_closes_after_a_link_and_the_desktop_menu_stays(tmp_path):
    url = f"sqlite:///{tmp_path}/demo.db"
    people = demo_people(url)
    with app_server(url) as base, sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport=PHONE)
        page.goto(base)
        settle(page)
        nav = page.locator("[data-testid=stSidebarNav]")
        page.locator("[data-testid=stExpandSidebarButton]").click()
        expect(nav).to_be_in_viewport()
        nav.get_by_role("link", name="Hướng dẫn").click()
        page.wait_for_url("**/huong-dan")
        step(page)
        expect(nav).not_to_be_in_viewport()
        expect(page.locator("[data-testid=stExpandSidebarButton]")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "phone-menu-closed.png")
        # Logged in, in the same tab (the login redraws the menu and what it holds): the same.
        log_in(page, base, *people["manager"])
        for name, address in (("Danh sách", "danh-sach"), ("Hướng dẫn", "huong-dan")):
            page.locator("[data-testid=stExpandSidebarButton]").click()
            expect(nav).to_be_in_viewport()
            nav.get_by_role("link", name=name).click()
            page.wait_for_url(f"**/{address}")
            step(page)
            expect(nav).not_to_be_in_viewport()
        page.screenshot(path=ARTIFACTS / "phone-menu-closed-logged-in.png")

        page = browser.new_page(viewport=DESKTOP)
        page.goto(base)
        settle(page)
        nav = page.locator("[data-testid=stSidebarNav]")
        expect(nav).to_be_in_viewport()
        nav.get_by_role("link", name="Hướng dẫn").click()
        page.wait_for_url("**/huong-dan")
        step(page)
        expect(nav).to_be_in_viewport()
        nav.get_by_role("link", name="Đăng nhập").click()
        page.wait_for_url(base + "/")
        step(page)
        expect(nav).to_be_in_viewport()  # a wide screen keeps its menu
        browser.close()
