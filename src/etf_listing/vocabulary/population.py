"""Populations: rules evaluated for each member of a population, ranked among the members still in.

An index methodology (``kind: index-methodology``) is written in the same vocabulary as a listing
rulebook, but its rules are evaluated for each member of a population (each listed company of a
universe) rather than for one product. A ``Population`` says how its expressions see their data:

- ``item``: the name the member goes by in ``get`` (``{get: company.market_cap_krw}``), besides
  ``item``; ``roots``: the other records ``get`` may read (``{get: universe.as_of}``);
- ``rank`` and ``rank_ratio`` without ``among`` rank the member among the population the rule
  is evaluated over (``PopulationContext.population``: the companies still in); members that
  might be in it (``PopulationContext.maybe``: stopped earlier by a figure not given) are not
  ranked, but a comparison of a rank with a line holds only where it holds with them in and out;
- ``all`` and ``any`` follow three-valued logic: a value that is missing makes a condition
  unknown; ``any`` of a true and an unknown condition is true, ``all`` of a false and an unknown is
  false, and only a decision that depends on the missing value is missing. Every condition is
  evaluated (none is skipped once the answer is known), and every comparison met is recorded in
  the context's ``trace`` as a ``Measure``, so that a report shows each figure a member was
  measured on; definitions are evaluated where they are used (not remembered per member) so that
  each use records its comparisons.

Example: the Korea Value-up Index's stage 1 is ``{"<=": [{rank: {get: company.market_cap_krw}},
400]}``: the company's shared rank by market cap among the companies still in, at most 400.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable, Mapping

from ..errors import Location
from .numbers import Ratio
from .rankings import Placement, last_within, rank
from .runtime import Context, Function, Missing, Reason


@dataclass(frozen=True)
class Population:
    """How a population's rules read their data (see the module's description)."""

    record: type  # the members' record type (the company)
    item: str  # the name of the member in get: company
    roots: Mapping[str, type] = field(default_factory=dict)  # other records get reads: universe


class PopulationContext(Context):
    """The context a population's rules are evaluated in: the members they rank among (those
    still in), the parameters in force, the review date, the other records (``roots``: the
    universe), one memo, and the trace of the comparisons met (None: not recorded). ``maybe``:
    members that may or may not be among them, each with why it cannot be told (a figure not
    given stopped it earlier); ``PopulationRanking.bounds`` takes each in and out."""

    __slots__ = ("population", "records", "file", "trace", "maybe")

    def __init__(self, population: tuple[Any, ...], params: Mapping[str, Any], as_of: dt.date,
                 records: Mapping[str, Any] | None = None, file: str = "",
                 maybe: tuple[tuple[Any, list[Reason]], ...] = ()) -> None:
        self.product = None  # type: ignore[assignment]
        self.index = None  # type: ignore[assignment]
        self.population = population
        self.params = params
        self.as_of = as_of
        self.memo: dict[Any, Any] = {}
        self.shared = self.memo
        self._windows = {}
        self.records = dict(records or {})
        self.file = file
        self.trace: list[Measure] | None = None
        self.maybe = maybe

    def record(self, root: str) -> Any:
        return self.records[root]

    def location_of(self, path: str | None, *others: str | None) -> Location | None:
        if not path:
            return None
        for candidate in (path, *others):
            root, _, rest = (candidate or "").partition(".")
            written = (getattr(self.records.get(root), "locations", None) or {}).get(rest)
            if written is not None:
                return written  # type: ignore[no-any-return]
        return Location(getattr(self.records.get(path.partition(".")[0]), "file", None) or self.file)


@dataclass(slots=True)
class Measure:
    """One comparison as a member met it: the values on both sides and whether it held; for a
    ranking on the left, the member's placement, the ranked figure, the ranking, and ``needs``: the
    figure of the last member (of its group) still inside the line."""

    left: Any
    operator: str
    right: Any
    holds: bool
    measure: str | None = None  # "rank" or "rank_ratio" when the left side is a ranking
    figure: Any = None
    placement: Placement | None = None
    needs: Any = None
    label: Any = None  # the ranking (PopulationRanking)
    kind: Any = None  # the type of the values compared (vocabulary.types)
    name: str | None = None  # what the left side is called: a field or a definition
    decided: bool = True  # whether it decided the condition it is in (``all``/``any`` over a population)
    negated: bool = False  # under a ``not`` (an odd number of them): it counts the other way


def exact(value: Any) -> Any:
    """A Ratio as a Fraction (for sorting and reports); other values as they are."""
    if type(value) is Ratio:
        return Fraction(value.num) / Fraction(value.den)
    return value


@dataclass(frozen=True, eq=False)
class PopulationRanking:
    """A member's rank (or rank ratio) among the population of its context by ``key``, best first
    (``descending``: the largest), within the groups ``within`` gives; computed once per context."""

    key: Any  # tree.Expr: the figure
    within: Any  # tree.Expr | None: the group
    descending: bool
    ratio: bool

    def table(self, ctx: PopulationContext) -> tuple[dict[int, Placement], dict[int, Any]]:
        """Every member's placement and figure, by the member's id: members whose figure (or
        group) is missing are not ranked (their own result names what is missing)."""
        found = ctx.memo.get(self)
        if found is None:
            key, within = self.key.fn, self.within.fn if self.within is not None else None
            figures: dict[int, Any] = {}
            groups: dict[int, Any] = {}
            unranked: list[tuple[Any, Any, list[Reason]]] = []  # (member, its group or _UNKNOWN, why)
            for member in ctx.population:
                try:
                    value = key(ctx, member)
                except Missing as missing:
                    unranked.append((member, _group_or_unknown(within, ctx, member), list(missing.reasons)))
                    continue
                try:
                    group = within(ctx, member) if within is not None else None
                except Missing as missing:
                    unranked.append((member, _UNKNOWN, list(missing.reasons)))
                    continue
                figures[id(member)] = exact(value)
                groups[id(member)] = group
            placements = rank(figures, descending=self.descending, within=groups if within is not None else None)
            found = ctx.memo[self] = (placements, figures)
            ctx.memo[(self, "unranked")] = unranked
        return found

    def bounds(self, ctx: PopulationContext, item: Any) -> tuple[Any, Any] | None:
        """The item's rank (or rank ratio) at its two extremes where members it could be ranked
        with are not known to be: members left unranked (a figure, or the group, not given), each
        of which could rank above it or below it, and members that might be in the population
        (``ctx.maybe``), each of which could be in or out (above or below it, where its own figure
        is not given). One whose group is not known could be in the item's group or not. (lowest,
        highest); None where no such member can move it (``movers`` names them).

        A rank is 1 + the members strictly better: it is lowest with none of them above, highest
        with all that could be above. A rank ratio (rank / members) is lowest with those that
        could be below in and those above out, highest with those above in and those below out
        ((rank + a) / (members + a) grows with a, rank / (members + b) falls with b): the extremes
        bound every case. They are counted by group, with bisection among the figures of those
        that might be in (``_Movers``): a screen asks this of every company near a line."""
        place = self._place(ctx, item)
        if place is None:
            return None
        movers = self._movers(ctx)
        if movers is None:  # (figures that do not sort: each member compared in turn)
            either, above, below = map(len, self._whys(ctx, item, place))
        else:
            either, above, below = movers.count(self, ctx, item, place)
        if not (either or above or (below and self.ratio)):
            return None
        up = either + above
        low = Placement(place.rank, place.of + either + below) if self.ratio else Placement(place.rank, place.of)
        return self.value(low), self.value(Placement(place.rank + up, place.of + up))

    def movers(self, ctx: PopulationContext, item: Any) -> list[list[Reason]]:
        """Why each member that could move the item's rank (``bounds``) might: those that could
        rank above or below it, then those that could be in above it, then (for a rank ratio)
        those that could be in below it."""
        place = self._place(ctx, item)
        if place is None:
            return []
        either, above, below = self._whys(ctx, item, place)
        return either + above + (below if self.ratio else [])

    def _place(self, ctx: PopulationContext, item: Any) -> Placement | None:
        place = self.table(ctx)[0].get(id(item))
        if place is None:
            try:
                place = self.placement(ctx, item)  # (one that might be in, placed as if it were)
            except Missing:
                return None
        return place

    def _whys(self, ctx: PopulationContext, item: Any,
              place: Placement) -> tuple[list[list[Reason]], list[list[Reason]], list[list[Reason]]]:
        """The reasons of the members that could rank above or below the item, of those that
        could be in above it, and of those that could be in below it, in the population's order."""
        either: list[list[Reason]] = []  # could rank above or below it
        above: list[list[Reason]] = []  # could be in, better than it
        below: list[list[Reason]] = []  # could be in, not better (a tie keeps its rank)
        for member, group, why in ctx.memo[(self, "unranked")]:
            if member is not item and (self.within is None or group == place.group or group is _UNKNOWN):
                either.append(why)
        if ctx.maybe:
            mine = exact(self.key.fn(ctx, item))
            for member, group, figure, why in self._maybe(ctx):
                if member is item or (self.within is not None and group is not _UNKNOWN and group != place.group):
                    continue
                if figure is _UNKNOWN:
                    either.append(why)
                else:
                    (above if (figure > mine if self.descending else figure < mine) else below).append(why)
        return either, above, below

    def _movers(self, ctx: PopulationContext) -> _Movers | None:
        found = ctx.memo.get((self, "movers"), _UNSET)
        if found is _UNSET:
            found = ctx.memo[(self, "movers")] = _Movers.of(ctx.memo[(self, "unranked")],
                                                             self._maybe(ctx) if ctx.maybe else [])
        return found  # type: ignore[no-any-return]

    def _joining(self, ctx: PopulationContext, item: Any, figure: Any, group: Any) -> Placement | None:
        """A member that might be in (``ctx.maybe``), placed as if it were, among the members that
        are: 1 + those of its group strictly better, in a group one larger. None for another item."""
        if id(item) not in self._maybe_ids(ctx):
            return None
        placements, figures = self.table(ctx)
        groups = ctx.memo.get((self, "sorted"))
        if groups is None:
            groups = {}
            for member_id, place in placements.items():
                groups.setdefault(place.group, []).append(figures[member_id])
            for values in groups.values():
                values.sort()
            ctx.memo[(self, "sorted")] = groups
        values = groups.get(group, [])
        better = len(values) - bisect_right(values, figure) if self.descending else bisect_left(values, figure)
        return Placement(better + 1, len(values) + 1, group)

    def _maybe_ids(self, ctx: PopulationContext) -> frozenset[int]:
        found = ctx.memo.get((self, "maybe ids"))
        if found is None:
            found = ctx.memo[(self, "maybe ids")] = frozenset(id(member) for member, _ in ctx.maybe)
        return found  # type: ignore[no-any-return]

    def _maybe(self, ctx: PopulationContext) -> list[tuple[Any, Any, Any, list[Reason]]]:
        """The members that might be in the population: (member, group, figure, why), the group
        or figure ``_UNKNOWN`` where it is not given."""
        found = ctx.memo.get((self, "maybe"))
        if found is None:
            key, within = self.key.fn, self.within.fn if self.within is not None else None
            found = []
            for member, why in ctx.maybe:
                try:
                    figure = exact(key(ctx, member))
                except Missing:
                    figure = _UNKNOWN  # (why it might be in says enough)
                found.append((member, _group_or_unknown(within, ctx, member), figure, why))
            ctx.memo[(self, "maybe")] = found
        return found  # type: ignore[no-any-return]

    def settled(self, ctx: PopulationContext, item: Any, operator: str, right: Any, result: bool,
                holds: Callable[[Any, str, Any], bool]) -> None:
        """Missing where members left unranked could change whether the item's rank (ratio) meets
        ``operator right`` (``bounds``): only where both extremes agree is ``result`` the answer."""
        found = self.bounds(ctx, item)
        if found is None:
            return
        low, high = found
        if operator in ("<=", "<", ">=", ">") and {holds(low, operator, right), holds(high, operator, right)} == {result}:
            return
        raise self.unsure(item, self.movers(ctx, item))

    def unsure(self, item: Any, whys: list[list[Reason]]) -> Missing:
        """Why the item's rank (ratio) cannot be told: the first of the figures not given, and how
        many others' (``whys``: each member's reasons)."""
        reasons = [reason for why in whys for reason in why]
        what, what_ko = ("rank ratio", "순위비율") if self.ratio else ("rank", "순위")
        more = f" (and {len(reasons) - 1} more)" if len(reasons) > 1 else ""
        more_ko = f" (외 {len(reasons) - 1}건)" if len(reasons) > 1 else ""
        return Missing([Reason(f"its {what} depends on figures not given for {len(whys)} other member(s): "
                               f"{reasons[0].message}{more}", item, getattr(item, "location", None),
                               f"다른 {len(whys)}개 항목의 값이 없어 {what_ko}을 정할 수 없습니다: "
                               f"{reasons[0].ko or reasons[0].message}{more_ko}")])

    def placement(self, ctx: PopulationContext, item: Any) -> Placement:
        figure = self.key.fn(ctx, item)  # a missing figure (or group) is named as the member's own
        group = self.within.fn(ctx, item) if self.within is not None else None
        found = self.table(ctx)[0].get(id(item))
        if found is None:
            found = self._joining(ctx, item, exact(figure), group)
        if found is None:
            raise Missing.one("the item is not among the items ranked", item, getattr(item, "location", None),
                              ko="이 항목은 순위를 매긴 항목에 없습니다")
        return found

    def value(self, placement: Placement) -> Any:
        return Ratio(Decimal(placement.rank), Decimal(placement.of)) if self.ratio else placement.rank

    def measured(self, ctx: PopulationContext, item: Any, measure: Measure, holds: Callable[[Any, str, Any], bool]) -> None:
        """Add the member's placement, figure and what it would need to ``measure``."""
        placements, figures = self.table(ctx)
        place = placements[id(item)]
        measure.measure = "rank_ratio" if self.ratio else "rank"
        measure.figure, measure.placement, measure.label = figures[id(item)], place, self
        key = (self, place.group, measure.operator, _hashable(measure.right))
        if key not in ctx.memo:
            ctx.memo[key] = last_within(placements, figures,
                                        lambda p: holds(self.value(p), measure.operator, measure.right), place.group)
        measure.needs = ctx.memo[key]


_UNKNOWN = object()  # a member's group, where it is not given
_UNSET = object()


@dataclass(slots=True)
class _Movers:
    """The members that could move a member's rank (``PopulationRanking.bounds``), counted by
    group: those left unranked, and those that might be in, their figures sorted (or not given)."""

    unranked: dict[Any, int]  # group (or _UNKNOWN) -> how many
    unsure: dict[Any, int]  # might be in, figure not given: group -> how many
    figures: dict[Any, list[Any]]  # might be in, with a figure: group -> the figures, sorted
    own: dict[int, list[tuple[Any, Any]]]  # id of one of them -> (its group, figure) each time it is counted

    @classmethod
    def of(cls, unranked: list[tuple[Any, Any, Any]], maybe: list[tuple[Any, Any, Any, Any]]) -> _Movers | None:
        """None where the figures of those that might be in do not sort (text among numbers)."""
        counts: dict[Any, int] = {}
        unsure: dict[Any, int] = {}
        figures: dict[Any, list[Any]] = {}
        own: dict[int, list[tuple[Any, Any]]] = {}
        for member, group, _ in unranked:
            counts[group] = counts.get(group, 0) + 1
            own.setdefault(id(member), []).append((group, _UNKNOWN))  # (either way, as a figure not given)
        for member, group, figure, _ in maybe:
            if figure is _UNKNOWN:
                unsure[group] = unsure.get(group, 0) + 1
            else:
                figures.setdefault(group, []).append(figure)
            own.setdefault(id(member), []).append((group, figure))
        try:
            for values in figures.values():
                values.sort()
        except TypeError:
            return None
        return cls(counts, unsure, figures, own)

    def count(self, ranking: PopulationRanking, ctx: PopulationContext, item: Any,
              place: Placement) -> tuple[int, int, int]:
        """How many could rank above or below ``item``, could be in above it, could be in below it:
        ``PopulationRanking._whys``, counted, the item itself left out."""
        within = ranking.within is not None
        groups = (place.group, _UNKNOWN) if within and place.group is not _UNKNOWN else (place.group,)
        either = sum(self.unranked.get(g, 0) for g in groups)
        above = below = 0
        mine = None
        if ctx.maybe:
            mine = exact(ranking.key.fn(ctx, item))
            either += sum(self.unsure.get(g, 0) for g in groups)
            for g in groups:
                values = self.figures.get(g, ())
                better = len(values) - bisect_right(values, mine) if ranking.descending else bisect_left(values, mine)
                above, below = above + better, below + len(values) - better
        for group, figure in self.own.get(id(item), ()):
            if within and group not in groups:
                continue
            if figure is _UNKNOWN:
                either -= 1
            elif figure > mine if ranking.descending else figure < mine:
                above -= 1
            else:
                below -= 1
        return either, above, below


def _group_or_unknown(within: Any, ctx: PopulationContext, member: Any) -> Any:
    if within is None:
        return None
    try:
        return within(ctx, member)
    except Missing:
        return _UNKNOWN


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def ranked(ranking: PopulationRanking) -> Function:
    """The evaluation function of a rank (or rank ratio) among the population."""
    def fn(ctx: Context, item: Any) -> Any:
        return ranking.value(ranking.placement(ctx, item))  # type: ignore[arg-type]
    return fn


__all__ = ["Measure", "Population", "PopulationContext", "PopulationRanking", "exact", "ranked"]
