"""WCAG 2.1 AA in a real browser: axe-core (WCAG 2.0/2.1 A and AA rules) finds nothing on the pages
of every role at 1280 and 360 px, nor on the first-run page, the form's steps, its review and
result, the error states and the print view; the form can be filled in and sent by keyboard alone;
keyboard focus is drawn; the page is Vietnamese (`lang`, titles, Streamlit's accessible names, and
no English in what any of those pages and states shows or names).

One server and one browser per worker: the server opens on a database with only a setup code (the
first-run page is checked), then the demo database, built meanwhile, is copied into it in place.
See docs/ACCESSIBILITY.md."""

import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import streamlit
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cdht.ui import accessible_names
from tests import support
from tests.support import (
    DESKTOP,
    PHONE,
    ROOT,
    TIMEOUT,
    app_server,
    cli,
    launch,
    log_in,
    open_page,
    settle,
    step,
)
from tests.test_browser_form_keyboard import lands_on, live_text
from tests.vietnamese_text import TEXTS, english

# Only violations are reported in full (passes and the rest would be serialised node by node).
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
AXE_SCRIPT = Axe().axe_script
APP = "Công dân học tập"
LOGIN_FAILED = "Số CCCD hoặc mật khẩu không đúng."
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
    first_run: list[str]  # the first-run page's violations, checked before the demo was copied in


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Demo]:
    folder = tmp_path_factory.mktemp("a11y")
    served, built = folder / "served.db", folder / "demo.db"
    building = subprocess.Popen(
        [sys.executable, "-m", "cdht", "--database-url", f"sqlite:///{built}", "demo"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        fresh = cli(f"sqlite:///{served}", "init")
        assert "one-time setup code" in fresh.stdout, fresh.stdout + fresh.stderr
        with sync_playwright() as playwright, app_server(f"sqlite:///{served}") as base:
            browser = launch(playwright)
            first_run = first_run_violations(browser, base)
            made, errors = building.communicate(timeout=300)
            assert building.returncode == 0, errors
            # In place (SQLite's online backup): the running server's connections read the demo.
            with closing(sqlite3.connect(built)) as source, closing(sqlite3.connect(served)) as to:
                source.backup(to)
            people = {
                m[1]: (m[2], m[3])
                for m in re.finditer(r"^(\w+): CCCD (\d{12})\s+password (\S+)$", made, re.M)
            }
            assert set(people) >= {"citizen", "manager", "leader", "admin"}, made
            yield Demo(base, people, browser, first_run)
            browser.close()
    finally:
        if building.poll() is None:
            building.kill()
            building.wait()


def first_run_violations(browser: Browser, base: str) -> list[str]:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(base)
    settle(page)
    expect(page).to_have_title(f"Khởi tạo hệ thống – {APP}", timeout=TIMEOUT)
    expect(page.get_by_role("textbox", name="Mã khởi tạo *")).to_be_visible()
    found = violations(page)
    page.close()
    return found


@pytest.fixture
def page(demo) -> Iterator[Page]:
    page = demo.browser.new_page(viewport=DESKTOP)
    yield page
    page.close()


def axe(page: Page) -> list[dict]:
    """axe-core's violations of the WCAG A and AA rules on what the page shows; axe is injected
    once per document (moving between Streamlit's pages keeps the document)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate("options => axe.run(document, options)", WCAG_AA)["violations"]


# The height the page's scrolling parts (the main column, the sidebar) would need to show all.
CONTENT_HEIGHT = """() => Math.max(document.documentElement.scrollHeight, ...[
    '[data-testid=stMain]', '[data-testid=stSidebarContent]'
].map(s => document.querySelector(s)?.scrollHeight ?? 0))"""


def on_one_screen(page: Page, width: int) -> None:
    """Make the viewport as tall as the page at this width: axe measures colour contrast only for
    what is on screen, and Streamlit's main column and sidebar scroll inside the window."""
    for _ in range(3):
        height = page.evaluate(CONTENT_HEIGHT)
        if page.viewport_size == {"width": width, "height": height}:
            return
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)


def violations(page: Page) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the whole page at 1280 and 360 px wide (the
    viewport as tall as the page, so that nothing is off screen), and the texts that carry English
    (seen, or read by a screen reader), one line each."""
    found = []
    for width, size in (("1280", DESKTOP), ("360", PHONE)):
        if page.viewport_size["width"] != size["width"]:
            page.set_viewport_size(size)
            page.wait_for_timeout(300)
        on_one_screen(page, size["width"])
        for rule in axe(page):
            targets = [node["target"] for node in rule["nodes"]]
            found.append(f"{width} px {rule['id']} ({rule['impact']}): {targets}")
        if words := sorted(set(english(page.evaluate(TEXTS)))):
            found.append(f"{width} px English: {words}")
    page.set_viewport_size(DESKTOP)
    return found


# A page's tabs other than the first, each with what shows that its panel is open (axe checks only
# what is shown).
TABS = {"Danh sách": {"Bản in": "[role=tabpanel] .cdht-print table"}}


def audit_pages(page: Page, titles: list[str]) -> dict[str, list[str]]:
    """Open each page from the menu and check it, and each of its `TABS`; returns the pages with
    violations."""
    failing = {}
    for title in titles:
        open_page(page, title)
        expect(page).to_have_title(f"{title} – {APP}", timeout=TIMEOUT)
        if found := violations(page):
            failing[title] = found
        for tab, shown in TABS.get(title, {}).items():
            page.get_by_role("tab", name=tab, exact=True).click()
            expect(page.locator(shown)).to_be_visible()
            if found := violations(page):
                failing[f"{title} › {tab}"] = found
    return failing


@pytest.mark.browser
def test_the_first_run_page_passes_axe(demo):
    assert demo.first_run == []


@pytest.mark.browser
def test_the_logged_out_pages_and_their_errors_pass_axe(demo, page):
    page.goto(demo.base)
    settle(page)
    expect(page).to_have_title(f"Đăng nhập – {APP}", timeout=TIMEOUT)
    failing = {}
    if found := violations(page):
        failing["Đăng nhập"] = found
    page.get_by_label("Số CCCD").fill("051190009999")
    page.get_by_label("Mật khẩu", exact=True).fill("khong-phai-mat-khau")
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_text(LOGIN_FAILED)).to_be_visible(timeout=TIMEOUT)
    if found := violations(page):
        failing["Đăng nhập: sai mật khẩu"] = found
    failing |= audit_pages(page, ["Đăng ký tài khoản"])
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    step(page)
    expect(page.get_by_role("alert").filter(has_text="Vui lòng sửa")).to_be_visible()
    if found := violations(page):
        failing["Đăng ký tài khoản: thiếu thông tin"] = found
    failing |= audit_pages(page, ["Hướng dẫn"])
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
    for test_id in (
        "stSkipToContent",
        "stFileUploaderDropzone",
        "stHeaderActionElements",
        "stDownloadButtonError",
    ):
        assert f"`{test_id}`" in bundle
    # React Aria's English announcements that ANNOUNCEMENTS puts in Vietnamese, as the bundle
    # writes them.
    for sentence in ("} available.`", "`Entered group ${", "`, selected`"):
        assert sentence in bundle


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
def test_every_address_serves_the_vietnamese_page_compressed_or_not(demo, page):
    """A link to a page other than the first (a join link to /dang-ky) is answered gzip-packed
    when the browser accepts it; that answer is put in Vietnamese too."""
    packed = []
    for path in ("/", "/dang-ky", "/tu-danh-gia"):
        for encoding in ("gzip", "identity"):
            reply = requests.get(
                demo.base + path, headers={"Accept-Encoding": encoding}, timeout=30
            )
            assert reply.status_code == 200
            assert '<html lang="vi">' in reply.text, (path, encoding)
            assert accessible_names.SCRIPT in reply.text, (path, encoding)
            packed.append(reply.headers.get("content-encoding") == "gzip")
    assert any(packed)  # the packed answer was met, and put in Vietnamese
    page.goto(demo.base + "/dang-ky")
    settle(page)
    assert page.locator("html").get_attribute("lang") == "vi"
    expect(page.get_by_role("button", name="Hiện mật khẩu").first).to_be_visible(timeout=TIMEOUT)


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
    province = page.get_by_role("combobox", name="Tỉnh, thành phố")
    province.click()
    page.keyboard.type("Quảng")
    said = page.locator('[role="log"][aria-live] > div')
    expect(said.last).to_have_text(re.compile(r"^Có \d+ lựa chọn\.$"), timeout=TIMEOUT)
    assert not [t for t in said.all_text_contents() if "available" in t or "selected" in t]
    hidden_too = page.evaluate(  # the open list's "Dismiss" is for screen readers alone
        """english => [...document.querySelectorAll('[aria-label]')]
            .map(el => el.getAttribute('aria-label'))
            .filter(name => english.includes(name))""",
        list(accessible_names.LABELS),
    )
    assert hidden_too == []
    page.keyboard.press("Escape")
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


@pytest.mark.browser
def test_an_indicators_parts_open_by_keyboard_keep_the_focus_and_pass_axe(demo, page):
    """An indicator's explanation and evidence are drawn only once opened, by a rerun of the form:
    Enter on a part's title opens it, the focus stays on that title through the rerun, and the
    step with both parts open passes axe at 1280 and 360 px."""
    log_in(page, demo.base, *demo.people["leader"])
    open_page(page, "Tự đánh giá")
    page.locator("[data-testid=stSidebarNav]").evaluate("nav => document.activeElement.blur()")
    parts = (("Giải thích và ví dụ minh chứng", "Ví dụ minh chứng:"), ("Ảnh hoặc PDF", "Chọn tệp"))
    for title, inside in parts:
        for _ in range(80):
            page.keyboard.press("Tab")
            if title in page.evaluate(FOCUSED_SUMMARY):
                break
        else:
            raise AssertionError(f"Tab never reached {title!r}")
        part = page.locator("[data-testid=stExpander]").filter(has_text=title).first
        expect(part.get_by_text(inside)).to_have_count(0)  # closed: not drawn at all
        page.keyboard.press("Enter")
        with suppress(PlaywrightTimeout):  # unless it is already over
            page.wait_for_function(RAN, timeout=2000)
        step(page)
        expect(part.get_by_text(inside).first).to_be_visible(timeout=TIMEOUT)
        assert title in page.evaluate(FOCUSED_SUMMARY)  # not dropped by the rerun
    support.shoot(page, "a11y-parts-open", part)
    assert violations(page) == []


# --- the form by keyboard alone -----------------------------------------------------------------

FOCUSED = """() => {
  const el = document.activeElement;
  const group = el.closest('[role=radiogroup]');
  const option = el.closest('label');
  return {
    tag: el.tagName,
    main: el.closest('[data-testid=stMain]') !== null,
    radio: el.type === 'radio',
    answered: group ? group.querySelector('input:checked') !== null : null,
    checked: el.checked === true,
    option: option ? option.innerText : '',
    label: el.getAttribute('aria-label') || '',
    text: el.tagName === 'BUTTON' ? el.innerText.trim() : '',
  };
}"""
FOCUSED_SUMMARY = "() => document.activeElement.tagName === 'SUMMARY' ? document.activeElement.innerText.trim() : ''"
RAN = "() => document.querySelector('[data-testid=stApp]').dataset.testScriptState !== 'notRunning'"
POINTS = re.compile(r"— (\d+) điểm")


def press(page: Page, key: str) -> dict:
    """Press a key; what has the focus then. No keyboard stop is an invisible frame."""
    page.keyboard.press(key)
    now = page.evaluate(FOCUSED)
    assert now["tag"] != "IFRAME", "Tab stopped on an invisible frame"
    return now


def tab_to_button(page: Page, name: str) -> None:
    for _ in range(60):
        if press(page, "Tab")["text"].endswith(name):
            return
    raise AssertionError(f"Tab never reached the button {name!r}")


def answer_by_keyboard(page: Page, button: str) -> list[int]:
    """Tab through the step to `button`: each unanswered indicator gets its first level (Space)
    or, every other one, its second (ArrowDown). The focus stays on the option through the
    answer's rerun and the walk never leaves the page for the menu. Returns the points chosen."""
    chosen: list[int] = []
    for _ in range(120):
        now = press(page, "Tab")
        assert now["main"], now  # the focus was not dropped (Tab would start over at the menu)
        if now["text"].endswith(button):
            return chosen
        if not now["radio"] or now["answered"]:
            continue
        now = press(page, "ArrowDown" if len(chosen) % 2 else "Space")
        assert now["radio"] and now["checked"], now
        with suppress(PlaywrightTimeout):  # unless it is already over
            page.wait_for_function(RAN, timeout=2000)  # the answer's rerun (saves the draft)
        step(page)
        after = page.evaluate(FOCUSED)
        assert after["radio"] and after["checked"], after  # not dropped by the rerun
        chosen.append(int(POINTS.search(after["option"])[1]))
    raise AssertionError(f"Tab never reached the button {button!r}")


@pytest.mark.browser
def test_the_form_by_keyboard_alone_and_each_of_its_screens_pass_axe(demo, page):
    """Sign in, the three steps, a review refused for a gap, the review and the result: by Tab,
    Space, Enter and arrows only; after each move the new screen's heading has the focus; axe at
    each screen, 1280 and 360 px. (The form refuses gaps at "Xem lại và gửi", not at "Tiếp
    theo", so the error state is a step sent back from the review.)"""
    cccd, password = demo.people["citizen"]
    page.goto(demo.base)
    settle(page)
    for _ in range(12):
        if press(page, "Tab")["label"] == "Số CCCD":
            break
    page.keyboard.type(cccd)
    assert press(page, "Tab")["label"] == "Mật khẩu"
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Đăng xuất").wait_for(timeout=TIMEOUT)
    settle(page)
    page.wait_for_function("() => document.activeElement.tagName === 'H1'", timeout=TIMEOUT)
    assert page.evaluate("() => document.activeElement.innerText") == "Tự đánh giá"
    # Focused for screen readers, but no control: no box drawn around the page's title.
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") == "none"

    failing: dict[str, list[str]] = {}
    points = answer_by_keyboard(page, "Tiếp theo")
    page.keyboard.press("Enter")
    step(page)
    lands_on(page, "buoc-2", "Năng lực 2.", "Bước 2 trên 3: Năng lực 2.")
    failing["bước 2"] = violations(page)
    points += answer_by_keyboard(page, "Tiếp theo")
    page.keyboard.press("Enter")
    step(page)
    lands_on(page, "buoc-3", "Năng lực 3.", "Bước 3 trên 3: Năng lực 3.")
    failing["bước 3"] = violations(page)

    tab_to_button(page, "Xem lại và gửi")
    page.keyboard.press("Enter")
    step(page)
    lands_on(page, "buoc-3", "Năng lực 3.", "Bước 3 trên 3: Năng lực 3.")
    assert live_text(page).endswith("Còn 2 chỉ số chưa trả lời: 9, 10.")
    expect(page.get_by_text("Còn 2 chỉ số chưa chọn mức")).to_be_visible()
    failing["bước 3, còn thiếu"] = violations(page)
    points += answer_by_keyboard(page, "Xem lại và gửi")
    assert len(points) == 10
    page.keyboard.press("Enter")
    step(page)
    lands_on(
        page,
        "xem-lai",
        "Xác nhận gửi phiếu",
        f"Xác nhận gửi phiếu. Tổng điểm dự kiến {sum(points)}/100.",
    )
    failing["xem lại"] = violations(page)
    support.shoot(page, "a11y-review")

    tab_to_button(page, "Gửi phiếu thông tin")
    page.keyboard.press("Enter")
    step(page)
    lands_on(
        page, "ket-qua", "Kết quả tự đánh giá", f"Kết quả tự đánh giá: {sum(points)}/100 điểm."
    )
    failing["kết quả"] = violations(page)
    assert {screen: found for screen, found in failing.items() if found} == {}
