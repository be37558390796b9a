"""What the subcommands share: choosing a rulebook and a language, and printing problems."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from ..errors import InputError
from ..rulebook import DEFAULT_RULEBOOK, Rulebook, load_rulebook


def add_rulebook_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", default=DEFAULT_RULEBOOK, metavar="NAME_OR_PATH",
                        help=f"a shipped rulebook by name, or a rulebook file (default: {DEFAULT_RULEBOOK})")
    parser.add_argument("--lang", choices=("en", "ko"), default=None, help="language (default: from the locale, else en)")


def language(choice: str | None) -> str:
    if choice:
        return choice
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


def rulebook_or_exit(name: str, lang: str) -> Rulebook | None:
    try:
        return load_rulebook(name)
    except InputError as error:
        print_problems(error, lang)
        return None


def print_problems(error: InputError, lang: str) -> None:
    for problem in error.problems:
        print(problem.text(lang), file=sys.stderr)


def parsed_with_rulebook(parser: argparse.ArgumentParser, argv: Sequence[str]) -> tuple[argparse.Namespace, str, Rulebook | None]:
    """The arguments, the language and the rulebook they name (None, with its problems printed,
    when it cannot be loaded)."""
    add_rulebook_options(parser)
    args = parser.parse_args(argv)
    lang = language(args.lang)
    return args, lang, rulebook_or_exit(args.rules, lang)
