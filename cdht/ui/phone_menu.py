"""On a phone the menu (Streamlit's sidebar) covers the page and stays open after a link is
tapped; this closes it, as a phone menu does, once the link is followed."""

import streamlit as st

# Streamlit's own narrow-screen width (below it the sidebar overlays the page) and its selectors
# (listed with the others in cdht/ui/style.py's checklist of Streamlit's DOM).
PHONE_MAX_PX = 768
_SCRIPT = f"""<script>
const doc = window.parent.document;
if (!window.parent.cdhtPhoneMenu) {{
  window.parent.cdhtPhoneMenu = true;
  doc.addEventListener("click", (event) => {{
    const link = event.target.closest('[data-testid="stSidebarNav"] a');
    if (!link || window.parent.innerWidth >= {PHONE_MAX_PX}) return;
    setTimeout(() => {{
      const close = doc.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (close) close.click();
    }}, 0);
  }}, true);
}}
</script>"""


def close_after_link() -> None:
    """Install, once per browser tab, the listener that closes the menu after a link is tapped
    on a narrow screen (an invisible frame in the menu)."""
    with st.sidebar:
        # No stop for the keyboard; its title is what a screen reader reads of it.
        st.iframe(_SCRIPT, height=1, tab_index=-1, alt="Khung ẩn: đóng menu trên điện thoại")
