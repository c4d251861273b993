"""The evidence quota on the form: shown before a file is picked, and enforced by the page."""

from sqlmodel import select

from cdht.db.models import EvidenceFile
from cdht.roles import CITIZEN
from cdht.window import local_year, now_utc
from tests.test_evidence import noise_png
from tests.test_pages import app, db, field_errors, open_parts, people  # noqa: F401  (page-test fixtures)

ONE_ENGINE = True  # each test on one engine (tests/conftest.py); the data layer on both


def quota_captions(at) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith("Đã dùng")]


def test_the_form_shows_the_quota_and_refuses_a_file_over_it(db, people, monkeypatch):  # noqa: F811
    monkeypatch.setenv("CDHT_EVIDENCE_QUOTA_PERSON_MB", "1")
    year = local_year(now_utc())
    at = app(people[CITIZEN])
    assert not quota_captions(at)  # the evidence parts are closed: nothing of theirs is drawn
    open_parts(at, "ev_open_1", "ev_open_2")
    assert quota_captions(at)[0] == f"Đã dùng 0 MB / 1 MB dung lượng minh chứng năm {year}."
    at.file_uploader(key="ev_III_1_0").set_value(("a.png", noise_png(600), "image/png"))
    at.run()
    assert not at.exception
    assert quota_captions(at)[0].startswith("Đã dùng 0,6 MB / 1 MB")
    at.file_uploader(key="ev_III_2_1").set_value(("b.png", noise_png(600), "image/png"))
    at.run()
    assert not at.exception
    assert "vượt hạn mức minh chứng năm" in field_errors(at)[0]
    assert "mỗi người tối đa 1 MB, đã dùng 0,6 MB" in field_errors(at)[0]
    assert len(db.exec(select(EvidenceFile)).all()) == 1
