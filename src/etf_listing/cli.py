"""``etf-check``: evaluate product files against a rulebook and report.

The command only wires the layers: it parses arguments, loads each product (a file that cannot be
read is reported and the others are still evaluated), evaluates, renders, and sets the exit status:
0 every product eligible, 1 at least one not eligible, 2 something could not be evaluated.
Heavy modules are imported after the arguments are parsed, so ``--version`` and ``--help`` are quick.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import sys
from typing import Sequence

from . import __version__

EXIT_ELIGIBLE, EXIT_NOT_ELIGIBLE, EXIT_INVALID = 0, 1, 2

# Subcommands: `etf-check NAME ...` runs ``main(argv) -> int`` of the module named here. Anything
# else is the check itself (`etf-check [options] FILE...`); a product file that happens to be named
# like a command is still checked when written as a path (./schema).
COMMANDS: dict[str, str] = {}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="etf-check",
        description="Check ETF product files against a stock exchange's listing requirements (default: KRX new listing).",
        epilog="Exit status: 0 all eligible, 1 at least one not eligible, 2 input or rulebook could not be evaluated.",
    )
    p.add_argument("files", nargs="*", metavar="FILE", help="product files (kind: etf-product)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="report format (default: text)")
    p.add_argument("--rules", default="krx-etf-listing", metavar="NAME_OR_PATH",
                   help="a shipped rulebook by name, or a rulebook file (default: krx-etf-listing)")
    p.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", help="evaluation date; overrides the product's as_of")
    p.add_argument("--root", metavar="DIR",
                   help="files a product refers to must lie under DIR (default: the working directory, "
                        "or the product's directory when it is outside it)")
    p.add_argument("--version", action="version", version=f"etf-check {__version__}")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in COMMANDS:
        import importlib

        return int(importlib.import_module(COMMANDS[arguments[0]]).main(arguments[1:]))
    args = parser().parse_args(arguments)
    if not args.files:
        parser().print_usage(sys.stderr)
        print("etf-check: error: name at least one product file", file=sys.stderr)
        return EXIT_INVALID
    return run(args)


def run(args: argparse.Namespace) -> int:
    from .errors import InputError
    from .evaluate import evaluate
    from .loading.load import Loader
    from .reporting import REPORTERS, Outcome, RenderOptions
    from .rulebook import load_rulebook

    try:
        rulebook = load_rulebook(args.rules)
    except InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    loader = Loader(root=args.root)
    outcomes = []
    for file in args.files:
        try:
            product = loader.load_product(file)
        except InputError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            outcomes.append(Outcome(os.path.normpath(file), problems=error.problems))
            continue
        outcomes.append(Outcome(product.file, report=evaluate(product, rulebook, args.as_of)))
        # What a product loaded and its report stay until the reports are written; the cyclic
        # garbage collector would rescan all of it as more products load (a second of a 1,000-
        # product run), so the command sets it aside. Evaluation leaves no reference cycles (a
        # test checks), so nothing collectable is set aside with it.
        gc.freeze()
    color = args.format == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    options = RenderOptions(color=color)
    sys.stdout.write(REPORTERS[args.format](outcomes, options))
    gc.unfreeze()  # for a caller that runs the command in its own process
    if any(o.report is None for o in outcomes):
        return EXIT_INVALID
    return EXIT_ELIGIBLE if all(o.report is not None and o.report.eligible for o in outcomes) else EXIT_NOT_ELIGIBLE
