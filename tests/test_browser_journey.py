"""The whole journey in a real browser (Playwright's sync API on Debian's Chromium).

Admin creates a unit on the command line, a citizen registers with that code, logs in,
answers, submits and reads the total; the manager logs in, sees the count on the dashboard,
downloads the Excel file, and the test opens it and finds the row.

Screenshots go to test-artifacts/journey-*.png; the server log to test-artifacts/server-*.log.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect, sync_playwright

from tests import support
from tests.support import (
    ARTIFACTS,
    DESKTOP,
    MANAGER_CCCD,
    MANAGER_PASSWORD,
    TIMEOUT,
    answer_steps,
    app_server,
    fill,
    launch,
    log_in,
    log_out,
    metric,
    open_page,
    pick,
    review_and_send,
    set_up_unit,
    step,
)

pytestmark = pytest.mark.browser

UNIT_NAME = "Ban Dân tộc tỉnh Quảng Ngãi"
CITIZEN_CCCD = "051190001234"  # Quảng Ngãi (051), a woman born in the 1900s (1), in '90
CITIZEN_MASKED = "051*******34"
CITIZEN_NAME = "Nguyễn Thị Ánh"
CITIZEN_PASSWORD = "Hoc-tap-suot-doi-2026"
# Indicator number -> the level clicked; the expected total is the sum of what is clicked.
CHOICES = {str(n): 10 for n in range(1, 9)} | {"9": 8, "10": 8}


def shoot(page, name: str, focus=None) -> None:
    support.shoot(page, f"journey-{name}", focus)


def register(page, code: str) -> None:
    open_page(page, "Đăng ký tài khoản")
    step(page)
    expect(page.get_by_role("heading", name="Đăng ký tài khoản")).to_be_visible()

    # The code typed in lower case with spaces around it: the unit is still found.
    fill(page, "Mã đơn vị quản lý *", f"  {code.lower()}  ")
    expect(page.get_by_text(f"Đơn vị: {UNIT_NAME}")).to_be_visible(timeout=TIMEOUT)

    fill(page, "Số CCCD *", CITIZEN_CCCD)
    fill(page, "Họ và tên *", CITIZEN_NAME)
    gender = page.locator("[data-testid=stRadio]").filter(has_text="Giới tính")
    gender.locator("label").filter(has_text=re.compile(r"^\s*Nữ\s*$")).click()
    step(page)
    expect(gender.get_by_role("radio", name="Nữ")).to_be_checked()
    fill(page, "Năm sinh *", "1990")
    pick(page, "Dân tộc", "Kinh")  # not required; kept only with its own tick
    sensitive = page.locator("[data-testid=stCheckbox]").filter(has_text="cung cấp dân tộc")
    sensitive.locator("label").click()
    step(page)
    pick(page, "Tỉnh, thành phố *", "Quảng Ngãi")
    pick(page, "Phường, xã *")
    # Tab out of the password fields, as people do: they sit in a form with the button, so the
    # typed value is sent on "Đăng ký" even though Tab lands on the field's "show" button.
    fill(page, "Mật khẩu *", CITIZEN_PASSWORD)
    fill(page, "Nhập lại mật khẩu *", CITIZEN_PASSWORD)
    consent = page.locator("[data-testid=stCheckbox]").filter(has_text="Tôi đã đọc và đồng ý")
    consent.locator("label").click()
    step(page)
    expect(consent.get_by_role("checkbox")).to_be_checked()
    # The unit's name is still shown back once the whole form is filled.
    expect(page.get_by_text(f"Đơn vị: {UNIT_NAME}")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "journey-register-filled-desktop.png")

    page.get_by_role("button", name="Đăng ký", exact=True).click()
    success = page.locator("[data-testid=stAlert]").filter(has_text="Đăng ký thành công")
    expect(success).to_be_visible(timeout=TIMEOUT)
    step(page)
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    shoot(page, "registered")


def self_assess(page, year: int) -> int:
    """Answer every indicator as CHOICES says, step by step, confirm; returns the total."""
    expect(page.get_by_role("heading", name="Tự đánh giá")).to_be_visible(timeout=TIMEOUT)
    total = answer_steps(page, CHOICES)
    assert total == 96
    review_and_send(page)
    recorded = page.get_by_text(re.compile(rf"Đã ghi nhận phiếu tự đánh giá năm {year}\b"))
    expect(recorded).to_be_visible(timeout=TIMEOUT)
    expect(metric(page, "Tổng điểm")).to_have_text(f"{total}/100", timeout=TIMEOUT)
    expect(page.get_by_text("Đạt mức công nhận danh hiệu Công dân học tập.")).to_be_visible()
    shoot(page, "citizen-submitted", focus=metric(page, "Tổng điểm"))
    return total


def test_register_assess_and_export(tmp_path):
    url = f"sqlite:///{tmp_path}/e2e.db"
    year = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).year
    code = set_up_unit(url, year, name=UNIT_NAME, contact="Đinh Văn Sơn")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # No file watcher: the server keeps the code it started with, even if files change meanwhile.
    quiet = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    with app_server(url, quiet) as base, sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
        context.set_default_timeout(TIMEOUT)
        page = context.new_page()
        try:
            page.goto(base)
            step(page)

            # The citizen signs up with the unit's code, logs in and self-assesses.
            register(page, code)
            log_in(page, base, CITIZEN_CCCD, CITIZEN_PASSWORD)
            step(page)
            total = self_assess(page, year)
            expect(page.get_by_text("đang chờ người quản lý đơn vị duyệt")).to_be_visible()
            # The result has its own address: a reload says what was sent, not "send" again.
            assert page.url.endswith("/?buoc=da-gui")
            page.reload()
            step(page)
            sent = re.compile(rf"Bạn đã gửi phiếu năm {year} lúc .+ với {total}/100 điểm\.")
            expect(page.get_by_text(sent)).to_be_visible(timeout=TIMEOUT)
            expect(page.get_by_role("button", name="Gửi phiếu thông tin")).to_have_count(0)
            log_out(page)

            # The unit has no staff list: the citizen waits for approval and is not counted.
            log_in(page, base, MANAGER_CCCD, MANAGER_PASSWORD)
            step(page)
            open_page(page, "Tổng quan đơn vị")
            step(page)
            expect(metric(page, "Đã tự đánh giá")).to_have_text("0")
            expect(metric(page, "Đã đăng ký")).to_have_text("1")  # the manager
            expect(page.get_by_text("1 người đăng ký đang chờ duyệt")).to_be_visible()
            expect(page.get_by_text("chưa có danh sách nhân sự nên chưa tính")).to_be_visible()
            shoot(page, "manager-dashboard-pending")
            page.get_by_role("link", name="Mở trang Duyệt thành viên").click()
            step(page)
            person = page.locator("[class*=st-key-pending_]").filter(has_text=CITIZEN_NAME)
            expect(person).to_contain_text(CITIZEN_MASKED)
            shoot(page, "manager-approvals")
            person.get_by_role("button", name="Duyệt", exact=True).click()
            step(page)
            expect(page.get_by_text(f"Đã duyệt {CITIZEN_NAME}.")).to_be_visible()
            expect(page.get_by_text("Chờ duyệt: 0 người")).to_be_visible()

            # Approved, the citizen counts on the dashboard.
            open_page(page, "Tổng quan đơn vị")
            step(page)
            expect(metric(page, "Đã tự đánh giá")).to_have_text("1")
            expect(metric(page, "Đạt danh hiệu")).to_have_text("1")
            # Every non-admin account of the unit counts as registered: citizen and manager.
            expect(metric(page, "Đã đăng ký")).to_have_text("2")
            shoot(page, "manager-dashboard", focus=metric(page, "Đã tự đánh giá"))

            # The list shows the masked number; the Excel file has the full one.
            open_page(page, "Danh sách")
            step(page)
            summary = page.get_by_text(re.compile(rf"Năm {year}: 1 người đã tự đánh giá"))
            expect(summary).to_be_visible()
            table = page.locator("[data-testid=stDataFrame]").first
            expect(table).to_contain_text(CITIZEN_NAME, timeout=TIMEOUT)
            expect(table).to_contain_text(CITIZEN_MASKED)
            expect(page.locator("[data-testid=stMain]")).not_to_contain_text(CITIZEN_CCCD)
            shoot(page, "manager-roster", focus=table)

            button = page.get_by_role("button", name="Tải danh sách (Excel)", exact=True)
            with page.expect_download(timeout=TIMEOUT) as download_info:
                button.click()
            download = download_info.value
            assert download.failure() is None
            assert download.suggested_filename.endswith(".xlsx"), download.suggested_filename
            saved = tmp_path / download.suggested_filename
            download.save_as(saved)
        except Exception:
            page.screenshot(path=ARTIFACTS / "journey-failure.png")
            raise
        finally:
            browser.close()

    sheet = load_workbook(saved).active
    rows = [list(row) for row in sheet.iter_rows()]
    header_at = next(
        n
        for n, row in enumerate(rows)
        if {"Họ và tên", "Số CCCD", "Tổng điểm"} <= {c.value for c in row}
    )
    header = [c.value for c in rows[header_at]]
    name_col = header.index("Họ và tên")
    found = [row for row in rows[header_at + 1 :] if row[name_col].value == CITIZEN_NAME]
    assert len(found) == 1, [[c.value for c in row] for row in rows]
    row = found[0]
    cccd_cell = row[header.index("Số CCCD")]
    assert cccd_cell.value == CITIZEN_CCCD  # the full number, leading zero kept
    assert cccd_cell.data_type == "s"  # stored as text, not as a number
    assert row[header.index("Tổng điểm")].value == total
    assert row[header.index("Kết quả")].value == "Đạt"
