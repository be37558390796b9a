"""The long fuzz run: the targets of ``tests/fuzz_targets.py`` for as many inputs as asked.

    python -m tests.fuzz --examples 20000                 # hypothesis, every target
    python -m tests.fuzz --examples 5000 --target csv     # one target
    python -m tests.fuzz --engine atheris --runs 100000 --target yaml_bytes   # coverage-guided

The hypothesis engine generates structured inputs (YAML shapes, CSV tables, mutated products
and rulebooks) and stops at the first broken promise with the smallest input it can find. The
atheris engine (``pip install -e '.[fuzz]'``; libFuzzer, guided by the coverage of the loaders,
the compiler and PyYAML) feeds raw bytes, which each target turns into its input. Both print the
number of inputs, the time taken and how the inputs ended; ``docs/robustness.md`` records runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any, Callable

CALLS = [0]
TARGETS = ["yaml_text", "yaml_documents", "yaml_bytes", "csv", "product", "rulebook", "command_line",
           "command_line_rulebook"]


def hypothesis_tests(examples: int, seed: int | None) -> dict[str, Callable[[], None]]:
    from hypothesis import HealthCheck, given, seed as seeded, settings
    from hypothesis import strategies as st

    from . import fuzz_targets as t

    config = settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck),
                      print_blob=True)

    def build(strategy: Any, target: Callable[..., None]) -> Callable[[], None]:
        def one(case: Any) -> None:
            CALLS[0] += 1
            target(*case) if isinstance(case, tuple) else target(case)

        test = config(given(strategy)(one))
        return seeded(seed)(test) if seed is not None else test

    return {
        "yaml_text": build(st.one_of(t.yaml_texts, st.text(max_size=400)), t.yaml_text),
        "yaml_documents": build(t.yaml_documents(), t.yaml_text),
        "yaml_bytes": build(st.one_of(st.binary(max_size=600), t.yaml_texts.map(lambda text: text.encode("utf-8", "replace"))),
                            t.yaml_bytes),
        "csv": build(t.csv_tables().map(lambda c: (c[1], c[0])), t.csv_text),
        "product": build(t.product_file_sets(), t.product_files),
        "rulebook": build(t.mutated_rulebooks(), t.rulebook_text),
        "command_line": build(st.tuples(t.product_file_sets(), st.sampled_from(
            [("--format", "json"), ("--format", "text"), ("--as-of", "0001-01-01")])), t.command_line),
        "command_line_rulebook": build(t.mutated_rulebooks().map(
            lambda text: {**t.BASE_FILES, "rules.yaml": text.encode("utf-8")}), t.command_line),
    }


def run_hypothesis(targets: list[str], examples: int, seed: int | None) -> int:
    from . import fuzz_targets as t

    tests = hypothesis_tests(examples, seed)
    total_inputs, total_time = 0, 0.0
    for name in targets:
        t.OUTCOMES.clear()
        CALLS[0] = 0
        started = time.perf_counter()
        tests[name]()
        elapsed = time.perf_counter() - started
        inputs = CALLS[0]  # inputs run, shrinking included
        total_inputs, total_time = total_inputs + inputs, total_time + elapsed
        outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(t.OUTCOMES.items()))
        print(f"{name}: {inputs} inputs in {elapsed:.0f} s, no broken promise ({outcomes})", flush=True)
    print(f"total: {total_inputs} inputs in {total_time:.0f} s", flush=True)
    return 0


def atheris_input(name: str) -> Callable[[bytes], None]:
    """A target of raw bytes, for libFuzzer."""
    from . import fuzz_targets as t

    def text(data: bytes) -> str:
        return data.decode("utf-8", "replace")

    def files(data: bytes) -> dict[str, bytes]:
        # The first byte picks the file to replace; the rest is its content.
        if not data:
            return dict(t.BASE_FILES)
        names = sorted(t.BASE_FILES)
        return {**t.BASE_FILES, names[data[0] % len(names)]: data[1:]}

    tables = sorted(t.TABLES)
    return {
        "yaml_text": lambda data: t.yaml_text(text(data)),
        "yaml_documents": lambda data: t.yaml_text(text(data)),
        "yaml_bytes": t.yaml_bytes,
        "csv": lambda data: t.csv_text(text(data[1:]), tables[data[0] % len(tables)] if data else "pdf"),
        "product": lambda data: t.product_files(files(data)),
        "rulebook": lambda data: t.rulebook_text(text(data)),
        "command_line": lambda data: t.command_line(files(data)),
        "command_line_rulebook": lambda data: t.command_line({**t.BASE_FILES, "rules.yaml": data}),
    }[name]


def atheris_seeds(name: str) -> list[bytes]:
    """Valid inputs to start from, so that mutations reach past the parsers."""
    from . import fuzz_targets as t

    names = sorted(t.BASE_FILES)
    files = [bytes([i]) + t.BASE_FILES[file] for i, file in enumerate(names)]
    tables = sorted(t.TABLES)
    csvs = {"pdf": t.PDF, "constituents": t.CONSTITUENTS, "market_data": t.MARKET_DATA}
    yaml_seeds = [t.PRODUCT.encode(), t.INDEX.encode(), t.KRX_TEXT.encode()]
    return {
        "yaml_text": yaml_seeds, "yaml_documents": yaml_seeds, "yaml_bytes": yaml_seeds,
        "csv": [bytes([i]) + csvs[table].encode() for i, table in enumerate(tables)],
        "product": files, "command_line": files,
        "rulebook": [t.KRX_TEXT.encode()], "command_line_rulebook": [t.KRX_TEXT.encode()],
    }[name]


def run_atheris(target: str, runs: int, extra: list[str]) -> int:
    import tempfile

    import atheris

    with atheris.instrument_imports():
        import yaml  # noqa: F401

        import etf_listing.cli  # noqa: F401
        import etf_listing.evaluation  # noqa: F401
        import etf_listing.loading.load  # noqa: F401
        import etf_listing.rulebook  # noqa: F401

    from . import fuzz_targets as t

    one_input = atheris_input(target)
    started = time.perf_counter()
    count = [0]

    def test_one_input(data: bytes) -> None:
        one_input(data)
        count[0] += 1
        if count[0] % 10_000 == 0 or count[0] == runs:
            outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(t.OUTCOMES.items()))
            print(f"{target}: {count[0]} inputs in {time.perf_counter() - started:.0f} s ({outcomes})", flush=True)

    corpus = tempfile.mkdtemp(prefix=f"fuzz-{target}-")
    seeds = atheris_seeds(target)
    for i, seed in enumerate(seeds):
        with open(f"{corpus}/seed-{i}", "wb") as stream:
            stream.write(seed)
    longest = max(16384, *(len(seed) + 4096 for seed in seeds))  # a seed cut short is no longer valid
    options = [f"-runs={runs}", f"-max_len={longest}", "-timeout=60", "-rss_limit_mb=4096", *extra]
    atheris.Setup([sys.argv[0], *options, corpus], test_one_input)
    atheris.Fuzz()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engine", choices=("hypothesis", "atheris"), default="hypothesis")
    parser.add_argument("--examples", type=int, default=1000, help="hypothesis: inputs per target")
    parser.add_argument("--runs", type=int, default=100_000, help="atheris: inputs for the target")
    parser.add_argument("--target", action="append", choices=TARGETS, help="a target (default: all; atheris: one)")
    parser.add_argument("--seed", type=int, help="hypothesis: a seed, to repeat a run")
    parser.add_argument("libfuzzer", nargs="*", help="atheris: further libFuzzer options (after --)")
    args = parser.parse_args(argv)
    if args.engine == "atheris":
        if not args.target or len(args.target) != 1:
            parser.error("the atheris engine runs one --target at a time")
        return run_atheris(args.target[0], args.runs, args.libfuzzer)
    return run_hypothesis(args.target or TARGETS, args.examples, args.seed)


if __name__ == "__main__":
    sys.exit(main())
