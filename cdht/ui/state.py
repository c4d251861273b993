"""Process-wide resources (cached) and the per-browser-session state of the UI."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cdht.config import Settings, load_settings
from cdht.criteria import CriteriaSet, load_all
from cdht.db.engine import init_db, make_engine
from cdht.db.file_store import FileStore
from cdht.db.web_sessions import resume_session, revoke_session, start_session, still_live
from cdht.roles import Actor
from cdht.ui.web_routes import COOKIE_NAME, LOGOUT_ROUTE, SESSION_ROUTE
from cdht.window import now_utc

_ACTOR = "actor"
_SESSION = "web_session"
_COOKIE_CALL = "cookie_call"
_FLASH = "flash"


def settings() -> Settings:
    return load_settings()


@st.cache_resource
def _engine(url: str) -> Engine:
    engine = make_engine(url)
    init_db(engine)
    return engine


def engine() -> Engine:
    return _engine(settings().database_url)


def file_store() -> FileStore:
    """Where evidence files are kept (CDHT_EVIDENCE_DIR)."""
    return FileStore(settings().evidence_dir)


@st.cache_resource
def _criteria_sets(directory: Path) -> dict[str, CriteriaSet]:
    return load_all(directory)


def criteria_sets() -> dict[str, CriteriaSet]:
    return _criteria_sets(settings().criteria_dir)


@contextmanager
def db() -> Iterator[Session]:
    """One session per unit of work; rolled back if the work fails."""
    with Session(engine(), expire_on_commit=False) as session:
        try:
            yield session
        except Exception:
            session.rollback()
            raise


def actor() -> Actor | None:
    return st.session_state.get(_ACTOR)


def require_actor() -> Actor:
    """The logged-in person; pages only reachable when logged in call this."""
    who = actor()
    if who is None:
        st.warning("Vui lòng đăng nhập.")
        st.stop()
    return who


def log_in(who: Actor) -> None:
    """Remember the person for this browser session and start a login session kept by cookie."""
    with db() as session:
        session_id, handoff = start_session(session, who, now=now_utc())
    st.session_state[_ACTOR] = who
    st.session_state[_SESSION] = session_id
    st.session_state[_COOKIE_CALL] = f"{SESSION_ROUTE}?t={handoff}"


def update_actor(who: Actor) -> None:
    """The same login with changed details (e.g. after a password change)."""
    st.session_state[_ACTOR] = who


def session_id() -> int | None:
    return st.session_state.get(_SESSION)


def log_out() -> None:
    """End the login here and everywhere its cookie is used."""
    sid = session_id()
    if sid is not None:
        with db() as session:
            revoke_session(session, sid, now=now_utc())
    st.session_state.clear()
    st.session_state[_COOKIE_CALL] = LOGOUT_ROUTE


def restore_login() -> None:
    """On each run: resume a login from the session cookie, or drop one that has ended."""
    sid = session_id()
    if actor() is None:
        token = st.context.cookies.get(COOKIE_NAME) if st.context.cookies else None
        if token:
            with db() as session:
                found = resume_session(session, token, now=now_utc())
            if found:
                st.session_state[_SESSION], st.session_state[_ACTOR] = found
    elif sid is not None:
        with db() as session:
            live = still_live(session, sid, now=now_utc())
        if not live:
            st.session_state.clear()
            st.session_state[_COOKIE_CALL] = LOGOUT_ROUTE


def cookie_call() -> None:
    """Let the browser fetch the route that sets or clears the HttpOnly session cookie."""
    path = st.session_state.pop(_COOKIE_CALL, None)
    if path:
        st.iframe(
            "<script>fetch(" + json.dumps(path) + ", {method: 'POST', credentials: 'include'})"
            "</script>",
            height=1,
        )


def client_address() -> str | None:
    """The visitor's address: from the trusted proxy's header when one is configured (its last
    address, the one the proxy itself saw), else the connection's own."""
    header = settings().client_address_header
    if header:
        value = (st.context.headers.get(header) or "").split(",")[-1].strip()
        if value:
            return value
    return st.context.ip_address


def flash(message: str) -> None:
    """A success message shown once, on the next page drawn."""
    st.session_state[_FLASH] = message


def show_flash() -> None:
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)
