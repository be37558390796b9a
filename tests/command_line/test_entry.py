"""The command as a process (``python -m etf_listing``, the ``etf-check`` script): it ends with
``main``'s exit status once its output is flushed, whole, whatever it was writing to."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import REPOSITORY

COMMAND = [sys.executable, "-m", "etf_listing"]


def ran(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, *args], cwd=REPOSITORY, capture_output=True, text=True, encoding="utf-8")


@pytest.mark.parametrize("args, status", [
    (("examples/value-up-passive/product.yaml",), 0),
    (("examples/failing",), 1),
    (("examples/missing/product.yaml",), 2),
])
def test_the_process_ends_with_mains_status_and_all_its_output(args: tuple[str, ...], status: int) -> None:
    done = ran("--format", "json", *args)
    assert done.returncode == status, done.stderr
    document = json.loads(done.stdout)  # written whole: the last byte too
    assert done.stdout.endswith("}\n") and document["reports"]
    if status == 2:
        assert "examples/missing/product.yaml" in done.stderr and "Traceback" not in done.stderr


def test_a_report_to_a_file_is_written_whole(tmp_path: Path) -> None:
    output = tmp_path / "report.json"
    done = ran("--format", "json", "--jobs", "2", "--output", str(output), "examples/failing", "examples/sebi")
    assert done.returncode == 1 and done.stdout == ""
    assert len(json.loads(output.read_text(encoding="utf-8"))["reports"]) >= 8


def test_an_argument_error_and_the_version_end_as_before() -> None:
    wrong = ran("--jobs", "two", "examples/failing")
    assert wrong.returncode == 2 and "--jobs" in wrong.stderr
    version = ran("--version")
    assert version.returncode == 0 and version.stdout.strip()


def test_a_reader_that_goes_away_leaves_no_traceback() -> None:
    """``etf-check ... | head -1``: the rest of the report has nowhere to go, and nothing is said of it."""
    with subprocess.Popen([*COMMAND, "--format", "json", "examples"], cwd=REPOSITORY, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        error = process.stderr.read().decode("utf-8")
        assert process.wait(timeout=60) in (0, 1, 2) and first.startswith(b"{")
    assert "Traceback" not in error and "Exception ignored" not in error


@pytest.mark.parametrize("closed", [1, 2])
def test_a_stream_closed_at_the_start_leaves_the_exit_status_as_it_was(tmp_path: Path, closed: int) -> None:
    """Started with standard output or error closed (cron, a daemon: ``2>&-``), Python has no
    stream there; the command ends with main's status all the same, its report in its file."""
    import os

    output = tmp_path / "report.json"
    args = ["--format", "json", "--output", str(output), "examples/value-up-passive/product.yaml"]
    done = subprocess.run([*COMMAND, *args], cwd=REPOSITORY, preexec_fn=lambda: os.close(closed), timeout=120,
                          stdout=subprocess.DEVNULL if closed == 2 else None,
                          stderr=subprocess.DEVNULL if closed == 1 else None)
    assert done.returncode == 0 and json.loads(output.read_text(encoding="utf-8"))["reports"][0]["eligible"]
