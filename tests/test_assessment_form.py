"""Sending the assessment form when something fails (AppTest, real SQLite file): each failure is
one Vietnamese message over the review, never a traceback, and the answers stay for a new try."""

import logging
import re
from datetime import date

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from cdht.db.engine import init_db, make_engine
from cdht.db.models import Assessment, AssessmentDraft
from cdht.db.units import create_unit, set_unit_window
from cdht.roles import PermissionDenied
from cdht.ui import assessment_form
from cdht.window import local_year, now_utc
from tests.conftest import JUNE, add_citizen, open_window_all_year
from tests.test_pages import answer_all, app, field_errors, has, texts, whole_screen

EVERY_EIGHT = {str(n): 8 for n in range(1, 11)}


@pytest.fixture
def db(engine_url, monkeypatch, tmp_path):
    monkeypatch.setenv("CDHT_DATABASE_URL", engine_url)
    monkeypatch.setenv("CDHT_EVIDENCE_DIR", str(tmp_path / "evidence"))
    engine = make_engine(engine_url)
    init_db(engine)
    with Session(engine, expire_on_commit=False) as session:
        yield session
    engine.dispose()


@pytest.fixture
def citizen(db):
    unit = create_unit(db, None, name="Ban Dân tộc tỉnh Quảng Ngãi", code="B51pzCjW", now=JUNE)
    db.commit()
    open_window_all_year(db, unit.id, local_year(now_utc()))
    return add_citizen(db)


def broken(error: Exception):
    def fail(*args, **kwargs):
        raise error

    return fail


def reviewed(actor):
    at = app(actor)
    answer_all(at, "III", EVERY_EIGHT)
    at.button(key="assess_review").click().run()
    assert has(at, "button", "assess_send"), texts(at)
    return at


def send(at) -> str:
    at.button(key="assess_send").click().run()
    assert not at.exception, at.exception
    assert has(at, "button", "assess_send")  # still on the review screen
    assert len(at.error) == 1
    return re.sub(r"\\(.)", r"\1", at.error[0].value)  # as read: Markdown's escapes removed


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (
            OperationalError("INSERT INTO assessment", {}, Exception("connection lost")),
            "Không gửi được phiếu: hệ thống tạm thời không ghi được dữ liệu",
        ),
        (
            PermissionDenied("Bạn chỉ nhập được phiếu của thành viên đơn vị mình quản lý."),
            "Không gửi được phiếu: Bạn chỉ nhập được phiếu của thành viên",
        ),
    ],
)
def test_a_failed_send_is_one_message_and_a_new_try_sends_the_same_answers(
    db, citizen, monkeypatch, caplog, error, shown
):
    at = reviewed(citizen)
    with monkeypatch.context() as patched, caplog.at_level(logging.ERROR):
        patched.setattr(assessment_form, "submit_assessment", broken(error))
        message = send(at)
    assert message.startswith(shown), message
    assert "Traceback" not in texts(at) and "connection lost" not in texts(at)
    assert ("assessment not sent" in caplog.text) == isinstance(error, OperationalError)
    assert db.exec(select(Assessment)).all() == []
    at.button(key="assess_send").click().run()
    assert not at.exception and at.metric[0].label == "Tổng điểm"
    assert db.exec(select(Assessment)).one().answers == EVERY_EIGHT


def test_a_note_with_a_control_character_is_refused_naming_its_indicator(db, citizen):
    at = app(citizen)
    at.text_input(key="note_III_1").input("Đọc\x07sách")
    answer_all(at, "III", EVERY_EIGHT)
    at.button(key="assess_review").click().run()
    message = send(at)
    assert message == "Không gửi được phiếu: Ghi chú minh chứng chỉ số 1 chứa ký tự không hợp lệ."
    assert db.exec(select(Assessment)).all() == []


def test_a_note_longer_than_allowed_is_kept_said_under_its_box_and_refused_at_the_send(db, citizen):
    """The note box has no max_chars (Streamlit drops a longer paste whole, without a word): a
    long note stays as pasted, its box says how long it is, and the send refuses it."""
    long_note = "Đọc sách chuyên ngành và ghi chép lại " * 15
    length = len(long_note.strip())
    said = f"Ghi chú minh chứng dài quá 500 ký tự (đang có {length} ký tự): hãy rút gọn."
    at = app(citizen)
    at.text_input(key="note_III_1").input(long_note).run()
    assert field_errors(at) == [said]
    assert at.text_input(key="note_III_1").value == long_note
    at.text_input(key="note_III_1").input("Đọc 12 cuốn sách").run()
    assert field_errors(at) == []  # shortened: the message goes
    at.text_input(key="note_III_1").input(long_note).run()
    answer_all(at, "III", EVERY_EIGHT)
    at.button(key="assess_review").click().run()
    message = send(at)
    assert message.startswith("Không gửi được phiếu: Ghi chú minh chứng chỉ số 1 dài quá 500")
    assert db.exec(select(Assessment)).all() == []


def test_outside_the_window_with_the_draft_unsaved_says_both(db, citizen, monkeypatch):
    """The window closes while the form is on screen (the form keeps the window it read)."""
    at = reviewed(citizen)
    year = local_year(now_utc())
    set_unit_window(
        db,
        None,
        unit_id=citizen.unit_id,
        year=year,
        opens_on=date(year, 1, 1),
        closes_on=date(year, 1, 1),
        now=JUNE,
    )
    db.commit()
    saving = OperationalError("INSERT INTO assessmentdraft", {}, Exception("disk full"))
    monkeypatch.setattr(assessment_form, "save_draft", broken(saving))
    message = send(at)
    assert message.startswith("Không gửi được phiếu: Ngoài thời hạn tự đánh giá"), message
    assert message.endswith("vẫn còn trên trang nhưng chưa lưu nháp được."), message
    assert db.exec(select(Assessment)).all() == []


def test_an_answer_the_database_cannot_save_stays_on_screen_and_is_saved_with_the_next(
    db, citizen, monkeypatch, caplog
):
    at = app(citizen)
    with monkeypatch.context() as patched, caplog.at_level(logging.ERROR):
        down = OperationalError("INSERT INTO assessmentdraft", {}, Exception("disk I/O error"))
        patched.setattr(assessment_form, "save_draft", broken(down))
        at.radio(key="ans_III_1").set_value(8).run()
    assert not at.exception, at.exception
    assert [w.value for w in at.warning] == [assessment_form.UNSAVED]
    assert "disk I/O error" not in texts(at) and "draft not saved" in caplog.text
    assert whole_screen(at).radio(key="ans_III_1").value == 8
    assert [w.value for w in at.warning] == [assessment_form.UNSAVED]  # until a save succeeds
    assert db.exec(select(AssessmentDraft)).all() == []
    at.radio(key="ans_III_2").set_value(8).run()
    assert not at.exception and not at.warning
    assert "Đã lưu nháp lúc" in texts(at)
    db.expire_all()
    assert db.exec(select(AssessmentDraft)).one().answers == {"1": 8, "2": 8}
