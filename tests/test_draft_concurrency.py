"""Parallel saves of one person's draft (two tabs, two devices, quick clicks): every save goes
through and one row is left, holding one of the saves whole, on both engines."""

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import Session, select

from cdht.db.actors import actor_for
from cdht.db.assessments import load_draft, save_draft
from cdht.db.engine import init_db, make_engine
from cdht.db.models import Account, AssessmentDraft
from cdht.db.units import create_unit
from cdht.passwords import hash_password
from tests.conftest import JUNE

PEOPLE, THREADS = 10, 8


def test_parallel_saves_of_the_same_draft_leave_one_whole_row(engine_url):
    engine = make_engine(engine_url)
    init_db(engine)
    digest = hash_password("Hoc-tap-suot-doi-2026")
    with Session(engine, expire_on_commit=False) as session:
        unit = create_unit(session, None, name="Sở Giáo dục", code="SoGD2026", now=JUNE)
        accounts = [
            Account(
                cccd=f"05109{n:07d}",
                full_name=f"Người Thứ {n}",
                gender="Nam",
                birth_year=1990,
                unit_id=unit.id,
                password_hash=digest,
                created_at=JUNE,
            )
            for n in range(PEOPLE)
        ]
        session.add_all(accounts)
        session.commit()
        people = [actor_for(a) for a in accounts]
    # Save n of a person: indicator "1" scored n, a note naming n.
    saves = {n: ({"1": n, "2": 5}, {"1": f"Lần lưu {n}"}) for n in range(THREADS)}

    for who in people:
        barrier = threading.Barrier(THREADS)

        def worker(n: int, who=who, barrier=barrier) -> int:
            answers, notes = saves[n]
            barrier.wait()
            with Session(engine) as session:
                draft = save_draft(
                    session, who, group="III", answers=answers, notes=notes, now=JUNE
                )
            return draft.answers["1"]

        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            saved = sorted(pool.map(worker, range(THREADS)))
        assert saved == list(range(THREADS))
        with Session(engine) as session:
            rows = session.exec(
                select(AssessmentDraft).where(AssessmentDraft.account_id == who.id)
            ).all()
            draft = load_draft(session, who, year=2026)
        assert len(rows) == 1
        n = draft.answers["1"]
        assert (draft.group, draft.answers, draft.notes) == ("III", *saves[n])
    engine.dispose()
