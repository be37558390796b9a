"""What a run produces: each rule's result, a product's report, the waivers that turned fails into
``waived``, the notices about them, and each file's outcome (a report, or the problems that stopped
it).

These are plain values. Evaluation makes results and reports (``etf_listing.evaluation``), waivers
change them afterwards (``etf_listing.waivers``), the checker gathers outcomes
(``etf_listing.checker``) and the reporters render them (``etf_listing.reporting``): each of those
imports this module, and this module imports none of them, so there is no import circle and
choosing a report format never loads the evaluator.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal, localcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

from .errors import Location, Problem
from .vocabulary.known import kinds_of
from .vocabulary.numbers import SHOWN, Ratio, common_denominator, numerators

if TYPE_CHECKING:  # only for the annotations: a report refers to what it was made from
    from .model import Product
    from .rulebook import Rule, Rulebook, Text, Version

STATUSES = ("pass", "fail", "not_applicable", "error", "waived")
BLOCKING = ("fail", "error")
# A warning that does not make a product ineligible: a clock is running, a designation is in force,
# or a disclosure was due (the continued-listing watch). Counted only by rulebooks that can give it.
AT_RISK = "at_risk"


@dataclass(frozen=True)
class Waiver:
    """An approved exception to a rule, until ``expires`` (inclusive), for the ``items`` named (all
    offenders when None) and the ``products`` named (every product when None)."""

    rule: str
    reason: str
    approved_by: str
    expires: dt.date
    items: tuple[str, ...] | None = None
    products: tuple[str, ...] | None = None
    location: Location | None = None
    sha256: str | None = None  # of the waiver file it was read from: the evidence names what was in force
    # The real paths that ``products`` name as files, relative to the waiver file (``load_waivers``);
    # None: relative to the working directory (a waiver made in Python).
    product_files: frozenset[str] | None = None

    def for_product(self, name: str, file: str) -> bool:
        """Whether the waiver is for the product named ``name``, read from ``file``: by its name,
        or by the very file (never by a path that only reads alike from elsewhere)."""
        if self.products is None or name in self.products:
            return True
        files = self.product_files
        if files is None:
            files = frozenset(os.path.realpath(p) for p in self.products)
        return os.path.realpath(file) in files


@dataclass(frozen=True)
class Notice:
    """Something a reader should know about the run that is not a rule's result."""

    message: str
    ko: str
    location: Location | None = None

    def text(self, lang: str = "en") -> str:
        prefix = f"{self.location}: " if self.location else ""
        return prefix + (self.ko if lang == "ko" else self.message)


_SHOWN_AS_THEY_ARE = frozenset([str, Decimal, int, bool, type(None), dt.date])
_DIVIDING = SHOWN.copy()  # as localcontext(SHOWN) divides; its flags are nobody's to read


def public_figure(value: Any) -> Any:
    """A figure as results give it: a Decimal, never the evaluation's internal exact fraction.
    Exact where the figure has a finite decimal expansion, else to 28 significant digits (the
    verdict itself was decided on the exact fraction)."""
    kind = value.__class__
    if kind in _SHOWN_AS_THEY_ARE:  # most figures: a Decimal already, a count, a text, none
        return value
    if kind is Ratio and value.num.__class__ is Decimal:  # Ratio.decimal, in a context not entered each time
        num, den = value.num, value.den
        return _DIVIDING.divide(num, den).normalize(_DIVIDING) if den != 1 else num
    if isinstance(value, Ratio):
        return value.decimal()
    if isinstance(value, (list, tuple)) and any(isinstance(v, Ratio) for v in value):
        # a plain list or tuple: a column's or a part's own attributes describe what it held
        return (tuple if isinstance(value, tuple) else list)(public_figure(v) for v in value)
    return value


def public_figures(values: list[Any]) -> list[Any]:
    """``public_figure`` of each value of a column: shares of one total (an index's weights) are
    divided in one decimal context, each exactly as ``Ratio.decimal`` divides it."""
    den = common_denominator(values)
    if den is not None and den != 1:
        with localcontext(SHOWN):
            return [(part / den).normalize() for part in numerators(values)]
    if kinds_of(values) <= _SHOWN_AS_THEY_ARE:
        return list(values)
    return list(map(public_figure, values))


class Figures:
    """Every member judged by a check over each item, with its figure as results give it (a
    Decimal): the pairs of ``tuple(zip(members, map(public_figure, values)))``, made when first
    read. Only a report that draws every member reads them (the HTML report's charts), so a run
    that writes another report never divides each member's share out."""

    __slots__ = ("_members", "_values", "_pairs")

    def __init__(self, members: Any, values: list[Any]):
        self._members: Any = members
        self._values: list[Any] | None = values
        self._pairs: tuple[tuple[Any, Any], ...] | None = None

    def _made(self) -> tuple[tuple[Any, Any], ...]:
        pairs = self._pairs
        if pairs is None:
            pairs = self._pairs = tuple(zip(self._members, public_figures(self._values or [])))
            self._members = self._values = None
        return pairs

    def __len__(self) -> int:
        return len(self._pairs if self._pairs is not None else self._values)  # type: ignore[arg-type]

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Any:
        return iter(self._made())

    def __getitem__(self, at: Any) -> Any:
        return self._made()[at]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Figures):
            other = other._made()
        return isinstance(other, tuple) and self._made() == other

    def __hash__(self) -> int:
        return hash(self._made())

    def __repr__(self) -> str:
        return f"Figures({self._made()!r})"


@dataclass(frozen=True)
class ItemFinding:
    """A constituent, participant or PDF row that decided a result, with its figure (a Decimal,
    or text for a text rule; None where it is missing)."""

    identity: Mapping[str, str]
    observed: Any
    location: Location | None

    def __post_init__(self) -> None:
        object.__setattr__(self, "observed", public_figure(self.observed))

    @property
    def key(self) -> str:
        """What a waiver names the item by: its code, else its name, else its date (a day the
        watch observed)."""
        return self.identity.get("code") or self.identity.get("name") or self.identity.get("date", "")

    @property
    def code(self) -> str | None:
        """The item's code (a constituent's or a PDF row's); None for a participant."""
        return self.identity.get("code")

    @property
    def name(self) -> str:
        return self.identity.get("name", "")


@dataclass(frozen=True)
class Result:
    """One rule's verdict on a product: ``status`` (pass, fail, not_applicable, error, waived), the
    message in each language, the figures it was decided on, the items that decided it, and where."""

    rule: Rule
    status: str
    message: Text
    observed: Any = None
    operator: str | None = None
    threshold: Any = None
    items: tuple[ItemFinding, ...] = ()
    location: Location | None = None
    parameters: Mapping[str, Any] = field(default_factory=dict)
    headroom: Any = None  # distance from the threshold: positive on the passing side
    waiver: Waiver | None = None  # the waiver that turned this fail into ``waived``
    # A check over each item: every item judged, with its figure, in the collection's order (not
    # only the offenders), so that a report can draw all of them against the threshold.
    figures: tuple[tuple[Any, Any], ...] | Figures = ()
    # The clock of a watched rule: since (the run's first failing day), caution_from, delisting_from.
    clock: Mapping[str, Any] | None = None
    # False where a failing check of the rule names no offenders beside one that does: its items
    # are not all that failed, so a waiver of items does not cover it (one of the whole rule does).
    items_complete: bool = True

    def __post_init__(self) -> None:
        # observed, threshold and headroom are Decimals (see public_figure); evaluation makes the
        # figures Decimals where it judges them, once for the products that share them
        for name in ("observed", "threshold", "headroom"):
            object.__setattr__(self, name, public_figure(getattr(self, name)))

    @property
    def rule_id(self) -> str:
        return self.rule.id


@dataclass(frozen=True)
class Report:
    """A product evaluated against a rulebook: one result per rule in force, in rulebook order."""

    product: Product
    rulebook: Rulebook
    as_of: dt.date | None
    results: tuple[Result, ...]
    version: Version | None = None  # the rulebook version in force on as_of
    notices: tuple[Notice, ...] = ()  # about waivers: expired, or matching nothing
    waivers_judged_on: dt.date | None = None  # the day of the run waivers were judged on (None: none were applied)

    @property
    def eligible(self) -> bool:
        return all(r.status not in BLOCKING for r in self.results)

    @property
    def counts(self) -> dict[str, int]:
        """The results by status (at risk only where the rulebook can give it), counted once a
        report: a text report reads them for the report and twice for the summary table. Each
        caller gets a dict of its own."""
        counts: dict[str, int] | None = self.__dict__.get("_counts")
        if counts is None:
            counts = dict.fromkeys(STATUSES, 0)
            if any(rule.warns for rule in self.rulebook.rules):
                counts = {"pass": 0, AT_RISK: 0, **counts}
            for result in self.results:
                counts[result.status] += 1
            self.__dict__["_counts"] = counts  # (a frozen report's results never change)
        return dict(counts)


@dataclass(frozen=True)
class Outcome:
    """What a run produced for one file named: a report, or the problems that stopped it."""

    file: str
    report: Report | None = None
    problems: tuple[Problem, ...] = ()
    timeline: Any = None  # etf_listing.watch.timeline.Timeline: a product watched over a period
    # The outcome's part of a JSON report (language, text or that text in UTF-8), written as a run
    # goes so that the run need not hold every product's timeline until the end
    # (``reporting.json_report``).
    json: tuple[str, str | bytes] | None = None
    # The outcome's part of a text report (the options it was written for, its lines), written in
    # the process that checked the product when a run uses several (``reporting.text``).
    text: tuple[Any, Any] | None = None


__all__ = ["AT_RISK", "BLOCKING", "STATUSES", "ItemFinding", "Notice", "Outcome", "Report", "Result", "Waiver"]
