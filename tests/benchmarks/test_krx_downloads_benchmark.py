"""The KRX-downloads benchmark runs and both shapes agree (a smoke run on tiny inputs; no timing is
asserted: ``python -m benchmarks.krx_downloads`` measures, docs/performance.md publishes)."""

from __future__ import annotations

from pathlib import Path

from benchmarks import krx_downloads


def test_the_krx_download_benchmark_runs_and_both_shapes_agree(tmp_path: Path) -> None:
    products = krx_downloads.generate(tmp_path, issues=60, constituents=12, days=5)
    assert len(list((tmp_path / "krx").glob("*.csv"))) == 5
    results = krx_downloads.measure(products, tmp_path, runs=1)  # stops on any disagreement
    text = krx_downloads.table(results, 60, 12, 5, tmp_path)
    assert "| KRX downloads: 5 files (screen 12001, CP949, quoted) |" in text
    assert "| long format: one CSV of the same rows |" in text
