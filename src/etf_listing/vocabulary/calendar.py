"""Calendar arithmetic for clocks and period ends.

Offsets follow the same-day rule of Korean and KRX practice: a month after April 2 is May 2, three
months after April 2 is July 2; where the target month has no such day, its last day is used
(November 30 + 3 months = February 28, or 29 in a leap year). A year is twelve months.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Iterable, Sequence


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` later (earlier when negative), or that month's last day."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    return dt.date(year, month + 1, min(day.day, _days_in(year, month + 1)))


def _days_in(year: int, month: int) -> int:
    """The number of days of ``month`` (1 to 12) of ``year``."""
    return 31 if month == 12 else (dt.date(year, month + 1, 1) - dt.timedelta(days=1)).day


def offset(day: dt.date, *, years: int = 0, months: int = 0, days: int = 0) -> dt.date:
    """``day`` moved by whole years and months (same-day rule), then by calendar days."""
    return add_months(day, 12 * years + months) + dt.timedelta(days=days)


def month_ends(months: Iterable[int], after: dt.date, through: dt.date) -> list[dt.date]:
    """The last days of the given months of the year (6 and 12: the half-year ends) that fall
    strictly after ``after`` and on or before ``through``, in order."""
    chosen = sorted(set(months))
    found = []
    for year in range(after.year, through.year + 1):
        for month in chosen:
            end = dt.date(year, month, _days_in(year, month))
            if after < end <= through:
                found.append(end)
    return found


def days_from(first: dt.date, through: dt.date) -> list[dt.date]:
    """Every calendar day from ``first`` to ``through``, both included."""
    count = (through - first).days + 1
    return [first + dt.timedelta(days=i) for i in range(max(count, 0))]


def last_on_or_before(days: Sequence[dt.date], day: dt.date) -> int | None:
    """The position in sorted ``days`` of the last one on or before ``day``, or None."""
    end = bisect.bisect_right(days, day)
    return end - 1 if end else None


def window_start(day: dt.date, months: int) -> dt.date:
    """The exclusive start of the window of ``months`` ending on ``day``: the same day ``months``
    earlier (a day in the window is after it and on or before ``day``)."""
    return add_months(day, -months)
