"""docs/robustness.md cannot drift: every limit its table names is the limit in the code."""

from __future__ import annotations

import importlib
import re

from ..conftest import REPOSITORY

LIMIT = re.compile(r"^\| `(etf_listing(?:\.\w+)+)\.(MAX_\w+)` \| ([\d,]+)", re.M)


def test_the_limits_in_the_robustness_page_are_the_code_s() -> None:
    text = (REPOSITORY / "docs" / "robustness.md").read_text(encoding="utf-8")
    rows = LIMIT.findall(text)
    assert len(rows) >= 13
    for module, name, value in rows:
        assert int(getattr(importlib.import_module(module), name)) == int(value.replace(",", "")), f"{module}.{name}"


def test_the_readme_links_the_robustness_page() -> None:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert "## Untrusted input" in readme and "docs/robustness.md" in readme
