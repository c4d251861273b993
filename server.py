"""The served application: the Streamlit app (app.py) plus the session-cookie routes.

Run with `streamlit run server.py` (what `make run` does).
"""

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from cdht.ui.web_routes import ROUTES

# `pages/` holds st.navigation pages, not a pages-directory app of Streamlit's first multipage
# design. Streamlit guesses which one it serves from that folder's presence, and only learns
# otherwise when app.py first calls st.navigation; until then, the first visitor's link to a
# page other than the first (e.g. a join link to /dang-ky) gets a "Page not found" box.
PagesManager.uses_pages_directory = False

app = st.App("app.py", routes=ROUTES)
