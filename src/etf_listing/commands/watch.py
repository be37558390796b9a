"""``etf-check watch``: listed products against the continued-listing rules (krx-etf-continued-listing).

``etf-check watch PRODUCT... [--as-of D]`` reports each rule's state on one date, as the listing
check reports its rules: ``pass``, ``at_risk`` (a clock running, a designation in force, a
disclosure due: a warning that does not make the product ineligible), ``fail`` (a delisting
condition met), ``not_applicable`` or ``error``, with each clock's dates. With ``--from D1 --to
D2`` it reports the state on D2 and the timeline over the period: the dates each rule's status
changed, and each rule's daily figures (the correlation series). The options are the
check's own (format, language, output, rules, waivers, root); a product file that names its
rulebook is judged against it unless ``--rules`` is given. Exit status: 0 no fail or error (and,
with ``--fail-on at_risk``, no at_risk), 1 otherwise, 2 when something could not be evaluated.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

WATCH_RULEBOOK = "krx-etf-continued-listing"


def parser(lang: str = "en") -> argparse.ArgumentParser:
    from .. import cli

    p = cli.parser(lang)
    p.prog = "etf-check watch"
    p.description = ("Watch listed ETFs against the continued-listing rules (default: krx-etf-continued-listing): "
                     "the state of each rule on one date.")
    p.epilog = ("Exit status: 0 no fail or error (with --fail-on at_risk: and no at_risk), 1 otherwise, "
                "2 input or rulebook could not be evaluated.")
    for action in p._actions:
        if action.dest == "rules":
            action.help = f"a shipped rulebook by name, or a rulebook file (default: the product's rulebook:, else {WATCH_RULEBOOK})"
    dates = cli._dates(lang)
    p.add_argument("--from", dest="period_from", type=dates, metavar="YYYY-MM-DD",
                   help="with --to: the timeline over the period (the dates each rule's status changed)")
    p.add_argument("--to", dest="period_to", type=dates, metavar="YYYY-MM-DD", help="the period's last day")
    return p


def main(argv: Sequence[str]) -> int:
    from .. import cli
    from ..language import choose

    arguments = list(argv)
    lang = cli._language(arguments)
    args = parser(lang).parse_args(arguments)
    args.lang = choose(args.lang)
    args.default_rules = WATCH_RULEBOOK
    args.period = None
    if args.period_from or args.period_to:
        problem = None
        if not (args.period_from and args.period_to):
            problem = ("--from와 --to를 함께 지정하세요" if args.lang == "ko" else "give --from and --to together")
        elif args.as_of:
            problem = ("--as-of는 --from/--to와 함께 쓸 수 없습니다" if args.lang == "ko"
                       else "--as-of is for one date; --from and --to for a period: give one or the other")
        elif args.period_to < args.period_from:
            problem = ("--to가 --from보다 앞섭니다" if args.lang == "ko" else "--to is before --from")
        if problem:
            parser(lang).print_usage(sys.stderr)
            print(f"etf-check watch: error: {problem}", file=sys.stderr)
            return cli.EXIT_INVALID
        args.period = (args.period_from, args.period_to)
    if not args.files:
        parser(lang).print_usage(sys.stderr)
        print("etf-check watch: error: " + ("상품 파일을 하나 이상 지정하세요" if args.lang == "ko" else "name at least one product file"),
              file=sys.stderr)
        return cli.EXIT_INVALID
    return cli.guarded(args)
