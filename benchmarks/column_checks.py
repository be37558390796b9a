"""The ten checks' arithmetic alone, exact, as whole-column operations in C: what the first
evaluation's two missed targets leave for everything else an evaluator does.

    python -m benchmarks.column_checks [--sizes 100,1000]

The float baseline's ten checks (``baseline.check``) on the "3-month means" inputs, written with
pyarrow's compute functions over int64 columns instead: the total and the largest market cap, one
sort, the cumulative sums and the top-85% cut, the size and liquidity offenders of the top, the
PDF's held codes looked up in the index, and the coverage by market cap and by count, each ratio
compared by cross-multiplying whole numbers (exact: whole won are required, and market caps
whose sums could pass 64 bits are refused). It knows one rulebook's thresholds (hard-coded) and explains nothing: no
results, messages, offenders in order, positions, nor a rulebook read as data. Its verdicts are
compared with the baseline's before it is timed.

It is timed in turns with the float baseline, each call after the other's (as ``benchmarks.run``
times the contestants), and alone, called again and again (warm). The two targets it measures:
10x zen-engine at 1,000 issues, and within 1.5x of the float baseline at 100, both on the first
evaluation of the sixteen rules (docs/performance.md, "What is still slow, and why").
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable

import pyarrow as pa
import pyarrow.compute as pc

from . import baseline, generate
from .run import median_seconds

PERCENT = {"weight": 30, "top": 85, "pdf_weight": 95, "pdf_count": 50}  # the KRX defaults, in percent


def prepare(case: dict[str, Any]) -> dict[str, Any]:
    """The case's columns: codes, market caps and trading values (int64, whole won), the PDF."""
    rows = case["constituents"]
    whole = [Decimal(str(r[name])) for r in rows for name in ("market_cap_krw", "trading_value_krw")]
    if any(value != value.to_integral_value() for value in whole):
        raise SystemExit("column_checks takes 3-month means in whole won")
    return {"codes": pa.array([r["code"] for r in rows]),
            "caps": pa.array([int(r["market_cap_krw"]) for r in rows], pa.int64()),
            "trading": pa.array([int(r["trading_value_krw"]) for r in rows], pa.int64()),
            "pdf_codes": pa.array([row["code"] for row in case["pdf"]]),
            "pdf_held": pa.array([Decimal(row["quantity"]) > 0 for row in case["pdf"]]),
            "product": case["product"]}


def check(columns: dict[str, Any]) -> baseline.Verdicts:
    """The ten verdicts, exact, from the columns."""
    codes, caps, trading = columns["codes"], columns["caps"], columns["trading"]
    verdicts: baseline.Verdicts = {}

    def verdict(rule: str, ok: bool, offenders: Any = ()) -> None:
        verdicts[rule] = ("pass" if ok else "fail", [] if ok else list(offenders))

    count = len(codes)
    verdict("krx.index.constituent_count", count >= baseline.MIN_CONSTITUENTS)
    if pc.max(caps).as_py() * count >= 2 ** 63:  # (a sum that might not fit in 64 bits: the products are checked)
        raise SystemExit("column_checks takes market caps whose sums fit in 64 bits")
    total = pc.sum(caps).as_py()
    heavy = pc.filter(codes, pc.greater(pc.multiply_checked(caps, 100), total * PERCENT["weight"]))
    verdict("krx.index.single_issue_weight", len(heavy) == 0, heavy.to_pylist())
    order = pc.array_sort_indices(caps, order="descending")
    ranked = pc.take(caps, order)
    before = pc.subtract(pc.cumulative_sum_checked(ranked), ranked)  # what the issues above each hold
    inside = pc.sum(pc.less(pc.multiply_checked(before, 100), total * PERCENT["top"])).as_py()
    top = order.slice(0, inside)
    top_codes = pc.take(codes, top)
    small = pc.filter(top_codes, pc.less(pc.take(caps, top), int(baseline.MIN_CAP)))
    verdict("krx.index.top85_market_cap", len(small) == 0, small.to_pylist())
    illiquid = pc.filter(top_codes, pc.less(pc.take(trading, top), int(baseline.MIN_TRADING)))
    verdict("krx.index.top85_trading_value", len(illiquid) == 0, illiquid.to_pylist())
    product = columns["product"]
    verdict("krx.size.principal", baseline.krw(product["principal_krw"]) >= baseline.MIN_PRINCIPAL)
    verdict("krx.size.units", product["units"] >= baseline.MIN_UNITS)
    participants = product.get("participants") or []
    aps = [p for p in participants if p.get("authorized_participant")]
    verdict("krx.liquidity.authorized_participant", bool(aps), [p["name"] for p in participants])
    lps = [p for p in aps if p.get("lp_contract")]
    verdict("krx.liquidity.lp_contract", bool(lps),
            [p["name"] for p in participants if p.get("authorized_participant") or p.get("lp_contract")])
    held = pc.is_in(codes, value_set=pc.filter(columns["pdf_codes"], columns["pdf_held"]))
    unheld = pc.filter(codes, pc.invert(held)).to_pylist()
    covered = pc.sum(pc.filter(caps, held)).as_py() or 0
    verdict("krx.pdf.market_cap_coverage", covered * 100 >= total * PERCENT["pdf_weight"], unheld)
    verdict("krx.pdf.constituent_coverage", (count - len(unheld)) * 100 >= count * PERCENT["pdf_count"], unheld)
    return verdicts


def warm(function: Callable[[], Any], runs: int = 300) -> float:
    """The median of ``runs`` calls one after another, the collector paused in each."""
    times = []
    for _ in range(runs):
        gc.disable()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
        gc.enable()
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--data", type=Path, default=generate.DEFAULT_OUT)
    args = parser.parse_args(argv)
    from .run import compare

    print("| constituents | column checks, in turns (ms) | float baseline, in turns (ms) | column checks / baseline "
          "| column checks, warm (ms) | float baseline, warm (ms) |")
    print("|---|---|---|---|---|---|")
    for n in (int(size) for size in args.sizes.split(",") if size):
        path = args.data / "products" / f"n{n}-means" / "product.yaml"
        if not path.exists():
            raise SystemExit(f"{path} is missing: run python -m benchmarks.generate first")
        case = baseline.load(str(path))
        columns = prepare(case)
        compare(baseline.check(case), check(columns), "column_checks", f"n{n}-means")
        turns = median_seconds({"columns": (lambda: check(columns), None), "baseline": (lambda: baseline.check(case), None)},
                               budget=1.0)
        alone = {"columns": warm(lambda: check(columns)), "baseline": warm(lambda: baseline.check(case))}
        print(f"| {n:,} | {turns['columns'] * 1000:.3f} | {turns['baseline'] * 1000:.3f} | "
              f"{turns['columns'] / turns['baseline']:.2f} | {alone['columns'] * 1000:.3f} | {alone['baseline'] * 1000:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
