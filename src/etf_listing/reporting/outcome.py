"""What a run produced for each file named: a report, or the problems that stopped it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only for the annotations: choosing a format must not load the evaluator
    from ..errors import Problem
    from ..evaluation import Report


@dataclass(frozen=True)
class Outcome:
    file: str
    report: Report | None = None
    problems: tuple[Problem, ...] = ()
    timeline: Any = None  # etf_listing.watch.timeline.Timeline, for a product watched over a period


@dataclass(frozen=True)
class RenderOptions:
    lang: str = "en"
    color: bool = False
    width: int | None = None
    near_miss: Decimal = Decimal("0.10")  # a pass within this fraction of its threshold is a warning
