"""The benchmark suite runs and its engines agree with ours (a smoke run on tiny inputs; no timing
is asserted anywhere in the tests: benchmarks/run.py measures)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from benchmarks import generate, run


def test_the_benchmark_runs_on_tiny_inputs_and_every_engine_agrees(tmp_path: Path) -> None:
    generate.generate_sizes(tmp_path, [12, 40])
    generate.generate_batch(tmp_path, 20, index_sizes=(12, 25))
    engines = all(importlib.util.find_spec(name) for name in ("zen", "regopy"))
    rows = run.evaluation(tmp_path, [12, 40], budget=0.0, with_engines=engines)  # stops on any disagreement
    assert [(r["n"], r["form"]) for r in rows] == [(12, "means"), (12, "daily"), (40, "means"), (40, "daily")]
    assert run.agree_on_batch(tmp_path, with_engines=engines) == 20
    text = run.report(rows, [], {}, [], engines)
    assert "| 40 | 63 days |" in text


def test_the_batch_products_fail_for_different_reasons(tmp_path: Path) -> None:
    generate.generate_batch(tmp_path, 20, index_sizes=(12, 25))
    from etf_listing import Loader, evaluate, load_rulebook

    rulebook, loader = load_rulebook(), Loader(root=str(tmp_path))
    failing = set()
    for path in sorted((tmp_path / "batch" / "products").glob("*/product.yaml")):
        report = evaluate(loader.load_product(str(path)), rulebook)
        failing |= {r.rule.id for r in report.results if r.status == "fail"}
    assert {"krx.size.principal", "krx.size.units", "krx.liquidity.lp_contract", "krx.pdf.market_cap_coverage"} <= failing
