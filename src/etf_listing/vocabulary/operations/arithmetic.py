"""Arithmetic and ratios: exact quotients, and an item's share of a collection's total."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Sequence

from ..at_load import Refusal, refuse_known
from ..compiler import Compiler
from ..known import kinds_of
from ..numbers import Ratio, Shares, add_all
from ..runtime import Context, Function, Missing, Unavailable, column, looped, values_of
from ..tree import Args, Expr, items, operation, per_item, union_params, union_reads, values
from ..types import NUMBER, PART, Number


@operation("ratio", family="arithmetic", main=values(NUMBER, "[numerator, denominator]", least=2, most=2),
           result=Number("ratio"), memo=True)
def ratio(c: Compiler, args: Args) -> Function:
    """The numerator divided by the denominator, exact (never rounded); missing when the
    denominator is zero.

    Example: {ratio: [{count: {ref: held_constituents}}, {count: {ref: constituents}}]}
    """
    top, bottom = args["ratio"]
    if c.known(bottom) == 0:  # (UNKNOWN is no number: never equal to 0)
        raise c.error(args.where + ("ratio", 1), "the ratio's denominator is zero", "divide by a figure that can be other than 0",
                      ko="비율의 분모가 0입니다", hint_ko="0이 아닐 수 있는 값으로 나누세요")
    refuse_known(c, [bottom], args.where + ("ratio", 1), lambda value: Refusal(  # (a version that sets it to 0)
        "the ratio's denominator is zero", "비율의 분모가 0입니다", "divide by a figure that can be other than 0",
        "0이 아닐 수 있는 값으로 나누세요") if value == 0 else None)

    def ratio(ctx: Context, item: Any) -> Ratio:
        denominator = bottom.fn(ctx, item)
        if denominator == 0:
            raise Missing.one("the ratio's denominator is zero", item, ctx.location_of(bottom.path),
                              ko="비율의 분모가 0입니다")
        return Ratio.of(top.fn(ctx, item), denominator)

    return ratio


_DECIMAL = {Decimal}


@operation("share", family="arithmetic", main=per_item(NUMBER, "the figure of an item", over="within"),
           within=items("the collection whose total the figure is a part of"), result=PART, item=object)
def share(c: Compiler, args: Args) -> Expr:
    """The item's part of the total of a figure over a collection (the item's figure divided by the
    sum of every member's), exact; missing when the total is zero.

    Example: {share: {ref: mean_market_cap}, within: {ref: constituents}}
    """
    within, part = args["within"], args["share"]
    if within.uses_item:
        raise c.error(args.where + ("within",), "the collection of a share must not depend on the item",
                      ko="share의 컬렉션은 항목(item)에 따라 달라지면 안 됩니다")
    parts = [within, part]
    total = c.memo(Expr(lambda ctx, item: add_all(values_of(part, ctx, within.fn(ctx, None))), NUMBER,
                        params=union_params(parts), reads=union_reads(parts)))

    def share(ctx: Context, item: Any) -> Ratio:
        whole = total.fn(ctx, None)
        if whole == 0:
            raise Missing.one("the total is zero, so no share can be taken", location=ctx.location_of(within.path),
                              ko="합계가 0이라 비중을 구할 수 없습니다")
        return Ratio.of(part.fn(ctx, item), whole)

    def many(ctx: Context, members: Sequence[Any]) -> list[Any]:
        """The total once, then each member's figure over it."""
        if not members:
            return []
        try:
            whole = total.fn(ctx, None)
        except Missing as missing:
            return [Unavailable.of(missing)] * len(members)
        if whole == 0:
            return looped(share, ctx, members)
        figures = column(part, ctx, members)
        if type(whole) is Decimal and whole > 0 and kinds_of(figures) == _DECIMAL:
            return Shares.over(figures, whole)  # Ratio.of(f, whole): f / whole, as it is
        if type(whole) is Decimal and whole > 0:  # Ratio.of(figure, whole) for a Decimal figure
            return [Ratio(f, whole) if type(f) is Decimal else f if type(f) is Unavailable else Ratio.of(f, whole)
                    for f in figures]
        return [f if type(f) is Unavailable else Ratio.of(f, whole) for f in figures]

    return Expr(share, PART, uses_item=True, path=within.path, params=union_params(parts),
                reads=union_reads(parts), many=many)
