"""The watch benchmark runs as documented on a few products (no timing is asserted: the benchmark
measures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import watch


def test_the_watch_benchmark_runs_on_a_few_products(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(watch, "ROOT", tmp_path)
    monkeypatch.setattr(watch, "DATA", tmp_path / "watch")
    assert watch.main(["--products", "2", "--jobs", "2"]) == 0
    printed = capsys.readouterr().out
    assert "products: 2, trading days watched: 2,608 (1,304 each)" in printed
    assert "--jobs 2: wall: " in printed and " MiB, report: " in printed
