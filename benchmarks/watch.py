"""The continued-listing watch at scale: ``python -m benchmarks.watch``.

From the repository's top, in the environment where etf-listing is installed::

    python -m benchmarks.watch                  # 1,000 products, 5 years of daily history
    python -m benchmarks.watch --products 100   # a smaller run

It writes (once, deterministic) ``benchmarks/data/watch/``: ten indices with five years of daily
levels (2021-12-01 to 2026-11-30, weekdays: 1,304 rows each) and 1,000 listed products spread over
them, each with its history over the same days (NAV per unit, net assets, principal, close) and one
or two LPs; a fifth of them drift away from their index, shrink below KRW 5bn, lose their LP or
trade away from NAV, so that every rule's clock runs somewhere. Then one invocation watches them
all over their whole history, as a user runs it (``--jobs auto``: one process a core)::

    etf-check watch --format json --from 2021-12-01 --to 2026-11-30 --output OUT benchmarks/data/watch

which takes every rule's status on every calendar day of the period (the size rule's on each
half-year end) and writes the timeline and the correlation series of every product. Printed: the wall time, the CPU time of all its processes, the peak of their
resident memory added up (PSS), the number of trading days watched, and the size of the report.
``--jobs 1`` measures one process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

from . import run

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data" / "watch"
FIRST, LAST = dt.date(2021, 12, 1), dt.date(2026, 11, 30)
INDICES = 10

def weekdays() -> list[dt.date]:
    days, day = [], FIRST
    while day <= LAST:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def generate(products: int, folder: Path) -> None:
    rng = random.Random(2026)
    days = weekdays()
    folder.mkdir(parents=True, exist_ok=True)
    changes: list[list[float]] = []
    for i in range(INDICES):
        level, rows, moves = 1000.0, [], []
        for day in days:
            move = rng.gauss(0.0002, 0.011)
            level *= 1 + move
            moves.append(move)
            rows.append(f"{day.isoformat()},{level:.2f}\n")
        changes.append(moves)
        index = folder / f"index-{i:02d}"
        index.mkdir(exist_ok=True)
        (index / "levels.csv").write_text("date,level\n" + "".join(rows), encoding="utf-8")
        (index / "index.yaml").write_text(
            "kind: etf-index\nschema_version: 1\n"
            f"name: Benchmark index {i:02d}\nasset_class: equity\nweighting: free_float_market_cap\n"
            "constituents:\n  - {code: '005930', name: 삼성전자, market: KOSPI, market_cap_krw: 400조원, trading_value_krw: 1조원}\n"
            "levels: levels.csv\n", encoding="utf-8")
    for n in range(products):
        index = n % INDICES
        kind = n % 5  # 0: drifting away, 1: small, 2: LP leaves, 3: disparity, 4: healthy
        turn = rng.randrange(300, len(days) - 100)
        nav, units, lines = 10000.0, 2_000_000 if kind != 1 else 900_000, []
        for i, (day, move) in enumerate(zip(days, changes[index])):
            if i:
                drifting = kind == 0 and i >= turn
                nav *= 1 + (0.2 if drifting else 1.0) * move + rng.gauss(0, 0.012 if drifting else 0.0008)
            if kind == 1 and i == turn:
                units = 400_000
            gap = rng.gauss(0.012, 0.003) if kind == 3 and i >= turn and i % 7 == 0 else rng.gauss(0, 0.0015)
            lines.append(f"{day.isoformat()},{nav:.2f},{int(nav * units)},{units * 10000},{nav * (1 + gap):.2f}\n")
        product = folder / f"product-{n:04d}"
        product.mkdir(exist_ok=True)
        (product / "history.csv").write_text("date,nav_per_unit,net_assets_krw,principal_krw,close_price\n" + "".join(lines),
                                             encoding="utf-8")
        lp_to = f", lp_to: {days[turn].isoformat()}" if kind == 2 else ""
        (product / "product.yaml").write_text(
            "kind: etf-product\nschema_version: 1\nrulebook: krx-etf-continued-listing\n"
            f"name: Benchmark ETF {n:04d}\nas_of: {LAST.isoformat()}\nlisted_on: {FIRST.isoformat()}\n"
            f"management: {'active' if n % 10 == 0 else 'passive'}\nleverage: 1\nunderlying_market: domestic\n"
            f"underlying: {{index: ../index-{index:02d}/index.yaml, license_signed: true}}\n"
            f"participants:\n  - {{name: LP{n % 7}, lp_contract: true, lp_from: {FIRST.isoformat()}{lp_to}}}\n"
            "history: history.csv\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.watch", description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--jobs", default="auto", help="etf-check's --jobs (default: auto)")
    args = parser.parse_args(argv)
    folder = DATA / f"{args.products}"
    if not (folder / "done").exists():
        started = time.perf_counter()
        generate(args.products, folder)
        (folder / "done").write_text("", encoding="utf-8")
        print(f"wrote {folder.relative_to(ROOT)} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    output = folder.parent / f"report-{args.products}.json"
    command = [sys.executable, "-m", "etf_listing", "watch", "--format", "json", "--from", FIRST.isoformat(),
               "--to", LAST.isoformat(), "--jobs", args.jobs, "--output", str(output), str(folder.relative_to(ROOT))]
    wall, cpu, peak, status = run.measured(command, ROOT)
    report = json.loads(output.read_text(encoding="utf-8"))
    days = sum(len(next(r for r in p["timeline"]["rules"] if r["rule"] == "krx.watch.tracking_correlation")["series"])
               for p in report["reports"])
    statuses: dict[str, int] = {}
    for product in report["reports"]:
        for result in product["results"]:
            statuses[result["status"]] = statuses.get(result["status"], 0) + 1
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.machine()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"products: {len(report['reports'])}, trading days watched: {days:,} "
          f"({days / max(len(report['reports']), 1):,.0f} each), exit status {status}")
    print(f"--jobs {args.jobs}: wall: {wall:.1f} s, CPU: {cpu:.1f} s, peak memory: {peak / 1024:.0f} MiB, "
          f"report: {output.stat().st_size / 2**20:.0f} MiB")
    print("statuses on the last day: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
