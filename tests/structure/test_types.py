"""The package type-checks: mypy, configured in pyproject.toml (every function annotated), finds
no error in ``src/``. CI runs the same check (``.ci/run``); this test makes a local run show it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import REPOSITORY


def cache_dir(pytestconfig: pytest.Config, tmp_path: Path) -> Path:
    """pytest's cache for mypy's, where pytest keeps one; else one of this test's own (run with
    ``-p no:cacheprovider`` the config has no ``cache``, and mypy's own default would write into
    the checkout)."""
    cache = getattr(pytestconfig, "cache", None)
    return cache.mkdir("mypy") if cache is not None else tmp_path / "mypy-cache"


def test_mypy_finds_no_error_in_the_package(pytestconfig: pytest.Config, tmp_path: Path) -> None:
    cache = cache_dir(pytestconfig, tmp_path)
    done = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(cache)],
                          cwd=REPOSITORY, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout


def test_the_configuration_refuses_an_unannotated_function_and_a_wrong_type(pytestconfig: pytest.Config,
                                                                            tmp_path: Path) -> None:
    """The same configuration, on a module with the two kinds of mistake it is there to catch."""
    cache = cache_dir(pytestconfig, tmp_path)
    module = tmp_path / "sample.py"
    module.write_text("def untyped(x):\n    return x\n\n\ndef typed(x: int) -> str:\n    return x\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(REPOSITORY / "pyproject.toml"),
                           "--cache-dir", str(cache), str(module)], cwd=tmp_path, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 1
    assert "sample.py:1: error: Function is missing a type annotation" in done.stdout
    assert "sample.py:6: error: Incompatible return value type" in done.stdout
