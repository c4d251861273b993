"""Who is counted, in a real browser: a unit with a staff list accepts a listed person (under the
other placement of a tone mark) and refuses an unlisted number next to its field; a person whose
number was taken reports it, the manager gives it back from the dashboard's notice, and the
person signs up with it.

Screenshots go to test-artifacts/membership-*.png.
"""

import re

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlmodel import Session

from cdht.db.accounts import register_citizen
from cdht.db.engine import make_engine
from cdht.db.staff import replace_staff
from cdht.db.units import find_unit_by_code
from cdht.registration import Registration
from cdht.staff_import import StaffEntry
from cdht.window import now_utc
from tests import support
from tests.support import (
    ARTIFACTS,
    DESKTOP,
    MANAGER_CCCD,
    MANAGER_PASSWORD,
    PHONE,
    TIMEOUT,
    app_server,
    fill,
    launch,
    log_in,
    log_out,
    open_page,
    pick,
    set_up_unit,
    step,
)

pytestmark = pytest.mark.browser

UNIT_NAME = "Sở Tư pháp tỉnh Quảng Ngãi"
PASSWORD = "Hoc-tap-suot-doi-2026"
LISTED = {"cccd": "051190001234", "listed": "Nguyễn Thị Thuỷ", "typed": "Nguyễn Thị Thủy"}
OWNER = {"cccd": "051088004321", "name": "Phan Văn Đức"}  # on the list; a stranger took it
UNLISTED_CCCD = "051190009999"


def shoot(page, name: str, focus=None) -> None:
    support.shoot(page, f"membership-{name}", focus)


def prepare(url: str, code: str) -> None:
    """The list as the manager uploaded it, and the stranger who registered the owner's number
    before the list existed."""
    engine = make_engine(url)
    with Session(engine, expire_on_commit=False) as session:
        unit = find_unit_by_code(session, code)
        register_citizen(
            session,
            Registration(
                cccd=OWNER["cccd"],
                full_name="Kẻ Mạo Danh",
                gender="Nam",
                birth_year=1988,
                ethnicity="Kinh",
                province_code=51,
                ward_code=21025,
                unit_code=code,
                password="Mat-khau-la-2026",
                department="",
                position="",
                phone="",
                email="",
            ),
            now=now_utc(),
        )
        replace_staff(
            session,
            None,
            unit_id=unit.id,
            now=now_utc(),
            entries=[
                StaffEntry(LISTED["listed"], LISTED["cccd"], "Văn phòng", "Chuyên viên"),
                StaffEntry(OWNER["name"], OWNER["cccd"], "Thanh tra", "Thanh tra viên"),
            ],
        )
    engine.dispose()


def sign_up(page, code: str, cccd: str, name: str, gender: str, year: str) -> None:
    """Fill the whole form and press "Đăng ký"; the outcome is left on screen."""
    open_page(page, "Đăng ký tài khoản")
    step(page)
    fill(page, "Mã đơn vị quản lý *", code)
    fill(page, "Số CCCD *", cccd)
    fill(page, "Họ và tên *", name)
    radio = page.locator("[data-testid=stRadio]").filter(has_text="Giới tính")
    radio.locator("label").filter(has_text=re.compile(rf"^\s*{gender}\s*$")).click()
    step(page)
    fill(page, "Năm sinh *", year)
    pick(page, "Tỉnh, thành phố *", "Quảng Ngãi")
    pick(page, "Phường, xã *")
    fill(page, "Mật khẩu *", PASSWORD)
    fill(page, "Nhập lại mật khẩu *", PASSWORD)
    consent = page.locator("[data-testid=stCheckbox]").filter(has_text="Tôi đã đọc và đồng ý")
    if not consent.get_by_role("checkbox").is_checked():
        consent.locator("label").click()
        step(page)
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    step(page)


def field_alert(page, text: str):
    return page.locator("[data-testid=stMain] p[role=alert]").filter(has_text=text)


def test_staff_list_sign_up_and_a_taken_number_given_back(tmp_path):
    url = f"sqlite:///{tmp_path}/membership.db"
    year = now_utc().year
    code = set_up_unit(url, year, name=UNIT_NAME, contact="Đinh Văn Sơn")
    prepare(url, code)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    quiet = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    with app_server(url, quiet) as base, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_context(viewport=DESKTOP).new_page()
        page.set_default_timeout(TIMEOUT)
        main = page.locator("[data-testid=stMain]")
        try:
            page.goto(base)
            step(page)

            # A choice list with nothing matching says so in Vietnamese.
            open_page(page, "Đăng ký tài khoản")
            combo = page.locator("[data-testid=stSelectbox]").filter(has_text="Dân tộc")
            combo.get_by_role("combobox").click()
            combo.get_by_role("combobox").press_sequentially("zzzz")
            empty = page.locator("[role=listbox][data-empty=true] [role=option]")
            expect(empty).to_have_count(1)
            drawn = empty.evaluate("e => getComputedStyle(e, '::after').content")
            assert "Không tìm thấy lựa chọn phù hợp" in drawn, drawn
            expect(page.get_by_text("No results")).not_to_be_visible()
            page.keyboard.press("Escape")

            # On a phone, a press with mistakes brings up a summary whose links reach each field.
            page.set_viewport_size(PHONE)
            step(page)
            page.get_by_role("button", name="Đăng ký", exact=True).click()
            step(page)
            summary = page.locator("#tom-tat-loi")
            expect(summary).to_be_in_viewport()
            expect(summary).to_be_focused()
            summary.get_by_role("link", name="Đồng ý xử lý dữ liệu cá nhân").click()
            expect(page.locator("#loi-consent")).to_be_in_viewport()
            shoot(page, "summary")
            page.set_viewport_size(DESKTOP)
            page.goto(base)
            step(page)

            # A number not on the list: refused next to the field, with whom to ask.
            sign_up(page, code, UNLISTED_CCCD, "Lê Thị Lạ", "Nữ", "1990")
            refused = field_alert(page, "không có trong danh sách nhân sự")
            expect(refused).to_be_visible()
            expect(refused).to_contain_text("Đinh Văn Sơn")
            shoot(page, "unlisted", focus=refused)

            # The listed person, typing the other placement of the tone mark: accepted.
            page.goto(base)
            step(page)
            sign_up(page, code, LISTED["cccd"], LISTED["typed"], "Nữ", "1990")
            expect(main.get_by_text("Đăng ký thành công")).to_be_visible()
            expect(main.get_by_text("chờ người quản lý duyệt")).to_have_count(0)

            # The owner of a taken number reports it.
            open_page(page, "Đăng ký tài khoản")
            step(page)
            sign_up(page, code, OWNER["cccd"], OWNER["name"], "Nam", "1988")
            expect(field_alert(page, "đã được đăng ký")).to_be_visible()
            fill(page, "Số điện thoại để liên hệ lại", "0912345678")
            page.get_by_role("button", name="Báo cho người quản lý").click()
            step(page)
            sent = main.get_by_text("Đã gửi báo cáo đến người quản lý")
            expect(sent).to_be_visible()
            shoot(page, "reported", focus=sent)

            # The manager sees the notice, checks and gives the number back.
            log_in(page, base, MANAGER_CCCD, MANAGER_PASSWORD)
            open_page(page, "Tổng quan đơn vị")
            step(page)
            expect(main.get_by_text("1 báo cáo số CCCD bị người khác đăng ký")).to_be_visible()
            expect(
                main.get_by_text(re.compile(r"Tỉ lệ đạt danh hiệu: 0,0\s?% \(0/2 "))
            ).to_be_visible()
            page.get_by_role("link", name="Mở trang Duyệt thành viên").click()
            step(page)
            report = main.locator("[class*=st-key-report_box_]").filter(
                has_text=f"{OWNER['name']} báo số CCCD"
            )
            expect(report).to_contain_text("Kẻ Mạo Danh")
            expect(report).to_contain_text("0912345678")
            shoot(page, "report", focus=report)
            report.get_by_role("button", name="Trả số cho người báo").click()
            step(page)
            expect(main.get_by_text("Vui lòng đánh dấu xác nhận trước.")).to_be_visible()
            report = main.locator("[class*=st-key-report_box_]").filter(
                has_text=f"{OWNER['name']} báo số CCCD"
            )
            report.locator("[data-testid=stCheckbox] label").click()
            report.get_by_role("button", name="Trả số cho người báo").click()
            step(page)
            expect(main.get_by_text("Đã trả số.")).to_be_visible()
            expect(main.get_by_text("Báo cáo số CCCD bị người khác đăng ký: 0")).to_be_visible()
            log_out(page)

            # The owner signs up with their own number.
            sign_up(page, code, OWNER["cccd"], OWNER["name"], "Nam", "1988")
            expect(main.get_by_text("Đăng ký thành công")).to_be_visible()
        except Exception:
            page.screenshot(path=ARTIFACTS / "membership-failure.png")
            raise
        finally:
            browser.close()
