"""Means over a window of trading days ending on the evaluation date.

The window (domain spec, "The 3-month window") ends on ``as_of`` and starts the day after the same
day of the month ``months`` earlier (2024-10-31 gives 2024-08-01 to 2024-10-31); where that month has
no such day, its last day is used. An issue's data covers the window when its first point in the
window is at most ``tolerance_days`` after the window's first day and its last at most
``tolerance_days`` before ``as_of`` (holidays); otherwise the mean is missing, never guessed.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .numbers import Ratio


@dataclass(frozen=True, slots=True)
class Window:
    first: dt.date  # first day inside the window
    last: dt.date  # as_of, inside the window
    tolerance_days: int

    @staticmethod
    def ending(as_of: dt.date, months: int, tolerance_days: int) -> "Window":
        return Window(months_before(as_of, months) + dt.timedelta(days=1), as_of, tolerance_days)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` earlier, or that month's last day when it has none."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


class NotCovered(Exception):
    """The issue's data does not cover the window; the message says how, in English and Korean."""

    def __init__(self, message: str, *, ko: str):
        super().__init__(message)
        self.ko = ko


def window_mean(dates: tuple[dt.date, ...], values: tuple[int | Decimal, ...], window: Window) -> Ratio:
    """The mean of ``values`` over the days of ``dates`` inside ``window``, as an exact ratio."""
    start = bisect.bisect_left(dates, window.first)
    end = bisect.bisect_right(dates, window.last)
    if start == end:
        raise NotCovered(f"no market data between {window.first} and {window.last}",
                         ko=f"{window.first}부터 {window.last}까지 시장 데이터가 없습니다")
    check_cover(dates[start], dates[end - 1], window)
    # whole-won amounts are ints, summed exactly as ints; a Decimal among them makes the sum one
    return Ratio(Decimal(sum(values[start:end])), Decimal(end - start))


def value_on(dates: tuple[dt.date, ...], values: tuple[int | Decimal, ...], as_of: dt.date,
             tolerance_days: int) -> int | Decimal:
    """The value on the last trading day on or before ``as_of`` (at most ``tolerance_days`` before)."""
    end = bisect.bisect_right(dates, as_of)
    if end == 0 or (as_of - dates[end - 1]).days > tolerance_days:
        raise NotCovered(f"no market data within {tolerance_days} days before {as_of}",
                         ko=f"{as_of} 이전 {tolerance_days}일 안에 시장 데이터가 없습니다")
    return values[end - 1]


def check_cover(first_seen: dt.date, last_seen: dt.date, window: Window) -> None:
    late = (first_seen - window.first).days
    if late > window.tolerance_days:
        raise NotCovered(
            f"market data starts {first_seen}, {late} days into the window that starts {window.first}"
            f" (at most {window.tolerance_days} allowed)",
            ko=f"시장 데이터가 {first_seen}에 시작해 {window.first}에 시작하는 기간보다 {late}일 늦습니다"
               f" (최대 {window.tolerance_days}일 허용)",
        )
    early = (window.last - last_seen).days
    if early > window.tolerance_days:
        raise NotCovered(
            f"market data ends {last_seen}, {early} days before {window.last}"
            f" (at most {window.tolerance_days} allowed)",
            ko=f"시장 데이터가 {last_seen}에 끝나 {window.last}보다 {early}일 이릅니다"
               f" (최대 {window.tolerance_days}일 허용)",
        )
