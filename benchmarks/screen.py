"""Measure the index screen: ``python -m benchmarks.screen``.

From the repository's top, in the environment where etf-listing is installed::

    python -m benchmarks.screen                 # the example universe (2,500 companies) and 10,000
    python -m benchmarks.screen --sizes 2500 --runs 5
    python -m benchmarks.screen --holes 0.05    # also each universe with a figure left out in 5% of its companies

What it measures (medians of ``--runs`` runs):

1. **End to end**: ``etf-check screen UNIVERSE --format json`` and ``--format text`` in a process
   of their own (start-up, reading the universe and the methodology, the screen, the report): wall
   time and CPU time (the child's user + system time), after an untimed run that caches the
   bytecode, as an installed package has it. Beside them, in the same run and the same
   way, ``etf-check --format json examples/value-up-passive/product.yaml``: the listing check's
   published start-up figure, so that a loaded machine shows as such.
2. **In process**, a warm interpreter: reading the universe, the screen itself, and rendering JSON,
   with the cyclic garbage collector paused as the command pauses it.

The 2,500-company universe is ``examples/value-up-screen``; larger ones are written by that
example's generator (the same seeded companies, more of them) into a temporary directory. With
``--holes SHARE``, each universe is also measured with one figure (chosen, seeded, among those the
stages and the selection read) left empty in that share of its companies: what figures not given
cost, as every company they stop is taken in and out of each ranking after it.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
EXAMPLE = REPOSITORY / "examples" / "value-up-screen"


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("value_up_screen_generate", EXAMPLE / "generate.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def universe(size: int, folder: Path) -> Path:
    """The universe of ``size`` companies: the example's own for 2,500, else one generated."""
    if size == _generator().COMPANIES:
        return EXAMPLE / "universe.yaml"
    target = folder / f"universe-{size}"
    target.mkdir(parents=True, exist_ok=True)
    _generator().write_universe(target, count=size)
    return target / "universe.yaml"


LEFT_OUT = ("free_float_ratio", "dividend_krw_y1", "pbr_y1", "roe_y1", "net_income_krw_y1", "market_cap_krw")


def with_holes(path: Path, share: float, folder: Path) -> Path:
    """A copy of the universe at ``path`` with one figure of ``LEFT_OUT`` left empty in ``share``
    of its companies (seeded: the same companies and figures every run)."""
    import csv
    import random
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for name in ("universe.yaml", "previous.csv"):
        if (path.parent / name).exists():
            shutil.copy(path.parent / name, folder / name)
    chance = random.Random(20240924)
    with open(path.parent / "companies.csv", encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    for row in rows:
        if chance.random() < share:
            row[chance.choice(LEFT_OUT)] = ""
    with open(folder / "companies.csv", "w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return folder / "universe.yaml"


def _command() -> list[str]:
    found = Path(sys.executable).with_name("etf-check")
    return [str(found)] if found.exists() else [sys.executable, "-m", "etf_listing"]


# Commands run as an installed package runs, as in benchmarks/run.py: with its modules' bytecode
# cached (pip compiles what it installs; an environment with PYTHONDONTWRITEBYTECODE would compile
# every module in every run), which the untimed first run writes.
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed_process(arguments: list[str], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of running ``etf-check ARGUMENTS`` in a process of its own,
    after one untimed run."""
    walls, cpus = [], []
    for run in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([*_command(), *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                       cwd=REPOSITORY, env=ENVIRONMENT)
        if run == 0:
            continue
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return statistics.median(walls), statistics.median(cpus)


def in_process(path: Path, runs: int) -> dict[str, float]:
    """Median CPU seconds of each step in a warm interpreter, with the cyclic garbage collector
    paused as ``etf-check screen`` pauses it (and as benchmarks/run.py times its calls), and run
    between runs; with what the screen found: ``undecided`` companies (stopped by a figure not
    given) and ``selected``."""
    from etf_listing.loading.universe import load_universe
    from etf_listing.reporting.screen_json import render_json
    from etf_listing.screening.evaluate import screen
    from etf_listing.screening.methodology import load_methodology

    methodology = load_methodology()
    steps: dict[str, list[float]] = {"read": [], "screen": [], "json": []}
    collecting = gc.isenabled()
    try:
        for _ in range(runs):
            gc.collect()
            gc.disable()
            start = time.process_time()
            loaded = load_universe(str(path))
            read = time.process_time()
            report = screen(loaded, methodology)
            screened = time.process_time()
            render_json([report])
            steps["read"].append(read - start)
            steps["screen"].append(screened - read)
            steps["json"].append(time.process_time() - screened)
            found = {"undecided": sum(o.undecided for o in report.companies.values()), "selected": len(report.selected)}
            del loaded, report
    finally:
        if collecting:
            gc.enable()
    return {**{name: statistics.median(values) for name, values in steps.items()}, **found}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.screen", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2500,10000", help="universe sizes (default: 2500,10000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each measurement (default: 5)")
    parser.add_argument("--holes", type=float, default=0.0,
                        help="also measure each universe with a figure left empty in this share of its companies")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} at the start")
    wall, cpu = timed_process(["--format", "json", "examples/value-up-passive/product.yaml"], args.runs)
    print("\n| command | seconds | CPU seconds |\n|---|---|---|")
    print(f"| `etf-check --format json examples/value-up-passive/product.yaml` (the listing check) | {wall:.2f} | {cpu:.2f} |")
    with tempfile.TemporaryDirectory() as folder:
        paths = {(size, ""): universe(size, Path(folder)) for size in sizes}
        if args.holes:
            left = f", a figure left out in {args.holes:.0%}"
            paths.update({(size, left): with_holes(paths[size, ""], args.holes, Path(folder) / f"holes-{size}") for size in sizes})
        for (size, left), path in paths.items():
            shown = os.path.relpath(path, REPOSITORY) if path.is_relative_to(REPOSITORY) else f"({size:,} companies{left})"
            for format_ in ("json", "text"):
                wall, cpu = timed_process(["screen", str(path), "--format", format_], args.runs)
                print(f"| `etf-check screen {shown} --format {format_}` ({size:,} companies) | {wall:.2f} | {cpu:.2f} |")
        print("\n| companies | read the universe (CPU s) | screen (CPU s) | JSON report (CPU s) "
              "| stopped by a figure not given | selected |\n|---|---|---|---|---|---|")
        for (size, left), path in paths.items():
            steps = in_process(path, args.runs)
            print(f"| {size:,}{left} | {steps['read']:.3f} | {steps['screen']:.3f} | {steps['json']:.3f} "
                  f"| {steps['undecided']:,} | {steps['selected']} |")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
