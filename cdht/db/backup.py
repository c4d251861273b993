"""Online backup and restore of the SQLite database (safe while the app runs)."""

import sqlite3
from pathlib import Path

import sqlalchemy as sa

REQUIRED_TABLES = {"unit", "account", "assessment"}


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
    """Copy the live database to `out` with SQLite's online backup; returns the page count."""
    source = sqlite_path(url)
    if not source.exists():
        raise BackupError(f"no database at {source}")
    if out.exists():
        raise BackupError(f"{out} exists already; choose a new file name")
    with sqlite3.connect(source) as src, sqlite3.connect(out) as dst:
        src.backup(dst)
        pages = dst.execute("PRAGMA page_count").fetchone()[0]
    return pages


def restore(url: str, backup_file: Path) -> None:
    """Replace the database's contents with a backup made by `backup`, after checking it."""
    target = sqlite_path(url)
    if not backup_file.exists():
        raise BackupError(f"no backup file at {backup_file}")
    try:
        with sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True) as src:
            if src.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{backup_file} is damaged (integrity check failed)")
            tables = {
                r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables >= REQUIRED_TABLES:
                raise BackupError(f"{backup_file} is not a CDHT database")
            target.parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(target) as dst:
                src.backup(dst)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{backup_file} is not a SQLite database ({exc})") from exc
