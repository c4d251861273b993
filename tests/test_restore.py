"""Restoring a crafted SQLite file is refused (an added trigger or view would run inside the live
app), with the live database unchanged; database files, backups and evidence are owner-only."""

import shutil
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest
from sqlmodel import Session

from cdht.db.backup import BackupError, backup, restore
from cdht.db.engine import init_db, make_engine
from cdht.db.file_store import FileStore
from cdht.db.units import create_unit
from tests.conftest import JUNE, add_user
from tests.support import cli

CRAFTS = {
    "trigger": (
        "CREATE TRIGGER grant_admin AFTER UPDATE ON account BEGIN "
        "UPDATE account SET role = 'admin'; END",
        "extra trigger 'grant_admin'",
    ),
    "view": ("CREATE VIEW everyone AS SELECT cccd, password_hash FROM account", "extra view"),
    "table": ("CREATE TABLE loot (cccd TEXT)", "extra table 'loot'"),
    "index": ("CREATE INDEX ix_spy ON account (password_hash)", "extra index 'ix_spy'"),
    "column": ("ALTER TABLE account ADD COLUMN note TEXT", "table 'account' differs"),
    "dropped index": ("DROP INDEX ix_account_unit_id_role", "missing index"),
    "revision": ("UPDATE alembic_version SET version_num = '0007'", "revision 0007"),
    "no revision": ("DELETE FROM alembic_version", "revision none"),
}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def content(path: Path) -> list:
    """Everything in a database: its schema and every row of every table."""
    with closing(sqlite3.connect(path)) as conn:
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        rows = [
            conn.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()
            for kind, name, _ in schema
            if kind == "table"
        ]
    return [schema, rows]


@pytest.fixture
def live(tmp_path) -> Path:
    path = tmp_path / "live" / "cdht.db"
    engine = make_engine(f"sqlite:///{path}")
    init_db(engine)
    with Session(engine) as session:
        create_unit(session, None, name="Ban Dân tộc tỉnh Quảng Ngãi", code="B51pzCjW", now=JUNE)
        session.commit()
        add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    engine.dispose()
    return path


def crafted(live: Path, folder: Path, sql: str) -> Path:
    good = folder / "good.db"
    if not good.exists():
        backup(f"sqlite:///{live}", good)
    copy = folder / "crafted.db"
    shutil.copyfile(good, copy)
    with closing(sqlite3.connect(copy)) as conn:
        conn.executescript(sql)
    return copy


@pytest.mark.parametrize("craft", CRAFTS)
def test_a_crafted_backup_is_refused_and_nothing_replaced(live, tmp_path, craft):
    sql, message = CRAFTS[craft]
    copy = crafted(live, tmp_path, sql)
    before = content(live)
    with pytest.raises(BackupError) as err:
        restore(f"sqlite:///{live}", copy)
    assert message in str(err.value)
    assert content(live) == before


def test_the_command_line_refuses_a_backup_with_a_trigger(live, tmp_path):
    copy = crafted(live, tmp_path, CRAFTS["trigger"][0])
    before = content(live)
    result = cli(f"sqlite:///{live}", "restore", str(copy))
    assert result.returncode == 1
    assert result.stderr.startswith("error: ") and "extra trigger 'grant_admin'" in result.stderr
    assert "nothing was restored" in result.stderr
    assert content(live) == before


def test_an_untouched_backup_is_restored(live, tmp_path):
    copy = tmp_path / "copy.db"
    backup(f"sqlite:///{live}", copy)
    target = tmp_path / "elsewhere" / "restored.db"
    restore(f"sqlite:///{target}", copy)
    assert content(target) == content(copy)
    assert mode(target) == 0o600 and mode(target.parent) == 0o700


def test_database_backup_and_evidence_files_are_owner_only(live, tmp_path):
    assert mode(live) == 0o600 and mode(live.parent) == 0o700
    engine = make_engine(f"sqlite:///{live}")
    with engine.begin() as conn:  # while open, SQLite keeps a -wal and a -shm file
        conn.exec_driver_sql("UPDATE unit SET contact_name = 'x'")
        for suffix in ("-wal", "-shm"):  # SQLite gives them the database file's mode
            assert mode(Path(f"{live}{suffix}")) == 0o600
    engine.dispose()
    out = tmp_path / "backups" / "copy.db"
    backup(f"sqlite:///{live}", out)
    assert mode(out) == 0o600 and mode(out.parent) == 0o700
    store = FileStore(tmp_path / "evidence")
    key = store.put(b"%PDF-1.4 minimal")
    assert mode(tmp_path / "evidence") == 0o700
    assert mode(tmp_path / "evidence" / key[:2]) == 0o700
    assert mode(tmp_path / "evidence" / key[:2] / key) == 0o600
