"""Dates counted back from another: the same day some months earlier (a listing's age at a review)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..calendar import add_months
from ..compiler import Compiler
from ..runtime import Context, Function, Missing
from ..tree import Args, operation, value
from ..types import DATE, Number


@operation("months_before", family="series", main=value(DATE, "the date counted back from"),
           months=value(Number("months"), "whole months", whole=True), result=DATE)
def months_before(c: Compiler, args: Args) -> Function:
    """The same day of the month a number of months before a date, or that month's last day where
    it has no such day (12 months before 2024-02-29 is 2023-02-28).

    Example: {months_before: {get: universe.as_of}, months: {param: min_listing_months}}
    """
    start, months = args["months_before"].fn, args["months"].fn

    def before(ctx: Context, item: Any) -> dt.date:
        try:
            return add_months(start(ctx, item), -int(months(ctx, None)))
        except (ValueError, OverflowError):  # before the year 1
            raise Missing.one("the date would fall before the calendar starts",
                              ko="날짜가 달력이 시작되기 전입니다") from None

    return before


__all__ = ["months_before"]
