"""Every command has the check's safeguards: whatever the input, a positioned problem and exit
status 2 for what cannot be evaluated, never a traceback, and a reader that goes away
(``etf-check ... | head``) is not a crash, for the check and for each subcommand alike."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from etf_listing.cli import COMMANDS, main

from ..conftest import REPOSITORY

PASSING = "examples/value-up-passive/product.yaml"

# one call of each command that writes to standard output
CALLS = {
    "check": [PASSING],
    "check-json": ["--format", "json", PASSING, PASSING],
    "rules": ["rules"],
    "explain": ["explain", "krx.size.principal"],
    "test": ["test", "rules/krx/tests"],
    "schema": ["schema", "rulebook"],
    "screen": ["screen", "examples/value-up-screen/universe.yaml"],
    "watch": ["watch", "examples/watch/healthy-passive/product.yaml"],
    "watch-period": ["watch", "--format", "json", "--from", "2026-01-01", "--to", "2026-11-30", "examples/watch"],
    "import": ["import", "examples/krx-downloads/index/krx"],
    "help": ["--help"],
    "rules-help": ["rules", "--help"],
}


def test_every_command_is_called_here() -> None:
    assert set(COMMANDS) <= {call[0] for call in CALLS.values()}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_reader_that_goes_away_is_not_a_crash_for_any_command(name: str) -> None:
    """The command writes into a real pipe whose reading end is already closed, as when ``head``
    has read what it wanted: it stops quietly, without a traceback."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run([sys.executable, "-m", "etf_listing", *CALLS[name]], cwd=REPOSITORY, stdout=write,
                              stderr=subprocess.PIPE, timeout=300, env={**os.environ, "NO_COLOR": "1"})
    finally:
        os.close(write)
    assert b"Traceback" not in done.stderr and b"BrokenPipe" not in done.stderr and b"Exception" not in done.stderr, \
        done.stderr
    assert done.returncode in (0, 2)


def test_the_output_piped_into_head_is_its_first_lines() -> None:
    done = subprocess.run(f"'{sys.executable}' -m etf_listing rules | head -n 1", shell=True, cwd=REPOSITORY,
                          capture_output=True, timeout=300)
    assert done.stdout.decode().startswith("krx-etf-listing 2013.1: ")
    assert done.stderr == b""


TESTS = """\
kind: etf-rule-tests
schema_version: 1
rulebook: krx-etf-listing
base: product.yaml
cases:
  - name: a date before any version of the rulebook
    as_of: 1990-01-01
    expect: {krx.size.principal: pass}
"""


def test_a_rule_test_dated_before_the_rulebook_is_a_positioned_problem(in_examples_copy: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    (in_examples_copy / "examples" / "value-up-passive" / "dated.test.yaml").write_text(TESTS, encoding="utf-8")
    assert main(["test", "examples/value-up-passive/dated.test.yaml"]) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert err.startswith("examples/value-up-passive/dated.test.yaml:7:12: "
                          "the rulebook krx-etf-listing has no version in force on 1990-01-01"), err
    assert "✘ a date before any version of the rulebook" in out


@pytest.mark.parametrize("command", [["rules"], ["explain", "krx.size.principal"], [PASSING]])
def test_a_broken_rulebook_is_a_positioned_problem_for_every_command(command: list[str], tmp_path: Path,
                                                                    in_repository: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("kind: etf-rulebook\nschema_version: [\n", encoding="utf-8")
    assert main([*command, "--rules", str(broken)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{broken}:") and "Traceback" not in err


@pytest.mark.parametrize("command", [["rules"], ["explain", "krx.size.principal"], ["test", "rules/krx/tests"],
                                     ["schema", "product"]])
def test_a_bug_in_any_subcommand_is_one_line_and_status_2(command: list[str], in_repository: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    import etf_listing.checker

    def broken(self: object, text: str, output: str | None = None) -> int:
        raise KeyError("a bug")

    monkeypatch.setattr(etf_listing.checker.Checker, "write", broken)
    assert main(command) == 2
    assert capsys.readouterr().err == ("etf-check: internal error: KeyError: 'a bug' "
                                       "(please report it; set ETF_LISTING_TRACEBACK=1 to see where)\n")
