"""The package type-checks: mypy, configured in pyproject.toml (every function annotated), finds
no error in ``src/``. CI runs the same check (``.ci/run``); this test makes a local run show it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import REPOSITORY


def test_mypy_finds_no_error_in_the_package(pytestconfig: pytest.Config) -> None:
    found = getattr(pytestconfig, "cache", None)  # (none with -p no:cacheprovider)
    cache = found.mkdir("mypy") if found is not None else None
    done = subprocess.run([sys.executable, "-m", "mypy", *(["--cache-dir", str(cache)] if cache else [])],
                          cwd=REPOSITORY, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout


def test_the_configuration_refuses_an_unannotated_function_and_a_wrong_type(pytestconfig: pytest.Config,
                                                                            tmp_path: Path) -> None:
    """The same configuration, on a module with the two kinds of mistake it is there to catch."""
    found = getattr(pytestconfig, "cache", None)
    cache = found.mkdir("mypy") if found is not None else tmp_path / "cache"
    module = tmp_path / "sample.py"
    module.write_text("def untyped(x):\n    return x\n\n\ndef typed(x: int) -> str:\n    return x\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(REPOSITORY / "pyproject.toml"),
                           "--cache-dir", str(cache), str(module)], cwd=tmp_path, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 1
    assert "sample.py:1: error: Function is missing a type annotation" in done.stdout
    assert "sample.py:6: error: Incompatible return value type" in done.stdout
