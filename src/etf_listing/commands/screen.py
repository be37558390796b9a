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
import sys
from typing import Any, Sequence

from ..language import choose
from ..options import add_as_of, add_language, add_root, add_rulebook, language_of

FORMATS = ("text", "json", "markdown", "csv")
EXIT_RAN, EXIT_INVALID = 0, 2


def parser(lang: str = "en") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="etf-check screen",
        description="Screen a universe of listed companies with an index methodology (default: the Korea Value-up Index).",
        epilog="Exit status: 0 the screen ran, 2 an input, the methodology or an option could not be used.",
    )
    p.add_argument("universes", nargs="+", metavar="UNIVERSE", help="universe files (kind: index-universe)")
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
    args = parser(language_of(argv)).parse_args(list(argv))
    return run(args, choose(args.lang))


def _problems(error: Any, lang: str) -> None:
    for problem in error.problems:
        print(problem.text(lang), file=sys.stderr)


def run(args: argparse.Namespace, lang: str) -> int:
    from ..errors import InputError, Location, Problem, did_you_mean
    from ..loading.universe import load_universe
    from ..screening.evaluate import screen
    from ..screening.methodology import load_methodology

    if args.write_index and len(args.universes) > 1:
        print("etf-check screen: error: " + ("--write-index는 유니버스 파일 하나에만 쓸 수 있습니다" if lang == "ko"
                                             else "--write-index takes one universe file"), file=sys.stderr)
        return EXIT_INVALID
    try:
        methodology = load_methodology(args.rules)
    except InputError as error:
        _problems(error, lang)
        return EXIT_INVALID
    status = EXIT_RAN
    reports = []
    for path in args.universes:
        try:
            universe = load_universe(path, args.root)
            report = screen(universe, methodology, args.as_of)
        except InputError as error:
            _problems(error, lang)
            status = EXIT_INVALID
            continue
        unknown = [code for code in args.company if code not in report.companies]
        for code in unknown:
            hint = did_you_mean(code, report.companies)
            problem = Problem(Location(universe.file), f"--company {code}: no company with this code in the universe",
                              hint or "give the code as the company table writes it (005930)",
                              ko=f"--company {code}: 유니버스에 이 코드의 회사가 없습니다",
                              hint_ko=did_you_mean(code, report.companies, "ko") or "회사 표에 적힌 코드를 쓰세요(005930)")
            print(problem.text(lang), file=sys.stderr)
        if unknown:
            status = EXIT_INVALID
            continue
        if args.format != "text":
            for notice in report.notices:
                print(("경고: " if lang == "ko" else "warning: ") + notice.text(lang), file=sys.stderr)
        reports.append(report)
        if args.write_index:
            from ..screening.write_index import write_index

            try:
                written = write_index(report, args.write_index)
            except OSError as error:
                print(f"{error.filename or args.write_index}:1:1: "
                      + (f"쓸 수 없습니다: {error.strerror}" if lang == "ko" else f"cannot be written: {error.strerror}"),
                      file=sys.stderr)
                status = EXIT_INVALID
                continue
            print(("지수 파일을 썼습니다: " if lang == "ko" else "wrote the index: ") + written, file=sys.stderr)
    rendered = render(reports, args.format, lang, args.company)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as handle:
                handle.write(rendered)
        except OSError as error:
            print(f"{args.output}:1:1: " + (f"쓸 수 없습니다: {error.strerror}" if lang == "ko" else f"cannot be written: {error.strerror}"),
                  file=sys.stderr)
            return EXIT_INVALID
    else:
        sys.stdout.write(rendered)
    return status


def render(reports: Sequence[Any], format_: str, lang: str, companies: Sequence[str]) -> str:
    if format_ == "json":
        from ..reporting.screen_json import render_json

        return render_json(reports, lang, companies)
    if format_ == "markdown":
        from ..reporting.screen_markdown import render_markdown

        return render_markdown(reports, lang, companies)
    if format_ == "csv":
        from ..reporting.screen_csv import render_csv

        return render_csv(reports, lang, companies)
    from ..reporting.screen_text import render_text

    return render_text(reports, lang, companies)
