"""HTTP routes served beside Streamlit (via st.App): set and clear the session cookie.

The script cannot set cookies; after a login it hands the browser a one-time token, the browser
POSTs it here, and the response sets an HttpOnly, SameSite=Strict cookie holding a random token
whose SHA-256 alone is stored. Streamlit reads the cookie back with st.context.cookies.
"""

from functools import cache

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from cdht.config import load_settings
from cdht.db.engine import init_db, make_engine
from cdht.db.web_sessions import MAX_AGE, redeem_handoff
from cdht.window import now_utc

COOKIE_NAME = "cdht_session"
SESSION_ROUTE = "/auth/session"
LOGOUT_ROUTE = "/auth/logout"


@cache
def _engine(url: str) -> Engine:
    engine = make_engine(url)
    init_db(engine)
    return engine


def _redeem(handoff: str) -> str | None:
    with Session(_engine(load_settings().database_url)) as session:
        return redeem_handoff(session, handoff, now=now_utc())


async def set_session(request: Request) -> JSONResponse:
    token = await run_in_threadpool(_redeem, request.query_params.get("t", ""))
    if token is None:
        return JSONResponse({"ok": False}, status_code=403)
    response = JSONResponse({"ok": True})
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=int(MAX_AGE.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


async def clear_session(request: Request) -> JSONResponse:
    response = JSONResponse({"ok": True})
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="strict")
    return response


ROUTES = [
    Route(SESSION_ROUTE, set_session, methods=["POST"]),
    Route(LOGOUT_ROUTE, clear_session, methods=["POST"]),
]
