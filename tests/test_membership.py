"""Who a unit counts: sign-up against the staff list, approval without one, a taken CCCD given
back, atomic sign-up limits, and shares that only divide listed people by the list. On SQLite
and PostgreSQL."""

import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from sqlmodel import Session, func, select

from cdht.config import SignupLimits
from cdht.db.accounts import (
    TOO_MANY,
    AccountError,
    CccdTaken,
    authenticate,
    register_citizen,
    report_taken_number,
)
from cdht.db.actors import actor_for
from cdht.db.decisions import candidates
from cdht.db.engine import make_engine
from cdht.db.membership import (
    MembershipError,
    decide,
    membership_of,
    open_reports,
    pending_people,
    reassign_number,
)
from cdht.db.models import Account, Assessment, AuditEvent, MembershipReport, StaffMember
from cdht.db.rollup import unit_figures, unit_rollup
from cdht.db.roster_rows import roster_rows
from cdht.db.staff import StaffError, add_staff, replace_staff
from cdht.db.units import create_unit, update_unit
from cdht.db.web_sessions import start_session, still_live
from cdht.gauge import SCHOOL
from cdht.membership import APPROVED, CLOSED, PENDING, REJECTED, same_name
from cdht.roles import ADMIN, Actor, PermissionDenied
from cdht.staff_import import StaffEntry, check_entry
from tests.conftest import JUNE, PASSWORD, add_citizen, add_user, make_registration
from tests.test_data_layer import answers, submit

BINH = dict(cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình")
NAMES = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lan"]


def admin_actor(session: Session) -> Actor:
    found = session.exec(select(Account).where(Account.role == ADMIN)).first()
    if found is not None:
        return actor_for(found)
    return add_user(session, ADMIN, "051080000001", "Phạm Quốc Huy")


def count(session: Session, model, *where) -> int:
    return session.exec(select(func.count()).select_from(model).where(*where)).one()


def events(session: Session, action: str) -> list[str]:
    return session.exec(select(AuditEvent.detail).where(AuditEvent.action == action)).all()


# --- the name check ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "listed"),
    [
        ("Nguyễn Thị Thủy", "Nguyễn Thị Thuỷ"),  # the two placements of one tone
        ("Lê Hòa", "Lê Hoà"),
        ("nguyễn  thị   THỦY", "Nguyễn Thị Thuỷ"),  # case and spaces
        (unicodedata.normalize("NFD", "Trần Thị Hoà"), "Trần Thị Hòa"),  # NFD as some keyboards
        ("Nguyễn Văn Bình", "Nguyen Van Binh"),  # a list kept without marks: typed as on the card
        ("Đặng Thị Đào", "DANG THI DAO"),
    ],
)
def test_one_name_written_differently_matches(typed, listed):
    assert same_name(typed, listed)


@pytest.mark.parametrize(
    ("typed", "listed"),
    [
        ("Lê Hòa", "Lê Hóa"),  # another tone is another name
        ("Lê Ha", "Lê Hà"),
        ("Nguyễn An", "Nguyễn Ân"),  # another letter
        ("Nguyễn Văn An", "Nguyễn An"),
        ("Nguyen Van Binh", "Nguyễn Văn Bình"),  # a marked list asks for the marks
        ("Nguyễn Văn Bình", "Nguyen Van Bich"),  # an unmarked list still tells letters apart
    ],
)
def test_different_names_do_not_match(typed, listed):
    assert not same_name(typed, listed)


# --- sign-up against the staff list --------------------------------------------------------------


def test_listed_person_signs_up_with_old_tone_placement_and_counts(session, unit, criteria_sets):
    replace_staff(
        session,
        None,
        unit_id=unit.id,
        now=JUNE,
        entries=[StaffEntry("Nguyễn Thị Thuỷ", "051190654321", "Kế toán", "")],
    )
    who = register_citizen(
        session,
        make_registration(cccd="051190654321", gender="Nữ", full_name="Nguyễn Thị Thủy"),
        now=JUNE,
    )
    assert membership_of(session, who) == (APPROVED, True)
    submit(session, who, criteria_sets["III"], answers(criteria_sets["III"], 10))
    figures = unit_figures(
        session,
        add_user(session, "manager", "051085000111", "Trần Minh Sơn"),
        unit_id=unit.id,
        year=2026,
    )
    assert (figures.expected, figures.registered, figures.recognised) == (1, 1, 1)
    assert figures.gauge.share == 1.0


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"cccd": "051090999999"}, "cccd", "không có trong danh sách nhân sự"),
        ({"full_name": "Nguyễn Văn Ân"}, "full_name", "không khớp"),
    ],
)
def test_unlisted_number_or_other_name_is_refused_and_nothing_stored(
    session, unit, overrides, field, words
):
    update_unit(
        session,
        admin_actor(session),
        unit_id=unit.id,
        name=unit.name,
        contact_name="Đinh Văn Sơn",
        contact_phone="0255 3822 000",
        head_title="",
        default_group="III",
        now=JUNE,
    )
    replace_staff(
        session,
        None,
        unit_id=unit.id,
        now=JUNE,
        entries=[StaffEntry("Nguyễn Văn An", "051090123456", "", "")],
    )
    before = (count(session, Account), count(session, AuditEvent))
    with pytest.raises(AccountError) as refused:
        register_citizen(session, make_registration(**overrides), now=JUNE)
    assert refused.value.field == field and words in str(refused.value)
    assert "(Đinh Văn Sơn, 0255 3822 000)" in str(refused.value)  # who to ask, named
    session.rollback()
    assert (count(session, Account), count(session, AuditEvent)) == before


# --- approval without a staff list ---------------------------------------------------------------


def test_pending_person_self_assesses_but_counts_only_after_approval(session, unit, criteria_sets):
    crit = criteria_sets["III"]
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    who = add_citizen(session, approved=False)
    assert membership_of(session, who) == (PENDING, False)
    submit(session, who, crit, answers(crit, 10))  # a result as today
    figures = unit_figures(session, manager, unit_id=unit.id, year=2026)
    assert (figures.registered, figures.pending, figures.assessed, figures.recognised) == (
        1,
        1,
        0,
        0,
    )
    assert roster_rows(session, manager, unit_id=unit.id, year=2026, criteria=criteria_sets) == []
    assert candidates(session, manager, unit_id=unit.id, year=2026) == []
    assert [p.full_name for p in pending_people(session, manager, unit_id=unit.id)] == [
        "Nguyễn Văn An"
    ]
    assert pending_people(session, manager, unit_id=unit.id)[0].cccd_masked == "051*******56"

    decide(session, manager, unit_id=unit.id, approve=True, now=JUNE, account_ids=[who.id])
    figures = unit_figures(session, manager, unit_id=unit.id, year=2026)
    assert (figures.registered, figures.pending, figures.recognised) == (2, 0, 1)
    assert [
        r.full_name
        for r in roster_rows(session, manager, unit_id=unit.id, year=2026, criteria=criteria_sets)
    ] == ["Nguyễn Văn An"]
    assert [p.full_name for p in candidates(session, manager, unit_id=unit.id, year=2026)] == [
        "Nguyễn Văn An"
    ]
    assert events(session, "membership.approve") == [f"account={who.id}"]


def test_reject_then_approve_is_refused_and_the_staff_list_undoes_it(session, unit):
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    who = add_citizen(session, approved=False)
    decide(session, manager, unit_id=unit.id, approve=False, now=JUNE, account_ids=[who.id])
    assert membership_of(session, who) == (REJECTED, False)
    with pytest.raises(MembershipError, match="đã bị từ chối"):
        decide(session, manager, unit_id=unit.id, approve=True, now=JUNE, account_ids=[who.id])
    assert membership_of(session, who)[0] == REJECTED
    replace_staff(
        session,
        manager,
        unit_id=unit.id,
        now=JUNE,
        entries=[StaffEntry("Nguyễn Văn An", "051090123456", "", "")],
    )
    assert membership_of(session, who) == (APPROVED, True)
    assert events(session, "membership.approve") == [f"account={who.id} by=staff_list"]


def test_approve_all_and_only_own_unit(session, unit):
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    other = create_unit(session, None, name="Sở Tư pháp", code="Tp2026ab", now=JUNE)
    session.commit()
    outsider = add_user(session, "manager", "001085000333", "Hồ Văn Nam", unit_code="Tp2026ab")
    a = add_citizen(session, approved=False)
    b = add_citizen(session, approved=False, **BINH)
    c = add_citizen(
        session, approved=False, cccd="051095000777", full_name="Võ Văn Chín", unit_code="Tp2026ab"
    )
    with pytest.raises(PermissionDenied):
        decide(session, outsider, unit_id=unit.id, approve=True, now=JUNE)
    # a manager naming another unit's person under their own unit changes nothing
    assert (
        decide(
            session, outsider, unit_id=other.id, approve=True, now=JUNE, account_ids=[a.id, b.id]
        )
        == 0
    )
    assert decide(session, manager, unit_id=unit.id, approve=True, now=JUNE) == 2
    assert [membership_of(session, p)[0] for p in (a, b, c)] == [APPROVED, APPROVED, PENDING]


def test_two_managers_approving_at_once_change_each_person_once(engine_url, session, unit):
    managers = [
        add_user(session, "manager", f"0510850001{n:02d}", f"Trần Văn {name}")
        for n, name in enumerate(NAMES[:6])
    ]
    who = add_citizen(session, approved=False)
    engine = make_engine(engine_url)
    start = threading.Barrier(len(managers))

    def approve(manager) -> str:
        with Session(engine) as own:
            start.wait()
            try:
                decide(own, manager, unit_id=unit.id, approve=True, now=JUNE, account_ids=[who.id])
            except MembershipError as exc:
                return str(exc)
            return "ok"

    with ThreadPoolExecutor(len(managers)) as pool:
        outcomes = list(pool.map(approve, managers))
    engine.dispose()
    assert outcomes.count("ok") == 1
    assert all("đã được duyệt" in o for o in outcomes if o != "ok")
    session.expire_all()
    assert len(events(session, "membership.approve")) == 1


def test_staff_list_replaced_while_people_are_pending(session, unit):
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    listed = add_citizen(session, approved=False)
    waiting = add_citizen(session, approved=False, **BINH)
    replace_staff(
        session,
        manager,
        unit_id=unit.id,
        now=JUNE,
        entries=[
            StaffEntry("Nguyễn Văn An", "051090123456", "", ""),
            StaffEntry("Trần Minh Sơn", "051085000111", "", ""),
        ],
    )
    assert membership_of(session, listed) == (APPROVED, True)
    assert membership_of(session, waiting) == (PENDING, False)
    figures = unit_figures(session, manager, unit_id=unit.id, year=2026)
    assert (figures.expected, figures.registered, figures.pending, figures.unlisted) == (2, 2, 1, 0)


# --- a number registered by someone else ---------------------------------------------------------


def test_taken_number_reported_and_given_back(session, unit, criteria_sets):
    crit = criteria_sets["III"]
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    squatter = add_citizen(session, full_name="Kẻ Mạo Danh")  # took Nguyễn Văn An's number
    submit(session, squatter, crit, answers(crit, 10))
    sid, _ = start_session(session, squatter, now=JUNE)
    with pytest.raises(CccdTaken) as refused:
        register_citizen(session, make_registration(), now=JUNE)
    assert refused.value.field == "cccd" and "đã được đăng ký" in str(refused.value)

    report_taken_number(
        session,
        unit_code="b51pzcjw",
        cccd="051 090 123 456",
        full_name="nguyễn văn an",
        phone="0912345678",
        now=JUNE,
    )
    (report,) = open_reports(session, manager, unit_id=unit.id)
    assert (report.full_name, report.cccd_masked, report.phone) == (
        "Nguyễn Văn An",
        "051*******56",
        "0912345678",
    )
    assert (report.holder_name, report.holder_in_unit) == ("Kẻ Mạo Danh", True)
    assert unit_figures(session, manager, unit_id=unit.id, year=2026).recognised == 1

    reassign_number(session, manager, report_id=report.id, now=JUNE)
    closed = session.get(Account, squatter.id)
    session.refresh(closed)
    assert closed.membership == CLOSED and closed.cccd != "051090123456"
    assert not still_live(session, sid, now=JUNE)  # logged out at the next click
    assert authenticate(session, "051090123456", PASSWORD, now=JUNE) is None
    figures = unit_figures(session, manager, unit_id=unit.id, year=2026)
    assert (figures.registered, figures.assessed, figures.recognised) == (1, 0, 0)
    assert count(session, Assessment) == 1  # kept, out of every figure
    (closing,) = events(session, "account.close")
    assert "name=Kẻ Mạo Danh" in closing and "results=2026:100+" in closing
    assert open_reports(session, manager, unit_id=unit.id) == []
    with pytest.raises(MembershipError, match="đã được xử lý"):
        reassign_number(session, manager, report_id=report.id, now=JUNE)

    owner = register_citizen(session, make_registration(), now=JUNE)  # the number is theirs
    assert owner.full_name == "Nguyễn Văn An" and owner.id != squatter.id


def test_a_manager_cannot_close_another_units_account_through_a_report(session, unit):
    add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    create_unit(session, None, name="Sở Tư pháp", code="Tp2026ab", now=JUNE)
    session.commit()
    other_manager = add_user(session, "manager", "001085000333", "Hồ Văn Nam", unit_code="Tp2026ab")
    add_citizen(session)  # in Ban Dân tộc
    report_taken_number(
        session, unit_code="Tp2026ab", cccd="051090123456", full_name="Nguyễn Văn An", now=JUNE
    )
    (report,) = open_reports(session, other_manager, unit_id=other_manager.unit_id)
    assert not report.holder_in_unit
    with pytest.raises(PermissionDenied):
        reassign_number(session, other_manager, report_id=report.id, now=JUNE)
    session.rollback()
    assert count(session, Account, Account.membership == CLOSED) == 0


def test_report_for_a_free_number_is_refused(session, unit):
    with pytest.raises(AccountError, match="chưa được đăng ký"):
        report_taken_number(
            session, unit_code=unit.code, cccd="051090123456", full_name="Nguyễn Văn An", now=JUNE
        )
    assert count(session, MembershipReport) == 0


# --- sign-up limits ------------------------------------------------------------------------------


def test_parallel_sweep_from_one_address_is_stopped_at_the_limit(engine_url, session, unit):
    add_citizen(session)  # the number the sweep keeps hitting, as "already registered"
    engine = make_engine(engine_url)
    limits = SignupLimits(per_address=5, per_unit=1000)
    start = threading.Barrier(24)

    def attempt(n: int) -> str:
        with Session(engine) as own:
            start.wait()
            try:
                register_citizen(
                    own, make_registration(), now=JUNE, client="203.0.113.7", limits=limits
                )
            except CccdTaken:
                return "taken"
            except AccountError as exc:
                return "limit" if str(exc) == TOO_MANY else str(exc)
            return "stored"

    with ThreadPoolExecutor(24) as pool:
        outcomes = list(pool.map(attempt, range(24)))
    assert (outcomes.count("taken"), outcomes.count("limit")) == (5, 19)
    # another address is not held back by this one; the unit's own limit is separate
    with Session(engine) as own, pytest.raises(CccdTaken):
        register_citizen(own, make_registration(), now=JUNE, client="198.51.100.1", limits=limits)
    engine.dispose()


def test_unit_limit_holds_across_addresses_and_successes_do_not_count(session, unit):
    limits = SignupLimits(per_address=100, per_unit=3)
    for n in range(3):  # three people sign up fine: nothing counted against anyone
        register_citizen(
            session,
            make_registration(cccd=f"05109000000{n}", full_name=f"Người {NAMES[n]}"),
            now=JUNE,
            client=f"192.0.2.{n}",
            limits=limits,
        )
    for n in range(3):
        with pytest.raises(CccdTaken):
            register_citizen(
                session,
                make_registration(cccd="051090000000"),
                now=JUNE,
                client=f"198.51.100.{n}",
                limits=limits,
            )
    with pytest.raises(AccountError, match="quá nhiều lần"):
        register_citizen(
            session,
            make_registration(cccd="051090000001"),
            now=JUNE,
            client="198.51.100.99",
            limits=limits,
        )
    with pytest.raises(AccountError, match="quá nhiều lần"):  # reports count too
        report_taken_number(
            session,
            unit_code=unit.code,
            cccd="051090000000",
            full_name="Nguyễn Văn An",
            now=JUNE,
            limits=limits,
        )


# --- honest shares -------------------------------------------------------------------------------


def test_share_divides_listed_people_by_the_list_and_roll_up_equals_dashboard(
    session, unit, criteria_sets
):
    """The demo's impossible 587,5 %: a short list and many recognised people not on it."""
    crit = criteria_sets["III"]
    association = create_unit(session, None, name="Hội Khuyến học tỉnh", code="HoiKH001", now=JUNE)
    school = create_unit(
        session, None, name="Trường THPT Số 1", code="Truong01", parent_code="HoiKH001", now=JUNE
    )
    session.commit()
    boss = add_user(session, "manager", "051085000111", "Trần Minh Sơn", unit_code="HoiKH001")
    people = [
        add_citizen(
            session, cccd=f"0510900001{n:02d}", full_name=f"Người {name}", unit_code="Truong01"
        )
        for n, name in enumerate(NAMES)
    ]
    for who in people:
        submit(session, who, crit, answers(crit, 10))
    listed = [StaffEntry(p.full_name, f"0510900001{n:02d}", "", "") for n, p in enumerate(people)]
    replace_staff(
        session,
        None,
        unit_id=school.id,
        now=JUNE,
        entries=listed[:2] + [StaffEntry("Người Mới", "051080000009", "", "")],
    )
    rows = {r.unit_id: r for r in unit_rollup(session, boss, parent_id=association.id, year=2026)}
    row = rows[school.id]
    assert (row.expected, row.registered, row.unlisted, row.recognised) == (3, 2, 6, 2)
    assert row.gauge.share == pytest.approx(2 / 3) and row.gauge.level == 0
    admin = admin_actor(session)
    for unit_id, rolled in rows.items():
        assert unit_figures(session, admin, unit_id=unit_id, year=2026) == rolled


def test_school_uses_learners_thresholds(session, unit):
    update_unit(
        session,
        admin_actor(session),
        unit_id=unit.id,
        name=unit.name,
        contact_name="",
        contact_phone="",
        head_title="",
        default_group="IV",
        kind=SCHOOL,
        now=JUNE,
    )
    entries = [
        StaffEntry(f"Học Sinh {c}", f"0512000000{n:02d}", "", "")
        for n, c in enumerate("ABCDEFGHIKLMNOPQRSTU")
    ]
    replace_staff(session, None, unit_id=unit.id, entries=entries, now=JUNE)
    figures = unit_figures(session, admin_actor(session), unit_id=unit.id, year=2026)
    assert figures.gauge.thresholds == (95, 97)
    assert figures.gauge.needed_for(95) == 19 and figures.gauge.needed_for(97) == 20


def test_the_staff_list_gives_department_and_position_in_lists_and_decision(
    session, unit, criteria_sets
):
    crit = criteria_sets["III"]
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    who = add_citizen(session)  # signed up with "Văn phòng", "Chuyên viên"
    submit(session, who, crit, answers(crit, 10))
    replace_staff(
        session,
        manager,
        unit_id=unit.id,
        now=JUNE,
        entries=[StaffEntry("Nguyễn Văn An", "051090123456", "Thanh tra", "")],
    )
    (row,) = roster_rows(session, manager, unit_id=unit.id, year=2026, criteria=criteria_sets)
    assert (row.department, row.position) == ("Thanh tra", "")
    (person,) = candidates(session, manager, unit_id=unit.id, year=2026)
    assert (person.department, person.position) == ("Thanh tra", "")


# --- one person added to the staff list -------------------------------------------------------


def test_one_person_added_to_the_list_is_approved_and_counted(session, unit):
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    waiting = add_citizen(session, approved=False)
    entry, problems = check_entry(
        {"full_name": " nguyễn  văn an ", "cccd": "051 090 123 456", "department": "Văn phòng"}
    )
    assert problems == {} and entry == StaffEntry("Nguyễn Văn An", "051090123456", "Văn phòng", "")
    add_staff(session, manager, unit_id=unit.id, entry=entry, now=JUNE)
    assert membership_of(session, waiting) == (APPROVED, True)
    assert unit_figures(session, manager, unit_id=unit.id, year=2026).expected == 1
    assert events(session, "staff.add") == ["cccd=051*******56"]
    with pytest.raises(StaffError, match="đã có trong danh sách: Nguyễn Văn An") as refused:
        add_staff(session, manager, unit_id=unit.id, entry=entry, now=JUNE)
    assert refused.value.field == "cccd"
    with pytest.raises(PermissionDenied):  # a citizen, even one of the unit
        add_staff(
            session, waiting, unit_id=unit.id, entry=replace(entry, cccd="051190654321"), now=JUNE
        )


def test_what_is_typed_for_one_person_is_checked_field_by_field():
    entry, problems = check_entry({"full_name": "An", "cccd": "12345", "position": "x" * 101})
    assert entry is None and set(problems) == {"full_name", "cccd", "position"}
    assert "12 chữ số" in problems["cccd"]


def test_the_same_person_added_by_two_managers_at_once_is_listed_once(engine_url, session, unit):
    managers = [
        add_user(session, "manager", f"0510850001{n:02d}", f"Trần Văn {name}")
        for n, name in enumerate(NAMES[:6])
    ]
    entry = StaffEntry("Nguyễn Văn An", "051090123456", "", "")
    engine = make_engine(engine_url)
    start = threading.Barrier(len(managers))

    def add(manager) -> str:
        with Session(engine) as own:
            start.wait()
            try:
                add_staff(own, manager, unit_id=unit.id, entry=entry, now=JUNE)
            except StaffError as exc:
                return exc.field
            return "ok"

    with ThreadPoolExecutor(len(managers)) as pool:
        outcomes = list(pool.map(add, managers))
    engine.dispose()
    assert sorted(outcomes) == ["cccd"] * 5 + ["ok"]
    session.expire_all()
    listed = session.exec(select(func.count()).select_from(StaffMember)).one()
    assert listed == 1 and len(events(session, "staff.add")) == 1
