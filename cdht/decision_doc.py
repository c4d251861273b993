"""The draft recognition decision (Word .docx) with its annex list. Pure."""

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from cdht.collation import name_sort_key


@dataclass(frozen=True)
class DecisionInfo:
    unit_name: str
    year: int
    number: str
    signed_on: date | None
    signer_name: str
    signer_title: str


@dataclass(frozen=True)
class RecognisedPerson:
    full_name: str
    birth_year: int
    department: str
    position: str
    total: int


def _para(doc, text: str = "", *, bold=False, italic=False, align=None, size=13, space_after=4):
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    paragraph.paragraph_format.space_after = Pt(space_after)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _date_line(signed_on: date | None) -> str:
    if signed_on is None:
        return "……………, ngày …… tháng …… năm ……"
    return f"……………, ngày {signed_on.day:02d} tháng {signed_on.month:02d} năm {signed_on.year}"


def _short_date(signed_on: date | None) -> str:
    return f"{signed_on:%d/%m/%Y}" if signed_on else "……/……/……"


def decision_docx(info: DecisionInfo, people: Sequence[RecognisedPerson]) -> bytes:
    """A decision ready for signature: header, articles, signature, annex table sorted by name."""
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)

    head = doc.add_table(rows=2, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = (
        (0, 0, info.unit_name.upper(), True),
        (0, 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        (1, 0, f"Số: {info.number or '……'}/QĐ", False),
        (1, 1, "Độc lập - Tự do - Hạnh phúc", True),
    )
    for row, col, text, bold in cells:
        paragraph = head.cell(row, col).paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, Pt(12)
    _para(doc, _date_line(info.signed_on), italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, "QUYẾT ĐỊNH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=14, space_after=0)
    _para(
        doc,
        f"Về việc công nhận danh hiệu “Công dân học tập” năm {info.year}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _para(doc, info.signer_title.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for line in (
        "Căn cứ Quyết định số 677/QĐ-TTg ngày 03/6/2022 của Thủ tướng Chính phủ phê duyệt Đề án "
        "“Đẩy mạnh xây dựng xã hội học tập giai đoạn 2021 - 2030”;",
        "Căn cứ Quyết định số 324/QĐ-KHVN ngày 25/10/2023 của Hội Khuyến học Việt Nam ban hành Bộ "
        "tiêu chí đánh giá, công nhận “Công dân học tập” giai đoạn 2021 - 2030;",
        f"Xét kết quả tự đánh giá “Công dân học tập” năm {info.year} của cán bộ, công chức, "
        "người lao động;",
    ):
        _para(doc, line, italic=True)
    _para(doc, "QUYẾT ĐỊNH:", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(
        doc,
        f"Điều 1. Công nhận danh hiệu “Công dân học tập” năm {info.year} cho {len(people)} cá nhân "
        f"thuộc {info.unit_name} (có danh sách kèm theo).",
    )
    _para(doc, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    _para(
        doc,
        "Điều 3. Văn phòng, các phòng, ban và các cá nhân có tên tại Điều 1 "
        "chịu trách nhiệm thi hành Quyết định này./.",
    )
    sign = doc.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    left.add_paragraph("- Như Điều 3;")
    left.add_paragraph("- Lưu: VT.")
    for text, bold in ((info.signer_title.upper(), True), ("", False), ("", False), ("", False)):
        paragraph = right.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold
    name = right.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    name.add_run(info.signer_name).bold = True

    annex = doc.add_section()
    annex.orientation = WD_ORIENT.PORTRAIT
    _para(doc, "DANH SÁCH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _para(
        doc,
        f"Cá nhân được công nhận danh hiệu “Công dân học tập” năm {info.year}",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        space_after=0,
    )
    _para(
        doc,
        f"(Kèm theo Quyết định số {info.number or '……'}/QĐ ngày {_short_date(info.signed_on)})",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, label in zip(
        table.rows[0].cells,
        ("STT", "Họ và tên", "Năm sinh", "Phòng/ban", "Chức vụ", "Tổng điểm"),
        strict=True,
    ):
        cell.paragraphs[0].add_run(label).bold = True
    ordered = sorted(people, key=lambda p: name_sort_key(p.full_name))
    for n, person in enumerate(ordered, start=1):
        values = (
            n,
            person.full_name,
            person.birth_year,
            person.department,
            person.position,
            person.total,
        )
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = str(value)
    _para(doc, f"Danh sách có {len(ordered)} người./.", italic=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
