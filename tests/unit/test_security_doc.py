"""docs/SECURITY.md names the test that proves each rule: every one it names exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "SECURITY.md"
# `tests/x.py::test_a` names a test; a following `::test_b` names another in the same file.
_FILE = re.compile(r"`(tests/[\w/]+\.py)((?:::\w+)?)`")
_MORE = re.compile(r"`::(\w+)`")


def _cited() -> list[tuple[str, str]]:
    """(file, test name or "") in the order the page cites them."""
    cited: list[tuple[str, str]] = []
    for line in DOC.read_text().splitlines():
        current = ""
        for match in re.finditer(rf"{_FILE.pattern}|{_MORE.pattern}", line):
            if match.group(1):
                current = match.group(1)
                cited.append((current, match.group(2).removeprefix("::")))
            elif current:
                cited.append((current, match.group(3)))
    return cited


def _tests_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test")
    }


def test_every_test_the_security_page_names_exists() -> None:
    cited = _cited()
    assert len(cited) > 20
    missing = []
    for file, name in cited:
        path = ROOT / file
        if not path.is_file():
            missing.append(file)
        elif name and name not in _tests_in(path):
            missing.append(f"{file}::{name}")
    assert missing == []
