from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import Callable

import pytest

from etf_listing.rulebook import Rulebook, load_rulebook

REPOSITORY = Path(__file__).resolve().parent.parent
EXAMPLES = REPOSITORY / "examples"


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
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def relative(path: Path) -> str:
    return os.path.relpath(path)
