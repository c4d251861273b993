"""Dashboard figures are cached per unit and year, and fresh after every write that changes them,
in this process or through another connection (another server), on SQLite and PostgreSQL."""

import sqlalchemy as sa
from cachetools import LRUCache
from sqlmodel import Session

from cdht.db.engine import make_engine
from cdht.db.figures import cached
from cdht.db.my_data import update_my_details
from cdht.db.rollup import unit_figures, unit_rollup
from cdht.db.staff import missing, replace_staff
from cdht.db.stats import unit_overview
from cdht.db.units import create_unit, update_unit
from cdht.roles import ADMIN, Actor
from cdht.staff_import import StaffEntry
from tests.conftest import JUNE, add_citizen, add_user
from tests.test_data_layer import answers, submit

ADMIN_ACTOR = Actor(id=0, role=ADMIN, unit_id=0, full_name="Quản trị", cccd_masked="")


class Statements:
    """Counts the SQL statements an engine runs."""

    def __init__(self, engine: sa.Engine) -> None:
        self.count = 0
        sa.event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args) -> None:
        self.count += 1


def test_a_second_look_costs_one_query_and_a_submission_refreshes(session, unit, criteria_sets):
    crit = criteria_sets["III"]
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    citizen = add_citizen(session)
    first = unit_overview(session, manager, unit_id=unit.id, year=2026)
    counts = unit_figures(session, manager, unit_id=unit.id, year=2026)
    assert (counts.registered, counts.assessed, first.assessed) == (2, 0, 0)

    statements = Statements(session.get_bind())
    again = unit_overview(session, manager, unit_id=unit.id, year=2026)
    assert again is first and statements.count == 1  # the unit's stamp, nothing else
    assert unit_figures(session, manager, unit_id=unit.id, year=2026) is counts
    assert statements.count == 2

    submit(session, citizen, crit, answers(crit, 10))
    after = unit_figures(session, manager, unit_id=unit.id, year=2026)
    assert (after.registered, after.assessed, after.recognised) == (2, 1, 1)
    assert unit_overview(session, manager, unit_id=unit.id, year=2026).assessed == 1
    assert unit_overview(session, manager, unit_id=unit.id, year=2025).assessed == 0


def test_every_write_the_dashboard_shows_refreshes_it(session, unit, criteria_sets):
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    citizen = add_citizen(session)
    gone = missing(session, manager, unit_id=unit.id, year=2026)
    assert "Nguyễn Văn An" in [p.full_name for p in gone.not_assessed]

    update_my_details(
        session,
        citizen,
        full_name="Nguyễn Văn Ân",
        department="Văn phòng",
        position="",
        phone="",
        email="",
        now=JUNE,
    )
    names = [
        p.full_name for p in missing(session, manager, unit_id=unit.id, year=2026).not_assessed
    ]
    assert "Nguyễn Văn Ân" in names and "Nguyễn Văn An" not in names

    replace_staff(
        session,
        manager,
        unit_id=unit.id,
        entries=[StaffEntry("Lê Thị Bình", "051190654321", "Kế toán", "")],
        now=JUNE,
    )
    gone = missing(session, manager, unit_id=unit.id, year=2026)
    assert [p.full_name for p in gone.not_registered] == ["Lê Thị Bình"]
    counts = unit_figures(session, manager, unit_id=unit.id, year=2026)
    assert (counts.expected, counts.registered, counts.unlisted) == (1, 0, 2)

    add_citizen(session, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình")
    assert missing(session, manager, unit_id=unit.id, year=2026).not_registered == ()
    counts = unit_figures(session, manager, unit_id=unit.id, year=2026)
    assert (counts.expected, counts.registered, counts.unlisted) == (1, 1, 2)


def test_roll_up_follows_submissions_and_renamed_and_new_units(session, unit, criteria_sets):
    crit = criteria_sets["III"]
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    citizen = add_citizen(session)
    before = unit_rollup(session, ADMIN_ACTOR, parent_id=None, year=2026)
    assert [(g.name, g.assessed) for g in before] == [("Ban Dân tộc tỉnh Quảng Ngãi", 0)]
    assert unit_rollup(session, ADMIN_ACTOR, parent_id=None, year=2026) is before

    submit(session, citizen, crit, answers(crit, 10))
    assert [g.assessed for g in unit_rollup(session, ADMIN_ACTOR, parent_id=None, year=2026)] == [1]

    update_unit(
        session,
        manager,
        unit_id=unit.id,
        name="Ban Dân tộc",
        contact_name="",
        contact_phone="",
        head_title="",
        default_group="III",
        now=JUNE,
    )
    names = [g.name for g in unit_rollup(session, ADMIN_ACTOR, parent_id=None, year=2026)]
    assert names == ["Ban Dân tộc"]
    create_unit(session, None, name="Sở Tư pháp", code="Tp2026ab", now=JUNE)
    session.commit()
    names = [g.name for g in unit_rollup(session, ADMIN_ACTOR, parent_id=None, year=2026)]
    assert names == ["Ban Dân tộc", "Sở Tư pháp"]


def test_a_submission_through_another_server_is_seen(session, unit, criteria_sets, engine_url):
    crit = criteria_sets["III"]
    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    citizen = add_citizen(session)
    assert unit_overview(session, manager, unit_id=unit.id, year=2026).assessed == 0

    other = make_engine(engine_url)  # a second process's own pool, same database
    with Session(other) as elsewhere:
        submit(elsewhere, citizen, crit, answers(crit, 8))
    other.dispose()
    session.rollback()  # end this session's read snapshot, as a new page run does
    ov = unit_overview(session, manager, unit_id=unit.id, year=2026)
    assert ov.assessed == 1 and ov.total_counts == {80: 1}


def test_roll_up_after_a_submission_recomputes_only_that_unit(
    session, unit, criteria_sets, monkeypatch
):
    crit = criteria_sets["III"]
    create_unit(session, None, name="Sở Tư pháp", code="Tp2026ab", now=JUNE)
    session.commit()
    citizen = add_citizen(session)
    other = add_citizen(
        session, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình", unit_code="Tp2026ab"
    )
    before = {g.name: g for g in unit_rollup(session, ADMIN_ACTOR, parent_id=None, year=2026)}

    submit(session, citizen, crit, answers(crit, 10))
    after = {g.name: g for g in unit_rollup(session, ADMIN_ACTOR, parent_id=None, year=2026)}
    assert after["Sở Tư pháp"] is before["Sở Tư pháp"]  # kept, not computed again
    assert (after["Ban Dân tộc tỉnh Quảng Ngãi"].assessed, after["Sở Tư pháp"].assessed) == (1, 0)

    monkeypatch.setattr("cdht.db.figures.MAX_LISTED", 0)  # too many changed: compute all at once
    submit(session, other, crit, answers(crit, 5))
    both = unit_rollup(session, ADMIN_ACTOR, parent_id=None, year=2026)
    assert [(g.name, g.registered, g.assessed, g.recognised) for g in both] == [
        ("Ban Dân tộc tỉnh Quảng Ngãi", 1, 1, 1),
        ("Sở Tư pháp", 1, 1, 0),
    ]


def test_the_least_recently_used_value_goes_first(session, unit, monkeypatch):
    """A full cache drops the value read longest ago, not the one stored first."""
    monkeypatch.setattr("cdht.db.figures._cache", LRUCache(maxsize=2))
    computed: list[str] = []

    def look(name: str) -> str:
        def compute() -> str:
            computed.append(name)
            return name

        return cached(session, name, None, 2026, compute)

    for name in ("a", "b", "a", "c", "a", "b"):
        assert look(name) == name
    assert computed == ["a", "b", "c", "b"]  # "a", read again, outlived "b"


def test_recording_a_decision_freezes_the_figures_shown_at_once(session, unit, criteria_sets):
    """The dashboard read a decided year's figures from its cache as still live until another
    write came: no "kept as at the decision" line, and later staff changes moved them."""
    from datetime import date

    from cdht.db.decisions import record_decision
    from tests.conftest import NOVEMBER

    manager = add_user(session, "manager", "051085000111", "Trần Minh Sơn")
    add_citizen(session)
    assert not unit_figures(session, manager, unit_id=unit.id, year=2026).frozen  # cached
    record_decision(
        session, manager, unit_id=unit.id, year=2026, number="45", signed_on=date(2026, 11, 20),
        signer_name="Nguyễn Thế Nhân", signer_title="Trưởng ban", now=NOVEMBER,
    )  # fmt: skip
    assert unit_figures(session, manager, unit_id=unit.id, year=2026).frozen
