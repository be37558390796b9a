"""Rendering reports for library users: the same reporters the command line uses."""

from __future__ import annotations

from typing import Iterable

from .evaluation import Report
from .reporting import REPORTERS, Outcome, RenderOptions


def render(reports: Iterable[Report], format: str = "text", lang: str = "en") -> str:
    """Reports as text or JSON (``format`` is a name in ``etf_listing.reporting.REPORTERS``)."""
    if format not in REPORTERS:
        raise ValueError(f"unknown format {format!r}; formats: {', '.join(REPORTERS)}")
    outcomes = [Outcome(report.product.file, report=report) for report in reports]
    return REPORTERS[format](outcomes, RenderOptions(lang=lang))
