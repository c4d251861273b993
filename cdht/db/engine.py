"""Engine creation and schema set-up."""

import contextlib
import os
import threading
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine
from sqlmodel import create_engine

from cdht.db import models  # noqa: F401  (registers the tables on SQLModel.metadata)

SQLITE_BUSY_TIMEOUT_MS = 10_000


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_owner_only(path: Path) -> None:
    """Create an empty file (and its missing folders) readable by the owner only (0600 / 0700),
    unless it exists. SQLite gives a database's -wal and -shm files the database file's mode."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _first_line(error: BaseException | None) -> None:
    if error is not None and error.args and isinstance(error.args[0], str):
        error.args = (error.args[0].split("\n", 1)[0], *error.args[1:])


def _without_detail(context: sa.engine.ExceptionContext) -> None:
    """PostgreSQL's errors quote the values at fault ("DETAIL: Key (cccd)=(…) already exists"),
    which would carry CCCD numbers into the server's log: keep the first line only, of the
    driver's error and of SQLAlchemy's (the values stay on `orig.diag` for code that needs them)."""
    _first_line(context.original_exception)
    _first_line(context.sqlalchemy_exception)


def make_engine(url: str) -> Engine:
    """An engine for the URL; SQLite gets WAL, a busy timeout and foreign keys, and a new
    database file is readable by its owner only. Errors never show a query's values."""
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            create_owner_only(Path(path))
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            hide_parameters=True,
        )
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    sa.event.listen(engine, "handle_error", _without_detail)
    return engine


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def shared_engine(url: str) -> Engine:
    """This process's one engine for `url` (one connection pool per database per process),
    made and migrated to the newest schema on first use; the pages (`cdht.ui.state`) and the
    cookie routes (`cdht.ui.web_routes`) both take theirs here."""
    with _ENGINES_LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            engine = make_engine(url)
            init_db(engine)
            _ENGINES[url] = engine
        return engine


MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
BASELINE = "0001"


def alembic_config(connection: sa.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def init_db(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration.

    A database made before migrations existed (tables but no `alembic_version`) is stamped
    with the baseline first, then upgraded.
    """
    with engine.begin() as connection:
        config = alembic_config(connection)
        tables = set(sa.inspect(connection).get_table_names())
        if "alembic_version" not in tables and "unit" in tables:
            command.stamp(config, BASELINE)
        command.upgrade(config, "head")
