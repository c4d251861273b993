"""One owner per transaction (docs/ARCHITECTURE.md, "Transactions"): the data-layer action
commits or rolls back through `transaction`; pages, the UI helpers and the command line never do;
a failed action leaves nothing stored half-way, even when the same session goes on."""

import ast
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from cdht.db.accounts import CccdTaken
from cdht.db.engine import make_engine
from cdht.db.models import Account, AuditEvent, Unit
from cdht.db.transaction import transaction
from cdht.db.units import UnitError, get_unit, set_unit_window, unit_window, update_unit
from cdht.roles import MANAGER
from tests.conftest import DEFAULTS, JUNE, add_user

ROOT = Path(__file__).resolve().parent.parent
ENDS = ("commit", "rollback")

# Data-layer functions that still end their transactions themselves, each for its reason.
OWN_COMMITS = {
    # attempt counters are committed at once, so parallel attempts all count
    ("rate_limits.py", "count"),
    ("rate_limits.py", "strike"),
    # a refused login is remembered although the attempt raises
    ("accounts.py", "_refuse_expired"),
    ("accounts.py", "_admit"),
    ("accounts.py", "attempt_login"),
}


def _ends(path: Path) -> list[tuple[str, int]]:
    """(function, line) of every `.commit()` / `.rollback()` call in a file."""
    found = []
    for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(fn):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ENDS
                ):
                    found.append((fn.name, node.lineno))
    return found


def test_pages_the_ui_and_the_command_line_never_commit_or_roll_back():
    files = [ROOT / "app.py", ROOT / "server.py", ROOT / "cdht" / "__main__.py"]
    files += sorted((ROOT / "pages").glob("*.py")) + sorted((ROOT / "cdht" / "ui").glob("*.py"))
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in files
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "commit(" in line or "rollback(" in line
    ]
    assert offenders == []


def test_in_the_data_layer_only_transaction_ends_a_transaction():
    offenders = [
        f"{path.name}:{line} ({name})"
        for path in sorted((ROOT / "cdht" / "db").glob("*.py"))
        for name, line in _ends(path)
        if (path.name, name) not in OWN_COMMITS
        and (path.name, name) != ("transaction.py", "transaction")
    ]
    assert offenders == []


def _units(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Unit)).one()


def test_a_block_commits_on_success_and_rolls_back_on_failure(session):
    with pytest.raises(RuntimeError), transaction(session):
        session.add(
            Unit(
                code="AAAA1111", code_key="aaaa1111", name="Một", name_key="0:một", created_at=JUNE
            )
        )
        session.flush()
        raise RuntimeError("fails half-way")
    assert _units(session) == 0  # the session is usable again and holds nothing
    with transaction(session):
        session.add(
            Unit(
                code="BBBB2222", code_key="bbbb2222", name="Hai", name_key="0:hai", created_at=JUNE
            )
        )
    other = make_engine(session.get_bind().url.render_as_string(hide_password=False))
    with Session(other) as fresh:  # committed: another connection sees it
        assert fresh.exec(select(Unit.name)).all() == ["Hai"]
    other.dispose()


def test_an_inner_block_joins_the_outer_one(session):
    url = session.get_bind().url.render_as_string(hide_password=False)
    other = make_engine(url)
    with pytest.raises(RuntimeError), transaction(session):
        with transaction(session):
            session.add(
                Unit(
                    code="CCCC3333",
                    code_key="cccc3333",
                    name="Ba",
                    name_key="0:ba",
                    created_at=JUNE,
                )
            )
        with Session(other) as fresh:  # the inner block did not commit
            assert fresh.exec(select(func.count()).select_from(Unit)).one() == 0
        raise RuntimeError("the outer action fails after its step")
    assert _units(session) == 0
    other.dispose()


def test_a_failed_update_leaves_nothing_for_the_next_action_to_commit(session, unit):
    manager = add_user(session, MANAGER, "051080000002", "Lê Thị Bình")
    with pytest.raises(UnitError):
        update_unit(
            session,
            manager,
            unit_id=unit.id,
            name="Tên mới đã được gán trước khi lỗi",  # set on the row first
            contact_name="",
            contact_phone="x" * 30,  # then refused
            head_title="",
            default_group="III",
            now=JUNE,
        )
    set_unit_window(  # the next action on the same session commits its own work only
        session,
        manager,
        unit_id=unit.id,
        year=2026,
        opens_on=date(2026, 2, 1),
        closes_on=date(2026, 9, 30),
        now=JUNE,
    )
    session.expire_all()
    assert get_unit(session, unit.id).name == unit.name
    assert unit_window(session, unit.id, 2026, DEFAULTS).opens_on == date(2026, 2, 1)
    actions = session.exec(select(AuditEvent.action).where(AuditEvent.unit_id == unit.id)).all()
    assert "unit.update" not in actions and "window.set" in actions


def test_a_number_taken_meanwhile_stores_nothing_and_the_session_goes_on(
    session, unit, monkeypatch
):
    """Two sign-ups of one number at once: the second passes the look-up, then its insert fails
    at the database; the action rolls back (no account, no audit entry) and the session can run
    the next action."""
    add_user(session, MANAGER, "051080000002", "Lê Thị Bình")
    monkeypatch.setattr("cdht.db.accounts._taken", lambda *_: False)  # the race's other side
    with pytest.raises(CccdTaken):
        add_user(session, MANAGER, "051080000002", "Lê Thị Bình")
    monkeypatch.undo()
    add_user(session, MANAGER, "051080000003", "Trần Văn Cường")
    assert session.exec(select(Account.cccd).order_by(Account.cccd)).all() == [
        "051080000002",
        "051080000003",
    ]
    created = select(func.count()).select_from(AuditEvent)
    assert session.exec(created.where(AuditEvent.action == "account.create")).one() == 2
