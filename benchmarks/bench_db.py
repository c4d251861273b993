"""A synthetic province on SQLite and PostgreSQL: submissions per second and dashboard figures,
each beside a raw baseline measured in the same process (the driver's own connection: plain
INSERT with a commit per row, plain SQL aggregates). PostgreSQL: the server `make bench` starts
(or CDHT_TEST_POSTGRES_URL); a throwaway database is created and dropped.

Run: make bench   (or .venv/bin/python -m benchmarks.bench_db)
"""

import os
import random
import tempfile
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from statistics import median

import sqlalchemy as sa
from sqlmodel import Session

from cdht.criteria import load_all
from cdht.db.actors import actor_for
from cdht.db.assessments import submit_assessment
from cdht.db.engine import init_db, make_engine
from cdht.db.figures import touch
from cdht.db.models import Account, Assessment, Unit
from cdht.db.rollup import unit_rollup
from cdht.db.stats import unit_overview
from cdht.passwords import hash_password
from cdht.roles import ADMIN, Actor

UNITS, CITIZENS, SUBMISSIONS = 500, 100_000, 2_000
THREADS, PER_THREAD = 20, 50  # at once, on accounts of their own (after the sequential ones)
DEFAULT_POSTGRES = "postgresql+psycopg://cdht_test:cdht_test@127.0.0.1:5432/postgres"
NOW = datetime(2026, 6, 15, 3, 0, tzinfo=UTC)
DEFAULTS = ((1, 1), (10, 31))


def generate(url: str, seed: int = 7) -> None:
    """500 units, 100,000 citizens, 100,000 assessments, inserted in bulk."""
    rng = random.Random(seed)
    engine = make_engine(url)
    init_db(engine)
    digest = hash_password("Hoc-tap-suot-doi-2026")
    created = NOW
    with engine.begin() as conn:
        conn.execute(
            sa.insert(Unit),
            [
                dict(code=f"U{n:07d}", code_key=f"u{n:07d}", name=f"Đơn vị {n}", contact_name="",
                     contact_phone="", default_group="III", head_title="Thủ trưởng",
                     created_at=created)
                for n in range(1, UNITS + 1)
            ],
        )  # fmt: skip
        conn.execute(
            sa.insert(Account),
            [
                dict(cccd=f"051{n:09d}", full_name=f"Người {n}", gender="Nam", birth_year=1980,
                     ethnicity="Kinh", unit_id=1 + n % UNITS, department="", position="",
                     phone="", email="", role="citizen", password_hash=digest,
                     must_change_password=False, consent_version="", created_at=created)
                for n in range(CITIZENS + SUBMISSIONS + THREADS * PER_THREAD)
            ],
        )  # fmt: skip
        rows = []
        for n in range(1, CITIZENS + 1):
            points = [rng.choice((10, 8, 5, 3)) for _ in range(10)]
            c1, c2, c3 = sum(points[:4]), sum(points[4:8]), sum(points[8:])
            day = date(2026, 9, 1) + timedelta(days=rng.randrange(60))
            rows.append(
                dict(account_id=n, unit_id=1 + (n - 1) % UNITS, year=2026, group="III",
                     criteria_version="bench", answers={}, notes={}, total=c1 + c2 + c3,
                     comp1_points=c1, comp2_points=c2, comp3_points=c3,
                     recognised=c1 + c2 + c3 >= 80 and min(points) >= 5, revision=1,
                     first_submitted_at=created, first_submitted_on=day, submitted_at=created)
            )  # fmt: skip
        conn.execute(sa.insert(Assessment), rows)
    engine.dispose()


def timed(fn, runs: int = 5, before=None) -> float:
    """Median seconds of `fn()`; `before()` runs untimed ahead of each call."""
    samples = []
    for _ in range(runs):
        if before is not None:
            before()
        began = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - began)
    return median(samples)


def at_the_same_time(work: Callable[[list[Actor]], int], people: list[Actor]) -> tuple[float, int]:
    """`work` on THREADS threads started together, each with its share of `people`: the rate per
    second over all of them and the number of errors raised (each ends its thread's share)."""
    batches = [people[i::THREADS] for i in range(THREADS)]
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        futures = [pool.submit(work, batch) for batch in batches]
    errors = sum(1 for f in futures if f.exception() is not None)
    return len(people) / (time.perf_counter() - began), errors


def measure(url: str, label: str) -> None:
    """Generate the province at `url`, then print CDHT's figures beside raw DB-API baselines."""
    began = time.perf_counter()
    generate(url)
    print(f"{label}: generated {UNITS} units, {CITIZENS:,} citizens and assessments "
          f"in {time.perf_counter() - began:.1f} s")  # fmt: skip
    engine = make_engine(url)
    criteria = load_all()["III"]
    answers = {i.id: 8 for i in criteria.indicators}
    with Session(engine) as session:
        fresh = [
            actor_for(a)
            for a in session.exec(
                sa.select(Account).where(Account.id > CITIZENS).order_by(Account.id)
            ).scalars()
        ]
    fresh, at_once = fresh[:SUBMISSIONS], fresh[SUBMISSIONS:]
    began = time.perf_counter()
    for who in fresh:
        with Session(engine) as session:
            submit_assessment(session, who, criteria=criteria, answers=answers, notes={},
                              now=NOW, window_defaults=DEFAULTS)  # fmt: skip
    ours = len(fresh) / (time.perf_counter() - began)

    def submit_all(batch: list[Actor]) -> int:
        for who in batch:
            with Session(engine) as session:
                submit_assessment(session, who, criteria=criteria, answers=answers, notes={},
                                  now=NOW, window_defaults=DEFAULTS)  # fmt: skip
        return len(batch)

    parallel, parallel_errors = at_the_same_time(submit_all, at_once)
    with Session(engine) as session:
        parallel_stored = session.exec(
            sa.select(sa.func.count())
            .select_from(Assessment)
            .where(Assessment.account_id.in_([who.id for who in at_once]))
        ).scalar_one()

    raw = engine.raw_connection()  # the driver's own connection: plain SQL, no ORM
    mark = "?" if url.startswith("sqlite") else "%s"
    cursor = raw.cursor()
    cursor.execute("CREATE TABLE plain (account_id INTEGER, year INTEGER, total INTEGER)")
    raw.commit()
    began = time.perf_counter()
    for n in range(len(fresh)):
        cursor.execute(f"INSERT INTO plain VALUES ({mark}, 2026, 80)", (n,))
        raw.commit()
    plain = len(fresh) / (time.perf_counter() - began)

    def insert_all(batch: list[Actor]) -> int:
        own = engine.raw_connection()  # one driver connection per thread, as the pool gives
        try:
            cur = own.cursor()
            for who in batch:
                cur.execute(f"INSERT INTO plain VALUES ({mark}, 2027, 80)", (who.id,))
                own.commit()
        finally:
            own.close()
        return len(batch)

    plain_parallel, plain_errors = at_the_same_time(insert_all, at_once)
    cursor.execute("SELECT count(*) FROM plain WHERE year = 2027")
    plain_parallel_stored = cursor.fetchone()[0]

    def sql(query: str):
        cursor.execute(query)
        return cursor.fetchall()

    recognised = "sum(CASE WHEN recognised THEN 1 ELSE 0 END)"
    admin = Actor(id=0, role=ADMIN, unit_id=1, full_name="Bench", cccd_masked="")

    def changed() -> None:  # what a submission does to the unit's figures
        with Session(engine) as writer:
            touch(writer, 7)
            writer.commit()

    def all_changed() -> None:  # nothing cached: e.g. the first look after a restart
        with Session(engine) as writer:
            for unit_id in range(1, UNITS + 1):
                touch(writer, unit_id)
            writer.commit()

    with Session(engine) as session:
        province_cold = timed(lambda: unit_rollup(session, admin, parent_id=None, year=2026), 3,
                              before=all_changed)  # fmt: skip
        one_unit = timed(lambda: unit_overview(session, admin, unit_id=7, year=2026),
                         before=changed)  # fmt: skip
        province = timed(lambda: unit_rollup(session, admin, parent_id=None, year=2026), 3,
                         before=changed)  # fmt: skip
        one_unit_cached = timed(lambda: unit_overview(session, admin, unit_id=7, year=2026))
        province_cached = timed(lambda: unit_rollup(session, admin, parent_id=None, year=2026))
    members = "role IN ('citizen', 'manager', 'leader')"
    # The baselines compute the same figures as CDHT in plain SQL through the driver.
    one_unit_sql = timed(
        lambda: (
            sql(f"SELECT count(*) FROM account WHERE unit_id = 7 AND {members}"),
            sql(
                "SELECT total, first_submitted_on, recognised, count(*), sum(comp1_points), "
                "sum(comp2_points), sum(comp3_points) FROM assessment "
                "WHERE unit_id = 7 AND year = 2026 GROUP BY total, first_submitted_on, recognised"
            ),
        )
    )
    province_sql = timed(
        lambda: (
            sql("SELECT id, name, code FROM unit"),
            sql("SELECT unit_id, count(*) FROM staffmember GROUP BY unit_id"),
            sql(f"SELECT unit_id, count(*) FROM account WHERE {members} GROUP BY unit_id"),
            sql(
                f"SELECT unit_id, count(*), {recognised} FROM assessment WHERE year = 2026 "
                "GROUP BY unit_id"
            ),
        ),
        3,
    )
    raw.close()
    engine.dispose()
    print(f"{'figure (' + label + ')':<52}{'CDHT':>8}{'baseline':>12}{'ratio':>8}")
    print(f"{'submissions per second (real submit path)':<52}{ours:>8.0f}{plain:>12.0f}"
          f"{plain / ours:>8.2f}")  # fmt: skip
    print(f"{f'{THREADS} threads x {PER_THREAD} submissions: per second':<52}"
          f"{parallel:>8.0f}{plain_parallel:>12.0f}{plain_parallel / parallel:>8.2f}")  # fmt: skip
    print(f"{f'{THREADS} threads x {PER_THREAD} submissions: stored, errors':<52}"
          f"{f'{parallel_stored}, {parallel_errors}':>8}"
          f"{f'{plain_parallel_stored}, {plain_errors}':>12}")  # fmt: skip
    for name, ours, baseline in (
        ("dashboard figures, one unit, after a write (ms)", one_unit, one_unit_sql),
        ("dashboard figures, one unit, cached (ms)", one_unit_cached, one_unit_sql),
        ("roll-up of 500 units, every unit changed (ms)", province_cold, province_sql),
        ("roll-up of 500 units, after a write to one (ms)", province, province_sql),
        ("roll-up of 500 units, cached (ms)", province_cached, province_sql),
    ):
        print(f"{name:<52}{ours * 1000:>8.1f}{baseline * 1000:>12.1f}{ours / baseline:>8.2f}")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        measure(f"sqlite:///{Path(tmp) / 'province.db'}", "SQLite")
    server = os.environ.get("CDHT_TEST_POSTGRES_URL", DEFAULT_POSTGRES)
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"cdht_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        url = sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
        measure(url, "PostgreSQL")
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


if __name__ == "__main__":
    main()
