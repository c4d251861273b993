"""A person's login sessions: configurable idle timeout, their list, ending one (both engines)."""

from datetime import timedelta

import pytest
from sqlmodel import select

from cdht.config import load_settings
from cdht.db.models import WebSession
from cdht.db.web_sessions import (
    IDLE_TIMEOUT,
    end_session,
    my_sessions,
    redeem_handoff,
    resume_session,
    start_session,
    still_live,
)
from cdht.ui.browsers import UNKNOWN, browser_label
from cdht.ui.web_routes import cookie_name, secure_cookies
from tests.conftest import JUNE, add_citizen

CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
COC_COC = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "coc_coc_browser/130.0.0 Chrome/124.0.0.0 Safari/537.36"
)


def test_idle_timeout_defaults_to_30_minutes_and_is_configurable(monkeypatch):
    monkeypatch.delenv("CDHT_SESSION_IDLE_MINUTES", raising=False)
    assert load_settings().session_idle == timedelta(minutes=30) == IDLE_TIMEOUT
    monkeypatch.setenv("CDHT_SESSION_IDLE_MINUTES", "45")
    assert load_settings().session_idle == timedelta(minutes=45)


def test_sessions_end_after_the_configured_idle_time(session, unit):
    who = add_citizen(session)
    sid, handoff = start_session(session, who, now=JUNE)
    token = redeem_handoff(session, handoff, now=JUNE)
    assert still_live(session, sid, now=JUNE + timedelta(minutes=29))
    assert not still_live(session, sid, now=JUNE + timedelta(minutes=29 + 31))  # idle since 29
    longer = timedelta(hours=3)
    assert resume_session(session, token, now=JUNE + timedelta(hours=2), idle=longer)
    assert resume_session(session, token, now=JUNE + timedelta(hours=2, minutes=31)) is None


def test_a_session_in_constant_use_still_ends_twelve_hours_after_its_login(session, unit):
    sid, _ = start_session(session, add_citizen(session), now=JUNE)
    clicks = [JUNE + timedelta(minutes=m) for m in range(20, 12 * 60, 20)]
    assert all(still_live(session, sid, now=at) for at in clicks)  # each click keeps it alive
    assert session.get(WebSession, sid).last_seen_at > JUNE + timedelta(hours=11)
    assert not still_live(session, sid, now=JUNE + timedelta(hours=12, minutes=1))


def test_a_person_lists_their_live_sessions_and_ends_any_of_them(session, unit):
    who = add_citizen(session)
    other = add_citizen(session, cccd="051190654321", gender="Nữ", full_name="Lê Thị Bình")
    here, _ = start_session(session, who, now=JUNE, user_agent=CHROME_WINDOWS, client="10.0.0.5")
    phone, _ = start_session(
        session,
        who,
        now=JUNE + timedelta(minutes=5),
        user_agent=SAFARI_IPHONE,
        client="113.160.1.2",
    )
    old, _ = start_session(session, who, now=JUNE - timedelta(hours=1))  # idle: not listed
    theirs, _ = start_session(session, other, now=JUNE)
    now = JUNE + timedelta(minutes=10)
    listed = my_sessions(session, who, now=now)
    assert [(s.id, s.user_agent, s.client) for s in listed] == [
        (phone, SAFARI_IPHONE, "113.160.1.2"),
        (here, CHROME_WINDOWS, "10.0.0.5"),
    ]
    assert not end_session(session, who, session_id=theirs, now=now)  # not theirs to end
    assert still_live(session, theirs, now=now)
    assert end_session(session, who, session_id=phone, now=now)
    assert not still_live(session, phone, now=now)
    assert [s.id for s in my_sessions(session, who, now=now)] == [here]
    assert not end_session(session, who, session_id=phone, now=now)  # already ended
    assert session.exec(select(WebSession).where(WebSession.id == old)).one().revoked_at is None


def test_start_session_cuts_long_descriptions(session, unit):
    who = add_citizen(session)
    sid, _ = start_session(session, who, now=JUNE, user_agent="x" * 1000, client="y" * 100)
    row = session.get(WebSession, sid)
    assert (len(row.user_agent), len(row.client)) == (200, 64)


@pytest.mark.parametrize(
    ("agent", "label"),
    [
        (CHROME_WINDOWS, "Chrome trên Windows"),
        (SAFARI_IPHONE, "Safari trên iPhone"),
        (COC_COC, "Cốc Cốc trên Windows"),
        ("", UNKNOWN),
        ("curl/8.5.0", UNKNOWN),
    ],
)
def test_browser_labels(agent, label):
    assert browser_label(agent) == label


def test_host_prefixed_secure_cookies_only_under_https():
    assert secure_cookies("https://cdht.example/auth/session", "")
    assert secure_cookies("http://127.0.0.1:8501/auth/session", "https://cdht.example")
    assert not secure_cookies("http://127.0.0.1:8501/auth/session", "")
    assert cookie_name("cdht_session", True) == "__Host-cdht_session"
    assert cookie_name("cdht_session", False) == "cdht_session"
