"""Instructions an evaluation executes, counted by valgrind's callgrind: a measure of work that,
unlike time, does not move with the machine's speed (which moves by half over minutes here), so
two versions of the code can be compared one after the other.

    python -m benchmarks.instructions [--sizes 100,1000] [--runs 10]

For each size (the "3-month means" inputs of ``benchmarks.generate``), a child process is run
under callgrind twice, evaluating ``runs`` times and not at all after the same preparation; the
difference over ``runs`` is what one evaluation executes:

- ``first``: the first product on the index (its summary forgotten before each evaluation, as
  ``benchmarks.run`` times it), with the whole rulebook;
- ``summarised``: another product on the index already summarised;
- ``baseline``: the float baseline's ten checks (``benchmarks.baseline.check``).

The garbage collector is paused while the evaluations are counted, as ``benchmarks.run`` pauses it
inside each timed call: when a collection falls depends on everything else the process holds.
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
mode, n, k, data = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
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
    product = Loader(root=data).load_product(path)
    evaluate(product, rulebook)
    # (another product on the index: the same one under another name, a new object each time)
    others = [dataclasses.replace(product, name=f"ETF {{i}}", pdf=tuple(product.pdf))
              for i in range(k if mode == "summarised" else 0)]
    gc.collect()
    gc.disable()  # as benchmarks.run times a call: a collection's turn is not the evaluation's work
    if mode == "first":
        for _ in range(k):
            forget(product.index)
            evaluate(product, rulebook)
    else:
        for other in others:
            evaluate(other, rulebook)
"""


def child(mode: str, n: int, runs: int, data: Path = DATA) -> list[str]:
    """The command of the child process: ``runs`` evaluations of ``mode`` at size ``n``."""
    return [sys.executable, "-c", CHILD.format(root=str(ROOT)), mode, str(n), str(runs), str(data)]


def collected(mode: str, n: int, runs: int, data: Path = DATA) -> int:
    """The instructions the child executes, start to end, under callgrind."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *child(mode, n, runs, data)],
                          capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"callgrind gave no count:\n{done.stderr}")
    return int(found.group(1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="constituent counts (default: 100,1000)")
    parser.add_argument("--runs", type=int, default=10, help="evaluations counted (default: 10)")
    parser.add_argument("--data", type=Path, default=DATA, help="the inputs (default: benchmarks/data)")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    if not (args.data / "products").is_dir():
        raise SystemExit(f"no benchmark inputs in {args.data}: python -m benchmarks.run writes them")
    print("| constituents | first | summarised | baseline (float) | first / baseline |")
    print("|---|---|---|---|---|")
    for n in (int(size) for size in args.sizes.split(",")):
        counts = {mode: (collected(mode, n, args.runs, args.data) - collected(mode, n, 0, args.data)) / args.runs
                  for mode in ("first", "summarised", "baseline")}
        print(f"| {n:,} | {counts['first'] / 1e6:.2f}M | {counts['summarised'] / 1e6:.2f}M | "
              f"{counts['baseline'] / 1e6:.2f}M | {counts['first'] / counts['baseline']:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
