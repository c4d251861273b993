"""server.py imports what the pages import before it serves anyone (cdht/ui/preload.py)."""

import sys

from cdht.ui import preload


def test_the_modules_a_script_imports_are_read_from_its_import_statements(tmp_path):
    script = tmp_path / "page.py"
    script.write_text(
        "import pandas as pd\nfrom cdht.ui import state, text\nfrom cdht.window import now_utc\n"
        "from . import sibling\n\ndef f():\n    import plotly.graph_objects\n"
    )
    assert preload.page_modules([script]) == [
        "pandas",
        "cdht.ui",
        "cdht.ui.state",
        "cdht.ui.text",
        "cdht.window",
        "cdht.window.now_utc",
        "plotly.graph_objects",
    ]


def test_the_pages_modules_are_imported_and_names_that_are_not_modules_skipped():
    imported = preload.import_page_modules()
    for name in ("pandas", "plotly.graph_objects", "cdht.ui.state", "cdht.db.rollup"):
        assert name in imported and name in sys.modules
    assert "cdht.window.now_utc" not in imported
