"""The modules app.py and the pages import, imported when the server starts.

Streamlit imports a page's modules during the first run that needs them, so without this the
first person to open the app after a restart waits for SQLModel, Alembic, pandas, Plotly, the
data layer and the rest to be imported (seconds on a small server; see "First load of each page"
in docs/PERFORMANCE.md). server.py calls `import_page_modules` once, before it serves anyone.
The list is read from the scripts' own import statements, so a page that imports something new
is covered without a change here.
"""

import ast
import importlib
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def page_modules(scripts: list[Path]) -> list[str]:
    """The absolute module names the scripts import, in the order first met; `from a import b`
    gives `a` and `a.b` (which is a module when `b` is one, as in `from cdht.ui import state`)."""
    found: dict[str, None] = {}
    for script in scripts:
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(dict.fromkeys(alias.name for alias in node.names))
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found[node.module] = None
                found.update(dict.fromkeys(f"{node.module}.{a.name}" for a in node.names))
    return list(found)


def import_page_modules(root: Path = ROOT) -> list[str]:
    """Import the modules app.py and pages/*.py import; returns their names."""
    imported = []
    for name in page_modules([root / "app.py", *sorted((root / "pages").glob("*.py"))]):
        if importlib.util.find_spec(name.rpartition(".")[0] or name) is None:
            continue
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # `name` is a class or function of its module, not a module
                raise
        else:
            imported.append(name)
    return imported
