"""Every action written to the audit log has a Vietnamese label for *Nhật ký hệ thống*."""

import re
from pathlib import Path

import pytest

from cdht.ui.audit_labels import ACTION_LABELS, DETAIL_KEYS, detail_words
from tests.vietnamese_text import english

SOURCE = Path(__file__).resolve().parent.parent / "cdht"
ACTION = re.compile(
    r'"(login|(?:account|assessment|decision|evidence|export|login|membership|'
    r'password|staff|unit|window)\.(?!id")[a-z_]+)"'
)


def test_every_logged_action_has_a_vietnamese_label():
    written = {
        m.group(1)
        for path in SOURCE.rglob("*.py")
        if "migrations" not in path.parts
        for m in ACTION.finditer(path.read_text(encoding="utf-8"))
    }
    assert {"membership.reject", "unit.create", "assessment.paper"} <= written
    missing = sorted(written - set(ACTION_LABELS))
    assert missing == []
    assert all(re.search(r"[^\x00-\x7f]", label) for label in ACTION_LABELS.values())


KEY = re.compile(r"(?:^|[\s\"}])([a-z]+)=")


def test_every_key_a_detail_is_written_with_has_vietnamese_words():
    """The keys of `detail=f"…"` in the data layer (and its continued lines): each one read in
    Vietnamese on the page."""
    written = set()
    for path in (SOURCE / "db").glob("*.py"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines):
            if 'detail=f"' not in line:
                continue
            text = line.split('detail=f"', 1)[1]
            if lines[n + 1].strip().startswith('f"'):
                text += lines[n + 1].strip()[1:]
            written |= {m.group(1) for m in KEY.finditer(text)}
    assert {"year", "rows", "account", "role", "cccd", "results"} <= written
    assert sorted(written - set(DETAIL_KEYS)) == []


@pytest.mark.parametrize(
    ("detail", "said"),
    [
        ("year=2026 rows=3", "năm: 2026; số dòng: 3"),
        ("account=10 by=staff_list", "tài khoản số: 10; theo: danh sách nhân sự"),
        (
            "account=4 from=citizen to=leader",
            "tài khoản số: 4; từ vai trò: Công dân; sang vai trò: Lãnh đạo đơn vị",
        ),  # fmt: skip
        ("2026: 2026-01-01..2026-10-31", "năm 2026: từ 01/01/2026 đến 31/10/2026"),
        ("year=2026 draft people=3", "năm: 2026; dự thảo; số người: 3"),
        (
            "account=3 name=Nguyễn Văn An report=7 ",
            "tài khoản số: 3; họ tên: Nguyễn Văn An; báo cáo số: 7",
        ),  # fmt: skip
        (
            "year=2026 number=45/QĐ-BDT recognised=2",
            "năm: 2026; số quyết định: 45/QĐ-BDT; số người được công nhận: 2",
        ),  # fmt: skip
        ("paper account taken over", "nhận lại hồ sơ tạo để nhập phiếu giấy"),
        # A name typed at a failed login, or anything else not of that shape: as it is.
        ("nguyen=van", "nguyen=van"),
        ("051090123456", "051090123456"),
    ],
)
def test_a_detail_reads_in_vietnamese(detail, said):
    assert detail_words(detail) == said
    assert english([detail_words(detail)]) == [] or detail == "nguyen=van"
