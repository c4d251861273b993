"""The unit manager's year in a real browser (Playwright's sync API on Debian's Chromium).

Upload the staff list (a bad file first, then a good one), see who is missing on the dashboard,
close the assessment window, record the recognition decision, download the draft decision
(Word) and the print list (Excel) and check them, and read the print view.

The unit, its window and the manager come from the command line; two citizens are registered
and one of them self-assesses through the data layer, to save time (the citizen's own journey
is tests/test_browser_journey.py). Screenshots go to test-artifacts/manager-year-*.png.
"""

import io
import re
from datetime import date, timedelta

import pytest
from docx import Document
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect, sync_playwright
from sqlmodel import Session

from cdht.criteria import load_all
from cdht.db.accounts import register_citizen
from cdht.db.assessments import submit_assessment
from cdht.db.engine import make_engine
from cdht.registration import Registration
from cdht.staff_import import COLUMNS, parse_staff_xlsx
from cdht.window import VN_TZ, now_utc
from tests.support import (
    ARTIFACTS,
    DESKTOP,
    MANAGER_CCCD,
    MANAGER_NAME,
    MANAGER_PASSWORD,
    TIMEOUT,
    app_server,
    launch,
    log_in,
    metric,
    open_page,
    set_up_unit,
    shoot,
    step,
)

pytestmark = pytest.mark.browser

UNIT_NAME = "Sở Khoa học và Công nghệ tỉnh Quảng Ngãi"
CITIZEN_PASSWORD = "Hoc-tap-suot-doi-2026"

# Province 051; 4th digit 0 = man / 1 = woman born in the 1900s; 5th-6th = year of birth.
ACHIEVER = {  # registers and self-assesses with every indicator at its top level
    "cccd": "051185004321",
    "full_name": "Phạm Thị Hoa",
    "gender": "Nữ",
    "birth_year": 1985,
    "department": "Phòng Kế hoạch - Tài chính",
    "position": "Chuyên viên",
}
LATECOMER = {  # registers but never self-assesses
    "cccd": "051092007654",
    "full_name": "Trần Văn Bình",
    "gender": "Nam",
    "birth_year": 1992,
    "department": "Văn phòng",
    "position": "Văn thư",
}
NEVER_REGISTERED = {
    "cccd": "051080001111",
    "full_name": "Võ Văn Chưa",
    "department": "Phòng Quản lý chuyên ngành",
    "position": "Phó trưởng phòng",
}
STAFF = (ACHIEVER, LATECOMER, NEVER_REGISTERED)
BAD_CCCD = "12345"
DECISION_NUMBER = "45"
SIGNER = "Nguyễn Thế Nhân"
TOP_POINTS = 10  # every indicator answered at 10 points


def staff_xlsx(rows, office: bool = False) -> bytes:
    """A staff list as a person makes it in Excel: the template's headers, one row a person; as an
    office makes it (`office`): a title row and a blank row above, an STT column first."""
    wb = Workbook()
    ws = wb.active
    if office:
        ws.append(["DANH SÁCH CÁN BỘ, CÔNG CHỨC"])
        ws.append([])
        ws.append(["STT", *COLUMNS])
        for n, row in enumerate(rows, start=1):
            ws.append([n, *row])
    else:
        ws.append(list(COLUMNS))
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def register_and_assess(url: str, code: str) -> int:
    """Both citizens sign up; the achiever self-assesses. Returns the achiever's total."""
    criteria = load_all()["III"]
    answers = {i.id: TOP_POINTS for i in criteria.indicators}
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            actors = {}
            for person in (ACHIEVER, LATECOMER):
                reg = Registration(
                    **person,
                    ethnicity="Kinh",
                    province_code=51,
                    ward_code=21025,
                    unit_code=code,
                    password=CITIZEN_PASSWORD,
                    phone="",
                    email="",
                )
                actors[person["cccd"]] = register_citizen(session, reg, now=now_utc())
                session.commit()
            submit_assessment(
                session,
                actors[ACHIEVER["cccd"]],
                criteria=criteria,
                answers=answers,
                notes={},
                now=now_utc(),
                window_defaults=((1, 1), (12, 31)),
            )
    finally:
        engine.dispose()
    return TOP_POINTS * len(answers)


def upload(page, path) -> None:
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(path)
    step(page)


def expander(page, title: str):
    """Open the st.expander whose summary starts with `title`; return the expander."""
    box = page.locator("[data-testid=stExpander]").filter(
        has=page.locator("summary", has_text=title)
    )
    expect(box).to_have_count(1)
    box.locator("summary").click()
    expect(box.locator("details")).to_have_attribute("open", "")
    return box


def download(page, label: str, folder) -> bytes:
    button = page.get_by_role("button", name=label, exact=True)
    expect(button).to_be_enabled()
    with page.expect_download(timeout=TIMEOUT) as info:
        button.click()
    got = info.value
    assert got.failure() is None, got.failure()
    saved = folder / got.suggested_filename
    got.save_as(saved)
    step(page)
    return saved.read_bytes()


def set_date(page, label: str, day: date) -> None:
    """Type a date into the app's date box (cdht/ui/dates.py), as a person does on the keyboard:
    select what is there, type ngày/tháng/năm and Tab out."""
    box = page.get_by_label(label, exact=True)
    box.click()
    box.press("Control+a")
    page.keyboard.type(f"{day:%d/%m/%Y}")
    page.keyboard.press("Tab")
    expect(box).to_have_value(f"{day:%d/%m/%Y}")


def check_draft_decision(data: bytes, year: int, total: int) -> None:
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"“Công dân học tập” năm {year}" in text
    annexes = [t for t in doc.tables if t.rows[0].cells[1].text == "Họ và tên"]
    assert len(annexes) == 1, [[c.text for c in t.rows[0].cells] for t in doc.tables]
    rows = [[c.text for c in row.cells] for row in annexes[0].rows[1:]]
    assert rows == [
        [
            "1",
            ACHIEVER["full_name"],
            str(ACHIEVER["birth_year"]),
            ACHIEVER["department"],
            ACHIEVER["position"],
            str(total),
        ]
    ]
    assert "Danh sách có 1 người./." in text


def check_recorded_decision(data: bytes, signed_on: date) -> None:
    """The decision as recorded: its number, date and signer; the annex lists the same person."""
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert f"Số: {DECISION_NUMBER}/QĐ" in cells, cells
    # The place-date line sits in the header table (Nghị định 30/2020), the annex's reference in
    # the annex's title; both read the recorded date.
    text = "\n".join([*(p.text for p in doc.paragraphs), *cells])
    month = f"{signed_on.month:02d}" if signed_on.month < 3 else str(signed_on.month)  # NĐ 30
    assert f"ngày {signed_on:%d} tháng {month} năm {signed_on.year}" in text
    assert f"(Kèm theo Quyết định số {DECISION_NUMBER}/QĐ ngày {signed_on:%d/%m/%Y} của " in text
    assert any(SIGNER in c for c in cells), cells
    assert ACHIEVER["full_name"] in cells


def check_print_list(data: bytes, total: int) -> None:
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws["F1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header_at = next(n for n, row in enumerate(rows, start=1) if row[:2] == ["STT", "Họ và tên"])
    # The column headings repeat on every printed page.
    assert ws.print_title_rows is not None
    assert ws.print_title_rows.replace("$", "") == f"{header_at}:{header_at}"
    header = rows[header_at - 1]
    body = [row for row in rows[header_at:] if row[1] == ACHIEVER["full_name"]]
    assert len(body) == 1, rows
    row = body[0]
    assert row[header.index("Năm sinh")] == ACHIEVER["birth_year"]
    assert row[header.index("Phòng/ban")] == ACHIEVER["department"]
    assert row[header.index("Tổng điểm")] == total
    assert row[header.index("Kết quả")] == "Đạt"
    # Only people who self-assessed are listed.
    names = {row[1] for row in rows}
    assert LATECOMER["full_name"] not in names
    assert NEVER_REGISTERED["full_name"] not in names


def test_manager_year(tmp_path):
    url = f"sqlite:///{tmp_path}/manager.db"
    today = now_utc().astimezone(VN_TZ).date()
    year = today.year
    code = set_up_unit(url, year, name=UNIT_NAME)
    total = register_and_assess(url, code)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    bad = tmp_path / "nhan-su-loi.xlsx"
    bad.write_bytes(staff_xlsx([["Lê Văn Sai", BAD_CCCD, "Văn phòng", "Chuyên viên"]]))
    good = tmp_path / "nhan-su.xlsx"
    good.write_bytes(
        staff_xlsx(
            [
                [p["full_name"], p["cccd"], p["department"], p["position"]]
                for p in (ACHIEVER, LATECOMER)
            ]
            # Typed as a number, as Excel does when the column is not text: the 0 is lost.
            + [
                [
                    NEVER_REGISTERED["full_name"],
                    int(NEVER_REGISTERED["cccd"]),
                    NEVER_REGISTERED["department"],
                    NEVER_REGISTERED["position"],
                ]
            ],
            office=True,
        )
    )

    quiet = {"STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    with app_server(url, quiet) as base, sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
        context.set_default_timeout(TIMEOUT)
        page = context.new_page()
        main = page.locator("[data-testid=stMain]")
        try:
            log_in(page, base, MANAGER_CCCD, MANAGER_PASSWORD)
            step(page)

            # 1. The staff list: a bad file is refused whole, with the row and the reason.
            open_page(page, "Nhân sự đơn vị")
            step(page)
            expect(main.get_by_text("Danh sách hiện tại: 0 người")).to_be_visible()
            upload(page, bad)
            expect(main.get_by_text("Tệp có 1 lỗi; chưa cập nhật gì.")).to_be_visible()
            errors = main.locator("[data-testid=stDataFrame]")
            expect(errors).to_have_count(1)
            # The grid draws on a canvas; its accessible table (inside the canvas) has the cells.
            error_rows = errors.locator("tbody tr[role=row]")
            expect(error_rows).to_have_count(1)
            cells = error_rows.first.locator("td[role=gridcell]")
            expect(cells).to_have_text(
                ["2", "Số CCCD", "Số CCCD phải gồm đúng 12 chữ số. (ô ghi: «12345»)"]
            )
            expect(main.get_by_role("button", name="Cập nhật danh sách nhân sự")).to_have_count(0)
            expect(main.get_by_text("Danh sách hiện tại: 0 người")).to_be_visible()

            upload(page, good)
            expect(main.get_by_text(f"Tệp hợp lệ: {len(STAFF)} người.")).to_be_visible()
            # What the file changes, with names, before the manager confirms.
            added = main.get_by_text(f"Thêm {len(STAFF)} người:")
            expect(added).to_contain_text(NEVER_REGISTERED["full_name"])
            main.get_by_role("button", name="Cập nhật danh sách nhân sự").click()
            step(page)
            expect(
                main.get_by_text(f"Đã cập nhật danh sách nhân sự: {len(STAFF)} người.")
            ).to_be_visible()
            expect(main.get_by_text(f"Danh sách hiện tại: {len(STAFF)} người")).to_be_visible()
            staff_table = main.locator("[data-testid=stDataFrame]").last
            for person in STAFF:
                expect(staff_table).to_contain_text(person["full_name"])
            expect(staff_table).to_contain_text("051*******11")  # the lost 0 is back
            expect(main).not_to_contain_text(NEVER_REGISTERED["cccd"])
            shoot(page, "manager-year-staff", focus=staff_table)
            current = download(page, "Tải danh sách hiện tại (Excel, theo mẫu)", tmp_path)
            listed, problems = parse_staff_xlsx(current)
            assert problems == [] and {e.cccd for e in listed} == {p["cccd"] for p in STAFF}

            # 2. The dashboard: who is expected, who has not registered, who has not assessed.
            open_page(page, "Tổng quan đơn vị")
            step(page)
            expect(metric(page, "Nhân sự")).to_have_text(str(len(STAFF)))
            # The two citizens signed up before the list and are on it: the list approved them.
            # The manager is not on the list: a line of its own, not counted.
            expect(metric(page, "Đã đăng ký")).to_have_text("2")
            expect(metric(page, "Đã tự đánh giá")).to_have_text("1")
            expect(metric(page, "Đạt danh hiệu")).to_have_text("1")
            expect(
                main.get_by_text(re.compile(r"Tỉ lệ đạt danh hiệu: 33,3\s?% \(1/3 "))
            ).to_be_visible()
            expect(
                main.get_by_text("1 tài khoản của đơn vị không có trong danh sách")
            ).to_be_visible()
            missing = expander(page, "Chưa đăng ký: 1 người")
            expect(missing.locator("[data-testid=stCode]")).to_contain_text(
                f"1. {NEVER_REGISTERED['full_name']} – {NEVER_REGISTERED['department']}"
            )
            late = expander(page, f"Đã đăng ký nhưng chưa tự đánh giá năm {year}: 1 người")
            late_code = late.locator("[data-testid=stCode]")
            expect(late_code).to_contain_text(LATECOMER["full_name"])
            expect(late_code).not_to_contain_text(MANAGER_NAME)
            expect(late_code).not_to_contain_text(ACHIEVER["full_name"])
            shoot(page, "manager-year-dashboard", focus=missing)

            # 3. The window closes: yesterday is its last day (when yesterday is still this year).
            open_page(page, "Cài đặt đơn vị")
            step(page)
            caption = main.get_by_text(re.compile(r"^Hiện tại: "))
            expect(caption).to_contain_text(f"đến hết 23:59 ngày 31/12/{year}")
            yesterday = today - timedelta(days=1)
            if yesterday.year == year:
                set_date(page, "Ngày kết thúc (hết 23:59)", yesterday)
                main.get_by_role("button", name="Lưu thời hạn").click()
                step(page)
                # It ends the open window at once: saved only once that is confirmed.
                expect(main.get_by_text(re.compile("đóng ngay khi lưu"))).to_be_visible()
                sure = main.locator("[data-testid=stCheckbox]").filter(has_text="Tôi hiểu")
                sure.locator("label").click()
                expect(sure.get_by_role("checkbox")).to_be_checked()
                main.get_by_role("button", name="Lưu thời hạn").click()
                step(page)
                expect(main.get_by_text("Đã lưu thời hạn tự đánh giá.")).to_be_visible()
                expect(caption).to_contain_text(
                    f"từ ngày 01/01/{year} đến hết 23:59 ngày {yesterday:%d/%m/%Y}"
                )
            # else: on 1 January no earlier day of the year exists; the window stays as it is.

            # 4. The decision: download the draft, then record the signed decision.
            open_page(page, "Quyết định công nhận")
            step(page)
            expect(main.get_by_text(re.compile(rf"Năm {year}: 1 người đạt"))).to_be_visible()
            draft = download(page, "Tải dự thảo quyết định (Word)", tmp_path)
            check_draft_decision(draft, year, total)

            page.get_by_label("Số quyết định *", exact=True).fill(DECISION_NUMBER)
            page.get_by_label("Người ký *", exact=True).fill(SIGNER)
            # The unit's head title is not named: the box is empty, for the signer's own title.
            title = page.get_by_label("Chức vụ người ký *", exact=True)
            expect(title).to_have_value("")
            title.fill("Trưởng ban")
            confirm = main.locator("[data-testid=stCheckbox]").filter(has_text="Tôi xác nhận")
            confirm.locator("label").click()
            expect(confirm.get_by_role("checkbox")).to_be_checked()
            main.get_by_role("button", name="Ghi nhận quyết định").click()
            step(page)
            recorded = main.locator("[data-testid=stAlert]").filter(
                has_text=f"Quyết định số {DECISION_NUMBER}"
            )
            expect(recorded).to_be_visible()
            expect(recorded).to_contain_text(f"Năm {year}:")
            expect(recorded).to_contain_text(SIGNER)
            expect(recorded).to_contain_text("công nhận 1 người")
            expect(
                main.get_by_text("Đã ghi nhận quyết định; 1 người được công nhận.")
            ).to_be_visible()
            expect(main.get_by_role("button", name="Ghi nhận quyết định")).to_have_count(0)
            # "Ngày ký" was left at its default, today.
            check_recorded_decision(download(page, "Tải quyết định (Word)", tmp_path), today)
            shoot(page, "manager-year-decision", focus=recorded)

            # 5. The print list: the Excel file and the print view.
            open_page(page, "Danh sách")
            step(page)
            print_xlsx = download(page, "Tải danh sách để in (Excel)", tmp_path)
            check_print_list(print_xlsx, total)

            main.get_by_role("tab", name="Bản in").click()
            step(page)
            sheet = main.locator(".cdht-print")
            expect(sheet).to_be_visible()
            expect(sheet).to_contain_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
            expect(sheet).to_contain_text(f"NĂM {year}")
            achiever_row = sheet.locator("tbody tr").filter(has_text=ACHIEVER["full_name"])
            expect(achiever_row).to_have_count(1)
            expect(achiever_row).to_contain_text("Đạt")
            expect(sheet).to_contain_text("Danh sách có 1 người, trong đó 1 người đạt danh hiệu.")
            shoot(page, "manager-year-print", focus=sheet)
        except Exception:
            page.screenshot(path=ARTIFACTS / "manager-year-failure.png")
            raise
        finally:
            browser.close()
