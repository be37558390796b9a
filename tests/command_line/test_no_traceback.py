"""The command's last lines of defence: whatever goes wrong, one line on standard error and the
contract's exit status 2, never a traceback and never the 1 that means "not eligible"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from etf_listing import cli

from ..conftest import EXAMPLES, REPOSITORY

PASSING = str(EXAMPLES / "value-up-passive" / "product.yaml")


def test_a_bug_met_on_one_file_is_reported_on_it_and_the_others_still_run(monkeypatch: pytest.MonkeyPatch,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    import etf_listing.evaluation

    real = etf_listing.evaluation.evaluate

    def flaky(product, rulebook, as_of=None, **options):  # type: ignore[no-untyped-def]
        if "failing" in product.file:
            raise KeyError("a bug")
        return real(product, rulebook, as_of)

    monkeypatch.setattr(etf_listing.evaluation, "evaluate", flaky)
    failing = str(EXAMPLES / "failing" / "principal-below-minimum" / "product.yaml")
    monkeypatch.chdir(REPOSITORY)
    status = cli.main([os.path.relpath(failing), os.path.relpath(PASSING), "--format", "json"])
    out, err = capsys.readouterr()
    assert status == 2
    assert err.splitlines() == [
        "examples/failing/principal-below-minimum/product.yaml:1:1: internal error: KeyError: 'a bug' "
        "(this is a bug in etf-check; please report it with this file (ETF_LISTING_TRACEBACK=1 shows where))"]
    assert '"eligible": true' in out  # the other file was evaluated


def test_the_traceback_is_there_when_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    import etf_listing.evaluation

    monkeypatch.setattr(etf_listing.evaluation, "evaluate", lambda *a, **k: 1 / 0)
    monkeypatch.setenv("ETF_LISTING_TRACEBACK", "1")
    with pytest.raises(ZeroDivisionError):
        cli.main([PASSING])


def test_a_bug_outside_any_file_is_one_line_and_status_2(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    import etf_listing.reporting

    monkeypatch.setitem(etf_listing.reporting.REPORTERS, "text", lambda outcomes, options: str(1 / 0))
    assert cli.main([PASSING]) == 2
    assert capsys.readouterr().err == ("etf-check: internal error: ZeroDivisionError: division by zero "
                                       "(please report it; set ETF_LISTING_TRACEBACK=1 to see where)\n")


def run(arguments: list[str], **environment: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "etf_listing", *arguments], capture_output=True, timeout=120,
                          cwd=REPOSITORY, env={**os.environ, "NO_COLOR": "1", **environment})


def test_a_terminal_that_cannot_show_korean_gets_escapes_not_a_crash() -> None:
    done = run(["examples/value-up-passive/product.yaml"], PYTHONIOENCODING="ascii")
    assert done.returncode == 0, done.stderr
    assert b"\\uc608" in done.stdout  # 예, escaped
    assert b"Traceback" not in done.stderr


def test_a_reader_that_goes_away_is_not_a_crash(tmp_path: Path) -> None:
    """``etf-check ... | head``: the pipe closes before the report is written."""
    files = [PASSING] * 40  # a report larger than a pipe's buffer
    with subprocess.Popen([sys.executable, "-m", "etf_listing", "--format", "json", *files], cwd=REPOSITORY,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()
        error = process.stderr.read()
        assert process.wait(timeout=120) in (0, 2)
    assert b"Traceback" not in error and b"BrokenPipe" not in error
