"""A screen imports what it uses: not the document models (a universe written in the usual
spellings is read directly), not the schema checker, the template engine or the DataFrame
libraries, and not the listing check's loaders of products and market data or its evaluation. No
timings here: benchmarks/screen.py measures."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ..conftest import REPOSITORY

NEVER_FOR_A_SCREEN = {"pydantic", "pydantic_core", "jsonschema", "jinja2", "pandas", "numpy", "pyarrow",
                      "etf_listing.evaluation", "etf_listing.loading.universe_document", "etf_listing.loading.load",
                      "etf_listing.loading.holdings", "etf_listing.loading.krx", "etf_listing.loading.columnar",
                      "zoneinfo"}  # (the shipped methodology's zone is looked up by a test, not by each screen)


@pytest.mark.parametrize("format_, absent", [
    ("json", NEVER_FOR_A_SCREEN | {"rich"}),  # the JSON report measures no terminal cells
    ("csv", NEVER_FOR_A_SCREEN | {"rich"}),
    ("text", NEVER_FOR_A_SCREEN),
    ("markdown", NEVER_FOR_A_SCREEN | {"rich"}),
])
def test_a_screen_imports_none_of_what_it_does_not_use(format_: str, absent: set[str]) -> None:
    arguments = ["screen", "examples/value-up-screen/universe.yaml", "--format", format_]
    probe = ("import contextlib, io, sys\nfrom etf_listing.cli import main\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n"
             f"    status = main({arguments!r})\n"
             "print(status, ' '.join(sorted(sys.modules)))")
    status, *loaded = subprocess.run([sys.executable, "-c", probe], cwd=REPOSITORY, capture_output=True, text=True,
                                     check=True).stdout.split()
    assert status == "0"
    assert absent.isdisjoint(loaded), absent & set(loaded)
    assert "etf_listing.screening.evaluate" in loaded  # (it did screen)
