"""On a phone the menu (Streamlit's sidebar) covers the page and stays open after a link is
tapped; this closes it, as a phone menu does, once the link is followed, and gives the new
page's heading the focus. Opening the menu moves the focus into it: it comes before its button
in the page's order. (A closed menu is hidden from the keyboard by `cdht/ui/style.py`.)"""

import streamlit as st

# Streamlit's own narrow-screen width (below it the sidebar overlays the page) and its selectors
# (listed with the others in cdht/ui/style.py's checklist of Streamlit's DOM).
PHONE_MAX_PX = 768
# The listener lives on the page, but its code in this frame: when a rerun replaces the frame
# (a login redraws the menu), the old listener loses `window.parent` and does nothing. So the page
# remembers which frame installed it, and a new frame installs it again once that one is gone.
_SCRIPT = f"""<script>
const host = window.parent, doc = host.document, old = host.cdhtPhoneMenu;
if (!old || !old.frame.isConnected) {{
  if (old) doc.removeEventListener("click", old.listener, true);
  const heading = () => doc.querySelector("[data-testid=stMain] h1");
  // Once the new page's heading is drawn, it takes the focus the hidden link had.
  const land = (fromText, tries) => {{
    const h = heading();
    if (h && (h.textContent !== fromText || tries > 30)) {{
      h.setAttribute("tabindex", "-1");
      h.focus();
    }} else if (tries < 50) {{
      host.setTimeout(() => land(fromText, tries + 1), 100);
    }}
  }};
  const listener = (event) => {{
    if (host.innerWidth >= {PHONE_MAX_PX}) return;
    if (event.target.closest('[data-testid="stExpandSidebarButton"]')) {{
      // The menu opens over the page, before the button in the page's order: go into it.
      host.setTimeout(() => {{
        const first = doc.querySelector('[data-testid="stSidebar"] a, [data-testid="stSidebar"] button');
        if (first) first.focus();
      }}, 50);
      return;
    }}
    const link = event.target.closest('[data-testid="stSidebarNav"] a');
    if (!link) return;
    const fromText = heading() ? heading().textContent : "";
    host.setTimeout(() => {{
      const close = doc.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (close) close.click();
      land(fromText, 0);
    }}, 0);
  }};
  doc.addEventListener("click", listener, true);
  host.cdhtPhoneMenu = {{frame: window.frameElement, listener}};
}}
</script>"""


def close_after_link() -> None:
    """Install, once per browser tab (again when its frame was replaced), the listener that
    closes the menu after a link is tapped on a narrow screen (an invisible frame in the menu)."""
    with st.sidebar:
        # No stop for the keyboard; its title is what a screen reader reads of it.
        st.iframe(_SCRIPT, height=1, tab_index=-1, alt="Khung ẩn: đóng menu trên điện thoại")
