"""``etf-check rules``: the rules of a rulebook, one line each."""

from __future__ import annotations

import argparse
from typing import Sequence

from .common import parsed_with_rulebook


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="etf-check rules", description="List the rules of a rulebook.")
    args, lang, rulebook = parsed_with_rulebook(parser, argv)
    if rulebook is None:
        return 2
    version = rulebook.current
    print(f"{rulebook.id} {version.version}: {rulebook.title.get(lang, rulebook.title['en'])}")
    width = max(len(rule.id) for rule in rulebook.rules)
    for rule in rulebook.rules:
        flag = "" if rule.confirmed else (" [unconfirmed]" if lang == "en" else " [미확인]")
        print(f"  {rule.id:<{width}}  {rule.title.get(lang, rule.title['en'])}{flag}")
    return 0
