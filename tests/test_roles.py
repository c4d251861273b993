"""The permission predicates of cdht/roles.py on their own: every role against its own unit,
another unit, itself and an administrator. The data layer's refusals are attacked in
tests/test_authorisation.py."""

import pytest

from cdht.roles import (
    ADMIN,
    CITIZEN,
    LEADER,
    MANAGER,
    Actor,
    PermissionDenied,
    appointable_roles,
    can_appoint,
    can_appoint_parent_managers,
    can_close_account,
    can_erase_account,
    can_manage_unit,
    can_read_rollup,
    can_read_unit,
    can_reset_password,
    can_see_unit_evidence,
    require_appoint,
    require_appoint_parent_managers,
    require_evidence_access,
    require_read_rollup,
    require_unit_evidence,
    sees_every_unit,
)

HOME, OTHER = 1, 2


def actor(role: str, id: int = 10, unit_id: int = HOME) -> Actor:
    return Actor(id=id, role=role, unit_id=unit_id, full_name="Người Thử", cccd_masked="051***456")


ADMIN_, MANAGER_, LEADER_, CITIZEN_ = (
    actor(r, id=n) for n, r in enumerate((ADMIN, MANAGER, LEADER, CITIZEN), start=10)
)


def test_only_administrators_see_every_unit():
    assert [sees_every_unit(a) for a in (ADMIN_, MANAGER_, LEADER_, CITIZEN_)] == [
        True,
        False,
        False,
        False,
    ]


def test_reading_and_managing_a_unit():
    assert [can_read_unit(a, HOME) for a in (ADMIN_, MANAGER_, LEADER_, CITIZEN_)] == [
        True,
        True,
        True,
        False,
    ]
    assert [can_read_unit(a, OTHER) for a in (ADMIN_, MANAGER_, LEADER_)] == [True, False, False]
    assert [can_manage_unit(a, HOME) for a in (ADMIN_, MANAGER_, LEADER_, CITIZEN_)] == [
        True,
        True,
        False,
        False,
    ]
    assert can_manage_unit(MANAGER_, OTHER) is False


def test_rollup_of_a_parent_unit():
    # a manager reads the roll-up of the unit they manage (its member units), nothing wider
    assert can_read_rollup(MANAGER_, HOME) is True
    assert can_read_rollup(MANAGER_, OTHER) is False
    assert can_read_rollup(MANAGER_, None) is False  # every unit: administrators only
    assert can_read_rollup(LEADER_, HOME) is False
    assert can_read_rollup(CITIZEN_, HOME) is False
    assert can_read_rollup(ADMIN_, None) is True and can_read_rollup(ADMIN_, OTHER) is True
    require_read_rollup(MANAGER_, HOME)
    with pytest.raises(PermissionDenied, match="tổng hợp"):
        require_read_rollup(LEADER_, HOME)


def test_members_evidence_is_for_the_units_manager_only():
    assert can_see_unit_evidence(MANAGER_, HOME) is True
    assert can_see_unit_evidence(MANAGER_, OTHER) is False
    assert can_see_unit_evidence(ADMIN_, HOME) is False  # the members' own papers
    assert can_see_unit_evidence(LEADER_, HOME) is False
    with pytest.raises(PermissionDenied):
        require_unit_evidence(ADMIN_, HOME)
    require_evidence_access(CITIZEN_, owner_id=CITIZEN_.id, unit_id=HOME)  # one's own files
    require_evidence_access(MANAGER_, owner_id=99, unit_id=HOME)
    for who in (ADMIN_, LEADER_, actor(CITIZEN, id=11), actor(MANAGER, unit_id=OTHER)):
        with pytest.raises(PermissionDenied):
            require_evidence_access(who, owner_id=CITIZEN_.id, unit_id=HOME)


def test_password_resets():
    assert can_reset_password(MANAGER_, account_id=99, role=CITIZEN) is True
    assert can_reset_password(MANAGER_, account_id=99, role=LEADER) is False
    assert can_reset_password(MANAGER_, account_id=99, role=MANAGER) is False
    assert all(can_reset_password(ADMIN_, account_id=99, role=r) for r in (CITIZEN, MANAGER, ADMIN))
    assert can_reset_password(ADMIN_, account_id=ADMIN_.id, role=ADMIN) is False  # one's own
    assert can_reset_password(LEADER_, account_id=99, role=CITIZEN) is False
    assert can_reset_password(CITIZEN_, account_id=99, role=CITIZEN) is False


def test_roles_given_from_the_web():
    assert appointable_roles(ADMIN_) == (CITIZEN, LEADER, MANAGER)
    assert appointable_roles(MANAGER_) == (CITIZEN, LEADER)
    assert appointable_roles(LEADER_) == () and appointable_roles(CITIZEN_) == ()
    assert can_appoint(ADMIN_, account_id=99, old=CITIZEN, new=MANAGER) is True
    assert can_appoint(ADMIN_, old=CITIZEN, new=LEADER) is True  # a new account
    assert can_appoint(ADMIN_, account_id=99, old=CITIZEN, new=ADMIN) is False
    assert can_appoint(ADMIN_, account_id=99, old=ADMIN, new=CITIZEN) is False
    assert can_appoint(MANAGER_, account_id=99, old=CITIZEN, new=LEADER) is True
    assert can_appoint(MANAGER_, account_id=99, old=LEADER, new=CITIZEN) is True
    assert can_appoint(MANAGER_, account_id=99, old=CITIZEN, new=MANAGER) is False
    assert can_appoint(MANAGER_, account_id=99, old=MANAGER, new=CITIZEN) is False
    assert can_appoint(MANAGER_, account_id=MANAGER_.id, old=CITIZEN, new=LEADER) is False
    assert can_appoint(LEADER_, account_id=99, old=CITIZEN, new=LEADER) is False


def test_require_appoint_names_the_reason():
    require_appoint(MANAGER_, unit_id=HOME, account_id=99, old=CITIZEN, new=LEADER)
    with pytest.raises(PermissionDenied, match="quản lý danh sách"):
        require_appoint(MANAGER_, unit_id=OTHER, account_id=99, old=CITIZEN, new=LEADER)
    with pytest.raises(PermissionDenied, match="tự đổi vai trò"):
        require_appoint(ADMIN_, unit_id=HOME, account_id=ADMIN_.id, old=ADMIN, new=CITIZEN)
    with pytest.raises(PermissionDenied, match="giao vai trò này"):
        require_appoint(MANAGER_, unit_id=HOME, account_id=99, old=CITIZEN, new=MANAGER)


def test_erasing_and_closing_accounts():
    assert can_erase_account(MANAGER_, account_id=99, role=CITIZEN) is True
    assert can_erase_account(MANAGER_, account_id=99, role=ADMIN) is False
    assert can_erase_account(ADMIN_, account_id=99, role=ADMIN) is True
    assert can_erase_account(MANAGER_, account_id=MANAGER_.id, role=MANAGER) is False
    assert can_close_account(MANAGER_, account_id=99, role=CITIZEN) is True
    assert can_close_account(ADMIN_, account_id=99, role=ADMIN) is False  # never an admin's
    assert can_close_account(MANAGER_, account_id=MANAGER_.id, role=MANAGER) is False


def test_a_parent_units_managers_are_appointed_by_an_administrator_only():
    assert can_appoint_parent_managers(ADMIN_) is True
    require_appoint_parent_managers(ADMIN_)
    for other in (MANAGER_, LEADER_, CITIZEN_):
        assert can_appoint_parent_managers(other) is False
        with pytest.raises(PermissionDenied, match="đơn vị cấp trên"):
            require_appoint_parent_managers(other)
