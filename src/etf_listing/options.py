"""The command line's options, written once and parsed once into a typed ``Options``.

Every command builds its parser from the same pieces (``add_language``, ``add_rulebook``,
``add_root``...), so an option means the same and is spelt the same everywhere, and reads the
arguments once: ``parse(parser, argv)`` gives the ``Options`` the checker works from. The language
is chosen before parsing (``language_of``), so that argparse's own messages can be in it.

This module is imported at start-up: it loads nothing heavy (no YAML, no pydantic).
"""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Sequence

from .language import LANGUAGES, choose

DEFAULT_RULEBOOK = "krx-etf-listing"

EXIT_ELIGIBLE, EXIT_NOT_ELIGIBLE, EXIT_INVALID = 0, 1, 2


@dataclass(frozen=True)
class Options:
    """What a command was asked to do. ``paths`` are the command's positional arguments (product
    files for the check, rule-test files for ``test``, schema names for ``schema``...); ``extra``
    holds what a command's own options add, by their argparse name."""

    lang: str = "en"
    rules: str = DEFAULT_RULEBOOK
    paths: tuple[str, ...] = ()
    format: str = "text"
    output: str | None = None
    as_of: dt.date | None = None
    waivers: str | None = None
    near_miss: Decimal | None = None
    root: str | None = None
    changed: bool = False
    calendar: str | None = None  # a trading calendar file (--calendar)
    extra: dict[str, Any] = field(default_factory=dict)
    # Whether --rules was given: without it, a product file that names its rulebook is judged by it.
    rules_given: bool = False


_FIELDS = {"lang", "rules", "paths", "format", "output", "as_of", "waivers", "near_miss", "root", "changed", "calendar"}


def parse(parser: argparse.ArgumentParser, argv: Sequence[str]) -> Options:
    """The arguments as ``Options`` (argparse exits with status 2 and a usage line on a wrong call).
    The language falls back to the locale's."""
    namespace = vars(parser.parse_args(list(argv)))
    given = bool(namespace.pop("rules_given", False))
    known = {name: value for name, value in namespace.items() if name in _FIELDS}
    if "rules" in known:
        known["rules_given"] = given
    if "paths" in known:
        known["paths"] = tuple(known["paths"] or ())
    known["lang"] = choose(known.get("lang"))
    return Options(**known, extra={name: value for name, value in namespace.items() if name not in _FIELDS})


def language_of(arguments: Sequence[str]) -> str:
    """The language asked for, before the arguments are parsed (so that parsing speaks it)."""
    for n, argument in enumerate(arguments):
        if argument == "--lang" and n + 1 < len(arguments):
            return choose(arguments[n + 1] if arguments[n + 1] in LANGUAGES else None)
        if argument.startswith("--lang="):
            value = argument.partition("=")[2]
            return choose(value if value in LANGUAGES else None)
    return choose()


def add_language(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    parser.add_argument("--lang", choices=LANGUAGES,
                        help=help or "language of the report and messages (default: Korean when the locale is ko_*, "
                                     "else English)")


class _Given(argparse.Action):
    """Stores the option's value and notes that it was given (``rules_given``)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        setattr(namespace, self.dest, values)
        setattr(namespace, f"{self.dest}_given", True)


def add_rulebook(parser: argparse.ArgumentParser, default: str = DEFAULT_RULEBOOK, help: str | None = None,
                 per_product: bool = False) -> None:
    # Whether --rules was given is kept (Options.rules_given): without it, a command that evaluates
    # products (``per_product``) judges each by the rulebook its file names, else by ``default``.
    named = "the one a product file names with rulebook:, else " if per_product else ""
    parser.add_argument("--rules", default=default, metavar="NAME_OR_PATH", action=_Given,
                        help=help or f"a shipped rulebook by name, or a rulebook file (default: {named}{default})")


def add_fail_on(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fail-on", choices=("at_risk",), default=None,
                        help="also exit with status 1 when a rule is at_risk (a running clock, a designation in force)")


def add_root(parser: argparse.ArgumentParser, help: str | None = None) -> None:
    parser.add_argument("--root", metavar="DIR", type=directory,
                        help=help or "files a product refers to must lie under DIR (default: the working directory, "
                                     "or the product's directory when it is outside it)")


def add_as_of(parser: argparse.ArgumentParser, lang: str, help: str | None = None) -> None:
    parser.add_argument("--as-of", type=date_in(lang), metavar="YYYY-MM-DD",
                        help=help or "evaluation date; overrides the product's as_of")


def date_in(lang: str) -> Callable[[str], dt.date]:
    """An argparse type: a date written 2024-10-31, 2024/10/31 or 20241031, refused in ``lang``."""
    def date(text: str) -> dt.date:
        from .spellings import SpellingError, calendar_date

        try:
            return calendar_date(text)
        except SpellingError as error:
            raise argparse.ArgumentTypeError(error.text_ko() if lang == "ko" else str(error)) from None
    return date


def add_jobs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", type=jobs, default=None, metavar="N",
                        help="check the files in N processes (default: auto, one for each core up to 4, for runs "
                             "of 32 files or more; 1: one process). The report is the same whatever N")


def jobs(text: str) -> int | None:
    """An argparse type: a number of processes (1 or more), or ``auto`` (None)."""
    if text == "auto":
        return None
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes (1 or more, or auto)")
    return int(text)


def directory(text: str) -> str:
    """An argparse type: a directory that exists (else every file a product names would be said
    to lie outside it)."""
    import os

    if not os.path.isdir(text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a directory" if not os.path.exists(text)
                                         else f"'{text}' is a file, not a directory")
    return text


def fraction(text: str) -> Decimal:
    """An argparse type: a fraction between 0 and 1, written 0.1 or 10%."""
    try:
        value = Decimal(text.rstrip("%")) / (100 if text.endswith("%") else 1)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"'{text}' is not a fraction (0.1 or 10%)") from None
    if not value.is_finite() or not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not between 0 and 1")
    return value


__all__ = ["DEFAULT_RULEBOOK", "EXIT_ELIGIBLE", "EXIT_INVALID", "EXIT_NOT_ELIGIBLE", "Options", "add_as_of", "add_fail_on",
           "add_jobs", "add_language", "add_root", "add_rulebook", "date_in", "directory", "fraction", "jobs",
           "language_of", "parse"]
