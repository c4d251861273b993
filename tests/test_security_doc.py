"""docs/SECURITY.md names a test for every claim: each test it names exists, so a renamed or
removed test cannot leave a claim unproved unnoticed."""

import ast
import re
from fnmatch import fnmatch

from tests.support import ROOT

SECURITY = ROOT / "docs" / "SECURITY.md"
# `test_x.py` alone, or `test_x.py::name` followed by `::name` shorthands of the same file.
NAMED = re.compile(r"`(test_\w+\.py)(?:::([\w*]+))?`|`::([\w*]+)`")


def _tests_in(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    }


def named_tests() -> list[tuple[str, str | None]]:
    found, current = [], None
    for match in NAMED.finditer(SECURITY.read_text(encoding="utf-8")):
        file, name, shorthand = match.groups()
        if file:
            current = file
            found.append((file, name))
        else:
            assert current, f"`::{shorthand}` before any test file in SECURITY.md"
            found.append((current, shorthand))
    return found


def test_every_test_security_md_names_exists():
    named = named_tests()
    assert len(named) > 50
    missing = []
    for file, name in named:
        path = ROOT / "tests" / file
        if not path.exists():
            missing.append(file)
        elif name and not any(fnmatch(t, name) for t in _tests_in(path)):
            missing.append(f"{file}::{name}")
    assert missing == []
