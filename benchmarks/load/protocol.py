"""A headless Streamlit browser tab: Streamlit's websocket protocol, spoken directly.

What the browser does, without drawing: an HTTP GET of the page (cookies kept, e.g. a sticky
route set by a proxy, Streamlit's XSRF cookie), a websocket on `/_stcore/stream` with those
cookies, and `BackMsg.rerun_script` messages carrying the widget states. The screen is kept as
the browser keeps it: the elements of the `ForwardMsg` deltas by their path, those of an older
script run dropped when a run finishes. Widgets are found by their labels on that screen, so
their ids are learnt from the app, never hard-coded.
"""

import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
import urllib3
import websocket
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)  # self-signed test proxies

FINISHED = ForwardMsg.ScriptFinishedStatus
DONE = (FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
TIMEOUT = 60.0
XSRF_COOKIE = "_streamlit_xsrf"


class ProtocolError(Exception):
    """The app did not answer as a browser would expect (an exception on screen, a widget that
    is not there, a run that never finishes)."""


@dataclass
class Shown:
    """One element on screen: the element, the run that drew it and its fragment."""

    element: Element
    run: str
    fragment: str


@dataclass
class Screen:
    """What a browser would show: elements by delta path, plus the app's pages."""

    elements: dict[tuple[int, ...], Shown] = field(default_factory=dict)
    pages: dict[str, str] = field(default_factory=dict)  # page title → script hash
    page_hash: str = ""

    def of_kind(self, kind: str) -> list[Element]:
        ordered = sorted(self.elements.items())
        return [s.element for _, s in ordered if s.element.WhichOneof("type") == kind]

    def widget(self, kind: str, label: str) -> Element:
        """The one widget of `kind` labelled `label`."""
        found = [e for e in self.of_kind(kind) if getattr(e, kind).label == label]
        if len(found) != 1:
            labels = [getattr(e, kind).label for e in self.of_kind(kind)]
            raise ProtocolError(f"{len(found)} {kind} labelled {label!r} on screen: {labels}")
        return found[0]

    def has(self, kind: str, label: str) -> bool:
        return any(getattr(e, kind).label == label for e in self.of_kind(kind))

    def fragment_of(self, widget_id: str) -> str:
        for shown in self.elements.values():
            inner = getattr(shown.element, shown.element.WhichOneof("type") or "", None)
            if getattr(inner, "id", None) == widget_id:
                return shown.fragment
        return ""

    def widget_ids(self) -> set[str]:
        ids = set()
        for shown in self.elements.values():
            inner = getattr(shown.element, shown.element.WhichOneof("type") or "", None)
            if getattr(inner, "id", ""):
                ids.add(inner.id)
        return ids

    def headings(self) -> list[str]:
        return [e.heading.body for e in self.of_kind("heading")]

    def metric(self, label: str) -> str:
        return next(e.metric.body for e in self.of_kind("metric") if e.metric.label == label)


class Tab:
    """One browser tab on a Streamlit app: `open` it, then `click` widgets; each click returns
    the seconds from sending the rerun to the end of the run it caused."""

    def __init__(self, base: str, *, timeout: float = TIMEOUT) -> None:
        self.base = base.rstrip("/")
        self.http = requests.Session()
        self.timeout = timeout
        self.screen = Screen()
        self.query = ""
        self.values: dict[str, WidgetState] = {}  # the states a browser holds for its widgets
        self._ws: websocket.WebSocket | None = None
        self._run = ""  # the script run whose deltas arrive (named by its new_session)
        self.drawn: list[Element] = []  # the elements the last click's run drew, in order
        self.runs = 0  # the runs the last click started (a rerun asked by the app is another)

    def open(self, path: str = "") -> float:
        """Load the page at `path` and run the app's script for it, as a browser's first visit."""
        # Not kept alive: the next request (the login's cookie call) may come after the server
        # has closed an idle connection, which a browser retries and `requests` does not.
        page = self.http.get(
            f"{self.base}/{path}",
            timeout=self.timeout,
            headers={"Connection": "close"},
            verify=False,  # on each call: a CA bundle named in the environment beats the session's
        )
        page.raise_for_status()
        parts = urlsplit(self.base)
        scheme = "wss" if parts.scheme == "https" else "ws"
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        protocols = ["streamlit", self.http.cookies.get(XSRF_COOKIE) or ""]
        self._ws = websocket.create_connection(
            f"{scheme}://{parts.netloc}{parts.path}/_stcore/stream",
            timeout=self.timeout,
            origin=f"{parts.scheme}://{parts.netloc}",
            cookie=cookies or None,
            subprotocols=[p for p in protocols if p],
            sslopt={"cert_reqs": ssl.CERT_NONE},  # self-signed test proxies
        )
        return self._rerun(page_name=path)

    def close(self) -> None:
        if self._ws is not None:
            self._ws.close()
            self._ws = None
        self.http.close()

    def click(self, widget: Element, value: WidgetState | None = None) -> float:
        """Send `value` for `widget` (a button's trigger when None) with every state held."""
        kind = widget.WhichOneof("type")
        inner = getattr(widget, kind)
        if value is None:
            value = WidgetState(trigger_value=True)
        value.id = inner.id
        fragment = self.screen.fragment_of(inner.id)
        if value.WhichOneof("value") in ("trigger_value", "string_trigger_value"):
            return self._rerun(extra=[value], fragment=fragment)
        self.values[inner.id] = value
        return self._rerun(fragment=fragment)

    def submit(self, button: Element, fields: dict[str, str]) -> float:
        """Fill an st.form's text inputs (label → text) and press its submit button."""
        for label, text in fields.items():
            box = self.screen.widget("text_input", label).text_input
            self.values[box.id] = WidgetState(id=box.id, string_value=text)
        return self.click(button)

    def go_to(self, title: str) -> float:
        """Follow the navigation link to the page titled `title`."""
        page_hash = self.screen.pages.get(title)
        if page_hash is None:
            raise ProtocolError(f"no page {title!r} in the navigation: {list(self.screen.pages)}")
        self.query = ""
        return self._rerun(page_hash=page_hash)

    def _rerun(
        self,
        *,
        extra: list[WidgetState] | None = None,
        page_hash: str | None = None,
        page_name: str = "",
        fragment: str = "",
    ) -> float:
        if self._ws is None:
            raise ProtocolError("the tab is not open")
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.screen.page_hash if page_hash is None else page_hash
        state.page_name = page_name
        state.fragment_id = fragment
        on_screen = self.screen.widget_ids()
        held = [v for k, v in self.values.items() if k in on_screen]
        state.widget_states.widgets.extend([*held, *(extra or [])])
        state.context_info.timezone = "Asia/Ho_Chi_Minh"
        state.context_info.locale = "vi-VN"
        state.context_info.url = f"{self.base}/{page_name}"
        self.drawn = []
        self.runs = 0
        start = time.perf_counter()
        self._ws.send_binary(msg.SerializeToString())
        self._read_until_finished()
        return time.perf_counter() - start

    def _read_until_finished(self) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            msg = ForwardMsg()
            msg.ParseFromString(self._ws.recv())
            kind = msg.WhichOneof("type")
            if kind == "delta":
                self._delta(msg)
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "navigation":
                self._navigation(msg)
            elif kind == "new_session":  # a run starts: its deltas replace the screen's
                self.runs += 1
                self._run = msg.metadata.run.script_run_id
                self.screen.page_hash = msg.new_session.page_script_hash or self.screen.page_hash
            elif kind == "script_finished" and msg.script_finished in DONE:
                self._drop_stale(msg)
                return
            elif (
                kind == "script_finished"
                and msg.script_finished != FINISHED.FINISHED_EARLY_FOR_RERUN
            ):
                raise ProtocolError(f"the script ended with status {msg.script_finished}")
        raise ProtocolError(f"no finished run within {self.timeout} s")

    def _delta(self, msg: ForwardMsg) -> None:
        delta = msg.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        if element.WhichOneof("type") == "exception":
            raise ProtocolError(f"the app shows an exception: {element.exception.message}")
        path = tuple(msg.metadata.delta_path)
        self.screen.elements[path] = Shown(element, self._run, delta.fragment_id)
        self.drawn.append(element)

    def _navigation(self, msg: ForwardMsg) -> None:
        nav = msg.navigation
        self.screen.pages = {p.page_name: p.page_script_hash for p in nav.app_pages}
        self.screen.page_hash = nav.page_script_hash

    def _drop_stale(self, msg: ForwardMsg) -> None:
        """Forget the elements a finished run did not draw (a fragment's run: in its fragments)."""
        fragments = set(msg.metadata.run.fragment_ids)
        partial = msg.script_finished == FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
        self.screen.elements = {
            path: shown
            for path, shown in self.screen.elements.items()
            if shown.run == self._run or (partial and shown.fragment not in fragments)
        }
