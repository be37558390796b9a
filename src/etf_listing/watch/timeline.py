"""A product watched over a period: the dates each rule's status changed, and its daily figures.

The status of every rule is taken on each trading day of the product's history in the period (and
on its first and last day), and on each clock date (a caution or delisting date) that falls in it.
A rule with a clock is decided once per observed day, however many days its status is taken on:
its observations are kept (``Judge``), and its daily series (the rolling correlation) are computed
once, incrementally. The report lists, per rule, the days its status changed (the first day of the
period included), with the clock and the message on that day, and the rule's observed figure on
each observed day in the period (the correlation series, for a chart).
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from dataclasses import dataclass, field
from decimal import localcontext
from typing import Any

from ..evaluation import Report, Result, evaluate_rule
from ..model import Product
from ..rulebook import Rule, Rulebook
from ..vocabulary.expressions import Missing
from ..vocabulary.numbers import EXACT
from .evaluate import ClockState, Judge, WatchContext, clock_state, watched_result
from ..evaluation import _error


@dataclass(frozen=True)
class Change:
    """A rule's status from ``day`` on (until the next change)."""

    day: dt.date
    result: Result


@dataclass
class RuleTimeline:
    rule: Rule
    changes: list[Change] = field(default_factory=list)
    series: list[tuple[dt.date, Any]] = field(default_factory=list)  # observed figure by observed day


@dataclass
class Timeline:
    start: dt.date
    end: dt.date
    rules: list[RuleTimeline]


def watch_period(product: Product, rulebook: Rulebook, start: dt.date, end: dt.date) -> tuple[Report, Timeline]:
    """The report on ``end`` and the timeline from ``start`` to ``end`` (both included)."""
    version = rulebook.in_force(end)
    context = WatchContext(product, version.parameters, end)
    days = _days(product, start, end)
    timelines = []
    final: list[Result] = []
    with localcontext(EXACT):
        for rule in rulebook.rules:
            parameters = {name: context.params[name] for name in rule.parameters}
            if rule.clock is not None:
                line, last = _clocked(rule, context, parameters, days, start, end)
            else:
                line, last = _plain(rule, context, days)
            timelines.append(line)
            final.append(last)
    return Report(product, rulebook, end, tuple(final), version), Timeline(start, end, timelines)


def _days(product: Product, start: dt.date, end: dt.date) -> list[dt.date]:
    trading = [row.date for row in product.history or () if start <= row.date <= end]
    return sorted({start, end, *trading})


def _plain(rule: Rule, context: WatchContext, days: list[dt.date]) -> tuple[RuleTimeline, Result]:
    line = RuleTimeline(rule)
    day_context = context.on_day(days[0])
    result: Result | None = None
    for day in days:
        day_context.move_to(day)
        result = evaluate_rule(rule, day_context)
        _note(line, day, result)
    assert result is not None
    return line, result


def _clocked(rule: Rule, context: WatchContext, parameters: dict[str, Any], days: list[dt.date],
             start: dt.date, end: dt.date) -> tuple[RuleTimeline, Result]:
    line = RuleTimeline(rule)
    check = rule.checks[0]
    try:
        observed = list(rule.observed_on.fn(context, None))
        judge = Judge(rule, context)
        states: dict[dt.date, ClockState] = {}
        # the trading days, the rule's own observed days (a half-year end, a calendar day) and,
        # as they are found, its clock dates
        inside = observed[bisect.bisect_left(observed, start): bisect.bisect_right(observed, end)]
        todo = sorted(set(days) | set(inside))  # a sorted list is a heap
        seen_days: set[dt.date] = set()
        while todo:  # clock dates found on the way are taken too
            day = heapq.heappop(todo)
            if day in seen_days:
                continue
            seen_days.add(day)
            state = states[day] = clock_state(rule, context, judge, observed, day)
            for date in (state.caution_from, state.delisting_from):
                if date is not None and start <= date <= end and date not in seen_days:
                    heapq.heappush(todo, date)
    except Missing as missing:
        error = _error(rule, missing, parameters, context, check)
        line.changes.append(Change(start, error))
        return line, error
    previous: ClockState | None = None
    day_context = context.on_day(start)
    result: Result | None = None
    for day in sorted(states):
        state = states[day]
        if previous is None or _differs(state, previous):
            day_context.move_to(day)
            result = watched_result(rule, day_context, parameters, state)
            line.changes.append(Change(day, result))
        previous = state
    for day in inside:
        seen = judge(day)
        line.series.append((day, seen.value))
    day_context.move_to(end)
    last = watched_result(rule, day_context, parameters, states[end])
    return line, last


def _differs(state: ClockState, previous: ClockState) -> bool:
    return (state.status, state.since, state.delisting_from) != (previous.status, previous.since, previous.delisting_from)


def _note(line: RuleTimeline, day: dt.date, result: Result) -> None:
    if not line.changes or line.changes[-1].result.status != result.status:
        line.changes.append(Change(day, result))
