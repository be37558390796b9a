"""Reporters: results to text for people and JSON for tools, chosen by name.

Each reporter is a function ``render(outcomes, options) -> str``; adding a format adds one entry
to ``REPORTERS`` and touches nothing else. Reporters run in the decimal context that evaluation
uses, whatever the calling thread has set, so that a report depends on its inputs alone.
"""

from __future__ import annotations

from decimal import localcontext
from typing import Callable, Sequence

from ..vocabulary.numbers import EXACT
from .outcome import Outcome, RenderOptions

Reporter = Callable[[Sequence[Outcome], RenderOptions], str]


def _json(outcomes: Sequence[Outcome], options: RenderOptions) -> str:
    from .json_report import render_json

    with localcontext(EXACT):
        return render_json(outcomes, options)


def _text(outcomes: Sequence[Outcome], options: RenderOptions) -> str:
    from .text import render_text

    with localcontext(EXACT):
        return render_text(outcomes, options)


REPORTERS: dict[str, Reporter] = {"text": _text, "json": _json}

__all__ = ["REPORTERS", "Outcome", "RenderOptions", "Reporter"]
