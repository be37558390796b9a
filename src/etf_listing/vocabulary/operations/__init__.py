"""The operations of the rule vocabulary, one module per family. Importing this package registers
every operation (``etf_listing.vocabulary.tree.OPERATIONS``)."""

from __future__ import annotations

from . import arithmetic, collections, comparisons, dates, differences, figures, logic, rankings, ranks, reading, series, windows

FAMILIES = {
    "reading": "Reading the input",
    "collections": "Collections",
    "arithmetic": "Arithmetic and ratios",
    "rankings": "Rankings",
    "windows": "Windows over daily data",
    "series": "Dated values: daily series, a rolling correlation, days and calendar offsets",
    "logic": "Logic and choices",
    "comparisons": "Comparisons",
}

__all__ = ["FAMILIES", "arithmetic", "collections", "comparisons", "dates", "differences", "figures", "logic", "rankings", "ranks", "reading", "series", "windows"]
