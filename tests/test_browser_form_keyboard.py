"""The form by keyboard, screen reader and the browser's Back button, in a real browser.

After a login the page's heading has the focus. "Tiếp theo" and "Xem lại và gửi", reached with Tab
and pressed with Enter, move the focus to the new step's heading and write where the person is into
the polite live region. The step is in the address: Back and Forward move between steps with the
answers kept, a reload opens the same step, and a visit to another page by the menu does not move
the form. One server for the module, a citizen per test. (The whole form filled in and sent by
keyboard alone, with axe at each screen: tests/test_accessibility.py.)

Screenshots go to test-artifacts/form-keyboard-*.png.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

from cdht.ui.focus import LIVE_REGION
from cdht.window import local_year, now_utc
from tests import support
from tests.support import (
    TIMEOUT,
    answer_step,
    app_server,
    cli,
    launch,
    log_in,
    set_up_unit,
    step,
)

pytestmark = pytest.mark.browser

CCCD = "051190001234"
OTHER_CCCD = "051190005678"
PASSWORD = "Hoc-tap-suot-doi-2026"
STEP_1 = {str(n): 10 for n in range(1, 5)}
STEP_2 = {str(n): 10 for n in range(5, 9)}
STEP_3 = {"9": 8, "10": 8}


def focused(page) -> dict:
    return page.evaluate(
        "() => ({id: document.activeElement.id, tag: document.activeElement.tagName,"
        " text: document.activeElement.innerText})"
    )


def live_text(page) -> str:
    return page.evaluate(f"() => document.getElementById('{LIVE_REGION}')?.textContent ?? ''")


def tab_to(page, name: str) -> None:
    """Press Tab until the button called `name` has the focus (at most 80 presses)."""
    for _ in range(80):
        page.keyboard.press("Tab")
        active = page.evaluate(
            "() => document.activeElement.tagName === 'BUTTON'"
            " ? document.activeElement.innerText.trim() : ''"
        )
        if active.endswith(name):
            return
    pytest.fail(f"Tab never reached the button {name!r}")


def press_enter_on(page, name: str) -> None:
    tab_to(page, name)
    page.keyboard.press("Enter")
    step(page)


def lands_on(page, anchor: str, heading: str, spoken: str) -> None:
    """Focus on the heading with this anchor, the heading on screen, the sentence in the region."""
    page.wait_for_function(f"() => document.activeElement.id === '{anchor}'", timeout=TIMEOUT)
    now = focused(page)
    assert now["tag"] == "H3" and heading in now["text"], now
    assert page.evaluate("() => document.activeElement.getAttribute('tabindex')") == "-1"
    box = page.evaluate("() => document.activeElement.getBoundingClientRect().top")
    assert 0 <= box < page.viewport_size["height"] / 2, box  # scrolled up to it
    page.wait_for_function(
        f"() => document.getElementById('{LIVE_REGION}').textContent.startsWith({spoken!r})",
        timeout=TIMEOUT,
    )
    region = page.locator(f"#{LIVE_REGION}")
    expect(region).to_have_attribute("aria-live", "polite")
    expect(region).to_have_attribute("role", "status")


def checked(page, indicator: str, points: int):
    radio = page.locator("[data-testid=stMain] [data-testid=stRadio]").filter(
        has=page.locator("[data-testid=stWidgetLabel]", has_text=re.compile(rf"^\s*{indicator}\."))
    )
    return radio.locator("label").filter(has_text=f"— {points} điểm").locator("input")


@dataclass(frozen=True)
class App:
    base: str
    browser: Browser


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Iterator[App]:
    """One unit with two citizens (one per test), one server and one browser for the module."""
    url = f"sqlite:///{tmp_path_factory.mktemp('form-keyboard') / 'cdht.db'}"
    code = set_up_unit(url, local_year(now_utc()), name="Sở Giáo dục tỉnh Quảng Ngãi")
    for cccd, name in ((CCCD, "Nguyễn Thị Ánh"), (OTHER_CCCD, "Lê Văn Bình")):
        made = cli(
            url,
            "user",
            "create",
            *("--unit", code, "--cccd", cccd, "--name", name, "--role", "citizen"),
            "--password-stdin",
            stdin=PASSWORD + "\n",
        )
        assert made.returncode == 0, made.stderr
    with app_server(url) as base, sync_playwright() as p:
        browser = launch(p)
        yield App(base, browser)
        browser.close()


def test_keyboard_focus_announcement_and_the_back_button(app):
    base = app.base
    page = app.browser.new_page(viewport=support.DESKTOP)
    log_in(page, base, CCCD, PASSWORD)
    page.wait_for_function("() => document.activeElement.tagName === 'H1'", timeout=TIMEOUT)
    assert focused(page)["text"].strip() == "Tự đánh giá"
    expect(page.get_by_text("Bước 1/3")).to_be_visible(timeout=TIMEOUT)
    assert "buoc=" not in page.url  # the screen the form opens at needs no address

    answer_step(page, STEP_1)
    press_enter_on(page, "Tiếp theo")
    expect(page.get_by_text("Bước 2/3")).to_be_visible(timeout=TIMEOUT)
    lands_on(page, "buoc-2", "Năng lực 2.", "Bước 2 trên 3: Năng lực 2.")
    assert page.url.endswith("?buoc=2")
    support.shoot(page, "form-keyboard-step2")

    # Back: the step before, with its answers; Forward: the step again.
    page.go_back()
    step(page)
    expect(page.get_by_text("Bước 1/3")).to_be_visible(timeout=TIMEOUT)
    for indicator, points in STEP_1.items():
        expect(checked(page, indicator, points)).to_be_checked()
    lands_on(page, "buoc-1", "Năng lực 1.", "Bước 1 trên 3: Năng lực 1.")
    page.go_forward()
    step(page)
    expect(page.get_by_text("Bước 2/3")).to_be_visible(timeout=TIMEOUT)
    assert page.url.endswith("?buoc=2")

    # Another page by the menu and back by the menu: the form is where it was left.
    support.open_page(page, "Kết quả của tôi")
    support.open_page(page, "Tự đánh giá")
    expect(page.get_by_text("Bước 2/3")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_url(re.compile(r"\?buoc=2$"), timeout=TIMEOUT)

    # A reload opens the same step (a new session: the answers come from the draft).
    answer_step(page, STEP_2)
    page.reload()
    step(page)
    expect(page.get_by_text("Bước 2/3")).to_be_visible(timeout=TIMEOUT)
    for indicator, points in STEP_2.items():
        expect(checked(page, indicator, points)).to_be_checked()

    # "Xem lại và gửi" with a gap: the first gap's step, and the gap is said.
    press_enter_on(page, "Tiếp theo")
    lands_on(page, "buoc-3", "Năng lực 3.", "Bước 3 trên 3: Năng lực 3.")
    press_enter_on(page, "Xem lại và gửi")
    lands_on(page, "buoc-3", "Năng lực 3.", "Bước 3 trên 3: Năng lực 3.")
    assert "Còn 2 chỉ số chưa trả lời: 9, 10." in live_text(page)

    answer_step(page, STEP_3)
    press_enter_on(page, "Xem lại và gửi")
    lands_on(page, "xem-lai", "Xác nhận gửi phiếu", "Xác nhận gửi phiếu. Tổng điểm dự kiến")
    assert page.url.endswith("?buoc=xem-lai")
    support.shoot(page, "form-keyboard-review")
    page.reload()
    step(page)
    expect(page.get_by_role("heading", name="Xác nhận gửi phiếu")).to_be_visible(timeout=TIMEOUT)
    page.go_back()
    step(page)
    expect(page.get_by_text("Bước 3/3")).to_be_visible(timeout=TIMEOUT)
    page.close()


def test_an_address_out_of_range_or_a_review_with_gaps_shows_a_step_of_the_form(app):
    base = app.base
    page = app.browser.new_page(viewport=support.PHONE)
    log_in(page, base, OTHER_CCCD, PASSWORD)
    page.goto(f"{base}/tu-danh-gia?buoc=9")
    step(page)
    expect(page.get_by_text("Bước 1/3")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_url(re.compile(r"\?buoc=1$"), timeout=TIMEOUT)
    page.goto(f"{base}/tu-danh-gia?buoc=xem-lai")
    step(page)
    expect(page.get_by_text("Bước 1/3")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Còn 10 chỉ số chưa chọn mức")).to_be_visible(timeout=TIMEOUT)
    page.goto(f"{base}/tu-danh-gia?buoc=3")
    step(page)
    expect(page.get_by_text("Bước 3/3")).to_be_visible(timeout=TIMEOUT)
    page.close()
