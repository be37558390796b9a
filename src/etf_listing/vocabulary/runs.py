"""Runs of failing observations: when a line was crossed, and whether the crossing still stands.

A run starts on the first observation that fails and ends on the first of ``reset_after``
consecutive passing observations (one, by default: a single day back at or above the line ends it).
Observations that cannot be decided (no figure that day) neither continue nor end a run: they are
skipped. The runs are found in one pass over the observations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable


@dataclass
class Run:
    """Failing observations from ``start``: ``failing`` lists the days that failed (in order),
    ``end`` the first day of the passing streak that ended the run (None while it runs), and
    ``ended_on`` the day that streak became long enough to end it (the same day when one suffices):
    before it, on a day of the streak, the run is still going as far as that day can tell."""

    start: dt.date
    failing: list[dt.date] = field(default_factory=list)
    end: dt.date | None = None
    ended_on: dt.date | None = None  # the day the passing streak became long enough: known to end from then


def runs(observations: Iterable[tuple[dt.date, bool | None]], reset_after: int = 1) -> list[Run]:
    """The runs of failing observations (``False``) in ``observations`` (day, passed), in order.
    ``None`` is an observation that could not be decided: skipped."""
    found: list[Run] = []
    current: Run | None = None
    passing: list[dt.date] = []  # the passing streak inside the current run
    for day, passed in observations:
        if passed is None:
            continue
        if passed:
            if current is not None:
                passing.append(day)
                if len(passing) >= reset_after:
                    current.end, current.ended_on = passing[0], day
                    current, passing = None, []
            continue
        if current is None:
            current = Run(day)
            found.append(current)
        passing = []
        current.failing.append(day)
    return found


def run_in_force(found: list[Run], day: dt.date) -> Run | None:
    """The run that is going on ``day`` (started on or before it, not ended by then)."""
    for run in reversed(found):
        if run.start <= day:
            return run if run.end is None or day < run.end else None
    return None
