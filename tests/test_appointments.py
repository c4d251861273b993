"""Roles given from the web and the command line: administrators appoint and remove managers and
leaders of any unit, a manager the leaders of their own unit; each change is audited and ends the
person's sessions. On SQLite and PostgreSQL."""

import pytest
from sqlmodel import select

from cdht.db.accounts import AccountError, appoint_new, authenticate, set_role
from cdht.db.models import Account, AuditEvent
from cdht.db.units import create_unit
from cdht.db.web_sessions import start_session, still_live
from cdht.roles import ADMIN, CITIZEN, LEADER, MANAGER, PermissionDenied
from tests.conftest import JUNE, add_citizen, add_user


@pytest.fixture
def cast(session, unit):
    child = create_unit(
        session,
        None,
        name="Trường THCS Nghĩa Hành",
        code="NghiaH01",
        parent_code=unit.code,
        now=JUNE,
    )
    session.commit()
    return {
        "child": child,
        ADMIN: add_user(session, ADMIN, "051080000001", "Phạm Quốc Huy"),
        MANAGER: add_user(session, MANAGER, "051085000111", "Trần Minh Sơn"),
        CITIZEN: add_citizen(session),
        "pupil": add_citizen(
            session, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình", unit_code="NghiaH01"
        ),
    }


def role_of(session, who) -> str:
    account = session.get(Account, who.id)
    session.refresh(account)
    return account.role


def test_admin_appoints_a_child_units_manager_who_is_logged_out(session, cast):
    pupil = cast["pupil"]
    sid, _ = start_session(session, pupil, now=JUNE)
    set_role(session, cast[ADMIN], account_id=pupil.id, role=MANAGER, now=JUNE)
    assert role_of(session, pupil) == MANAGER
    assert not still_live(session, sid, now=JUNE)  # the new menu at the next login
    detail = session.exec(
        select(AuditEvent.detail).where(AuditEvent.action == "account.role")
    ).one()
    assert detail == f"account={pupil.id} from=citizen to=manager"
    set_role(session, cast[ADMIN], account_id=pupil.id, role=CITIZEN, now=JUNE)  # and removes
    assert role_of(session, pupil) == CITIZEN


def test_a_manager_appoints_leaders_of_their_own_unit_only(session, cast):
    manager, citizen = cast[MANAGER], cast[CITIZEN]
    set_role(session, manager, account_id=citizen.id, role=LEADER, now=JUNE)
    assert role_of(session, citizen) == LEADER
    with pytest.raises(PermissionDenied):  # not a manager
        set_role(session, manager, account_id=citizen.id, role=MANAGER, now=JUNE)
    with pytest.raises(PermissionDenied):  # not another unit's people
        set_role(session, manager, account_id=cast["pupil"].id, role=LEADER, now=JUNE)
    with pytest.raises(PermissionDenied):  # not themselves
        set_role(session, manager, account_id=manager.id, role=CITIZEN, now=JUNE)
    with pytest.raises(PermissionDenied):  # not an administrator
        set_role(session, manager, account_id=cast[ADMIN].id, role=CITIZEN, now=JUNE)
    with pytest.raises(PermissionDenied):  # a citizen appoints nobody
        set_role(session, citizen, account_id=manager.id, role=CITIZEN, now=JUNE)
    assert role_of(session, manager) == MANAGER


def test_admin_creates_a_new_manager_with_a_one_time_password(session, cast):
    child = cast["child"]
    temporary = appoint_new(
        session,
        cast[ADMIN],
        unit_id=child.id,
        cccd="051 075 000 333",
        full_name="hồ văn nam",
        role=MANAGER,
        now=JUNE,
    )
    who = authenticate(session, "051075000333", temporary, now=JUNE)
    assert (who.role, who.unit_id, who.full_name) == (MANAGER, child.id, "Hồ Văn Nam")
    assert who.must_change_password
    with pytest.raises(AccountError, match="đã được đăng ký"):
        appoint_new(
            session,
            cast[ADMIN],
            unit_id=child.id,
            cccd="051075000333",
            full_name="Hồ Văn Nam",
            role=LEADER,
            now=JUNE,
        )
    with pytest.raises(PermissionDenied):  # a manager cannot make managers
        appoint_new(
            session,
            cast[MANAGER],
            unit_id=cast[MANAGER].unit_id,
            cccd="051075000444",
            full_name="Võ Văn Tư",
            role=MANAGER,
            now=JUNE,
        )


def test_the_command_line_may_set_any_role(session, cast):
    set_role(session, None, account_id=cast[CITIZEN].id, role=ADMIN, now=JUNE)
    assert role_of(session, cast[CITIZEN]) == ADMIN
    with pytest.raises(AccountError):
        set_role(session, None, account_id=cast[CITIZEN].id, role="boss", now=JUNE)
