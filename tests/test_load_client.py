"""The load generator's headless citizen (benchmarks/load) still walks the app to its result.

`make loadtest` is a benchmark, not a test; this runs one of its journeys against a real server
so a change of the app that the generator no longer follows fails here, loudly.
"""

import json
import random
import sqlite3
from contextlib import closing

from sqlmodel import Session, select
from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks.load.citizens import Citizen, create_citizens, mismatches
from benchmarks.load.journey import (
    ASSESS_PAGE,
    BACK,
    INDICATOR,
    NEXT,
    POINTS,
    RESULT_HEADING,
    answer_and_send,
    journey,
)
from benchmarks.load.protocol import Tab
from cdht.db.accounts import authenticate
from cdht.db.engine import make_engine
from cdht.db.evidence import add_evidence
from cdht.db.file_store import FileStore
from cdht.db.models import AssessmentDraft
from cdht.window import now_utc
from tests.support import app_server, streamlit_server
from tests.test_evidence import image_bytes


def test_one_headless_citizen_reaches_the_result_and_it_is_stored(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'load.db'}"
    (citizen,) = create_citizens(url, 1)
    clicks: list[str] = []
    with app_server(url) as base:
        tab = Tab(base)
        try:
            answers = journey(
                tab,
                citizen,
                timed=lambda name, seconds: clicks.append(name),
                think=lambda: None,
                rng=random.Random(17),
            )
        finally:
            tab.close()
    assert RESULT_HEADING in tab.screen.headings()
    assert sorted(answers, key=int) == [str(n) for n in range(1, 11)]
    assert clicks.count("answer") == 10 and clicks[-2:] == ["review", "send"]
    assert mismatches(url, {citizen.cccd: answers}) == []


def points(option: str) -> int:
    return int(POINTS.search(option).group(1))


def kinds(tab: Tab) -> list[str]:
    return [e.WhichOneof("type") for e in tab.drawn]


def test_an_answer_redraws_the_draft_line_alone_and_a_step_the_form_alone(tmp_path) -> None:
    """The deadline rush's savings (docs/PERFORMANCE.md): a login is one run, an answer's rerun
    draws one line, not the step, and "Tiếp theo" draws the form, not the page around it."""
    url = f"sqlite:///{tmp_path / 'load.db'}"
    (citizen,) = create_citizens(url, 1)
    with app_server(url) as base:
        tab = Tab(base)
        try:
            tab.open()
            login = tab.screen.widget("button", "Đăng nhập")
            tab.submit(login, {"Số CCCD": citizen.cccd, "Mật khẩu": citizen.password})
            # The login is checked in the button's callback: its one run draws the first page.
            assert tab.runs == 1 and ASSESS_PAGE in tab.screen.headings()
            radios = tab.screen.of_kind("radio")
            on_screen = len(tab.screen.elements)
            assert ASSESS_PAGE in tab.screen.headings() and len(radios) == 4
            chosen = {}
            for radio in radios:
                option = radio.radio.options[1]
                tab.click(radio, WidgetState(string_value=option))
                assert kinds(tab) == ["markdown"], kinds(tab)  # st.caption is Markdown
                assert tab.drawn[0].markdown.body.startswith("Đã lưu nháp lúc")
                assert len(tab.screen.elements) == on_screen + 1  # the line, then in its place
                chosen[INDICATOR.match(radio.radio.label).group(1)] = points(option)
            tab.click(tab.screen.widget("button", NEXT))
            drawn = [e.heading.body for e in tab.drawn if e.WhichOneof("type") == "heading"]
            assert ASSESS_PAGE not in drawn and any(h.startswith("Năng lực 2.") for h in drawn)
            assert ASSESS_PAGE in tab.screen.headings()  # the page's title stays on screen
        finally:
            tab.close()
    with Session(make_engine(url)) as session:
        assert session.exec(select(AssessmentDraft)).one().answers == chosen


def test_a_step_move_reuses_the_pages_reads_and_a_send_reads_again(tmp_path) -> None:
    """The form's own reruns reuse what the page's run read (docs/PERFORMANCE.md): a file added
    from elsewhere (another tab) shows on the next page load, not on a step move; what the form
    itself stores is read again at once, so editing a sent form says that it was sent."""
    url, evidence = f"sqlite:///{tmp_path / 'load.db'}", tmp_path / "evidence"
    (citizen,) = create_citizens(url, 1)
    with app_server(url, {"CDHT_EVIDENCE_DIR": str(evidence)}) as base:
        tab = Tab(base)
        try:
            tab.open()
            login = tab.screen.widget("button", "Đăng nhập")
            tab.submit(login, {"Số CCCD": citizen.cccd, "Mật khẩu": citizen.password})
            with Session(make_engine(url)) as session:
                who = authenticate(session, citizen.cccd, citizen.password, now=now_utc())
                add_evidence(
                    session,
                    who,
                    store=FileStore(evidence),
                    indicator_id="1",
                    name="the.png",
                    data=image_bytes(),
                    now=now_utc(),
                )
            tab.click(tab.screen.widget("button", NEXT))
            tab.click(tab.screen.widget("button", BACK))
            assert "Bước 1/3" in tab.screen.of_kind("progress")[0].progress.text
            assert ATTACHED not in captions(tab)  # the step move read nothing again
            tab.go_to(ASSESS_PAGE)
            assert ATTACHED in captions(tab)  # a page load reads it all
            answer_and_send(tab, timed=lambda *_: None, think=lambda: None, rng=random.Random(3))
            assert RESULT_HEADING in tab.screen.headings()
            tab.click(tab.screen.widget("button", "Sửa và gửi lại"))
            sent = [a.alert.body for a in tab.screen.of_kind("alert")]
            assert any(body.startswith("Bạn đã gửi phiếu năm") for body in sent), sent
        finally:
            tab.close()


ATTACHED = "Đã đính kèm 1 tệp minh chứng."


def captions(tab: Tab) -> list[str]:
    return [e.markdown.body for e in tab.screen.of_kind("markdown")]


def test_the_guarded_floor_checks_the_password_and_the_session_and_saves_drafts(tmp_path) -> None:
    """The guarded floor (`make loadtest GUARDED=1`) does the guards it is measured for: an
    Argon2id login with CDHT's settings, a session row whose removal ends the login, a draft per
    answer; and the same journey reaches its result on it."""
    from benchmarks.load import floor_page
    from cdht import passwords

    assert (floor_page.HASH_MEMORY_MIB, floor_page.HASH_PASSES) == (
        passwords.HASH_MEMORY_MIB,
        passwords.HASH_PASSES,
    )
    path = tmp_path / "guarded.db"
    env = {"BENCH_FLOOR_DB": str(path), "BENCH_FLOOR_GUARD": "1"}
    citizen = Citizen("051090000001", "ba từ ít gặp")
    with streamlit_server("benchmarks/load/floor_page.py", env) as server:
        tab = Tab(server.base)
        try:
            answers = journey(
                tab, citizen, timed=lambda *_: None, think=lambda: None, rng=random.Random(3)
            )
        finally:
            tab.close()
        assert RESULT_HEADING in tab.screen.headings()
        with closing(sqlite3.connect(path)) as conn:
            (stored,) = conn.execute("SELECT hash FROM person").fetchone()
            assert stored.startswith("$argon2id$v=19$m=7168,t=5,p=1$")
            assert json.loads(conn.execute("SELECT answers FROM draft").fetchone()[0]) == answers
            assert conn.execute("SELECT count(*) FROM web_session").fetchone() == (1,)
            assert conn.execute("SELECT action FROM audit").fetchall() == [("login",)]
        wrong = Tab(server.base)
        try:
            wrong.open()
            button = wrong.screen.widget("button", "Đăng nhập")
            wrong.submit(button, {"Số CCCD": citizen.cccd, "Mật khẩu": "sai mật khẩu"})
            assert wrong.screen.has("button", "Đăng nhập")
        finally:
            wrong.close()
        ended = Tab(server.base)
        try:
            ended.open()
            button = ended.screen.widget("button", "Đăng nhập")
            ended.submit(button, {"Số CCCD": citizen.cccd, "Mật khẩu": citizen.password})
            assert ended.screen.has("button", NEXT)
            with closing(sqlite3.connect(path)) as conn, conn:
                conn.execute("DELETE FROM web_session")
            ended.click(ended.screen.widget("button", NEXT))
            assert ended.screen.has("button", "Đăng nhập")
        finally:
            ended.close()
