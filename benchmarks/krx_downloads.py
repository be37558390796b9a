"""Reading an index's market data from KRX portal downloads, against the same data in the long
format: ``python -m benchmarks.krx_downloads``.

From the repository's top, in the environment where etf-listing is installed::

    python -m benchmarks.krx_downloads                  # 63 files of 2,800 issues, a 200-issue index
    python -m benchmarks.krx_downloads --issues 500 --constituents 50 --runs 3

It writes (under ``benchmarks/data/krx-downloads/``, not committed) 63 trading days of the whole
market as screen 12001 publishes it: one CP949 file a day, every field quoted, about 2,800 issues
each; the same rows in the documented long format (``date,code,market_cap_krw,trading_value_krw``,
the whole market, as a user converting every download would have it); and a product on an index
of 200 of those issues naming one or the other. Then it runs ``etf-check --format json`` on each,
in turns, and prints the median wall time, the CPU time and the peak memory (the process's own
maximum resident set) as a Markdown table. Both give the same verdicts; the run stops if not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
HEADER = ("종목코드,종목명,시장구분,소속부,종가,대비,등락률,시가,고가,저가,거래량,거래대금,시가총액,상장주식수")
AS_OF = dt.date(2024, 10, 31)

INDEX = """\
kind: etf-index
schema_version: 1
name: 벤치마크 지수
asset_class: equity
weighting: market_cap
constituents: constituents.csv
market_data: {market_data}
"""
PRODUCT = """\
kind: etf-product
schema_version: 1
name: 벤치마크 ETF
as_of: 2024-10-31
fund_form: trust
principal_krw: 100억원
units: 200000
leverage: 1
creation: in_kind
underlying: {{index: {index}, license_signed: true}}
participants:
  - {{name: 벤치마크증권, authorized_participant: true, lp_contract: true}}
pdf: pdf.csv
"""


def trading_days(count: int) -> list[dt.date]:
    """The last ``count`` weekdays up to AS_OF."""
    days: list[dt.date] = []
    day = AS_OF
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= dt.timedelta(days=1)
    return sorted(days)


def generate(folder: Path, issues: int = 2800, constituents: int = 200, days: int = 63) -> dict[str, Path]:
    """Write the downloads, the long-format file and the two products; return the products."""
    rng = random.Random(14)
    codes = sorted({f"{rng.randrange(1, 999_999):06d}" for _ in range(issues * 2)})[:issues]
    codes[::97] = [code[:4] + "G0" for code in codes[::97]]  # some codes with letters, as since 2024
    codes = sorted(set(codes))
    caps = {code: rng.randrange(10, 400_000) * 100_000_000 for code in codes}
    members = sorted(rng.sample(codes, constituents))
    krx = folder / "krx"
    krx.mkdir(parents=True, exist_ok=True)
    long_lines = ["date,code,market_cap_krw,trading_value_krw"]
    for day in trading_days(days):
        lines = ['"' + HEADER.replace(",", '","') + '"']
        for i, code in enumerate(codes):
            cap = caps[code] + rng.randrange(0, 10 ** 9)
            value = rng.randrange(0, 10 ** 11)
            market = "KOSDAQ" if i % 3 else "KOSPI"
            cells = [code, f"종목{code}", market, "", "10000", "100", "1.01", "10000", "10000", "10000",
                     str(value // 10_000), str(value), str(cap), str(cap // 10_000)]
            lines.append('"' + '","'.join(cells) + '"')
            long_lines.append(f"{day.isoformat()},{code},{cap},{value}")
        (krx / f"{day:%Y%m%d}.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp949"))
    (folder / "market_data.csv").write_text("\n".join(long_lines) + "\n", encoding="utf-8")
    (folder / "constituents.csv").write_text("code,name,market\n" + "".join(f"{c},종목{c},KOSPI\n" for c in members),
                                             encoding="utf-8")
    (folder / "index-krx.yaml").write_text(INDEX.format(market_data='{format: krx-daily, files: "krx/*.csv"}'),
                                           encoding="utf-8")
    (folder / "index-long.yaml").write_text(INDEX.format(market_data="market_data.csv"), encoding="utf-8")
    products = {}
    for name in ("krx", "long"):
        product = folder / f"product-{name}"
        product.mkdir(exist_ok=True)
        (product / "pdf.csv").write_text("code,name,quantity\n" + "".join(f"{c},종목{c},10\n" for c in members),
                                         encoding="utf-8")
        (product / "product.yaml").write_text(PRODUCT.format(index=f"../index-{name}.yaml"), encoding="utf-8")
        products[name] = product / "product.yaml"
    return products


def run_once(product: Path, root: Path) -> tuple[float, float, int, bytes]:
    """Wall seconds, CPU seconds, peak resident kilobytes and the output of one etf-check run."""
    code = ("import resource, sys; from etf_listing.cli import main; status = main(sys.argv[1:]); "
            "sys.stdout.flush(); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); "
            "raise SystemExit(status)")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "--format", "json", "--root", str(root), str(product)],
                          capture_output=True, env={**os.environ, "NO_COLOR": "1"})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"etf-check failed on {product}:\n{done.stderr.decode()}")
    peak = int(done.stderr.decode().strip().splitlines()[-1])
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, peak, done.stdout


def verdicts(output: bytes) -> list[tuple[str, str, object]]:
    (report,) = json.loads(output)["reports"]
    return [(r["rule"], r["status"], r.get("observed")) for r in report["results"]]


def measure(products: dict[str, Path], root: Path, runs: int) -> dict[str, dict[str, float]]:
    """Median figures of ``runs`` runs of each product, the two taking turns."""
    figures: dict[str, list[tuple[float, float, int]]] = {name: [] for name in products}
    outputs = {}
    for _ in range(runs):
        for name, product in products.items():
            wall, cpu, peak, output = run_once(product, root)
            figures[name].append((wall, cpu, peak))
            outputs[name] = output
    if verdicts(outputs["krx"]) != verdicts(outputs["long"]):
        raise SystemExit("the two shapes of the same data gave different verdicts")
    return {name: {"wall": statistics.median(f[0] for f in rows), "cpu": statistics.median(f[1] for f in rows),
                   "peak_mib": statistics.median(f[2] for f in rows) / 1024} for name, rows in figures.items()}


def table(results: dict[str, dict[str, float]], issues: int, constituents: int, days: int, folder: Path) -> str:
    size = {"krx": sum(p.stat().st_size for p in (folder / "krx").glob("*.csv")),
            "long": (folder / "market_data.csv").stat().st_size}
    label = {"krx": f"KRX downloads: {days} files (screen 12001, CP949, quoted)",
             "long": "long format: one CSV of the same rows"}
    lines = [f"{days} trading days of {issues:,} issues read for an index of {constituents} "
             f"(`etf-check --format json`, median of the runs; Python {platform.python_version()}, {os.cpu_count()} cores)",
             "", "| market data | bytes on disk | wall ms | CPU ms | peak memory MiB |", "|---|---:|---:|---:|---:|"]
    for name in ("krx", "long"):
        r = results[name]
        lines.append(f"| {label[name]} | {size[name]:,} | {r['wall'] * 1000:,.0f} | {r['cpu'] * 1000:,.0f} | {r['peak_mib']:,.0f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.krx_downloads", description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=2800, help="issues in each daily download (default 2,800)")
    parser.add_argument("--constituents", type=int, default=200, help="the index's issues (default 200)")
    parser.add_argument("--days", type=int, default=63, help="trading days, one download each (default 63)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each, taking turns (default 5)")
    parser.add_argument("--data", default=str(HERE / "data" / "krx-downloads"), help="where the inputs are written")
    args = parser.parse_args(argv)
    folder = Path(args.data) / f"{args.issues}x{args.days}-{args.constituents}"
    products = generate(folder, args.issues, args.constituents, args.days)
    print(table(measure(products, folder, args.runs), args.issues, args.constituents, args.days, folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
