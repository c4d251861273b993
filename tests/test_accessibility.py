"""WCAG 2.1 AA in a real browser: axe-core (WCAG 2.0/2.1 A and AA rules) finds nothing on the pages
of every role at 1280 and 360 px; keyboard focus is drawn; the page is Vietnamese (`lang`, titles,
Streamlit's accessible names). One demo database, one server and one browser per worker."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import streamlit
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

from cdht.ui import accessible_names
from tests import support
from tests.support import (
    DESKTOP,
    PHONE,
    TIMEOUT,
    app_server,
    cli,
    launch,
    log_in,
    open_page,
    settle,
)

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
APP = "Công dân học tập"
STREAMLIT_STATIC = Path(streamlit.__file__).parent / "static"

# Each role's menu, in order; a page drawn by the same code for several roles is checked with the
# first role that has it (the personal pages with the citizen, the unit's with the leader and the
# manager), so every page of every role is checked once and the run stays short.
PERSONAL = ["Tự đánh giá", "Kết quả của tôi", "Dữ liệu của tôi", "Đổi mật khẩu", "Hướng dẫn"]
UNIT = [
    "Tổng quan đơn vị",
    "Danh sách",
    "Quyết định công nhận",
    "Nhập phiếu giấy",
    "Nhân sự đơn vị",
    "Duyệt thành viên",
    "Tài khoản thành viên",
    "Cài đặt đơn vị",
]
ADMIN_ONLY = ["Tổng hợp đơn vị", "Các đơn vị", "Nhật ký hệ thống"]
MENUS = {
    "citizen": PERSONAL,
    "leader": [*PERSONAL, *UNIT[:2]],
    "manager": [*PERSONAL, *UNIT],
    "admin": [*PERSONAL, *UNIT, *ADMIN_ONLY],
}
CHECKED = {"citizen": PERSONAL, "leader": UNIT[:2], "manager": UNIT[2:], "admin": ADMIN_ONLY}


@dataclass(frozen=True)
class Demo:
    base: str
    people: dict[str, tuple[str, str]]  # role -> (CCCD, password)
    browser: Browser


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Demo]:
    url = f"sqlite:///{tmp_path_factory.mktemp('a11y') / 'demo.db'}"
    made = cli(url, "demo")
    assert made.returncode == 0, made.stderr
    people = {
        m[1]: (m[2], m[3])
        for m in re.finditer(r"^(\w+): CCCD (\d{12})\s+password (\S+)$", made.stdout, re.M)
    }
    assert set(people) >= {"citizen", "manager", "leader", "admin"}, made.stdout
    with sync_playwright() as playwright, app_server(url) as base:
        browser = launch(playwright)
        yield Demo(base, people, browser)
        browser.close()


@pytest.fixture
def page(demo) -> Iterator[Page]:
    page = demo.browser.new_page(viewport=DESKTOP)
    yield page
    page.close()


def violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page at 1280 and 360 px, one line each."""
    found = []
    for width, size in (("1280", DESKTOP), ("360", PHONE)):
        page.set_viewport_size(size)
        page.wait_for_timeout(300)
        for rule in Axe().run(page, options=WCAG_AA).response["violations"]:
            targets = [node["target"] for node in rule["nodes"]]
            found.append(f"{width} px {rule['id']} ({rule['impact']}): {targets}")
    page.set_viewport_size(DESKTOP)
    return found


def audit_pages(page: Page, titles: list[str]) -> dict[str, list[str]]:
    """Open each page from the menu and check it; returns the pages with violations."""
    failing = {}
    for title in titles:
        open_page(page, title)
        expect(page).to_have_title(f"{title} – {APP}", timeout=TIMEOUT)
        if found := violations(page):
            failing[title] = found
    return failing


@pytest.mark.browser
def test_the_logged_out_pages_pass_axe(demo, page):
    page.goto(demo.base)
    settle(page)
    expect(page).to_have_title(f"Đăng nhập – {APP}", timeout=TIMEOUT)
    failing = {}
    if found := violations(page):
        failing["Đăng nhập"] = found
    failing |= audit_pages(page, ["Đăng ký tài khoản", "Hướng dẫn"])
    assert failing == {}


@pytest.mark.browser
@pytest.mark.parametrize("role", sorted(MENUS))
def test_the_pages_of_each_role_pass_axe(demo, page, role):
    log_in(page, demo.base, *demo.people[role])
    menu = page.locator("[data-testid=stSidebarNav] [data-testid=stSidebarNavLink] p")
    assert menu.all_inner_texts() == MENUS[role]
    assert audit_pages(page, CHECKED[role]) == {}


def test_every_page_of_every_role_is_checked():
    assert {title for menu in MENUS.values() for title in menu} == {
        title for pages in CHECKED.values() for title in pages
    }


# --- the page is Vietnamese ---------------------------------------------------------------------


def test_every_english_name_replaced_is_still_streamlits():
    """An upgrade that renames one of Streamlit's names would leave it English: fail here."""
    bundle = "".join(p.read_text() for p in (STREAMLIT_STATIC / "static" / "js").glob("*.js"))
    english = [*accessible_names.LABELS, accessible_names.SKIP_LINK[0]]
    assert [name for name in english if f"`{name}`" not in bundle] == []
    for test_id in ("stSkipToContent", "stFileUploaderDropzone", "stHeaderActionElements"):
        assert f"`{test_id}`" in bundle


def test_the_served_page_says_vietnamese_and_carries_the_names():
    index = (STREAMLIT_STATIC / "index.html").read_bytes()
    page = accessible_names.vietnamese_document(index).decode()
    assert '<html lang="vi">' in page
    assert 'lang="en"' not in page
    assert accessible_names.SCRIPT in page.split("</head>")[0]
    assert (
        accessible_names.vietnamese_document(b"<html><p>x</p></html>") == b"<html><p>x</p></html>"
    )


@pytest.mark.browser
def test_streamlits_controls_are_named_in_vietnamese(demo, page):
    page.goto(demo.base)
    settle(page)
    assert page.locator("html").get_attribute("lang") == "vi"
    skip = page.locator("[data-testid=stSkipToContent]")
    expect(skip).to_have_text("Chuyển đến nội dung chính", timeout=TIMEOUT)
    show = page.get_by_role("button", name="Hiện mật khẩu", exact=True)
    expect(show).to_be_visible()
    show.click()
    expect(page.get_by_role("button", name="Ẩn mật khẩu", exact=True)).to_be_visible()
    collapse = page.locator("[data-testid=stSidebarCollapseButton] button")
    expect(collapse).to_have_attribute("aria-label", "Thu gọn menu")
    open_page(page, "Đăng ký tài khoản")
    page.locator("[data-testid=stExpander] summary").first.click()
    uploader = page.locator("[data-testid=stFileUploaderDropzone]").first
    expect(uploader.get_by_role("button", name="Chọn tệp", exact=True)).to_be_visible()
    english = [*accessible_names.LABELS, accessible_names.SKIP_LINK[0], "Link to heading"]
    left = page.evaluate(
        """english => [...document.querySelectorAll('[aria-label]')]
            .filter(el => el.checkVisibility())
            .map(el => el.getAttribute('aria-label'))
            .filter(name => english.includes(name))""",
        english,
    )
    assert left == []
    headings = page.locator("[data-testid=stMain] h1, [data-testid=stMain] h2")
    expect(headings.first).to_be_visible()
    assert page.get_by_role("link", name="Link to heading").count() == 0


# --- keyboard focus -----------------------------------------------------------------------------

FOCUS_RING = """selector => {
  const el = document.activeElement;
  const ring = el && el.closest(selector);
  if (!ring) return null;
  const s = getComputedStyle(ring);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor];
}"""
RING = ["solid", "2px", "rgb(21, 88, 192)"]  # #1558c0: 5.4:1 or more on white and the sidebar


def tab_to(page: Page, selector: str, presses: int = 120) -> list[str]:
    """Press Tab until the focused element is inside `selector`; its ring's outline."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING, selector)
        if ring is not None:
            return ring
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.browser
def test_keyboard_focus_is_drawn_on_menu_links_and_answer_options(demo, page):
    log_in(page, demo.base, *demo.people["citizen"])
    open_page(page, "Tự đánh giá")
    page.locator("[data-testid=stSidebarNav]").evaluate("nav => document.activeElement.blur()")
    assert tab_to(page, "[data-testid=stSidebarNav] a") == RING
    assert tab_to(page, 'label[data-testid="stRadioOption"]') == RING
    support.shoot(page, "focus-ring-radio")
