"""The served application: the Streamlit app (app.py) plus the session-cookie routes.

Run with `streamlit run server.py` (what `make run` does).
"""

import streamlit as st

from cdht.ui.web_routes import ROUTES

app = st.App("app.py", routes=ROUTES)
