"""Screenshots of every page for each role, at desktop and phone width, on a fresh demo database.

Usage: .venv/bin/python scripts/screenshots.py   (writes test-artifacts/screens/*.png)
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.support import DESKTOP, PHONE, ROOT, app_server, cli, launch, log_in, open_page  # noqa: E402

OUT = ROOT / "test-artifacts" / "screens"
DB = ROOT / "test-artifacts" / "screens-demo.db"
PUBLIC = ["Đăng nhập", "Đăng ký tài khoản", "Hướng dẫn"]
CITIZEN = ["Tự đánh giá", "Kết quả của tôi", "Dữ liệu của tôi", "Đổi mật khẩu", "Hướng dẫn"]
MANAGER = [
    "Tổng quan đơn vị",
    "Danh sách",
    "Quyết định công nhận",
    "Nhập phiếu giấy",
    "Nhân sự đơn vị",
    "Duyệt thành viên",
    "Tài khoản thành viên",
    "Cài đặt đơn vị",
]
LEADER = ["Tổng quan đơn vị", "Danh sách"]
ADMIN = ["Tổng hợp đơn vị", "Các đơn vị", "Nhật ký hệ thống"]


def full_height(page, size: dict) -> None:
    """Streamlit scrolls inside its main container: grow the viewport to show the whole page."""
    page.set_viewport_size(size)
    page.wait_for_timeout(700)
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))"
    )
    page.set_viewport_size(
        {"width": size["width"], "height": min(max(height, size["height"]), 6000)}
    )
    page.wait_for_timeout(500)


def shoot(page, title: str, name: str) -> None:
    page.set_viewport_size(DESKTOP)
    open_page(page, title)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        full_height(page, size)
        page.screenshot(path=OUT / f"{label}-{name}.png")
    page.set_viewport_size(DESKTOP)


def slug(title: str) -> str:
    return re.sub(r"\W+", "-", title.lower()).strip("-")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{DB}"
    out = cli(url, "demo").stdout
    creds = {
        m[0]: (m[1], m[2]) for m in re.findall(r"^(\w+): CCCD (\d+)  password (\S+)$", out, re.M)
    }
    with app_server(url) as base, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport=DESKTOP)
        page.goto(base)
        for title in PUBLIC:
            shoot(page, title, f"public-{slug(title)}")
        for role, titles in (
            ("citizen", CITIZEN),
            ("manager", MANAGER),
            ("leader", LEADER),
            ("admin", ADMIN),
        ):
            page = browser.new_page(viewport=DESKTOP)
            log_in(page, base, *creds[role])
            for title in titles:
                shoot(page, title, f"{role}-{slug(title)}")
        browser.close()
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
