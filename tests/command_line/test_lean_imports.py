"""Start-up stays quick: heavy modules are imported only by the commands that need them. No
timings here: the benchmark measures."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ..conftest import REPOSITORY


@pytest.mark.parametrize("arguments, absent", [
    (["--version"], {"pydantic", "yaml", "jsonschema", "rich", "etf_listing.evaluation"}),
    (["--format", "json", "examples/value-up-passive/product.yaml"], {"jsonschema", "rich"}),
    (["examples/value-up-passive/product.yaml"], {"jsonschema"}),
])
def test_heavy_modules_are_imported_only_when_needed(arguments: list[str], absent: set[str]) -> None:
    probe = ("import contextlib, io, sys\nfrom etf_listing.cli import main\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n"
             f"    try:\n        main({arguments!r})\n    except SystemExit:\n        pass\n"
             "print(' '.join(sorted(sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=REPOSITORY, capture_output=True, text=True,
                            check=True).stdout.split()
    assert absent.isdisjoint(loaded), absent & set(loaded)
