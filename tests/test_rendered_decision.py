"""The decision as an office prints it: LibreOffice turns the .docx into a PDF, poppler reads it.

One conversion per size (1, 59 and 1,000 people), shared by the module's tests. The pages are also
written as PNGs into test-artifacts/rendered/decision/ to look at.
"""

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from cdht.collation import name_sort_key
from cdht.decision_doc import DecisionInfo, RecognisedPerson, decision_docx
from tests.rendering import Page, flat, page_images, page_texts, pdf_pages, to_pdf

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "rendered" / "decision"
# What prints on each size: the decision on one portrait page, then the annex in landscape.
PAGES = {1: 2, 59: 4, 1000: 35}
LONG_NAMES = (
    "Nguyễn Thị Phương Thảo",
    "Tôn Nữ Hoàng Bảo Ngọc",
    "Nguyễn Phước Vĩnh Tường Khánh Linh",
    "Công Tằng Tôn Nữ Thị Diễm Kiều",
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Tôn Nữ")
MIDDLE = ("Thị", "Văn", "Hữu", "Ngọc", "Minh Thị", "Phương", "Hoàng Bảo", "Thanh")
GIVEN = ("An", "Bình", "Thảo", "Ngọc", "Thuỷ", "Hoà", "Khánh Linh", "Dũng", "Yến", "Ánh")
INFO = DecisionInfo(
    "Ban Dân tộc tỉnh Quảng Ngãi",
    2026,
    "45/QĐ-BDT",
    date(2026, 11, 20),
    "Nguyễn Thế Nhân",
    "Trưởng ban",
    head_title="Trưởng ban",
    governing_body="Ủy ban nhân dân tỉnh Quảng Ngãi",
    paraphrase=True,
)

pytestmark = pytest.mark.rendering


def people(n: int) -> list[RecognisedPerson]:
    names = [*LONG_NAMES]
    for i in range(n):
        names.append(
            f"{FAMILY[i % len(FAMILY)]} {MIDDLE[i // 3 % len(MIDDLE)]} {GIVEN[i // 7 % len(GIVEN)]}"
        )
    departments = ("Văn phòng", "Phòng Kế hoạch - Tài chính", "Thanh tra", "Phòng Chính sách")
    return [
        RecognisedPerson(name, 1970 + i % 35, departments[i % 4], "Chuyên viên", 80 + i % 21)
        for i, name in enumerate(names[:n])
    ]


@dataclass(frozen=True)
class Printed:
    people: list[RecognisedPerson]
    pages: list[Page]
    texts: list[str]


def print_decision(n: int, tmp: Path) -> tuple[Path, Printed]:
    listed = people(n)
    pdf = to_pdf(decision_docx(INFO, listed), ".docx", tmp)
    return pdf, Printed(listed, pdf_pages(pdf), page_texts(pdf))


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[int, Printed]:
    """1 and 59 people (a few seconds each); 1,000 people has its own test, converted once."""
    tmp = tmp_path_factory.mktemp("decision")
    with ThreadPoolExecutor(2) as pool:
        done = dict(zip((1, 59), pool.map(lambda n: print_decision(n, tmp), (1, 59)), strict=True))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for n, (pdf, _) in done.items():
        kept = ARTIFACTS / f"decision-{n}.pdf"
        kept.write_bytes(pdf.read_bytes())
        page_images(kept, ARTIFACTS, dpi=60)
    return {n: doc for n, (_, doc) in done.items()}


def check_pages(doc: Printed, n: int) -> None:
    """A4; the decision on one portrait page, the annex in landscape; the header row on every
    annex page; every name whole on its row's line; the count closing the list."""
    assert all(page.a4 for page in doc.pages)
    assert not doc.pages[0].landscape
    assert all(page.landscape for page in doc.pages[1:])
    assert len(doc.pages) == PAGES[n]
    first = flat(doc.texts[0])
    assert first.startswith("ỦY BAN NHÂN DÂN TỈNH")
    assert first.endswith("Nguyễn Thế Nhân")  # the signer's name closes the first page
    assert flat(doc.texts[1]).startswith("DANH SÁCH")
    heading = "STT Họ và tên Năm sinh Phòng/ban Chức vụ Tổng điểm"
    for number, text in enumerate(doc.texts[1:], start=2):
        assert heading in flat(text), f"no header row on page {number}"
    lines = [" ".join(line.split()) for text in doc.texts[1:] for line in text.splitlines()]
    ordered = sorted(doc.people, key=lambda p: name_sort_key(p.full_name))
    rows = {}
    for line in lines:
        match = re.match(r"(\d+) (.+?) (\d{4}) ", line)
        if match:
            rows[int(match[1])] = match[2]
    assert rows == {i: p.full_name for i, p in enumerate(ordered, start=1)}
    closing = [line for line in lines if line.startswith("Danh sách có")]
    assert closing == [f"Danh sách có {n} người./."]


@pytest.mark.parametrize("n", (1, 59))
def test_pages_header_rows_and_whole_names(printed, n):
    check_pages(printed[n], n)


def test_a_thousand_people(tmp_path):
    _, doc = print_decision(1000, tmp_path)
    check_pages(doc, 1000)


def test_the_legal_bases_print_whole_and_right(printed):
    first = flat(printed[59].texts[0])
    assert (
        "Căn cứ Quyết định số 677/QĐ-TTg ngày 03 tháng 6 năm 2022 của Thủ tướng Chính phủ phê "
        "duyệt Chương trình “Xây dựng mô hình Công dân học tập giai đoạn 2021 - 2030”;" in first
    )
    assert (
        "Căn cứ Quyết định số 324/QĐ-KHVN ngày 25 tháng 10 năm 2023 của Hội Khuyến học Việt Nam;"
        in first
    )
    assert "Đẩy mạnh" not in first and "Đề án" not in first


def test_the_header_lines_print_each_on_one_line(printed):
    lines = [" ".join(line.split()) for line in printed[1].texts[0].splitlines()]
    for text in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 45/QĐ-BDT",
        "…………, ngày 20 tháng 11 năm 2026",
        "QUYẾT ĐỊNH",
        "Về việc công nhận danh hiệu “Công dân học tập” năm 2026",
        "TRƯỞNG BAN DÂN TỘC TỈNH QUẢNG NGÃI",
    ):
        assert any(text in line for line in lines), text
