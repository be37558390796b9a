"""How to render: the options every reporter takes. (``Outcome``, what a run produced for each file
named, lives with the results in ``etf_listing.results``.)"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..results import Outcome

# A piece of a report to write: text, or that text already in UTF-8 (a product's part of a JSON
# report, as orjson wrote it: ``json_report.dumped``).
Piece = str | bytes


def text_of(piece: Piece) -> str:
    """A piece of a report as text."""
    return piece if isinstance(piece, str) else piece.decode()


@dataclass(frozen=True)
class RenderOptions:
    lang: str = "en"
    color: bool = False
    width: int | None = None
    near_miss: Decimal = Decimal("0.10")  # a pass within this fraction of its threshold is a warning


__all__ = ["Outcome", "Piece", "RenderOptions", "text_of"]
