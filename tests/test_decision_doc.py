"""The decision document as written (python-docx opens it back): the form of Nghị định
30/2020/NĐ-CP, the legal bases, the annex table. How it prints: tests/test_rendered_decision.py."""

import io
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from cdht.db.decisions import decision_document, record_decision
from cdht.db.models import Unit
from cdht.db.roster_rows import print_header
from cdht.db.units import UnitError, create_unit, update_unit
from cdht.decision_doc import (
    ANNEX_COLUMNS,
    CRITERIA,
    GENERIC_HEAD,
    PARAPHRASE_NOTE,
    DecisionInfo,
    LegalBasesError,
    RecognisedPerson,
    authority,
    decision_docx,
    document_number,
    head_of,
    load_legal_bases,
    long_date,
    parse_legal_bases,
    shipped_legal_bases,
)
from cdht.print_list import date_line
from tests.conftest import JUNE, NOVEMBER, add_citizen, add_user, open_window_all_year
from tests.test_data_layer import answers, submit

PEOPLE = [
    RecognisedPerson("Trần Thị Bình", 1985, "Thanh tra", "Chuyên viên", 85),
    RecognisedPerson("Lê Văn An", 1990, "=1+1", "", 92),
]
RECORDED = DecisionInfo(
    "Ban Dân tộc tỉnh Quảng Ngãi",
    2026,
    "45/QĐ-BDT",
    date(2026, 11, 20),
    "Nguyễn Thế Nhân",
    "Trưởng ban",
    head_title="Trưởng ban",
    governing_body="Ủy ban nhân dân tỉnh Quảng Ngãi",
    founding_decision="Quyết định số 12/2021/QĐ-UBND ngày 05/02/2021 của Ủy ban nhân dân tỉnh "
    "Quảng Ngãi quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Ban Dân tộc tỉnh",
    paraphrase=True,
)
DRAFT = DecisionInfo("Sở Tư pháp", 2026, "", None, "", "Giám đốc", head_title="Giám đốc")
LINE_677 = (
    "Căn cứ Quyết định số 677/QĐ-TTg ngày 03 tháng 6 năm 2022 của Thủ tướng Chính phủ phê duyệt "
    "Chương trình “Xây dựng mô hình Công dân học tập giai đoạn 2021 - 2030”;"
)
# The date is the one domain.md gives; the exact title was not verified, so none is printed.
LINE_324 = "Căn cứ Quyết định số 324/QĐ-KHVN ngày 25 tháng 10 năm 2023 của Hội Khuyến học Việt Nam;"


def open_docx(data: bytes) -> DocxDocument:
    return Document(io.BytesIO(data))


def body_paragraphs(doc: DocxDocument) -> list[Paragraph]:
    return list(doc.paragraphs)


def texts(doc: DocxDocument) -> list[str]:
    return [p.text for p in doc.paragraphs]


def cell_paragraphs(doc: DocxDocument, table: int, row: int, col: int) -> list[Paragraph]:
    return [p for p in doc.tables[table].cell(row, col).paragraphs if p.text]


def the(doc: DocxDocument, text: str) -> Paragraph:
    found = [p for p in doc.paragraphs if p.text == text]
    assert len(found) == 1, (text, texts(doc))
    return found[0]


def style_of(paragraph: Paragraph) -> set[tuple[str, object]]:
    """(attribute, value) of every run that carries text."""
    return {
        (name, value)
        for run in paragraph.runs
        if run.text
        for name, value in (
            ("size", run.font.size),
            ("bold", bool(run.bold)),
            ("italic", bool(run.italic)),
        )
    }


def has_bottom_rule(paragraph: Paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}") is not None


@pytest.fixture(scope="module")
def recorded() -> DocxDocument:
    return open_docx(decision_docx(RECORDED, PEOPLE))


@pytest.fixture(scope="module")
def draft() -> DocxDocument:
    return open_docx(decision_docx(DRAFT, PEOPLE))


# --- the legal bases: one test per shipped line ---------------------------------------------


def test_the_shipped_legal_bases_are_677_then_324():
    assert [b.number for b in shipped_legal_bases()] == ["677/QĐ-TTg", "324/QĐ-KHVN"]


def test_legal_basis_677_is_the_programme_of_citizens_who_learn(recorded):
    basis = shipped_legal_bases()[0]
    assert (basis.kind, basis.number, basis.date, basis.issuer) == (
        "Quyết định",
        "677/QĐ-TTg",
        date(2022, 6, 3),
        "Thủ tướng Chính phủ",
    )
    assert basis.title == (
        "phê duyệt Chương trình “Xây dựng mô hình Công dân học tập giai đoạn 2021 - 2030”"
    )
    assert basis.line() == LINE_677
    assert LINE_677 in texts(recorded)


def test_the_wrong_scheme_is_not_cited(recorded, draft):
    for doc in (recorded, draft):
        whole = "\n".join(texts(doc))
        assert "Đẩy mạnh" not in whole and "Đề án" not in whole
        assert "xã hội học tập" not in whole


def test_legal_basis_324_has_its_number_date_and_issuer_and_no_invented_title(recorded):
    basis = shipped_legal_bases()[1]
    assert (basis.kind, basis.number, basis.date, basis.issuer, basis.title) == (
        "Quyết định",
        "324/QĐ-KHVN",
        date(2023, 10, 25),
        "Hội Khuyến học Việt Nam",
        "",
    )
    assert basis.line() == LINE_324
    assert LINE_324 in texts(recorded)


def test_the_units_founding_decision_is_cited_first_and_the_grounds_end_with_a_full_stop(recorded):
    lines = [t for t in texts(recorded) if t.startswith(("Căn cứ", "Xét"))]
    assert lines == [
        "Căn cứ Quyết định số 12/2021/QĐ-UBND ngày 05/02/2021 của Ủy ban nhân dân tỉnh Quảng Ngãi "
        "quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Ban Dân tộc tỉnh;",
        LINE_677,
        LINE_324,
        "Xét kết quả tự đánh giá “Công dân học tập” năm 2026 của các cá nhân thuộc Ban Dân tộc "
        "tỉnh Quảng Ngãi theo Bộ tiêu chí đánh giá, công nhận “Công dân học tập” của Hội Khuyến học "
        "Việt Nam.",
    ]
    for line in lines:
        assert style_of(the(recorded, line)) == {
            ("size", Pt(14)),
            ("bold", False),
            ("italic", True),
        }


def test_without_a_founding_decision_the_draft_leaves_dots_to_fill_by_hand(draft):
    first = next(t for t in texts(draft) if t.startswith("Căn cứ"))
    assert first.startswith("Căn cứ ……") and first.endswith("……;")
    assert set(first.removeprefix("Căn cứ ").removesuffix(";")) <= {"…", " "}


def test_a_founding_decision_typed_with_its_own_words_is_not_doubled():
    info = replace(DRAFT, founding_decision="căn cứ Quyết định số 7/QĐ-UBND ngày 01/01/2020.")
    lines = texts(open_docx(decision_docx(info, PEOPLE)))
    assert "Căn cứ Quyết định số 7/QĐ-UBND ngày 01/01/2020;" in lines


def test_an_organisation_adds_its_own_lines_to_the_data_file(tmp_path):
    path = tmp_path / "legal_bases.yaml"
    path.write_text(
        "legal_bases:\n"
        "  - kind: Kế hoạch\n"
        "    number: 15/KH-UBND\n"
        "    date: 2026-02-10\n"
        "    issuer: Ủy ban nhân dân tỉnh Quảng Ngãi\n"
        "    title: về xây dựng xã hội học tập năm 2026\n"
        "  - kind: Quyết định\n"
        "    number: 3/QĐ-HKH\n"
        "    issuer: Hội Khuyến học tỉnh\n",
        encoding="utf-8",
    )
    bases = load_legal_bases(path)
    assert [b.line() for b in bases] == [
        "Căn cứ Kế hoạch số 15/KH-UBND ngày 10 tháng 02 năm 2026 của Ủy ban nhân dân tỉnh Quảng "
        "Ngãi về xây dựng xã hội học tập năm 2026;",
        "Căn cứ Quyết định số 3/QĐ-HKH của Hội Khuyến học tỉnh;",  # no date given: none printed
    ]
    lines = texts(open_docx(decision_docx(DRAFT, PEOPLE, bases)))
    assert bases[0].line() in lines and LINE_677 not in lines


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"bases": []}, "expected a list under 'legal_bases'"),
        ({"legal_bases": [{"kind": "Quyết định", "issuer": "X"}]}, "legal basis 1: number"),
        (
            {"legal_bases": [{"kind": "Quyết định", "number": "1/QĐ", "issuer": " "}]},
            "legal basis 1: issuer: Value error, must not be empty",
        ),
        (
            {"legal_bases": [{"kind": "QĐ", "number": "1", "issuer": "X", "date": "3/6/2022"}]},
            "legal basis 1: date",
        ),
        (
            {"legal_bases": [{"kind": "QĐ", "number": "1", "issuer": "X", "tittle": "typo"}]},
            "legal basis 1: tittle",
        ),
    ],
)
def test_a_broken_legal_bases_file_is_refused_naming_the_item(data, message):
    with pytest.raises(LegalBasesError, match=message.replace("(", r"\(")):
        parse_legal_bases(data, "legal_bases.yaml")


# --- the form of Nghị định 30/2020 ----------------------------------------------------------


def test_times_new_roman_14_on_a4_portrait_with_the_decrees_margins(recorded):
    normal = recorded.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")} == {
        "Times New Roman"
    }
    decision, annex = recorded.sections
    assert decision.orientation == WD_ORIENT.PORTRAIT
    assert (round(decision.page_width.mm), round(decision.page_height.mm)) == (210, 297)
    assert annex.orientation == WD_ORIENT.LANDSCAPE
    assert (round(annex.page_width.mm), round(annex.page_height.mm)) == (297, 210)
    for section in (decision, annex):
        assert 20 <= round(section.top_margin.mm, 1) <= 25
        assert 20 <= round(section.bottom_margin.mm, 1) <= 25
        assert 30 <= round(section.left_margin.mm, 1) <= 35
        assert 15 <= round(section.right_margin.mm, 1) <= 20
    every_run = [r for p in recorded.paragraphs for r in p.runs] + [
        r
        for t in recorded.tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
    ]
    assert all(r.font.name in (None, "Times New Roman") for r in every_run)


def test_the_header_is_two_borderless_columns_body_over_parent_and_the_motto(recorded):
    header = recorded.tables[0]
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    parent, body = cell_paragraphs(recorded, 0, 0, 0)
    assert parent.text == "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI"
    assert style_of(parent) == {("size", Pt(13)), ("bold", False), ("italic", False)}
    assert body.text == "BAN DÂN TỘC TỈNH QUẢNG NGÃI"
    assert style_of(body) == {("size", Pt(13)), ("bold", True), ("italic", False)}
    left = header.cell(0, 0).paragraphs
    assert has_bottom_rule(left[-1]) and not left[-1].text  # the short rule under the body
    nation, motto = cell_paragraphs(recorded, 0, 0, 1)
    assert nation.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert style_of(nation) == {("size", Pt(13)), ("bold", True), ("italic", False)}
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert style_of(motto) == {("size", Pt(14)), ("bold", True), ("italic", False)}
    right = header.cell(0, 1).paragraphs
    assert has_bottom_rule(right[-1]) and not right[-1].text
    rule = right[-1].paragraph_format
    assert rule.left_indent == rule.right_indent > 0  # centred, shorter than the column
    (number,) = cell_paragraphs(recorded, 0, 1, 0)
    assert number.text == "Số: 45/QĐ-BDT"
    assert style_of(number) == {("size", Pt(13)), ("bold", False), ("italic", False)}
    (when,) = cell_paragraphs(recorded, 0, 1, 1)
    assert when.text == "…………, ngày 20 tháng 11 năm 2026"
    assert ("italic", True) in style_of(when)


def test_title_summary_authority_and_articles(recorded):
    for text in (
        "QUYẾT ĐỊNH",
        "Về việc công nhận danh hiệu “Công dân học tập” năm 2026",
        "TRƯỞNG BAN DÂN TỘC TỈNH QUẢNG NGÃI",
        "QUYẾT ĐỊNH:",
    ):
        assert style_of(the(recorded, text)) == {
            ("size", Pt(14)),
            ("bold", True),
            ("italic", False),
        }
    lines = texts(recorded)
    summary = lines.index("Về việc công nhận danh hiệu “Công dân học tập” năm 2026")
    assert has_bottom_rule(recorded.paragraphs[summary + 1])
    assert (
        "Điều 1. Công nhận danh hiệu “Công dân học tập” năm 2026 đối với 2 cá nhân thuộc Ban Dân "
        "tộc tỉnh Quảng Ngãi có tên trong danh sách kèm theo Quyết định này." in lines
    )
    assert "Điều 2. Quyết định này có hiệu lực kể từ ngày ký." in lines
    article3 = next(t for t in lines if t.startswith("Điều 3."))
    assert article3.endswith("chịu trách nhiệm thi hành Quyết định này./.")
    assert the(recorded, article3).runs[0].bold


def test_recipients_and_the_signers_block(recorded):
    label, *items = cell_paragraphs(recorded, 1, 0, 0)
    assert label.text == "Nơi nhận:"
    assert style_of(label) == {("size", Pt(12)), ("bold", True), ("italic", True)}
    assert [i.text for i in items] == ["- Như Điều 3;", "- Lưu: VT, …."]
    assert all(style_of(i) == {("size", Pt(11)), ("bold", False), ("italic", False)} for i in items)
    title, name = cell_paragraphs(recorded, 1, 0, 1)
    assert (title.text, name.text) == ("TRƯỞNG BAN", "Nguyễn Thế Nhân")
    assert ("bold", True) in style_of(title) and ("bold", True) in style_of(name)
    assert name.paragraph_format.space_before >= Pt(60)  # room for the signature and seal


def test_a_recorded_decision_fills_the_same_document_the_draft_leaves_blank(recorded, draft):
    assert cell_paragraphs(draft, 0, 1, 0)[0].text == "Số: ……/QĐ-……"
    assert cell_paragraphs(draft, 0, 1, 1)[0].text == "…………, ngày …… tháng …… năm ……"
    assert "(Kèm theo Quyết định số ……/QĐ-…… ngày ……/……/…… của Giám đốc Sở Tư pháp)" in texts(draft)
    assert (
        "(Kèm theo Quyết định số 45/QĐ-BDT ngày 20/11/2026 của Trưởng ban Dân tộc tỉnh Quảng Ngãi)"
        in texts(recorded)
    )
    assert [p.text for p in cell_paragraphs(draft, 1, 0, 1)] == ["GIÁM ĐỐC"]
    # No parent unit: the issuing body stands alone.
    assert [p.text for p in cell_paragraphs(draft, 0, 0, 0)] == ["SỞ TƯ PHÁP"]


def test_the_annex_table_has_fixed_widths_on_every_cell_and_a_repeating_header(recorded):
    annex = recorded.tables[2]
    assert annex._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    widths = [round(w.cm, 2) for w in ANNEX_COLUMNS]
    assert [round(c.width.cm, 2) for c in annex.columns] == widths
    assert sum(ANNEX_COLUMNS) <= Mm(297 - 30 - 15)
    for row in annex.rows:
        assert [round(c.width.cm, 2) for c in row.cells] == widths
    header = [row._tr.trPr.find(qn("w:tblHeader")) is not None for row in annex.rows]
    assert header == [True, False, False]
    assert [c.text for c in annex.rows[0].cells] == [
        "STT",
        "Họ và tên",
        "Năm sinh",
        "Phòng/ban",
        "Chức vụ",
        "Tổng điểm",
    ]
    assert [[c.text for c in row.cells] for row in annex.rows[1:]] == [
        ["1", "Lê Văn An", "1990", "=1+1", "", "92"],  # An before Bình; text kept as typed
        ["2", "Trần Thị Bình", "1985", "Thanh tra", "Chuyên viên", "85"],
    ]


def test_the_decision_names_the_criteria_and_says_when_they_are_a_paraphrase(recorded):
    assert PARAPHRASE_NOTE in texts(recorded)
    plain = texts(open_docx(decision_docx(replace(RECORDED, paraphrase=False), PEOPLE)))
    assert PARAPHRASE_NOTE not in plain
    assert any(t.endswith(f"theo {CRITERIA}.") for t in plain)


@pytest.mark.parametrize(
    ("title", "unit", "expected"),
    [
        ("Trưởng ban", "Ban Dân tộc tỉnh Quảng Ngãi", "Trưởng ban Dân tộc tỉnh Quảng Ngãi"),
        ("Giám đốc", "Sở Tư pháp", "Giám đốc Sở Tư pháp"),
        ("Hiệu trưởng", "Trường THPT Trần Phú", "Hiệu trưởng Trường THPT Trần Phú"),
        ("Chủ tịch Hội", "Hội Khuyến học tỉnh", "Chủ tịch Hội Khuyến học tỉnh"),
        (
            "Thủ trưởng đơn vị",
            "Công ty Cổ phần Đường Quảng Ngãi",
            "Thủ trưởng Công ty Cổ phần Đường Quảng Ngãi",
        ),
        ("", "Sở Tư pháp", "Thủ trưởng Sở Tư pháp"),
    ],
)
def test_the_authority_is_the_heads_title_and_the_unit(title, unit, expected):
    assert authority(title, unit) == expected


@pytest.mark.parametrize(
    ("head", "signer", "expected"),
    [
        ("Thủ trưởng đơn vị", "Trưởng ban", "Trưởng ban"),  # the unit's title never named
        ("thủ trưởng  đơn vị ", "Phó trưởng ban", "Trưởng ban"),  # a deputy signs for the head
        ("", "Giám đốc", "Giám đốc"),
        ("Giám đốc", "Phó Giám đốc", "Giám đốc"),  # a named title stays, whoever signs
        ("Chủ tịch Hội", "Trưởng ban", "Chủ tịch Hội"),
        ("Thủ trưởng đơn vị", "", ""),  # a draft without a signer: nothing named
        ("Thủ trưởng đơn vị", "Thủ trưởng đơn vị", ""),
    ],
)
def test_the_decision_is_issued_under_the_named_head_else_the_signers(head, signer, expected):
    info = replace(RECORDED, head_title=head, signer_title=signer)
    assert head_of(info) == expected


def test_a_unit_left_at_the_generic_title_decides_under_its_signers_title():
    """The review's case: the unit kept "Thủ trưởng đơn vị" and its "Trưởng ban" signed, so the
    decision said "THỦ TRƯỞNG BAN DÂN TỘC…" above a "TRƯỞNG BAN" signature."""
    assert Unit(name="x", code="x").head_title == GENERIC_HEAD
    document = open_docx(
        decision_docx(replace(RECORDED, head_title=GENERIC_HEAD, signer_title="Trưởng ban"), PEOPLE)
    )
    lines = texts(document)
    assert "TRƯỞNG BAN DÂN TỘC TỈNH QUẢNG NGÃI" in lines
    assert not [line for line in lines if "THỦ TRƯỞNG BAN" in line.upper()]
    assert any(line.endswith("của Trưởng ban Dân tộc tỉnh Quảng Ngãi)") for line in lines)


def test_a_draft_with_no_title_named_leaves_dots_and_invents_none():
    """The review's draft: the unit at "Thủ trưởng đơn vị", nobody signed yet. It printed
    "THỦ TRƯỞNG BAN DÂN TỘC…" and a "THỦ TRƯỞNG ĐƠN VỊ" signature: a title nobody holds."""
    draft = replace(RECORDED, number="", signed_on=None, signer_name="", signer_title=GENERIC_HEAD)
    document = open_docx(decision_docx(replace(draft, head_title=GENERIC_HEAD), PEOPLE))
    lines = texts(document)
    assert "……………… BAN DÂN TỘC TỈNH QUẢNG NGÃI" in lines
    assert any(line.endswith("của ……………… Ban Dân tộc tỉnh Quảng Ngãi)") for line in lines)
    signature = [p.text for p in cell_paragraphs(document, 1, 0, 1)]
    assert signature[0] == "……………………"
    assert not [t for t in [*lines, *signature] if "THỦ TRƯỞNG ĐƠN VỊ" in t.upper()]


def test_dates_and_numbers_as_the_decree_writes_them():
    assert long_date(date(2022, 6, 3)) == "03 tháng 6 năm 2022"
    assert long_date(date(2026, 2, 5)) == "05 tháng 02 năm 2026"
    assert long_date(date(2026, 11, 20)) == "20 tháng 11 năm 2026"
    assert document_number("") == "……/QĐ-……"
    assert document_number("45") == "45/QĐ"
    assert document_number("45/QĐ-BDT") == "45/QĐ-BDT"


# --- through the data layer -------------------------------------------------------------------


def test_the_units_field_parent_and_criteria_reach_the_downloaded_decision(
    session, unit, criteria_sets
):
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    founding = (
        "Quyết định số 12/2021/QĐ-UBND ngày 05/02/2021 của Ủy ban nhân dân tỉnh Quảng Ngãi "
        "quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Ban Dân tộc tỉnh"
    )
    update_unit(
        session,
        manager,
        unit_id=unit.id,
        name=unit.name,
        contact_name="",
        contact_phone="",
        head_title="Trưởng ban",
        default_group="III",
        founding_decision=f"  {founding} ",
        now=JUNE,
    )
    open_window_all_year(session, unit.id, 2026)
    crit = criteria_sets["III"]
    submit(session, add_citizen(session), crit, answers(crit, 10))
    sets = {**criteria_sets, "III": replace(crit, paraphrase=True)}
    draft = texts(
        open_docx(
            decision_document(session, manager, unit_id=unit.id, year=2026, now=JUNE, criteria=sets)
        )
    )
    assert f"Căn cứ {founding};" in draft
    assert not any(crit.version in t for t in draft)  # a code of the software, not for a paper
    assert PARAPHRASE_NOTE in draft
    assert "TRƯỞNG BAN DÂN TỘC TỈNH QUẢNG NGÃI" in draft
    record_decision(
        session,
        manager,
        unit_id=unit.id,
        year=2026,
        number="45/QĐ-BDT",
        signed_on=date(2026, 11, 20),
        signer_name="Nguyễn Thế Nhân",
        signer_title="Phó Trưởng ban",
        now=NOVEMBER,
    )
    plain = {**criteria_sets, "III": replace(crit, paraphrase=False)}
    doc = open_docx(
        decision_document(session, manager, unit_id=unit.id, year=2026, now=JUNE, criteria=plain)
    )
    assert cell_paragraphs(doc, 0, 1, 0)[0].text == "Số: 45/QĐ-BDT"
    assert cell_paragraphs(doc, 0, 1, 1)[0].text == "…………, ngày 20 tháng 11 năm 2026"
    assert [p.text for p in cell_paragraphs(doc, 1, 0, 1)] == [
        "KT. TRƯỞNG BAN",  # a deputy signs for the head
        "PHÓ TRƯỞNG BAN",
        "Nguyễn Thế Nhân",
    ]
    assert "TRƯỞNG BAN DÂN TỘC TỈNH QUẢNG NGÃI" in texts(doc)  # the head decides
    assert any(t.endswith(f"theo {CRITERIA}.") for t in texts(doc))
    assert PARAPHRASE_NOTE not in texts(doc)
    assert [c.text for c in doc.tables[2].rows[1].cells][1] == "Nguyễn Văn An"


def test_a_units_place_name_is_written_before_the_date_of_its_papers(session, unit):
    """Nghị định 30/2020's place and date line: the place the manager sets in Cài đặt đơn vị,
    cleaned, on the decision and the printed list; dots while it is not set."""
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")

    def place_lines() -> tuple[str, str]:
        doc = open_docx(
            decision_document(session, manager, unit_id=unit.id, year=2026, now=JUNE, criteria={})
        )
        printed = print_header(session, manager, unit_id=unit.id, year=2026, criteria={})
        return cell_paragraphs(doc, 0, 1, 1)[0].text, date_line(printed.place_name)

    assert place_lines() == ("…………, ngày …… tháng …… năm ……", "……………, ngày …… tháng …… năm ……")
    settings = dict(
        unit_id=unit.id, name=unit.name, contact_name="", contact_phone="", head_title="",
        default_group="III", now=JUNE,
    )  # fmt: skip
    update_unit(session, manager, place_name="  Quảng   Ngãi ", **settings)
    stored = ("Quảng Ngãi, ngày …… tháng …… năm ……", "Quảng Ngãi, ngày …… tháng …… năm ……")
    assert place_lines() == stored
    with pytest.raises(UnitError) as refused:
        update_unit(session, manager, place_name="Quảng Ngãi " * 6, **settings)
    assert "Địa danh" in refused.value.errors["place_name"]
    session.rollback()
    assert place_lines() == stored  # nothing stored half-way


def test_a_units_papers_name_its_governing_body_not_its_parent(session, unit, criteria_sets):
    """A member unit of an association answers to its own governing body: the association (its
    parent in CDHT) is not printed above it. The body the manager names in Cài đặt đơn vị is."""
    child = create_unit(
        session,
        None,
        name="Chi hội Khuyến học Văn phòng",
        code="CHILD001",
        parent_code=unit.code,
        now=JUNE,
    )
    session.commit()
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn", unit_code=child.code)

    def header_lines() -> tuple[list[str], tuple[str, str]]:
        doc = open_docx(
            decision_document(
                session, manager, unit_id=child.id, year=2026, now=JUNE, criteria=criteria_sets
            )
        )
        printed = print_header(session, manager, unit_id=child.id, year=2026, criteria={})
        return [p.text for p in cell_paragraphs(doc, 0, 0, 0)], printed.left_lines

    assert header_lines() == (
        ["CHI HỘI KHUYẾN HỌC VĂN PHÒNG"],
        ("CHI HỘI KHUYẾN HỌC VĂN PHÒNG", ""),
    )
    settings = dict(
        unit_id=child.id,
        name=child.name,
        contact_name="",
        contact_phone="",
        head_title="",
        default_group="III",
        now=JUNE,
    )
    update_unit(
        session,
        manager,
        governing_body="  Văn phòng Ủy ban nhân dân   tỉnh Quảng Ngãi ",
        **settings,
    )
    both = ["VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "CHI HỘI KHUYẾN HỌC VĂN PHÒNG"]
    assert header_lines() == (both, tuple(both))
    with pytest.raises(UnitError) as refused:
        update_unit(session, manager, governing_body="Ủy ban " * 40, **settings)
    assert "Cơ quan chủ quản" in refused.value.errors["governing_body"]
    assert header_lines()[1] == tuple(both)  # nothing stored half-way


def test_the_founding_decision_field_is_cleaned_and_bounded(session, unit):
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    common = dict(
        unit_id=unit.id,
        name=unit.name,
        contact_name="",
        contact_phone="",
        head_title="",
        default_group="III",
        now=JUNE,
    )
    with pytest.raises(UnitError, match="dài quá 300 ký tự"):
        update_unit(session, manager, founding_decision="x" * 301, **common)
    with pytest.raises(UnitError, match="ký tự không hợp lệ"):
        update_unit(session, manager, founding_decision="Quyết định\x00 số 1", **common)
    session.rollback()
    info = update_unit(session, manager, founding_decision="Quyết  định\nsố 1", **common)
    assert info.founding_decision == "Quyết định số 1"
    assert update_unit(session, manager, **common).founding_decision == "Quyết định số 1"


def test_a_deputy_signs_for_the_head():
    doc = open_docx(decision_docx(replace(RECORDED, signer_title="Phó Giám đốc"), PEOPLE))
    assert [p.text for p in cell_paragraphs(doc, 1, 0, 1)] == [
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Thế Nhân",
    ]


def test_each_section_numbers_its_pages_once_in_the_schemas_order(recorded):
    order = ["headerReference", "pgSz", "pgMar", "pgNumType", "cols", "titlePg", "docGrid"]
    for section in recorded.sections:
        tags = [child.tag.split("}")[1] for child in section._sectPr]
        assert tags.count("pgNumType") == 1
        known = [t for t in tags if t in order]
        assert known == sorted(known, key=order.index)
    for table in recorded.tables:
        tags = [child.tag.split("}")[1] for child in table._tbl.tblPr]
        assert tags.index("tblW") < tags.index("jc") < tags.index("tblLayout")


def test_the_files_properties_name_the_decision_and_its_unit_not_the_library(recorded):
    """Word shows them under File › Info: python-docx's template said "python-docx", "generated
    by python-docx" and a date of 2013."""
    props = recorded.core_properties
    assert props.title == "Quyết định công nhận “Công dân học tập” năm 2026"
    assert props.author == props.last_modified_by == "Ban Dân tộc tỉnh Quảng Ngãi"
    assert props.comments == "" and b"python-docx" not in etree.tostring(props._element)
    assert abs(props.created - datetime.now(UTC)) < timedelta(minutes=10)
    assert props.modified == props.created
