"""examples/value-up-screen/: the illustrative universe is what its seeded script writes; screening
it and writing the index gives the committed index; a passive ETF on that index is eligible."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from etf_listing.cli import main

from ..conftest import EXAMPLES

FOLDER = EXAMPLES / "value-up-screen"


def generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("value_up_screen_generate", FOLDER / "generate.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_the_universe_is_what_the_seeded_script_writes(tmp_path: Path) -> None:
    generator().write_universe(tmp_path)
    for name in ("universe.yaml", "companies.csv", "previous.csv"):
        assert (tmp_path / name).read_bytes() == (FOLDER / name).read_bytes(), name
    assert len((tmp_path / "companies.csv").read_text(encoding="utf-8").splitlines()) == 2_501


def test_screen_write_index_and_check_the_product(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "examples" / "value-up-screen"
    shutil.copytree(FOLDER, work, ignore=shutil.ignore_patterns("index", "pdf.csv"))
    (tmp_path / "schemas").mkdir()
    shutil.copy(EXAMPLES.parent / "schemas" / "index.schema.json", tmp_path / "schemas")
    monkeypatch.chdir(tmp_path)
    assert main(["screen", "examples/value-up-screen/universe.yaml", "--write-index", "examples/value-up-screen/index"]) == 0
    out = capsys.readouterr().out
    assert "Selection (100;" in out and "KOSPI: 67" in out
    for name in ("index.yaml", "constituents.csv"):
        assert (work / "index" / name).read_bytes() == (FOLDER / "index" / name).read_bytes(), name
    generator().write_pdf(work)
    assert (work / "pdf.csv").read_bytes() == (FOLDER / "pdf.csv").read_bytes()
    assert main(["examples/value-up-screen/product.yaml"]) == 0
    assert "✔ eligible" in capsys.readouterr().out
