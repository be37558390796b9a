"""``etf-check rules``: the rules of a rulebook, one line each."""

from __future__ import annotations

import argparse
from typing import Sequence

from .common import add_rulebook_options, language, rulebook_or_exit


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="etf-check rules", description="List the rules of a rulebook.")
    add_rulebook_options(parser)
    args = parser.parse_args(argv)
    lang = language(args.lang)
    rulebook = rulebook_or_exit(args.rules, lang)
    if rulebook is None:
        return 2
    version = rulebook.current
    print(f"{rulebook.id} {version.version}: {rulebook.title.get(lang, rulebook.title['en'])}")
    width = max(len(rule.id) for rule in rulebook.rules)
    for rule in rulebook.rules:
        flag = "" if rule.confirmed else (" [unconfirmed]" if lang == "en" else " [미확인]")
        print(f"  {rule.id:<{width}}  {rule.title.get(lang, rule.title['en'])}{flag}")
    return 0
