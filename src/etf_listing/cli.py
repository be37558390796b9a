"""``etf-check``: evaluate product files against a rulebook and report.

The command only wires the layers: it finds the product files (named, in directories, or affected
by a change), loads each product (a file that cannot be read is reported and the others are still
evaluated), evaluates, renders in the chosen format and language, and sets the exit status:
0 every product eligible, 1 at least one not eligible, 2 something could not be evaluated.
Heavy modules are imported after the arguments are parsed, so ``--version`` and ``--help`` are quick.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import os
import sys
from typing import TYPE_CHECKING, Any, Callable, Sequence

if TYPE_CHECKING:
    from decimal import Decimal

from . import __version__
from .language import LANGUAGES, choose
from .reporting import REPORTERS

EXIT_ELIGIBLE, EXIT_NOT_ELIGIBLE, EXIT_INVALID = 0, 1, 2

# Subcommands: `etf-check NAME ...` runs ``main(argv) -> int`` of the module named here. Anything
# else is the check itself (`etf-check [options] FILE...`); a product file that happens to be named
# like a command is still checked when written as a path (./schema).
COMMANDS: dict[str, str] = {
    "rules": "etf_listing.commands.rules",
    "explain": "etf_listing.commands.explain",
    "test": "etf_listing.commands.testing",
    "schema": "etf_listing.commands.schema",
    "watch": "etf_listing.commands.watch",
    "screen": "etf_listing.commands.screen",
}


def _dates(lang: str) -> Callable[[str], dt.date]:
    def date(text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}'은(는) 존재하는 날짜(YYYY-MM-DD)가 아닙니다" if lang == "ko"
                                             else f"'{text}' is not a date (YYYY-MM-DD)") from None
    return date


def _fraction(text: str) -> "Decimal":
    from decimal import Decimal, InvalidOperation

    try:
        value = Decimal(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"'{text}' is not a fraction (0.1 or 10%)") from None
    if not value.is_finite() or not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not between 0 and 1")
    return value


def _language(arguments: Sequence[str]) -> str:
    """The language asked for, before the arguments are parsed (so that parsing speaks it)."""
    for n, argument in enumerate(arguments):
        if argument == "--lang" and n + 1 < len(arguments):
            return choose(arguments[n + 1])
        if argument.startswith("--lang="):
            return choose(argument.partition("=")[2])
    return choose()


def parser(lang: str = "en") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="etf-check",
        description="Check ETF product files against a stock exchange's listing requirements (default: KRX new listing).",
        epilog="Exit status: 0 all eligible, 1 at least one not eligible, 2 input or rulebook could not be evaluated. "
               f"Other commands: {', '.join(f'etf-check {name}' for name in COMMANDS)} (each with --help).",
    )
    p.add_argument("files", nargs="*", metavar="PATH",
                   help="product files (kind: etf-product), or directories to search for them")
    p.add_argument("--format", choices=tuple(REPORTERS), default="text", help="report format (default: text)")
    p.add_argument("--output", metavar="FILE", help="write the report to FILE (UTF-8) instead of standard output")
    p.add_argument("--lang", choices=LANGUAGES,
                   help="language of the report and messages (default: Korean when the locale is ko_*, else English)")
    p.add_argument("--rules", default=None, metavar="NAME_OR_PATH",
                   help="a shipped rulebook by name, or a rulebook file (default: the one the product file names "
                        "with rulebook:, else krx-etf-listing)")
    p.add_argument("--as-of", type=_dates(lang), metavar="YYYY-MM-DD", help="evaluation date; overrides the product's as_of")
    p.add_argument("--waivers", metavar="FILE", help="a waiver file (kind: etf-waivers): approved exceptions, reported as waived")
    p.add_argument("--near-miss", type=_fraction, default=None, metavar="FRACTION",
                   help="warn about passes this close to their threshold (default 0.10: within 10%%; for shares, "
                        "of the room between the threshold and 0%% or 100%%)")
    p.add_argument("--root", metavar="DIR",
                   help="files a product refers to must lie under DIR (default: the working directory, "
                        "or the product's directory when it is outside it)")
    p.add_argument("--changed", action="store_true",
                   help="PATHs are changed files (as pre-commit passes them): check the product files among "
                        "them and every product under --root (default: the working directory) that refers to one")
    p.add_argument("--fail-on", choices=("at_risk",), default=None,
                   help="also exit 1 when a rule is at_risk (a running clock or a designation in force)")
    p.add_argument("--version", action="version", version=f"etf-check {__version__}")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in COMMANDS:
        import importlib

        return int(importlib.import_module(COMMANDS[arguments[0]]).main(arguments[1:]))
    lang = _language(arguments)
    args = parser(lang).parse_args(arguments)
    args.lang = choose(args.lang)
    if not args.files:
        parser(lang).print_usage(sys.stderr)
        print("etf-check: error: " + ("상품 파일을 하나 이상 지정하세요" if args.lang == "ko" else "name at least one product file"),
              file=sys.stderr)
        return EXIT_INVALID
    return guarded(args)


def guarded(args: argparse.Namespace) -> int:
    """``run``, where a closed pipe or a bug ends the command with one line and exit status 2."""
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
    try:
        return _run(args)
    finally:
        gc.unfreeze()  # what _evaluated set aside, for a caller that runs the command in its own process


def _run(args: argparse.Namespace) -> int:
    from .errors import InputError, Location, Problem
    from .reporting import Outcome, RenderOptions

    lang = args.lang
    if args.format == "html":  # an optional dependency: say how to add it before any work is done
        from .reporting.html import MISSING, available

        if not available():
            print(f"etf-check: error: {MISSING[lang]}", file=sys.stderr)
            return EXIT_INVALID
    selected = _selected(args)
    outcomes: list[Outcome] = []
    if any(isinstance(entry, str) for entry in selected):  # a commit that touches no product costs the hook nothing
        try:
            outcomes = _evaluated(selected, args)
        except InputError as error:  # the rulebook
            for problem in error.problems:
                print(problem.text(lang), file=sys.stderr)
            return EXIT_INVALID
    else:
        outcomes = list(selected)
    for outcome in outcomes:
        for problem in outcome.problems:
            print(problem.text(lang), file=sys.stderr)
    color = args.format == "text" and not args.output and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    options = RenderOptions(lang=lang, color=color)
    if args.near_miss is not None:
        options = RenderOptions(lang=lang, color=color, near_miss=args.near_miss)
    rendered = REPORTERS[args.format](outcomes, options)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as handle:
                handle.write(rendered)
        except OSError as error:
            problem = Problem(Location(args.output), f"cannot be written: {error.strerror}",
                              ko=f"쓸 수 없습니다: {error.strerror}")
            print(problem.text(lang), file=sys.stderr)
            return EXIT_INVALID
    else:
        sys.stdout.write(rendered)
    if any(o.report is None for o in outcomes):
        return EXIT_INVALID
    blocking = ("at_risk",) if getattr(args, "fail_on", None) == "at_risk" else ()
    if any(r.status in blocking for o in outcomes if o.report is not None for r in o.report.results):
        return EXIT_NOT_ELIGIBLE
    return EXIT_ELIGIBLE if all(o.report is not None and o.report.eligible for o in outcomes) else EXIT_NOT_ELIGIBLE


def _evaluated(selected: list[Any], args: argparse.Namespace) -> list[Any]:
    """Each selected product loaded and evaluated (a file that cannot be read becomes an outcome
    with its problems); raises InputError when the rulebook or the waiver file cannot be loaded."""
    from .errors import InputError
    from .evaluation import evaluate
    from .loading.load import Loader
    from .progress import progress
    from .reporting import Outcome
    from .rulebook import DEFAULT_RULEBOOK, load_rulebook
    from .waivers import load_waivers
    from .watch.choice import RulebookChoice

    default = getattr(args, "default_rules", None) or DEFAULT_RULEBOOK
    rulebook = load_rulebook(args.rules or default)
    chosen = RulebookChoice(rulebook if args.rules else None, default, rulebook if not args.rules else None)
    waivers = load_waivers(args.waivers) if args.waivers else ()
    loader = Loader(root=args.root)  # products that share an index read it once
    outcomes = []
    files = [entry for entry in selected if isinstance(entry, str)]
    with progress(files, sys.stderr, args.lang) as advance:
        for entry in selected:
            if isinstance(entry, Outcome):
                outcomes.append(entry)
                continue
            advance(entry)
            try:
                product = loader.load_product(entry)
            except InputError as error:
                outcomes.append(Outcome(os.path.normpath(entry), problems=error.problems))
                continue
            try:
                product_rulebook = chosen.for_product(product)
            except InputError as error:
                outcomes.append(Outcome(product.file, problems=error.problems))
                continue
            period = getattr(args, "period", None)
            try:
                if period is not None:  # etf-check watch --from --to: the timeline, and the state at its end
                    from .watch.timeline import watch_period

                    report, timeline = watch_period(product, product_rulebook, *period)
                    if waivers:
                        from .waivers import apply_waivers

                        report = apply_waivers(report, waivers, dt.date.today())
                else:
                    report, timeline = evaluate(product, product_rulebook, args.as_of, waivers=waivers), None
            except Exception as error:  # noqa: BLE001 - a bug: reported on its file, the others still run
                problem = _internal(error, product, dated_by_option=args.as_of is not None)
                if problem is None:
                    raise
                outcomes.append(Outcome(product.file, problems=(problem,)))
                continue
            if args.format != "text":  # the text report shows notices itself
                for notice in report.notices:
                    print(("경고: " if args.lang == "ko" else "warning: ") + notice.text(args.lang), file=sys.stderr)
            outcomes.append(Outcome(product.file, report=report, timeline=timeline))
            # What a product loaded and its report stay until the reports are written; the cyclic
            # garbage collector would rescan all of it as more products load (a second of a 1,000-
            # product run), so the command sets it aside (run() gives it back). Evaluation leaves
            # no reference cycles (a test checks), so nothing collectable is set aside with it.
            gc.freeze()
    return outcomes


def _internal(error: Exception, product: Any, dated_by_option: bool) -> Any:
    """The problem to report for ``error`` met while evaluating ``product``: no version of the
    rulebook for its date, or a bug (None when ETF_LISTING_TRACEBACK asks to see the traceback)."""
    from .errors import Location, Problem
    from .rulebook import NoVersionInForce

    if isinstance(error, NoVersionInForce):
        where = None if dated_by_option else product.locations.get("as_of")
        return Problem(where or Location(product.file), str(error), "choose another --as-of",
                       ko=f"평가일에 시행 중인 규정집 버전이 없습니다: {error}", hint_ko="다른 --as-of를 지정하세요")
    if os.environ.get("ETF_LISTING_TRACEBACK"):
        return None
    return Problem(Location(product.file), f"internal error: {_described(error)}",
                   "this is a bug in etf-check; please report it with this file (ETF_LISTING_TRACEBACK=1 shows where)",
                   ko=f"내부 오류: {_described(error)}",
                   hint_ko="etf-check의 버그입니다. 이 파일과 함께 알려 주십시오(ETF_LISTING_TRACEBACK=1로 위치를 볼 수 있습니다)")


def _selected(args: argparse.Namespace) -> list[Any]:
    """What to check, in order: product files, and the outcome of a directory without any.
    A file named is always checked; a directory stands for the product files under it; a file
    named twice (or also found in a directory named) is checked once."""
    from .discovery import affected_products, product_files
    from .errors import Location, Problem
    from .reporting import Outcome

    if args.changed:
        rulebook_files = [args.rules] if args.rules and os.path.isfile(args.rules) else []
        return list(affected_products(args.files, args.root or os.curdir, also=rulebook_files))
    selected: list[Any] = []
    seen: set[str] = set()
    for path in args.files:
        if not os.path.isdir(path):
            found = [path]
        else:
            found = product_files(path)
            if not found:
                where = os.path.normpath(path)
                selected.append(Outcome(where, problems=(Problem(
                    Location(where), "no product files (kind: etf-product) in this directory",
                    "a product file is a .yaml or .yml file with the line kind: etf-product",
                    ko="이 디렉터리에 상품 파일(kind: etf-product)이 없습니다",
                    hint_ko="상품 파일은 kind: etf-product 줄이 있는 .yaml 또는 .yml 파일입니다"),)))
        for file in found:
            if os.path.normpath(file) not in seen:
                seen.add(os.path.normpath(file))
                selected.append(file)
    return selected
