"""Means over a window of trading days ending on the evaluation date.

The window (domain spec, "The 3-month window") ends on ``as_of`` and starts the day after the same
day of the month ``months`` earlier (2024-10-31 gives 2024-08-01 to 2024-10-31); where that month has
no such day, its last day is used. An issue's data covers the window when its first point in the
window is at most ``tolerance_days`` after the window's first day and its last at most
``tolerance_days`` before ``as_of`` (holidays); otherwise the mean is missing, never guessed.

Gaps inside the window count too (domain spec, updated): the index's trading days are the dates in
the window on which its series has data for any constituent, or the days of a trading calendar the
user gives. An issue without a row on one of them, between its first and last row in the window,
is missing that day (from the window's first day when it has a row before the window, and to its
last when it has one after it: it was trading then, so the tolerance does not apply): a missing
row is an export error, not a day without trading (KRX publishes a halted issue's market cap with
zero trading value). More than ``max_missing_days`` such days make
its mean missing, naming the dates.
"""

from __future__ import annotations

import bisect
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
    last = 31 if month == 11 else (dt.date(year, month + 2, 1) - dt.timedelta(days=1)).day  # (calendar.monthrange)
    return dt.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True, slots=True)
class TradingDays:
    """The index's trading days inside a window, in order; ``calendar`` when a trading calendar
    gave them, not the union of the issues' dates. An issue may then have rows on other days (a
    holiday, a weekend): they are no trading day of the index and count in no mean (domain spec:
    a mean is taken over the trading days in the window on which the issue has data)."""

    days: tuple[dt.date, ...]
    calendar: bool = False
    listed: frozenset[dt.date] = frozenset()  # ``days`` as a set, with a calendar: a row elsewhere is no day of it


MISSING_DATES_SHOWN = 20  # dates named in a message; the count says how many there are in all


class NotCovered(Exception):
    """The issue's data does not cover the window; the message says how, in English and Korean."""

    def __init__(self, message: str, *, ko: str):
        super().__init__(message)
        self.ko = ko


def window_mean(dates: tuple[dt.date, ...], values: tuple[int | Decimal, ...], window: Window,
                trading_days: TradingDays | None = None, max_missing_days: int = 0) -> Ratio:
    """The mean of ``values`` over the days of ``dates`` inside ``window``, as an exact ratio.
    With ``trading_days``, more than ``max_missing_days`` of them without a row is NotCovered."""
    start, end = window_span(dates, window, trading_days, max_missing_days)
    strays = stray_rows(dates, start, end, trading_days)
    # whole-won amounts are ints, summed exactly as ints; a Decimal among them makes the sum one
    return Ratio(Decimal(sum(values[start:end]) - sum(values[i] for i in strays)), Decimal(end - start - len(strays)))


def window_span(dates: tuple[dt.date, ...], window: Window, trading_days: TradingDays | None = None,
                max_missing_days: int = 0) -> tuple[int, int]:
    """The positions ``start`` to ``end - 1`` of the days of ``dates`` inside ``window``, when
    they cover it (``window_mean``'s conditions), else NotCovered."""
    start = bisect.bisect_left(dates, window.first)
    end = bisect.bisect_right(dates, window.last)
    before, after = start > 0, end < len(dates)
    if trading_days is not None and trading_days.calendar:  # rows on days the calendar does not list are none of its
        listed = trading_days.listed
        while start < end and dates[start] not in listed:
            start += 1
        while end > start and dates[end - 1] not in listed:
            end -= 1
    if start == end:
        raise NotCovered(f"no market data between {window.first} and {window.last}",
                         ko=f"{window.first}부터 {window.last}까지 시장 데이터가 없습니다")
    check_cover(dates[start], dates[end - 1], window)
    if trading_days is not None:
        # An issue with a row before the window was trading when it opened: a trading day before
        # its first row inside the window is a missing row, not a late listing (and alike after
        # its last row, when it has a row after as_of). The tolerance is for an issue listed or
        # delisted inside the window, and for holidays at its ends.
        check_gaps(dates[start:end], trading_days, max_missing_days,
                   window.first if before else None, window.last if after else None)
    return start, end


def stray_rows(dates: tuple[dt.date, ...], start: int, end: int, trading_days: TradingDays | None) -> tuple[int, ...]:
    """The positions from ``start`` to ``end - 1`` whose dates a trading calendar does not list
    (a row on a holiday): left out of the issue's mean. None without a calendar."""
    if trading_days is None or not trading_days.calendar:
        return ()
    listed = trading_days.listed
    return tuple(i for i in range(start, end) if dates[i] not in listed)


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


def check_gaps(seen: tuple[dt.date, ...], trading_days: TradingDays, max_missing_days: int,
               since: dt.date | None = None, until: dt.date | None = None) -> None:
    """``seen``: an issue's dates inside the window, in order. The trading days from its first to
    its last (before and after them, ``check_cover``'s tolerance applies) each need a row; from
    ``since`` and to ``until`` instead, where given (the window's ends, for an issue that has rows
    beyond them)."""
    days = trading_days.days
    first, last = since or seen[0], until or seen[-1]
    low = bisect.bisect_left(days, first)
    high = bisect.bisect_right(days, last)
    if not trading_days.calendar and high - low == len(seen):
        return  # the dates are among the index's days: as many means none is missing
    present = set(seen)
    missing = [day for day in days[low:high] if day not in present]
    if len(missing) <= max_missing_days:
        return
    shown = ", ".join(str(day) for day in missing[:MISSING_DATES_SHOWN])
    more = len(missing) - MISSING_DATES_SHOWN
    tail, tail_ko = (f" and {more} more", f" 외 {more}일") if more > 0 else ("", "")
    raise NotCovered(
        f"no market data on {len(missing)} of the index's {high - low} trading days from {first} to {last}"
        f" ({shown}{tail}); at most {max_missing_days} allowed",
        ko=f"{first}부터 {last}까지 지수의 거래일 {high - low}일 중 {len(missing)}일의 시장 데이터가 없습니다"
           f" ({shown}{tail_ko}). 최대 {max_missing_days}일 허용",
    )
