"""Process-wide resources (cached) and the per-browser-session state of the UI."""

import ipaddress
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache
from pathlib import Path

import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cdht.config import Settings, load_settings
from cdht.criteria import CriteriaSet, load_all
from cdht.db.audit import CLIENT
from cdht.db.engine import shared_engine
from cdht.db.file_store import FileStore
from cdht.db.web_sessions import resume_session, revoke_session, start_session, still_live
from cdht.roles import Actor
from cdht.throttle import Device, read_device
from cdht.ui.text import md
from cdht.ui.web_routes import (
    DEVICE_COOKIE,
    LOGOUT_ROUTE,
    SESSION_COOKIE,
    SESSION_ROUTE,
    cookie_name,
    device_secret,
    secure_cookies,
)
from cdht.window import now_utc

_ACTOR = "actor"
_SESSION = "web_session"
_COOKIE_CALL = "cookie_call"
_FLASH = "flash"
_REGISTERED = "registered_number"
_NOTICE = "notice"
_PAGE = "page"  # the url path of the page the last run drew
_ARRIVED = "arrived"


def settings() -> Settings:
    return load_settings()


def engine() -> Engine:
    """The process's engine for the configured database, shared with the cookie routes."""
    return shared_engine(settings().database_url)


def file_store() -> FileStore:
    """Where evidence files are kept (CDHT_EVIDENCE_DIR)."""
    return FileStore(settings().evidence_dir)


@lru_cache(maxsize=4)  # read once per process; Streamlit's own cache hashed the path each call
def _criteria_sets(directory: Path) -> dict[str, CriteriaSet]:
    return load_all(directory)


def criteria_sets() -> dict[str, CriteriaSet]:
    return _criteria_sets(settings().criteria_dir)


def group_label(group: str) -> str:
    """A citizen group's whole name ("Nhóm III – Cán bộ, …"), as its criteria set gives it."""
    criteria = criteria_sets().get(group)
    return criteria.group_name if criteria else f"Nhóm {group}"


@contextmanager
def _unit_of_work(client: str | None) -> Iterator[Session]:
    with Session(engine(), expire_on_commit=False, info={CLIENT: client}) as session:
        yield session


def db() -> AbstractContextManager[Session]:
    """One session per unit of work, carrying the visitor's address for the audit log. The data
    functions commit their own work; closing the session drops whatever is left uncommitted."""
    return _unit_of_work(client_address())


class LoginEnded(Exception):
    """Work left for after the run was asked for once its login had ended."""


def db_later() -> Callable[[], AbstractContextManager[Session]]:
    """`db` for work done after this run, on another thread: a download's file, made when its
    button is pressed. The page's request (its address) and login are out of reach there, so
    they are read now; the unit of work then first checks that the login still lives, and raises
    LoginEnded if it has ended since (a logout in another tab, a password change, idleness)."""
    client, sid = client_address(), session_id()

    @contextmanager
    def unit_of_work() -> Iterator[Session]:
        with _unit_of_work(client) as session:
            live = sid is None or still_live(
                session, sid, now=now_utc(), idle=settings().session_idle
            )
            if not live:
                raise LoginEnded
            yield session

    return unit_of_work


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
        session_id, handoff = start_session(
            session,
            who,
            now=now_utc(),
            user_agent=st.context.headers.get("User-Agent") or "",
            client=client_address() or "",
        )
    st.session_state[_ACTOR] = who
    st.session_state[_SESSION] = session_id
    st.session_state[_COOKIE_CALL] = (SESSION_ROUTE, {"t": handoff})


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
    st.session_state[_COOKIE_CALL] = (LOGOUT_ROUTE, {})


def _cookie(name: str) -> str | None:
    """A cookie the browser sent, under its `__Host-` name when the app is served over HTTPS."""
    secure = secure_cookies(st.context.url or "", settings().public_url)
    return (st.context.cookies or {}).get(cookie_name(name, secure))


def device() -> Device | None:
    """The device cookie's claim (this browser logged in as that account before), if signed by
    this server's secret."""
    return read_device(device_secret(), _cookie(DEVICE_COOKIE))


def restore_login() -> None:
    """On each run: resume a login from the session cookie, or drop one that has ended."""
    if actor() is None:
        token = _cookie(SESSION_COOKIE)
        if token:
            with db() as session:
                found = resume_session(session, token, now=now_utc(), idle=settings().session_idle)
            if found:
                st.session_state[_SESSION], st.session_state[_ACTOR] = found
    elif not login_live():
        st.session_state.clear()
        st.session_state[_COOKIE_CALL] = (LOGOUT_ROUTE, {})


def login_live() -> bool:
    """Whether the login of this browser session may go on: not ended here, elsewhere (a logout
    in another tab, a password change) or by idleness. A login without a session row (set by a
    test harness) is taken as it is."""
    if actor() is None:
        return False
    sid = session_id()
    if sid is None:
        return True
    with db() as session:
        return still_live(session, sid, now=now_utc(), idle=settings().session_idle)


def cookie_call() -> None:
    """Let the browser POST to the route that sets or clears the HttpOnly session cookie, with
    the handoff token in a JSON body (never in the address)."""
    call = st.session_state.pop(_COOKIE_CALL, None)
    if call:
        path, body = call
        st.iframe(
            "<script>fetch("
            + json.dumps(path)
            + ", {method: 'POST', credentials: 'same-origin', headers: {'Content-Type': "
            "'application/json'}, body: " + json.dumps(json.dumps(body)) + "})</script>",
            height=1,
            tab_index=-1,  # an invisible frame: no stop for the keyboard
            alt="Khung ẩn: ghi nhận phiên đăng nhập",  # its title, read by a screen reader
        )


@lru_cache(maxsize=1024)  # parsed once per address: every click's unit of work asks
def _plain(address: str) -> str:
    """An IPv4 address written as IPv6 (::ffff:10.0.0.1) as the IPv4 one."""
    try:
        mapped = ipaddress.ip_address(address)
    except ValueError:
        return address
    return str(getattr(mapped, "ipv4_mapped", None) or mapped)


def client_address() -> str | None:
    """The visitor's address: from the trusted proxy's header when one is configured (its last
    address, the one the proxy itself saw), else the connection's own."""
    header = settings().client_address_header
    if header:
        value = (st.context.headers.get(header) or "").split(",")[-1].strip()
        if value:
            return _plain(value)
    address = st.context.ip_address
    return _plain(address) if isinstance(address, str) else None  # (not a str under AppTest)


def flash(message: str) -> None:
    """A success message shown once, on the next page drawn; plain text, shown as written."""
    st.session_state[_FLASH] = message


def show_flash() -> None:
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(md(message))


def registered(number: str) -> None:
    """The CCCD number of a sign-up just made, for the login form to open with."""
    st.session_state[_REGISTERED] = number


def just_registered() -> str | None:
    """The number `registered` left, once."""
    return st.session_state.pop(_REGISTERED, None)


def notice(message: str) -> None:
    """A warning shown once, above the next page drawn, whichever it is (see app.py); plain
    text, shown as written."""
    st.session_state[_NOTICE] = message


def show_notice() -> None:
    message = st.session_state.pop(_NOTICE, None)
    if message:
        st.warning(md(message), icon=":material/lock_clock:")


def note_page(url_path: str) -> None:
    """Remember which page this run draws, and whether the run before drew another one (or none):
    then the person has just arrived on it, by the menu, a link or a fresh load."""
    st.session_state[_ARRIVED] = st.session_state.get(_PAGE) != url_path
    st.session_state[_PAGE] = url_path


def just_arrived() -> bool:
    """True on the first run of a page after another page (see `note_page`)."""
    return st.session_state.get(_ARRIVED, True)
