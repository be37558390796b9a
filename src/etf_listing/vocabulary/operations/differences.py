"""Arithmetic on single numbers: a difference, an absolute value, a sign, the greatest of several."""

from __future__ import annotations

from typing import Any

from ..compiler import Compiler
from ..numbers import is_number
from ..runtime import Context, Function, Missing
from ..tree import Args, operation, value, values
from ..types import NUMBER, Type, common


def _common(option: str) -> Any:
    def result(args: Args) -> Type:
        found = args[option]
        parts = found if isinstance(found, list) else [found]
        return common([part.type for part in parts if part is not None])
    return result


def _number(found: Any) -> Any:
    if not is_number(found):
        raise Missing.one(f"expected a number, got {found!r}", ko=f"숫자여야 합니다. 입력값: {found!r}")
    return found


@operation("difference", family="arithmetic", main=values(NUMBER, "[A, B]", least=2, most=2), result=_common("difference"),
           result_doc="a number in the unit of A and B")
def difference(c: Compiler, args: Args) -> Function:
    """A minus B, exact.

    Example: {difference: [{on_day: {ref: close}}, {on_day: {ref: nav}}]}
    """
    a, b = (part.fn for part in args["difference"])
    return lambda ctx, item: _number(a(ctx, item)) - _number(b(ctx, item))


@operation("absolute", family="arithmetic", main=value(NUMBER, "the number"), result=_common("absolute"),
           result_doc="a number in its unit")
def absolute(c: Compiler, args: Args) -> Function:
    """The number without its sign.

    Example: {absolute: {difference: [{on_day: {ref: close}}, {on_day: {ref: nav}}]}}
    """
    a = args["absolute"].fn

    def absolute_(ctx: Context, item: Any) -> Any:
        found = _number(a(ctx, item))
        return -found if found < 0 else found

    return absolute_


@operation("sign", family="arithmetic", main=value(NUMBER, "the number"), result=NUMBER)
def sign(c: Compiler, args: Args) -> Function:
    """-1, 0 or 1 as the number is negative, zero or positive (the direction of a multiple).

    Example: {sign: {get: product.leverage}}
    """
    a = args["sign"].fn

    def sign_(ctx: Context, item: Any) -> int:
        found = _number(a(ctx, item))
        return (found > 0) - (found < 0)

    return sign_


@operation("greatest", family="arithmetic", main=values(NUMBER, "two or more numbers of one unit", least=2),
           result=_common("greatest"), result_doc="a number in their unit")
def greatest(c: Compiler, args: Args) -> Function:
    """The largest of the numbers, each of which must be given.

    Example: {greatest: [{value_at: {get: product.history}, value: net_assets_krw, tolerance_days: 7}, {value_at: {get: product.history}, value: principal_krw, tolerance_days: 7}]}
    """
    parts = [part.fn for part in args["greatest"]]
    return lambda ctx, item: max(_number(part(ctx, item)) for part in parts)
