"""The recognition thresholds and the competencies' maxima come from the criteria files: with
files that ask 70 points, no indicator under 4, and competencies of 30, 40 and 30 points, the
printed list, the guide, the decision page and the dashboard say so (AppTest, real SQLite file)."""

import io
import json
from pathlib import Path

import openpyxl
import pytest
import yaml
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from cdht.criteria import CRITERIA_DIR, CriteriaSet, load_all
from cdht.db.assessments import submit_assessment
from cdht.db.engine import init_db, make_engine
from cdht.db.roster_rows import export_print_list, print_header
from cdht.db.units import create_unit
from cdht.print_html import print_list_html
from cdht.print_list import PrintHeader
from cdht.roles import MANAGER
from cdht.ui.results import rule_words
from tests.conftest import DEFAULTS, JUNE, add_citizen, add_user
from tests.test_pages import goto, texts

APP = str(Path(__file__).resolve().parent.parent / "app.py")
OTHER_RULE = "tổng điểm từ 70 trở lên và không có chỉ số nào dưới 4 điểm"
OTHER_TITLES = ("Năng lực 1 (30 điểm)", "Năng lực 2 (40 điểm)", "Năng lực 3 (30 điểm)")


def other_criteria(directory: Path) -> Path:
    """The shipped files with another rule (70 points, no indicator under 4) and the first
    indicator of competency 1 moved to competency 3 (maxima 30, 40, 30)."""
    for path in CRITERIA_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["recognition"].update(min_total=70, min_per_indicator=4)
        first, _, third = data["competencies"]
        third["indicators"].append(first["indicators"].pop(0))
        data["version"] = f"thu-nghiem-{data['group']}"
        (directory / path.name).write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8"
        )
    return directory


@pytest.fixture
def other_sets(tmp_path) -> dict[str, CriteriaSet]:
    (tmp_path / "criteria").mkdir()
    return load_all(other_criteria(tmp_path / "criteria"))


def test_the_other_files_load_with_their_rule_and_maxima(other_sets):
    crit = other_sets["III"]
    assert (crit.rule.min_total, crit.rule.min_per_indicator) == (70, 4)
    assert [c.max_points for c in crit.competencies] == [30, 40, 30]
    assert rule_words(crit.rule) == OTHER_RULE


def test_rule_words_of_the_shipped_files(criteria_sets):
    assert rule_words(criteria_sets["III"].rule) == (
        "tổng điểm từ 80 trở lên và không có chỉ số nào dưới 5 điểm"
    )


def test_print_list_titles_follow_the_criteria_sets(session, unit, criteria_sets, other_sets):
    manager = add_user(session, MANAGER, "051080000001", "Trần Minh Sơn")
    shipped = print_header(session, manager, unit_id=unit.id, year=2026, criteria=criteria_sets)
    assert shipped.column_titles[6:9] == (
        "Năng lực 1 (40 điểm)",
        "Năng lực 2 (40 điểm)",
        "Năng lực 3 (20 điểm)",
    )
    header = print_header(session, manager, unit_id=unit.id, year=2026, criteria=other_sets)
    assert header.column_titles[6:9] == OTHER_TITLES
    data = export_print_list(
        session, manager, unit_id=unit.id, year=2026, criteria=other_sets, now=JUNE
    )
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert tuple(c.value for c in ws[8])[6:9] == OTHER_TITLES
    html = print_list_html([], header)
    assert all(f"<th>{title}</th>" in html for title in OTHER_TITLES)


def test_print_list_titles_without_maxima_when_the_sets_disagree(
    session, unit, criteria_sets, other_sets
):
    manager = add_user(session, MANAGER, "051080000001", "Trần Minh Sơn")
    crit = other_sets["III"]
    for n, sets in enumerate((criteria_sets, other_sets)):
        who = add_citizen(session, cccd=f"05109012345{n}", full_name=f"Nguyễn Văn A{n}")
        answers = {i.id: 10 for i in sets["III"].indicators}
        submit_assessment(
            session,
            who,
            criteria=sets["III"],
            answers=answers,
            notes={},
            now=JUNE,
            window_defaults=DEFAULTS,
        )
    both = {**criteria_sets, "II": crit}  # both versions known, with different maxima
    header = print_header(session, manager, unit_id=unit.id, year=2026, criteria=both)
    assert header.criteria_versions == tuple(sorted({crit.version, criteria_sets["III"].version}))
    assert header.column_titles[6:9] == ("Năng lực 1", "Năng lực 2", "Năng lực 3")
    bare = PrintHeader(unit_name="Sở Tư pháp", governing_body="", year=2026, made_by="Lê Văn Hà")
    assert bare.column_titles[6:9] == ("Năng lực 1", "Năng lực 2", "Năng lực 3")


@pytest.fixture
def pages(db_url, monkeypatch, tmp_path):
    """A manager and a citizen who reached 75 points, every indicator at least 5, under the
    other files: recognised by them, not by the shipped rule."""
    monkeypatch.setenv("CDHT_DATABASE_URL", db_url)
    monkeypatch.setenv("CDHT_EVIDENCE_DIR", str(tmp_path / "evidence"))
    (tmp_path / "criteria").mkdir()
    directory = other_criteria(tmp_path / "criteria")
    monkeypatch.setenv("CDHT_CRITERIA_DIR", str(directory))
    crit = load_all(directory)["III"]
    engine = make_engine(db_url)
    init_db(engine)
    with Session(engine, expire_on_commit=False) as session:
        create_unit(session, None, name="Sở Tư pháp tỉnh Quảng Ngãi", code="B51pzCjW", now=JUNE)
        session.commit()
        manager = add_user(session, MANAGER, "051085000111", "Trần Minh Sơn")
        citizen = add_citizen(session)
        points = [10, 10, 10, 10, 10, 5, 5, 5, 5, 5]
        answers = {i.id: p for i, p in zip(crit.indicators, points, strict=True)}
        result = submit_assessment(
            session,
            citizen,
            criteria=crit,
            answers=answers,
            notes={},
            now=JUNE,
            window_defaults=DEFAULTS,
        )
        assert (result.score.total, result.score.recognised) == (75, True)
    engine.dispose()
    return manager


def app(actor) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if actor is not None:
        at.session_state["actor"] = actor
    at.run()
    assert not at.exception, at.exception
    return at


def test_guide_states_the_rule_of_the_files(pages):
    shown = texts(goto(app(None), "guide"))
    assert f"Đạt danh hiệu khi {OTHER_RULE}." in " ".join(shown.split())
    shown = texts(goto(app(pages), "guide"))
    assert f"Đạt danh hiệu khi {OTHER_RULE}." in " ".join(shown.split())


def test_decision_page_states_the_rule_of_the_files(pages):
    shown = " ".join(texts(goto(app(pages), "decision")).split())
    assert f"**1** người đạt mức công nhận ({OTHER_RULE})." in shown


def test_dashboard_marks_the_pass_mark_of_the_files(pages):
    at = goto(app(pages), "dashboard")
    charts = [json.loads(e.proto.spec) for e in at.get("plotly_chart")]
    totals = next(c for c in charts if c["layout"]["xaxis"]["title"]["text"] == "Tổng điểm")
    (line,) = totals["layout"]["shapes"]
    assert (line["x0"], line["x1"]) == (69.5, 69.5)
    assert [a["text"] for a in totals["layout"]["annotations"]] == ["Mức đạt 70"]
    averages = next(c for c in charts if c["layout"].get("barmode") == "overlay")
    maxima = next(t for t in averages["data"] if t["name"] == "Điểm tối đa")
    assert maxima["y"] == [30, 40, 30]
