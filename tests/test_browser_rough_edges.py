"""Rough edges of issue 16 in a real browser, on the demo database with a dozen member units of
long Vietnamese names: the administrator's tables fit 1280 px, and Streamlit's English hints and
names are replaced (tests/test_accessibility.py finds no English on any page or state). One demo
database, one server and one browser for the module."""

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
import streamlit
from playwright.sync_api import Browser, Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from sqlmodel import Session, col, select

from cdht.db.actors import actor_for
from cdht.db.engine import make_engine
from cdht.db.models import Account, AuditEvent, Unit, WebSession
from cdht.db.rollup import unit_figures
from cdht.db.units import create_unit, find_unit_by_code
from cdht.db.web_sessions import revoke_session
from cdht.demo import DEMO_UNIT_CODE
from cdht.ui import accessible_names
from cdht.window import local_year, now_utc
from tests.support import (
    DESKTOP,
    PHONE,
    TIMEOUT,
    app_server,
    cli,
    launch,
    log_in,
    open_page,
    pick,
    settle,
    shoot,
    step,
)
from tests.vietnamese_text import TEXTS, english

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
    url: str
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
        yield Demo(url, base, people, browser)
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


def assessed_in(demo: Demo, year: int) -> int:
    """How many of the demo unit self-assessed in `year`, as the data layer tells its admin."""
    engine = make_engine(demo.url)
    with Session(engine) as session:
        unit = find_unit_by_code(session, DEMO_UNIT_CODE)
        admin = session.exec(select(Account).where(Account.cccd == demo.people["admin"][0])).one()
        figures = unit_figures(session, actor_for(admin), unit_id=unit.id, year=year)
    engine.dispose()
    return figures.assessed


@pytest.mark.browser
def test_a_units_details_follow_the_year(demo, page):
    """The details of a unit chosen in the roll-up show the year chosen after it, not the one
    before (a box of the year's rows kept the row of the year first shown)."""
    log_in(page, demo.base, *demo.people["admin"])
    open_page(page, "Tổng hợp đơn vị")
    page.get_by_text("Chi tiết một đơn vị").click()
    with Session(make_engine(demo.url)) as session:
        name = find_unit_by_code(session, DEMO_UNIT_CODE).name
    pick(page, "Xem chi tiết đơn vị", name)
    details = page.locator("[data-testid=stExpander]").filter(has_text="Chi tiết một đơn vị")
    this_year = local_year(now_utc())
    for year in (this_year, this_year - 1, this_year - 2):
        if year != this_year:
            pick(page, "Năm", str(year))
        expected = f"Đã tự đánh giá: {assessed_in(demo, year)}"
        expect(details.get_by_text(expected)).to_be_visible(timeout=TIMEOUT)
    assert assessed_in(demo, this_year) != assessed_in(demo, this_year - 1)


@pytest.mark.browser
def test_a_refused_file_says_why_in_vietnamese(demo, page, tmp_path):
    """A file of a type the uploader does not take: its chip, its tooltip and its button speak
    Vietnamese (Streamlit writes "Error: text/plain files are not allowed." and "Remove …")."""
    wrong = tmp_path / "danh-sach.txt"
    wrong.write_text("Nguyễn Văn An", encoding="utf-8")
    log_in(page, demo.base, *demo.people["manager"])
    open_page(page, "Nhân sự đơn vị")
    uploader = page.locator("[data-testid=stFileUploader]").first
    uploader.locator("input[type=file]").set_input_files(wrong)
    chip = uploader.locator("[data-testid=stFileChip]")
    expect(chip.get_by_role("alert")).to_have_text(
        "Lỗi: Không nhận loại tệp này; hãy chọn tệp đúng loại ghi ở nhãn ô tải lên.",
        timeout=TIMEOUT,
    )
    expect(uploader.get_by_role("button", name="Bỏ tệp danh-sach.txt")).to_be_visible()
    # Its size, 16 bytes, with a decimal comma: seen, and read with its name.
    expect(chip.get_by_text("16,0 B", exact=True)).to_be_visible()
    expect(chip).to_have_attribute("aria-label", "danh-sach.txt, 16,0 B")
    # Shown, not only read out: a phone shows no tooltip.
    page.set_viewport_size(PHONE)
    alert = chip.get_by_role("alert").bounding_box()
    assert alert and alert["height"] > 10 and alert["width"] > 100, alert
    page.set_viewport_size(DESKTOP)
    chip.hover()
    tooltip = page.locator("[data-testid=stTooltipErrorContent]")
    expect(tooltip).to_have_text(
        "Không nhận loại tệp này; hãy chọn tệp đúng loại ghi ở nhãn ô tải lên."
    )
    shoot(page, "refused-file", uploader)
    said = [*chip.get_by_role("alert").all_inner_texts(), *tooltip.all_inner_texts()]
    assert said and english(said) == []
    expect(uploader.get_by_text("add icon")).to_have_count(0)  # the "+" button's hidden words


MAIN_WIDTH = "() => document.querySelector('[data-testid=stMainBlockContainer]').clientWidth"


@pytest.mark.browser
def test_a_wide_page_stays_wide_after_a_press(demo, page):
    """Các đơn vị is drawn the screen's width, and stays so when a press reruns it (it used to
    fall back to the centred column of the other pages)."""
    log_in(page, demo.base, *demo.people["admin"])
    centred = page.evaluate(MAIN_WIDTH)
    open_page(page, "Các đơn vị")
    expect(page.get_by_role("button", name="Tạo đơn vị")).to_be_visible()
    wide = page.evaluate(MAIN_WIDTH)
    assert wide > centred + 150, (wide, centred)
    page.get_by_role("button", name="Tạo đơn vị").click()  # no name: refused
    expect(page.get_by_text("Vui lòng nhập tên đơn vị.")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    assert page.evaluate(MAIN_WIDTH) == wide


def test_english_is_found_and_vietnamese_is_not():
    assert english(["Press Enter to apply", "Help for Số CCCD", "Show password"]) == [
        "Press Enter to apply",
        "Help for Số CCCD",
        "Show password",
    ]
    assert english(["Trường Trung học phổ thông chuyên Lê Quý Đôn – Bà Rịa – Vũng Tàu"]) == []
    assert english(["Mã đơn vị B51pzCjW, mã xQHhPSFZ", "Tải tệp Excel, PDF", "Nhóm III"]) == []
    assert english(["phiên bản 324-2023-cdht.1 (diễn đạt lại từ QĐ 324/QĐ-KHVN)"]) == []
    assert english(["cloud_done icon"]) == ["cloud_done icon"]


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
    # An uploaded file's button ("Remove" or "Cancel upload of" its name), why a file is refused.
    assert "`Cancel upload of ${e.name}`:`Remove ${e.name}`" in bundle
    assert "[`Error: `," in bundle and "files are not allowed.`" in bundle
    assert "`File must be ${" in bundle and "} or smaller.`" in bundle
    assert "`Upload failed`" in bundle
    # The box of an address that is no page, and a download button's error of the browser's own.
    assert "showError(`Page not found`,{message:`${t}. Running the app's main page.`})" in bundle
    assert "`The page that you have requested does not seem to exist`" in bundle
    assert "`Download failed`" in bundle
    # A chosen file's size after its name, and in its chip's name: "4.9KB", one decimal.
    assert "`${e.toFixed(n)}${t.toUpperCase()}`" in bundle and "`${e.name}, ${x}`" in bundle
    file_prefixes = {"Remove", "Cancel upload of"}
    prefixed = {prefix.strip(": ") for prefix in accessible_names.PREFIXES} - {"Help for"}
    assert prefixed - file_prefixes <= set(accessible_names.LABELS)
    assert {text.replace("⌘", "Ctrl") for text in accessible_names.TEXTS} == {
        f"Press {key}Enter to {what}" for key in ("", "Ctrl+") for what in ("apply", "submit form")
    } | {"Choose an option", "Upload", "Type to search", "add icon"}
    assert "`${n} icon`" in bundle  # an icon's hidden words: "add icon" in the uploader's "+"
    # A table's menus and toolbar tooltips, and what its statistics charts say.
    assert [w for w in accessible_names.TABLE_TEXTS if f"`{w}`" not in bundle] == []
    for chart in ("Distribution histogram", "Top values frequency chart"):
        assert f"`{chart}`" in bundle
    assert "`True/false distribution chart`" in bundle
    assert "binStart:" in bundle and "title:`Range`" in bundle and "title:`Count`" in bundle
    # A table's search: its prompt and its count ("4 results", "2 of 4 results", "over 1000").
    assert "`Type to search`" in bundle and "`over 1000`" in bundle
    assert "} result${" in bundle and "+1} of ${" in bundle


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
    # A table's search says its prompt and how many rows it found in Vietnamese.
    grid = page.locator("[data-testid=stMain] [data-testid=stDataFrame]").first
    grid.hover()
    page.get_by_role("button", name="Tìm trong bảng").first.click()
    expect(page.locator(".gdg-search-status label").first).to_have_text("Gõ để tìm")
    page.locator("[data-testid=search-input]").first.press_sequentially("/")  # in every row's time
    count = page.locator("[data-testid=search-result-area]").first
    expect(count).to_have_text(re.compile(r"^\d+ kết quả$"), timeout=TIMEOUT)
    page.keyboard.press("Enter")  # to the first row found
    expect(count).to_have_text(re.compile(r"^1/\d+ kết quả$"), timeout=TIMEOUT)
    # Once something is typed its label is gone; the box keeps a name.
    expect(page.get_by_role("textbox", name="Tìm trong bảng")).to_be_visible()
    # Last: leaving the half-typed date would run the page again and redraw the table.
    page.set_viewport_size({"width": 1920, "height": 900})  # a hint needs a box over 180 px wide
    box = page.locator("[data-testid=stMain] [data-testid=stTextInput] input").first
    box.press_sequentially("01/01")
    hint = page.locator("[data-testid=InputInstructions]").first
    expect(hint).to_have_text(re.compile(r"^Nhấn Enter để áp dụng"), timeout=TIMEOUT)
    assert page.evaluate(TEXTS) and english(page.evaluate(TEXTS)) == []


@pytest.mark.browser
def test_a_tables_toolbar_and_column_menus_speak_vietnamese(demo, page):
    """The review found English in a table's tooltips ("Download as CSV"), its column menu ("Sort
    ascending", "Statistics"), the statistics and formats, and the list of columns to show."""
    log_in(page, demo.base, *demo.people["admin"])
    open_page(page, "Tổng hợp đơn vị")
    grid = page.locator("[data-testid=stMain] [data-testid=stDataFrame]").first
    expect(grid).to_be_visible(timeout=TIMEOUT)
    # The toolbar shows while the pointer is over the grid; under make test's load the page may
    # still be settling and cover it on the way, so the pointer goes over the grid again (at most
    # three times) until the toolbar's button takes it.
    csv = page.get_by_role("button", name="Tải về tệp CSV")
    for _ in range(3):
        grid.hover()
        try:
            csv.hover(timeout=5000)
            break
        except PlaywrightTimeoutError:
            continue
    else:
        csv.hover()  # fails here, with Playwright's account of what covered it
    tooltip = page.locator("[data-testid=stTooltipContent]")
    expect(tooltip).to_have_text("Tải về tệp CSV", timeout=TIMEOUT)
    page.get_by_role("button", name="Ẩn/hiện cột").click()
    columns = page.locator("[data-testid=stDataFrameColumnVisibilityMenu]")
    expect(columns.get_by_text("Chọn tất cả")).to_be_visible(timeout=TIMEOUT)
    said = page.evaluate(TEXTS)
    page.keyboard.press("Escape")
    # A column's menu opens from the button its title shows when pointed at, at its right end:
    # the grid draws it, so it is found by where it is ("Nhân sự", the second column, 70 px).
    box = grid.bounding_box()
    header_y = box["y"] + 18
    page.mouse.move(box["x"] + 214 + 35, header_y)
    page.mouse.click(box["x"] + 214 + 70 - 16, header_y)
    menu = page.locator("[data-testid=stDataFrameColumnMenu]")
    expect(menu.get_by_role("menuitem", name="Sắp xếp tăng dần")).to_be_visible(timeout=TIMEOUT)
    for item in ("Sắp xếp giảm dần", "Thống kê", "Định dạng", "Tự chỉnh độ rộng", "Ghim cột"):
        expect(menu.get_by_role("menuitem", name=item)).to_be_visible()
    menu.get_by_role("menuitem", name="Thống kê").hover()
    statistics = page.locator("[data-testid=stDataFrameStatisticsMenu]")
    expect(statistics.get_by_text("Trung vị")).to_be_visible(timeout=TIMEOUT)
    chart = page.locator("[data-testid=stDataFrameStatisticsChart] [aria-label]").first
    expect(chart).to_have_attribute("aria-label", re.compile(r"^Khoảng .*: \d+ giá trị$"))
    said += page.evaluate(TEXTS)
    menu.get_by_role("menuitem", name="Định dạng").hover()
    formats = page.locator("[data-testid=stDataFrameColumnFormattingMenu]")
    expect(formats.get_by_text("Phần trăm")).to_be_visible(timeout=TIMEOUT)
    said += page.evaluate(TEXTS)
    shoot(page, "column-menu")
    assert english(said) == []


# --- the print of the list's tab ---------------------------------------------------------------

# A4 landscape less the print view's 12 mm margins, in CSS pixels (96 an inch).
A4_LANDSCAPE_INSIDE = {
    "width": round((297 - 24) / 25.4 * 96),
    "height": round((210 - 24) / 25.4 * 96),
}


def printed_text(page: Page, pdf: Path) -> str:
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.browser
def test_the_print_tab_prints_the_list_alone_across_the_page(demo, page, tmp_path):
    """Ctrl+P on *Bản in* prints the list as its file does: not the page's title, choices and
    notes above it, and across the page's width (it printed in the column the screen gives)."""
    log_in(page, demo.base, *demo.people["manager"])
    open_page(page, "Danh sách")
    page.get_by_role("tab", name="Bản in").click()
    table = page.locator("[role=tabpanel] .cdht-print table")
    expect(table).to_be_visible(timeout=TIMEOUT)
    page.emulate_media(media="print")
    page.set_viewport_size(A4_LANDSCAPE_INSIDE)
    width = table.evaluate("t => t.getBoundingClientRect().width")
    assert width >= 0.95 * A4_LANDSCAPE_INSIDE["width"], width
    text = printed_text(page, tmp_path / "list.pdf")
    assert text.lstrip().startswith("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"), text[:300]
    for screen_only in ("Danh sách tự đánh giá", "mã đơn vị", "Ctrl+P", "người đã tự đánh giá,"):
        assert screen_only not in text, screen_only
    assert "NGƯỜI LẬP DANH SÁCH" in text
    # The other tab prints as it shows: the page's title is there.
    page.emulate_media(media="screen")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("tab", name="Danh sách").click()
    expect(table).to_have_count(0)
    page.emulate_media(media="print")
    assert "Danh sách tự đánh giá" in printed_text(page, tmp_path / "table.pdf")


@pytest.mark.browser
def test_a_paste_longer_than_a_field_allows_is_kept_and_refused_with_a_message(demo, page):
    """Streamlit drops a whole paste that passes a box's `max_chars`, with no word: the boxes
    have no such limit; the check names the limit and the length under the field, and stores
    nothing."""
    page.goto(f"{demo.base}/dang-ky")
    settle(page)
    long_position = "Chuyên viên phụ trách công tác khuyến học, khuyến tài " * 3
    box = page.get_by_label("Chức vụ", exact=True)
    box.fill(long_position)
    box.press("Tab")
    expect(box).to_have_value(long_position)
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    step(page)
    length = len(long_position.strip())
    said = f"Chức vụ dài quá 100 ký tự (đang có {length} ký tự): hãy rút gọn."
    expect(page.locator("[data-testid=stMain]").get_by_text(said, exact=False).first).to_be_visible(
        timeout=TIMEOUT
    )
    expect(box).to_have_value(long_position)


@pytest.mark.browser
def test_the_rollup_downloads_as_a_file_with_every_long_name_whole_and_is_logged(
    demo, page, tmp_path
):
    """The page cuts a long name after a few lines; its Excel file holds every name whole, with
    the unit's code, and the download is written to the audit log under the administrator."""
    log_in(page, demo.base, *demo.people["admin"])
    open_page(page, "Tổng hợp đơn vị")
    button = page.get_by_role("button", name="Tải bảng tổng hợp (Excel)")
    expect(button).to_be_enabled(timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as info:
        button.click()
    got = info.value
    assert got.failure() is None, got.failure()
    year = local_year(now_utc())
    assert got.suggested_filename == f"tong-hop-cdht-tat-ca-{year}.xlsx"
    saved = tmp_path / got.suggested_filename
    got.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    names = {row[1]: row[2] for row in sheet.iter_rows(values_only=True)}
    with Session(make_engine(demo.url)) as session:
        codes = {u.name: u.code for u in session.exec(select(Unit)).all()}
        admin = session.exec(select(Account).where(Account.cccd == demo.people["admin"][0])).one()
        logged = session.exec(select(AuditEvent).where(AuditEvent.action == "export.rollup")).all()
    assert {name: codes[name] for name in LONG_NAMES} == {name: names[name] for name in LONG_NAMES}
    # The file is made outside the page's run, yet the log still says where the request came from.
    assert [(e.actor_id, e.unit_id, e.client) for e in logged] == [(admin.id, None, "127.0.0.1")]
    step(page)
    shoot(page, "rollup-download")
    # The login ended since the page was drawn (its session revoked, as a logout in another tab
    # or a password change does): the button makes no file, says why in Vietnamese, logs nothing.
    with Session(make_engine(demo.url)) as session:
        live = WebSession.account_id == admin.id, col(WebSession.revoked_at).is_(None)
        for row in session.exec(select(WebSession).where(*live)).all():
            revoke_session(session, row.id, now=now_utc())
    button.click()
    said = "Không tải được tệp. Có thể phiên đăng nhập đã kết thúc: hãy tải lại trang rồi thử lại."
    expect(page.get_by_test_id("stDownloadButtonError")).to_have_text(said, timeout=TIMEOUT)
    with Session(make_engine(demo.url)) as session:
        exports = session.exec(select(AuditEvent).where(AuditEvent.action == "export.rollup"))
        assert len(exports.all()) == 1
