"""Rows missing from the history while the correlation is below its line: an error, never a verdict.

Days without data could have ended the run (one day back at or above the line ends it) or begun
one: where they would change the status or the clock's dates, the result is error, naming them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from etf_listing.watch.timeline import watch_period

from .builders import RULEBOOK, product, watch, weekdays

TRACKING = "krx.watch.tracking_correlation"
LISTED = dt.date(2025, 1, 2)
DAYS = weekdays(LISTED, 390)  # to 2026-06-26
BAD_FROM = dt.date(2026, 3, 2)  # from this day on the NAV moves against the index
LEVELS = [Decimal(p) for p in (1000, 1010, 995, 1005, 990, 1002, 998, 1012, 985, 1001)]  # a cycle of levels
END = DAYS[-1]


def _product(without: tuple[dt.date, dt.date] | None = None, bad_until: dt.date | None = None):
    """A history that tracks (correlation 1) until BAD_FROM, then moves against the index (until
    ``bad_until``, then tracks again), without its rows from ``without[0]`` to ``without[1]``."""
    levels = [LEVELS[i % len(LEVELS)] for i in range(len(DAYS))]
    navs = [(2000 - level) / 10 if BAD_FROM <= day and (bad_until is None or day <= bad_until) else level / 10
            for level, day in zip(levels, DAYS)]
    kept = [i for i, day in enumerate(DAYS) if without is None or not without[0] <= day <= without[1]]
    return product(days=[DAYS[i] for i in kept], navs=[navs[i] for i in kept], levels=levels, level_days=DAYS,
                   listed_on=LISTED, as_of=END)


def test_the_full_history_fails_after_three_months_below_the_line() -> None:
    result = watch(_product(), END, TRACKING)
    assert result.status == "fail" and result.clock["since"] == dt.date(2026, 3, 9), result.message["en"]


# A Wednesday in the run; rows missing from the next day: to the Wednesday after (7 days without a
# row, the days allowed) or to the Thursday after (8 days).
WEDNESDAY = dt.date(2026, 4, 8)


@pytest.mark.parametrize("last_missing, status", [
    (dt.date(2026, 4, 15), "fail"),  # 7 days without a row (Thursday to Wednesday): as many as allowed
    (dt.date(2026, 4, 16), "error"),  # 8 days: those days are not known
])
def test_a_gap_in_a_run_is_an_error_from_one_day_more_than_allowed(last_missing: dt.date, status: str) -> None:
    prod = _product(without=(WEDNESDAY + dt.timedelta(days=1), last_missing))
    result = watch(prod, END, TRACKING)
    assert result.status == status, result.message["en"]
    if status == "fail":
        assert result.clock == watch(_product(), END, TRACKING).clock
        return
    unseen = (last_missing - WEDNESDAY).days
    assert result.message["en"] == (
        f"Cannot be decided: nothing observed from 2026-04-09 to {last_missing}, {unseen} days after 2026-04-08 "
        "(at most 7 allowed): rows are missing there, and those days could have ended a run below the line or begun one")
    assert f"2026-04-09부터 {last_missing}까지 관찰된 날이 없습니다" in result.message["ko"]
    assert result.clock is None or result.clock.get("delisting_from") is None


def test_the_reviewed_case_a_long_gap_then_a_day_without_a_figure_is_an_error_naming_both() -> None:
    """Rows missing for 11 weeks in a run: the first row after them has too few daily changes for
    a figure. It was a fail 'met since' a day inside the gap, with the figure shown as '-'."""
    first, last = dt.date(2026, 4, 6), dt.date(2026, 6, 19)
    prod = _product(without=(first, last))
    day = dt.date(2026, 6, 22)
    result = watch(prod, day, TRACKING)
    assert result.status == "error", result.message["en"]
    en = result.message["en"]
    assert "nothing observed from 2026-04-04 to 2026-06-21, 79 days after 2026-04-03 (at most 7 allowed)" in en
    assert f"at least 20 are needed on {day}" in en and "the history is missing rows" in en
    assert "(- on" not in en and "delisting condition" not in en
    assert result.observed is None and result.headroom is None


def test_over_a_period_the_gap_is_an_error_until_a_figure_at_the_line_ends_the_run() -> None:
    """Below the line from 2026-03-09 (the delisting condition due on 2026-06-09), rows missing from
    2026-04-06 to 2026-04-24, then the NAV tracks again: an error (the data stops, then the gap), as
    --as-of says, until the first figure back at the line; never the fail of the full history."""
    first, last = dt.date(2026, 4, 6), dt.date(2026, 4, 24)
    prod = _product(without=(first, last), bad_until=dt.date(2026, 3, 31))
    _, timeline = watch_period(prod, RULEBOOK, dt.date(2026, 2, 20), END)
    changes = [(c.day, c.result.status) for c in next(r for r in timeline.rules if r.rule.id == TRACKING).changes]
    assert changes == [(dt.date(2026, 2, 20), "pass"), (dt.date(2026, 3, 9), "at_risk"), (dt.date(2026, 4, 11), "error"),
                       (dt.date(2026, 4, 27), "error"), (dt.date(2026, 6, 25), "pass")]
    assert watch(_product(bad_until=dt.date(2026, 3, 31)), dt.date(2026, 6, 9), TRACKING).status == "fail"
    for day in (dt.date(2026, 4, 10), dt.date(2026, 4, 11), dt.date(2026, 4, 27), dt.date(2026, 6, 9), dt.date(2026, 6, 24),
                dt.date(2026, 6, 25)):
        alone = watch(prod, day, TRACKING)
        assert alone.status == [status for when, status in changes if when <= day][-1], (day, alone.message["en"])
    gap = next(c.result for c in next(r for r in timeline.rules if r.rule.id == TRACKING).changes if c.day == dt.date(2026, 4, 27))
    assert "nothing observed from 2026-04-04 to 2026-04-26" in gap.message["en"]


def test_a_gap_that_a_day_at_the_line_follows_changes_nothing() -> None:
    """Rows missing before the run, then days at the line: the run that starts later is known (a
    day earlier than with every row: its window has fewer days that track)."""
    prod = _product(without=(dt.date(2026, 1, 5), dt.date(2026, 1, 23)))
    result = watch(prod, END, TRACKING)
    assert (result.status, result.clock["since"]) == ("fail", dt.date(2026, 3, 5)), result.message["en"]


def test_a_gap_in_the_index_levels_leaves_days_without_a_figure_an_error_in_a_run_too() -> None:
    """The NAV is there, the index's levels are not: the days after them have no figure (too few
    pairs): in a run, an error as without one, not a run that goes on through days unseen."""
    prod = _product()
    missing = (dt.date(2026, 4, 6), dt.date(2026, 6, 19))
    levels = tuple(level for level in prod.underlying.index.levels if not missing[0] <= level.date <= missing[1])
    import dataclasses

    index = dataclasses.replace(prod.underlying.index, levels=levels)
    prod = dataclasses.replace(prod, underlying=dataclasses.replace(prod.underlying, index=index))
    result = watch(prod, dt.date(2026, 6, 22), TRACKING)
    assert result.status == "error", result.message["en"]
    assert "at least 20 are needed on 2026-06-22" in result.message["en"] and "the history is missing rows" in result.message["en"]
