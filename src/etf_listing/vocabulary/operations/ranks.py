"""Ranks and capped weights of an item within a collection: shared ("1224") ranks, rank ratios,
ranks within groups, and weights capped with the excess redistributed (``vocabulary.rankings``)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Callable

from ..compiler import Compiler
from ..numbers import Ratio
from ..runtime import Context, Function, Missing
from ..tree import Args, Expr, items, name, operation, per_item, union_params, union_reads, value
from ..types import NUMBER, PART, TEXT, Number

if TYPE_CHECKING:
    from ..rankings import Placement

# The rankings themselves (``vocabulary.rankings``, ``vocabulary.population``) are imported when a
# rule that ranks is compiled: a rulebook without one does not import them.

_SERIALS = itertools.count(1)


def _memo(ctx: Context, shared: bool) -> dict[Any, Any]:
    return ctx.shared if shared else ctx.memo


def _via(members: dict[Any, Any], figure: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A sort key over members' keys (their codes), reading the member's figure."""
    return lambda key: figure(members[key])


def _exact(value: Any) -> Fraction:
    if isinstance(value, Ratio):
        return Fraction(value.num) / Fraction(value.den)
    return Fraction(value)


def _placements(args: Args, main: str) -> Callable[[Context, Any], Placement]:
    """The item's placement among ``among`` by the figure under ``main``, best first, computed once
    for the collection: members whose figure (or group) is missing are not ranked, and an item
    that is not a member of the collection has no rank."""
    from ..rankings import rank

    members_of, figure = args["among"].fn, args[main].fn
    group = args["within"].fn if args["within"] is not None else None
    descending = (args["order"] or "descending") == "descending"
    tag = ("placements", next(_SERIALS))
    shared = "product" not in (args["among"].reads | args[main].reads)

    def table(ctx: Context) -> dict[int, Placement]:
        memo = _memo(ctx, shared)
        found = memo.get(tag)
        if found is None:
            figures: dict[int, Any] = {}
            groups: dict[int, Any] = {}
            for member in members_of(ctx, None):
                try:
                    figures[id(member)] = _exact(figure(ctx, member))
                    groups[id(member)] = group(ctx, member) if group is not None else None
                except Missing:
                    continue
            found = memo[tag] = rank(figures, descending=descending, within=groups if group is not None else None)
        return found

    def placement(ctx: Context, item: Any) -> Placement:
        figure(ctx, item)  # a missing figure is named as the item's own
        if group is not None:
            group(ctx, item)
        found = table(ctx).get(id(item))
        if found is None:
            raise Missing.one("the item is not among the items ranked", item, getattr(item, "location", None),
                              ko="이 항목은 순위를 매긴 항목에 없습니다")
        return found

    return placement


_ORDER = name("descending (the largest figure ranks first, the default) or ascending", choices=("descending", "ascending"),
              required=False)


_AMONG = items("the items ranked together; without it, a population's members still in (vocabulary.population)",
               required=False)


def _among_population(c: Compiler, args: Args, main: str, ratio: bool) -> Expr:
    """A rank (or rank ratio) among the population the rule is evaluated over: no ``among`` is
    written. Only a population's rules have one; a rulebook's rank names what it ranks among."""
    from ..population import PopulationRanking, ranked

    if c.population is None:
        raise c.error(args.where, f"{main} needs 'among': the items ranked together",
                      ko=f"{main}에는 'among'(함께 순위를 매길 항목)이 필요합니다")
    key, within = args[main], args["within"]
    ranking = PopulationRanking(key, within, (args["order"] or "descending") == "descending", ratio)
    parts = [key, *([within] if within is not None else [])]
    return Expr(ranked(ranking), PART if ratio else Number("count"), uses_item=True, params=union_params(parts),
                reads=union_reads(parts), detail=ranking)


@operation("rank", family="rankings", main=per_item(NUMBER, "the figure the items are ranked by", over="among"),
           among=_AMONG, within=per_item(TEXT, "a group: rank within it", over="among", required=False),
           order=_ORDER, result=Number("count"), item=object, path="among")
def rank_(c: Compiler, args: Args) -> Function | Expr:
    """The item's rank among a collection by a figure: 1 for the best, and equal figures share the
    best rank of their run ("1224"); with ``within``, among the items of its group only.

    Example: {rank: {get: item.market_cap_krw}, among: {ref: constituents}}
    Example: {rank: {ref: mean_market_cap}, among: {ref: constituents}, within: {get: item.sector}, order: descending}
    Example: {rank: {get: company.market_cap_krw}}
    """
    if args["among"] is None:
        return _among_population(c, args, "rank", ratio=False)
    placement = _placements(args, "rank")
    return lambda ctx, item: placement(ctx, item).rank


@operation("rank_ratio", family="rankings", main=per_item(NUMBER, "the figure the items are ranked by", over="among"),
           among=_AMONG, within=per_item(TEXT, "a group: rank within it", over="among", required=False),
           order=_ORDER, result=PART, item=object, path="among")
def rank_ratio(c: Compiler, args: Args) -> Function | Expr:
    """The item's rank divided by the number of items ranked with it (of its group, with
    ``within``): 1/N for the best, exact, so a rank ratio of exactly 0.5 is decided as 0.5.

    Example: {rank_ratio: {get: item.market_cap_krw}, among: {ref: constituents}, within: {get: item.sector}}
    Example: {rank_ratio: {ref: mean_roe}, within: {get: company.industry_group}}
    """
    if args["among"] is None:
        return _among_population(c, args, "rank_ratio", ratio=True)
    placement = _placements(args, "rank_ratio")

    def ratio(ctx: Context, item: Any) -> Ratio:
        found = placement(ctx, item)
        return Ratio(Decimal(found.rank), Decimal(found.of))

    return ratio


@operation("capped_weight", family="rankings", main=per_item(NUMBER, "the figure weights are shares of", over="within"),
           within=items("the items weighted together"), cap=value(Number("ratio"), "the largest weight", fixed=True),
           result=PART, item=object, path="within")
def capped_weight(c: Compiler, args: Args) -> Function:
    """The item's share of the figure's total over a collection, no share above the cap: the excess
    of capped items is shared among the others in proportion to their figures, round after round.
    Exact: the weights sum to exactly 1. Missing when no weights can meet the cap.

    Example: {capped_weight: {ref: free_float_market_cap}, within: {ref: constituents}, cap: 0.15}
    """
    from ..rankings import CapInfeasible, capped_weights

    members_of, figure, cap = args["within"].fn, args["capped_weight"].fn, args["cap"].fn
    tag = ("capped", next(_SERIALS))
    shared = "product" not in (args["within"].reads | args["capped_weight"].reads | args["cap"].reads)

    def weight(ctx: Context, item: Any) -> Ratio:
        memo = _memo(ctx, shared)
        found = memo.get(tag)
        if found is None:
            figures = {id(member): _exact(figure(ctx, member)) for member in members_of(ctx, None)}
            try:
                found = memo[tag] = capped_weights(figures, _exact(cap(ctx, None))).weights
            except CapInfeasible as error:
                raise Missing.one(f"the weights cannot be capped: {error}", ko=f"비중 상한을 적용할 수 없습니다: {error.ko}") from None
        share = found.get(id(item))
        if share is None:
            raise Missing.one("the item is not among the items weighted", item, getattr(item, "location", None),
                              ko="이 항목은 비중을 계산한 항목에 없습니다")
        return Ratio(Decimal(share.numerator), Decimal(share.denominator))

    return weight


@operation("best", family="rankings", main=value(Number("count"), "how many items", whole=True),
           of=items("the items to choose from"), by=per_item(NUMBER, "the figure that orders them", over="of"),
           order=_ORDER, then_by=per_item(NUMBER, "the figure that breaks ties of by", over="of", required=False),
           then_order=name("the order of then_by: descending (the default) or ascending", choices=("descending", "ascending"),
                           required=False),
           result=lambda args: args.type("of"), memo=True, path="of", result_doc="a collection of the same items")
def best(c: Compiler, args: Args) -> Function:
    """The N best items by a figure (``order: ascending`` when the smallest is best), ties broken
    by ``then_by``, then by the item's key (its code), so the file's row order never matters.

    Example: {best: 100, of: {ref: candidates}, by: {ref: roe_rank_ratio}, order: ascending, then_by: {get: item.market_cap_krw}}
    """
    from ..rankings import SortKey, ordered

    count, members_of, by = args["best"].fn, args["of"].fn, args["by"].fn
    then_by = args["then_by"].fn if args["then_by"] is not None else None
    keys = [(by, (args["order"] or "descending") == "descending")]
    if then_by is not None:
        keys.append((then_by, (args["then_order"] or "descending") == "descending"))

    def chosen(ctx: Context, item: Any) -> tuple[Any, ...]:
        members = list(members_of(ctx, item))
        sort_keys = []
        for figure, descending in keys:
            table = {id(m): _exact(figure(ctx, m)) for m in members}
            sort_keys.append(SortKey(lambda m, table=table: table[id(m)], descending))  # type: ignore[misc]
        by_key = {(m.key, i): m for i, m in enumerate(members)}  # a code listed twice (a PDF) is kept twice
        return tuple(by_key[k] for k in ordered(list(by_key), [SortKey(_via(by_key, k.figure), k.descending) for k in sort_keys])
                     [: int(count(ctx, None))])

    return chosen
