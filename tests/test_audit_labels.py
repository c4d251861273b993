"""Every action written to the audit log has a Vietnamese label for *Nhật ký hệ thống*."""

import re
from pathlib import Path

from cdht.ui.audit_labels import ACTION_LABELS

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
