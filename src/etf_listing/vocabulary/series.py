"""Dated values: a daily series, a figure that does not exist yet, and daily changes.

The operations that build and read series are declared in ``etf_listing.vocabulary.operations.series``;
this module holds what they compute with, so that it can be used and tested on its own.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable

from ..errors import Location
from .numbers import Ratio
from .runtime import Context, Missing


@dataclass(frozen=True, slots=True)
class DaySeries:
    """Values by day, days strictly increasing."""

    days: tuple[dt.date, ...]
    values: tuple[Any, ...]
    location: Location | None = None  # where the series' data is, for messages

    def value_on_or_before(self, day: dt.date) -> tuple[dt.date, Any] | None:
        end = bisect.bisect_right(self.days, day)
        return (self.days[end - 1], self.values[end - 1]) if end else None


class NotYet(Missing):
    """A figure that does not exist yet on a day (too few observations, no variation): a rule
    decided on that day has nothing to decide. Anywhere a figure is simply required, it is missing.
    ``steady``: because a series does not vary, which no passing of time makes a matter of rows."""

    steady = False


def kept(ctx: Context, key: Any, compute: Callable[[], Any]) -> Any:
    """A value computed once per product: in the watch's lasting memo when there is one (kept
    across the days a product is evaluated on), else in the evaluation's own memo."""
    memo = getattr(ctx, "lasting", None)
    if memo is None:
        memo = ctx.memo
    try:
        return memo[key]
    except KeyError:
        found = memo[key] = compute()
        return found


def daily_changes(series: DaySeries, partner: DaySeries | None = None) -> DaySeries:
    """x_d = v_d / v_prev - 1 (exact) for consecutive days prev, d of the calendar (the days of
    both series), where the series, and the partner, are given on both days."""
    values = dict(zip(series.days, series.values))
    if partner is None:
        calendar = series.days
        both: Any = values
    else:
        theirs = set(partner.days)
        calendar = tuple(sorted(set(series.days) | theirs))
        both = {d: v for d, v in values.items() if d in theirs}
    days, changes = [], []
    for before, day in zip(calendar, calendar[1:]):
        if before in both and day in both:
            previous = both[before]
            days.append(day)
            changes.append(Ratio.of(both[day] - previous, previous))
    return DaySeries(tuple(days), tuple(changes), series.location)
