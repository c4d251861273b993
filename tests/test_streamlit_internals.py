"""What the app takes from Streamlit's internals is checked when the server starts."""

import re
import runpy
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager

from cdht.ui import style

SERVER = Path(__file__).resolve().parent.parent / "server.py"


def test_the_server_refuses_to_start_when_the_private_attribute_is_gone(monkeypatch):
    monkeypatch.delattr(PagesManager, "uses_pages_directory")
    with pytest.raises(RuntimeError, match="no PagesManager.uses_pages_directory any more"):
        runpy.run_path(str(SERVER))


def test_the_attribute_exists_in_the_installed_streamlit():
    assert "uses_pages_directory" in vars(PagesManager)


def test_every_streamlit_selector_of_the_style_module_is_documented_there():
    used = set(re.findall(r'data-testid="(\w[\w-]*)"', style._CSS))
    assert used  # the module does style Streamlit's widgets
    assert {name for name in used if name not in style.__doc__} == set()
