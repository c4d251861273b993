"""A page's address typed with capitals reaches the page.

Streamlit matches a page's address exactly, so /Dang-Ky?ma=… (a join link retyped from a poster,
or capitalised by a chat app) would run the main page under an error box. Every page address of
the app is lower case (app.py), so `Middleware` (added by server.py) sends a GET of a one-part
address with capitals to the same address in lower case, its query (the unit code) kept as
written. Files (/favicon.png), Streamlit's own routes (/_stcore/…, /static/…) and addresses of
more than one part are passed on untouched.
"""

import re

from starlette.responses import RedirectResponse

from cdht.ui.asgi import App, Receive, Scope, Send

_A_PAGE = re.compile(r"^/[A-Za-z0-9-]+/?$")


def lower_case_address(path: str, query: str) -> str | None:
    """Where a request for `path` is sent instead, or None if it is served as it is."""
    if path == path.lower() or not _A_PAGE.match(path):
        return None
    return path.lower() + (f"?{query}" if query else "")


class Middleware:
    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            query = scope.get("query_string", b"").decode("latin-1")
            target = lower_case_address(scope["path"], query)
            if target is not None:
                await RedirectResponse(target, status_code=308)(scope, receive, send)
                return
        await self.app(scope, receive, send)
