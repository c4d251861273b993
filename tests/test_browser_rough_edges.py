"""Rough edges of issue 16 in a real browser, on the demo database with a dozen member units of
long Vietnamese names: the administrator's tables fit 1280 px, and no English reaches the user on
any page of any role. One demo database, one server and one browser for the module."""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import streamlit
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlmodel import Session

from cdht.db.engine import make_engine
from cdht.db.models import Unit
from cdht.db.units import create_unit, find_unit_by_code
from cdht.demo import DEMO_UNIT_CODE
from cdht.ui import accessible_names
from cdht.window import now_utc
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
    shoot,
)

LONG_NAMES = (
    "Trường Trung học phổ thông chuyên Lê Quý Đôn – Bà Rịa – Vũng Tàu",
    "Công ty Trách nhiệm hữu hạn Một thành viên Khai thác công trình thủy lợi Quảng Ngãi",
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh Quảng Ngãi",
    "Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên huyện Bình Sơn",
    "Ban Quản lý các khu công nghiệp và khu kinh tế tỉnh Quảng Ngãi",
    "Trường Tiểu học và Trung học cơ sở Nguyễn Bỉnh Khiêm, xã Trà Bồng",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Quảng Ngãi",
    "Trường Cao đẳng Kỹ thuật Công nghiệp Dung Quất",
    "Sở Nông nghiệp và Môi trường tỉnh Quảng Ngãi",
    "Bệnh viện Đa khoa tỉnh Quảng Ngãi",
    "Hội Liên hiệp Phụ nữ tỉnh Quảng Ngãi",
    "Đài Phát thanh và Truyền hình tỉnh Quảng Ngãi",
)
STREAMLIT_STATIC = Path(streamlit.__file__).parent / "static"
CONTACT = "Nguyễn Thị Thu Hương, Phó Chánh Văn phòng kiêm phụ trách công tác khuyến học"


@dataclass(frozen=True)
class Demo:
    base: str
    people: dict[str, tuple[str, str]]  # role -> (CCCD, password)
    browser: Browser


def add_member_units(url: str) -> None:
    """A dozen units of long names under the demo's association (as an administrator adds them)."""
    engine = make_engine(url)
    with Session(engine) as session:
        unit = find_unit_by_code(session, DEMO_UNIT_CODE)
        association = session.get(Unit, unit.parent_id)
        for name in LONG_NAMES:
            create_unit(
                session,
                None,
                name=name,
                contact_name=CONTACT,
                parent_code=association.code,
                now=now_utc(),
            )
    engine.dispose()


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Iterator[Demo]:
    url = f"sqlite:///{tmp_path_factory.mktemp('rough') / 'demo.db'}"
    made = cli(url, "demo")
    assert made.returncode == 0, made.stderr
    people = {
        m[1]: (m[2], m[3])
        for m in re.finditer(r"^(\w+): CCCD (\d{12})\s+password (\S+)$", made.stdout, re.M)
    }
    add_member_units(url)
    with sync_playwright() as playwright, app_server(url) as base:
        browser = launch(playwright)
        yield Demo(base, people, browser)
        browser.close()


@pytest.fixture
def page(demo) -> Iterator[Page]:
    page = demo.browser.new_page(viewport=DESKTOP)
    yield page
    page.close()


# --- tables that fit 1280 px ---------------------------------------------------------------------

# Each table's grid: how wide its content is, and how wide the box showing it.
WIDTHS = """() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stDataFrame]')]
  .map(frame => {
    const scroller = frame.querySelector('.dvn-scroller');
    return [scroller.scrollWidth, scroller.clientWidth];
  })"""


def table_widths(page: Page) -> list[list[int]]:
    expect(page.locator("[data-testid=stMain] canvas").first).to_be_visible(timeout=TIMEOUT)
    page.wait_for_timeout(500)  # the grid sizes its columns after its first frame
    return page.evaluate(WIDTHS)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("title", "shot"), [("Tổng hợp đơn vị", "rollup"), ("Các đơn vị", "units")]
)
def test_the_administrators_tables_fit_1280_px(demo, page, title, shot):
    log_in(page, demo.base, *demo.people["admin"])
    open_page(page, title)
    widths = table_widths(page)
    shoot(page, f"table-{shot}", page.locator("[data-testid=stDataFrame]").first)
    assert widths, "no table on the page"
    assert all(content <= box for content, box in widths), widths


# --- no English reaches the user ------------------------------------------------------------------

# Every text a person sees or a screen reader reads: visible text (material icons' ligatures left
# out: they draw an icon) and the attributes that name or describe an element that is drawn (a
# screen reader skips one that is not), or a frame (whose title is read even when it is tiny).
TEXTS = """() => {
  const found = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    const text = walker.currentNode.nodeValue.trim();
    if (text && el && el.checkVisibility() && !el.closest(
        'script, style, [data-testid=stIconMaterial], [translate=no]')) found.add(text);
  }
  for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description']) {
    for (const el of document.querySelectorAll(`[${name}]`)) {
      if (el.checkVisibility() || el.tagName === 'IFRAME') found.add(el.getAttribute(name));
    }
  }
  return [...found];
}"""
# A syllable Vietnamese spells (without its marks): initial consonant, vowels, final consonant.
SYLLABLE = re.compile(r"(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?[aeiouy]{1,3}"
                      r"(ch|nh|ng|[cmnpt])?")  # fmt: skip
# Words that are not Vietnamese syllables and are meant: names of programs, keys and loanwords the
# app's Vietnamese uses (abbreviations in capitals, as CCCD, PDF, UBND, are allowed too).
ALLOWED = {"Excel", "xlsx", "docx", "Mpx", "Enter", "Tab", "Ctrl", "menu", "Menu", "link", "Email", "email",
           "internet", "Word", "http", "https", "Chrome", "Firefox", "Safari", "Edge", "Opera",
           "Linux", "Windows", "Android", "iOS", "iPhone", "macOS"}  # fmt: skip
# A unit code (8 letters or digits, a capital after the first) or a one-time password: no word.
CODE = re.compile(r"\b\w*\d\w*\b|\b\w(?=\w*[A-Z])\w{7,}\b")


def english(texts: list[str]) -> list[str]:
    """The texts holding a word that is neither a Vietnamese syllable nor allowed."""
    found = []
    for text in texts:
        marked = unicodedata.normalize("NFD", CODE.sub(" ", text))
        plain = "".join(c for c in marked if not unicodedata.combining(c))
        words = re.findall(r"[^\W\d_]+", plain)
        if any(
            w.isascii()
            and w not in ALLOWED
            and not (w.isupper() and len(w) <= 5)
            and not SYLLABLE.fullmatch(w.lower())
            for w in words
        ):
            found.append(text)
    return found


def english_on_pages(page: Page, titles: list[str]) -> dict[str, list[str]]:
    """Open each page from the menu at 1280 and 360 px; the English found on each."""
    found = {}
    for title in titles:
        open_page(page, title)
        texts = page.evaluate(TEXTS)
        page.set_viewport_size(PHONE)
        page.wait_for_timeout(300)
        texts += page.evaluate(TEXTS)
        page.set_viewport_size(DESKTOP)
        if words := sorted(set(english(texts))):
            found[title] = words
    return found


def menu_titles(page: Page) -> list[str]:
    links = page.locator("[data-testid=stSidebarNav] [data-testid=stSidebarNavLink]")
    return [text.strip().splitlines()[-1] for text in links.all_inner_texts()]


def test_english_is_found_and_vietnamese_is_not():
    assert english(["Press Enter to apply", "Help for Số CCCD", "Show password"]) == [
        "Press Enter to apply",
        "Help for Số CCCD",
        "Show password",
    ]
    assert english(["Trường Trung học phổ thông chuyên Lê Quý Đôn – Bà Rịa – Vũng Tàu"]) == []
    assert english(["Mã đơn vị B51pzCjW, mã xQHhPSFZ", "Tải tệp Excel, PDF", "Nhóm III"]) == []


@pytest.mark.browser
def test_no_english_on_the_logged_out_pages(demo, page):
    page.goto(demo.base)
    settle(page)
    found = english_on_pages(page, menu_titles(page))
    assert found == {}, "\n".join(f"{title}: {words}" for title, words in found.items())


@pytest.mark.browser
@pytest.mark.parametrize("role", ["citizen", "leader", "manager", "admin"])
def test_no_english_on_the_pages_of_each_role(demo, page, role):
    log_in(page, demo.base, *demo.people[role])
    found = english_on_pages(page, menu_titles(page))
    assert found == {}, "\n".join(f"{title}: {words}" for title, words in found.items())


def test_every_english_text_replaced_is_still_streamlits():
    """An upgrade that rewords one of Streamlit's texts would leave it English: fail here."""
    bundle = "".join(p.read_text() for p in (STREAMLIT_STATIC / "static" / "js").glob("*.js"))
    assert [name for name in accessible_names.LABELS if f"`{name}`" not in bundle] == []
    # The hint of a text box: "Press Enter to " + "apply" or "submit form"; Ctrl/⌘ in a text area.
    assert "`Press Enter to ${" in bundle and "`submit form`:`apply`" in bundle
    assert re.search(r"`Press \$\{[^`]*`⌘`:`Ctrl`\}\+Enter to \$\{", bundle)
    assert "`Choose an option`" in bundle and "label:l?`Upload directories`:`Upload`" in bundle
    # A help button's name and a toolbar button's name with its element's description.
    assert "`Help for ${" in bundle
    assert re.search(r"label:`Fullscreen`.*label:`Close fullscreen`", bundle)
    assert re.search(r"`\$\{\w+\}: \$\{\w+\}`", bundle)
    english = {english.strip(": ") for english in accessible_names.PREFIXES} - {"Help for"}
    assert english <= set(accessible_names.LABELS)
    assert {text.replace("⌘", "Ctrl") for text in accessible_names.TEXTS} == {
        f"Press {key}Enter to {what}" for key in ("", "Ctrl+") for what in ("apply", "submit form")
    } | {"Choose an option", "Upload"}


@pytest.mark.browser
def test_streamlits_hints_and_help_buttons_read_in_vietnamese(demo, page):
    page.goto(demo.base)
    settle(page)
    page.get_by_label("Số CCCD").press_sequentially("0510")
    hint = page.locator("[data-testid=InputInstructions]").first
    expect(hint).to_have_text(re.compile(r"^Nhấn Enter để gửi"), timeout=TIMEOUT)
    open_page(page, "Đăng ký tài khoản")
    helps = page.locator("[data-testid=stMain] [aria-label^='Trợ giúp: ']")
    expect(helps.first).to_be_attached(timeout=TIMEOUT)
    assert page.locator("[aria-label^='Help']").count() == 0
    log_in(page, demo.base, *demo.people["admin"])
    open_page(page, "Nhật ký hệ thống")
    page.set_viewport_size({"width": 1920, "height": 900})  # a hint needs a box over 180 px wide
    box = page.locator("[data-testid=stMain] [data-testid=stTextInput] input").first
    box.press_sequentially("01/01")
    hint = page.locator("[data-testid=InputInstructions]").first
    expect(hint).to_have_text(re.compile(r"^Nhấn Enter để áp dụng"), timeout=TIMEOUT)
    assert page.evaluate(TEXTS) and english(page.evaluate(TEXTS)) == []
