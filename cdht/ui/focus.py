"""Moving keyboard focus and telling screen readers where they are, after the screen changes.

Streamlit keeps focus where it was: on the button pressed at the bottom of a step, or on the login
button that is gone. One small script, run by `st.html(..., unsafe_allow_javascript=True)` in the
page itself (not in an iframe), moves focus and scroll to a heading (made focusable with
tabindex=-1) and writes a sentence into one polite live region (`LIVE_REGION`) that it adds to the
page once. Streamlit runs an `st.html` script when its body changes, and may run it again when
the element is drawn anew; each move carries a new token and runs once per token.

Only fixed code and `json.dumps` values go into the script: never text as typed.
"""

import json
import uuid

import streamlit as st

from cdht.roles import Actor

LIVE_REGION = "cdht-live"
PAGE_HEADING = "[data-testid=stMain] h1"
_GREETED = "focus_greeted"  # the account whose first page after login had its heading focused

_SCRIPT = """<script>
(() => {
  const move = %s;
  let live = document.getElementById(move.live);
  if (!live) {
    live = document.createElement("div");
    live.id = move.live;
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    live.setAttribute("aria-atomic", "true");
    live.style.cssText = "position:absolute;width:1px;height:1px;margin:-1px;padding:0;"
      + "border:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap";
    document.body.appendChild(live);
  }
  if (!move.token || window.cdhtMoved === move.token) return;
  window.cdhtMoved = move.token;
  let tries = 0;
  const go = () => {
    const target = document.querySelector(move.target);
    if (!target) {
      if (++tries < 200) setTimeout(go, 50);
      return;
    }
    target.setAttribute("tabindex", "-1");
    target.style.scrollMarginTop = "4.5rem";
    target.focus({preventScroll: true});
    target.scrollIntoView({block: "start"});
    if (move.text) {
      live.textContent = "";
      setTimeout(() => { live.textContent = move.text; }, 150);
    }
  };
  go();
})();
</script>"""


def _script(target: str | None, text: str, token: str | None) -> None:
    move = {"live": LIVE_REGION, "target": target, "text": text, "token": token}
    st.html(_SCRIPT % json.dumps(move).replace("</", "<\\/"), unsafe_allow_javascript=True)


def heading_id(prefix: str, name: str) -> str:
    """The anchor (the HTML id) of a heading the focus can be moved to."""
    return f"{prefix}{name}".replace("_", "-")


def live_region() -> None:
    """The live region alone, so it is in the page before the first sentence is written to it
    (screen readers announce changes to a region they already know)."""
    _script(None, "", None)


def move_to(anchor: str, announcement: str) -> None:
    """Focus and scroll to the heading with this anchor, and announce `announcement` politely."""
    _script(f"#{anchor}", announcement, uuid.uuid4().hex)


def after_login(who: Actor | None) -> None:
    """On the first page drawn after a login (or a login resumed from its cookie), focus that
    page's heading; once per login in this browser session."""
    if who is None:
        st.session_state.pop(_GREETED, None)
        return
    if st.session_state.get(_GREETED) == who.id:
        return
    st.session_state[_GREETED] = who.id
    _script(PAGE_HEADING, "", uuid.uuid4().hex)
