"""Instructions an evaluation executes, counted by valgrind's callgrind: a measure of work that,
unlike time, does not move with the machine's speed (which moves by half over minutes here), so
two versions of the code can be compared one after the other.

    python -m benchmarks.instructions [--sizes 100,1000] [--runs 10] [--batch]

For each size (the "3-month means" inputs of ``benchmarks.generate``), a child process is run
under callgrind twice, evaluating ``runs`` times and not at all after the same preparation; the
difference over ``runs`` is what one evaluation executes:

- ``first``: the first product on the index (its summary forgotten before each evaluation, as
  ``benchmarks.run`` times it), with the whole rulebook;
- ``summarised``: another product on the index already summarised;
- ``baseline``: the float baseline's ten checks (``benchmarks.baseline.check``).

With ``--batch``, the same for a product of the batch (``benchmarks/data/batch``, its indices read
and summarised before), stage by stage as the run goes through it, each stage with those before:
``load`` (its YAML file and PDF), ``evaluate``, ``write`` (its waivers applied and its part of the
JSON report written) and ``hand back`` (pickled in a worker and unpickled in the parent).

The garbage collector is paused while the evaluations are counted, as ``benchmarks.run`` pauses it
inside each timed call: when a collection falls depends on everything else the process holds.
Each child runs once without callgrind before it is counted, so that both counts of a difference
find the modules' bytecode and the rulebook's parse kept between runs (``rulebook_cache``): a
checkout counted for the first time would otherwise pay the rulebook's parse in one of them.
Needs valgrind; counts include the interpreter's own work (dispatch, allocation), as time does.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"

CHILD = r"""
import dataclasses, gc, sys
sys.path.insert(0, {root!r})
mode, n, k, data, prepared = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
path = f"{{data}}/products/n{{n}}-means/product.yaml"
if mode == "baseline":
    from benchmarks import baseline
    case = baseline.load(path)
    baseline.check(case)
    gc.collect()
    gc.disable()
    for _ in range(k):
        baseline.check(case)
else:
    from etf_listing import Loader, evaluate, load_rulebook
    from etf_listing.summaries import forget
    rulebook = load_rulebook()
    loader = Loader(root=data)
    product = loader.load_product(path)
    evaluate(product, rulebook)
    # (another product on the index: the same file loaded again under another name, its PDF as
    # loaded, a new object each time; as many loaded whether evaluated or not)
    others = [dataclasses.replace(loader.load_product(path), name=f"ETF {{i}}")
              for i in range(prepared if mode == "summarised" else 0)]
    gc.collect()
    gc.disable()  # as benchmarks.run times a call: a collection's turn is not the evaluation's work
    if mode == "first":
        for _ in range(k):
            forget(product.index)
            evaluate(product, rulebook)
    else:
        for other in others[:k]:
            evaluate(other, rulebook)
"""


BATCH_CHILD = r"""
import gc, glob, os, sys
sys.path.insert(0, {root!r})
stage, k, data = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.chdir(data)
from etf_listing import parallel
from etf_listing.checker import Checker, evaluated
from etf_listing.loading.load import Loader
from etf_listing.options import Options
from etf_listing.reporting import written
files = sorted(glob.glob("batch/products/*/product.yaml"))
checker = Checker(Options(format="json"))
rulebook, waivers, options = checker.rulebook(), checker.waivers(), checker.render_options()
loader = Loader()
loader.read_indices(files)
parallel._known.update({{id(known): known for known in (rulebook, *rulebook.rules, *rulebook.versions)}})
parallel._prepare()


def one(file):
    if stage == "load":
        return loader.load_product(file)
    if stage == "evaluate":
        return evaluated(loader.load_product(file), rulebook)
    outcome = written(checker.outcome(loader, file, rulebook, waivers), "json", options, True)
    return outcome if stage == "write" else parallel._unpickled(parallel._pickled(outcome))


for file in files[:20]:  # every index summarised, as a run's process has them after its first products
    one(file)
gc.collect()
gc.disable()
for file in files[20:20 + k]:
    one(file)
"""
BATCH_STAGES = ("load", "evaluate", "write", "hand back")


def batch_child(stage: str, runs: int, data: Path = DATA) -> list[str]:
    """The command of the child process: ``runs`` batch products taken through ``stage``."""
    return [sys.executable, "-c", BATCH_CHILD.format(root=str(ROOT)), stage, str(runs), str(data)]


def child(mode: str, n: int, runs: int, data: Path = DATA, prepared: int = 0) -> list[str]:
    """The command of the child process: ``runs`` evaluations of ``mode`` at size ``n``, after
    loading ``prepared`` other products (``summarised``)."""
    return [sys.executable, "-c", CHILD.format(root=str(ROOT)), mode, str(n), str(runs), str(data), str(prepared)]


def collected(mode: str, n: int, runs: int, data: Path = DATA, prepared: int = 0) -> int:
    """The instructions the child executes, start to end, under callgrind."""
    return counted(child(mode, n, runs, data, prepared))


def counted(command: list[str]) -> int:
    """The instructions ``command`` executes under callgrind, after it has run once without it: so
    that each count finds the modules' bytecode and the rulebook's parse kept (``rulebook_cache``)
    as the other count it is compared with does, whichever runs first."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    subprocess.run(command, capture_output=True, env=env, cwd=ROOT, check=True)
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                          capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"callgrind gave no count:\n{done.stderr}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="constituent counts (default: 100,1000; '': none)")
    parser.add_argument("--runs", type=int, default=10, help="evaluations counted (default: 10)")
    parser.add_argument("--data", type=Path, default=DATA, help="the inputs (default: benchmarks/data)")
    parser.add_argument("--batch", action="store_true", help="also a batch product, stage by stage")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    if not (args.data / "products").is_dir():
        raise SystemExit(f"no benchmark inputs in {args.data}: python -m benchmarks.run writes them")
    if args.batch and not (args.data / "batch" / "products").is_dir():
        raise SystemExit(f"no batch in {args.data}: python -m benchmarks.run --only batch writes it")
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    if sizes:
        print("| constituents | first | summarised | baseline (float) | first / baseline |")
        print("|---|---|---|---|---|")
    for n in sizes:
        counts = {mode: (collected(mode, n, args.runs, args.data, args.runs)
                         - collected(mode, n, 0, args.data, args.runs)) / args.runs
                  for mode in ("first", "summarised", "baseline")}
        print(f"| {n:,} | {counts['first'] / 1e6:.2f}M | {counts['summarised'] / 1e6:.2f}M | "
              f"{counts['baseline'] / 1e6:.2f}M | {counts['first'] / counts['baseline']:.2f} |", flush=True)
    if args.batch:
        print("\n| a batch product, through | instructions | the stage's own |")
        print("|---|---|---|")
        before = 0.0
        for stage in BATCH_STAGES:
            count = (counted(batch_child(stage, args.runs, args.data)) - counted(batch_child(stage, 0, args.data))) / args.runs
            print(f"| {stage} | {count / 1e6:.2f}M | {(count - before) / 1e6:.2f}M |", flush=True)
            before = count
    return 0


if __name__ == "__main__":
    sys.exit(main())
