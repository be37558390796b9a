"""Reporters: results to text for people, JSON for tools, and the formats CI and editors read.

Each reporter is a function ``render(outcomes, options) -> str``; adding a format adds one entry
to ``REPORTERS`` and touches nothing else. A reporter's module is imported only when it is used,
so that choosing a format costs nothing at start-up. Reporters run in the decimal context that
evaluation uses, whatever the calling thread has set, so that a report depends on its inputs alone.
"""

from __future__ import annotations

import importlib
from decimal import Context, localcontext
from typing import Any, Callable, Sequence

from ..vocabulary.numbers import EXACT
from .outcome import Outcome, Piece, RenderOptions, text_of

Reporter = Callable[[Sequence[Outcome], RenderOptions], str]


def _lazy(module: str, function: str) -> Reporter:
    def render(outcomes: Sequence[Outcome], options: RenderOptions) -> str:
        with localcontext(EXACT):
            return str(getattr(importlib.import_module(module, __name__), function)(outcomes, options))

    render.__doc__ = f"``{function}`` of ``etf_listing.reporting{module}``, imported when first used."
    return render


REPORTERS: dict[str, Reporter] = {
    "text": _lazy(".text", "render_text"),
    "json": _lazy(".json_report", "render_json"),
    "sarif": _lazy(".sarif", "render_sarif"),
    "junit": _lazy(".junit", "render_junit"),
    "github": _lazy(".github", "render_github"),
    "markdown": _lazy(".markdown", "render_markdown"),
    "html": _lazy(".html", "render_html"),  # needs the optional Jinja2: etf-listing[html]
}

# The reports of an index screen (``etf-check screen``): ``render(reports, options, companies)``, where
# ``companies`` are the codes whose path through the rules the report explains (``--company``).
# Figures are shown rounded for people in the default decimal context, whatever the thread has set.
ScreenReporter = Callable[[Sequence[Any], RenderOptions, Sequence[str]], str]


def _lazy_screen(module: str, function: str) -> ScreenReporter:
    def render(reports: Sequence[Any], options: RenderOptions, companies: Sequence[str]) -> str:
        with localcontext(Context()):
            return str(getattr(importlib.import_module(module, __name__), function)(reports, options.lang, list(companies)))

    render.__doc__ = f"``{function}`` of ``etf_listing.reporting{module}``, imported when first used."
    return render


SCREEN_REPORTERS: dict[str, ScreenReporter] = {
    "text": _lazy_screen(".screen_text", "render_text"),
    "json": _lazy_screen(".screen_json", "render_json"),
    "markdown": _lazy_screen(".screen_markdown", "render_markdown"),
    "csv": _lazy_screen(".screen_csv", "render_csv"),
}


def pieces(outcomes: Sequence[Outcome], format: str, options: RenderOptions) -> list[Piece]:
    """``REPORTERS[format](outcomes, options)`` as pieces to write one after another, each text or
    that text in UTF-8: a JSON report whose products' parts the run wrote as it went is not copied
    into one text first (``json_report.json_pieces``)."""
    if format != "json":
        return [REPORTERS[format](outcomes, options)]
    with localcontext(EXACT):
        return importlib.import_module(".json_report", __name__).json_pieces(outcomes, options)  # type: ignore[no-any-return]


def written(outcome: Outcome, format: str, options: RenderOptions, part: bool = False) -> Outcome:
    """The outcome as a run keeps it until its report is written: a watched product's in JSON,
    with its part of the report written now and its timeline let go (``json_report.written``);
    otherwise as it is (a report without a timeline is smaller than its text). With ``part``, every
    outcome's part of a JSON or text report is written now: a run in several processes writes each
    part in the process that checked the product."""
    if format == "text" and part:
        with localcontext(EXACT):  # as the reporter writes it
            return importlib.import_module(".text", __name__).written_part(outcome, options)  # type: ignore[no-any-return]
    if format != "json" or (outcome.timeline is None and not part):
        return outcome
    with localcontext(EXACT):
        return importlib.import_module(".json_report", __name__).written(outcome, options.lang)  # type: ignore[no-any-return]


__all__ = ["REPORTERS", "SCREEN_REPORTERS", "Outcome", "Piece", "RenderOptions", "Reporter", "ScreenReporter", "pieces", "text_of",
           "written"]
