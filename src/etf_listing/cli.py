"""``etf-check``: evaluate product files against a rulebook and report.

The command only wires the layers: it parses arguments, loads each product (a file that cannot be
read is reported and the others are still evaluated), evaluates, renders, and sets the exit status:
0 every product eligible, 1 at least one not eligible, 2 something could not be evaluated.
Heavy modules are imported after the arguments are parsed, so ``--version`` and ``--help`` are quick.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from decimal import Decimal

from . import __version__

EXIT_ELIGIBLE, EXIT_NOT_ELIGIBLE, EXIT_INVALID = 0, 1, 2

# Subcommands: `etf-check NAME ...` runs ``main(argv) -> int`` of the module named here. Anything
# else is the check itself (`etf-check [options] FILE...`); a product file that happens to be named
# like a command is still checked when written as a path (./schema).
COMMANDS: dict[str, str] = {
    "rules": "etf_listing.commands.rules",
    "explain": "etf_listing.commands.explain",
    "test": "etf_listing.commands.testing",
}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _fraction(text: str) -> "Decimal":
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"'{text}' is not a fraction (0.1 or 10%)") from None
    if not value.is_finite() or not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not between 0 and 1")
    return value


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
    p.add_argument("--waivers", metavar="FILE", help="a waiver file (kind: etf-waivers): approved exceptions, reported as waived")
    p.add_argument("--near-miss", type=_fraction, default=None, metavar="FRACTION",
                   help="warn about passes this close to their threshold (default 0.10: within 10%%; for shares, "
                        "of the room between the threshold and 0%% or 100%%)")
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
    from .errors import InputError, Location, Problem
    from .evaluation import evaluate
    from .loading.load import Loader
    from .reporting import REPORTERS, Outcome, RenderOptions
    from .rulebook import NoVersionInForce, load_rulebook

    try:
        rulebook = load_rulebook(args.rules)
    except InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    waivers: tuple = ()
    if args.waivers:
        from .waivers import load_waivers

        try:
            waivers = load_waivers(args.waivers)
        except InputError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            return EXIT_INVALID
    loader = Loader(root=args.root)
    outcomes = []
    for file in args.files:
        try:
            product = loader.load_product(file)
            report = evaluate(product, rulebook, args.as_of, waivers=waivers)
        except InputError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            outcomes.append(Outcome(os.path.normpath(file), problems=error.problems))
            continue
        except NoVersionInForce as error:
            where = product.locations.get("as_of") if args.as_of is None else None
            problem = Problem(where or Location(product.file), str(error), "choose another --as-of",
                              ko=f"평가일에 시행 중인 규정집 버전이 없습니다: {error}", hint_ko="다른 --as-of를 지정하세요")
            print(problem, file=sys.stderr)
            outcomes.append(Outcome(product.file, problems=(problem,)))
            continue
        if args.format != "text":  # the text report shows notices itself
            for notice in report.notices:
                print(f"warning: {notice.text()}", file=sys.stderr)
        outcomes.append(Outcome(product.file, report=report))
    color = args.format == "text" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    options = RenderOptions(color=color) if args.near_miss is None else RenderOptions(color=color, near_miss=args.near_miss)
    sys.stdout.write(REPORTERS[args.format](outcomes, options))
    if any(o.report is None for o in outcomes):
        return EXIT_INVALID
    return EXIT_ELIGIBLE if all(o.report is not None and o.report.eligible for o in outcomes) else EXIT_NOT_ELIGIBLE
