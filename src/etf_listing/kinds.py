"""The kinds of file etf-check reads, and telling a misspelt kind from another tool's file.

A YAML file whose ``kind`` is close to one of these but not it (``etf_product``, ``ETF-Product``,
``etf-prodcut``) is a mistake, not a file of another tool: it is refused with a did-you-mean
wherever it is found (a directory run, the pre-commit hook, a file named), never skipped in silence.
"""

from __future__ import annotations

import re

from .errors import Location, Problem

KNOWN_KINDS = ("etf-product", "etf-index", "etf-rulebook", "etf-waivers", "etf-rule-tests", "index-universe",
               "index-methodology")
_CLOSE = 0.8  # etf-prodcut and etf-products are close to etf-product; meeting-notes is close to nothing


def _folded(kind: str) -> str:
    return re.sub(r"[\s_\-.]+", "", kind).casefold()


def close_kind(kind: str) -> str | None:
    """The kind ``kind`` looks like a misspelling of, or None when it is a kind or like none."""
    if kind in KNOWN_KINDS:
        return None
    for known in KNOWN_KINDS:
        if _folded(kind) == _folded(known):
            return known
    import difflib  # only a misspelt kind needs it: not imported at start-up

    close = difflib.get_close_matches(kind.casefold(), KNOWN_KINDS, n=1, cutoff=_CLOSE)
    return close[0] if close else None


def kind_problem(where: Location, kind: str, known: str) -> Problem:
    return Problem(where, f"kind: '{kind}' is not a kind of file etf-check reads", f"did you mean '{known}'?",
                   ko=f"kind: '{kind}'은(는) etf-check가 읽는 파일 종류가 아닙니다", hint_ko=f"'{known}'을(를) 의도하셨나요?")
