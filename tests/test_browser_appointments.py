"""An administrator appoints a child unit's manager in the browser, who then logs in and lands on
that unit's dashboard; a manager sets next year's window (real browser).

Screenshots go to test-artifacts/appoint-*.png.
"""

from datetime import date

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlmodel import Session

from cdht.db.accounts import register_citizen
from cdht.db.engine import make_engine
from cdht.registration import Registration
from cdht.window import VN_TZ, now_utc
from tests import support
from tests.support import (
    ARTIFACTS,
    DESKTOP,
    MANAGER_CCCD,
    MANAGER_PASSWORD,
    TIMEOUT,
    app_server,
    cli,
    launch,
    log_in,
    log_out,
    open_page,
    set_up_unit,
    step,
)
from tests.test_browser_manager_year import set_date

pytestmark = pytest.mark.browser

ADMIN = ("051080000001", "Quan-tri-2026!")
TEACHER = ("051190001234", "Giao-vien-2026!", "Nguyễn Thị Ánh")
SCHOOL = "Trường THCS Nghĩa Hành"


def shoot(page, name: str, focus=None) -> None:
    support.shoot(page, f"appoint-{name}", focus)


def choose(page, key: str, option: str) -> None:
    """Pick `option` in the selectbox with this widget key."""
    combo = page.locator(f".st-key-{key}").get_by_role("combobox")
    combo.click()
    combo.press_sequentially(option)
    page.get_by_role("option", name=option).first.click()
    step(page)


def test_admin_appoints_a_child_units_manager_and_next_years_window(tmp_path):
    url = f"sqlite:///{tmp_path}/appoint.db"
    year = now_utc().astimezone(VN_TZ).year
    parent = set_up_unit(url, year, name="Hội Khuyến học tỉnh")
    child = cli(url, "unit", "create", "--name", SCHOOL, "--parent", parent)
    assert child.returncode == 0, child.stderr
    child_code = child.stdout.strip().splitlines()[-1]
    admin = cli(
        url,
        "user",
        "create",
        "--unit",
        parent,
        "--cccd",
        ADMIN[0],
        "--name",
        "Phạm Quốc Huy",
        "--role",
        "admin",
        "--password-stdin",
        stdin=ADMIN[1] + "\n",
    )
    assert admin.returncode == 0, admin.stderr
    engine = make_engine(url)
    with Session(engine) as session:
        register_citizen(
            session,
            Registration(
                cccd=TEACHER[0],
                full_name=TEACHER[2],
                gender="Nữ",
                birth_year=1990,
                ethnicity="Kinh",
                province_code=51,
                ward_code=21025,
                unit_code=child_code,
                password=TEACHER[1],
                department="",
                position="",
                phone="",
                email="",
            ),
            now=now_utc(),
        )
    engine.dispose()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (
        app_server(url, {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}) as base,
        sync_playwright() as p,
    ):
        browser = launch(p)
        page = browser.new_context(viewport=DESKTOP).new_page()
        page.set_default_timeout(TIMEOUT)
        main = page.locator("[data-testid=stMain]")
        try:
            log_in(page, base, *ADMIN)
            open_page(page, "Các đơn vị")
            step(page)
            table = main.locator("[data-testid=stDataFrame]").first
            expect(table).to_contain_text("Hội Khuyến học tỉnh")  # the school's parent, shown

            open_page(page, "Tài khoản thành viên")
            step(page)
            choose(page, "members_unit", SCHOOL)
            choose(page, "role_person", TEACHER[2])
            choose(page, "role_new", "Quản lý đơn vị")
            main.get_by_role("button", name="Lưu vai trò").click()
            step(page)
            done = main.get_by_text(f"{TEACHER[2]} nay là quản lý đơn vị")
            expect(done).to_be_visible()
            shoot(page, "role", focus=done)
            # The change is in the audit log, in Vietnamese.
            open_page(page, "Nhật ký hệ thống")
            step(page)
            expect(main.locator("[data-testid=stDataFrame]").first).to_contain_text("Đổi vai trò")
            log_out(page)
            # Logged out, the login page says what to do with a forgotten password.
            expect(main.get_by_text("Quên mật khẩu?")).to_be_visible()

            # The new manager lands on the school's dashboard.
            log_in(page, base, TEACHER[0], TEACHER[1])
            expect(page.get_by_role("heading", name="Tổng quan đơn vị")).to_be_visible()
            expect(main.get_by_text(SCHOOL)).to_be_visible()
            log_out(page)

            # The parent's manager sets next year's window.
            log_in(page, base, MANAGER_CCCD, MANAGER_PASSWORD)
            open_page(page, "Cài đặt đơn vị")
            step(page)
            choose(page, "settings_year", str(year + 1))
            expect(
                main.get_by_role("heading", name=f"Thời hạn tự đánh giá năm {year + 1}")
            ).to_be_visible()
            set_date(page, "Ngày mở", date(year + 1, 1, 1))
            set_date(page, "Ngày kết thúc (hết 23:59)", date(year + 1, 10, 31))
            main.get_by_role("button", name="Lưu thời hạn").click()
            step(page)
            expect(main.get_by_text("Đã lưu thời hạn tự đánh giá.")).to_be_visible()
            choose(page, "settings_year", str(year + 1))
            caption = main.get_by_text("Hiện tại: ")
            expect(caption).to_contain_text(f"đến hết 23:59 ngày 31/10/{year + 1}")
            shoot(page, "next-year", focus=caption)
        except Exception:
            page.screenshot(path=ARTIFACTS / "appoint-failure.png")
            raise
        finally:
            browser.close()
