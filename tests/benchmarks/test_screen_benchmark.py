"""The screen benchmark runs (a smoke run on a small universe; no timing is asserted anywhere in
the tests: benchmarks/screen.py measures)."""

from __future__ import annotations

from pathlib import Path

from benchmarks import screen


def test_the_screen_benchmark_writes_a_universe_of_the_size_asked_and_times_each_step(tmp_path: Path) -> None:
    path = screen.universe(300, tmp_path)
    assert len((path.parent / "companies.csv").read_text(encoding="utf-8").splitlines()) == 301
    steps = screen.in_process(path, runs=1)
    assert set(steps) == {"read", "screen", "json"} and all(seconds >= 0 for seconds in steps.values())
    assert screen.universe(2500, tmp_path) == screen.EXAMPLE / "universe.yaml"
