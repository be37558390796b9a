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
    """The rulebook ``name`` names: a listing rulebook, or an index methodology (the screens of
    ``etf-check screen``, whose rules ``rules`` lists and ``explain`` explains the same way)."""
    try:
        return load_rulebook(name)
    except InputError as error:
        from ..screening.methodology import KIND, load_methodology, shipped_methodologies

        if name in shipped_methodologies() or (os.path.isfile(name) and _declares(name, KIND)):
            try:
                return load_methodology(name)
            except InputError as methodology_error:
                error = methodology_error
        print_problems(error, lang)
        return None


def _declares(path: str, kind: str) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return any(line.strip() == f"kind: {kind}" for line in handle.read(65_536).splitlines())
    except OSError:
        return False


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
