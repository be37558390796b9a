"""``etf-check watch``: listed products against the continued-listing rules (krx-etf-continued-listing).

``etf-check watch PRODUCT... [--as-of D]`` reports each rule's state on one date, as the listing
check reports its rules: ``pass``, ``at_risk`` (a clock running, a designation in force, a
disclosure due: a warning that does not make the product ineligible), ``fail`` (a delisting
condition met), ``not_applicable`` or ``error``, with each clock's dates. With ``--from D1 --to
D2`` it reports the state on D2 and the timeline over the period: the dates each rule's status
changed, and each charted rule's daily figures (the correlation series).

The options are the check's own (format, language, output, rules, waivers, root, ``--fail-on
at_risk``); a product file that names its rulebook is judged by it unless ``--rules`` is given.
Exit status: 0 no fail or error (and, with ``--fail-on at_risk``, no at_risk), 1 otherwise, 2 when
something could not be evaluated.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from typing import Sequence

from ..options import EXIT_INVALID, date_in, language_of, parse

WATCH_RULEBOOK = "krx-etf-continued-listing"


def parser(lang: str = "en") -> argparse.ArgumentParser:
    from .. import cli

    p = cli.parser(lang)
    p.prog = "etf-check watch"
    p.description = ("Watch listed ETFs against the continued-listing rules (default: krx-etf-continued-listing): "
                     "the state of each rule on one date, or its changes over a period.")
    p.epilog = ("Exit status: 0 no fail or error (with --fail-on at_risk: and no at_risk), 1 otherwise, "
                "2 input or rulebook could not be evaluated.")
    for action in p._actions:
        if action.dest == "rules":
            action.help = f"a shipped rulebook by name, or a rulebook file (default: the product's rulebook:, else {WATCH_RULEBOOK})"
    p.add_argument("--from", dest="period_from", type=date_in(lang), metavar="YYYY-MM-DD",
                   help="with --to: the timeline over the period (the dates each rule's status changed)")
    p.add_argument("--to", dest="period_to", type=date_in(lang), metavar="YYYY-MM-DD", help="the period's last day")
    return p


def main(argv: Sequence[str]) -> int:
    from .. import cli

    arguments = list(argv)
    lang = language_of(arguments)
    options = parse(parser(lang), arguments)
    if not options.rules_given:
        options = dataclasses.replace(options, rules=WATCH_RULEBOOK)
    start, end = options.extra.get("period_from"), options.extra.get("period_to")
    problem = None
    if start or end:
        if not (start and end):
            problem = ("--from와 --to를 함께 지정하세요", "give --from and --to together")
        elif options.as_of:
            problem = ("--as-of는 하루, --from/--to는 기간입니다: 하나만 지정하세요",
                       "--as-of is for one date, --from and --to for a period: give one or the other")
        elif end < start:
            problem = ("--to가 --from보다 앞섭니다", "--to is before --from")
        else:
            options = dataclasses.replace(options, extra={**options.extra, "period": (start, end)})
    if not options.paths:
        problem = ("상품 파일을 하나 이상 지정하세요", "name at least one product file")
    if problem:
        parser(lang).print_usage(sys.stderr)
        print(f"etf-check watch: error: {problem[0] if options.lang == 'ko' else problem[1]}", file=sys.stderr)
        return EXIT_INVALID
    return cli.run(options)
