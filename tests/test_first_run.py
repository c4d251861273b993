"""The first-run set-up needs the one-time code `python -m cdht init` prints: without it nothing
is created, it works once, and two people pressing at once make one administrator."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from sqlmodel import Session, func, select

from cdht.db.engine import init_db, make_engine
from cdht.db.models import Account, SetupCode, Unit
from cdht.db.setup import (
    ALREADY_DONE,
    WRONG_CODE,
    FirstUnit,
    SetupError,
    initialise_system,
    issue_setup_code,
)
from cdht.roles import ADMIN
from cdht.setup_code import code_hash
from tests.conftest import JUNE, PASSWORD
from tests.test_pages import app, db, field_errors  # noqa: F401  (db is a fixture)

THREADS = 8
FIRST = FirstUnit(
    name="Hội Khuyến học tỉnh Quảng Ngãi",
    code=None,
    contact_name="",
    contact_phone="",
    default_group="III",
    year=2026,
    opens_on=date(2026, 1, 1),
    closes_on=date(2026, 10, 31),
)


def counts(session: Session) -> tuple[int, int]:
    accounts = session.exec(select(func.count()).select_from(Account)).one()
    units = session.exec(select(func.count()).select_from(Unit)).one()
    return accounts, units


def set_up(session: Session, code: str, cccd: str = "051080000001") -> None:
    initialise_system(
        session,
        setup_code=code,
        unit=FIRST,
        cccd=cccd,
        full_name="Phạm Quốc Huy",
        password=PASSWORD,
        now=JUNE,
    )


def test_only_the_hash_is_stored_and_a_new_code_replaces_the_old(session):
    first = issue_setup_code(session, now=JUNE)
    second = issue_setup_code(session, now=JUNE)
    assert first != second
    stored = session.exec(select(SetupCode.code_hash)).all()
    assert stored == [code_hash(second)]
    assert first not in stored[0] and second not in stored[0]
    with pytest.raises(SetupError) as err:
        set_up(session, first)
    assert str(err.value) == WRONG_CODE and err.value.field == "setup_code"
    assert counts(session) == (0, 0)
    set_up(session, second.lower().replace("-", " "))  # typed loosely
    assert counts(session) == (1, 1)
    assert session.exec(select(Account.role)).one() == ADMIN
    assert session.exec(select(func.count()).select_from(SetupCode)).one() == 0
    assert issue_setup_code(session, now=JUNE) is None  # set up: no code any more


def test_without_the_code_nothing_is_created(session):
    issue_setup_code(session, now=JUNE)
    for wrong in ("", "AAAA-AAAA-AAAA", "' OR 1=1 --"):
        with pytest.raises(SetupError):
            set_up(session, wrong)
    assert counts(session) == (0, 0)


def test_a_refused_field_keeps_the_code_for_another_try(session):
    code = issue_setup_code(session, now=JUNE)
    with pytest.raises(ValueError):
        set_up(session, code, cccd="123")
    assert counts(session) == (0, 0)
    set_up(session, code)
    assert counts(session) == (1, 1)
    with pytest.raises(SetupError) as err:
        set_up(session, code, cccd="051080000002")
    assert str(err.value) == ALREADY_DONE


def test_parallel_presses_with_the_right_code_make_one_administrator(engine_url):
    engine = make_engine(engine_url)
    init_db(engine)
    with Session(engine) as session:
        code = issue_setup_code(session, now=JUNE)
    start = threading.Barrier(THREADS)

    def press(n: int) -> str:
        with Session(engine) as session:
            start.wait()
            try:
                set_up(session, code, cccd=f"0510800000{n:02d}")
            except SetupError as exc:
                return str(exc)
            return "created"

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        outcomes = list(pool.map(press, range(THREADS)))
    assert outcomes.count("created") == 1
    assert all(o in (WRONG_CODE, ALREADY_DONE) for o in outcomes if o != "created")
    with Session(engine) as session:
        assert counts(session) == (1, 1)
    engine.dispose()


def fill(at, code: str) -> None:
    fields = {f.label: f for f in at.text_input}
    fields["Mã khởi tạo *"].input(code)
    fields["Tên đơn vị *"].input("Hội Khuyến học tỉnh Quảng Ngãi")
    fields["Mã đơn vị (8 ký tự, để trống để hệ thống tự tạo)"].input("QnG2026a")
    fields["Số CCCD *"].input("051080000001")
    fields["Họ và tên *"].input("Phạm Quốc Huy")
    fields["Mật khẩu *"].input(PASSWORD)
    fields["Nhập lại mật khẩu *"].input(PASSWORD)
    at.button[0].click()
    at.run()
    assert not at.exception, at.exception


def test_first_run_page_asks_for_the_code(db):  # noqa: F811
    code = issue_setup_code(db, now=JUNE)
    at = app()
    assert at.title[0].value == "Khởi tạo hệ thống"
    fill(at, "ABCD-EFGH-JKLM")
    assert at.title[0].value == "Khởi tạo hệ thống"
    assert WRONG_CODE in field_errors(at)
    assert counts(db) == (0, 0)
    fill(at, code)
    assert at.title[0].value == "Đăng nhập"
    assert "QnG2026a" in at.success[0].value
    admin = db.exec(select(Account)).one()
    assert admin.role == ADMIN and admin.cccd == "051080000001"
