"""A criteria file scoring two indicators as a whole number, in a real browser: the citizen types
the numbers (desktop and phone screenshots of the step), reviews and sends; the total counts the
numbers as typed.

Screenshots: test-artifacts/integer-indicator-step1-{desktop,phone}.png and
integer-indicator-review-{desktop,phone}.png.
"""

import pytest
from playwright.sync_api import expect, sync_playwright

from cdht.window import local_year, now_utc
from tests import support
from tests.support import (
    TIMEOUT,
    answer_step,
    app_server,
    cli,
    launch,
    log_in,
    metric,
    set_up_unit,
    step,
)
from tests.test_integer_indicator_pages import numbered_criteria

pytestmark = pytest.mark.browser

CITIZEN_CCCD = "051190001234"
CITIZEN_PASSWORD = "Hoc-tap-suot-doi-2026"
GRADED = {str(n): 8 for n in range(1, 11) if str(n) not in ("3", "7")}
TYPED = {"3": "7", "7": "9"}


def type_points(page, indicator: str, value: str) -> None:
    box = page.get_by_label(
        f"Số điểm tự chấm cho chỉ số {indicator} (số nguyên từ 0 đến 10)", exact=True
    )
    expect(box).to_be_visible(timeout=TIMEOUT)
    box.fill(value)
    box.press("Tab")
    step(page)
    expect(box).to_have_value(value)


def test_a_citizen_types_whole_number_points(tmp_path):
    url = f"sqlite:///{tmp_path / 'cdht.db'}"
    (tmp_path / "criteria").mkdir()
    criteria = numbered_criteria(tmp_path / "criteria")
    code = set_up_unit(url, local_year(now_utc()), name="Sở Tư pháp tỉnh Quảng Ngãi")
    made = cli(
        url,
        "user",
        "create",
        "--unit",
        code,
        "--cccd",
        CITIZEN_CCCD,
        "--name",
        "Nguyễn Thị Ánh",
        "--role",
        "citizen",
        "--password-stdin",
        stdin=CITIZEN_PASSWORD + "\n",
    )
    assert made.returncode == 0, made.stderr
    with app_server(url, {"CDHT_CRITERIA_DIR": str(criteria)}) as base, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport=support.DESKTOP)
        log_in(page, base, CITIZEN_CCCD, CITIZEN_PASSWORD)
        expect(page.get_by_text("Bước 1/3")).to_be_visible(timeout=TIMEOUT)
        answer_step(page, GRADED)
        type_points(page, "3", TYPED["3"])
        expect(page.get_by_text("Đã lưu nháp lúc")).to_be_visible(timeout=TIMEOUT)
        heading = page.locator("[data-testid=stMain] strong").filter(has_text="Dành thời gian")
        support.shoot(page, "integer-indicator-step1", heading)
        support.next_step(page, 2)
        answer_step(page, GRADED)
        type_points(page, "7", TYPED["7"])
        support.next_step(page, 3)
        answer_step(page, GRADED)
        expected = 8 * len(GRADED) + 7 + 9
        page.get_by_role("button", name="Xem lại và gửi").click()
        step(page)
        expect(metric(page, "Tổng điểm dự kiến")).to_have_text(f"{expected}/100")
        page.get_by_text("Xem lại từng câu trả lời").click()
        expect(page.get_by_text("7/10 điểm")).to_be_visible(timeout=TIMEOUT)
        support.shoot(page, "integer-indicator-review", page.get_by_text("9/10 điểm"))
        page.get_by_role("button", name="Gửi phiếu thông tin").click()
        expect(page.get_by_role("heading", name="Kết quả tự đánh giá")).to_be_visible(
            timeout=TIMEOUT
        )
        expect(metric(page, "Tổng điểm")).to_have_text(f"{expected}/100")
        browser.close()
