"""Arithmetic on a few figures of one item: their total, their mean, and a figure times a ratio.

Exact: figures given as decimals stay decimals while the result ends (the mean of 1.12 and 1.98 is
1.55); a result that does not end (the mean of three figures) is a ``Ratio``, never rounded. Every
figure is evaluated, so a result that cannot be computed names every figure that is missing.
"""

from __future__ import annotations

from decimal import Decimal, Inexact
from fractions import Fraction
from typing import Any

from ..compiler import Compiler
from ..numbers import EXACT, Ratio, is_number
from ..runtime import Context, Function, Missing, gather
from ..tree import Args, operation, values
from ..types import ANY, NUMBER, Number, Type, common


def _figures(args: Args, name: str) -> list[Any]:
    return list(args[name])


def _one_unit(name: str) -> Any:
    def result(args: Args) -> Type:
        found = common([part.type for part in args[name]])
        if name == "add" and isinstance(found, Number) and found.part:
            return Number(found.unit)  # two weights added may pass 1: a total of parts is no part
        return found
    return result


def _check_units(c: Compiler, args: Args, name: str) -> None:
    parts = args[name]
    if common([p.type for p in parts]) is ANY and all(p.type is not ANY for p in parts):
        shown = " and ".join(sorted({p.type.describe() for p in parts}))
        shown_ko = ", ".join(sorted({p.type.describe("ko") for p in parts}))
        raise c.error(args.where + (name,), f"{name} of {shown}: the figures must be of one unit",
                      ko=f"{name}: {shown_ko}은(는) 단위가 달라 함께 쓸 수 없습니다")


def _number(found: Any) -> Any:
    if not is_number(found):
        raise Missing.one(f"expected a number, got {found!r}", ko=f"숫자여야 합니다. 입력값: {found!r}")
    return found


def _fraction(value: Any) -> Fraction:
    if type(value) is Ratio:
        return Fraction(value.num) / Fraction(value.den)
    return Fraction(value)


def _ratio(value: Fraction) -> Any:
    return Ratio(Decimal(value.numerator), Decimal(value.denominator)) if value.denominator != 1 else Decimal(value.numerator)


def total(found: list[Any]) -> Any:
    """The exact sum: a Decimal while every figure is one and the sum fits, else a Ratio."""
    if all(type(v) is Decimal for v in found):
        try:
            result = Decimal(0)
            for value in found:
                result = EXACT.add(result, value)
            return result
        except Inexact:
            pass
    return _ratio(sum((_fraction(v) for v in found), Fraction(0)))


def _evaluated(parts: list[Any], ctx: Context, item: Any) -> list[Any]:
    return gather(parts, lambda part: _number(part.fn(ctx, item)))


@operation("add", family="arithmetic", main=values(NUMBER, "[A, B, ...]: figures of one unit", least=1),
           result=_one_unit("add"), result_doc="a number in the unit of the figures")
def add(c: Compiler, args: Args) -> Function:
    """The total of a few figures of one unit (a two-year net income), exact; missing when any is.

    Example: {add: [{get: company.net_income_krw_y1}, {get: company.net_income_krw_y2}]}
    """
    _check_units(c, args, "add")
    parts = _figures(args, "add")
    return lambda ctx, item: total(_evaluated(parts, ctx, item))


@operation("mean", family="arithmetic", main=values(NUMBER, "[A, B, ...]: figures of one unit", least=1),
           result=_one_unit("mean"), result_doc="a number in the unit of the figures")
def mean(c: Compiler, args: Args) -> Function:
    """The mean of a few figures of one unit (a two-year mean PBR), exact; missing when any is.

    Example: {mean: [{get: company.pbr_y1}, {get: company.pbr_y2}]}
    """
    _check_units(c, args, "mean")
    parts = _figures(args, "mean")
    count = len(parts)

    def mean_(ctx: Context, item: Any) -> Any:
        summed = total(_evaluated(parts, ctx, item))
        if type(summed) is Decimal:
            try:
                return EXACT.divide(summed, Decimal(count))  # the mean of two decimals ends: a Decimal
            except Inexact:
                pass
        return _ratio(_fraction(summed) / count)

    return mean_


def _product_type(args: Args) -> Type:
    units = [p.type.unit for p in args["multiply"] if isinstance(p.type, Number)]
    own = [u for u in units if u not in (None, "ratio")]
    if own:
        return Number(own[0])
    return Number("ratio") if units and all(u == "ratio" for u in units) else NUMBER


@operation("multiply", family="arithmetic", main=values(NUMBER, "[A, B]: a figure and a ratio (or two numbers)", least=2, most=2),
           result=_product_type, result_doc="the unit of the figure that is not a ratio")
def multiply(c: Compiler, args: Args) -> Function:
    """A times B, exact: a figure times a ratio keeps the figure's unit (a market cap times a
    free-float ratio is an amount in KRW); two figures with units (KRW times KRW) are refused.

    Example: {multiply: [{get: company.market_cap_krw}, {get: company.free_float_ratio}]}
    """
    parts = _figures(args, "multiply")
    units = [p.type.unit for p in parts if isinstance(p.type, Number) and p.type.unit not in (None, "ratio")]
    if len(units) > 1:
        raise c.error(args.where + ("multiply",), f"{parts[0].type.describe()} times {parts[1].type.describe()} is not a figure",
                      "multiply a figure by a ratio (a market cap by a free-float ratio)",
                      ko=f"{parts[0].type.describe('ko')}와(과) {parts[1].type.describe('ko')}은(는) 곱할 수 없습니다",
                      hint_ko="수치에 비율을 곱하세요(시가총액 x 유동비율)")

    def product(ctx: Context, item: Any) -> Any:
        left, right = _evaluated(parts, ctx, item)
        if type(left) is Decimal and type(right) is Decimal:
            try:
                return EXACT.multiply(left, right)
            except Inexact:
                pass
        return _ratio(_fraction(left) * _fraction(right))

    return product


__all__ = ["add", "mean", "multiply", "total"]
