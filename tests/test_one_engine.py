"""One engine per database per process: the pages and the cookie routes share its pool."""

import sqlalchemy as sa

from cdht.db.engine import shared_engine
from cdht.ui import state, web_routes


def test_the_pages_and_the_cookie_routes_use_the_same_engine(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cdht.db'}"
    monkeypatch.setenv("CDHT_DATABASE_URL", url)
    pages = state.engine()
    routes = web_routes.engine()
    assert pages is routes
    assert shared_engine(url) is pages
    assert "unit" in sa.inspect(pages).get_table_names()  # migrated on first use
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert shared_engine(other) is not pages
    pages.dispose()
    shared_engine(other).dispose()
