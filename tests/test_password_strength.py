"""Password strength (zxcvbn, knowing the person's own data, Vietnamese advice), temporary
passwords that expire, and who may reset whose password."""

import ast
import inspect
from datetime import timedelta

import pytest
import zxcvbn.feedback
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlmodel import select

from cdht.db.accounts import (
    AccountError,
    TemporaryPasswordExpired,
    authenticate,
    change_password,
    create_user,
    register_citizen,
    reset_notice,
    reset_password,
)
from cdht.db.models import Account
from cdht.passwords import FEEDBACK_VI, OWN_DATA, password_problem
from cdht.roles import ADMIN, CITIZEN, LEADER, MANAGER, PermissionDenied
from cdht.window import now_utc
from tests.conftest import JUNE, PASSWORD, add_citizen, add_user, make_registration
from tests.test_pages import app, db, goto, people, texts  # noqa: F401  (fixtures)

UNIT = {"unit_name": "Ban Dân tộc tỉnh Quảng Ngãi", "unit_code": "B51pzCjW"}
AN = {"cccd": "051090123456", "birth_year": 1990, "full_name": "Nguyễn Văn An"}
ENGLISH = ("guess", "password", "Avoid", "Add ", "word", "Use ", "years")

# --- the estimate ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["Nguyen-Van-An-1990", "AnNguyen1990!", "DanToc2026!", "dantoc@2026", "b51pzcjw-2026"],
)
def test_the_persons_own_data_is_known(password):
    assert password_problem(password) is None  # strong for a stranger's estimate
    problem = password_problem(password, **AN, **UNIT)
    assert problem and OWN_DATA in problem


def test_separators_do_not_hide_a_name_and_year():
    problem = password_problem("Huy-Pham-1990!", full_name="Phạm Quốc Huy", birth_year=1990)
    assert problem and OWN_DATA in problem


@pytest.mark.parametrize(
    "password",
    ["qwertyuiop", "abcdefgh12", "abcabcabc1", "Tp2026ab", "Password2", "19901990", "zaq12wsx"],
)
def test_weak_passwords_get_vietnamese_advice(password):
    problem = password_problem(password)
    assert problem and problem.startswith("Mật khẩu này dễ bị dò ra.")
    assert not any(word in problem for word in ENGLISH), problem


def test_every_message_zxcvbn_gives_has_a_translation():
    tree = ast.parse(inspect.getsource(zxcvbn.feedback))
    messages = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_"
    }
    assert len(messages) > 20
    assert messages == set(FEEDBACK_VI)


@settings(max_examples=60)
@given(st.text(min_size=8, max_size=40))
def test_no_english_ever_reaches_the_person(password):
    problem = password_problem(password, **AN, **UNIT)
    assert problem is None or not any(word in problem for word in ENGLISH), problem


@pytest.mark.parametrize(
    "password, person",
    [
        (PASSWORD, AN),
        (PASSWORD, {"cccd": "051080000001", "birth_year": 1980, "full_name": "Phạm Quốc Huy"}),
        ("Mat-khau-moi-2026", AN),
        (
            "Quan-ly-2026!",
            {"cccd": "051085000111", "birth_year": 1985, "full_name": "Trần Minh Sơn"},
        ),
    ],
)
def test_the_suites_passwords_are_strong_for_their_people(password, person):
    assert password_problem(password, **person, **UNIT) is None


# --- the data layer (both engines) ---------------------------------------------------------------


def test_sign_up_change_and_create_judge_with_the_unit_known(session, unit):
    with pytest.raises(AccountError) as err:
        register_citizen(session, make_registration(password="DanToc2026!"), now=JUNE)
    assert err.value.field == "password" and OWN_DATA in str(err.value)
    assert session.exec(select(Account)).all() == []
    with pytest.raises(AccountError) as err:
        create_user(
            session,
            unit_code=unit.code,
            cccd="051085000111",
            full_name="Trần Minh Sơn",
            role=MANAGER,
            password="Tran-Minh-Son-1985",
            now=JUNE,
        )
    assert err.value.field == "password"
    citizen = add_citizen(session)
    with pytest.raises(AccountError) as err:
        change_password(
            session,
            citizen,
            current=PASSWORD,
            new="Nguyen-Van-An-1990",
            confirm="Nguyen-Van-An-1990",
            now=JUNE,
        )
    assert err.value.field == "new" and OWN_DATA in str(err.value)


def test_a_manager_resets_citizens_only(session, unit):
    manager = add_user(session, MANAGER, "051085000111", "Trần Minh Sơn")
    colleague = add_user(session, MANAGER, "051086000444", "Đỗ Văn Tài")
    leader = add_user(session, LEADER, "051175000222", "Lê Thị Nhung")
    admin = add_user(session, ADMIN, "051080000001", "Phạm Quốc Huy")
    citizen = add_citizen(session)
    hashes = {a.id: a.password_hash for a in session.exec(select(Account)).all()}
    for target in (colleague, leader, admin):  # taking over a colleague's account
        with pytest.raises(PermissionDenied):
            reset_password(session, manager, account_id=target.id, now=JUNE)
    session.expire_all()
    assert {a.id: a.password_hash for a in session.exec(select(Account)).all()} == hashes
    assert authenticate(session, "051086000444", PASSWORD, now=JUNE) is not None
    reset_password(session, manager, account_id=citizen.id, now=JUNE)
    for target in (colleague, leader):
        reset_password(session, admin, account_id=target.id, now=JUNE + timedelta(minutes=5))
    notice = reset_notice(session, leader)
    assert (notice.by_name, notice.by_role) == ("Phạm Quốc Huy", ADMIN)
    assert notice.at == JUNE + timedelta(minutes=5)
    assert reset_notice(session, citizen).by_name == "Trần Minh Sơn"
    assert reset_notice(session, manager) is None  # no reset: nothing to tell


def test_a_temporary_password_expires(session, unit):
    manager = add_user(session, MANAGER, "051085000111", "Trần Minh Sơn")
    citizen = add_citizen(session)
    temporary = reset_password(
        session, manager, account_id=citizen.id, now=JUNE, valid_for=timedelta(hours=72)
    )
    later = JUNE + timedelta(hours=72)
    assert authenticate(session, "051090123456", "sai-mat-khau", now=later) is None  # says nothing
    with pytest.raises(TemporaryPasswordExpired):
        authenticate(session, "051090123456", temporary, now=later)
    who = authenticate(session, "051090123456", temporary, now=later - timedelta(minutes=1))
    assert who is not None and who.must_change_password
    updated = change_password(
        session,
        who,
        current=temporary,
        new="Mat-khau-moi-2026",
        confirm="Mat-khau-moi-2026",
        now=later - timedelta(minutes=1),
    )
    assert authenticate(session, "051090123456", "Mat-khau-moi-2026", now=later) == updated
    assert reset_notice(session, updated) is None
    assert session.get(Account, citizen.id).temporary_until is None


# --- the pages -----------------------------------------------------------------------------------


def log_in(at, number: str, password: str):
    at.text_input[0].input(number)
    at.text_input[1].input(password)
    at.button[0].click()
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_person_is_told_who_reset_their_password_and_when(db, people):  # noqa: F811
    temporary = reset_password(db, people[ADMIN], account_id=people[MANAGER].id, now=now_utc())
    at = log_in(app(), "051085000111", temporary)
    assert at.title[0].value == "Đổi mật khẩu"
    warning = at.warning[0].value
    assert "Mật khẩu của bạn đã được Phạm Quốc Huy (quản trị hệ thống) cấp lại lúc" in warning


def test_an_expired_temporary_password_asks_for_a_new_one(db, people):  # noqa: F811
    temporary = reset_password(
        db, people[MANAGER], account_id=people[CITIZEN].id, now=now_utc() - timedelta(hours=73)
    )
    at = log_in(app(), "051090123456", temporary)
    assert at.title[0].value == "Đăng nhập"
    assert "Mật khẩu tạm này đã hết hạn" in at.error[0].value
    at = log_in(app(), "051090123456", "sai-mat-khau")
    assert "hết hạn" not in at.error[0].value


def test_the_members_page_offers_a_manager_citizens_only(db, people):  # noqa: F811
    at = goto(app(people[MANAGER]), "members")
    assert at.selectbox(key="reset_person").options == ["Nguyễn Văn An (051*******56)"]
    assert "do quản trị hệ thống cấp lại" in texts(at)
    at = goto(app(people[ADMIN]), "members")
    assert len(at.selectbox(key="reset_person").options) == 3  # everyone but themself
