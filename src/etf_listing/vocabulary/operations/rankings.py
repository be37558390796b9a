"""Rankings: the largest items of a collection by a figure, by number or by cumulative share."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from decimal import Decimal
from itertools import accumulate, compress, repeat
from operator import attrgetter, ge
from typing import Any, Sequence

from ...model import _Coded
from ...records import Rows, rows_at
from .. import runtime
from ..compiler import Compiler
from ..known import kinds_of
from ..numbers import Ratio, add_all, as_ratio, common_denominator, is_number, numerators
from ..parts import part
from ..runtime import Context, Function, Missing, values_of
from ..tree import Args, items, operation, per_item, value
from ..types import NUMBER, Number, Text


_PLAIN = (int, Decimal)
_PLAIN_TYPES = frozenset(_PLAIN)
_key = attrgetter("key")
_code = attrgetter("code")
_CODED_KEY = _Coded.__dict__["key"]


def keys_of(members: Sequence[Any]) -> list[Any]:
    """Each member's key, in order: items known by their code (constituents, PDF rows) by their
    code, read directly rather than through the ``key`` property for each."""
    if type(members) is Rows and getattr(members.cls, "key", None) is _CODED_KEY:
        return list(members.column("code"))  # (a table's rows kept as columns: none made)
    if all(getattr(kind, "key", None) is _CODED_KEY for kind in set(map(type, members))):
        return list(map(_code, members))
    return list(map(_key, members))


def ranking(members: Sequence[Any], figures: list[Any]) -> list[int]:
    """The members' positions, largest figure first; ties by the member's key, so file order never
    matters. Sorted as positions, by columns of keys and figures (no Python call per comparison)."""
    keys = keys_of(members)
    order = sorted(range(len(members)), key=keys.__getitem__)
    if common_denominator(figures) is not None:
        # means over the same number of days: they order as their sums, without a Ratio comparison
        parts = numerators(figures)
        order.sort(key=parts.__getitem__, reverse=True)  # stable: ties keep key order
    else:
        order.sort(key=figures.__getitem__, reverse=True)
    return order


def ranked(values: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """(item, value) pairs, largest value first; ties by the item's key, so file order never matters."""
    return [values[i] for i in ranking([pair[0] for pair in values], [pair[1] for pair in values])]


@operation("top", family="rankings", main=value(Number("count"), "how many items", whole=True),
           of=items("the items to rank"), by=per_item(NUMBER, "the figure they are ranked by", over="of"),
           result=lambda args: args.type("of"), memo=True, path="of", result_doc="a collection of the same items")
def top(c: Compiler, args: Args) -> Function:
    """The N items with the largest figure (ties broken by the item's key, so the file's row order
    never matters).

    Example: {top: 3, of: {ref: constituents}, by: {ref: mean_market_cap}}
    """
    count, collection, by = args["top"], args["of"].fn, args["by"]

    def top(ctx: Context, item: Any) -> Sequence[Any]:
        members = collection(ctx, item)
        values = values_of(by, ctx, members)
        return part(members, ranking(members, values)[: int(count.fn(ctx, None))])

    return top


@operation("top_cumulative_share", family="rankings", main=items("the items to rank"),
           by=per_item(NUMBER, "the figure they are ranked by"),
           cut=value(Number("ratio"), "the cumulative share that bounds the top (0.85)", fixed=True),
           straddling=value(Text(("include", "exclude")), "whether the item that straddles the cut is in", fixed=True),
           result=lambda args: args.type("top_cumulative_share"), memo=True,
           result_doc="a collection of the same items")
def top_cumulative_share(c: Compiler, args: Args) -> Function:
    """The largest items, taken in order of their figure, while their cumulative share of the
    total stays within the cut. ``straddling: include`` keeps the item that crosses the cut (the
    items ranked above it hold less than the cut); ``exclude`` keeps only items whose cumulative
    share, themselves included, is at most the cut. Missing when the total is zero.

    Example: {top_cumulative_share: {ref: constituents}, by: {ref: mean_market_cap}, cut: 0.85, straddling: include}
    """
    collection, by, cut, straddling = args["top_cumulative_share"], args["by"], args["cut"].fn, args["straddling"].fn
    members_of = collection.fn
    whole_columns = runtime.COLUMNS  # (else the loop alone: the reference the one pass is tested against)

    def top_share(ctx: Context, item: Any) -> Sequence[Any]:
        members = members_of(ctx, item)
        values = values_of(by, ctx, members)
        if whole_columns and members and kinds_of(values) <= _PLAIN_TYPES:
            cut_members = _within_cut(ctx, members, values, cut(ctx, None), straddling(ctx, None), collection.path)
            if cut_members is not None:
                return cut_members
        total = add_all(values)
        if total == 0:  # every issue's part of nothing: no issue is inside any cut, so nothing can be said
            raise Missing.one("the total is zero, so no cumulative share can be taken", location=ctx.location_of(collection.path),
                              ko="합계가 0이라 누적 비중을 구할 수 없습니다")
        line, include = cut(ctx, None), straddling(ctx, None)
        if include not in ("include", "exclude"):
            raise Missing.one(f"straddling is include or exclude, not {include!r}",
                              ko=f"straddling은 include 또는 exclude입니다. 입력값: {include!r}")
        # share < line is part < line x total when the total is positive: one product, not a Ratio per issue
        bound = as_ratio(total) * line if total > 0 and is_number(line) else None
        if bound is not None and type(total) in _PLAIN and type(line) in _PLAIN:
            bound = total * line  # the same product as a Decimal: compared without a Ratio call
        chosen, above = [], Decimal(0)
        for member, value in ranked(list(zip(members, values))):
            through = above + value
            if bound is not None:
                inside = above < bound if include == "include" else through <= bound
            else:
                inside = Ratio.of(above, total) < line if include == "include" else Ratio.of(through, total) <= line
            if not inside:
                break
            chosen.append(member)
            above = through
        return tuple(chosen)

    return top_share


def _within_cut(ctx: Context, members: Sequence[Any], values: list[Any], line: Any, include: Any,
                path: str | None) -> Sequence[Any] | None:
    """``top_cumulative_share`` over whole numbers and Decimals none of which is negative, as one
    pass: the cumulative sums of the ranked figures, and the cut found by bisection among them, as
    they never decrease. None where that does not hold (a negative figure, a cut that is not a
    number, a straddling that is neither include nor exclude), for the general loop to decide and
    explain.

    The members past the cut need no order among themselves. Those at or above a figure that
    about ``FIRST_GUESS`` (or a 32nd of the members) reach, read off every 8th member's figure, are
    ranked first: every member left out has a smaller figure, so they are the first of a full
    ranking. Only where their cumulative sum does not reach the cut are all the members ranked.
    An index's market caps are heavy-tailed: its top 85% is often a few dozen issues of a thousand."""
    if type(line) not in _PLAIN or include not in ("include", "exclude"):
        return None
    if min(values) < 0:
        return None
    total = add_all(values)
    if total == 0:
        raise Missing.one("the total is zero, so no cumulative share can be taken", location=ctx.location_of(path),
                          ko="합계가 0이라 누적 비중을 구할 수 없습니다")
    bound = total * line  # share < line is part < line x total when the total is positive
    if not 0 < bound:
        return ()  # nothing above it holds less than the cut, and the largest alone holds more
    guess = max(FIRST_GUESS, len(members) // 32)
    if guess <= len(members) // 16:  # (a few hundred members or more: below that, one sort costs little)
        sample = sorted(values[::_STRIDE], reverse=True)
        floor = sample[min(guess // _STRIDE, len(sample) - 1)]
        places = list(compress(range(len(values)), map(ge, values, repeat(floor))))  # in C, no ranking
        if len(places) <= len(members) // 4:
            ranked_places = ranking(rows_at(members, places), list(map(values.__getitem__, places)))
            top = list(map(places.__getitem__, ranked_places))
            through = list(accumulate(map(values.__getitem__, top)))
            if through[-1] > bound or (include == "include" and through[-1] == bound):
                return _cut(members, top, through, bound, include)
    order = ranking(members, values)
    return _cut(members, order, list(accumulate(map(values.__getitem__, order))), bound, include)


# How many of the largest members ``_within_cut`` takes before ranking them all (at least), and
# the members whose figures it reads to find the figure they reach (every 8th).
FIRST_GUESS = 16
_STRIDE = 8


def _cut(members: Sequence[Any], order: list[int], through: list[Any], bound: Any, include: str) -> Sequence[Any]:
    """The members within the cut, of the ranked positions ``order`` with their cumulative sums
    ``through`` (each member's, itself included)."""
    if include == "include":  # the members above it hold less than the cut: through[k - 1] < bound
        count = min(bisect_left(through, bound) + 1, len(order))
    else:  # itself included, at most the cut
        count = bisect_right(through, bound)
    return part(members, order[:count])
