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
    assert all(r["ten"] > 0 for r in rows)  # the ten rules the others check, like for like
    text = run.report(rows, [], {}, [], engines)
    assert "| 40 | 63 days |" in text and "ten rules / baseline" in text


def test_the_batch_products_fail_for_different_reasons(tmp_path: Path) -> None:
    generate.generate_batch(tmp_path, 20, index_sizes=(12, 25))
    from etf_listing import Loader, evaluate, load_rulebook

    rulebook, loader = load_rulebook(), Loader(root=str(tmp_path))
    failing = set()
    for path in sorted((tmp_path / "batch" / "products").glob("*/product.yaml")):
        report = evaluate(loader.load_product(str(path)), rulebook)
        failing |= {r.rule.id for r in report.results if r.status == "fail"}
    assert {"krx.size.principal", "krx.size.units", "krx.liquidity.lp_contract", "krx.pdf.market_cap_coverage"} <= failing


def test_on_the_batch_indices_that_meet_the_index_rules_most_products_are_eligible(tmp_path: Path) -> None:
    """The generator's promise: products with no failing variant on an index that meets the index
    rules are eligible, each other product is not; in the default batch (nine indices in ten meet
    the rules) the eligible are more than half."""
    generate.generate_batch(tmp_path, 60, index_sizes=(30, 25, 60))
    from etf_listing import Loader, evaluate, load_rulebook

    rulebook, loader = load_rulebook(), Loader(root=str(tmp_path))
    eligible = []
    for p, path in enumerate(sorted((tmp_path / "batch" / "products").glob("*/product.yaml"))):
        index, variant = p % 3, generate._BATCH_VARIANTS[(p // 3) % len(generate._BATCH_VARIANTS)]
        report = evaluate(loader.load_product(str(path)), rulebook)
        assert report.eligible == (not variant and index != generate.NARROW_INDEX), (path, variant, index)
        eligible.append(report.eligible)
    assert sum(eligible) == 24  # two indices of three meet the rules, 20 products each: 12 with no failing variant
    passing_variants = sum(not v for v in generate._BATCH_VARIANTS) / len(generate._BATCH_VARIANTS)
    assert passing_variants * (len(generate.BATCH_INDEX_SIZES) - 1) / len(generate.BATCH_INDEX_SIZES) > 0.5


def test_the_afternoon_script_and_the_columnar_floor_agree_with_etf_check_end_to_end(tmp_path: Path) -> None:
    """The end-to-end contestants are compared with etf-check's JSON before they are timed (a
    disagreement stops the run), and every figure of the table is filled in."""
    generate.generate_sizes(tmp_path, [40])
    [row] = run.end_to_end(tmp_path, [40], runs=1, budget=0.0)
    assert row["ours_status"] in (0, 1)
    assert all(row[f"{name}_{key}"] > 0 for name in ("ours", "afternoon", "floor") for key in ("seconds", "mib"))
    text = run.report([], [row], {}, [], False)
    assert "| 40 | 2,520 |" in text


def test_the_batch_is_run_as_users_run_it_and_in_one_process(tmp_path: Path) -> None:
    generate.generate_batch(tmp_path, 40, index_sizes=(12, 25))
    rows = run.batch(tmp_path, runs=1, with_engines=False)
    assert [(r["products"], r["format"], r["jobs"]) for r in rows] == [
        (40, "json", "auto"), (40, "json", "1"), (40, "text", "auto"), (40, "text", "1")]
    assert all(r["mib"] > 10 and r["cpu"] > 0 for r in rows)
    text = run.report([], [], {}, rows, False)
    assert "| 40 | json | auto |" in text and "| 40 | text | 1 |" in text
    assert text.count("40 products on ten shared indices") == 2  # the targets: as users run it


def test_the_memory_of_a_run_adds_up_its_processes(tmp_path: Path) -> None:
    import sys

    one = run.summed_peak_kib([sys.executable, "-c", "import time; b = bytearray(80 << 20); time.sleep(0.5)"], tmp_path)
    two = run.summed_peak_kib([sys.executable, "-c", "import os, time; pid = os.fork(); b = bytearray(80 << 20); "
                               "b[::4096] = b'x' * len(b[::4096]); time.sleep(0.5); pid and os.waitpid(pid, 0)"], tmp_path)
    assert 80 << 10 < one < 120 << 10
    assert 160 << 10 < two < 240 << 10


def test_the_column_checks_give_the_baseline_s_verdicts(tmp_path: Path) -> None:
    """benchmarks.column_checks measures the ten checks' arithmetic in C: only where it decides as
    the float baseline (and so as etf-check) does, on passing and failing cases of each check."""
    import copy

    from benchmarks import baseline, column_checks

    generate.generate_sizes(tmp_path, [12, 40])
    statuses = set()
    for n in (12, 40):
        case = baseline.load(str(tmp_path / "products" / f"n{n}-means" / "product.yaml"))
        heavy, thin, poor, small, even = (copy.deepcopy(case) for _ in range(5))
        for row in even["constituents"]:  # every issue alike: no weight above 30%, a top of KRW 1tn issues
            row["market_cap_krw"], row["trading_value_krw"] = 10 ** 12, 10 ** 9
        heavy["constituents"][0]["market_cap_krw"] = 10 ** 15  # one issue above 30%
        thin["pdf"] = thin["pdf"][:3]  # a PDF holding a few issues
        poor["product"]["principal_krw"] = "1억원"
        small["constituents"][-1]["market_cap_krw"] = 10 ** 14  # a small issue pulled into the top
        small["constituents"][-1]["trading_value_krw"] = 10 ** 7
        for variant in (case, heavy, thin, poor, small, even):
            verdicts = column_checks.check(column_checks.prepare(variant))
            run.compare(baseline.check(variant), verdicts, "column_checks", f"n{n}")  # stops on any disagreement
            statuses |= {(rule, status) for rule, (status, _) in verdicts.items()}
    assert {(rule, status) for rule in run.CHECKED[1:5] + run.CHECKED[8:] for status in ("pass", "fail")} <= statuses
    assert column_checks.main(["--sizes", "12", "--data", str(tmp_path)]) == 0
