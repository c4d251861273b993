"""Shared fixtures: a real SQLite file per test, the shipped criteria, a unit with people."""

import os
import time
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from sqlmodel import Session

from cdht.criteria import CriteriaSet, load_all
from cdht.db.accounts import create_user, register_citizen
from cdht.db.engine import init_db, make_engine
from cdht.db.membership import decide, membership_of
from cdht.db.units import UnitInfo, create_unit, set_unit_window
from cdht.membership import PENDING
from cdht.registration import Registration
from cdht.roles import Actor

# A moment inside the default window (Vietnam time 10:00, 15 June 2026).
JUNE = datetime(2026, 6, 15, 3, 0, tzinfo=UTC)
# After a decision of 20 November 2026 is signed: when it may be recorded.
NOVEMBER = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
DEFAULTS = ((1, 1), (10, 31))
PASSWORD = "Hoc-tap-suot-doi-2026"
DEFAULT_POSTGRES = "postgresql+psycopg://cdht_test:cdht_test@127.0.0.1:5432/postgres"

# The suite runs on shared machines: how fast examples are drawn and run depends on their load,
# not on the code (a load of 15 once failed a collation test's "too slow" health check).
settings.register_profile(
    "shared-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("shared-machine")


ENGINES = ("sqlite", "postgresql")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that takes a database (`engine_url`) runs on each engine. In a module with
    `ONE_ENGINE = True` (pages through AppTest, the command line: layers above the data layer,
    whose own tests run on both) it runs on one, chosen by its name: half of the module's tests on
    SQLite, half on PostgreSQL, at half the time of running every one on both. A test marked
    `both_engines` there still runs on both (e.g. the migrations run by `init`)."""
    if "engine_url" not in metafunc.fixturenames:
        return
    engines = ENGINES
    both = metafunc.definition.get_closest_marker("both_engines")
    if getattr(metafunc.module, "ONE_ENGINE", False) and not both:
        engines = (ENGINES[zlib.crc32(metafunc.function.__name__.encode()) % len(ENGINES)],)
    metafunc.parametrize("engine_url", engines, indirect=True)


SLOW = ("browser", "rendering")  # markers of the modules that start each worker's share


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Order the tests for xdist's work stealing, which hands each worker one contiguous share of
    this order and lets an idle worker take the end of another's: each share starts with its
    browser and rendering modules (slow, kept whole for their module fixtures) and ends with
    quick tests, so no worker is left alone with a long journey at the end of the run."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers < 2:
        return
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.module.__name__, []).append(item)
    slow = sorted(
        (
            tests
            for tests in modules.values()
            if any(t.get_closest_marker(m) for t in tests for m in SLOW)
        ),
        key=len,
        reverse=True,
    )
    quick = [t for tests in modules.values() if tests not in slow for t in tests]
    shares: list[list[pytest.Item]] = [[] for _ in range(workers)]
    for tests in slow:
        min(shares, key=len).extend(tests)
    left = len(items)
    for number, share in enumerate(shares):
        size = left // (workers - number)  # the share xdist sends this worker
        take = max(0, size - len(share)) if number < workers - 1 else len(quick)
        share.extend(quick[:take])
        del quick[:take]
        left -= len(share)
    items[:] = [item for share in shares for item in share]


@pytest.fixture(scope="session")
def criteria_sets() -> dict[str, CriteriaSet]:
    return load_all()


@contextmanager
def throwaway_database() -> Iterator[str]:
    """A new database on the PostgreSQL server `make test` starts; dropped on the way out."""
    server = os.environ.get("CDHT_TEST_POSTGRES_URL", DEFAULT_POSTGRES)
    name = f"cdht_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is required for the tests and is not reachable at {server} ({exc}). "
            "Run `make test` (it starts one as root) or set CDHT_TEST_POSTGRES_URL.",
            pytrace=False,
        )
    try:
        yield sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        drop_database(admin, name)
        admin.dispose()


def drop_database(admin: sa.Engine, name: str, tries: int = 20) -> None:
    """Drop a throwaway database, waiting out an autovacuum worker a role without
    pg_signal_backend may not end (an external server's role; `make test` grants it)."""
    for attempt in range(tries):
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except sa.exc.ProgrammingError:
            if attempt == tries - 1:
                raise
            time.sleep(0.5)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway database shared by one worker's tests (each empties it as it needs)."""
    with throwaway_database() as url:
        yield url


@pytest.fixture
def own_postgres_url() -> Iterator[str]:
    """A throwaway database for this test alone: no other test empties or fills it."""
    with throwaway_database() as url:
        yield url


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cdht.db'}"


@pytest.fixture
def engine_url(request, tmp_path) -> str:
    """A fresh, empty database on each engine CDHT supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cdht.db'}"
    url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    with engine.begin() as conn:  # tables, migration stamp, everything
        conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()
    return url


@pytest.fixture
def session(engine_url) -> Iterator[Session]:
    engine = make_engine(engine_url)
    init_db(engine)
    with Session(engine, expire_on_commit=False) as s:
        yield s
    engine.dispose()


@pytest.fixture
def unit(session) -> UnitInfo:
    info = create_unit(session, None, name="Ban Dân tộc tỉnh Quảng Ngãi", code="B51pzCjW", now=JUNE)
    session.commit()
    return info


def make_registration(**overrides) -> Registration:
    values = dict(
        cccd="051090123456",
        full_name="Nguyễn Văn An",
        gender="Nam",
        birth_year=1990,
        ethnicity="Kinh",
        province_code=51,
        ward_code=21025,
        unit_code="B51pzCjW",
        password=PASSWORD,
        department="Văn phòng",
        position="Chuyên viên",
        phone="",
        email="",
    )
    values.update(overrides)
    return Registration(**values)


def add_citizen(session: Session, *, approved: bool = True, **overrides) -> Actor:
    """A citizen signed up through the data layer; in a unit without a staff list the account
    waits for approval, which the operator gives unless `approved` is False."""
    who = register_citizen(session, make_registration(**overrides), now=JUNE)
    if approved and membership_of(session, who)[0] == PENDING:
        decide(session, None, unit_id=who.unit_id, approve=True, now=JUNE, account_ids=[who.id])
    return who


def add_user(
    session: Session, role: str, cccd: str, name: str, unit_code: str = "B51pzCjW"
) -> Actor:
    who = create_user(
        session,
        unit_code=unit_code,
        cccd=cccd,
        full_name=name,
        role=role,
        password=PASSWORD,
        now=JUNE,
    )
    session.commit()
    return who


def open_window_all_year(session: Session, unit_id: int, year: int) -> None:
    set_unit_window(
        session,
        None,
        unit_id=unit_id,
        year=year,
        opens_on=date(year, 1, 1),
        closes_on=date(year, 12, 31),
        now=JUNE,
    )
    session.commit()
