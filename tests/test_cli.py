"""The operator command line, run as a subprocess against a real SQLite file and a real
PostgreSQL database (backup and restore: SQLite only, PostgreSQL gets a clear pointer)."""

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager

import openpyxl
import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlmodel import Session, select

from cdht.db.engine import alembic_config, make_engine
from cdht.db.membership import membership_of
from cdht.db.models import (
    Account,
    Assessment,
    AuditEvent,
    RecognitionDecision,
    StaffMember,
    Unit,
)
from cdht.db.setup import SetupError, initialise_system
from cdht.db.staff import staff_list
from cdht.db.units import create_unit
from cdht.membership import APPROVED, PENDING, REJECTED
from cdht.staff_import import COLUMNS, StaffEntry, parse_staff_xlsx
from tests.conftest import JUNE, PASSWORD, add_citizen
from tests.support import cli
from tests.test_first_run import FIRST

ONE_ENGINE = True  # each test on one engine (tests/conftest.py); the data layer on both


def test_init_creates_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'new' / 'cdht.db'}"
    result = cli(url, "init")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "new" / "cdht.db").exists()


SETUP_CODE = re.compile(r"setup code: ([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})$", re.MULTILINE)


def test_init_prints_a_setup_code_until_the_first_administrator_exists(tmp_path):
    url = f"sqlite:///{tmp_path / 'cdht.db'}"
    first = cli(url, "init")
    assert first.returncode == 0, first.stderr
    old = SETUP_CODE.search(first.stdout).group(1)
    second = cli(url, "init")
    new = SETUP_CODE.search(second.stdout).group(1)
    assert new != old
    for path in tmp_path.rglob("*"):  # the code is written nowhere: only its hash is kept
        assert new.replace("-", "").encode() not in path.read_bytes()
        assert new.encode() not in path.read_bytes()
    engine = make_engine(url)
    with Session(engine) as session:
        with pytest.raises(SetupError):
            initialise_system(
                session,
                setup_code=old,
                unit=FIRST,
                cccd="051080000001",
                full_name="Phạm Quốc Huy",
                password=PASSWORD,
                now=JUNE,
            )
        initialise_system(
            session,
            setup_code=new,
            unit=FIRST,
            cccd="051080000001",
            full_name="Phạm Quốc Huy",
            password=PASSWORD,
            now=JUNE,
        )
    engine.dispose()
    third = cli(url, "init")
    assert third.returncode == 0 and "setup code" not in third.stdout


@pytest.mark.both_engines
def test_init_upgrades_an_empty_database_to_head(engine_url):
    result = cli(engine_url, "init")
    assert result.returncode == 0, result.stderr
    engine = make_engine(engine_url)
    tables = set(sa.inspect(engine).get_table_names())
    with engine.connect() as conn:
        stamped = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        head = ScriptDirectory.from_config(alembic_config(conn)).get_current_head()
    engine.dispose()
    assert {"unit", "account", "assessment", "evidencefile"} <= tables
    assert stamped == head


def test_unit_and_user_create_then_export(tmp_path, engine_url):
    url = engine_url
    made = cli(url, "unit", "create", "--name", "Ban Dân tộc tỉnh Quảng Ngãi")
    assert made.returncode == 0, made.stderr
    code = made.stdout.strip().splitlines()[-1]
    assert len(code) == 8 and code.isalnum()
    user = cli(
        url,
        "user",
        "create",
        "--unit",
        code.lower(),
        "--cccd",
        "051085000111",
        "--name",
        "Trần Minh Sơn",
        "--role",
        "manager",
        "--password-stdin",
        stdin="Quan-ly-2026!\n",
    )
    assert user.returncode == 0, user.stderr
    assert "051*******11" in user.stdout and "051085000111" not in user.stdout
    out = tmp_path / "list.xlsx"
    export = cli(url, "roster", "export", "--unit", code, "--year", "2026", "--out", str(out))
    assert export.returncode == 0, export.stderr
    sheet = openpyxl.load_workbook(io.BytesIO(out.read_bytes())).active
    assert "2026" in sheet["A1"].value and sheet["A2"].value == "Ban Dân tộc tỉnh Quảng Ngãi"
    with Session(make_engine(url)) as session:
        account = session.exec(select(Account)).one()
        assert account.role == "manager" and account.password_hash.startswith("$argon2id$")
        assert session.exec(select(AuditEvent.action)).all().count("export.roster") == 1


def test_errors_exit_non_zero_with_one_line(tmp_path, engine_url):
    url = engine_url
    cases = [
        ("unit", "create", "--name", "X", "--code", "short"),
        (
            "user",
            "create",
            "--unit",
            "Nope1234",
            "--cccd",
            "051085000111",
            "--name",
            "Trần Minh Sơn",
            "--role",
            "manager",
            "--password-stdin",
        ),
        ("roster", "export", "--unit", "Nope1234", "--year", "2026", "--out", "x.xlsx"),
    ]
    for args in cases:
        result = cli(url, *args, stdin="Quan-ly-2026!\n")
        assert result.returncode != 0
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr


def test_weak_password_refused(tmp_path, engine_url):
    url = engine_url
    code = cli(url, "unit", "create", "--name", "Sở Tư pháp").stdout.strip().splitlines()[-1]
    result = cli(
        url,
        "user",
        "create",
        "--unit",
        code,
        "--cccd",
        "051085000111",
        "--name",
        "Trần Minh Sơn",
        "--role",
        "admin",
        "--password-stdin",
        stdin="123456\n",
    )
    assert result.returncode == 1 and "Mật khẩu" in result.stderr


def test_a_demo_password_is_one_the_sign_up_accepts(monkeypatch):
    """A random password now and then holds a piece of the person's name: drawn again."""
    from cdht import demo

    drawn = iter(["sontran1985", "x7Kq-9vLp2Rw_t3M"])
    monkeypatch.setattr(demo.secrets, "token_urlsafe", lambda _n: next(drawn))
    password = demo.strong_password(
        full_name="Trần Minh Sơn",
        cccd="051085000001",
        birth_year=1985,
        unit_name="Ban Dân tộc",
        unit_code="B51pzCjW",
    )
    assert password == "x7Kq-9vLp2Rw_t3M"


def test_demo_fills_a_unit_of_about_sixty(engine_url):
    url = engine_url
    result = cli(url, "demo")
    assert result.returncode == 0, result.stderr
    assert "B51pzCjW" in result.stdout
    with Session(make_engine(url)) as session:
        units = session.exec(select(Unit)).all()
        parent = next(u for u in units if u.parent_id is None)
        assert [u.parent_id for u in units if u.code == "B51pzCjW"] == [parent.id]
        members = session.exec(select(Account)).all()
        assert 60 <= len(members) <= 70
        years = sorted({a.year for a in session.exec(select(Assessment)).all()})
        assert len(years) == 2
        decision = session.exec(select(RecognitionDecision)).one()
        assert decision.year == years[0]
        assert len(session.exec(select(StaffMember)).all()) > len(members) - 1


def test_backup_then_restore_brings_every_record_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    assert cli(url, "demo").returncode == 0

    def snapshot() -> dict[str, list]:
        with Session(make_engine(url)) as session:
            return {
                "accounts": sorted(a.cccd for a in session.exec(select(Account)).all()),
                "assessments": sorted(
                    (a.account_id, a.year, a.total) for a in session.exec(select(Assessment)).all()
                ),
                "units": sorted(u.code for u in session.exec(select(Unit)).all()),
            }

    before = snapshot()
    made = cli(url, "backup", "--out", str(tmp_path / "copy.db"))
    assert made.returncode == 0, made.stderr
    again = cli(url, "backup", "--out", str(tmp_path / "copy.db"))
    assert again.returncode == 1 and "exists" in again.stderr
    with Session(make_engine(url)) as session:  # damage: lose every assessment
        for row in session.exec(select(Assessment)).all():
            session.delete(row)
        session.commit()
    assert snapshot()["assessments"] == []
    done = cli(url, "restore", str(tmp_path / "copy.db"))
    assert done.returncode == 0, done.stderr
    assert snapshot() == before
    (tmp_path / "junk.db").write_bytes(b"not a database at all" * 100)
    bad = cli(url, "restore", str(tmp_path / "junk.db"))
    assert bad.returncode == 1 and bad.stderr.startswith("error: ")
    assert snapshot() == before


def test_backup_on_postgresql_points_to_its_own_tools(tmp_path, postgres_url):
    pg = cli(postgres_url, "backup", "--out", str(tmp_path / "p.db"))
    assert pg.returncode == 1 and pg.stderr.startswith("error: ") and "pg_dump" in pg.stderr
    assert not (tmp_path / "p.db").exists()


# --- staff list and approvals (the unit fixture's code is B51pzCjW) ------------------------------

LISTED = [
    ("Nguyễn Văn An", "051090123456", "Văn phòng", "Chuyên viên"),
    ("Trần Thị Cúc", 51185000222, "=SUM(1)", ""),  # a number cell: the leading zero comes back
]


def staff_file(path, rows) -> str:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(list(COLUMNS))
    for row in rows:
        ws.append(list(row))
        ws.cell(row=ws.max_row, column=3).data_type = "s"  # "=SUM(1)" typed as text
    wb.save(path)
    return str(path)


@contextmanager
def fresh_session(url: str) -> Iterator[Session]:
    """A session of its own, to see what the command line stored."""
    engine = make_engine(url)
    try:
        with Session(engine) as fresh:
            yield fresh
    finally:
        engine.dispose()


def listed_in(url: str, unit_id: int) -> list[StaffEntry]:
    with fresh_session(url) as fresh:
        return staff_list(fresh, None, unit_id=unit_id)


def state_of(url: str, who) -> str:
    with fresh_session(url) as fresh:
        return membership_of(fresh, who)[0]


def audit_of(url: str) -> list[tuple[str, int | None, str]]:
    with fresh_session(url) as fresh:
        return list(fresh.exec(select(AuditEvent.action, AuditEvent.unit_id, AuditEvent.detail)))


def test_staff_import_stores_the_list_and_approves_listed_people(
    tmp_path, engine_url, session, unit
):
    url = engine_url
    on_list = add_citizen(session, approved=False)
    not_on_list = add_citizen(session, approved=False, cccd="051090654321", full_name="Lê Văn Bình")
    assert state_of(url, on_list) == PENDING
    result = cli(
        url,
        "staff",
        "import",
        "--unit",
        unit.code.lower(),
        "--file",
        staff_file(tmp_path / "staff.xlsx", LISTED),
    )
    assert result.returncode == 0, result.stderr
    assert "stored 2 people" in result.stdout
    assert sorted(listed_in(url, unit.id), key=lambda e: e.cccd) == [
        StaffEntry("Nguyễn Văn An", "051090123456", "Văn phòng", "Chuyên viên"),
        StaffEntry("Trần Thị Cúc", "051185000222", "=SUM(1)", ""),
    ]
    assert state_of(url, on_list) == APPROVED
    assert state_of(url, not_on_list) == PENDING
    events = audit_of(url)
    assert ("staff.replace", unit.id, "rows=2") in events
    assert ("membership.approve", unit.id, f"account={on_list.id} by=staff_list") in events


def test_staff_import_with_bad_rows_stores_nothing(tmp_path, engine_url, session, unit):
    url = engine_url
    pending = add_citizen(session, approved=False, cccd="051090654321", full_name="Lê Văn Bình")
    first = cli(
        url,
        "staff",
        "import",
        "--unit",
        unit.code,
        "--file",
        staff_file(tmp_path / "first.xlsx", LISTED[:1]),
    )
    assert first.returncode == 0, first.stderr
    before = listed_in(url, unit.id)
    bad_rows = [
        ("Lê Văn Bình", "051090654321", "Văn phòng", "Chuyên viên"),
        ("Lê Văn Bình", "051090654321", "Văn phòng", "Chuyên viên"),  # the same number twice
        ("Phạm Văn Dũng", "12345", "Văn phòng", "Chuyên viên"),
    ]
    bad = cli(
        url,
        "staff",
        "import",
        "--unit",
        unit.code,
        "--file",
        staff_file(tmp_path / "bad.xlsx", bad_rows),
    )
    assert bad.returncode == 1
    lines = bad.stderr.strip().splitlines()
    assert lines[0].startswith("dòng 3, cột Số CCCD: Số CCCD trùng với dòng 2.")
    assert lines[1].startswith("dòng 4, cột Số CCCD: Số CCCD phải gồm đúng 12 chữ số.")
    assert len(lines) == 3 and lines[2].startswith("error: "), bad.stderr
    empty = cli(
        url,
        "staff",
        "import",
        "--unit",
        unit.code,
        "--file",
        staff_file(tmp_path / "empty.xlsx", []),
    )
    assert empty.returncode == 1
    assert empty.stderr.startswith("error: ") and len(empty.stderr.strip().splitlines()) == 1
    (tmp_path / "junk.xlsx").write_bytes(b"not a workbook")
    junk = cli(url, "staff", "import", "--unit", unit.code, "--file", str(tmp_path / "junk.xlsx"))
    assert junk.returncode == 1 and junk.stderr.startswith("error: Không đọc được tệp")
    assert listed_in(url, unit.id) == before
    assert state_of(url, pending) == PENDING
    assert [action for action, _, _ in audit_of(url)].count("staff.replace") == 1


def test_staff_export_then_import_gives_the_same_list(tmp_path, engine_url, session, unit):
    url = engine_url
    other = create_unit(session, None, name="Sở Tư pháp", code="SoTuPhap", now=JUNE)
    session.commit()
    made = cli(
        url,
        "staff",
        "import",
        "--unit",
        unit.code,
        "--file",
        staff_file(tmp_path / "staff.xlsx", LISTED),
    )
    assert made.returncode == 0, made.stderr
    out = tmp_path / "export.xlsx"
    export = cli(url, "staff", "export", "--unit", unit.code, "--out", str(out))
    assert export.returncode == 0, export.stderr
    data = out.read_bytes()
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert tuple(c.value for c in sheet[1]) == COLUMNS
    numbers = [sheet.cell(row=r, column=2) for r in (2, 3)]
    assert all(c.data_type == "s" and c.number_format == "@" for c in numbers)
    assert {c.value for c in numbers} == {"051090123456", "051185000222"}
    assert parse_staff_xlsx(data) == (listed_in(url, unit.id), [])
    again = cli(url, "staff", "import", "--unit", other.code, "--file", str(out))
    assert again.returncode == 0, again.stderr
    assert listed_in(url, other.id) == listed_in(url, unit.id)
    exports = [event for event in audit_of(url) if event[0] == "export.staff"]
    assert exports == [("export.staff", unit.id, "rows=2")]
    nowhere = cli(url, "staff", "export", "--unit", "Nope1234", "--out", str(tmp_path / "n.xlsx"))
    assert nowhere.returncode == 1 and nowhere.stderr.startswith("error: ")
    assert not (tmp_path / "n.xlsx").exists()


def test_user_approve_and_reject(engine_url, session, unit):
    url = engine_url
    an = add_citizen(session, approved=False)
    binh = add_citizen(session, approved=False, cccd="051090654321", full_name="Lê Văn Bình")
    done = cli(url, "user", "approve", "--unit", unit.code, "--cccd", "051 090 123 456")
    assert done.returncode == 0, done.stderr
    assert "051*******56" in done.stdout and "051090123456" not in done.stdout
    assert state_of(url, an) == APPROVED and state_of(url, binh) == PENDING
    assert audit_of(url).count(("membership.approve", unit.id, f"account={an.id}")) == 1
    twice = cli(url, "user", "approve", "--unit", unit.code, "--cccd", "051090123456")
    assert twice.returncode == 1 and "đã được duyệt" in twice.stderr
    assert len(twice.stderr.strip().splitlines()) == 1
    no = cli(url, "user", "reject", "--unit", unit.code, "--cccd", "051090654321")
    assert no.returncode == 0, no.stderr
    assert state_of(url, binh) == REJECTED and state_of(url, an) == APPROVED
    again = cli(url, "user", "reject", "--unit", unit.code, "--cccd", "051090654321")
    assert again.returncode == 1 and "đã bị từ chối" in again.stderr
    other = create_unit(session, None, name="Sở Tư pháp", code="SoTuPhap", now=JUNE)
    session.commit()
    for args in (
        ("--unit", "Nope1234", "--cccd", "051090654321"),  # no such unit
        ("--unit", unit.code, "--cccd", "051199000333"),  # no such person
        ("--unit", other.code, "--cccd", "051090654321"),  # the person is in another unit
    ):
        wrong = cli(url, "user", "approve", *args)
        assert wrong.returncode == 1, args
        lines = wrong.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), wrong.stderr
    assert state_of(url, binh) == REJECTED


def test_user_role_appoints_an_existing_member(engine_url, session, unit):
    from sqlmodel import Session as Own
    from sqlmodel import select as query

    from cdht.db.engine import make_engine
    from cdht.db.models import Account, AuditEvent

    an = add_citizen(session)
    done = cli(engine_url, "user", "role", "--cccd", "051 090 123 456", "--role", "manager")
    assert done.returncode == 0, done.stderr
    assert "051*******56 is now manager" in done.stdout
    engine = make_engine(engine_url)
    with Own(engine) as own:
        assert own.get(Account, an.id).role == "manager"
        actions = own.exec(query(AuditEvent.detail).where(AuditEvent.action == "account.role"))
        assert actions.all() == [f"account={an.id} from=citizen to=manager"]
    engine.dispose()
    unknown = cli(engine_url, "user", "role", "--cccd", "051090999999", "--role", "leader")
    assert unknown.returncode == 1 and unknown.stderr.startswith("error:")
