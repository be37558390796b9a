"""No module of the package grows past about 400 lines without saying why: a longer module gives
its reason in its docstring (a line starting ``Length:``)."""

from __future__ import annotations

import ast
from pathlib import Path

import etf_listing

PACKAGE = Path(etf_listing.__file__).resolve().parent
LIMIT = 420  # "about 400": a few lines of slack before a module must be split or say why


def test_every_long_module_says_why_it_is_long() -> None:
    unexplained = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if lines > LIMIT and not any(line.startswith("Length:") for line in docstring.splitlines()):
            unexplained.append(f"{path.relative_to(PACKAGE)}: {lines} lines")
    assert unexplained == []
