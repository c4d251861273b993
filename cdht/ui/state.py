"""Process-wide resources (cached) and the per-browser-session state of the UI."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from cdht.config import Settings, load_settings
from cdht.criteria import CriteriaSet, load_all
from cdht.db.engine import init_db, make_engine
from cdht.roles import Actor

_ACTOR = "actor"
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
    st.session_state[_ACTOR] = who


def log_out() -> None:
    st.session_state.clear()


def flash(message: str) -> None:
    """A success message shown once, on the next page drawn."""
    st.session_state[_FLASH] = message


def show_flash() -> None:
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message)
