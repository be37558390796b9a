from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
from pathlib import Path
from typing import Callable

import pytest

from etf_listing.rulebook import Rulebook, load_rulebook

REPOSITORY = Path(__file__).resolve().parent.parent
EXAMPLES = REPOSITORY / "examples"


# No test writes into the checkout: the data a test changes is a copy under tmp_path (see
# in_examples_copy). The run fails if a file of the shipped data appeared, changed or went away.
WATCHED = ("examples", "rules", "tests/bad-inputs", "tests/rulebooks")


def _shipped_data() -> dict[str, tuple[int, int]]:
    found = {}
    for top in WATCHED:
        for path in (REPOSITORY / top).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                status = path.lstat()
                found[str(path.relative_to(REPOSITORY))] = (status.st_size, status.st_mtime_ns)
    return found


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_BEFORE] = _shipped_data()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.config.stash.get(_BEFORE, None)
    if before is None:
        return
    after = _shipped_data()
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    if changed:
        session.config.get_terminal_writer().line(
            "the tests wrote into the checkout: " + ", ".join(changed[:10]), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_BEFORE = pytest.StashKey[dict]()

# Nor into the user's cache directory: the parses of rulebooks kept between runs
# (etf_listing.rulebook_cache) go to a directory of this run, which the commands it starts inherit.
_CACHE = tempfile.mkdtemp(prefix="etf-listing-tests-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def krx() -> Rulebook:
    return load_rulebook()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a file under tmp_path (dedented) and return its path."""

    def write_file(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write_file


@pytest.fixture
def in_repository(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run with the repository as the working directory, as a user of the README would."""
    monkeypatch.chdir(REPOSITORY)
    return REPOSITORY


@pytest.fixture
def in_examples_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in a copy of the repository's examples/ (as ``examples/`` under the working directory),
    for a test that changes an example: no test writes into the checkout."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def relative(path: Path) -> str:
    return os.path.relpath(path)
