"""Every list the app produces, printed to PDF as an office prints it, and read back.

The print-ready list, the manager's data list and the staff list are opened by LibreOffice and
printed to PDF; the browser's print view by Chromium. What is checked is what a head receives:
A4 pages the right way round, a sensible number of them for 1, 59 and 1,000 people, the column
titles on every page, every text of the file readable whole (nothing cut by a column or a cell),
no text printed over another. Each document is converted once per module (conversions take
seconds); the pages as PNG images are in test-artifacts/rendered/ to look at.
"""

import dataclasses
import math
import random
import re
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import product
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from cdht.criteria import RecognitionRule
from cdht.gauge import AGENCY, CUT_NOTE
from cdht.print_html import print_list_html
from cdht.print_list import (
    COLUMNS,
    SUBTITLE,
    PrintHeader,
    closing_line,
    criteria_line,
    print_list_xlsx,
    title_for,
)
from cdht.rollup_sheet import COLUMNS as ROLLUP_COLUMNS
from cdht.rollup_sheet import FROZEN_NOTE, RollupHeader, rollup_xlsx
from cdht.rollup_sheet import title_for as rollup_title
from cdht.roster import HEADERS, RosterRow, roster_xlsx, row_note, shortfall
from cdht.staff_import import COLUMNS as STAFF_COLUMNS
from cdht.staff_import import StaffEntry, staff_xlsx
from cdht.unit_figures import ABOUT, WHO_COUNTS, UnitFigures
from tests.rendering import (
    Page,
    cell_texts,
    flat,
    overprinted,
    page_images,
    page_texts,
    pdf_pages,
    to_pdf,
)
from tests.support import ARTIFACTS, launch

SIZES = (1, 59, 1000)
RULE = RecognitionRule(min_total=80, min_per_indicator=5, text="")
VERSION = "324-2023-cdht.1"
HEADER = PrintHeader(
    unit_name="Trung tâm Công nghệ thông tin và Chuyển đổi số",
    governing_body="Sở Khoa học và Công nghệ tỉnh Quảng Ngãi",
    year=2026,
    made_by="Nguyễn Thị Phương Thảo",
    criteria_versions=(VERSION,),
    paraphrase=True,
    place_name="Quảng Ngãi",
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Đặng", "Võ", "Bùi", "Tôn Nữ")
MIDDLE = ("Thị Phương", "Văn", "Thị Ngọc", "Hoàng", "Minh", "Thị Thanh", "Đức", "Quang")
GIVEN = (
    "Thảo",
    "Ánh",
    "Hưng",
    "Nguyệt",
    "Khuê",
    "Thuỷ",
    "Hoà",
    "Trường",
    "Dũng",
    "Phượng",
    "Quyên",
    "Nhung",
    "Thịnh",
)

pytestmark = pytest.mark.rendering
DEPARTMENTS = (
    "Phòng Kế hoạch - Tài chính và Tổng hợp",
    "Văn phòng",
    "Trung tâm Công nghệ thông tin và Chuyển đổi số",
    "Phòng Tổ chức cán bộ",
    "Phòng Quản lý Khoa học và Đổi mới sáng tạo",
    "Chi cục Tiêu chuẩn Đo lường Chất lượng",
    "Thanh tra",
)
POSITIONS = (
    "Chuyên viên",
    "Phó Trưởng phòng",
    "Chuyên viên chính",
    "Phó Chánh Văn phòng",
    "Kế toán viên",
    "Giám đốc Trung tâm",
)


def people(count: int) -> list[RosterRow]:
    """`count` people with distinct, long Vietnamese names, departments and positions; a result
    short of recognition says why in its note, as the lists read from the database do."""
    chooser = random.Random(count)
    names = chooser.sample([" ".join(p) for p in product(FAMILY, MIDDLE, GIVEN)], count)
    rows = []
    for i, name in enumerate(names):
        marks = chooser.choices((3, 5, 8, 10), weights=(1, 5, 9, 10), k=10)
        answers = {str(k): mark for k, mark in enumerate(marks, start=1)}
        points = (sum(marks[:4]), sum(marks[4:8]), sum(marks[8:]))
        rows.append(
            RosterRow(
                full_name=name,
                cccd=f"0511{i:08d}",
                gender=("Nữ", "Nam")[i % 2],
                birth_year=1965 + i % 40,
                department=DEPARTMENTS[i % len(DEPARTMENTS)],
                position=POSITIONS[i % len(POSITIONS)],
                group="III",
                comp_points=points,
                total=sum(points),
                recognised=not shortfall(RULE, answers, sum(points)),
                submitted_at=datetime(2026, 10, 1, 2, 0, tzinfo=UTC),
                note=row_note(on_paper=i % 7 == 3, rule=RULE, answers=answers, total=sum(points)),
            )
        )
    return rows


SEPARATOR = " ¦ "  # between two texts a reader would not read as one


@dataclass(frozen=True)
class Printed:
    """One document as printed: its pages' sizes, each page's texts as a reader follows them
    (wrapped cells joined) and each page's text as laid out (`pdftotext -layout`)."""

    pdf: Path
    pages: list[Page]
    cells: list[list[str]]
    layout: list[str]

    def page_text(self, page: int) -> str:
        return SEPARATOR.join(self.cells[page])

    @property
    def text(self) -> str:
        return SEPARATOR.join(SEPARATOR.join(cells) for cells in self.cells)


def printed(pdf: Path, name: str) -> Printed:
    page_images(pdf, ARTIFACTS / "rendered" / name, pages=(1, 2, -1))
    return Printed(pdf, pdf_pages(pdf), cell_texts(pdf), page_texts(pdf))


def convert_all(
    make: Callable[[int], bytes], suffix: str, name: str, tmp: Path, sizes=SIZES
) -> dict[int, Printed]:
    """Each size's document printed by LibreOffice, the conversions side by side."""
    with ThreadPoolExecutor(len(sizes)) as pool:
        pdfs = dict(
            zip(sizes, pool.map(lambda n: to_pdf(make(n), suffix, tmp), sizes), strict=True)
        )
    return {n: printed(pdf, f"{name}-{n}") for n, pdf in pdfs.items()}


def unreadable(texts: list[str], document: Printed) -> list[str]:
    """The texts that the printed document does not hold whole as often as the file does."""
    line = document.text
    return [t for t, count in Counter(texts).items() if line.count(flat(t)) < count]


def row_numbers(document: Printed, page: int) -> list[int]:
    """The numbers of the STT column on one page: the laid-out lines that start with a number."""
    lines = document.layout[page]
    return [int(x) for x in re.findall(r"^ {0,8}(\d+) +\S", lines, flags=re.MULTILINE)]


def all_row_numbers(document: Printed) -> list[int]:
    return [n for page in range(len(document.pages)) for n in row_numbers(document, page)]


def assert_pages(document: Printed, *, landscape: bool) -> None:
    assert document.pages, "nothing printed"
    for number, page in enumerate(document.pages, start=1):
        assert page.a4, f"page {number} is {page.width:.0f} × {page.height:.0f} pt, not A4"
        assert page.landscape == landscape, f"page {number} is turned the wrong way"


def assert_titles_on_every_page(document: Printed, titles: list[str]) -> None:
    for number in range(1, len(document.pages) + 1):
        text = document.page_text(number - 1)
        missing = [t for t in titles if flat(t) not in text]
        assert not missing, f"page {number} lacks the column titles {missing}"


def assert_nothing_overprinted(document: Printed) -> None:
    pairs = overprinted(document.pdf)
    assert not pairs, "text printed over other text: " + ", ".join(
        f"“{a.text}”/“{b.text}” (page {a.page})" for a, b in pairs[:10]
    )


# The print-ready list (LibreOffice) ----------------------------------------------------------


@pytest.fixture(scope="module")
def print_lists(tmp_path_factory) -> dict[int, Printed]:
    tmp = tmp_path_factory.mktemp("print-list")
    return convert_all(lambda n: print_list_xlsx(people(n), HEADER), ".xlsx", "print-list", tmp)


def print_list_texts(count: int) -> list[str]:
    """Every text the print list's file holds for `count` people."""
    texts = [
        *HEADER.left_lines,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        title_for(HEADER.year),
        SUBTITLE,
        criteria_line(HEADER.criteria_versions, HEADER.paraphrase),
        closing_line(count, sum(r.recognised for r in people(count))),
        "Quảng Ngãi, ngày …… tháng …… năm ……",  # the unit's place, the date by hand
        "NGƯỜI LẬP DANH SÁCH",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "(Ký, ghi rõ họ tên)",
        "(Ký tên, đóng dấu)",
        HEADER.made_by,
    ]
    for row in people(count):
        texts += [row.full_name, row.department, row.position]
        texts += [row.note] if row.note else []
    return texts


@pytest.mark.parametrize("count", SIZES)
def test_print_list_is_a4_landscape_with_titles_on_every_page(print_lists, count):
    document = print_lists[count]
    assert_pages(document, landscape=True)
    assert_titles_on_every_page(document, [label for label, _ in COLUMNS])


@pytest.mark.parametrize("count", SIZES)
def test_print_list_every_text_reads_whole_and_nothing_overprinted(print_lists, count):
    document = print_lists[count]
    assert unreadable(print_list_texts(count), document) == []
    assert_nothing_overprinted(document)


def test_print_list_closing_line_reads_whole(print_lists):
    # It used to sit in the narrow STT column and print as "sách / có 59".
    recognised = sum(r.recognised for r in people(59))
    assert f"Danh sách có 59 người, trong đó {recognised} người đạt danh hiệu." in (
        print_lists[59].text
    )


def test_print_list_names_the_criteria_version_and_says_it_is_a_paraphrase(print_lists):
    first = print_lists[59].page_text(0)
    assert f"Tiêu chí theo bộ tiêu chí phiên bản {VERSION} (diễn đạt lại từ QĐ 324/QĐ-KHVN" in first
    assert "không phải văn bản chính thức)." in first


def test_print_list_pages_hold_the_rows_in_order_one_page_wide(print_lists):
    """Rows flow page after page in order; a page holds as many rows as the first page of the
    59-person list (the national header takes room there), so no column spills onto pages of
    its own."""
    assert len(print_lists[1].pages) == 1
    per_page = len(row_numbers(print_lists[59], 0))
    assert per_page >= 10
    for count in (59, 1000):
        document = print_lists[count]
        assert all_row_numbers(document) == list(range(1, count + 1))
        assert len(document.pages) <= math.ceil(count / per_page) + 1


def test_print_list_signature_block_on_the_last_page(print_lists):
    last = print_lists[59].page_text(-1)
    for text in (
        "THỦ TRƯỞNG ĐƠN VỊ",
        "NGƯỜI LẬP DANH SÁCH",
        HEADER.made_by,
        closing_line(59, sum(r.recognised for r in people(59))),
    ):
        assert text in last


# The manager's data list with CCCD numbers (LibreOffice) -----------------------------------


@pytest.fixture(scope="module")
def data_lists(tmp_path_factory) -> dict[int, Printed]:
    tmp = tmp_path_factory.mktemp("data-list")
    return convert_all(
        lambda n: roster_xlsx(people(n), unit_name=HEADER.unit_name, year=2026),
        ".xlsx",
        "data-list",
        tmp,
    )


@pytest.mark.parametrize("count", SIZES)
def test_data_list_prints_a4_landscape_one_page_wide_titles_on_every_page(data_lists, count):
    document = data_lists[count]
    assert_pages(document, landscape=True)
    assert_titles_on_every_page(document, list(HEADERS))
    assert all_row_numbers(document) == list(range(1, count + 1))


@pytest.mark.parametrize("count", SIZES)
def test_data_list_every_text_reads_whole(data_lists, count):
    document = data_lists[count]
    texts = [HEADER.unit_name, "DANH SÁCH CÔNG DÂN TỰ ĐÁNH GIÁ CÔNG DÂN HỌC TẬP NĂM 2026"]
    for row in people(count):
        texts += [row.full_name, row.cccd, row.department, row.position, "01/10/2026 09:00"]
        texts += [row.note] if row.note else []
    assert unreadable(texts, document) == []
    assert_nothing_overprinted(document)


def test_data_list_page_counts(data_lists):
    assert len(data_lists[1].pages) == 1
    per_page = len(row_numbers(data_lists[59], 0))
    assert per_page >= 10
    assert len(data_lists[1000].pages) <= math.ceil(1000 / per_page) + 1


# The staff list in the template's format (LibreOffice) -------------------------------------


@pytest.fixture(scope="module")
def staff_lists(tmp_path_factory) -> dict[int, Printed]:
    tmp = tmp_path_factory.mktemp("staff-list")

    def make(count: int) -> bytes:
        return staff_xlsx(
            [StaffEntry(r.full_name, r.cccd, r.department, r.position) for r in people(count)]
        )

    return convert_all(make, ".xlsx", "staff-list", tmp, sizes=(59, 1000))


@pytest.mark.parametrize("count", (59, 1000))
def test_staff_list_prints_a4_titles_on_every_page_every_text_whole(staff_lists, count):
    document = staff_lists[count]
    assert_pages(document, landscape=False)
    # The guidance sheet prints last, on a page of its own.
    assert "Mỗi dòng ở trang Nhân sự là một người" in document.page_text(-1)
    list_pages = dataclasses.replace(document, pages=document.pages[:-1])
    assert_titles_on_every_page(list_pages, list(STAFF_COLUMNS))
    texts = []
    for row in people(count):
        texts += [row.full_name, row.cccd, row.department, row.position]
    assert unreadable(texts, document) == []
    assert_nothing_overprinted(document)


# The browser's print view (Chromium) --------------------------------------------------------


@pytest.fixture(scope="module")
def print_views(tmp_path_factory) -> dict[int, Printed]:
    tmp = tmp_path_factory.mktemp("print-view")
    found = {}
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page()
            for count in SIZES:
                page.set_content(
                    f'<html lang="vi"><meta charset="utf-8">'
                    f"<body>{print_list_html(people(count), HEADER)}</body></html>"
                )
                pdf = tmp / f"print-view-{count}.pdf"
                page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
                found[count] = printed(pdf, f"print-view-{count}")
        finally:
            browser.close()
    return found


@pytest.mark.parametrize("count", SIZES)
def test_print_view_is_a4_landscape_titles_on_every_page_every_text_whole(print_views, count):
    document = print_views[count]
    assert_pages(document, landscape=True)
    assert_titles_on_every_page(document, [label for label, _ in COLUMNS])
    assert unreadable(print_list_texts(count), document) == []
    assert_nothing_overprinted(document)
    last = len(document.pages) - 1
    assert row_numbers(document, last), "the signatures are on a page without any person"


def test_print_view_page_counts(print_views):
    assert len(print_views[1].pages) == 1
    per_page = len(row_numbers(print_views[59], 0))
    assert per_page >= 10
    assert len(print_views[1000].pages) <= math.ceil(1000 / per_page) + 1


# The roll-up of member units (LibreOffice) ---------------------------------------------------

UNIT_WORDS = (
    "Trường Trung học phổ thông chuyên Lê Quý Đôn",
    "Công ty Trách nhiệm hữu hạn Một thành viên Khai thác công trình thủy lợi",
    "Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên huyện",
    "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "Bệnh viện Đa khoa",
    "Sở Nông nghiệp và Môi trường",
)
WARDS = (
    "xã Tịnh Khê",
    "phường Trương Quang Trọng",
    "xã An Phú",
    "phường Cẩm Thành",
    "xã Nghĩa Kỳ",
    "phường Đức Phổ",
    "xã Ba Vì",
    "xã Sơn Hà",
    "phường Sa Huỳnh",
    "xã Trà Giang",
)
PLACES = ("Bình Sơn", "Trà Bồng", "Sơn Tịnh", "Mộ Đức", "Đức Phổ", "Ba Tơ", "Lý Sơn", "Nghĩa Hành")


def member_units(count: int) -> list[UnitFigures]:
    """`count` units with long names, some without a staff list, some below the first level."""
    chooser = random.Random(count)
    # No name ends in a number: a number wrapped to a line of its own would read as a row's STT.
    names = chooser.sample(list(product(UNIT_WORDS, PLACES, WARDS)), count)
    units = []
    for n in range(count):
        expected = chooser.choice((0, 12, 45, 130, 1250))
        recognised = chooser.randint(expected * 8 // 10, expected) if expected else 0
        words, place, ward = names[n]
        name = f"{words} {place}, {ward}"
        units.append(
            UnitFigures(
                unit_id=n + 1,
                name=name,
                code=f"Unit{n:04d}",
                kind=AGENCY,
                expected=expected,
                registered=max(expected, 3),
                pending=chooser.randint(0, 3),
                unlisted=0,
                assessed=max(recognised, 2),
                recognised=recognised,
                frozen=n % 7 == 3,  # a unit whose year's decision is recorded
            )
        )
    return units


ROLLUP_SIZES = (1, 40, 400)
ROLLUP_HEADER = RollupHeader(
    sender="Hội Khuyến học tỉnh Quảng Ngãi",
    parent_name="Hội Khuyến học tỉnh Quảng Ngãi",
    year=2026,
    this_year=2026,
    at=datetime(2026, 10, 20, 3, 5, tzinfo=UTC),
    made_by="Nguyễn Thị Phương Thảo",
    head_title="Chủ tịch Hội",
)


@pytest.fixture(scope="module")
def rollups(tmp_path_factory) -> dict[int, Printed]:
    tmp = tmp_path_factory.mktemp("rollup")

    def make(count: int) -> bytes:
        return rollup_xlsx(member_units(count), ROLLUP_HEADER)

    return convert_all(make, ".xlsx", "rollup", tmp, sizes=ROLLUP_SIZES)


@pytest.mark.parametrize("count", ROLLUP_SIZES)
def test_rollup_prints_a4_landscape_one_page_wide_every_unit_whole(rollups, count):
    document = rollups[count]
    assert_pages(document, landscape=True)
    assert_titles_on_every_page(document, [label for label, _ in ROLLUP_COLUMNS])
    assert all_row_numbers(document) == list(range(1, count + 1))
    texts = [
        "HỘI KHUYẾN HỌC TỈNH QUẢNG NGÃI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        rollup_title(2026),
        "Các đơn vị thuộc Hội Khuyến học tỉnh Quảng Ngãi",
        "Số liệu lúc 10:05 ngày 20/10/2026.",
        f"Cộng ({count} đơn vị)",
        f"Ghi chú: {WHO_COUNTS}",
        ABOUT,
        CUT_NOTE,
        "NGƯỜI LẬP BIỂU",
        "CHỦ TỊCH HỘI",
        "Nguyễn Thị Phương Thảo",
    ]
    texts += [FROZEN_NOTE] if any(u.frozen for u in member_units(count)) else []
    for unit in member_units(count):
        texts += [unit.name, unit.code]
    assert unreadable(texts, document) == []
    assert_nothing_overprinted(document)


def test_rollup_page_counts(rollups):
    assert len(rollups[1].pages) == 1
    per_page = len(row_numbers(rollups[40], 0))
    assert per_page >= 10
    assert len(rollups[400].pages) <= math.ceil(400 / per_page) + 1
