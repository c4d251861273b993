"""The draft decision document: opened back with python-docx."""

import io
from datetime import date

from docx import Document

from cdht.decision_doc import DecisionInfo, RecognisedPerson, decision_docx

PEOPLE = [
    RecognisedPerson("Trần Thị Bình", 1985, "Thanh tra", "Chuyên viên", 85),
    RecognisedPerson("Lê Văn An", 1990, "=1+1", "", 92),
]


def text_of(data: bytes) -> tuple[str, list[list[str]]]:
    doc = Document(io.BytesIO(data))
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    tables = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    return paragraphs, tables


def test_recorded_decision_has_number_date_signer_and_sorted_annex():
    info = DecisionInfo(
        "Ban Dân tộc tỉnh Quảng Ngãi",
        2026,
        "45",
        date(2026, 11, 20),
        "Nguyễn Thế Nhân",
        "Trưởng ban",
    )
    paragraphs, rows = text_of(decision_docx(info, PEOPLE))
    assert "QUYẾT ĐỊNH" in paragraphs
    assert "công nhận danh hiệu “Công dân học tập” năm 2026" in paragraphs
    assert "cho 2 cá nhân" in paragraphs
    assert "ngày 20 tháng 11 năm 2026" in paragraphs
    assert "Kèm theo Quyết định số 45/QĐ ngày 20/11/2026" in paragraphs
    flat = [cell for row in rows for cell in row]
    assert "Số: 45/QĐ" in flat and "BAN DÂN TỘC TỈNH QUẢNG NGÃI" in flat
    assert any("Nguyễn Thế Nhân" in cell for cell in flat)
    annex = [r for r in rows if r[0] in ("1", "2")]
    assert [r[1] for r in annex] == ["Lê Văn An", "Trần Thị Bình"]  # An before Bình
    assert annex[0][3] == "=1+1" and annex[0][5] == "92"


def test_draft_leaves_blanks_to_fill_by_hand():
    info = DecisionInfo("Sở Tư pháp", 2026, "", None, "", "Giám đốc")
    paragraphs, rows = text_of(decision_docx(info, PEOPLE))
    assert "ngày …… tháng …… năm ……" in paragraphs
    assert "Số: ……/QĐ" in [cell for row in rows for cell in row]
    assert "GIÁM ĐỐC" in paragraphs
