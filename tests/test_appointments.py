"""Roles given from the web and the command line: administrators appoint and remove managers and
leaders of any unit, a manager the leaders of their own unit; each change is audited and ends the
person's sessions. On SQLite and PostgreSQL."""

import pytest
from sqlmodel import select

from cdht.db.accounts import (
    AccountError,
    appoint_new,
    appoint_parent_manager,
    authenticate,
    parent_managers,
    set_role,
)
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


def test_admin_appoints_a_parent_units_managers_new_and_existing(session, cast):
    parent_id = cast[MANAGER].unit_id  # B51pzCjW, the parent of NghiaH01
    admin = cast[ADMIN]
    new = appoint_parent_manager(
        session, admin, unit_id=parent_id, cccd="051 075 000 333", full_name="hồ văn nam", now=JUNE
    )
    assert (new.full_name, new.cccd_masked) == ("Hồ Văn Nam", "051*******33")
    who = authenticate(session, "051075000333", new.temporary, now=JUNE)
    assert (who.role, who.unit_id, who.must_change_password) == (MANAGER, parent_id, True)
    citizen = cast[CITIZEN]
    made = appoint_parent_manager(
        session, admin, unit_id=parent_id, cccd="051090123456", full_name="nguyễn văn an", now=JUNE
    )
    assert made.temporary is None and role_of(session, citizen) == MANAGER
    names = [m.full_name for m in parent_managers(session, admin, unit_id=parent_id)]
    assert names == ["Nguyễn Văn An", "Hồ Văn Nam", "Trần Minh Sơn"]
    actions = session.exec(
        select(AuditEvent.action, AuditEvent.detail).where(AuditEvent.actor_id == admin.id)
    ).all()
    assert ("account.create", f"account={who.id} role=manager") in actions
    assert ("account.role", f"account={citizen.id} from=citizen to=manager") in actions


@pytest.mark.parametrize(
    ("where", "cccd", "name", "field", "message"),
    [
        ("child", "051075000333", "Hồ Văn Nam", "unit", "chưa có đơn vị thành viên"),
        ("parent", "0510750", "Hồ Văn Nam", "cccd", "12 chữ số"),
        ("parent", "051075000333", "Nam", "full_name", "đầy đủ họ và tên"),
        ("parent", "051190654321", "Lê Thị Bình", "cccd", "đơn vị khác"),  # a pupil of the child
        ("parent", "051090123456", "Trần Văn Khác", "full_name", "không khớp"),
        ("parent", "051085000111", "Trần Minh Sơn", "cccd", "đã là người quản lý"),
    ],
)
def test_a_parent_units_manager_refused_names_the_field_and_stores_nothing(
    session, cast, where, cccd, name, field, message
):
    unit_id = cast["child"].id if where == "child" else cast[MANAGER].unit_id
    before = session.exec(select(AuditEvent.id)).all()
    with pytest.raises(AccountError, match=message) as refused:
        appoint_parent_manager(
            session, cast[ADMIN], unit_id=unit_id, cccd=cccd, full_name=name, now=JUNE
        )
    assert refused.value.field == field
    assert session.exec(select(AuditEvent.id)).all() == before
    assert session.exec(select(Account).where(Account.cccd == "051075000333")).first() is None
    assert role_of(session, cast[CITIZEN]) == CITIZEN


@pytest.mark.parametrize("role", [MANAGER, CITIZEN])
def test_only_an_administrator_appoints_or_lists_a_parent_units_managers(session, cast, role):
    parent_id = cast[MANAGER].unit_id  # the manager's own unit: still refused
    with pytest.raises(PermissionDenied, match="Chỉ quản trị hệ thống"):
        appoint_parent_manager(
            session,
            cast[role],
            unit_id=parent_id,
            cccd="051075000333",
            full_name="Hồ Văn Nam",
            now=JUNE,
        )
    with pytest.raises(PermissionDenied):
        parent_managers(session, cast[role], unit_id=parent_id)
    assert session.exec(select(Account).where(Account.cccd == "051075000333")).first() is None
