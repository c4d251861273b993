"""The roll-up's Excel file from the data layer, on a real database: every member unit whole with
its code and figures, the totals, the export in the audit log; refused to anyone who may not read
the roll-up, with nothing logged."""

import io

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import select

from cdht.db.models import AuditEvent
from cdht.db.rollup import export_rollup
from cdht.db.staff import replace_staff
from cdht.db.units import create_unit, find_unit_by_code
from cdht.roles import ADMIN, PermissionDenied
from cdht.rollup_sheet import COLUMNS, HEADER_ROW, scope_line, title_for
from cdht.staff_import import StaffEntry
from tests.conftest import JUNE, add_citizen, add_user
from tests.test_data_layer import answers, submit

LONG_NAME = (
    "Trường Tiểu học và Trung học cơ sở Nguyễn Bỉnh Khiêm, xã Trà Bồng, tỉnh Quảng Ngãi "
    "(cơ sở 2, điểm trường thôn Trà Xuân)"
)
HOSTILE_NAME = '=HYPERLINK("http://evil.example/x","Bấm vào đây")'


@pytest.fixture
def association(session, unit, criteria_sets):
    """An association of three units: an office whose two listed staff both hold the title, a
    school without a staff list where one person self-assessed, and a unit with a hostile name."""
    crit = criteria_sets["III"]
    parent = create_unit(
        session, None, name="Hội Khuyến học tỉnh Quảng Ngãi", code="HoiKH001", now=JUNE
    )
    office = create_unit(
        session, None, name="Sở Tư pháp", code="SoTP0001", parent_code="HoiKH001", now=JUNE
    )
    create_unit(session, None, name=LONG_NAME, code="Truong01", parent_code="HoiKH001", now=JUNE)
    create_unit(session, None, name=HOSTILE_NAME, code="Hostile1", parent_code="HoiKH001", now=JUNE)
    session.commit()
    listed = [
        StaffEntry("Nguyễn Văn An", "051090123456", "", ""),
        StaffEntry("Lê Thị Bình", "051190654321", "", ""),
    ]
    replace_staff(session, None, unit_id=office.id, entries=listed, now=JUNE)
    for entry, gender in zip(listed, ("Nam", "Nữ"), strict=True):
        who = add_citizen(
            session, cccd=entry.cccd, full_name=entry.full_name, gender=gender, unit_code="SoTP0001"
        )
        submit(session, who, crit, answers(crit, 10))
    pupil = add_citizen(
        session,
        cccd="051085123456",
        full_name="Trần Văn Cường",
        birth_year=1985,
        unit_code="Truong01",
    )
    submit(session, pupil, crit, answers(crit, 10))
    boss = add_user(session, "manager", "051085000111", "Trần Minh Sơn", unit_code="HoiKH001")
    return parent, boss


def sheet_rows(data: bytes) -> tuple[list[tuple], Worksheet]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return list(sheet.iter_rows(values_only=True)), sheet


def table(session, actor, parent_id) -> tuple[dict[str, tuple], tuple]:
    """The file's unit lines by code, and its total line (the first line without a number)."""
    rows, _ = sheet_rows(export_rollup(session, actor, parent_id=parent_id, year=2026, now=JUNE))
    body = rows[HEADER_ROW + 1 :]
    end = next(n for n, row in enumerate(body) if row[0] is None)
    return {row[2]: row for row in body[:end]}, body[end]


def test_the_rollup_file_holds_every_unit_whole_with_its_figures_and_totals(session, association):
    parent, boss = association
    data = export_rollup(session, boss, parent_id=parent.id, year=2026, now=JUNE)
    rows, sheet = sheet_rows(data)
    # An official paper from the parent: its name, the national motto, the title, the scope.
    assert rows[0][0] == "HỘI KHUYẾN HỌC TỈNH QUẢNG NGÃI"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in rows[0]
    assert rows[3][0] == title_for(2026)
    assert rows[4][0] == scope_line("Hội Khuyến học tỉnh Quảng Ngãi")
    assert rows[HEADER_ROW] == tuple(label for label, _ in COLUMNS)
    body = {row[2]: row[1:] for row in rows[HEADER_ROW + 1 : HEADER_ROW + 4]}
    #                 name, code, listed, registered, waiting, assessed, title, %, condition, more
    assert body == {
        "SoTP0001": ("Sở Tư pháp", "SoTP0001", 2, 2, 0, 2, 2, 100, "Đạt 95 %", 0),
        "Truong01": (LONG_NAME, "Truong01", 0, 1, 0, 1, 1, None, "Chưa có danh sách", None),
        "Hostile1": (HOSTILE_NAME, "Hostile1", 0, 0, 0, 0, 0, None, "Chưa có danh sách", None),
    }
    assert [row[0] for row in rows[HEADER_ROW + 1 : HEADER_ROW + 4]] == [1, 2, 3]
    total = rows[HEADER_ROW + 4]
    # The share of all units with a staff list: the office's 2 of 2.
    assert total[1:] == ("Cộng (3 đơn vị)", None, 2, 3, 0, 3, 3, 100, "Dưới mức 1: 0 đơn vị", 0)
    # Notes under the table, then the maker's and the head's signatures.
    texts = [cell for row in rows for cell in row if isinstance(cell, str)]
    assert any(t.startswith("Ghi chú: Chỉ tính những người được đơn vị xác nhận") for t in texts)
    assert {"NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "Trần Minh Sơn"} <= set(texts)
    # A name that reads as a formula is text, and stays text when edited in Excel.
    hostile = next(c for c in sheet["B"] if c.value == HOSTILE_NAME)
    assert hostile.data_type == "s" and hostile.quotePrefix
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    # The whole long name, on a line tall enough for it to wrap.
    long_row = next(c.row for c in sheet["B"] if c.value == LONG_NAME)
    assert sheet.row_dimensions[long_row].height > 15
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
    logged = session.exec(select(AuditEvent).where(AuditEvent.action == "export.rollup")).all()
    assert [(e.actor_id, e.unit_id, e.detail) for e in logged] == [
        (boss.id, parent.id, "year=2026 rows=3")
    ]


def test_a_share_below_the_first_level_is_counted_in_the_total_line(session, association):
    parent, boss = association
    office = find_unit_by_code(session, "SoTP0001")
    # A third person on the office's list who has not self-assessed: 2 of 3, below 90 %.
    three = [
        StaffEntry("Nguyễn Văn An", "051090123456", "", ""),
        StaffEntry("Lê Thị Bình", "051190654321", "", ""),
        StaffEntry("Phạm Văn Dũng", "051080111222", "", ""),
    ]
    replace_staff(session, None, unit_id=office.id, entries=three, now=JUNE)
    units, total = table(session, boss, parent.id)
    assert units["SoTP0001"][3:] == (3, 2, 0, 2, 2, 66.6, "Dưới 90 %", 1)
    assert total[3:] == (3, 3, 0, 3, 3, 66.6, "Dưới mức 1: 1 đơn vị", 1)


def test_every_unit_at_once_says_which_unit_each_belongs_to(session, association):
    """The administrator's file of every unit mixes levels: a last column names each one's
    parent, and the paper comes from the administrator's own unit."""
    parent, _ = association
    admin = add_user(session, ADMIN, "051080000001", "Phạm Quốc Huy")
    rows, _ = sheet_rows(export_rollup(session, admin, parent_id=None, year=2026, now=JUNE))
    assert rows[0][0] == "BAN DÂN TỘC TỈNH QUẢNG NGÃI" and rows[4][0] == "Tất cả các đơn vị"
    assert rows[HEADER_ROW][-1] == "Thuộc đơn vị"
    belongs = {row[2]: row[-1] for row in rows[HEADER_ROW + 1 :] if isinstance(row[0], int)}
    assert belongs == {
        "B51pzCjW": "–",
        "HoiKH001": "–",
        "SoTP0001": parent.name,
        "Truong01": parent.name,
        "Hostile1": parent.name,
    }


def test_nobody_outside_the_parent_gets_the_file_and_a_refusal_logs_no_export(session, association):
    parent, boss = association
    member_manager = add_user(session, "manager", "051075000111", "Lê Văn Hà", unit_code="SoTP0001")
    citizen = add_citizen(
        session, cccd="051190111222", full_name="Võ Thị Hoa", gender="Nữ", unit_code="Truong01"
    )
    attempts = [
        (member_manager, parent.id),  # a member unit's manager, for its parent's roll-up
        (citizen, parent.id),
        (boss, None),  # every unit: administrators only
    ]
    for actor, parent_id in attempts:
        with pytest.raises(PermissionDenied):
            export_rollup(session, actor, parent_id=parent_id, year=2026, now=JUNE)
    logged = session.exec(select(AuditEvent).where(AuditEvent.action == "export.rollup")).all()
    assert logged == []
