"""Two app servers on one PostgreSQL: a submission through one shows in the other's dashboard,
and a login made on one is honoured by the other (sessions live in the database)."""

import pytest
from playwright.sync_api import expect, sync_playwright

from cdht.window import local_year, now_utc
from tests.support import (
    MANAGER_CCCD,
    MANAGER_PASSWORD,
    TIMEOUT,
    answer_steps,
    app_server,
    cli,
    launch,
    log_in,
    log_out,
    metric,
    open_page,
    review_and_send,
    set_up_unit,
    step,
)

pytestmark = pytest.mark.browser

CITIZEN_CCCD, CITIZEN_PASSWORD = "051190001234", "Hoc-tap-suot-doi-2026"


def test_two_servers_share_results_and_logins(postgres_url):
    from cdht.db.engine import make_engine

    engine = make_engine(postgres_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()
    year = local_year(now_utc())
    code = set_up_unit(postgres_url, year, name="Sở Tư pháp")
    made = cli(
        postgres_url,
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
    with (
        app_server(postgres_url) as first,
        app_server(postgres_url) as second,
        sync_playwright() as p,
    ):
        browser = launch(p)
        # the manager looks at the dashboard on the second server before anyone submitted
        manager = browser.new_context().new_page()
        log_in(manager, second, MANAGER_CCCD, MANAGER_PASSWORD)
        open_page(manager, "Tổng quan đơn vị")
        expect(manager.get_by_text(f"Chưa có ai gửi phiếu tự đánh giá năm {year}.")).to_be_visible()
        context = browser.new_context()
        page = context.new_page()
        log_in(page, first, CITIZEN_CCCD, CITIZEN_PASSWORD)
        answer_steps(page, {str(n): 10 for n in range(1, 11)})
        review_and_send(page)
        expect(metric(page, "Tổng điểm")).to_have_text("100/100", timeout=TIMEOUT)
        # the same browser (same cookie, same host) on the other server: still logged in
        other = context.new_page()
        other.goto(second)
        step(other)
        expect(other.get_by_role("button", name="Đăng xuất")).to_be_visible(timeout=TIMEOUT)
        open_page(other, "Kết quả của tôi")
        expect(metric(other, "Tổng điểm")).to_have_text("100/100", timeout=TIMEOUT)
        log_out(other)
        # the second server's cached figures give way to the submission made on the first
        open_page(manager, "Kết quả của tôi")
        open_page(manager, "Tổng quan đơn vị")
        expect(metric(manager, "Đã tự đánh giá")).to_have_text("1", timeout=TIMEOUT)
        expect(metric(manager, "Đạt danh hiệu")).to_have_text("1", timeout=TIMEOUT)
        # logging out on the second server ended the session on the first one too
        page.reload()
        step(page)
        expect(page.get_by_role("button", name="Đăng nhập", exact=True)).to_be_visible(
            timeout=TIMEOUT
        )
        browser.close()
