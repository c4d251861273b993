"""The served application: the Streamlit app (app.py) plus the session-cookie routes.

Run with `streamlit run server.py` (what `make run` does).
"""

import gc

import streamlit as st
from starlette.middleware import Middleware
from streamlit.runtime.pages_manager import PagesManager

from cdht.ui import accessible_names, page_addresses, preload
from cdht.ui.web_routes import ROUTES

# `pages/` holds st.navigation pages, not a pages-directory app of Streamlit's first multipage
# design. Streamlit guesses which one it serves from that folder's presence, and only learns
# otherwise when app.py first calls st.navigation; until then, the first visitor's link to a
# page other than the first (e.g. a join link to /dang-ky) gets a "Page not found" box.
# The attribute is Streamlit's own, not public: if an upgrade renamed it, the assignment below
# would quietly do nothing, so its absence stops the start (see "Streamlit upgrade checklist" in
# docs/ARCHITECTURE.md; tests/test_browser_session.py checks the first visit in a browser).
if "uses_pages_directory" not in vars(PagesManager):
    raise RuntimeError(
        f"Streamlit {st.__version__} has no PagesManager.uses_pages_directory any more: "
        "server.py can no longer tell it that pages/ is not a pages-directory app. Find what "
        "replaced the attribute before running this Streamlit version."
    )
PagesManager.uses_pages_directory = False

# Paid once here, not by the first person to open a page after a restart.
preload.import_page_modules()
# The ~230,000 objects of those imports live as long as the process: kept out of the collector's
# full passes, which then take 20–110 ms instead of 180–360 in a rush (docs/PERFORMANCE.md).
gc.collect()
gc.freeze()

# The page Streamlit serves says lang="vi" and names Streamlit's controls in Vietnamese; a page's
# address typed with capitals is sent to the page.
app = st.App(
    "app.py",
    routes=ROUTES,
    middleware=[Middleware(accessible_names.Middleware), Middleware(page_addresses.Middleware)],
)
