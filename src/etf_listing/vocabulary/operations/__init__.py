"""The operations of the rule vocabulary, one module per family. Importing this package registers
every operation (``etf_listing.vocabulary.tree.OPERATIONS``)."""

from __future__ import annotations

from . import arithmetic, collections, comparisons, logic, rankings, ranks, reading, windows

FAMILIES = {
    "reading": "Reading the input",
    "collections": "Collections",
    "arithmetic": "Arithmetic and ratios",
    "rankings": "Rankings",
    "windows": "Windows over daily data",
    "logic": "Logic and choices",
    "comparisons": "Comparisons",
}

__all__ = ["FAMILIES", "arithmetic", "collections", "comparisons", "logic", "rankings", "ranks", "reading", "windows"]
