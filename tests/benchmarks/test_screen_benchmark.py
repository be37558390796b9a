"""The screen benchmark runs (a smoke run on a small universe; no timing is asserted anywhere in
the tests: benchmarks/screen.py measures)."""

from __future__ import annotations

import csv
from pathlib import Path

from benchmarks import screen


def test_the_screen_benchmark_writes_a_universe_of_the_size_asked_and_times_each_step(tmp_path: Path) -> None:
    path = screen.universe(300, tmp_path)
    assert len((path.parent / "companies.csv").read_text(encoding="utf-8").splitlines()) == 301
    steps = screen.in_process(path, runs=1)
    assert set(steps) == {"read", "screen", "json", "undecided", "selected"} and all(seconds >= 0 for seconds in steps.values())
    assert steps["undecided"] == 0 and 0 < steps["selected"] <= 100  # (300 companies: fewer than 100 qualify)
    assert screen.universe(2500, tmp_path) == screen.EXAMPLE / "universe.yaml"


def test_holes_leave_one_figure_out_in_the_share_of_companies_asked(tmp_path: Path) -> None:
    from etf_listing.loading.universe import load_universe
    from etf_listing.screening.evaluate import screen as run_screen
    from etf_listing.screening.methodology import load_methodology

    path = screen.with_holes(screen.universe(300, tmp_path), 0.1, tmp_path / "holes")
    with open(path.parent / "companies.csv", encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    emptied = [row for row in rows if any(row[name] == "" for name in screen.LEFT_OUT)]
    assert len(rows) == 300 and 15 <= len(emptied) <= 45
    report = run_screen(load_universe(str(path)), load_methodology())
    assert sum(outcome.undecided for outcome in report.companies.values()) >= len(emptied) // 3
