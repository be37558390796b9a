"""``etf-check``: evaluate product files against a rulebook and report.

The command only wires the layers: it parses the options once (``etf_listing.options``), hands them
to a ``Checker`` (``etf_listing.checker``: find the product files, load, evaluate, apply waivers,
render) and sets the exit status: 0 every product eligible, 1 at least one not eligible, 2
something could not be evaluated. Heavy modules are imported after the arguments are parsed, so
``--version`` and ``--help`` are quick.

Every command, the check and each subcommand of ``COMMANDS``, runs inside ``guarded``: a terminal
that cannot show Korean gets escapes, a problem with an input is printed where it is, a reader that
goes away (``etf-check ... | head``) ends the run quietly, and a bug is one line on standard error
with exit status 2, never a traceback (``ETF_LISTING_TRACEBACK=1`` shows it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
from typing import TYPE_CHECKING, Callable, Sequence

from . import __version__
from .options import (EXIT_ELIGIBLE, EXIT_INVALID, EXIT_NOT_ELIGIBLE, Options, add_as_of, add_fail_on, add_jobs,
                      add_language, add_root, add_rulebook, fraction, language_of, parse)
from .reporting import REPORTERS

if TYPE_CHECKING:
    from .errors import Problem

# Subcommands: `etf-check NAME ...` runs ``main(argv) -> int`` of the module named here, inside the
# same safeguards as the check (``guarded``). Anything else is the check itself (`etf-check
# [options] FILE...`); a product file that happens to be named like a command is still checked when
# written as a path (./schema).
COMMANDS: dict[str, str] = {
    "rules": "etf_listing.commands.rules",
    "explain": "etf_listing.commands.explain",
    "test": "etf_listing.commands.testing",
    "schema": "etf_listing.commands.schema",
    "screen": "etf_listing.commands.screen",
    "watch": "etf_listing.commands.watch",
    "import": "etf_listing.commands.import_",
}

__all__ = ["COMMANDS", "EXIT_ELIGIBLE", "EXIT_INVALID", "EXIT_NOT_ELIGIBLE", "guarded", "main", "parser", "run"]


def parser(lang: str = "en") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="etf-check",
        description="Check ETF product files against a stock exchange's listing requirements (default: KRX new listing).",
        epilog="Exit status: 0 all eligible, 1 at least one not eligible, 2 input or rulebook could not be evaluated. "
               f"Other commands: {', '.join(f'etf-check {name}' for name in COMMANDS)} (each with --help).",
    )
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="product files (kind: etf-product), or directories to search for them")
    p.add_argument("--format", choices=tuple(REPORTERS), default="text", help="report format (default: text)")
    p.add_argument("--output", metavar="FILE", help="write the report to FILE (UTF-8) instead of standard output")
    add_language(p)
    add_rulebook(p, per_product=True)
    add_as_of(p, lang)
    p.add_argument("--waivers", metavar="FILE", help="a waiver file (kind: etf-waivers): approved exceptions, reported as waived")
    p.add_argument("--calendar", metavar="FILE",
                   help="a CSV file of the exchange's trading days (column date): gaps in market data are "
                        "measured against it instead of the days the index's data has")
    p.add_argument("--near-miss", type=fraction, default=None, metavar="FRACTION",
                   help="warn about passes this close to their threshold (default 0.10: within 10%%; for shares, "
                        "of the room between the threshold and 0%% or 100%%)")
    add_root(p)
    p.add_argument("--changed", action="store_true",
                   help="PATHs are changed files (as pre-commit passes them; none: only the products whose "
                        "files are missing): check the product files among them, and every product under "
                        "--root (default: the top of the git work tree, else the working directory) that refers to one "
                        "or to a missing file")
    add_fail_on(p)
    add_jobs(p)
    p.add_argument("--version", action="version", version=f"etf-check {__version__}")
    return p


def entry() -> None:
    """The command (the ``etf-check`` script, ``python -m etf_listing``): ``main``, then the
    process ends with its exit status once the output is flushed, without taking apart, one by
    one, the objects a run over many products holds (a tenth of a second of a 1,000-product
    run). Nothing of the command's is left to exit handlers: it closes its own files."""
    status = main()  # (an argument error's SystemExit ends the process the usual way)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # (None: started with that descriptor closed)
                stream.flush()
        except (OSError, ValueError):  # a reader gone, a stream closed: nothing more can be said
            pass
    os._exit(status)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in COMMANDS:
        import importlib

        command = importlib.import_module(COMMANDS[arguments[0]])
        return guarded(lambda: int(command.main(arguments[1:])), f"etf-check {arguments[0]}", arguments)
    return guarded(lambda: check(arguments), "etf-check", arguments)


def guarded(command: Callable[[], int], prog: str, arguments: Sequence[str]) -> int:
    """Run ``command`` with the safeguards every command shares; its exit status."""
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show Korean gets escapes, not a crash
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    from .errors import InputError

    try:
        try:
            return command()
        finally:
            if sys.stdout is not None:  # (None: started with standard output closed)
                sys.stdout.flush()  # a closed pipe shows here, not at exit
    except BrokenPipeError:  # the reader went away (etf-check ... | head): nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_INVALID
    except InputError as error:  # an input no layer below placed on a file: still positioned
        lang = language_of(arguments)
        for problem in error.problems:
            print(problem.text(lang), file=sys.stderr)
        return EXIT_INVALID
    except Exception as error:  # a bug, not the input's fault: one line and the contract's status
        if os.environ.get("ETF_LISTING_TRACEBACK"):
            raise
        from .errors import described

        print(f"{prog.split()[0]}: internal error: {described(error)} (please report it; "
              "set ETF_LISTING_TRACEBACK=1 to see where)", file=sys.stderr)
        return EXIT_INVALID


def check(arguments: Sequence[str]) -> int:
    """The check itself: ``etf-check [options] PATH...``."""
    lang = language_of(arguments)
    options = parse(parser(lang), arguments)
    if not options.paths and not options.changed:  # --changed alone: the products whose files are gone
        parser(lang).print_usage(sys.stderr)
        print("etf-check: error: " + ("상품 파일을 하나 이상 지정하세요" if options.lang == "ko" else "name at least one product file"),
              file=sys.stderr)
        return EXIT_INVALID
    from .collector import paused

    return paused(lambda: run(options))


def _files_gone(options: Options) -> list[Problem]:
    """A problem for each file the run names (``--waivers``, ``--calendar``, a ``--rules`` file)
    that is not there: a commit that deletes or renames one, touching no product, would otherwise
    pass the hook, where any later check stops on it."""
    from .discovery import is_yaml_name
    from .errors import Location, Problem

    named = [options.waivers, options.calendar]
    if options.rules_given and is_yaml_name(options.rules):
        named.append(options.rules)
    return [Problem(Location(path), "no such file", "the run names it (--waivers, --calendar or --rules): "
                    "restore it, or change the hook's arguments", ko="파일이 없습니다",
                    hint_ko="실행 인자(--waivers, --calendar, --rules)가 가리키는 파일입니다: 되살리거나 훅의 인자를 바꾸십시오")
            for path in named if path and not os.path.isfile(path)]


def run(options: Options, today: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """Check the products ``options`` name. Waivers are judged on ``today`` when it is given, else
    on the day of the run's instant (``now``, else the clock's) in the time zone of the rulebook
    each product is judged by (``Checker.day_of_run``)."""
    from .checker import Checker, released, status_of

    if options.format == "html":  # an optional dependency: say how to add it before any work is done
        from .reporting.html import MISSING, available

        if not available():
            print(f"etf-check: error: {MISSING[options.lang]}", file=sys.stderr)
            return EXIT_INVALID
    checker = Checker(options, today, now=now)
    try:
        selected = checker.selected()
        if any(isinstance(entry, str) for entry in selected):  # a commit that touches no product costs the hook nothing
            from .errors import InputError

            try:
                done = checker.check(selected)
            except InputError as error:  # the rulebook or the waiver file
                checker.problems(error.problems)
                return EXIT_INVALID
        else:
            done = [entry for entry in selected if not isinstance(entry, str)]
            if options.changed:  # no product to check: the run's own files must still be there
                gone = _files_gone(options)
                if gone:
                    checker.problems(gone)
                    return EXIT_INVALID
        for outcome in done:
            checker.problems(outcome.problems)
        color = (options.format == "text" and not options.output and sys.stdout.isatty()
                 and not os.environ.get("NO_COLOR"))
        if checker.write(checker.pieces(done, color=color), options.output) != EXIT_ELIGIBLE:
            return EXIT_INVALID
        status, fail_on = status_of(done, options.extra.get("fail_on")), options.extra.get("fail_on")
        if fail_on and status == EXIT_NOT_ELIGIBLE and status_of(done) == EXIT_ELIGIBLE:  # eligible, yet status 1: say why
            held = sum(1 for o in done if o.report is not None for r in o.report.results if r.status == fail_on)
            checker.say(f"exit status 1: {held} result(s) {fail_on} (--fail-on {fail_on}), though every product is eligible",
                        f"종료 상태 1: {fail_on} 결과 {held}건(--fail-on {fail_on}). 모든 상품은 적격입니다")
        return status
    finally:
        released()
