"""Every unit-level data function asked by every role, for their own unit and for another one.

Navigation hiding is not the check: the data layer refuses on its own.
"""

from datetime import date

import pytest

from cdht.criteria import load_all
from cdht.db.accounts import (
    member_actor,
    paper_choices,
    parent_managers,
    reset_password,
    unit_members,
)
from cdht.db.assessments import member_results
from cdht.db.audit_read import audit_events
from cdht.db.decisions import candidates, decision_document, recognised_list, record_decision
from cdht.db.membership import decide, open_reports, pending_people
from cdht.db.rollup import export_rollup, unit_figures, unit_rollup
from cdht.db.roster_rows import (
    export_print_list,
    export_roster,
    print_header,
    results_list,
    roster_rows,
)
from cdht.db.staff import (
    add_staff,
    export_staff,
    listed_elsewhere,
    missing,
    replace_staff,
    staff_list,
)
from cdht.db.stats import department_figures, unit_overview
from cdht.db.units import create_unit, set_unit_window, update_unit
from cdht.roles import ADMIN, CITIZEN, LEADER, MANAGER, PermissionDenied
from cdht.staff_import import StaffEntry
from tests.conftest import JUNE, NOVEMBER, add_citizen, add_user

ROLES = (CITIZEN, LEADER, MANAGER, ADMIN)
# Which roles may call each function for their OWN unit (admins may for any unit).
READ = {LEADER, MANAGER, ADMIN}
MANAGE = {MANAGER, ADMIN}
CALLS = {
    "unit_overview": (READ, lambda s, a, u, m: unit_overview(s, a, unit_id=u, year=2026)),
    "missing": (READ, lambda s, a, u, m: missing(s, a, unit_id=u, year=2026)),
    "roster_rows": (
        MANAGE,
        lambda s, a, u, m: roster_rows(s, a, unit_id=u, year=2026, criteria={}),
    ),
    "export_roster": (
        MANAGE,
        lambda s, a, u, m: export_roster(s, a, unit_id=u, year=2026, criteria={}, now=JUNE),
    ),
    "export_print_list": (
        MANAGE,
        lambda s, a, u, m: export_print_list(s, a, unit_id=u, year=2026, criteria={}, now=JUNE),
    ),
    "print_header": (
        READ,
        lambda s, a, u, m: print_header(s, a, unit_id=u, year=2026, criteria={}),
    ),
    "results_list": (
        READ,
        lambda s, a, u, m: results_list(s, a, unit_id=u, year=2026, criteria={}),
    ),
    "unit_figures": (READ, lambda s, a, u, m: unit_figures(s, a, unit_id=u, year=2026)),
    "department_figures": (READ, lambda s, a, u, m: department_figures(s, a, unit_id=u, year=2026)),
    "pending_people": (MANAGE, lambda s, a, u, m: pending_people(s, a, unit_id=u)),
    "open_reports": (MANAGE, lambda s, a, u, m: open_reports(s, a, unit_id=u)),
    "approve_all": (MANAGE, lambda s, a, u, m: decide(s, a, unit_id=u, approve=True, now=JUNE)),
    "paper_choices": (MANAGE, lambda s, a, u, m: paper_choices(s, a, unit_id=u, year=2026)),
    "export_staff": (MANAGE, lambda s, a, u, m: export_staff(s, a, unit_id=u, now=JUNE)),
    "staff_list": (MANAGE, lambda s, a, u, m: staff_list(s, a, unit_id=u)),
    "listed_elsewhere": (MANAGE, lambda s, a, u, m: listed_elsewhere(s, a, unit_id=u)),
    "add_staff": (
        MANAGE,
        lambda s, a, u, m: add_staff(
            s, a, unit_id=u, entry=StaffEntry("Lê Văn Tư", "051090000444", "", ""), now=JUNE
        ),
    ),
    "replace_staff": (
        MANAGE,
        lambda s, a, u, m: replace_staff(s, a, unit_id=u, entries=[], now=JUNE),
    ),
    "unit_members": (MANAGE, lambda s, a, u, m: unit_members(s, a, unit_id=u)),
    "member_actor": (MANAGE, lambda s, a, u, m: member_actor(s, a, account_id=m)),
    "member_results": (MANAGE, lambda s, a, u, m: member_results(s, a, account_id=m)),
    "reset_password": (MANAGE, lambda s, a, u, m: reset_password(s, a, account_id=m, now=JUNE)),
    "candidates": (MANAGE, lambda s, a, u, m: candidates(s, a, unit_id=u, year=2026)),
    "recognised_list": (MANAGE, lambda s, a, u, m: recognised_list(s, a, unit_id=u, year=2026)),
    "decision_document": (
        MANAGE,
        lambda s, a, u, m: decision_document(
            s, a, unit_id=u, year=2026, now=JUNE, criteria=load_all()
        ),
    ),
    "record_decision": (
        MANAGE,
        lambda s, a, u, m: record_decision(
            s,
            a,
            unit_id=u,
            year=2026,
            number="1",
            signed_on=date(2026, 11, 20),
            signer_name="Lê Văn Hà",
            signer_title="Giám đốc",
            now=NOVEMBER,
        ),
    ),
    "set_unit_window": (
        MANAGE,
        lambda s, a, u, m: set_unit_window(
            s,
            a,
            unit_id=u,
            year=2026,
            opens_on=date(2026, 1, 1),
            closes_on=date(2026, 12, 31),
            now=JUNE,
        ),
    ),
    "update_unit": (
        MANAGE,
        lambda s, a, u, m: update_unit(
            s,
            a,
            unit_id=u,
            name=f"Đơn vị {u}",  # two units of one level may not share a name
            contact_name="",
            contact_phone="",
            head_title="",
            default_group="III",
            now=JUNE,
        ),
    ),
    "unit_rollup": (MANAGE, lambda s, a, u, m: unit_rollup(s, a, parent_id=u, year=2026)),
    "export_rollup": (
        MANAGE,
        lambda s, a, u, m: export_rollup(s, a, parent_id=u, year=2026, now=JUNE),
    ),
}
ADMIN_ONLY = {
    "audit_events": lambda s, a: audit_events(s, a),
    "create_unit": lambda s, a: create_unit(s, a, name="Đơn vị mới", now=JUNE),
    "unit_rollup(all)": lambda s, a: unit_rollup(s, a, parent_id=None, year=2026),
    "export_rollup(all)": lambda s, a: export_rollup(s, a, parent_id=None, year=2026, now=JUNE),
    "parent_managers": lambda s, a: parent_managers(s, a, unit_id=a.unit_id),
}


@pytest.fixture
def world(session, unit):
    other = create_unit(session, None, name="Sở Tư pháp", code="SoTP0001", now=JUNE)
    session.commit()
    people = {
        CITIZEN: add_citizen(session),
        LEADER: add_user(session, LEADER, "051175000222", "Lê Thị Nhung"),
        MANAGER: add_user(session, MANAGER, "051085000111", "Trần Minh Sơn"),
        ADMIN: add_user(session, ADMIN, "051080000001", "Phạm Quốc Huy", unit_code="SoTP0001"),
    }
    member = add_citizen(session, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình")
    stranger = add_citizen(
        session, cccd="001190654321", gender="Nữ", full_name="Hồ Thị Xa", unit_code="SoTP0001"
    )
    return session, people, {"own": (unit.id, member.id), "other": (other.id, stranger.id)}


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("role", ROLES)
def test_unit_functions_by_role(world, name, role):
    session, people, units = world
    allowed_roles, call = CALLS[name]
    actor = people[role]
    for where, (unit_id, member_id) in units.items():
        own = where == "own"
        allowed = role == ADMIN or (own and role in allowed_roles)
        if allowed:
            call(session, actor, unit_id, member_id)
        else:
            with pytest.raises(PermissionDenied):
                call(session, actor, unit_id, member_id)
            session.rollback()


@pytest.mark.parametrize("name", sorted(ADMIN_ONLY))
@pytest.mark.parametrize("role", ROLES)
def test_admin_only_functions(world, name, role):
    session, people, _ = world
    if role == ADMIN:
        ADMIN_ONLY[name](session, people[role])
    else:
        with pytest.raises(PermissionDenied):
            ADMIN_ONLY[name](session, people[role])
