"""The recognition decision (Word .docx) with its annex list, in the form of administrative
documents of Nghị định 30/2020/NĐ-CP, Phụ lục I. Pure: no database, no streamlit.

Page: A4, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, body 14 pt,
header 13 pt. The legal bases come from `criteria/decision/legal_bases.yaml` (validated on load);
the unit's own founding decision is a field of the unit. The annex is a landscape section whose
table has a fixed layout (every cell carries its width) and repeats its header row on each page.
"""

import datetime
import io
import unicodedata
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Length, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from cdht.collation import name_sort_key

LEGAL_BASES_FILE = (
    Path(__file__).resolve().parent.parent / "criteria" / "decision" / "legal_bases.yaml"
)

FONT = "Times New Roman"
BODY_PT = 14
HEADER_PT = 13
TABLE_PT = 13
A4_SHORT, A4_LONG = Mm(210), Mm(297)
MARGIN_TOP = MARGIN_BOTTOM = Mm(20)
MARGIN_LEFT, MARGIN_RIGHT = Mm(30), Mm(15)
# Text width: 210 - 30 - 15 = 165 mm portrait; 297 - 45 = 252 mm landscape.
HEADER_COLUMNS = (Cm(6.3), Cm(10.2))
SIGN_COLUMNS = (Cm(7.5), Cm(9.0))
# STT, Họ và tên, Năm sinh, Phòng/ban, Chức vụ, Tổng điểm: 25.2 cm. The name column holds about
# 50 characters of Times New Roman 13 on one line (a six-syllable name needs about 7.1 cm).
ANNEX_COLUMNS = (Cm(1.5), Cm(8.4), Cm(2.5), Cm(5.8), Cm(4.4), Cm(2.6))
ANNEX_HEADINGS = ("STT", "Họ và tên", "Năm sinh", "Phòng/ban", "Chức vụ", "Tổng điểm")
CELL_PADDING = Cm(0.19)
DOTS = "……"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_WIDTH = Cm(5.8)  # "Độc lập - Tự do - Hạnh phúc", bold 14 pt: its rule is as long
DEFAULT_HEAD = "Thủ trưởng"
# A unit's head title until its manager names it (`cdht.db.models.Unit.head_title`).
GENERIC_HEAD = "Thủ trưởng đơn vị"
DEPUTY = "phó "
# What the results were scored with, as a decision names it (the criteria file's version code
# is for the printed list, not for a paper to be signed).
CRITERIA = "Bộ tiêu chí đánh giá, công nhận “Công dân học tập” của Hội Khuyến học Việt Nam"
PARAPHRASE_NOTE = (
    "Ghi chú: nội dung Bộ tiêu chí dùng để tự đánh giá là bản diễn giải Quyết định số "
    "324/QĐ-KHVN, không phải văn bản chính thức."
)


# Elements that follow a given one in its parent (WordprocessingML's schema order: Word refuses
# a file whose elements are out of order). Packed (`fmt: skip`) so each order reads as one
# sequence, as the schema prints it.
_AFTER_PGNUMTYPE = (
    "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
    "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
)  # fmt: skip
_AFTER_TBLW = (
    "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
    "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange",
)  # fmt: skip


class LegalBasesError(ValueError):
    """The legal bases file is not valid; the message names the file and the item."""


class LegalBasis(BaseModel):
    """One "Căn cứ …;" line: a document's kind, number, date, issuer and title."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    number: str
    date: datetime.date | None = None
    issuer: str
    title: str = ""

    @field_validator("kind", "number", "issuer", "title", mode="before")
    @classmethod
    def _one_line(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        text = " ".join(unicodedata.normalize("NFC", value).split())
        return text.rstrip(";.")

    @field_validator("kind", "number", "issuer")
    @classmethod
    def _required(cls, value: str) -> str:
        if not value:
            raise ValueError("must not be empty")
        return value

    def line(self) -> str:
        when = f" ngày {long_date(self.date)}" if self.date else ""
        title = f" {self.title}" if self.title else ""
        return f"Căn cứ {self.kind} số {self.number}{when} của {self.issuer}{title};"


def parse_legal_bases(data: object, name: str) -> tuple[LegalBasis, ...]:
    """Validate the parsed YAML of a legal bases file."""
    if not isinstance(data, dict) or not isinstance(data.get("legal_bases"), list):
        raise LegalBasesError(f"{name}: expected a list under 'legal_bases'")
    bases = []
    for n, item in enumerate(data["legal_bases"], start=1):
        try:
            bases.append(LegalBasis.model_validate(item))
        except ValidationError as exc:
            fields = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'item'}: {e['msg']}" for e in exc.errors()
            )
            raise LegalBasesError(f"{name}, legal basis {n}: {fields}") from exc
    return tuple(bases)


def load_legal_bases(path: Path = LEGAL_BASES_FILE) -> tuple[LegalBasis, ...]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LegalBasesError(f"{path.name}: cannot be read as YAML ({exc})") from exc
    return parse_legal_bases(data, path.name)


@cache
def shipped_legal_bases() -> tuple[LegalBasis, ...]:
    return load_legal_bases()


@dataclass(frozen=True)
class DecisionInfo:
    unit_name: str
    year: int
    number: str
    signed_on: date | None
    signer_name: str
    signer_title: str
    # The head's title (the authority that decides); the signer may be a deputy.
    head_title: str = ""
    # The body the issuing unit answers to, printed above it ("" for none).
    governing_body: str = ""
    # The unit's founding / functions decision, cited first; "" leaves a dotted blank.
    founding_decision: str = ""
    # The place written before the date ("Quảng Ngãi, ngày …"); "" leaves dots.
    place_name: str = ""
    # True while a criteria set used is CDHT's paraphrase of QĐ 324: the annex says so.
    paraphrase: bool = False


@dataclass(frozen=True)
class RecognisedPerson:
    full_name: str
    birth_year: int
    department: str
    position: str
    total: int


def long_date(day: date) -> str:
    """ "03 tháng 6 năm 2022": days below 10 and months 1-2 take a leading zero (NĐ 30/2020)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{day.day:02d} tháng {month} năm {day.year}"


def document_number(number: str) -> str:
    """The number and symbol after "Số:": as recorded when it holds a symbol, else "/QĐ" added."""
    if not number:
        return f"{DOTS}/QĐ-{DOTS}"
    return number if "/" in number else f"{number}/QĐ"


def named(title: str) -> bool:
    """Whether a head or signer title says who signs: not empty, not the generic default."""
    return " ".join(title.split()).casefold() not in ("", GENERIC_HEAD.casefold())


def head_of(info: DecisionInfo) -> str:
    """The title of the head the decision is issued under: the unit's head title once named;
    else the signer's, a deputy's without "Phó" (the head they sign for): a unit left at "Thủ
    trưởng đơn vị" whose "Trưởng ban" signs decides as "Trưởng ban". "" when neither is named (a
    draft): the papers then leave dots to fill in by hand, rather than invent a title."""
    if named(info.head_title):
        return info.head_title
    title = info.signer_title.strip()
    title = deputy_for(title) or title
    return title[:1].upper() + title[1:] if named(title) else ""


def deputy_for(title: str) -> str:
    """The head a deputy signs for ("Phó trưởng ban" -> "trưởng ban"); "" for a head's title."""
    if title.casefold().startswith(DEPUTY) and len(title) > len(DEPUTY):
        return title[len(DEPUTY) :].strip()
    return ""


def issuer(info: DecisionInfo) -> str:
    """The head and the unit as the decision names its issuer ("Trưởng ban Dân tộc tỉnh …"); the
    title left as dots when it is not named."""
    title = head_of(info)
    return authority(title, info.unit_name) if title else f"{DOTS * 3} {info.unit_name}"


def authority(head_title: str, unit_name: str) -> str:
    """The head's title joined to the unit's name, a word the two share said once:
    "Trưởng ban" + "Ban Dân tộc tỉnh" -> "Trưởng ban Dân tộc tỉnh"."""
    title = head_title.split() or DEFAULT_HEAD.split()
    if [w.casefold() for w in title[-2:]] == ["đơn", "vị"] and len(title) > 2:
        title = title[:-2]
    name = unit_name.split()
    for k in (2, 1):
        if len(title) >= k and [w.casefold() for w in title[-k:]] == [
            w.casefold() for w in name[:k]
        ]:
            name = name[k:]
            break
    return " ".join(title + name)


def _upper(text: str) -> str:
    return unicodedata.normalize("NFC", text.upper())


def _set_fonts(doc: DocxDocument) -> None:
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    rpr.append(lang)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0


def _page(section: Section, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
    )
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(10)
    # The page number, centred at the top from the second page on (NĐ 30/2020); each section
    # (the decision, the annex) counts its own pages.
    section.different_first_page_header_footer = True
    sectpr = section._sectPr
    for old in sectpr.findall(qn("w:pgNumType")):  # a new section copies the previous one's
        sectpr.remove(old)
    number_type = OxmlElement("w:pgNumType")
    number_type.set(qn("w:start"), "1")
    sectpr.insert_element_before(number_type, *_AFTER_PGNUMTYPE)


def _page_number(section: Section) -> None:
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _para(
    container: DocxDocument | _Cell,
    text: str = "",
    *,
    size: int = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = WD_ALIGN_PARAGRAPH.CENTER,
    first_line: Length | None = None,
    before: int = 0,
    after: int = 0,
) -> Paragraph:
    fresh = isinstance(container, _Cell) and len(container.paragraphs) == 1
    if fresh and container.paragraphs[0]._p.pPr is None and not container.paragraphs[0].runs:
        paragraph = container.paragraphs[0]  # a new cell's own empty paragraph
    else:
        paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.first_line_indent = first_line
    paragraph.alignment = align
    if text:
        _run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _run(paragraph: Paragraph, text: str, *, size: int, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    return run


def _rule(container: DocxDocument | _Cell, *, length: Length, room: Length) -> None:
    """A short horizontal rule, centred: an empty paragraph's bottom border between indents."""
    paragraph = _para(container, size=2, before=2)
    side = max(0, (room - length) // 2)
    paragraph.paragraph_format.left_indent = Length(side)
    paragraph.paragraph_format.right_indent = Length(side)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.insert_element_before(
        borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr"
    )
    mark = OxmlElement("w:rPr")
    tiny = OxmlElement("w:sz")
    tiny.set(qn("w:val"), "4")
    mark.append(tiny)
    ppr.append(mark)


def _table(doc: DocxDocument, rows: int, widths: Sequence[Length], *, borders: bool) -> Table:
    """A table with a fixed layout: its width, the grid and every cell carry explicit widths."""
    table = doc.add_table(rows=rows, cols=len(widths))
    if borders:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tblpr = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(sum(widths) // 635))  # twips
    width.set(qn("w:type"), "dxa")
    for old in tblpr.findall(qn("w:tblW")):
        tblpr.remove(old)
    tblpr.insert_element_before(width, *_AFTER_TBLW)
    if not borders:
        none = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            line = OxmlElement(f"w:{edge}")
            line.set(qn("w:val"), "nil")
            none.append(line)
        tblpr.insert_element_before(none, *_AFTER_TBLW[3:])
    for column, w in zip(table.columns, widths, strict=True):
        column.width = w
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = w
    return table


def _header(doc: DocxDocument, info: DecisionInfo) -> None:
    """The two columns: issuing body under its governing body, the nation and motto; number, date."""
    table = _table(doc, 2, HEADER_COLUMNS, borders=False)
    left, right = table.rows[0].cells
    room_left = HEADER_COLUMNS[0] - 2 * CELL_PADDING
    room_right = HEADER_COLUMNS[1] - 2 * CELL_PADDING
    if info.governing_body:
        _para(left, _upper(info.governing_body), size=HEADER_PT)
    _para(left, _upper(info.unit_name), size=HEADER_PT, bold=True)
    # 1/3 to 1/2 of the name's line: about 0.27 cm a capital at 13 pt bold.
    line = min(room_left, Cm(0.27) * len(info.unit_name))
    _rule(left, length=max(Cm(1.5), Length(int(line * 0.4))), room=room_left)
    _para(right, NATION, size=HEADER_PT, bold=True)
    _para(right, MOTTO, size=BODY_PT, bold=True)
    _rule(right, length=MOTTO_WIDTH, room=room_right)
    number_cell, date_cell = table.rows[1].cells
    _para(number_cell, f"Số: {document_number(info.number)}", size=HEADER_PT, before=6)
    when = long_date(info.signed_on) if info.signed_on else f"{DOTS} tháng {DOTS} năm {DOTS}"
    place = info.place_name or f"{DOTS}{DOTS}"
    _para(date_cell, f"{place}, ngày {when}", size=BODY_PT, italic=True, before=6)


def _founding_line(founding: str) -> str:
    text = founding.strip().rstrip(";.").strip()
    if not text:
        # Two lines of dots to write the unit's founding decision on by hand.
        return f"Căn cứ {DOTS * 12} {DOTS * 15};"
    if text.casefold().startswith("căn cứ "):
        text = text[len("căn cứ ") :]
    return f"Căn cứ {text};"


def _body(doc: DocxDocument, info: DecisionInfo, count: int, bases: Sequence[LegalBasis]) -> None:
    head = issuer(info)
    _para(doc, "QUYẾT ĐỊNH", bold=True, before=18)
    _para(
        doc,
        f"Về việc công nhận danh hiệu “Công dân học tập” năm {info.year}",
        bold=True,
    )
    _rule(doc, length=Cm(4.5), room=A4_SHORT - MARGIN_LEFT - MARGIN_RIGHT)
    _para(doc, _upper(head), bold=True, before=18, after=12)
    justified = {"align": WD_ALIGN_PARAGRAPH.JUSTIFY, "first_line": Cm(1), "after": 6}
    grounds = [_founding_line(info.founding_decision), *(b.line() for b in bases)]
    grounds.append(
        f"Xét kết quả tự đánh giá “Công dân học tập” năm {info.year} của các cá nhân thuộc "
        f"{info.unit_name} theo {CRITERIA}."
    )
    for line in grounds:
        paragraph = _para(doc, line, italic=True, **justified)
        if DOTS in line:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT  # no stretched gap before the dots
    _para(doc, "QUYẾT ĐỊNH:", bold=True, before=6, after=12)
    articles = (
        (
            "Điều 1. ",
            f"Công nhận danh hiệu “Công dân học tập” năm {info.year} đối với {count} cá nhân "
            f"thuộc {info.unit_name} có tên trong danh sách kèm theo Quyết định này.",
        ),
        ("Điều 2. ", "Quyết định này có hiệu lực kể từ ngày ký."),
        (
            "Điều 3. ",
            "Thủ trưởng các phòng, ban có liên quan và các cá nhân có tên tại Điều 1 chịu "
            "trách nhiệm thi hành Quyết định này./.",
        ),
    )
    for label, text in articles:
        paragraph = _para(doc, **justified)
        _run(paragraph, label, size=BODY_PT, bold=True)
        _run(paragraph, text, size=BODY_PT)


def _signature(doc: DocxDocument, info: DecisionInfo) -> None:
    table = _table(doc, 1, SIGN_COLUMNS, borders=False)
    left, right = table.rows[0].cells
    _para(
        left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=12
    )
    for item in ("- Như Điều 3;", "- Lưu: VT, ….", ""):
        _para(left, item, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    title = next((t for t in (info.signer_title, info.head_title) if named(t)), DOTS * 4)
    if head := deputy_for(title):
        # A deputy signs for the head: "KT. TRƯỞNG BAN" over "PHÓ TRƯỞNG BAN" (NĐ 30/2020).
        _para(right, f"KT. {_upper(head)}", bold=True, before=12)
        _para(right, _upper(title), bold=True)
    else:
        _para(right, _upper(title), bold=True, before=12)
    # Room for the signature and the seal.
    _para(right, info.signer_name, bold=True, before=84)


def _annex(doc: DocxDocument, info: DecisionInfo, people: Sequence[RecognisedPerson]) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=True)
    head = issuer(info)
    when = f"{info.signed_on:%d/%m/%Y}" if info.signed_on else f"{DOTS}/{DOTS}/{DOTS}"
    _para(doc, "DANH SÁCH", bold=True)
    _para(doc, f"Cá nhân được công nhận danh hiệu “Công dân học tập” năm {info.year}", bold=True)
    _para(
        doc,
        f"(Kèm theo Quyết định số {document_number(info.number)} ngày {when} của {head})",
        italic=True,
    )
    _rule(doc, length=Cm(4.5), room=A4_LONG - MARGIN_LEFT - MARGIN_RIGHT)
    _para(doc, after=6)
    ordered = sorted(people, key=lambda p: name_sort_key(p.full_name))
    table = _table(doc, 2, ANNEX_COLUMNS, borders=True)
    heading, model = table.rows
    for cell, label in zip(heading.cells, ANNEX_HEADINGS, strict=True):
        _para(cell, label, size=TABLE_PT, bold=True)
    centred = (True, False, True, False, False, True)
    for cell, middle in zip(model.cells, centred, strict=True):
        align = WD_ALIGN_PARAGRAPH.CENTER if middle else WD_ALIGN_PARAGRAPH.LEFT
        _para(cell, "-", size=TABLE_PT, align=align)
    for n, row in enumerate((heading, model)):
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
        if n == 0:
            trpr.append(OxmlElement("w:tblHeader"))
    # One row built with python-docx, copied for each person (python-docx's own rows are
    # quadratic in the table's length).
    template = model._tr
    table._tbl.remove(template)
    for n, person in enumerate(ordered, start=1):
        values = (
            n,
            person.full_name,
            person.birth_year,
            person.department,
            person.position,
            person.total,
        )
        row = deepcopy(template)
        for text, value in zip(row.iter(qn("w:t")), values, strict=True):
            text.text = str(value)
        table._tbl.append(row)
    _para(
        doc,
        f"Danh sách có {len(ordered)} người./.",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        before=6,
    )
    if info.paraphrase:
        _para(doc, PARAPHRASE_NOTE, size=12, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)


def _properties(doc: DocxDocument, info: DecisionInfo) -> None:
    """What Word shows under File › Info: the decision and its unit, made now; not python-docx's
    template (its author, its comment, its date of 2013)."""
    made = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    props = doc.core_properties
    props.title = f"Quyết định công nhận “Công dân học tập” năm {info.year}"
    props.subject = info.unit_name
    props.author = props.last_modified_by = info.unit_name
    props.comments = props.keywords = props.category = ""
    props.created = props.modified = made
    props.revision = 1


def decision_docx(
    info: DecisionInfo,
    people: Sequence[RecognisedPerson],
    bases: Sequence[LegalBasis] | None = None,
) -> bytes:
    """The decision ready for signature, its annex sorted in official name order."""
    doc = Document()
    _properties(doc, info)
    _set_fonts(doc)
    first = doc.sections[0]
    _page(first, landscape=False)
    _page_number(first)
    _header(doc, info)
    _body(doc, info, len(people), shipped_legal_bases() if bases is None else bases)
    _signature(doc, info)
    _annex(doc, info, people)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
