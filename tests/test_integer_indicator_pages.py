"""An organisation's criteria file with indicators scored as a whole number 0..max, dropped into
CDHT_CRITERIA_DIR: the form asks for a number where the file says so, the review, the result, the
paper form and "Kết quả của tôi" show it, and the number is stored as given (AppTest, real SQLite
file)."""

import shutil
from pathlib import Path

import pytest
import yaml
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from cdht.criteria import CRITERIA_DIR
from cdht.db.engine import init_db, make_engine
from cdht.db.models import Assessment, AssessmentDraft
from cdht.db.units import create_unit
from cdht.roles import CITIZEN, MANAGER
from cdht.window import local_year, now_utc
from tests.conftest import JUNE, add_citizen, add_user, open_window_all_year
from tests.test_pages import answer_all, field_errors, goto, has, step_text, texts

ONE_ENGINE = True  # each test on one engine (tests/conftest.py); the data layer on both

APP = str(Path(__file__).resolve().parent.parent / "app.py")
NUMBERED = {"3": 10, "7": 10}  # indicator id -> max_points, in steps 1 and 2 of group III


def numbered_criteria(directory: Path) -> Path:
    for path in CRITERIA_DIR.glob("*.yaml"):
        shutil.copy(path, directory / path.name)
    target = directory / "group_iii.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    for comp in data["competencies"]:
        for item in comp["indicators"]:
            if item["id"] in NUMBERED:
                del item["levels"]
                item["max_points"] = NUMBERED[item["id"]]
    data["version"] = "official-test-1"
    data["paraphrase"] = False
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return directory


@pytest.fixture
def db(engine_url, monkeypatch, tmp_path):
    monkeypatch.setenv("CDHT_DATABASE_URL", engine_url)
    monkeypatch.setenv("CDHT_EVIDENCE_DIR", str(tmp_path / "evidence"))
    (tmp_path / "criteria").mkdir()
    monkeypatch.setenv("CDHT_CRITERIA_DIR", str(numbered_criteria(tmp_path / "criteria")))
    engine = make_engine(engine_url)
    init_db(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


@pytest.fixture
def people(db):
    unit = create_unit(db, None, name="Sở Tư pháp tỉnh Quảng Ngãi", code="B51pzCjW", now=JUNE)
    db.commit()
    open_window_all_year(db, unit.id, local_year(now_utc()))
    return {
        MANAGER: add_user(db, MANAGER, "051085000111", "Trần Minh Sơn"),
        CITIZEN: add_citizen(db),
    }


def app(actor) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["actor"] = actor
    at.run()
    assert not at.exception, at.exception
    return at


ANSWERS = {str(n): 8 for n in range(1, 11)} | {"3": 7, "7": 9}  # 7 and 9: no level of the set


def test_a_number_is_asked_where_the_file_says_so_and_stored_as_given(db, people):
    at = app(people[CITIZEN])
    assert "Bước 1/3" in step_text(at)
    number = at.number_input(key="ans_III_3")
    assert not has(at, "radio", "ans_III_3") and has(at, "radio", "ans_III_1")
    assert number.value is None and number.min == 0 and number.max == 10 and number.step == 1
    assert number.label == "Số điểm tự chấm cho chỉ số 3 (số nguyên từ 0 đến 10)"
    assert "chọn một mức hoặc nhập số điểm cho mỗi chỉ số" in texts(at)
    answer_all(at, "III", ANSWERS)
    at.button(key="assess_review").click().run()
    expected = sum(ANSWERS.values())
    assert at.metric[0].value == f"{expected}/100"
    review = texts(at)
    assert "**7/10 điểm**" in review and "**9/10 điểm**" in review
    at.button(key="assess_send").click().run()
    assert not at.exception
    assert at.metric[0].label == "Tổng điểm" and at.metric[0].value == f"{expected}/100"
    row = db.exec(select(Assessment)).one()
    assert row.answers["3"] == 7 and row.answers["7"] == 9 and row.total == expected
    assert row.criteria_version == "official-test-1"
    goto(at, "my_results")
    details = texts(at)
    assert "**7/10 điểm**" in details and "**9/10 điểm**" in details
    assert "**8/10 điểm**" in details  # a graded indicator: its points and its level's wording


def test_a_missing_number_sends_back_to_its_step_with_a_message(db, people):
    at = app(people[CITIZEN])
    answers = dict(ANSWERS)
    del answers["7"]
    answer_all(at, "III", answers)
    at.button(key="assess_review").click().run()
    assert "Bước 2/3" in step_text(at)
    assert at.error[0].value == (
        "Còn 1 chỉ số chưa chọn mức hoặc nhập điểm (đánh dấu bên dưới): 7."
    )
    assert field_errors(at) == ["Vui lòng nhập số điểm, số nguyên từ 0 đến 10."]
    assert db.exec(select(Assessment)).all() == []


def test_a_typed_number_is_a_draft_at_once_and_comes_back(db, people):
    at = app(people[CITIZEN])
    at.number_input(key="ans_III_3").set_value(6).run()
    assert not at.exception
    assert db.exec(select(AssessmentDraft)).one().answers == {"3": 6}
    again = app(people[CITIZEN])  # a new browser session
    assert again.number_input(key="ans_III_3").value == 6


def test_a_manager_types_a_number_on_the_paper_form(db, people):
    at = goto(app(people[MANAGER]), "paper_entry")
    at.selectbox(key="paper_person").set_value("051090123456")
    at.run()
    prefix = f"paper{people[CITIZEN].id}_"
    assert has(at, "number_input", f"{prefix}ans_III_3")
    answer_all(at, "III", ANSWERS, prefix)
    at.button(key=f"{prefix}assess_review").click().run()
    at.button(key=f"{prefix}assess_send").click().run()
    assert not at.exception
    row = db.exec(select(Assessment)).one()
    assert row.answers["3"] == 7 and row.entered_by_id == people[MANAGER].id
