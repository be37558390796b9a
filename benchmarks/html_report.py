"""The HTML report's costs: the page for the 10,000-constituent index and for 1,000 products (size,
and the time ``etf-check --format html --output`` takes, beside ``--format json``), and the two ways
of drawing its charts that were weighed (our SVG module, or matplotlib's SVG backend): start-up
time, bytes of the same chart, and whether its text stays text.

``python -m benchmarks.html_report [--matplotlib PYTHON] [--runs N] [--only pages|charts]`` (the inputs come from
``benchmarks.generate``, written on first use). ``--matplotlib`` names a Python that has matplotlib
installed (it is not a dependency of the project: the comparison needs it, the report does not).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import generate

DATA = generate.DEFAULT_OUT
MATPLOTLIB_CHART = r'''
import json, sys, io, time
started = time.perf_counter()
import matplotlib
matplotlib.use("svg")
import matplotlib.pyplot as plt
imported = time.perf_counter() - started
rows, limit, fonttype = json.load(sys.stdin)
plt.rcParams["svg.fonttype"] = fonttype
plt.rcParams["font.family"] = ["DejaVu Sans", "Noto Sans CJK JP"]
plt.rcParams["svg.hashsalt"] = "etf-listing"
figure, axes = plt.subplots(figsize=(6.4, 0.18 * len(rows) + 0.5))
labels = [r[0] for r in rows][::-1]
values = [r[1] for r in rows][::-1]
colours = ["#c62828" if r[2] else "#5b7db1" for r in rows][::-1]
axes.barh(labels, values, color=colours)
axes.axvline(limit, color="#c62828", linestyle="--")
figure.tight_layout()
out = io.StringIO()
figure.savefig(out, format="svg", metadata={"Date": None})
print(json.dumps({"import_s": imported, "bytes": len(out.getvalue().encode()),
                  "text_elements": out.getvalue().count("<text")}))
'''


def timed(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``command`` over ``runs`` runs."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def pages(runs: int) -> list[str]:
    check = [sys.executable, "-m", "etf_listing"]
    lines = ["| page | products | HTML size | HTML wall s | HTML CPU s | JSON size | JSON wall s | JSON CPU s |",
             "|---|--:|--:|--:|--:|--:|--:|--:|"]
    with tempfile.TemporaryDirectory() as folder:
        for name, target, count, repeat in (
                ("10,000-constituent index, 63 days of daily CSV", DATA / "products/n10000-daily/product.yaml", 1, runs),
                ("1,000 products on ten shared indices", DATA / "batch/products", 1000, 1)):
            row = [name, f"{count:,}"]
            for form in ("html", "json"):
                output = Path(folder) / f"report.{form}"
                wall, cpu = timed([*check, "--format", form, "--output", str(output), str(target)], repeat)
                row += [f"{output.stat().st_size / 1e6:.2f} MB", f"{wall:.2f}", f"{cpu:.2f}"]
            lines.append("| " + " | ".join(row) + " |")
    return lines


def start_up(python: str, statement: str, runs: int) -> float:
    script = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    return statistics.median(float(subprocess.run([python, "-c", script], capture_output=True, text=True,
                                                  check=True).stdout) for _ in range(runs)) * 1000


def charts(matplotlib: str | None, runs: int) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "report.html"
        subprocess.run([sys.executable, "-m", "etf_listing", "--format", "html", "--output", str(page),
                        str(DATA / "products/n10000-daily/product.yaml")], check=False, stdout=subprocess.DEVNULL)
        text = page.read_text(encoding="utf-8")
    ours = re.search(r"<svg .*?</svg>", text, re.S).group(0)  # type: ignore[union-attr]  # the 30% chart
    rows = [(re.sub(r"<[^>]+>", "", label), float(width), "offender" in kind)
            for kind, label, width in re.findall(r'<g class="(row[^"]*)"><text class="label"[^>]*>(.*?)</text>'
                                                 r'<rect class="bar" x="\d+" y="[\d.]+" width="([\d.]+)"', ours)]
    lines = ["| charts drawn by | import ms (cold process, median) | bytes of the 30% chart, 10,000 issues | text elements (selectable, read aloud, page font) |",
             "|---|--:|--:|--:|"]
    lines.append(f"| our SVG module (`etf_listing.reporting.html.svg`) | "
                 f"{start_up(sys.executable, 'import etf_listing.reporting.html.svg', runs):.1f} | {len(ours.encode()):,} | "
                 f"{ours.count('<text')} |")
    lines.append(f"| Jinja2 (the template engine, needed either way) | {start_up(sys.executable, 'import jinja2', runs):.1f} | - | - |")
    if matplotlib:
        limit = float(re.search(r'<line class="limit" x1="([\d.]+)"', ours).group(1))  # type: ignore[union-attr]
        imports = []
        for fonttype in ("path", "none"):
            measured = []
            for _ in range(runs):
                done = subprocess.run([matplotlib, "-c", MATPLOTLIB_CHART], input=json.dumps([rows, limit, fonttype]),
                                      capture_output=True, text=True, check=True)
                measured.append(json.loads(done.stdout.strip().splitlines()[-1]))
            imports += [m["import_s"] for m in measured]
            lines.append(f"| matplotlib SVG backend, svg.fonttype={fonttype} | {statistics.median(m['import_s'] for m in measured) * 1000:.1f} | "
                         f"{measured[0]['bytes']:,} | {measured[0]['text_elements']} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--matplotlib", metavar="PYTHON", help="a Python with matplotlib, to compare its SVG charts")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=("pages", "charts"), help="measure one of the two")
    args = parser.parse_args(argv)
    if not (DATA / "products/n10000-daily/product.yaml").exists() or not (DATA / "batch/products").exists():
        generate.main(["--sizes", "10000", "--batch", "1000"])
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}\n")
    if args.only != "charts":
        print("\n".join(pages(args.runs)) + "\n")
    if args.only != "pages":
        print("\n".join(charts(args.matplotlib, max(args.runs, 5))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
