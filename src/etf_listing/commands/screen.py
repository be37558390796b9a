"""``etf-check screen UNIVERSE...``: run an index methodology over a universe of listed companies.

Reports the selection with its weights, the funnel, the distributions and the turnover against
the previous constituents; ``--company CODE`` explains one company's path; ``--write-index DIR``
writes the selection as an index file that a product can track and ``etf-check`` can judge.

Exit status: 0 the screen ran (whatever it selected), 2 a universe, the methodology or an option
could not be used (``file:line:column: message`` on standard error; the other universes are still
screened).
"""

from __future__ import annotations

import argparse
import gc
from typing import TYPE_CHECKING, Sequence

from ..options import (EXIT_ELIGIBLE, EXIT_INVALID, Options, add_as_of, add_language, add_root, add_rulebook, language_of,
                       parse)

if TYPE_CHECKING:
    from ..checker import Checker

FORMATS = ("text", "json", "markdown", "csv")
EXIT_RAN = EXIT_ELIGIBLE


def parser(lang: str = "en") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="etf-check screen",
        description="Screen a universe of listed companies with an index methodology (default: the Korea Value-up Index).",
        epilog="Exit status: 0 the screen ran, 2 an input, the methodology or an option could not be used.",
    )
    p.add_argument("paths", nargs="+", metavar="UNIVERSE", help="universe files (kind: index-universe)")
    add_rulebook(p, "korea-value-up-index",
                 "a shipped index methodology by name, or a methodology file (default: korea-value-up-index)")
    p.add_argument("--company", action="append", default=[], metavar="CODE",
                   help="explain this company's path through the screen (repeatable)")
    add_as_of(p, lang, "the review date; overrides the universe's as_of")
    p.add_argument("--write-index", metavar="DIR",
                   help="write the selection as an index file (kind: etf-index) with its constituents into DIR")
    p.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    p.add_argument("--output", metavar="FILE", help="write the report to FILE (UTF-8) instead of standard output")
    add_language(p, "language of the report (default: from the locale, else English)")
    add_root(p, "files a universe refers to must lie under DIR (default: as for products)")
    return p


def main(argv: Sequence[str]) -> int:
    """The screen, inside the safeguards every command shares (``etf_listing.cli.guarded``)."""
    return run(parse(parser(language_of(argv)), argv))


def run(options: Options) -> int:
    """Screen the universes ``options`` name through a ``Checker``: the methodology of ``--rules``,
    each universe's report or its problems, the index written, the reports rendered and written."""
    from ..checker import Checker

    # A screen makes no reference cycles (a test checks): what it reads and the results it builds
    # are freed as they are let go, and the cyclic garbage collector would only rescan them, again
    # and again, as the results of 2,500 companies pile up.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _screened(Checker(options), options)
    finally:
        if collecting:
            gc.enable()


def _screened(checker: Checker, options: Options) -> int:
    from ..errors import InputError, Location, Problem

    directory = options.extra.get("write_index")
    if directory and len(options.paths) > 1:
        checker.say("error: --write-index takes one universe file", "error: --write-index는 유니버스 파일 하나에만 쓸 수 있습니다",
                    "etf-check screen")
        return EXIT_INVALID
    try:
        outcomes = checker.screen(options.paths)
    except InputError as error:  # the methodology
        checker.problems(error.problems)
        return EXIT_INVALID
    if checker.overwrites_input(options.output):  # refused before anything, the index included, is written
        return EXIT_INVALID
    status = EXIT_RAN if all(outcome.report is not None for outcome in outcomes) else EXIT_INVALID
    for outcome in outcomes:
        if directory and outcome.report is not None:
            from ..screening.write_index import write_index

            try:
                written = write_index(outcome.report, directory)
            except OSError as error:
                checker.problems([Problem(Location(error.filename or directory), f"cannot be written: {error.strerror}",
                                          ko=f"쓸 수 없습니다: {error.strerror}")])
                status = EXIT_INVALID
                continue
            print(("지수 파일을 썼습니다: " if checker.lang == "ko" else "wrote the index: ") + written, file=checker.stderr)
    if checker.write(checker.render_screens(outcomes), options.output) != EXIT_ELIGIBLE:
        return EXIT_INVALID
    return status
