"""A product watched over a period: the dates each rule's status changed, and its daily figures.

The status of every rule is taken on every calendar day of the period (a status may change on a
day without trading: a figure ages, a window moves on), and on each clock date (a caution or
delisting date) that falls in it.
A rule with a clock is decided once per observed day, however many days its status is taken on:
its observations are kept (``Judge``), and its daily series (the rolling correlation) are computed
once, incrementally. The report lists, per rule, the days its status changed (the first day of the
period included), with the clock and the message on that day, and the rule's observed figure on
each observed day in the period (the correlation series, for a chart).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from decimal import localcontext
from typing import Any

from ..evaluation import before_listing, caveats, evaluate_rule, listed_record
from ..results import Report, Result
from ..model import Product
from ..rulebook import Rule, Rulebook, Version
from ..vocabulary.runtime import Missing, frozen, parameters_key
from ..vocabulary.numbers import EXACT
from ..vocabulary.calendar import add_months, window_start
from ..vocabulary.runs import Run, runs
from .evaluate import (Judge, Observation, Unknown, WatchContext, clock_state, first_row, flag, grown_after,
                       next_observed, observed_ahead, stale_day, unknowable, watched_result, whole)
from ..verdicts import _error


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
    """The report on ``end`` and the timeline from ``start`` to ``end`` (both included), each day
    under the version of the rulebook in force that day; NoVersionInForce when no version is in
    force on a day of the period."""
    parts = _versions_over(rulebook, start, end)
    before_listing(product, rulebook, start, ("a first day", "첫날"), ("the period's first day", "기간의 첫날"))
    product = listed_record(product, rulebook)
    version = parts[-1][2]
    timelines = []
    final: list[Result] = []
    with localcontext(EXACT):
        contexts = [(first, last, WatchContext(product, in_force.parameters, last, parameters_key(in_force)))
                    for first, last, in_force in parts]
        for rule in rulebook.rules:
            lines = []
            for first, last, context in contexts:
                if rule.clock is not None:
                    parameters = {name: context.params[name] for name in rule.parameters}
                    line, result = _clocked(rule, context, parameters, _days(product, first, last), first, last)
                else:
                    line, result = _plain(rule, context, _days(product, first, last))
                lines.append(line)
            timelines.append(_joined(lines))
            final.append(result)
    # what each version the period was judged under is known not to encode, up to its part's last day
    notices = {notice.message: notice for _, last, in_force in parts for notice in caveats(in_force, last)}
    return Report(product, rulebook, end, tuple(final), version, notices=tuple(notices.values())), Timeline(start, end, timelines)


def _versions_over(rulebook: Rulebook, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date, Version]]:
    """The period cut where the version in force changes: (first day, last day, the version in
    force on them), in order. The version in force changes only where one starts or one ends."""
    one_day = dt.timedelta(days=1)
    # (a version's end is a cut the day after it only where that day is in the period: never a day
    # past the calendar's last)
    cuts = sorted({v.effective_from for v in rulebook.versions if start < v.effective_from <= end}
                  | {v.effective_to + one_day for v in rulebook.versions
                     if v.effective_to is not None and start <= v.effective_to < end})
    parts: list[tuple[dt.date, dt.date, Version]] = []
    for first, last in zip([start, *cuts], [*(cut - one_day for cut in cuts), end]):
        version = rulebook.in_force(first)  # (a day of the period under no version: refused, as --as-of that day is)
        if parts and parts[-1][2] is version:
            parts[-1] = (parts[-1][0], last, version)
        else:
            parts.append((first, last, version))
    return parts


def _joined(lines: list[RuleTimeline]) -> RuleTimeline:
    """A rule's timelines over consecutive parts of the period as one: a part's first day is a change
    unless the state it starts in is the one shown before it (the status, the whole clock, the
    parameters in force and, for an error, its reason)."""
    joined = RuleTimeline(lines[0].rule)
    for line in lines:
        for at, change in enumerate(line.changes):
            if at == 0 and joined.changes and _state(joined.changes[-1].result) == _state(change.result):
                continue
            joined.changes.append(change)
        joined.series.extend(line.series)
    return joined


def _state(result: Result) -> tuple[Any, ...]:
    reason = result.message["en"] if result.status == "error" else None
    return result.status, frozen(result.clock or {}), frozen(result.parameters), reason


def _days(product: Product, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days a status is taken on: every calendar day of the period. A status may change on a
    day no trading day marks: a figure that ages (the index's last level, the last closing price)
    or a window that moves past a failing day does so on a Saturday as on any day, and the day
    ``--as-of`` gives is the day the timeline says."""
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


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
    """A rule with a clock over the period: its days decided once each, in one pass; the status
    taken on every day of ``days``, on its observed days and on its clock dates; a full result
    (the one ``--as-of`` that day would give) on the days the status changed."""
    line = RuleTimeline(rule)
    check = rule.checks[0]
    try:
        assert rule.observed_on is not None  # a rule with a clock has its days (compile_watch)
        observed = list(rule.observed_on.fn(context, None))
        judge = Judge(rule, context)
    except Missing as missing:
        error = _error(rule, missing, parameters, context, check)
        line.changes.append(Change(start, error))
        return line, error
    try:
        observations = [judge(day) for day in observed]
        if unknowable(rule, context, observations):  # days whose figure is not known: an error on the days they matter
            return _day_by_day(rule, context, parameters, observed, judge, start, end)
    except Missing:  # a day without its figure (a half-year end past the history): from that day on
        return _day_by_day(rule, context, parameters, observed, judge, start, end)
    try:
        inside = observed[bisect.bisect_left(observed, start): bisect.bisect_right(observed, end)]
        signatures = sweep(rule, context, observations, sorted(set(days) | set(inside)), start, end)
        previous: tuple[Any, ...] | None = None
        day_context = context.on_day(start)
        for day, signature in signatures:
            if signature != previous:
                state = clock_state(rule, context, judge, observed, day)
                day_context.move_to(day)
                line.changes.append(Change(day, watched_result(rule, day_context, parameters, state)))
            previous = signature
        final = clock_state(rule, context, judge, observed, end)
    except Missing:  # a value only some days need (expected_from, before the history's first row)
        return _day_by_day(rule, context, parameters, observed, judge, start, end)
    if rule.chart:
        line.series = [(day, judge(day).value) for day in inside]
    day_context.move_to(end)
    return line, watched_result(rule, day_context, parameters, final)


def _day_by_day(rule: Rule, context: WatchContext, parameters: dict[str, Any], observed: list[dt.date],
                judge: Judge, start: dt.date, end: dt.date) -> tuple[RuleTimeline, Result]:
    """A rule with a clock over the period, one calendar day at a time: what ``--as-of`` that day
    gives, an ``error`` on the days whose state needs an observation without its figure and not on
    the days before it. (For a rule one of whose days cannot be decided, or whose state needs on
    some days only a value the product lacks, such as its ``expected_from`` before the history's
    first row: the one pass assumes every day can be decided.)"""
    line = RuleTimeline(rule)
    day_context = context.on_day(start)
    previous: tuple[Any, ...] | None = None
    result: Result | None = None
    for offset in range((end - start).days + 1):
        day = start + dt.timedelta(days=offset)
        day_context.move_to(day)
        try:
            state = clock_state(rule, context, judge, observed, day)
        except Missing as missing:
            result = _error(rule, missing, parameters, day_context, rule.checks[0])
            signature: tuple[Any, ...] = ("error", missing.key if isinstance(missing, Unknown) else result.message["en"])
        else:
            result = watched_result(rule, day_context, parameters, state)
            signature = (state.status, state.since, state.delisting_from, state.stale)
        if signature != previous:
            line.changes.append(Change(day, result))
        previous = signature
    if rule.chart:
        for day in observed[bisect.bisect_left(observed, start): bisect.bisect_right(observed, end)]:
            try:
                line.series.append((day, judge(day).value))
            except Missing:
                continue  # a day without its figure has no point on the chart
    assert result is not None
    return line, result


def sweep(rule: Rule, context: WatchContext, observations: list[Observation], days: list[dt.date],
          start: dt.date, end: dt.date) -> list[tuple[dt.date, tuple[Any, ...]]]:
    """(day, (status, since, delisting_from)) on each of ``days`` and on the clock dates that fall in
    the period, in one pass over the observations: what ``clock_state`` would say each day."""
    allowed = whole(context, rule.clock.stale_after_days, "stale_after_days")
    observed = [o.day for o in observations]
    # the first day with data, observed or a row of the history: expected_from matters before it
    begins = min(observed[:1] + [day for day in (first_row(context.product),) if day is not None], default=None)
    awaited: dt.date | None = None  # expected_from, where a day of the period has no data by it
    # (the days the data stops reaching are among ``days``: the period's every calendar day, ``_days``)
    if allowed is not None and rule.clock.expected_from is not None and (begins is None or days[0] < begins):
        awaited = rule.clock.expected_from.fn(context, None)
    if rule.clock.lookback_months is not None:
        out = _sweep_lookback(rule, context, observations, days)
    else:
        out = _sweep_runs(rule, context, observations, days, start, end)
    if allowed is None:
        return out
    # an error where the data no longer reaches the day, or never reached it, as clock_state

    def error(day: dt.date) -> tuple[Any, ...] | None:
        last = stale_day(observed, day, allowed)
        if last is not None:
            return ("error", last, None)
        if awaited is not None and (begins is None or day < begins) and (day - awaited).days > allowed:
            return ("error", "awaited", awaited)
        return None

    return [(day, error(day) or signature) for day, signature in out]


def _sweep_runs(rule: Rule, context: WatchContext, observations: list[Observation], days: list[dt.date],
                start: dt.date, end: dt.date) -> list[tuple[dt.date, tuple[Any, ...]]]:
    """``sweep`` for a clock of runs."""
    clock = rule.clock
    caution = whole(context, clock.caution_after_months, "caution_after_months")
    fail_months = whole(context, clock.fail_after_months, "fail_after_months")
    fail_count = whole(context, clock.fail_after_observations, "fail_after_observations")
    reset = whole(context, clock.reset_after_observations, "reset_after_observations", 1) or 1
    stands = flag(context, clock.fail_stands)
    found = runs(((o.day, o.passed) for o in observations), reset)
    young: list[Any] = []  # grown_after, read when first needed: after its first day, no figure is missing rows

    def grown(day: dt.date) -> bool:
        if not young:
            young.append(grown_after(rule, context))
        return young[0] is not None and day > young[0][0]

    def met(run: Run) -> dt.date | None:
        if fail_months is not None:
            return add_months(run.start, fail_months)
        if fail_count is not None and len(run.failing) >= fail_count:
            return run.failing[fail_count - 1]
        return None

    ahead: list[list[dt.date]] = []  # observed_ahead, read when first needed

    def later() -> list[dt.date]:
        if not ahead:
            ahead.append(observed_ahead(rule, context, end, 12 * (fail_count or 0)))
        return ahead[0]

    extra = set()
    for run in found:
        for date in (met(run), add_months(run.start, caution) if caution is not None else None):
            if date is not None and start <= date <= end:
                extra.add(date)
    all_days = sorted(set(days) | extra)
    out: list[tuple[dt.date, tuple[Any, ...]]] = []
    standing = sorted(((m, run) for run in found if (m := met(run)) is not None and (run.end is None or m < run.end)),
                      key=lambda pair: pair[0]) if stands else []
    obs_days = [o.day for o in observations]
    for day in all_days:
        i = bisect.bisect_right(obs_days, day)
        if i == 0:
            out.append((day, ("not_applicable", None, None)))
            continue
        stood = next(((m, run) for m, run in standing if m <= day), None)
        if stood is not None:
            out.append((day, ("fail", stood[1].start, stood[0])))
            continue
        t = obs_days[i - 1]
        current = _run_at(found, t)
        if current is None:
            last = observations[i - 1]
            no_figure = "error" if last.passed is None and last.reasons and not last.steady and grown(day) else "not_applicable"
            out.append((day, ("pass" if last.passed is not None else no_figure, None, None)))
            continue
        m = met(current)
        if fail_count is not None and (m is None or m > t):  # the deciding observation is still to come:
            m = next_observed(later(), day, fail_count - bisect.bisect_right(current.failing, t))  # as clock_state
        status = "fail" if m is not None and m <= day else "at_risk"
        out.append((day, (status, current.start, m)))
    return out


def _run_at(found: list[Run], day: dt.date) -> Run | None:
    """The run going on at the observation ``day``: started on or before it, not ended by then."""
    i = bisect.bisect_right([run.start for run in found], day)
    if i == 0:
        return None
    run = found[i - 1]
    # going until the day its passing streak was long enough (``--as-of`` an earlier day of the
    # streak cannot tell yet that it ends the run)
    return run if run.ended_on is None or day < run.ended_on else None


def _sweep_lookback(rule: Rule, context: WatchContext, observations: list[Observation],
                    days: list[dt.date]) -> list[tuple[dt.date, tuple[Any, ...]]]:
    months = whole(context, rule.clock.lookback_months, "lookback_months") or 0
    obs_days = [o.day for o in observations]
    failing = [o.day for o in observations if o.passed is False]
    out: list[tuple[dt.date, tuple[Any, ...]]] = []
    for day in days:
        first = window_start(day, months)
        seen = bisect.bisect_right(obs_days, day) - bisect.bisect_right(obs_days, first)
        lo, hi = bisect.bisect_right(failing, first), bisect.bisect_right(failing, day)
        if not seen:
            out.append((day, ("not_applicable", None, None)))
        elif hi > lo:
            out.append((day, (rule.fails_as, failing[lo], None)))
        else:
            out.append((day, ("pass", None, None)))
    return out


def _note(line: RuleTimeline, day: dt.date, result: Result) -> None:
    if not line.changes or line.changes[-1].result.status != result.status:
        line.changes.append(Change(day, result))
