"""The instruction count's child process runs every mode on tiny inputs (callgrind itself is not
run here: it counts, it does not decide anything), and the command says what it needs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from benchmarks import generate, instructions


@pytest.mark.parametrize("mode", ["first", "summarised", "baseline"])
def test_the_counted_child_evaluates_in_every_mode(tmp_path: Path, mode: str) -> None:
    generate.generate_sizes(tmp_path, [12])
    done = subprocess.run(instructions.child(mode, 12, 2, tmp_path, prepared=2), capture_output=True, text=True,
                          cwd=instructions.ROOT)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("stage", instructions.BATCH_STAGES)
def test_the_counted_batch_child_takes_products_through_every_stage(tmp_path: Path, stage: str) -> None:
    generate.generate_batch(tmp_path, 24, index_sizes=(12, 15))
    done = subprocess.run(instructions.batch_child(stage, 2, tmp_path), capture_output=True, text=True,
                          cwd=instructions.ROOT)
    assert done.returncode == 0, done.stderr


def test_without_valgrind_or_inputs_the_command_says_what_it_needs(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(instructions.shutil, "which", lambda name: None)
    with pytest.raises(SystemExit, match="valgrind is not installed"):
        instructions.main(["--data", str(tmp_path)])
    monkeypatch.setattr(instructions.shutil, "which", lambda name: "/usr/bin/valgrind")
    with pytest.raises(SystemExit, match="no benchmark inputs"):
        instructions.main(["--data", str(tmp_path)])
    (tmp_path / "products").mkdir()
    with pytest.raises(SystemExit, match="no batch in"):
        instructions.main(["--data", str(tmp_path), "--sizes", "", "--batch"])
