"""HTTP routes served beside Streamlit (via st.App): set and clear the session cookie.

The script cannot set cookies; after a login it hands the browser a one-time token, the browser
POSTs it here in a JSON body, and the response sets an HttpOnly, SameSite=Strict cookie holding a
random token whose SHA-256 alone is stored, plus a long-lived device cookie (OWASP's scheme, see
`cdht.throttle`) signed with the server's cookie secret. Under HTTPS both cookies are `__Host-`
prefixed and Secure. Requests from another site are refused (Sec-Fetch-Site, else Origin), so no
page elsewhere can log a visitor in to an attacker's account (login CSRF) or out.
Streamlit reads the cookies back with st.context.cookies.
"""

from urllib.parse import urlsplit

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from streamlit import config as st_config

from cdht.config import load_settings
from cdht.db.engine import shared_engine
from cdht.db.web_sessions import MAX_AGE, redeem_handoff, token_account
from cdht.throttle import DEVICE_COOKIE_AGE, issue_device, read_device
from cdht.window import now_utc

SESSION_COOKIE = "cdht_session"
DEVICE_COOKIE = "cdht_device"
SESSION_ROUTE = "/auth/session"
LOGOUT_ROUTE = "/auth/logout"


def secure_cookies(*urls: str) -> bool:
    """Whether cookies go out Secure and `__Host-` prefixed: any of `urls` (the address the
    browser shows, the request's own, the configured public URL) is https, so a TLS proxy in
    front, whose requests to the app are plain http, still gets secure cookies."""
    return any(url.startswith("https://") for url in urls)


def cookie_name(name: str, secure: bool) -> str:
    """`__Host-` cookies must be Secure, Path=/ and without Domain: only under HTTPS."""
    return f"__Host-{name}" if secure else name


def device_secret() -> str:
    """The key device cookies are signed with: Streamlit's `server.cookieSecret`, which several
    server processes must share (STREAMLIT_SERVER_COOKIE_SECRET, see DEPLOY)."""
    return st_config.get_option("server.cookieSecret") or ""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_origin(request: Request) -> bool:
    """A request the app's own page made: Sec-Fetch-Site says so, or (browsers without it) the
    Origin is the app's own address or its public URL. Neither header: refused."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("origin")
    if not origin:
        return False
    public = load_settings().public_url
    allowed = {_origin(str(request.url))} | ({_origin(public)} if public else set())
    return origin.lower() in allowed


def engine() -> Engine:
    """The process's engine for the configured database, the one the pages use."""
    return shared_engine(load_settings().database_url)


def _redeem(handoff: str) -> tuple[str, int] | None:
    with Session(engine()) as session:
        token = redeem_handoff(session, handoff, now=now_utc())
        return None if token is None else (token, token_account(session, token))


async def _handoff(request: Request) -> str:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return ""
    try:
        body = await request.json()
    except ValueError:
        return ""
    handoff = body.get("t") if isinstance(body, dict) else None
    return handoff if isinstance(handoff, str) else ""


def _secure(request: Request) -> bool:
    origin = request.headers.get("origin") or ""  # the page's own scheme, as the browser sees it
    return secure_cookies(str(request.url), origin, load_settings().public_url)


def _set(response: Response, name: str, value: str, max_age: int, secure: bool) -> None:
    response.set_cookie(
        cookie_name(name, secure),
        value,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/",
    )


async def set_session(request: Request) -> JSONResponse:
    if not same_origin(request):
        return JSONResponse({"ok": False}, status_code=403)
    handoff = await _handoff(request)
    redeemed = await run_in_threadpool(_redeem, handoff) if handoff else None
    if redeemed is None:
        return JSONResponse({"ok": False}, status_code=403)
    token, account_id = redeemed
    secure = _secure(request)
    response = JSONResponse({"ok": True})
    _set(response, SESSION_COOKIE, token, int(MAX_AGE.total_seconds()), secure)
    secret = device_secret()
    device = read_device(secret, request.cookies.get(cookie_name(DEVICE_COOKIE, secure)))
    if device is None or device.account_id != account_id:
        value = issue_device(secret, account_id)
        _set(response, DEVICE_COOKIE, value, int(DEVICE_COOKIE_AGE.total_seconds()), secure)
    return response


async def clear_session(request: Request) -> JSONResponse:
    """Forget the session cookie; the device cookie stays (it survives logging out)."""
    if not same_origin(request):
        return JSONResponse({"ok": False}, status_code=403)
    secure = _secure(request)
    response = JSONResponse({"ok": True})
    response.delete_cookie(
        cookie_name(SESSION_COOKIE, secure),
        path="/",
        httponly=True,
        samesite="strict",
        secure=secure,
    )
    return response


ROUTES = [
    Route(SESSION_ROUTE, set_session, methods=["POST"]),
    Route(LOGOUT_ROUTE, clear_session, methods=["POST"]),
]
