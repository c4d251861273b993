"""Online backup and restore of the SQLite database (safe while the app runs)."""

import functools
import re
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory

from cdht.db.engine import alembic_config, create_owner_only, init_db, make_engine

# An object of the schema: (type, name) -> what must be equal for it to be the same object.
Schema = dict[tuple[str, str], tuple]


class BackupError(ValueError):
    """The backup or restore cannot be done as asked."""


def sqlite_path(url: str) -> Path:
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        raise BackupError(
            "backup and restore handle the SQLite file; for PostgreSQL use pg_dump / pg_restore"
        )
    return Path(parsed.database)


def backup(url: str, out: Path) -> int:
    """Copy the live database to `out` (created readable by its owner only) with SQLite's
    online backup; returns the page count."""
    source = sqlite_path(url)
    if not source.exists():
        raise BackupError(f"no database at {source}")
    if out.exists():
        raise BackupError(f"{out} exists already; choose a new file name")
    create_owner_only(out)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(out)) as dst:
        src.backup(dst)
        return dst.execute("PRAGMA page_count").fetchone()[0]


def _squash(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


def schema_of(conn: sqlite3.Connection) -> Schema:
    """Every table (its columns and foreign keys), index (its table, columns, uniqueness and
    condition), trigger and view (their SQL) of a SQLite database, read from sqlite_master and
    the table-valued pragmas. SQLite's own tables (sqlite_sequence, sqlite_stat1) are left out:
    they appear with use."""
    objects = conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\' OR type = 'index'"
    ).fetchall()
    schema: Schema = {}
    for kind, name, table, sql in objects:
        if kind == "table":
            columns = conn.execute("SELECT * FROM pragma_table_xinfo(?)", (name,)).fetchall()
            keys = conn.execute("SELECT * FROM pragma_foreign_key_list(?)", (name,)).fetchall()
            plain = _squash(sql).upper().startswith("CREATE TABLE")  # not a virtual table
            schema[kind, name] = (sorted(c[1:] for c in columns), sorted(keys), plain)
        elif kind == "index":
            columns = conn.execute("SELECT * FROM pragma_index_xinfo(?)", (name,)).fetchall()
            listed = conn.execute(
                'SELECT "unique", origin, partial FROM pragma_index_list(?) WHERE name = ?',
                (table, name),
            ).fetchall()
            schema[kind, name] = (table, columns, listed, _squash(sql).partition(" WHERE ")[2])
        else:
            schema[kind, name] = (table, _squash(sql))
    return schema


@functools.cache
def migrated_schema() -> tuple[Schema, str]:
    """The schema of an empty database upgraded to the newest migration, and that revision."""
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'fresh.db'}")
        try:
            init_db(engine)
            with engine.connect() as connection:
                head = ScriptDirectory.from_config(alembic_config(connection)).get_current_head()
        finally:
            engine.dispose()
        with closing(sqlite3.connect(Path(folder) / "fresh.db")) as fresh:
            return schema_of(fresh), head


def _differences(found: Schema, expected: Schema) -> list[str]:
    extra = [f"extra {kind} {name!r}" for kind, name in sorted(found.keys() - expected.keys())]
    missing = [f"missing {kind} {name!r}" for kind, name in sorted(expected.keys() - found.keys())]
    changed = [
        f"{kind} {name!r} differs"
        for kind, name in sorted(found.keys() & expected.keys())
        if found[kind, name] != expected[kind, name]
    ]
    return extra + missing + changed


def check_backup(src: sqlite3.Connection, name: Path) -> None:
    """Refuse a file that is damaged, made at another migration, or whose schema is not
    exactly the migrated one (an added trigger or view would run inside the live app)."""
    if src.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
        raise BackupError(f"{name} is damaged (integrity check failed)")
    expected, head = migrated_schema()
    found = schema_of(src)
    if ("table", "alembic_version") not in found or ("table", "unit") not in found:
        raise BackupError(f"{name} is not a CDHT database (no alembic_version or unit table)")
    revisions = [r[0] for r in src.execute("SELECT version_num FROM alembic_version")]
    if revisions != [head]:
        raise BackupError(
            f"{name} was made at database revision {', '.join(revisions) or 'none'}, this CDHT "
            f"is at {head}: restore it with the CDHT version that made it; nothing was restored"
        )
    problems = _differences(found, expected)
    if problems:
        raise BackupError(
            f"{name} does not have CDHT's schema ({'; '.join(problems)}); nothing was restored"
        )


def restore(url: str, backup_file: Path) -> None:
    """Replace the database's contents with a backup made by `backup`, after checking it."""
    target = sqlite_path(url)
    if not backup_file.exists():
        raise BackupError(f"no backup file at {backup_file}")
    try:
        with closing(sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)) as src:
            # Nothing in the file runs while it is checked: no SQL functions from its schema.
            src.execute("PRAGMA trusted_schema = OFF")
            check_backup(src, backup_file)
            create_owner_only(target)
            with closing(sqlite3.connect(target)) as dst:
                src.backup(dst)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{backup_file} is not a SQLite database ({exc})") from exc
