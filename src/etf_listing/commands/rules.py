"""``etf-check rules``: the rules of a rulebook, one line each."""

from __future__ import annotations

import argparse
from typing import Sequence

from ..checker import Checker
from ..options import add_language, add_rulebook, parse


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="etf-check rules", description="List the rules of a rulebook.")
    add_rulebook(parser)
    add_language(parser)
    checker = Checker(parse(parser, argv))
    rulebook = checker.rulebook_or_methodology()  # neither: its problems, exit status 2
    lang = checker.lang
    lines = [f"{rulebook.id} {rulebook.current.version}: {rulebook.title.get(lang, rulebook.title['en'])}"]
    width = max(len(rule.id) for rule in rulebook.rules)
    for rule in rulebook.rules:
        flag = "" if rule.confirmed else (" [unconfirmed]" if lang == "en" else " [미확인]")
        lines.append(f"  {rule.id:<{width}}  {rule.title.get(lang, rule.title['en'])}{flag}")
    return checker.write("\n".join(lines) + "\n")
