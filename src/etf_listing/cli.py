"""``etf-check``: evaluate product files against a rulebook and report.

The command only wires the layers: it parses arguments, loads each product (a file that cannot be
read is reported and the others are still evaluated), evaluates, renders, and sets the exit status:
0 every product eligible, 1 at least one not eligible, 2 something could not be evaluated.
Heavy modules are imported after the arguments are parsed, so ``--version`` and ``--help`` are quick.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
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
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show Korean gets escapes, not a crash
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        return run(args)
    except BrokenPipeError:  # the reader went away (etf-check ... | head): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_INVALID
    except Exception as error:  # a bug, not the input's fault: one line and the contract's status
        if os.environ.get("ETF_LISTING_TRACEBACK"):
            raise
        print(f"etf-check: internal error: {_described(error)} (please report it; "
              "set ETF_LISTING_TRACEBACK=1 to see where)", file=sys.stderr)
        return EXIT_INVALID


def _described(error: BaseException) -> str:
    from .errors import printable, shortened

    return shortened(printable(f"{type(error).__name__}: {error}"))


def run(args: argparse.Namespace) -> int:
    from .errors import InputError, Location, Problem
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
            report = evaluate(product, rulebook, args.as_of)
        except InputError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            outcomes.append(Outcome(os.path.normpath(file), problems=error.problems))
            continue
        except Exception as error:  # a bug: reported on its file, the others still run
            if os.environ.get("ETF_LISTING_TRACEBACK"):
                raise
            problem = Problem(Location(os.path.normpath(file)), f"internal error: {_described(error)}",
                              "this is a bug in etf-check; please report it with this file "
                              "(ETF_LISTING_TRACEBACK=1 shows where)",
                              ko=f"내부 오류: {_described(error)}",
                              hint_ko="etf-check의 버그입니다. 이 파일과 함께 알려 주십시오(ETF_LISTING_TRACEBACK=1로 위치를 볼 수 있습니다)")
            print(problem, file=sys.stderr)
            outcomes.append(Outcome(os.path.normpath(file), problems=(problem,)))
            continue
        outcomes.append(Outcome(product.file, report=report))
    color = args.format == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    options = RenderOptions(color=color)
    sys.stdout.write(REPORTERS[args.format](outcomes, options))
    if any(o.report is None for o in outcomes):
        return EXIT_INVALID
    return EXIT_ELIGIBLE if all(o.report is not None and o.report.eligible for o in outcomes) else EXIT_NOT_ELIGIBLE
