"""The operator command line, run as a subprocess against a real SQLite file and a real
PostgreSQL database (backup and restore: SQLite only, PostgreSQL gets a clear pointer)."""

import io

import openpyxl
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlmodel import Session, select

from cdht.db.engine import alembic_config, make_engine
from cdht.db.models import (
    Account,
    Assessment,
    AuditEvent,
    RecognitionDecision,
    StaffMember,
    Unit,
)
from tests.support import cli


def test_init_creates_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'new' / 'cdht.db'}"
    result = cli(url, "init")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "new" / "cdht.db").exists()


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
        "user", "create", "--unit", code.lower(), "--cccd", "051085000111",
        "--name", "Trần Minh Sơn", "--role", "manager", "--password-stdin",
        stdin="Quan-ly-2026!\n",
    )  # fmt: skip
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
        ("user", "create", "--unit", "Nope1234", "--cccd", "051085000111", "--name",
         "Trần Minh Sơn", "--role", "manager", "--password-stdin"),
        ("roster", "export", "--unit", "Nope1234", "--year", "2026", "--out", "x.xlsx"),
    ]  # fmt: skip
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
        "user", "create", "--unit", code, "--cccd", "051085000111", "--name", "Trần Minh Sơn",
        "--role", "admin", "--password-stdin",
        stdin="123456\n",
    )  # fmt: skip
    assert result.returncode == 1 and "Mật khẩu" in result.stderr


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
