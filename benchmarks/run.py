"""Run the benchmark suite and print the figures: ``python -m benchmarks.run``.

From the repository's top, in the environment where etf-listing is installed::

    python -m benchmarks.run                    # ours vs the hand-written float baseline
    python -m benchmarks.run --with-engines     # also zen-engine and OPA Rego (installs them)
    python -m benchmarks.run --sizes 100,1000 --quick

What it measures (medians of repeated runs; the garbage collector is paused inside each timed
call and run between calls, as ``timeit`` does, the same for every engine):

1. **Evaluation alone**, in a warm process, inputs already loaded, the contestants' calls taking
   turns round after round: our evaluator with exact Decimal arithmetic, (a) the first product
   on an index (its summary computed: 3-month means, weights, ranking), (b) another product on
   an index already summarised and (c) the first product with only the ten rules the others
   check (like for like: the whole rulebook has six more; the targets are measured on it); the baseline (benchmarks/baseline.py, floats); with
   ``--with-engines`` the same checks as a zen-engine decision graph and an OPA Rego policy
   (regopy). Every engine's verdicts are compared with ours on every input before it is timed; a
   disagreement stops the run.
2. **End to end**: ``etf-check --format json`` on one product per size, daily CSV data
   (N x 63 rows), taking turns with two other cold processes doing the same ten checks: the
   afternoon script (benchmarks/afternoon.py: csv module and floats) and the columnar floor
   (benchmarks/floor.py: pyarrow's CSV reader and int64 group sums), whose verdicts are compared
   with ours first; the floor also warm (called again in this process). Wall and CPU time, and
   peak memory (each process's own maximum resident set).
3. **Start-up**: ``etf-check --version`` and the passing example, beside the bare interpreter.
4. **Batch**: 1,000 products on ten shared indices in one ``etf-check`` invocation.

The figures end with the targets of the speed work, each with the figure measured and whether it
is met.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import gc
import importlib.util
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

from . import baseline, generate

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
CHECKED = baseline.RULES
ENGINE_PACKAGES = ("zen-engine==2.1.3", "regopy==1.5.2")
ENGINE_MAX_SIZE = 10_000  # as the reference table (OPA takes seconds a run beyond)


# --- timing ---------------------------------------------------------------------------------------

Contestant = tuple[Callable[[], Any], Callable[[], Any] | None]  # the call, and what runs untimed before it


def median_seconds(contestants: dict[str, Contestant], budget: float, least: int = 3, most: int = 200) -> dict[str, float]:
    """The median time of each contestant's call. The calls take turns, round after round (at
    least ``least`` rounds, then more until ``budget`` seconds a contestant are spent), so that
    whatever else the machine is doing weighs on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in contestants}
    spent, rounds = 0.0, 0
    while rounds < least or (spent < budget * len(contestants) and rounds < most):
        for name, (function, before) in contestants.items():
            if before is not None:
                before()
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                function()
                elapsed = time.perf_counter() - start
            finally:
                gc.enable()
            times[name].append(elapsed)
            spent += elapsed
        rounds += 1
    return {name: statistics.median(values) for name, values in times.items()}


# Commands run as an installed package runs: with its modules' bytecode cached (pip compiles what
# it installs; an environment with PYTHONDONTWRITEBYTECODE would compile every module every run).
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def run_process(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user and system) and exit status of one child process, output
    discarded. On a machine shared with other work, the CPU time moves less than the wall time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    status = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=ENVIRONMENT).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, status


# Linux keeps a process's peak memory across fork and exec, so a child of this (large) process
# would report ours: the command is started by a small Python that reports its child's peak.
PEAK = ("import os, resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak_kib(command: list[str], cwd: Path) -> int:
    """The peak resident memory (KiB) of one run of ``command``."""
    out = subprocess.run([sys.executable, "-c", PEAK, *command], cwd=cwd, capture_output=True, text=True, check=True,
                         env=ENVIRONMENT)
    return int(out.stdout.strip())


def median_process(command: list[str], cwd: Path, runs: int, memory: bool = True) -> tuple[float, float, int, int]:
    """Median wall and CPU seconds of ``runs`` runs after one untimed (which caches bytecode),
    peak memory (KiB) of one more, and the exit status."""
    run_process(command, cwd)
    results = [run_process(command, cwd) for _ in range(runs)]
    return (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results),
            peak_kib(command, cwd) if memory else 0, results[-1][2])


def median_processes(commands: dict[str, list[str]], cwd: Path, runs: int) -> dict[str, dict[str, float]]:
    """``median_process`` for several commands taking turns, round after round, so that whatever
    else the machine does weighs on all of them alike: median wall and CPU seconds and the peak
    memory (MiB) of each."""
    for command in commands.values():
        run_process(command, cwd)  # untimed: caches bytecode and the files
    results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            results[name].append(run_process(command, cwd))
    return {name: {"seconds": statistics.median(r[0] for r in rows), "cpu": statistics.median(r[1] for r in rows),
                   "mib": peak_kib(commands[name], cwd) / 1024, "status": rows[-1][2]}
            for name, rows in results.items()}


# --- our evaluator --------------------------------------------------------------------------------

def our_verdicts(report: Any) -> baseline.Verdicts:
    verdicts: baseline.Verdicts = {}
    for result in report.results:
        if result.rule.id in CHECKED:
            verdicts[result.rule.id] = (result.status, [i.identity.get("code") or i.identity["name"] for i in result.items])
    return verdicts


def compare(ours: baseline.Verdicts, theirs: baseline.Verdicts, who: str, where: str) -> None:
    """Same status for each of the ten checks, and the same offenders (as sets: order differs)."""
    for rule in CHECKED:
        a, b = ours[rule], theirs[rule]
        same_offenders = a[0] == "pass" or set(a[1]) == set(b[1])
        if a[0] != b[0] or not same_offenders:
            raise SystemExit(f"{who} disagrees with etf-check on {where}, {rule}: "
                             f"ours {a[0]} {sorted(a[1])[:10]}, theirs {b[0]} {sorted(b[1])[:10]}")


def agree_on_batch(data: Path, with_engines: bool = False) -> int:
    """Check every batch product's verdicts against the baseline's, and every seventh product's
    (all indices and variants) against the engines' (OPA takes a tenth of a second a product);
    how many products were checked."""
    from etf_listing import Loader, evaluate, load_rulebook

    rulebook, loader = load_rulebook(), Loader(root=str(data))
    others = engines() if with_engines else []
    paths = sorted((data / "batch" / "products").glob("*/product.yaml"))
    for number, path in enumerate(paths):
        ours = our_verdicts(evaluate(loader.load_product(str(path)), rulebook))
        case = baseline.load(str(path))
        compare(ours, baseline.check(case), "the baseline", str(path.relative_to(data)))
        for engine in others if number % 7 == 0 else ():
            compare(ours, engine.evaluate(engine.prepare(_with_means(case))), engine.name, str(path.relative_to(data)))
    return len(paths)


def _with_means(case: dict[str, Any]) -> dict[str, Any]:
    """The case with each constituent's 3-month means filled in from its daily data (the engines
    take means), computed by the baseline."""
    means = baseline.means(case, case["product"]["as_of"])
    constituents = [{**c, "market_cap_krw": means[c["code"]][0], "trading_value_krw": means[c["code"]][1]}  # type: ignore[index]
                    for c in case["constituents"]]
    return {**case, "constituents": constituents}


def engines() -> list[Any]:
    from .engines import opa, zen

    return [zen.Engine(), opa.Engine()]


def install_engines() -> None:
    print(f"installing {', '.join(ENGINE_PACKAGES)} ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", *ENGINE_PACKAGES], check=True)


def evaluation(data: Path, sizes: list[int], budget: float, with_engines: bool) -> list[dict[str, Any]]:
    from etf_listing import Loader, evaluate, load_rulebook
    from etf_listing.summaries import forget

    rulebook = load_rulebook()
    # The same rulebook with only the ten rules the baseline and the engines check: like for like
    # (the whole rulebook has six more, the targets are measured on it)
    ten = dataclasses.replace(rulebook, rules=tuple(rule for rule in rulebook.rules if rule.id in CHECKED))
    assert len(ten.rules) == len(CHECKED)
    rows = []
    others = engines() if with_engines else []
    for n in sizes:
        for form in ("means", "daily"):
            path = data / "products" / f"n{n}-{form}" / "product.yaml"
            product = Loader(root=str(data)).load_product(str(path))
            case = baseline.load(str(path))
            where = f"n{n}-{form}"
            ours = our_verdicts(evaluate(product, rulebook))
            compare(ours, baseline.check(case), "the baseline", where)
            compare(our_verdicts(evaluate(product, ten)), ours, "ours with the ten rules only", where)
            row: dict[str, Any] = {"n": n, "form": form, "verdict": "eligible" if all(v[0] == "pass" for v in ours.values()) else
                                   ", ".join(r.split(".")[-1] for r, v in ours.items() if v[0] != "pass")}
            contestants: dict[str, Contestant] = {
                "first": (lambda: evaluate(product, rulebook), lambda: forget(product.index)),
                "shared": (lambda: evaluate(product, rulebook), None),  # right after "first": summarised
                "ten": (lambda: evaluate(product, ten), lambda: forget(product.index)),  # first, ten rules
                "baseline": (lambda: baseline.check(case), None),
            }
            for engine in others:
                if form != "means" or n > ENGINE_MAX_SIZE:
                    continue  # the engines take 3-month means as input, as in the reference table
                prepared = engine.prepare(case)
                compare(ours, engine.evaluate(prepared), engine.name, where)
                contestants[engine.name] = (functools.partial(engine.evaluate, prepared), None)
            row.update(median_seconds(contestants, budget))
            rows.append(row)
            print(f"  evaluation {where}: " + ", ".join(f"{k} {v * 1000:.2f} ms" for k, v in row.items()
                                                      if isinstance(v, float)), file=sys.stderr)
    return rows


# --- processes ------------------------------------------------------------------------------------

def etf_check() -> list[str]:
    return [sys.executable, "-m", "etf_listing"]


def script(name: str) -> list[str]:
    return [sys.executable, str(HERE / f"{name}.py")]


def end_to_end(data: Path, sizes: list[int], runs: int, budget: float) -> list[dict[str, Any]]:
    """Ours, the afternoon script and the columnar floor on one product per size, as cold
    processes taking turns; the floor also warm. The scripts' verdicts are compared with ours."""
    from . import floor

    rows = []
    for n in sizes:
        product = data / "products" / f"n{n}-daily" / "product.yaml"
        out = subprocess.run([*etf_check(), "--format", "json", str(product)], cwd=data, capture_output=True, text=True,
                             env=ENVIRONMENT)
        ours = {r["rule"]: (r["status"], [i.get("code") or i["name"] for i in r["items"]])
                for r in json.loads(out.stdout)["reports"][0]["results"] if r["rule"] in CHECKED}
        for name in ("afternoon", "floor"):
            out = subprocess.run([*script(name), str(product)], cwd=data, capture_output=True, text=True, check=True,
                                 env=ENVIRONMENT)
            theirs = {rule: (status, offenders) for rule, (status, offenders) in json.loads(out.stdout)["verdicts"].items()}
            compare(ours, theirs, f"the {name} script", f"n{n}-daily")
        figures = median_processes({"ours": [*etf_check(), "--format", "json", str(product)],
                                    "afternoon": [*script("afternoon"), str(product)],
                                    "floor": [*script("floor"), str(product)]}, data, runs)
        assert figures["ours"]["status"] in (0, 1), f"etf-check exited {figures['ours']['status']} on {product}"
        warm = median_seconds({"floor": (functools.partial(floor.check, str(product)), None)}, budget)["floor"]
        row = {"n": n, "rows": n * generate.TRADING_DAYS, "warm": warm,
               **{f"{name}_{key}": value for name, f in figures.items() for key, value in f.items()}}
        rows.append(row)
        print(f"  end to end n{n}: ours {row['ours_seconds']:.3f} s ({row['ours_cpu']:.3f} s CPU, {row['ours_mib']:.0f} MiB), "
              f"afternoon {row['afternoon_seconds']:.3f} s, floor {row['floor_seconds']:.3f} s cold, {warm:.3f} s warm",
              file=sys.stderr)
    return rows


def start_up(runs: int) -> dict[str, tuple[float, float]]:
    example = "examples/value-up-passive/product.yaml"
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -c 'import etf_listing'": [sys.executable, "-c", "import etf_listing"],
        "etf-check --version": [*etf_check(), "--version"],
        f"etf-check {example}": [*etf_check(), example],
        f"etf-check --format json {example}": [*etf_check(), "--format", "json", example],
    }
    figures = {}
    for name, command in commands.items():
        seconds, cpu, _, _ = median_process(command, REPOSITORY, runs, False)
        figures[name] = (seconds, cpu)
        print(f"  start-up {name}: {seconds * 1000:.0f} ms ({cpu * 1000:.0f} ms CPU)", file=sys.stderr)
    return figures


def batch(data: Path, runs: int, with_engines: bool) -> list[dict[str, Any]]:
    """The batch in one invocation, in JSON and in text: as a user runs it (``--jobs`` left to
    ``auto``: one process a core on this machine) and in one process (``--jobs 1``). Memory is the
    peak of the run's processes' resident memory added up (``summed_peak_kib``), which for one
    process is its own peak."""
    agreed = agree_on_batch(data, with_engines)
    print(f"  batch: {agreed} products, verdicts agree", file=sys.stderr)
    products = sorted(str(p.relative_to(data)) for p in (data / "batch" / "products").glob("*/product.yaml"))
    commands = {(format_, jobs): [*etf_check(), "--format", format_, "--jobs", jobs, *products]
                for format_ in ("json", "text") for jobs in ("auto", "1")}
    for command in commands.values():
        run_process(command, data)  # untimed: caches bytecode and the files
    # The four runs take turns, round after round, as the other contestants do: the machine's
    # speed moves over minutes, and a format measured in a slow stretch would be blamed for it.
    timed: dict[tuple[str, str], list[tuple[float, float, int]]] = {key: [] for key in commands}
    for _ in range(runs):
        for key, command in commands.items():
            timed[key].append(run_process(command, data))
    rows = []
    for (format_, jobs), command in commands.items():
        results = timed[(format_, jobs)]
        assert all(status in (0, 1) for _, _, status in results), f"etf-check failed on the batch ({format_}, {jobs})"
        seconds, cpu = statistics.median(r[0] for r in results), statistics.median(r[1] for r in results)
        kib = summed_peak_kib(command, data)
        rows.append({"products": len(products), "format": format_, "jobs": jobs, "seconds": seconds, "cpu": cpu,
                     "mib": kib / 1024})
        print(f"  batch of {len(products)} ({format_}, --jobs {jobs}): {seconds:.2f} s ({cpu:.2f} s CPU), "
              f"{kib / 1024:.0f} MiB", file=sys.stderr)
    return rows


def summed_peak_kib(command: list[str], cwd: Path) -> int:
    """The peak (KiB) of the proportional set size (PSS, Linux's ``smaps_rollup``) of ``command``'s
    process and all its descendants added up, sampled every 10 ms: for several processes, their
    memory together, pages they share counted once. Falls back to the largest process's own peak
    where ``/proc`` does not give PSS."""
    return measured(command, cwd)[2]


def measured(command: list[str], cwd: Path) -> tuple[float, float, int, int]:
    """One run of ``command``: wall seconds, CPU seconds of it and its descendants, the peak of
    their memory added up (``summed_peak_kib``) and the exit status."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENVIRONMENT)
    peak = 0
    while process.poll() is None:
        total = 0
        for pid in _tree(process.pid):
            try:
                with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
                    total += next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
            except (OSError, StopIteration, ValueError):
                pass
        peak = max(peak, total)
        time.sleep(0.01)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, (peak or peak_kib(command, cwd)), process.returncode


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, as ``/proc`` lists them now."""
    found, at = [pid], 0
    while at < len(found):
        try:
            with open(f"/proc/{found[at]}/task/{found[at]}/children", encoding="ascii") as children:
                found += [int(child) for child in children.read().split()]
        except OSError:
            pass
        at += 1
    return found


# --- the report -----------------------------------------------------------------------------------

def ratio(value: float, ours: float) -> str:
    return f"{value / ours:.2f}x"


def _evaluation_table(evaluations: list[dict[str, Any]], with_engines: bool) -> list[str]:
    names = ["zen-engine", "opa"] if with_engines else []
    header = ["constituents", "data", "verdict", "ours: first product on the index", "ours: index already summarised",
              "ours: first, the ten rules only", "baseline (float)", "first / baseline", "summarised / baseline",
              "ten rules / baseline",
              *(f"{n} (ratio to ours: first, summarised)" for n in names)]
    lines = ["", "### Evaluation alone (median ms; ratio = that figure / ours)", "",
             "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in evaluations:
        cells = [f"{r['n']:,}", "3-month means" if r["form"] == "means" else "63 days", r["verdict"],
                 f"{r['first'] * 1000:.2f}", f"{r['shared'] * 1000:.2f}", f"{r['ten'] * 1000:.2f}", f"{r['baseline'] * 1000:.2f}",
                 f"{r['first'] / r['baseline']:.2f}", f"{r['shared'] / r['baseline']:.2f}", f"{r['ten'] / r['baseline']:.2f}"]
        for name in names:
            cells.append(f"{r[name] * 1000:.2f} ({ratio(r[name], r['first'])}, {ratio(r[name], r['shared'])})"
                         if name in r else "-")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def installed() -> str:
    """Whether the environment is the default install: pyarrow imports numpy whenever it is
    installed (a tenth of a second of every large check), and numpy comes with the test extras'
    pandas, not with etf-listing's own dependencies."""
    extras = [name for name in ("numpy", "pandas") if importlib.util.find_spec(name) is not None]
    if not extras:
        return "Environment: the default install (`pip install -e .`): neither numpy nor pandas is installed."
    return (f"Environment: not the default install: {' and '.join(extras)} installed beside etf-listing's own "
            "dependencies (pyarrow imports numpy when it can), which slows every check that reads a large file.")


def report(evaluations: list[dict[str, Any]], ends: list[dict[str, Any]], starts: dict[str, tuple[float, float]],
           batches: list[dict[str, Any]], with_engines: bool) -> str:
    lines = [f"Machine: {os.cpu_count()} cores, Python {platform.python_version()} on {platform.system()} {platform.machine()}.",
             "", installed()]
    if evaluations:
        lines += _evaluation_table(evaluations, with_engines)
    if ends:
        lines += ["", "### End to end: one product, 63 days of daily CSV, cold processes taking turns (median seconds)", "",
                  "ours = `etf-check --format json`; afternoon = `benchmarks/afternoon.py` (csv module, floats); "
                  "floor = `benchmarks/floor.py` (pyarrow CSV reader, int64 group sums), cold and warm.", "",
                  "| constituents | CSV rows | ours | ours CPU | afternoon | floor (cold) | floor (warm) "
                  "| ours / afternoon | ours / floor (cold) | peak MiB: ours, afternoon, floor |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for r in ends:
            lines.append(f"| {r['n']:,} | {r['rows']:,} | {r['ours_seconds']:.2f} | {r['ours_cpu']:.2f} | "
                         f"{r['afternoon_seconds']:.2f} | {r['floor_seconds']:.2f} | {r['warm']:.3f} | "
                         f"{r['ours_seconds'] / r['afternoon_seconds']:.2f} | {r['ours_seconds'] / r['floor_seconds']:.2f} | "
                         f"{r['ours_mib']:.0f}, {r['afternoon_mib']:.0f}, {r['floor_mib']:.0f} |")
    if starts:
        lines += ["", "### Start-up (cold process, median ms)", "", "| command | ms | CPU ms |", "|---|---|---|"]
        bare = starts["python -c pass"][0]
        lines[-2:] = ["| command | ms | CPU ms | / `python -c pass` |", "|---|---|---|---|"]
        lines += [f"| `{name}` | {seconds * 1000:.0f} | {cpu * 1000:.0f} | {seconds / bare:.1f}x |"
                  for name, (seconds, cpu) in starts.items()]
    if batches:
        lines += ["", "### Batch: products on ten shared indices (100 to 1,000 issues, 63 days), one invocation", "",
                  "`--jobs auto` is the default (one process a core); memory is the peak of the processes' PSS added up.", "",
                  "| products | format | --jobs | seconds | CPU seconds (all processes) | peak MiB |", "|---|---|---|---|---|---|"]
        lines += [f"| {r['products']:,} | {r['format']} | {r['jobs']} | {r['seconds']:.2f} | {r['cpu']:.2f} | {r['mib']:.0f} |"
                  for r in batches]
    lines += targets(evaluations, ends, starts, batches, with_engines)
    return "\n".join(lines) + "\n"


def targets(evaluations: list[dict[str, Any]], ends: list[dict[str, Any]], starts: dict[str, tuple[float, float]],
            batches: list[dict[str, Any]], with_engines: bool) -> list[str]:
    """The speed targets, each with what this run measured and whether it is met."""
    rows: list[tuple[str, str, bool]] = []
    for r in ends:
        if r["n"] == 10_000:
            a, f = r["ours_seconds"] / r["afternoon_seconds"], r["ours_seconds"] / r["floor_seconds"]
            rows += [("10,000 x 63 end to end within 1.4x of the afternoon script", f"{a:.2f}x ({r['ours_seconds']:.2f} s against "
                      f"{r['afternoon_seconds']:.2f} s)", a <= 1.4),
                     ("10,000 x 63 end to end within 2x of the columnar floor (cold)", f"{f:.2f}x (floor {r['floor_seconds']:.2f} s)",
                      f <= 2),
                     ("10,000 x 63 end to end, peak memory under 200 MiB", f"{r['ours_mib']:.0f} MiB", r["ours_mib"] < 200)]
    if starts:
        bare = starts["python -c pass"][0]
        for name, (seconds, _) in starts.items():
            if name.startswith("etf-check") and "examples/" in name:
                rows.append((f"`{name}` cold within 10x of `python -c pass`", f"{seconds / bare:.1f}x ({seconds * 1000:.0f} ms "
                             f"against {bare * 1000:.0f} ms)", seconds <= 10 * bare))
    for r in batches:
        if r["jobs"] != "auto":
            continue  # the target is for the command as a user runs it
        rows.append((f"{r['products']:,} products on ten shared indices, {r['format']}: under 2.5 s and 400 MiB",
                     f"{r['seconds']:.2f} s, {r['mib']:.0f} MiB", r["seconds"] < 2.5 and r["mib"] < 400))
    for r in evaluations:
        if r["form"] == "means":
            ratio_ = r["first"] / r["baseline"]
            rows.append((f"first evaluation, {r['n']:,} issues, means given: within 1.5x of the float baseline",
                         f"{ratio_:.2f}x", ratio_ <= 1.5))
            if r["n"] == 1_000 and with_engines:
                zen, opa = r["zen-engine"] / r["first"], r["opa"] / r["first"]
                rows += [("first evaluation at 1,000 issues: 10x faster than zen-engine", f"{zen:.1f}x", zen >= 10),
                         ("first evaluation at 1,000 issues: 100x faster than OPA", f"{opa:.0f}x", opa >= 100)]
    if not rows:
        return []
    return ["", "### Targets", "", "| target | measured | |", "|---|---|---|",
            *(f"| {name} | {figure} | {'met' if met else '**missed**'} |" for name, figure, met in rows)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the etf-listing benchmarks and print the figures.")
    parser.add_argument("--data", type=Path, default=generate.DEFAULT_OUT, help="where the generated inputs are")
    parser.add_argument("--sizes", default=",".join(map(str, generate.SIZES)))
    parser.add_argument("--batch", type=int, default=1_000, help="products in the batch (0: skip it)")
    parser.add_argument("--with-engines", action="store_true",
                        help=f"also measure zen-engine and OPA Rego (pip installs {', '.join(ENGINE_PACKAGES)})")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (for a smoke run)")
    parser.add_argument("--only", choices=("evaluation", "end-to-end", "start-up", "batch"), action="append",
                        help="run only these parts (repeatable)")
    parser.add_argument("--output", type=Path, help="also write the tables (Markdown) to this file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    parts = set(args.only or ("evaluation", "end-to-end", "start-up", "batch"))
    budget, runs = (0.05, 1) if args.quick else (1.0, 5)
    stamp = args.data / "generated-by.txt"  # inputs written by another version of the generator are rewritten
    current = generate.fingerprint()
    fresh = stamp.exists() and stamp.read_text(encoding="utf-8") == current
    needed = [n for n in sizes if not fresh or not (args.data / "products" / f"n{n}-daily" / "product.yaml").exists()]
    if needed:
        print(f"generating inputs for {', '.join(map(str, needed))} constituents ...", file=sys.stderr)
        generate.generate_sizes(args.data, needed)
    if "batch" in parts and args.batch and (
            not fresh or len(list((args.data / "batch" / "products").glob("*/product.yaml"))) != args.batch):
        print(f"generating the batch of {args.batch} products ...", file=sys.stderr)
        shutil.rmtree(args.data / "batch", ignore_errors=True)
        generate.generate_batch(args.data, args.batch)
    if not fresh:
        stamp.write_text(current, encoding="utf-8")
    if args.with_engines:
        install_engines()
    # Processes first, while this one is small (forking a large process costs time of its own).
    starts = start_up(max(runs, 3) * 2) if "start-up" in parts else {}
    batches = batch(args.data, max(1, runs // 2), args.with_engines) if "batch" in parts and args.batch else []
    ends = end_to_end(args.data, sizes, runs, budget) if "end-to-end" in parts else []
    evaluations = evaluation(args.data, sizes, budget, args.with_engines) if "evaluation" in parts else []
    text = report(evaluations, ends, starts, batches, args.with_engines)
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
