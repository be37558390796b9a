"""Start-up stays quick: heavy modules are imported only by the commands that need them. No
timings here: the benchmark measures."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ..conftest import REPOSITORY


# What the pre-commit path never needs: pydantic (the documents are read directly unless one is
# written unusually or wrongly), rich (one report is written directly), the rulebook schema checker,
# the HTML template engine, the DataFrame libraries, the columnar reader (large files only) and the
# time-zone database (only waivers are judged on a day in the rulebook's zone; a shipped rulebook's
# zone was looked up when its shape was recorded).
NEVER_FOR_A_SMALL_CHECK = {"pydantic", "pydantic_core", "rich", "jsonschema", "jinja2", "pandas", "numpy", "pyarrow",
                           "zoneinfo"}
# What the shipped example's check does not use either: finding product files (the file is named),
# KRX downloads, the continued-listing watch, rankings among a population, the did-you-mean matcher
# (no mistake to explain), pickle (the rulebook's parse is kept in the interpreter's own format)
# and calendar (the days of a month).
NOT_FOR_THE_EXAMPLE = NEVER_FOR_A_SMALL_CHECK | {
    "etf_listing.discovery", "etf_listing.loading.krx", "etf_listing.watch", "etf_listing.vocabulary.rankings",
    "etf_listing.vocabulary.population", "difflib", "pickle", "calendar"}


@pytest.mark.parametrize("arguments, absent", [
    (["--version"], {"pydantic", "yaml", "jsonschema", "rich", "etf_listing.evaluation"}),
    (["--format", "json", "examples/value-up-passive/product.yaml"], NOT_FOR_THE_EXAMPLE),
    (["examples/value-up-passive/product.yaml"], NOT_FOR_THE_EXAMPLE),
    (["--lang", "ko", "examples/failing/pdf-missing-large-constituents/product.yaml"], NEVER_FOR_A_SMALL_CHECK),
])
def test_heavy_modules_are_imported_only_when_needed(arguments: list[str], absent: set[str]) -> None:
    probe = ("import contextlib, io, sys\nfrom etf_listing.cli import main\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n"
             f"    try:\n        main({arguments!r})\n    except SystemExit:\n        pass\n"
             "print(' '.join(sorted(sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=REPOSITORY, capture_output=True, text=True,
                            check=True).stdout.split()
    assert absent.isdisjoint(loaded), absent & set(loaded)


def test_the_example_still_checks_what_it_uses() -> None:
    """(The modules the example does not need are not missing from it: its report is complete.)"""
    probe = ("import contextlib, io, sys\nfrom etf_listing.cli import main\n"
             "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
             "    status = main(['--format', 'json', 'examples/value-up-passive/product.yaml'])\n"
             "import json, gc\nreport = json.loads(out.getvalue())['reports'][0]\n"
             "print(status, len(report['results']), gc.isenabled())")
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPOSITORY, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "16", "True"]  # every rule judged; the garbage collector given back


def test_the_example_is_read_without_the_yaml_parser_once_the_rulebooks_parse_is_kept(tmp_path) -> None:
    """The example's files are of the shape read from their lines (``yaml_lines``) and the
    rulebook's parse is kept between runs (``rulebook_cache``): the second run never imports PyYAML.
    The first, which parses the rulebook, does."""
    probe = ("import contextlib, io, sys\nfrom etf_listing.cli import main\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n"
             "    status = main(['examples/value-up-passive/product.yaml'])\n"
             "print(status, 'yaml' in sys.modules, 'etf_listing.loading.yaml_parser' in sys.modules)")
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    runs = [subprocess.run([sys.executable, "-c", probe], cwd=REPOSITORY, capture_output=True, text=True, check=True,
                           env=environment).stdout.split() for _ in range(2)]
    assert runs == [["0", "True", "True"], ["0", "False", "False"]]
