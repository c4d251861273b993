"""The phone menu (Streamlit's sidebar over the page at 360 px) closes once a link is tapped,
and works by keyboard; at 1280 px the menu stays where it is (real browser). One demo server
and browser for the module. Screenshots: test-artifacts/phone-menu-*.png.
"""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from tests.support import ARTIFACTS, DESKTOP, PHONE, app_server, launch, log_in, settle, step
from tests.test_browser_unit_admin import demo_people

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, dict, Browser]]:
    """The demo's base address, its people and a browser."""
    url = f"sqlite:///{tmp_path_factory.mktemp('phone-menu')}/demo.db"
    people = demo_people(url)
    with app_server(url) as base, sync_playwright() as pw:
        browser = launch(pw)
        yield base, people, browser
        browser.close()


def test_the_phone_menu_closes_after_a_link_and_the_desktop_menu_stays(served):
    base, people, browser = served
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
    page.close()

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
    page.close()


# Controls the keyboard would reach (not hidden, no tabindex=-1) lying wholly off screen, but
# the skip link, which is off screen until it has the focus.
OFF_SCREEN_STOPS = """() => [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')]
  .filter(e => e.tabIndex >= 0 && !e.disabled && e.textContent.trim() !== 'Chuyển đến nội dung chính'
    && e.checkVisibility({visibilityProperty: true, opacityProperty: false}))
  .filter(e => { const r = e.getBoundingClientRect(); return r.right <= 0 || r.left >= innerWidth; })
  .map(e => e.tagName + ' ' + (e.textContent || e.getAttribute('aria-label') || '').trim())"""
IN_MENU = "() => !!document.activeElement.closest('[data-testid=stSidebar]')"


def test_the_phone_menu_by_keyboard_opens_into_itself_and_lands_on_the_new_pages_heading(
    served,
):
    """At 360 px a closed menu's links are no Tab stops; "Mở menu" takes the focus into the menu,
    which comes before it in the page's order; a link followed gives the new page's heading the
    focus, not the link now hidden."""
    base, people, browser = served
    page = browser.new_page(viewport=PHONE)
    log_in(page, base, *people["citizen"])
    step(page)
    assert page.evaluate(OFF_SCREEN_STOPS) == []
    opener = page.locator("[data-testid=stExpandSidebarButton]")
    # A word beside the arrow, which alone told new users nothing ("Mở menu" to screen readers).
    beside = "el => getComputedStyle(el, '::after').content"
    assert opener.evaluate(beside) == '"Menu"'
    opener.focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-testid=stSidebarNav]")).to_be_in_viewport()
    page.wait_for_function(IN_MENU)
    for _ in range(12):
        if "Kết quả của tôi" in page.evaluate("() => document.activeElement.textContent"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("Tab never reached the menu's link to Kết quả của tôi")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ket-qua")
    step(page)
    heading = page.locator("[data-testid=stMain] h1")
    expect(heading).to_be_focused()
    expect(heading).to_have_text("Kết quả của tôi")
    assert page.evaluate(OFF_SCREEN_STOPS) == []
    page.screenshot(path=ARTIFACTS / "phone-menu-keyboard.png")
    page.close()
