"""The history before listed_on is no listed ETF's record: it starts no clock and enters no figure."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from etf_listing.watch.timeline import watch_period

from .builders import RULEBOOK, product, watch, weekdays

TRACKING, DISPARITY = "krx.watch.tracking_correlation", "krx.watch.disparity_disclosure"
LISTED = dt.date(2026, 3, 2)  # a Monday
BEFORE = weekdays(dt.date(2025, 11, 3), 85)  # to 2026-02-27, the Friday before listing
AFTER = weekdays(LISTED, 70)
LEVELS = [Decimal(p) for p in (1000, 1010, 995, 1005, 990, 1002, 998, 1012, 985, 1001)]  # a cycle of levels


def _history(pre: str, post: str = "tracking", first: int = 0):
    """Rows from BEFORE[first] on (pre-listing rows tracking as ``pre``) and from the listing day as
    ``post``: "tracking" (NAV a tenth of the index's level: correlation 1) or "inverse" (NAV moving
    against it: a correlation near -1)."""
    days = BEFORE[first:] + AFTER
    levels = [LEVELS[i % len(LEVELS)] for i in range(len(days))]
    navs = [level / 10 if (post if day >= LISTED else pre) == "tracking" else (2000 - level) / 10
            for level, day in zip(levels, days)]
    return product(days=days, navs=navs, levels=levels, listed_on=LISTED)


def test_a_history_that_tracked_badly_before_listing_is_not_at_risk_on_the_listing_day() -> None:
    # the rows before listing made a run since December 2025 and a delisting condition met on the listing day
    assert BEFORE[-1] < LISTED and AFTER[0] == LISTED
    result = watch(_history(pre="inverse"), LISTED, TRACKING)
    assert result.status == "not_applicable", result.message["en"]
    assert result.message["en"] == f"No figure on {LISTED}: 0 daily changes in the 3 months to {LISTED}; at least 20 are needed."
    assert result.clock == {"since": None, "caution_from": None, "delisting_from": None}


def test_the_figure_after_listing_is_taken_on_the_days_since_listing_only() -> None:
    # the 20th daily change after listing: the first figure, from the listed ETF's own days (NAV tracks: 1)
    twentieth = AFTER[20]
    result = watch(_history(pre="inverse"), twentieth, TRACKING)
    assert result.status == "pass" and result.observed == 1, result.message["en"]
    assert watch(_history(pre="inverse"), AFTER[19], TRACKING).status == "not_applicable"


def test_a_run_below_the_line_starts_at_the_earliest_on_the_first_figure_after_listing() -> None:
    prod = _history(pre="inverse", post="inverse")
    result = watch(prod, AFTER[-1], TRACKING)
    assert result.status == "at_risk"
    assert result.clock == {"since": AFTER[20], "caution_from": dt.date(2026, 4, 30), "delisting_from": dt.date(2026, 6, 30)}
    report, timeline = watch_period(prod, RULEBOOK, LISTED, AFTER[-1])
    (line,) = [line for line in timeline.rules if line.rule.id == TRACKING]
    assert [(c.day, c.result.status) for c in line.changes] == [(LISTED, "not_applicable"), (AFTER[20], "at_risk")]
    assert all(day >= LISTED for day, _ in line.series)


@pytest.mark.parametrize("first", [0, 40, len(BEFORE) - 1])
def test_rows_before_listing_change_nothing_from_the_listing_day_on(first: int) -> None:
    """The history from the listing day alone (starting exactly on listed_on) and the same with rows
    before it (as many as a whole window, or one) give the same results on every day."""
    with_before = _history(pre="inverse", first=first)
    alone = dataclasses.replace(with_before, history=tuple(row for row in with_before.history if row.date >= LISTED))
    assert alone.history[0].date == LISTED and with_before.history[0].date < LISTED
    for day in (LISTED, AFTER[19], AFTER[20], AFTER[-1]):
        for rule in (TRACKING, DISPARITY):
            one, other = watch(alone, day, rule), watch(with_before, day, rule)
            assert (one.status, one.observed, one.clock, one.message) == (other.status, other.observed, other.clock,
                                                                          other.message), (day, rule)


@pytest.mark.parametrize("first_row, status", [(LISTED - dt.timedelta(days=3), "pass"), (LISTED, "at_risk")])
def test_a_closing_disparity_counts_from_the_row_of_the_listing_day(first_row: dt.date, status: str) -> None:
    """A close 5% off its NAV on the first row: on the Friday before listing it is no listed ETF's
    disparity (the window has the listing day alone); on the listing day it is one."""
    days = [first_row, LISTED] if first_row < LISTED else [LISTED]
    closes = [Decimal(105)] + [Decimal(100)] * (len(days) - 1)
    prod = product(days=days, navs=[Decimal(100)] * len(days), closes=closes, listed_on=LISTED)
    result = watch(prod, LISTED, DISPARITY)
    assert result.status == status, result.message["en"]
    assert "(1 trading day(s) with a closing price)" in result.message["en"] or status == "at_risk"
