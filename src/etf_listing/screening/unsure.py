"""What figures not given leave open at the selection: which companies could come before which,
and so which of the last places cannot be told.

A company competes with its keys (the selection's order: its rank ratio within its group, then its
market cap, then its code). Figures not given move them in three ways, each taken at its extremes:

- a ranking's members left out, or companies that might be among them (``PopulationRanking.bounds``),
  move a competitor's rank ratio between a best and a worst;
- a competitor without a figure of the order could come anywhere: before any;
- a company stopped earlier by a figure not given is a rival: it might have passed every stage, and
  would then compete where its own figures place it (its best keys), or before any where they
  cannot be told; one that might meet a special inclusion could take a place first.

Within one group the rank ratios share their denominator whoever is in, so they follow the figures:
a rival of a company's own group comes before it only by its figure (then the other keys), never by
extremes taken apart (a rival that ties on ROE but is smaller comes after, in or out). A key of the
order a rival lacks after the first could be any value: it is ``UNKNOWN``, before any, and the
keys before it still decide.

A company is surely selected where fewer than the places left could come before it even at its
worst, surely not where that many surely do at its best; else its place is unsure.
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Optional

from ..vocabulary.population import PopulationContext, exact
from ..vocabulary.rankings import SortKey
from ..vocabulary.runtime import Missing, label

if TYPE_CHECKING:
    from .methodology import Methodology, ScreenRule
    from .model import Company


@functools.total_ordering
class _Unknown:
    """A key of the order not given: it could be the best, so it sorts before any value (and ties
    with itself)."""

    __slots__ = ()

    def __lt__(self, other: object) -> bool:
        return type(other) is not _Unknown

    def __eq__(self, other: object) -> bool:
        return type(other) is _Unknown

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN = _Unknown()
_NO_GROUP = object()  # (a rival compared across groups only: the order's first key is no ranking)


@dataclass(frozen=True)
class Placed:
    """A company that might compete, with the keys it would compete with, were it in: against a
    company of another group (or of none), ``keys``: its best rank ratio, then the other keys;
    against one of its own ``group``, ``own``: its figure, then the other keys (within one group
    the rank ratios follow the figures). A key it lacks is ``UNKNOWN``."""

    keys: tuple[Any, ...]
    group: Any = _NO_GROUP
    own: tuple[Any, ...] | None = None


Rival = Optional[Placed]  # a rival's keys, or None: it could come before any


def _sortable(value: Any, descending: bool) -> Any:
    value = exact(value)
    return -value if descending else value


def _given(key: Any, scope: PopulationContext, company: Company) -> Any:
    """A key of the order after the first, UNKNOWN where the company lacks its figure."""
    try:
        return _sortable(key.by.fn(scope, company), key.descending)
    except Missing:
        return UNKNOWN


def _figure_key(ranking: Any, descending: bool, figure: Any) -> Any:
    """The ranked figure as the order's first key sorts its rank (ratio): the better figure first
    where the order puts the lower rank first (``descending`` false)."""
    value = _sortable(figure, ranking.descending)
    return -value if descending else value


def rival(rule: ScreenRule, scope: PopulationContext, company: Company, code: str) -> Rival:
    """The keys a company that might be still in (``scope.maybe``) would compete with, were it in
    (``Placed``); None where the first key of the order, or its group, is not given (or is text,
    with no extremes)."""
    try:
        rest = tuple(_given(key, scope, company) for key in rule.order[1:])
        first = rule.order[0]
        ranking = first.by.detail
        if ranking is None:
            return Placed((_sortable(first.by.fn(scope, company), first.descending), *rest, code))
        found = ranking.bounds(scope, company)
        ends = found[:2] if found else (first.by.fn(scope, company),)
        best = min(_sortable(end, first.descending) for end in ends)
        group = ranking.within.fn(scope, company) if ranking.within is not None else None
        own = _figure_key(ranking, first.descending, ranking.key.fn(scope, company))
        return Placed((best, *rest, code), group, (own, *rest, code))
    except (Missing, TypeError):
        return None


def might_be_included(methodology: Methodology, scope: PopulationContext, company: Company) -> bool:
    """Whether a company stopped at an exclusion by a figure not given might meet a special
    inclusion (judged among the screened companies, ``scope``, as if it were one of them)."""
    for rule in methodology.rules_of("inclusion"):
        try:
            if rule.applies_when.fn(scope, company) and rule.condition.fn(scope, company):  # type: ignore[union-attr]
                return True
        except Missing:
            return True
    return False


def unsure_places(rule: ScreenRule, scope: PopulationContext, order: list[str], keys: list[SortKey[str]], room: int,
                  companies: Mapping[str, Company], rivals: Mapping[str, Rival]) -> dict[str, tuple[tuple[str, str], ...]]:
    """The companies of ``order`` whose selection among the first ``room`` could change with
    figures not given, with why (see the module's description); ``rivals``: by code, the keys of
    each company that is not competing but might (``Placed``), or None where it could come before
    any (one competing whose special inclusion is undecided: before any other, were it included).

    Companies of one group keep their order among themselves (a member left out moves their ranks
    alike): only across groups, and behind rivals, can an order change."""
    ranking = rule.order[0].by.detail if rule.order else None
    if not order or (ranking is None and not rivals):
        return {}
    bounds = {code: ranking.bounds(scope, companies[code]) for code in order} if ranking is not None else {}
    if not rivals and all(found is None for found in bounds.values()):
        return {}
    placements, figures = ranking.table(scope) if ranking is not None else ({}, {})
    try:
        best, worst, now, mine = {}, {}, {}, {}
        for code in order:
            rest = tuple(_sortable(key.figure(code), key.descending) for key in keys[1:]) + (code,)
            first = _sortable(keys[0].figure(code), keys[0].descending)
            found = bounds.get(code)
            ends = [_sortable(found[0], keys[0].descending), _sortable(found[1], keys[0].descending)] if found else [first]
            best[code], worst[code], now[code] = (min(ends), *rest), (max(ends), *rest), (first, *rest)
            if ranking is not None and id(companies[code]) in figures:
                mine[code] = (_figure_key(ranking, keys[0].descending, figures[id(companies[code])]), *rest)
        anywhere = {code for code, placed in rivals.items() if placed is None}
        across = sorted(placed.keys for placed in rivals.values() if placed is not None)
        # a rival of a company's own group: by its figure (``own``), not by its best rank ratio
        of_group: dict[Any, tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]] = {}
        for placed in rivals.values():
            if placed is not None and placed.own is not None:
                pair = of_group.setdefault(placed.group, ([], []))
                pair[0].append(placed.keys)
                pair[1].append(placed.own)
        for pair in of_group.values():
            pair[0].sort()
            pair[1].sort()
    except TypeError:  # an order by text: no extremes to take
        return {}
    group = {code: getattr(placements.get(id(companies[code])), "group", None) for code in order}
    members: dict[Any, list[str]] = {}
    for code in order:
        members.setdefault(group[code], []).append(code)
    bests, worsts = sorted(best.values()), sorted(worst.values())
    within = {g: (sorted(best[c] for c in codes), sorted(worst[c] for c in codes), sorted(now[c] for c in codes))
              for g, codes in members.items()}

    def rivals_before(code: str) -> int:
        """How many rivals could come before it: those that could come before any, those of other
        groups whose best keys come before its worst, those of its own whose figure comes first."""
        count = len(anywhere) - (code in anywhere) + bisect_left(across, worst[code])
        pair = of_group.get(group[code]) if code in mine else None
        if pair is not None:
            count += bisect_left(pair[1], mine[code]) - bisect_left(pair[0], worst[code])
        return count

    def counts(code: str) -> tuple[int, int, int]:
        """How many could come before it (rivals among them), and how many surely do."""
        g_bests, g_worsts, g_now = within[group[code]]
        ahead_in_group = bisect_left(g_now, now[code])  # (its own group: the order as it is)
        before = rivals_before(code)
        could = bisect_left(bests, worst[code]) - bisect_left(g_bests, worst[code]) + ahead_in_group + before
        surely = bisect_left(worsts, best[code]) - bisect_left(g_worsts, best[code]) + ahead_in_group
        return could, before, surely

    # A competitor whose special inclusion is undecided, surely within the places whatever comes
    # before it, moves no one if included: it leaves the order and takes the place it had. Found
    # so, it is no rival of the others, which may find more such (each found with more rivals).
    while True:
        inside = {code for code in anywhere if code in best and counts(code)[0] < room}
        if not inside:
            break
        anywhere -= inside
    unsure: dict[str, tuple[tuple[str, str], ...]] = {}
    for code in order:
        could, before, surely = counts(code)
        if could >= room > surely:
            found = bounds.get(code)
            if found:
                whys = ranking.movers(scope, companies[code])  # type: ignore[union-attr]
            else:  # (the first reason of the first that any could move)
                first = next((other for other, moved in bounds.items() if moved), None)
                whys = ranking.movers(scope, companies[first])[:1] if ranking is not None and first is not None else []
            if ranking is not None and whys and could - before >= room:  # (else the rivals alone decide it)
                unsure[code] = lacking(ranking.unsure(companies[code], whys), companies[code])
            else:
                unsure[code] = ((f"{before} compan{'y' if before == 1 else 'ies'} left out for a figure not given "
                                 "(of the order, or one that stopped it earlier) could come before it",
                                 f"주어지지 않은 값 때문에 빠진 기업 {before}개(순서의 값, 또는 앞서 멈추게 한 값)가 앞설 수 있습니다"),)
    return unsure


def lacking(error: Missing, company: Company) -> tuple[tuple[str, str], ...]:
    """What a company lacks, in English and Korean, each once: the company is named by the report,
    so a reason about it leaves out its name."""
    prefix = label(company) + ": "
    found = ((r.message.removeprefix(prefix), (r.ko or r.message).removeprefix(prefix)) for r in error.reasons)
    return tuple(dict.fromkeys(found))
