"""Data functions on a real SQLite file: units, accounts, submissions, figures, lists, roles."""

import io
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher, extract_parameters
from sqlmodel import select

from cdht.db.accounts import AccountError, authenticate, has_any_account
from cdht.db.assessments import WindowClosed, YearLocked, my_results, submit_assessment
from cdht.db.engine import init_db, make_engine
from cdht.db.models import Account, Assessment, AssessmentRevision, AuditEvent, Unit
from cdht.db.rollup import unit_figures
from cdht.db.roster_rows import export_roster, roster_rows
from cdht.db.stats import unit_overview
from cdht.db.units import NAME_TAKEN, UnitError, create_unit, find_unit_by_code, update_unit
from cdht.passwords import HASH_MEMORY_MIB, HASH_PASSES
from cdht.roles import ADMIN, PermissionDenied
from cdht.scoring import AnswerError
from cdht.ui.audit_labels import ACTION_LABELS
from tests.conftest import DEFAULTS, JUNE, NOVEMBER, PASSWORD, add_citizen, add_user


def answers(criteria, points: int, **overrides) -> dict[str, int]:
    out = {i.id: points for i in criteria.indicators}
    out.update(overrides)
    return out


def submit(session, who, criteria, ans, now=JUNE, notes=None):
    return submit_assessment(
        session,
        who,
        criteria=criteria,
        answers=ans,
        notes=notes or {},
        now=now,
        window_defaults=DEFAULTS,
    )


def test_unit_code_matches_ignoring_case_and_spaces(session, unit):
    assert find_unit_by_code(session, "  b51PZcjw ").id == unit.id
    assert find_unit_by_code(session, "B51pzCjX") is None


def test_unit_code_unique_ignoring_case(session, unit):
    with pytest.raises(UnitError):
        create_unit(session, None, name="Khác", code="b51pzcjw", now=JUNE)


def test_a_units_name_differs_from_every_other_under_the_same_parent(session, unit):
    taken = "  ban DÂN TỘC   tỉnh Quảng Ngãi "  # the fixture's unit, other case and spacing
    with pytest.raises(UnitError) as refused:
        create_unit(session, None, name=taken, contact_phone="12", now=JUNE)
    assert refused.value.errors == {
        "name": NAME_TAKEN,
        "contact_phone": "Điện thoại liên hệ gồm 10 hoặc 11 chữ số, bắt đầu bằng 0 "
        "(ví dụ 0255 3822 123).",
    }
    assert session.exec(select(sa.func.count()).select_from(Unit)).one() == 1
    # Under a parent the same name is another unit's; there, a second one is refused.
    child = create_unit(session, None, name=taken, parent_code=unit.code, now=JUNE)
    with pytest.raises(UnitError, match="cùng cấp"):
        create_unit(session, None, name=child.name.upper(), parent_code=unit.code, now=JUNE)
    sibling = create_unit(session, None, name="Phòng Tổng hợp", parent_code=unit.code, now=JUNE)
    admin = add_user(session, ADMIN, "051080125756", "Lê Quản Trị")
    with pytest.raises(UnitError) as renamed:
        update_unit(
            session, admin, unit_id=sibling.id, name=child.name, contact_name="", contact_phone="",
            head_title="x" * 101, default_group="III", now=JUNE,
        )  # fmt: skip
    assert set(renamed.value.errors) == {"name", "head_title"}
    assert session.get(Unit, sibling.id).name == "Phòng Tổng hợp"  # nothing stored
    kept = update_unit(
        session, admin, unit_id=child.id, name=child.name, contact_name="Hà", contact_phone="",
        head_title="", default_group="III", now=JUNE,
    )  # fmt: skip
    assert kept.contact_name == "Hà"  # a unit keeps its own name


def test_generated_unit_code_is_eight_letters_or_digits(session):
    info = create_unit(session, None, name="Trường THCS Nghĩa Hành", now=JUNE)
    assert len(info.code) == 8 and info.code.isalnum() and info.code.isascii()


def test_registration_stores_person_with_hashed_password(session, unit):
    who = add_citizen(session)
    account = session.get(Account, who.id)
    assert account.unit_id == unit.id
    assert account.role == "citizen"
    assert account.full_name == "Nguyễn Văn An"
    assert PASSWORD not in account.password_hash and account.password_hash.startswith("$argon2id$")
    assert account.consent_version and account.consented_at is not None
    assert who.cccd_masked == "051*******56"


def test_duplicate_cccd_is_refused_and_first_account_kept(session, unit):
    add_citizen(session)
    with pytest.raises(AccountError) as err:
        add_citizen(session, full_name="Trần Văn Bình")
    assert err.value.field == "cccd"
    names = session.exec(select(Account.full_name)).all()
    assert names == ["Nguyễn Văn An"]


def test_unknown_unit_code_is_refused(session, unit):
    with pytest.raises(AccountError) as err:
        add_citizen(session, unit_code="Zz99Zz99")
    assert err.value.field == "unit_code"
    assert not has_any_account(session)


def test_login_with_cccd_and_password(session, unit):
    who = add_citizen(session)
    assert authenticate(session, "051 090 123 456", PASSWORD, now=JUNE) == who
    assert authenticate(session, "051090123456", "wrong-password", now=JUNE) is None
    assert authenticate(session, "001090999999", PASSWORD, now=JUNE) is None
    actions = session.exec(select(AuditEvent.action)).all()
    assert actions.count("login") == 1 and actions.count("login.failed") == 2


def test_a_hash_of_older_settings_is_made_again_at_the_next_login(session, unit):
    """The hashes stored before 3 December 2026 used 19 MiB and 2 passes: they still let their
    owners in, a wrong password leaves them as they were, and a correct one stores a new hash."""
    who = add_citizen(session)
    account = session.get(Account, who.id)
    older = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1).hash(PASSWORD)
    account.password_hash = older
    session.add(account)
    session.commit()

    assert authenticate(session, "051090123456", "wrong-password", now=JUNE) is None
    session.refresh(account)
    assert account.password_hash == older

    assert authenticate(session, "051090123456", PASSWORD, now=JUNE) == who
    session.refresh(account)
    params = extract_parameters(account.password_hash)
    assert (params.memory_cost, params.time_cost) == (HASH_MEMORY_MIB * 1024, HASH_PASSES)
    assert authenticate(session, "051090123456", PASSWORD, now=JUNE) == who


def test_a_password_with_accents_logs_in_whichever_form_the_keyboard_sends(session, unit):
    """Some Vietnamese keyboards send accents decomposed (NFD). A password set in one form logs
    in typed in the other; a hash made from a decomposed password before they were normalised
    still opens, and is then made again from the composed form."""
    import unicodedata

    from cdht.passwords import hash_password, verify_password

    composed = "Học tập suốt đời ở Quảng Ngãi 2026"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    who = add_citizen(session)
    account = session.get(Account, who.id)
    account.password_hash = hash_password(composed)
    session.add(account)
    session.commit()
    assert authenticate(session, "051090123456", decomposed, now=JUNE) == who
    assert verify_password(account.password_hash, composed)
    assert not verify_password(account.password_hash, "Hoc tap suot doi o Quang Ngai 2026")

    legacy = PasswordHasher(time_cost=HASH_PASSES, memory_cost=HASH_MEMORY_MIB * 1024,
                            parallelism=1).hash(decomposed)  # fmt: skip
    account.password_hash = legacy
    session.add(account)
    session.commit()
    assert authenticate(session, "051090123456", "sai " + composed, now=JUNE) is None
    session.refresh(account)
    assert account.password_hash == legacy
    assert authenticate(session, "051090123456", composed, now=JUNE) == who
    session.refresh(account)
    assert account.password_hash != legacy
    assert PasswordHasher().verify(account.password_hash, composed)


def test_submission_scores_and_stores_with_criteria_version(session, unit, criteria_sets):
    who = add_citizen(session)
    crit = criteria_sets["III"]
    done = submit(session, who, crit, answers(crit, 8, **{"10": 5}), notes={"1": " Sổ tay "})
    assert done.score.total == 9 * 8 + 5
    row = session.exec(select(Assessment)).one()
    assert row.year == 2026 and row.total == 77 and row.recognised is False
    assert row.criteria_version == crit.version
    assert (row.comp1_points, row.comp2_points, row.comp3_points) == (32, 32, 13)
    assert row.notes == {"1": "Sổ tay"}


def test_resubmission_replaces_and_keeps_earlier_version(session, unit, criteria_sets):
    who = add_citizen(session)
    crit = criteria_sets["III"]
    assert submit(session, who, crit, answers(crit, 5), notes={"1": "Sổ tay"}).revision == 1
    later = datetime(2026, 7, 1, 3, 0, tzinfo=UTC)
    assert submit(session, who, crit, answers(crit, 10), now=later).revision == 2
    current = session.exec(select(Assessment)).one()
    assert current.total == 100 and current.revision == 2 and current.submitted_at == later
    assert current.first_submitted_at == JUNE and current.notes == {}
    earlier = session.exec(select(AssessmentRevision)).one()
    assert (earlier.total, earlier.revision, earlier.submitted_at) == (50, 1, JUNE)
    assert earlier.answers == answers(crit, 5) and earlier.notes == {"1": "Sổ tay"}
    assert earlier.assessment_id == current.id and earlier.recognised is False
    last = datetime(2026, 8, 1, 3, 0, tzinfo=UTC)
    assert submit(session, who, crit, answers(crit, 8), now=last).revision == 3
    kept = session.exec(select(AssessmentRevision).order_by(AssessmentRevision.revision)).all()
    assert [(r.revision, r.total, r.submitted_at) for r in kept] == [(1, 50, JUNE), (2, 100, later)]
    assert session.exec(select(Assessment)).one().total == 80


def test_incomplete_answers_store_nothing(session, unit, criteria_sets):
    who = add_citizen(session)
    crit = criteria_sets["III"]
    partial = answers(crit, 10)
    del partial["7"]
    with pytest.raises(AnswerError) as err:
        submit(session, who, crit, partial)
    assert err.value.indicator_ids == ("7",)
    assert session.exec(select(Assessment)).all() == []


def test_submission_outside_window_is_refused(session, unit, criteria_sets):
    who = add_citizen(session)
    crit = criteria_sets["III"]
    november = datetime(2026, 10, 31, 17, 0, tzinfo=UTC)  # 1 Nov 00:00 in Vietnam
    with pytest.raises(WindowClosed) as err:
        submit(session, who, crit, answers(crit, 10), now=november)
    assert "31/10/2026" in str(err.value)
    assert session.exec(select(Assessment)).all() == []
    last_minute = datetime(2026, 10, 31, 16, 59, 59, tzinfo=UTC)  # 31 Oct 23:59:59 in Vietnam
    assert submit(session, who, crit, answers(crit, 10), now=last_minute).score.total == 100


def test_my_results_only_mine(session, unit, criteria_sets):
    crit = criteria_sets["III"]
    me = add_citizen(session)
    other = add_citizen(session, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình")
    submit(session, me, crit, answers(crit, 10))
    submit(session, other, crit, answers(crit, 5))
    mine = my_results(session, me)
    assert [r.total for r in mine] == [100]


def test_overview_counts_and_roles(session, unit, criteria_sets):
    crit = criteria_sets["III"]
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    leader = add_user(session, "leader", "051175000222", "Lê Thị Nhung")
    citizen = add_citizen(session)
    second = add_citizen(session, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình")
    submit(session, citizen, crit, answers(crit, 10))
    submit(session, second, crit, answers(crit, 10, **{"3": 3}))
    for who in (manager, leader):
        ov = unit_overview(session, who, unit_id=unit.id, year=2026)
        figures = unit_figures(session, who, unit_id=unit.id, year=2026)
        assert (figures.registered, figures.assessed, figures.recognised) == (4, 2, 1)
        assert figures.gauge is None  # no staff list: counts, no share
        assert ov.assessed == 2
        assert ov.total_counts == {100: 1, 93: 1}
        assert ov.comp_averages == ((40 + 33) / 2, 40.0, 20.0)
        assert sum(ov.first_submissions_per_day.values()) == 2
    with pytest.raises(PermissionDenied):
        unit_overview(session, citizen, unit_id=unit.id, year=2026)
    with pytest.raises(PermissionDenied):
        unit_figures(session, citizen, unit_id=unit.id, year=2026)


def test_roster_rows_manager_only_and_own_unit(session, unit, criteria_sets):
    crit = criteria_sets["III"]
    other_unit = create_unit(session, None, name="Sở Tư pháp", code="Tp2026ab", now=JUNE)
    session.commit()
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    leader = add_user(session, "leader", "051175000222", "Lê Thị Nhung")
    foreign = add_user(session, "manager", "001085000333", "Hồ Văn Nam", unit_code=other_unit.code)
    citizen = add_citizen(session)
    submit(session, citizen, crit, answers(crit, 10))
    rows = roster_rows(session, manager, unit_id=unit.id, year=2026, criteria=criteria_sets)
    assert [(r.full_name, r.cccd, r.total) for r in rows] == [
        ("Nguyễn Văn An", "051090123456", 100)
    ]
    for who in (leader, citizen, foreign):
        with pytest.raises(PermissionDenied):
            roster_rows(session, who, unit_id=unit.id, year=2026, criteria=criteria_sets)
    assert (
        roster_rows(session, foreign, unit_id=other_unit.id, year=2026, criteria=criteria_sets)
        == []
    )


def test_a_result_short_of_recognition_says_why_in_the_lists_note(session, unit, criteria_sets):
    """A total of 90 with one indicator under 5 is "Chưa đạt": the list says which indicator, by
    the rule of the criteria version the result was scored with."""
    crit = criteria_sets["III"]
    floor = crit.rule.min_per_indicator
    low = max(level.points for level in crit.indicators[2].levels if level.points < floor)
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    submit(session, add_citizen(session), crit, answers(crit, 10, **{crit.indicators[2].id: low}))
    rows = roster_rows(session, manager, unit_id=unit.id, year=2026, criteria=criteria_sets)
    ((total, recognised, note),) = [(r.total, r.recognised, r.note) for r in rows]
    assert total >= crit.rule.min_total and not recognised
    assert note == f"Chỉ số {crit.indicators[2].id} dưới {floor} điểm"
    # A version no longer on file is read by its group's current rule.
    session.exec(sa.update(Assessment).values(criteria_version="324-2019"))
    session.commit()
    (row,) = roster_rows(session, manager, unit_id=unit.id, year=2026, criteria=criteria_sets)
    assert row.note == note
    data = export_roster(
        session, manager, unit_id=unit.id, year=2026, criteria=criteria_sets, now=JUNE
    )
    cells = [
        c.value for r in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows() for c in r
    ]
    assert note in cells


def test_export_is_logged(session, unit, criteria_sets):
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    data = export_roster(
        session, manager, unit_id=unit.id, year=2026, criteria=criteria_sets, now=JUNE
    )
    assert data[:2] == b"PK"
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "export.roster")).one()
    assert event.actor_id == manager.id and event.unit_id == unit.id and "rows=0" in event.detail


def test_sqlite_pragmas(db_url):
    engine = make_engine(db_url)
    init_db(engine)
    conn = engine.connect()
    assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    conn.close()
    engine.dispose()


def test_staff_list_replaced_whole_and_missing_people(session, unit, criteria_sets):
    from cdht.db.staff import missing, replace_staff, staff_list
    from cdht.staff_import import StaffEntry

    crit = criteria_sets["III"]
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    citizen = add_citizen(session)  # Nguyễn Văn An, 051090123456
    add_citizen(session, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình")
    first = [StaffEntry("Hồ Văn Cũ", "051080000999", "", "")]
    assert replace_staff(session, manager, unit_id=unit.id, entries=first, now=JUNE) == 1
    staff = [
        StaffEntry("Nguyễn Văn An", "051090123456", "Văn phòng", ""),
        StaffEntry("Lê Thị Bình", "051190654321", "Thanh tra", ""),
        StaffEntry("Võ Văn Chưa", "051070000001", "Văn phòng", ""),
    ]
    replace_staff(session, manager, unit_id=unit.id, entries=staff, now=JUNE)
    assert [e.full_name for e in staff_list(session, manager, unit_id=unit.id)] == [
        "Nguyễn Văn An",
        "Lê Thị Bình",
        "Võ Văn Chưa",
    ]
    submit(session, citizen, crit, answers(crit, 10))
    gone = missing(session, manager, unit_id=unit.id, year=2026)
    figures = unit_figures(session, manager, unit_id=unit.id, year=2026)
    assert figures.expected == 3
    assert [p.full_name for p in gone.not_registered] == ["Võ Văn Chưa"]
    assert gone.not_registered[0].cccd_masked == "051*******01"
    # the manager is not on the uploaded list: not counted, so not asked to self-assess either
    assert [p.full_name for p in gone.not_assessed] == ["Lê Thị Bình"]
    assert (figures.registered, figures.recognised, figures.unlisted) == (2, 1, 1)
    with pytest.raises(PermissionDenied):
        replace_staff(session, citizen, unit_id=unit.id, entries=[], now=JUNE)


def test_decision_freezes_list_and_locks_year(session, unit, criteria_sets):
    from datetime import date

    from cdht.db.decisions import (
        DecisionError,
        candidates,
        my_recognitions,
        recognised_list,
        record_decision,
    )
    from cdht.db.units import set_unit_window

    crit = criteria_sets["III"]
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    passed = add_citizen(session)
    failed = add_citizen(session, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình")
    submit(session, passed, crit, answers(crit, 8))
    submit(session, failed, crit, answers(crit, 10, **{"2": 3}))
    assert [p.full_name for p in candidates(session, manager, unit_id=unit.id, year=2026)] == [
        "Nguyễn Văn An"
    ]
    kwargs = dict(unit_id=unit.id, year=2026, signed_on=date(2026, 11, 20), now=NOVEMBER)
    with pytest.raises(DecisionError, match="không được sau hôm nay"):  # not signed yet
        record_decision(
            session,
            manager,
            number="45",
            signer_name="Nguyễn Thế Nhân",
            signer_title="Trưởng ban",
            **{**kwargs, "signed_on": NOVEMBER.date() + timedelta(days=1)},
        )
    with pytest.raises(DecisionError):
        record_decision(
            session,
            manager,
            number="",
            signer_name="Nguyễn Thế Nhân",
            signer_title="Trưởng ban",
            **kwargs,
        )
    count = record_decision(
        session,
        manager,
        number="45",
        signer_name="Nguyễn Thế Nhân",
        signer_title="Trưởng ban",
        **kwargs,
    )
    assert count == 1
    with pytest.raises(DecisionError):
        record_decision(
            session,
            manager,
            number="46",
            signer_name="Nguyễn Thế Nhân",
            signer_title="Trưởng ban",
            **kwargs,
        )
    with pytest.raises(YearLocked):
        submit(session, failed, crit, answers(crit, 10))
    with pytest.raises(UnitError):
        set_unit_window(
            session,
            manager,
            unit_id=unit.id,
            year=2026,
            opens_on=date(2026, 1, 1),
            closes_on=date(2026, 12, 31),
            now=JUNE,
        )
    # a later change of name does not change the recorded list
    account = session.get(Account, passed.id)
    account.full_name = "Nguyễn Văn Ân"
    session.add(account)
    session.commit()
    frozen = recognised_list(session, manager, unit_id=unit.id, year=2026)
    assert [(p.full_name, p.total) for p in frozen] == [("Nguyễn Văn An", 80)]
    assert my_recognitions(session, passed)[2026].number == "45"
    assert my_recognitions(session, failed) == {}
    with pytest.raises(PermissionDenied):
        candidates(session, passed, unit_id=unit.id, year=2026)


def test_a_decided_years_share_stands_as_it_was_when_the_staff_list_changes(
    session, unit, criteria_sets
):
    """A year's figures are frozen with its decision: a staff list replaced afterwards (people
    added, a department renamed) changes today's year, not the decided one's share."""
    from datetime import date

    from cdht.db.decisions import record_decision
    from cdht.db.rollup import unit_figures
    from cdht.db.staff import replace_staff
    from cdht.db.stats import department_figures
    from cdht.staff_import import StaffEntry

    crit = criteria_sets["III"]
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    passed = add_citizen(session)
    listed = [
        StaffEntry("Nguyễn Văn An", "051090123456", "Văn phòng", ""),
        StaffEntry("Lê Thị Bình", "051190654321", "Thanh tra", ""),
    ]
    replace_staff(session, manager, unit_id=unit.id, entries=listed, now=JUNE)
    submit(session, passed, crit, answers(crit, 10))

    def figures(year: int) -> tuple:
        whole = unit_figures(session, manager, unit_id=unit.id, year=year)
        parts = department_figures(session, manager, unit_id=unit.id, year=year)
        return (whole.expected, whole.assessed, whole.recognised), [
            (d.department, d.expected, d.recognised) for d in parts
        ]

    before = figures(2026)
    assert before == ((2, 1, 1), [("Thanh tra", 1, 0), ("Văn phòng", 1, 1)])
    record_decision(
        session,
        manager,
        unit_id=unit.id,
        year=2026,
        number="45",
        signed_on=date(2026, 11, 20),
        signer_name="Nguyễn Thế Nhân",
        signer_title="Trưởng ban",
        now=NOVEMBER,
    )
    assert figures(2026) == before
    later = [
        StaffEntry("Nguyễn Văn An", "051090123456", "Văn phòng Ban", ""),
        *(StaffEntry(f"Trần Văn {n}", f"0510900000{n:02d}", "Thanh tra", "") for n in range(1, 4)),
    ]
    replace_staff(session, manager, unit_id=unit.id, entries=later, now=JUNE)
    assert figures(2026) == before
    assert figures(2027)[0][0] == 4  # an undecided year counts today's list


def test_a_profile_made_for_a_paper_form_is_still_asked_to_register_until_its_form_is_in(
    session, unit, criteria_sets
):
    from cdht.db.accounts import paper_subject
    from cdht.db.staff import missing, replace_staff
    from cdht.staff_import import StaffEntry

    crit = criteria_sets["III"]
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    entry = StaffEntry("Đỗ Hữu Bảo", "051090000030", "Văn phòng", "")
    replace_staff(session, manager, unit_id=unit.id, entries=[entry], now=JUNE)

    def reminded() -> tuple[list[str], list[str]]:
        gone = missing(session, manager, unit_id=unit.id, year=2026)
        return [p.full_name for p in gone.not_registered], [p.full_name for p in gone.not_assessed]

    paper = paper_subject(session, manager, unit_id=unit.id, cccd=entry.cccd, now=JUNE)
    assert reminded() == (["Đỗ Hữu Bảo"], [])  # a profile begun for a paper form: no sign-up
    submit_assessment(
        session,
        manager,
        criteria=crit,
        answers=answers(crit, 10),
        notes={},
        now=JUNE,
        window_defaults=DEFAULTS,
        subject=paper,
    )
    assert reminded() == ([], [])


def test_the_staff_list_tells_who_has_an_account_in_another_unit(session, unit):
    from cdht.db.staff import listed_elsewhere, replace_staff
    from cdht.staff_import import StaffEntry

    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    other = create_unit(session, None, name="Sở Tư pháp", code="Tp2026ab", now=JUNE)
    session.commit()
    add_user(session, "leader", "051175000222", "Lê Thị Nhung", unit_code=other.code)
    ours = add_citizen(session)
    entries = [
        StaffEntry("Lê Thị Nhung", "051175000222", "Thanh tra", ""),  # Sở Tư pháp's account
        StaffEntry(ours.full_name, "051090123456", "Văn phòng", ""),
        StaffEntry("Võ Văn Chưa", "051070000001", "", ""),  # no account anywhere
    ]
    replace_staff(session, manager, unit_id=unit.id, entries=entries, now=JUNE)
    elsewhere = listed_elsewhere(session, manager, unit_id=unit.id)
    assert [(p.full_name, p.cccd_masked) for p in elsewhere] == [("Lê Thị Nhung", "051*******22")]


def test_password_reset_rules_and_change(session, unit):
    from cdht.db.accounts import change_password, reset_password

    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    admin = add_user(session, "admin", "051080000001", "Phạm Quốc Huy")
    other_unit = create_unit(session, None, name="Sở Tư pháp", code="Tp2026ab", now=JUNE)
    session.commit()
    foreign = add_user(session, "manager", "001085000333", "Hồ Văn Nam", unit_code=other_unit.code)
    citizen = add_citizen(session)
    temporary = reset_password(session, manager, account_id=citizen.id, now=JUNE)
    assert authenticate(session, "051090123456", PASSWORD, now=JUNE) is None
    who = authenticate(session, "051090123456", temporary, now=JUNE)
    assert who.must_change_password is True
    for actor, target in ((manager, admin.id), (foreign, citizen.id), (citizen, manager.id)):
        with pytest.raises(PermissionDenied):
            reset_password(session, actor, account_id=target, now=JUNE)
    with pytest.raises(AccountError) as err:
        change_password(
            session,
            who,
            current="sai",
            new="Mat-khau-moi-2026",
            confirm="Mat-khau-moi-2026",
            now=JUNE,
        )
    assert err.value.field == "current"
    with pytest.raises(AccountError) as err:
        change_password(
            session, who, current=temporary, new="051090123456x", confirm="051090123456x", now=JUNE
        )
    assert err.value.field == "new"
    updated = change_password(
        session,
        who,
        current=temporary,
        new="Mat-khau-moi-2026",
        confirm="Mat-khau-moi-2026",
        now=JUNE,
    )
    assert updated.must_change_password is False
    assert authenticate(session, "051090123456", "Mat-khau-moi-2026", now=JUNE) == updated
    actions = session.exec(select(AuditEvent.action)).all()
    assert actions.count("password.reset") == 1 and actions.count("password.change") == 1


def test_paper_form_entered_by_manager_is_marked(session, unit, criteria_sets):
    from cdht.db.accounts import member_actor

    crit = criteria_sets["III"]
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    other_unit = create_unit(session, None, name="Sở Tư pháp", code="Tp2026ab", now=JUNE)
    session.commit()
    foreign = add_user(session, "manager", "001085000333", "Hồ Văn Nam", unit_code=other_unit.code)
    citizen = add_citizen(session)
    subject = member_actor(session, manager, account_id=citizen.id)
    assert subject == citizen
    with pytest.raises(PermissionDenied):
        member_actor(session, foreign, account_id=citizen.id)
    with pytest.raises(PermissionDenied):
        submit_assessment(
            session,
            foreign,
            criteria=crit,
            answers=answers(crit, 10),
            notes={},
            now=JUNE,
            window_defaults=DEFAULTS,
            subject=citizen,
        )
    submit_assessment(
        session,
        manager,
        criteria=crit,
        answers=answers(crit, 10),
        notes={},
        now=JUNE,
        window_defaults=DEFAULTS,
        subject=citizen,
    )
    row = session.exec(select(Assessment)).one()
    assert (row.account_id, row.entered_by_id, row.unit_id) == (citizen.id, manager.id, unit.id)
    assert my_results(session, citizen)[0].total == 100
    listed = roster_rows(session, manager, unit_id=unit.id, year=2026, criteria=criteria_sets)
    assert [(r.full_name, r.note) for r in listed] == [("Nguyễn Văn An", "Nhập từ phiếu giấy")]
    # the person's own later submission is no longer marked as entered by someone else
    submit(session, citizen, crit, answers(crit, 8))
    session.refresh(row)
    assert row.entered_by_id is None and row.total == 80


def test_rollup_of_member_units(session, unit, criteria_sets):
    from cdht.db.rollup import unit_rollup
    from cdht.db.staff import replace_staff
    from cdht.staff_import import StaffEntry

    crit = criteria_sets["III"]
    association = create_unit(session, None, name="Hội Khuyến học tỉnh", code="HoiKH001", now=JUNE)
    school = create_unit(
        session, None, name="Trường THPT Số 1", code="Truong01", parent_code="hoikh001", now=JUNE
    )
    office = create_unit(
        session, None, name="Sở Tư pháp", code="SoTP0001", parent_code="HoiKH001", now=JUNE
    )
    session.commit()
    with pytest.raises(UnitError):
        create_unit(session, None, name="X", parent_code="Nope0000", now=JUNE)
    boss = add_user(session, "manager", "051085000111", "Trần Minh Sơn", unit_code="HoiKH001")
    school_manager = add_user(session, "manager", "051075000111", "Lê Văn Hà", unit_code="Truong01")
    pupil = add_citizen(session, unit_code="Truong01")
    add_citizen(
        session, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình", unit_code="Truong01"
    )
    staff = [StaffEntry(f"Người Số {n}", f"0510900000{n:02d}", "", "") for n in range(10)]
    replace_staff(session, school_manager, unit_id=school.id, entries=staff, now=JUNE)
    submit(session, pupil, crit, answers(crit, 10))
    rows = unit_rollup(session, boss, parent_id=association.id, year=2026)
    # nobody who signed up is on the school's list: not in its share, each on the unlisted line
    assert [
        (r.name, r.expected, r.registered, r.unlisted, r.assessed, r.recognised) for r in rows
    ] == [
        ("Sở Tư pháp", 0, 0, 0, 0, 0),
        ("Trường THPT Số 1", 10, 0, 3, 0, 0),
    ]
    assert rows[0].gauge is None and rows[1].gauge.needed_for(90) == 9
    assert office.id in {r.unit_id for r in rows}
    with pytest.raises(PermissionDenied):
        unit_rollup(session, school_manager, parent_id=association.id, year=2026)
    with pytest.raises(PermissionDenied):
        unit_rollup(session, boss, parent_id=None, year=2026)
    assert unit.id not in {r.unit_id for r in rows}


def test_draft_kept_until_submitted(session, unit, criteria_sets):
    from cdht.db.assessments import load_draft, save_draft

    crit = criteria_sets["III"]
    citizen = add_citizen(session)
    other = add_citizen(session, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình")
    typed = {"1": 10, "2": None, "3": 5, "4": 99}
    save_draft(
        session, citizen, group="III", answers=typed, notes={"1": "Sổ tay", "2": ""}, now=JUNE
    )
    draft = load_draft(session, citizen, year=2026)
    assert (draft.group, draft.answers, draft.notes) == ("III", {"1": 10, "3": 5}, {"1": "Sổ tay"})
    assert load_draft(session, other, year=2026) is None
    with pytest.raises(PermissionDenied):
        load_draft(session, other, year=2026, subject=citizen)
    submit(session, citizen, crit, answers(crit, 10))
    assert load_draft(session, citizen, year=2026) is None


def test_repeated_failures_lock_the_login_name_for_growing_times(session, unit):
    from datetime import timedelta

    from cdht.db.accounts import LoginLocked

    add_citizen(session)
    for n in range(4):
        assert authenticate(session, "051090123456", f"sai-{n}", now=JUNE) is None
    assert authenticate(session, "051090123456", "sai-5", now=JUNE) is None  # 5th: locked 1 min
    with pytest.raises(LoginLocked) as err:
        authenticate(session, "051090123456", PASSWORD, now=JUNE + timedelta(seconds=30))
    assert err.value.until == JUNE + timedelta(minutes=1)
    later = JUNE + timedelta(minutes=1, seconds=1)
    assert authenticate(session, "051090123456", "sai-6", now=later) is None  # 6th: 2 minutes
    with pytest.raises(LoginLocked) as err:
        authenticate(session, "051090123456", PASSWORD, now=later)
    assert err.value.until == later + timedelta(minutes=2)
    # success after the lock resets the counter
    assert authenticate(session, "051090123456", PASSWORD, now=later + timedelta(minutes=3))
    assert authenticate(session, "051090123456", "sai", now=later + timedelta(minutes=3)) is None
    assert authenticate(session, "051090123456", PASSWORD, now=later + timedelta(minutes=3))


def test_unknown_login_names_are_locked_alike(session, unit):
    from cdht.db.accounts import LoginLocked

    for n in range(5):
        assert authenticate(session, "001099999999", f"x{n}", now=JUNE) is None
    with pytest.raises(LoginLocked):
        authenticate(session, "001099999999", "x", now=JUNE)


def test_web_sessions_handoff_idle_expiry_and_revocation(session, unit):
    from datetime import timedelta

    from cdht.db.accounts import change_password, reset_password
    from cdht.db.web_sessions import (
        IDLE_TIMEOUT,
        MAX_AGE,
        redeem_handoff,
        resume_session,
        revoke_session,
        start_session,
        still_live,
    )

    citizen = add_citizen(session)
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    sid, handoff = start_session(session, citizen, now=JUNE)
    assert redeem_handoff(session, "not-a-token", now=JUNE) is None
    token = redeem_handoff(session, handoff, now=JUNE + timedelta(seconds=5))
    assert token and redeem_handoff(session, handoff, now=JUNE) is None  # one use only
    assert resume_session(session, token, now=JUNE + timedelta(minutes=1)) == (sid, citizen)
    idle = JUNE + timedelta(minutes=1) + IDLE_TIMEOUT
    assert resume_session(session, token, now=idle) is None
    assert still_live(session, sid, now=idle) is False
    # an active session lives up to the maximum age
    sid2, handoff2 = start_session(session, citizen, now=JUNE)
    token2 = redeem_handoff(session, handoff2, now=JUNE)
    moment = JUNE
    while moment + IDLE_TIMEOUT / 2 < JUNE + MAX_AGE:
        moment += IDLE_TIMEOUT / 2
        assert still_live(session, sid2, now=moment)
    assert resume_session(session, token2, now=JUNE + MAX_AGE) is None
    # a stale handoff cannot be redeemed
    _, late = start_session(session, citizen, now=JUNE)
    assert redeem_handoff(session, late, now=JUNE + timedelta(minutes=3)) is None
    # password change keeps this session and ends the others; a reset ends them all
    keep, h1 = start_session(session, citizen, now=JUNE)
    other, h2 = start_session(session, citizen, now=JUNE)
    change_password(
        session,
        citizen,
        current=PASSWORD,
        new="Mat-khau-moi-2026",
        confirm="Mat-khau-moi-2026",
        now=JUNE,
        keep_session=keep,
    )
    assert still_live(session, keep, now=JUNE) and not still_live(session, other, now=JUNE)
    reset_password(session, manager, account_id=citizen.id, now=JUNE)
    assert not still_live(session, keep, now=JUNE)
    third, _ = start_session(session, manager, now=JUNE)
    revoke_session(session, third, now=JUNE)
    assert not still_live(session, third, now=JUNE)


def test_audit_log_admin_only_and_filtered(session, unit):
    from cdht.db.audit_read import audit_events

    admin = add_user(session, "admin", "051080000001", "Phạm Quốc Huy")
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    authenticate(session, "051085000111", "sai", now=JUNE)
    rows = audit_events(session, admin, action="login.failed")
    assert [(r.action, r.who) for r in rows] == [("login.failed", "Trần Minh Sơn (051*******11)")]
    assert ACTION_LABELS[rows[0].action] == "Đăng nhập sai"  # the page's words for the code
    assert len(audit_events(session, admin)) >= 3
    with pytest.raises(PermissionDenied):
        audit_events(session, manager)


def test_my_data_holds_everything_about_me_and_nothing_else(session, unit, criteria_sets):
    from cdht.db.my_data import my_data
    from cdht.ui.personal_data import export_document, shown_items

    crit = criteria_sets["III"]
    me = add_citizen(session)
    other = add_citizen(session, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình")
    submit(session, me, crit, answers(crit, 5), notes={"1": "Sổ tay"})
    submit(session, me, crit, answers(crit, 10))
    submit(session, other, crit, answers(crit, 8))
    assert authenticate(session, "051090123456", PASSWORD, now=JUNE) == me
    data = my_data(session, me)
    assert data.account.cccd == "051090123456"
    assert data.account.ward == "Phường Cẩm Thành"
    assert data.account.role == "citizen"
    assert [a.total for a in data.assessments] == [100]
    assert [a.notes for a in data.assessments] == [{}]
    assert [r.total for r in data.revisions] == [50]
    assert "051190654321" not in repr(data) and "Lê Thị Bình" not in repr(data)
    # The download says it in words: Vietnamese keys, the role's name, instants as ISO text.
    document = export_document(data)
    assert document["tài khoản"]["số CCCD"] == "051090123456"
    assert document["tài khoản"]["phường, xã"] == "Phường Cẩm Thành"
    assert document["tài khoản"]["vai trò"] == "Công dân"  # words, not the internal code
    assert document["tài khoản"]["tạo lúc"] == "2026-06-15T10:00:00+07:00"  # the screen's hour
    assert {"lúc": "2026-06-15T10:00:00+07:00", "việc": "Đăng nhập", "mã việc": "login"} in (
        document["nhật ký"]
    )
    assert [a["tổng điểm"] for a in document["phiếu tự đánh giá"]] == [100]
    assert [r["tổng điểm"] for r in document["các lần gửi trước"]] == [50]
    assert "051190654321" not in repr(document) and "Lê Thị Bình" not in repr(document)
    # The page says it as a person reads it: Vietnam time, and nothing for what is not there.
    shown = shown_items(data.account)
    assert shown["tạo lúc"] == "10:00 ngày 15/06/2026"  # JUNE, 03:00 UTC, is 10:00 in Vietnam
    assert shown["yêu cầu xoá lúc"] == "" and shown["vai trò"] == "Công dân"
    assert shown["đồng ý xử lý dữ liệu (phiên bản)"] == "bản tháng 12/2026, lần 2; có hỏi dân tộc"


def test_erasing_an_account_on_request(session, unit, criteria_sets, tmp_path):
    from datetime import date

    from cdht.db.decisions import recognised_list, record_decision
    from cdht.db.file_store import FileStore
    from cdht.db.models import AssessmentDraft, Recognition, WebSession
    from cdht.db.my_data import deletion_requests, erase_account, request_deletion
    from cdht.db.web_sessions import start_session

    crit = criteria_sets["III"]
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    other_unit = create_unit(session, None, name="Sở Tư pháp", code="Tp2026ab", now=JUNE)
    session.commit()
    foreign = add_user(session, "manager", "001085000333", "Hồ Văn Nam", unit_code=other_unit.code)
    leaving = add_citizen(session)
    submit(session, leaving, crit, answers(crit, 8))
    submit(session, leaving, crit, answers(crit, 10))
    record_decision(
        session,
        manager,
        unit_id=unit.id,
        year=2026,
        number="45",
        signed_on=date(2026, 11, 20),
        signer_name="Nguyễn Thế Nhân",
        signer_title="Trưởng ban",
        now=NOVEMBER,
    )
    start_session(session, leaving, now=JUNE)
    with pytest.raises(PermissionDenied):  # no request yet
        erase_account(session, manager, store=FileStore(tmp_path), account_id=leaving.id, now=JUNE)
    request_deletion(session, leaving, now=JUNE)
    assert [r[1] for r in deletion_requests(session, manager, unit_id=unit.id)] == ["Nguyễn Văn An"]
    with pytest.raises(PermissionDenied):
        erase_account(session, foreign, store=FileStore(tmp_path), account_id=leaving.id, now=JUNE)
    erase_account(session, manager, store=FileStore(tmp_path), account_id=leaving.id, now=JUNE)
    shell = session.get(Account, leaving.id)
    session.refresh(shell)
    assert (shell.full_name, shell.role, shell.birth_year) == ("(đã xoá)", "erased", 0)
    assert "051090123456" not in repr(shell.model_dump())
    assert session.exec(select(Assessment)).all() == []
    assert session.exec(select(AssessmentRevision)).all() == []
    assert session.exec(select(AssessmentDraft)).all() == []
    assert session.exec(select(WebSession)).all() == []
    assert authenticate(session, "051090123456", PASSWORD, now=JUNE) is None
    # the signed decision's annex keeps the line, no longer tied to an account
    assert [
        (p.full_name, p.total)
        for p in recognised_list(session, manager, unit_id=unit.id, year=2026)
    ] == [("Nguyễn Văn An", 100)]
    assert session.exec(select(Recognition.account_id)).all() == [None]
    assert deletion_requests(session, manager, unit_id=unit.id) == []
    # The decided year's figures are the decision's, counts without a name; from then on the
    # person is gone from every figure.
    decided = unit_figures(session, manager, unit_id=unit.id, year=2026)
    assert (decided.registered, decided.assessed, decided.recognised) == (2, 1, 1)
    assert unit_figures(session, manager, unit_id=unit.id, year=2027).registered == 1  # the manager
    actions = session.exec(select(AuditEvent.action)).all()
    assert "account.erase" in actions and "account.register" in actions


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("nguyễn thị lan", "Nguyễn Thị Lan"),
        ("ĐẶNG VĂN ĐỨC", "Đặng Văn Đức"),
        ("Nguyễn thị Lan", "Nguyễn thị Lan"),  # some capitals typed: the person's own choice
        ("H'Hen Niê", "H'Hen Niê"),
    ],
)
def test_names_typed_all_small_or_all_capitals_get_capitals(typed, kept):
    from cdht.registration import clean_full_name

    assert clean_full_name(typed) == kept
