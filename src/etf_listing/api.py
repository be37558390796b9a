"""Rendering reports for library users: the same reporters, in the same formats, as the command line."""

from __future__ import annotations

from typing import Iterable

from .checker import outcomes_of
from .language import LANGUAGES
from .reporting import REPORTERS, RenderOptions
from .results import Report

FORMATS = tuple(REPORTERS)


def render(reports: Iterable[Report], format: str = "text", lang: str = "en") -> str:
    """The reports as one document in ``format`` (one of ``FORMATS``: text, json, sarif, junit,
    github, markdown, html) and ``lang`` (``en`` or ``ko``), exactly as ``etf-check --format`` writes it.

    Raises ``ValueError`` for a format or language that does not exist, and ``ImportError`` for
    ``html`` when Jinja2 is not installed (``pip install 'etf-listing[html]'``).
    """
    if format not in REPORTERS:
        raise ValueError(f"unknown format {format!r}; formats: {', '.join(FORMATS)}")
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; languages: {', '.join(LANGUAGES)}")
    return REPORTERS[format](outcomes_of(reports), RenderOptions(lang=lang))
