"""Writes at the same moment, on both engines: 20 threads × 50 submissions all stored without
error; two administrators giving units one name, one of them refused."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlmodel import Session, func, select

from cdht.db.actors import actor_for
from cdht.db.assessments import submit_assessment
from cdht.db.engine import init_db, make_engine
from cdht.db.models import Account, Assessment, Unit
from cdht.db.transaction import transaction
from cdht.db.units import NAME_TAKEN, UnitError, create_unit, update_unit
from cdht.passwords import hash_password
from cdht.roles import ADMIN
from tests.conftest import DEFAULTS, JUNE, add_user

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


@pytest.mark.parametrize("second", ["create", "rename"])
def test_two_units_named_alike_at_one_moment_leave_one_with_the_name(engine_url, second):
    """The second administrator's check runs while the first one's new unit is written but not
    yet committed, so it finds no unit of that name; the database refuses the second all the
    same, and the page gets the message of a name taken."""
    engine = make_engine(engine_url)
    init_db(engine)
    with Session(engine, expire_on_commit=False) as setup:
        parent = create_unit(setup, None, name="Hội Khuyến học tỉnh", now=JUNE)
        other = create_unit(setup, None, name="Phòng Nội vụ", parent_code=parent.code, now=JUNE)
        admin = add_user(setup, ADMIN, "051080125756", "Lê Quản Trị", parent.code)
    outcome: list[object] = []

    def second_administrator() -> None:
        with Session(engine) as session:
            try:
                if second == "create":
                    create_unit(
                        session, admin, name="  phòng GIÁO DỤC ", parent_code=parent.code, now=JUNE
                    )
                else:
                    update_unit(
                        session, admin, unit_id=other.id, name="Phòng giáo dục",
                        contact_name="", contact_phone="", head_title="", default_group="III",
                        now=JUNE,
                    )  # fmt: skip
                outcome.append("stored")
            except UnitError as refused:
                outcome.append(refused.errors)

    with Session(engine) as first, transaction(first):
        create_unit(first, admin, name="Phòng Giáo dục", parent_code=parent.code, now=JUNE)
        racer = threading.Thread(target=second_administrator)
        racer.start()
        racer.join(timeout=1.0)
        assert racer.is_alive()  # its write waits for the first one's, its check already passed
    racer.join(timeout=30)
    assert outcome == [{"name": NAME_TAKEN}]
    with Session(engine) as session:
        names = session.exec(select(Unit.name).where(Unit.parent_id == parent.id)).all()
    assert sorted(names) == ["Phòng Giáo dục", "Phòng Nội vụ"]
    engine.dispose()
