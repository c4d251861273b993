"""20 threads × 50 submissions at once: every one stored, no error, on both engines."""

from concurrent.futures import ThreadPoolExecutor

from sqlmodel import Session, func, select

from cdht.db.actors import actor_for
from cdht.db.assessments import submit_assessment
from cdht.db.engine import init_db, make_engine
from cdht.db.models import Account, Assessment
from cdht.db.units import create_unit
from cdht.passwords import hash_password
from tests.conftest import DEFAULTS, JUNE

THREADS, PER_THREAD = 20, 50


def test_parallel_submissions_all_stored(engine_url, criteria_sets):
    engine = make_engine(engine_url)
    init_db(engine)
    crit = criteria_sets["III"]
    digest = hash_password("Hoc-tap-suot-doi-2026")
    with Session(engine, expire_on_commit=False) as session:
        unit = create_unit(session, None, name="Sở Giáo dục", code="SoGD2026", now=JUNE)
        accounts = [
            Account(
                cccd=f"0510{80 + n % 20:02d}{n:06d}",
                full_name=f"Người Thứ {n}",
                gender="Nam",
                birth_year=1980 + n % 20,
                unit_id=unit.id,
                password_hash=digest,
                created_at=JUNE,
            )
            for n in range(THREADS * PER_THREAD)
        ]
        session.add_all(accounts)
        session.commit()
        people = [actor_for(a) for a in accounts]
    answers = {i.id: 10 if int(i.id) % 2 else 8 for i in crit.indicators}
    expected_total = sum(answers.values())

    def worker(batch: list) -> int:
        done = 0
        for who in batch:
            with Session(engine) as session:
                result = submit_assessment(
                    session,
                    who,
                    criteria=crit,
                    answers=answers,
                    notes={},
                    now=JUNE,
                    window_defaults=DEFAULTS,
                )
                done += result.score.total == expected_total
        return done

    batches = [people[i::THREADS] for i in range(THREADS)]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        stored = sum(pool.map(worker, batches))
    assert stored == THREADS * PER_THREAD
    with Session(engine) as session:
        count = session.exec(select(func.count()).select_from(Assessment)).one()
        totals = set(session.exec(select(Assessment.total)).all())
    assert count == THREADS * PER_THREAD and totals == {expected_total}
    engine.dispose()
