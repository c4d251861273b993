"""An administrator on Các đơn vị and Cài đặt đơn vị in a real browser: a parent unit's manager
appointed (a mistake marked under its field first), and the join link and QR code readable by
keyboard and screen reader at 1280 and 360 px (axe-core: no image without alternative text, no
scrolling region that cannot be focused).

Screenshots go to test-artifacts/unit-admin-*.png.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from tests import support
from tests.support import DESKTOP, PHONE, app_server, cli, launch, log_in, open_page, step

pytestmark = pytest.mark.browser

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def demo_people(url: str) -> dict[str, tuple[str, str]]:
    out = cli(url, "demo")
    assert out.returncode == 0, out.stderr
    return {
        m[0]: (m[1], m[2]) for m in re.findall(r"(\w+): CCCD (\d+)\s+password (\S+)", out.stdout)
    }


def violations(page, size: dict) -> set[str]:
    page.set_viewport_size(size)
    page.wait_for_timeout(700)
    return {v["id"] for v in Axe().run(page, options=WCAG).response["violations"]}


def test_admin_appoints_a_parent_manager_and_reads_the_join_link(tmp_path):
    url = f"sqlite:///{tmp_path}/demo.db"
    people = demo_people(url)
    with app_server(url) as base, sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport=DESKTOP)
        log_in(page, base, *people["admin"])
        open_page(page, "Các đơn vị")
        press = page.get_by_role("button", name="Giao vai trò quản lý")
        page.get_by_label("Số CCCD *").fill("05107500")
        page.get_by_label("Họ và tên *").fill("Hồ Văn Nam")
        press.click()
        step(page)
        expect(page.get_by_role("alert").filter(has_text="12 chữ số")).to_be_visible()
        support.shoot(page, "unit-admin-error", press)
        page.get_by_label("Số CCCD *").fill("051075000333")
        press.click()
        step(page)
        expect(page.get_by_text("Hồ Văn Nam (051*******33) nay là người quản lý")).to_be_visible()
        expect(page.get_by_role("alert").filter(has_text="12 chữ số")).to_have_count(0)
        support.shoot(page, "unit-admin-appointed", press)

        open_page(page, "Cài đặt đơn vị")
        qr = page.locator("[data-testid=stImage] img")
        expect(qr).to_have_attribute(
            "alt", re.compile(r"^Mã QR mở trang đăng ký của .+, mã đơn vị")
        )
        for size in (DESKTOP, PHONE):
            found = violations(page, size)
            assert not found & {"image-alt", "scrollable-region-focusable"}, (size, found)
        support.shoot(page, "unit-admin-settings")
        browser.close()
