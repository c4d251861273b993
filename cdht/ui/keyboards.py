"""Which keyboard a phone opens for a box: digits for a CCCD number or a year, the telephone pad
for a telephone number, the e-mail keyboard for an address. Streamlit's text boxes have no such
setting, so a script in the page marks them (`inputmode`) by their labels as they are drawn."""

import json

import streamlit as st

# Boxes by the start of their label (their `aria-label`), and the keyboard each opens.
KEYBOARDS = (
    ("Số CCCD", "numeric"),
    ("Tìm theo số CCCD", "numeric"),
    ("Năm sinh", "numeric"),
    ("Số điện thoại", "tel"),
    ("Điện thoại", "tel"),
    ("Email", "email"),
)
_SELECTORS = [[f'input[type="text"][aria-label^="{label}"]', mode] for label, mode in KEYBOARDS]
# Installed once per browser tab, and again when a rerun replaced the frame that installed it
# (a detached frame's observer would keep running with nothing to run in: it is disconnected).
_SCRIPT = f"""<script>
const host = window.parent, doc = host.document, old = host.cdhtKeyboards;
if (!old || !old.frame.isConnected) {{
  if (old) old.observer.disconnect();
  const boxes = {json.dumps(_SELECTORS)};
  const mark = () => {{
    for (const [selector, mode] of boxes)
      for (const box of doc.querySelectorAll(selector))
        if (box.inputMode !== mode) box.inputMode = mode;
  }};
  const observer = new host.MutationObserver(mark);
  observer.observe(doc.body, {{childList: true, subtree: true}});
  mark();
  host.cdhtKeyboards = {{frame: window.frameElement, observer}};
}}
</script>"""


def mark_boxes() -> None:
    """Install the script (an invisible frame at the end of the menu, no stop for the keyboard)."""
    with st.sidebar:
        st.iframe(_SCRIPT, height=1, tab_index=-1, alt="Khung ẩn: chọn bàn phím cho ô nhập số")
