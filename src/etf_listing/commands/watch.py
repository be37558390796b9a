"""``etf-check watch``: listed products against the continued-listing rules (krx-etf-continued-listing).

``etf-check watch PRODUCT... [--as-of D]`` reports each rule's state on one date, as the listing
check reports its rules: ``pass``, ``at_risk`` (a clock running, a designation in force, a
disclosure due: a warning that does not make the product ineligible), ``fail`` (a delisting
condition met), ``not_applicable`` or ``error``, with each clock's dates. The options are the
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
    return p


def main(argv: Sequence[str]) -> int:
    from .. import cli
    from ..language import choose

    arguments = list(argv)
    lang = cli._language(arguments)
    args = parser(lang).parse_args(arguments)
    args.lang = choose(args.lang)
    args.default_rules = WATCH_RULEBOOK
    if not args.files:
        parser(lang).print_usage(sys.stderr)
        print("etf-check watch: error: " + ("상품 파일을 하나 이상 지정하세요" if args.lang == "ko" else "name at least one product file"),
              file=sys.stderr)
        return cli.EXIT_INVALID
    return cli.guarded(args)
