"""A manager enters the paper form of a listed person who never signed up; the leader lands on the
dashboard, reads the departments (this year beside last year) and the list without CCCD numbers
(real browser). Screenshots go to test-artifacts/leader-*.png."""

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect, sync_playwright
from sqlmodel import Session

from cdht.criteria import load_all
from cdht.db.accounts import register_citizen
from cdht.db.assessments import submit_assessment
from cdht.db.engine import make_engine
from cdht.db.staff import replace_staff
from cdht.db.units import find_unit_by_code
from cdht.registration import Registration
from cdht.staff_import import StaffEntry
from cdht.window import VN_TZ, now_utc
from tests import support
from tests.support import (
    ARTIFACTS,
    DESKTOP,
    MANAGER_CCCD,
    MANAGER_PASSWORD,
    TIMEOUT,
    answer_steps,
    app_server,
    cli,
    launch,
    log_in,
    log_out,
    open_page,
    review_and_send,
    set_up_unit,
    step,
)
from tests.test_browser_appointments import choose

pytestmark = pytest.mark.browser

LEADER = ("051175000222", "Lanh-dao-2026!", "Lê Thị Nhung")
ON_PAPER = ("051070000001", "Võ Văn Chưa")  # on the list, never signed up
SIGNED_UP = ("051190001234", "Nguyễn Thị Ánh")


def shoot(page, name: str, focus=None) -> None:
    support.shoot(page, f"leader-{name}", focus)


def prepare(url: str, code: str, year: int) -> None:
    """The list (two departments); one person signed up and self-assessed last year."""
    criteria = load_all()["III"]
    engine = make_engine(url)
    with Session(engine) as session:
        unit = find_unit_by_code(session, code)
        who = register_citizen(
            session,
            Registration(
                cccd=SIGNED_UP[0],
                full_name=SIGNED_UP[1],
                gender="Nữ",
                birth_year=1990,
                ethnicity="Kinh",
                province_code=51,
                ward_code=21025,
                unit_code=code,
                password="Hoc-tap-suot-doi-2026",
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
                StaffEntry(SIGNED_UP[1], SIGNED_UP[0], "Văn phòng", ""),
                StaffEntry(ON_PAPER[1], ON_PAPER[0], "Thanh tra", ""),
                StaffEntry(LEADER[2], LEADER[0], "Thanh tra", ""),
            ],
        )
        submit_assessment(
            session,
            who,
            criteria=criteria,
            answers={i.id: 10 for i in criteria.indicators},
            notes={},
            now=datetime(year - 1, 6, 15, 3, tzinfo=UTC),
            window_defaults=((1, 1), (10, 31)),
        )
    engine.dispose()


# Where a Plotly chart drew its first label, its bars, its legend, its x axis's title and its
# whole picture, in page pixels.
CHART_BOXES = """chart => {
  const box = e => {
    const r = e.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  };
  return {
    svg: box(chart.querySelector('svg.main-svg')),
    label: box(chart.querySelector('.annotation-text')),
    bars: [...chart.querySelectorAll('.bars .point path')].map(box),
    legend: box(chart.querySelector('.legend')),
    axis_title: box(chart.querySelector('.xtitle')),
  };
}"""


def overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


def test_paper_form_for_a_listed_person_then_the_leaders_view(tmp_path):
    url = f"sqlite:///{tmp_path}/leader.db"
    year = now_utc().astimezone(VN_TZ).year
    code = set_up_unit(url, year, name="Sở Tư pháp tỉnh Quảng Ngãi")
    made = cli(
        url,
        "user",
        "create",
        "--unit",
        code,
        "--cccd",
        LEADER[0],
        "--name",
        LEADER[2],
        "--role",
        "leader",
        "--password-stdin",
        stdin=LEADER[1] + "\n",
    )
    assert made.returncode == 0, made.stderr
    prepare(url, code, year)
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
            # The manager enters the paper form of a listed person without an account.
            log_in(page, base, MANAGER_CCCD, MANAGER_PASSWORD)
            open_page(page, "Nhập phiếu giấy")
            step(page)
            count = main.get_by_text(re.compile(r"^Danh sách dưới đây có \d+ người; "))
            said = re.search(
                rf"có (\d+) người; (\d+) người đã có phiếu năm {year}, ", count.inner_text()
            )
            assert said, count.inner_text()
            listed, done = map(int, said.groups())
            choose(page, "paper_person", ON_PAPER[1])
            expect(main.get_by_text("Người này chưa có tài khoản")).to_be_visible()
            main.get_by_role("button", name="Bắt đầu nhập phiếu").click()
            step(page)
            total = answer_steps(page, {str(n): 10 for n in range(1, 11)})
            review_and_send(page)
            expect(main.get_by_text(f"{total}/100")).to_be_visible()
            # The page's count takes the form in at once, not at the next visit.
            expect(count).to_contain_text(f"có {listed} người; {done + 1} người đã có phiếu")
            log_out(page)

            # The leader lands on the dashboard: departments, this year beside last year.
            log_in(page, base, LEADER[0], LEADER[1])
            expect(page.get_by_role("heading", name="Tổng quan đơn vị")).to_be_visible()
            table = main.locator("[data-testid=stDataFrame]").first
            rows = table.locator("tbody tr[role=row]")
            expect(rows).to_have_count(2)
            expect(rows.first).to_contain_text("Văn phòng")  # 0 % this year: lags, first
            expect(rows.first).to_contain_text("100,0 %")  # last year
            expect(rows.nth(1)).to_contain_text("Thanh tra")
            expect(rows.nth(1)).to_contain_text("50,0 %")  # the paper form: 1 of 2
            expect(main.get_by_text(f"Năm {year - 1}: 1 người tự đánh giá")).to_be_visible()
            shoot(page, "departments", focus=table)
            # The chart's threshold label is whole and clear of the bars (100 % last year); its
            # legend is clear of the axis's title (two rows only: a short chart).
            chart = main.locator(".st-key-dash_departments")
            expect(chart.locator(".annotation-text")).to_have_text("Mức 1: 90 %")
            drawn = chart.evaluate(CHART_BOXES)
            label, plot = drawn["label"], drawn["svg"]
            assert plot["left"] <= label["left"] and label["right"] <= plot["right"], drawn
            assert drawn["bars"] and not [b for b in drawn["bars"] if overlap(b, label)], drawn
            assert not overlap(drawn["legend"], drawn["axis_title"]), drawn
            shoot(page, "departments-chart", focus=chart)

            # The list to read: the paper form is there, no CCCD numbers, no downloads.
            open_page(page, "Danh sách")
            step(page)
            listed = main.locator("[data-testid=stDataFrame]").first
            expect(listed).to_contain_text(ON_PAPER[1])
            expect(listed).not_to_contain_text("Số CCCD")
            expect(main.get_by_role("button", name="Tải danh sách (Excel)")).to_have_count(0)
            shoot(page, "list", focus=listed)
        except Exception:
            page.screenshot(path=ARTIFACTS / "leader-failure.png")
            raise
        finally:
            browser.close()
