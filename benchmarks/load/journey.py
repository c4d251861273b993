"""A citizen's deadline-day journey, as clicks on a `Tab`: log in, open "Tự đánh giá", answer
every indicator step by step, review, send, read the result.

The same journey drives CDHT and the floor page (`floor_page.py`), which has the same labels.
Each click is reported to `timed(name, seconds)`; `think()` is called before each click a person
decides on (not before the page's own loads). Anything the app does not show as expected raises
`JourneyError`.
"""

import json
import random
import re
from collections.abc import Callable
from urllib.parse import urljoin

from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks.load.citizens import Citizen
from benchmarks.load.protocol import ProtocolError, Tab

ASSESS_PAGE = "Tự đánh giá"
NEXT = "Tiếp theo"
BACK = "Quay lại"
REVIEW = "Xem lại và gửi"
SEND = "Gửi phiếu thông tin"
REVIEW_HEADING = "Xác nhận gửi phiếu"
RESULT_HEADING = "Kết quả tự đánh giá"
TOTAL = "Tổng điểm"
INDICATOR = re.compile(r"^(\d+)\. ")
POINTS = re.compile(r"— \*\*(\d+) điểm\*\*$")
COOKIE_CALL = re.compile(r'fetch\(("[^"]*"), .*body: ("(?:[^"\\]|\\.)*")\}\)')
MAX_STEPS = 10

Timed = Callable[[str, float], None]


class JourneyError(ProtocolError):
    """The journey did not reach the result it should have."""


def journey(
    tab: Tab, citizen: Citizen, *, timed: Timed, think: Callable[[], None], rng: random.Random
) -> dict[str, int]:
    """Walk the whole journey; returns the answers sent (indicator id → points)."""
    timed("open", tab.open())
    think()
    login = tab.screen.widget("button", "Đăng nhập")
    fields = {"Số CCCD": citizen.cccd, "Mật khẩu": citizen.password}
    timed("login", tab.submit(login, fields))
    if tab.screen.has("button", "Đăng nhập"):
        alerts = [a.alert.body for a in tab.screen.of_kind("alert")]
        raise JourneyError(f"the login was refused: {alerts}")
    _cookie_handoff(tab)
    if ASSESS_PAGE in tab.screen.pages:
        think()
        timed("menu", tab.go_to(ASSESS_PAGE))
    return answer_and_send(tab, timed=timed, think=think, rng=rng)


def answer_and_send(
    tab: Tab, *, timed: Timed, think: Callable[[], None], rng: random.Random
) -> dict[str, int]:
    """From the form on screen: back to step 1, answer every indicator, review, send, and check
    the result's total; returns the answers sent."""
    for _ in range(MAX_STEPS):  # a draft opens at its first gap: back to step 1, all answered anew
        if not tab.screen.has("button", BACK):
            break
        think()
        timed("back", tab.click(tab.screen.widget("button", BACK)))
    answers: dict[str, int] = {}
    for _ in range(MAX_STEPS):
        answers.update(_answer_step(tab, timed=timed, think=think, rng=rng))
        think()
        if tab.screen.has("button", NEXT):
            timed("next", tab.click(tab.screen.widget("button", NEXT)))
            continue
        timed("review", tab.click(tab.screen.widget("button", REVIEW)))
        break
    _expect_heading(tab, REVIEW_HEADING)
    think()
    timed("send", tab.click(tab.screen.widget("button", SEND)))
    _expect_heading(tab, RESULT_HEADING)
    total = tab.screen.metric(TOTAL).split("/")[0]
    if int(total) != sum(answers.values()):
        raise JourneyError(f"the result shows {total} points, the answers sent {answers}")
    return answers


def _answer_step(
    tab: Tab, *, timed: Timed, think: Callable[[], None], rng: random.Random
) -> dict[str, int]:
    """Answer every radio of the step on screen, each with a level other than the one shown."""
    answers: dict[str, int] = {}
    labels = [r.radio.label for r in tab.screen.of_kind("radio")]
    if not labels:
        raise JourneyError(f"a step without indicators; headings: {tab.screen.headings()}")
    for label in labels:
        number = INDICATOR.match(label)
        if number is None:
            raise JourneyError(f"an indicator without its number: {label!r}")
        radio = tab.screen.widget("radio", label)
        shown = _current(radio.radio)
        option = rng.choice([o for o in radio.radio.options if o != shown])
        points = POINTS.search(option)
        if points is None:
            raise JourneyError(f"a level without its points: {option!r}")
        think()
        timed("answer", tab.click(radio, WidgetState(string_value=option)))
        answers[number.group(1)] = int(points.group(1))
    return answers


def _current(radio) -> str | None:
    """The option a radio shows as chosen, if any."""
    if radio.HasField("raw_value"):
        return radio.raw_value
    if radio.HasField("default"):
        return radio.options[radio.default]
    return None


def _expect_heading(tab: Tab, heading: str) -> None:
    if heading not in tab.screen.headings():
        raise JourneyError(f"expected the heading {heading!r}, found {tab.screen.headings()}")


def _cookie_handoff(tab: Tab) -> None:
    """What the browser runs after a login: the page's script POSTs the one-time token to the
    route that sets the session cookie (CDHT only; the floor page has none)."""
    for frame in tab.screen.of_kind("iframe"):
        call = COOKIE_CALL.search(frame.iframe.srcdoc)
        if call is None:
            continue
        path, body = json.loads(call.group(1)), json.loads(call.group(2))
        origin = tab.base.split("/", 3)[:3]
        reply = tab.http.post(
            urljoin(tab.base + "/", path.lstrip("/")),
            data=body,
            headers={
                "Content-Type": "application/json",
                "Origin": "/".join(origin),
                "Sec-Fetch-Site": "same-origin",
            },
            timeout=tab.timeout,
            verify=False,
        )
        if reply.status_code != 200:
            raise JourneyError(f"the session cookie route answered {reply.status_code}")
