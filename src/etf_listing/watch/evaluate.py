"""Deciding a rule with a clock on one evaluation date.

The rule's check is decided on each day of ``observed_on`` (the rule's figure that day against its
threshold that day). Failing days make runs (``etf_listing.vocabulary.runs``); the run going on at
the last observed day, and the clock, give the status on the evaluation date:

- no run going on: ``pass`` (or ``not_applicable`` when the last day has no figure, saying why);
- a run that started on ``s``: ``at_risk`` from ``s``; ``fail`` from ``s + fail_after_months`` (or
  from its ``fail_after_observations``-th failing day); ``caution_from`` is ``s +
  caution_after_months``;
- with ``fail_stands``, a run that once met its delisting condition keeps the rule at ``fail``;
- a lookback clock: ``fails_as`` when a day failed in the window ending on the evaluation date,
  ``pass`` when none did, ``not_applicable`` when no day was observed in it;
- ``error``, before any of these: when the data does not reach the evaluation date
  (``stale_after_days`` after the last day observed, or after ``expected_from`` when the product's
  history has no row yet); and when a run's state depends on days whose figure is not known: days
  in a gap of the data (more than ``stale_after_days`` after an observed day, before the next) and
  observed days without a figure once the product is no longer young for one. Such days are taken
  as passing, then as failing (``run_clock``): where the two states differ, they could have ended
  the run or begun one, and the result is ``error`` naming them, never a verdict on days not seen.

Only the days needed are decided: back from the evaluation date to the end of the last run (a
passing streak long enough to reset one), or every day when a failure stands. A run counted in
observations that goes on names the observed day ahead on which failing again meets its delisting
condition (the next half-year end), where its days are known ahead.

Length: the day-by-day context, the judge, both clocks, whether the data reaches the date (and the
days it misses inside a run), and the result each state gives, which the timeline
(``watch.timeline``) reads piece by piece.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from ..errors import Location
from ..results import ItemFinding, Result
from ..verdicts import _error, _template, _variables, headroom, operator_in_force
from ..formatting import render_message
from ..model import Product
from ..rule_checks import Rule
from ..vocabulary.calendar import add_months, window_start
from ..vocabulary.operations.comparisons import holds
from ..vocabulary.runtime import Context, Missing, Reason
from ..vocabulary.runs import Run, runs
from ..vocabulary.series import NotYet


class WatchContext(Context):
    """A product's evaluation context that also keeps what does not depend on the day (its daily
    series, the rolling correlation) for as long as the product is watched: ``lasting``."""

    __slots__ = ("lasting",)

    def __init__(self, product: Product, params: Mapping[str, Any], as_of: dt.date | None, key: Any = None):
        super().__init__(product, params, as_of, key)
        self.lasting: dict[Any, Any] = {}

    def on_day(self, day: dt.date) -> "WatchContext":
        """A context for deciding a rule on ``day``, sharing what lasts. Cheap: one per scan, moved
        from day to day with ``move_to``."""
        other = WatchContext.__new__(WatchContext)
        other.product, other.index, other.params = self.product, self.index, self.params
        other.lasting = self.lasting
        other._windows = {}
        other.move_to(day)
        return other

    def move_to(self, day: dt.date) -> None:
        self.as_of = day
        self.memo = {}
        self.shared = self.memo  # a day's values are the product's own
        self._windows = {}


@dataclass(frozen=True)
class Observation:
    day: dt.date
    passed: bool | None  # None: no figure that day
    value: Any = None
    threshold: Any = None
    reasons: tuple[Reason, ...] = ()
    steady: bool = False  # no figure because a series does not vary (NotYet.steady)


class Judge:
    """Decides one rule's check on the days asked, remembering each day's verdict."""

    def __init__(self, rule: Rule, context: Context):
        self.rule = rule
        self.check = operator_in_force(rule.checks[0], context)
        base = context if isinstance(context, WatchContext) else None
        self.context = (base.on_day(context.as_of) if base is not None and context.as_of is not None
                        else _day_context(context))
        self.seen: dict[dt.date, Observation] = {}

    def __call__(self, day: dt.date) -> Observation:
        found = self.seen.get(day)
        if found is not None:
            return found
        ctx = self.context
        ctx.move_to(day)
        check = self.check
        try:
            threshold = check.threshold.fn(ctx, None)
            value = check.value.fn(ctx, None)
        except NotYet as not_yet:
            found = Observation(day, None, reasons=tuple(not_yet.reasons), steady=not_yet.steady)
        else:
            found = Observation(day, holds(value, check.operator, threshold), value, threshold)
        self.seen[day] = found
        return found


def _day_context(context: Context) -> WatchContext:
    lasting = WatchContext.__new__(WatchContext)
    lasting.product, lasting.index, lasting.params = context.product, context.index, context.params
    lasting.lasting = {}
    lasting._windows = {}
    lasting.move_to(context.as_of or dt.date.min)
    return lasting


def whole(context: Context, expr: Any, name: str, default: int | None = None) -> int | None:
    if expr is None:
        return default
    value = expr.fn(context, None)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Missing.one(f"{name} is a whole number, not {value!r}", ko=f"{name}은(는) 0 이상의 정수여야 합니다: {value!r}")
    return value


def flag(context: Context, expr: Any) -> bool:
    return bool(expr.fn(context, None)) if expr is not None else False


@dataclass(frozen=True)
class ClockState:
    """A rule's state on a date: its status and clock, and the observations that decided it."""

    status: str
    since: dt.date | None = None
    caution_from: dt.date | None = None
    delisting_from: dt.date | None = None
    deciding: tuple[Observation, ...] = ()  # failing observations to list (half-year ends, disclosure days)
    last: Observation | None = None  # the last observation on or before the date
    stale: tuple[dt.date, int] | None = None  # (the last day observed, the days allowed): status error
    awaited: tuple[dt.date, int] | None = None  # (expected_from, the days allowed), no history yet: error
    grown: tuple[dt.date, int] | None = None  # (expected_from, young_for_months): no figure, no longer young: error
    observed_days: int | None = None  # a lookback clock's days observed in its window


def run_clock(rule: Rule, context: Context, judge: Callable[[dt.date], Observation], days: list[dt.date],
              on: dt.date) -> ClockState:
    """The state of a run clock on ``on`` from the observation ``days`` (those on or before it).
    A day whose figure cannot be had (no row near a half-year end, a day in a gap of the data: the
    judge raises Missing) is taken as passing, then as failing: where both give the same state (a
    delisting that stood before it, a passing day after it that would have ended its run), that is
    the state; else the figure is missing: Missing, naming every gap met and the latest other day."""
    unknown: dict[dt.date, Missing] = {}

    def taken_as(passed: bool) -> Callable[[dt.date], Observation]:
        def observe(day: dt.date) -> Observation:
            try:
                return judge(day)
            except Missing as missing:
                unknown.setdefault(day, missing)
                return Observation(day, passed)
        return observe

    state = _run_state(rule, context, taken_as(True), days, on)
    if not unknown:
        return state
    other = _run_state(rule, context, taken_as(False), days, on)
    if _told(state) != _told(other):
        met = [unknown[day] for day in sorted(unknown)]
        gaps = list({id(m): m for m in met if isinstance(m, Gap)}.values())
        others = [m for m in met if not isinstance(m, Gap)]
        latest = others[-1:]
        if not gaps and not isinstance(latest[0], RowsMissing):
            raise latest[0]
        # (what stays the same from day to day while it lasts: the gaps, and that a day has no figure)
        key = (tuple(m.reasons[0].message for m in gaps), bool(latest) and isinstance(latest[0], RowsMissing))
        raise Unknown([r for m in gaps + latest for r in m.reasons], key)
    seen = unknown.get(other.last.day) if other.last is not None else None
    if isinstance(seen, RowsMissing):  # the last day as it was seen (no figure, and why), not as it was taken
        return dataclasses.replace(other, last=seen.seen)
    return other


class Gap(Missing):
    """A day the data does not reach, between two observed days: its figure is not known."""


class RowsMissing(Missing):
    """An observed day without a figure (``seen``), though the product is no longer young for one."""

    def __init__(self, reasons: list[Reason], seen: Observation):
        super().__init__(reasons)
        self.seen = seen


class Unknown(Missing):
    """A run's state that depends on days whose figure is not known: gaps of the data, days without
    a figure. ``key``: what stays the same while it lasts (over a period, one error, though the day
    without a figure moves on day by day)."""

    def __init__(self, reasons: list[Reason], key: tuple[Any, ...]):
        super().__init__(reasons)
        self.key = key


def unknowable(rule: Rule, context: Context, observations: list[Observation]) -> bool:
    """Whether some of ``observations`` (the rule's, in order) leave days whose figure is not known
    (``known_days``): a gap of the data between two of them, or one without a figure though the
    product is no longer young for one."""
    clock = rule.clock
    if clock.lookback_months is not None:
        return False
    allowed = whole(context, clock.stale_after_days, "stale_after_days")
    if allowed is not None and any((b.day - a.day).days - 1 > allowed for a, b in zip(observations, observations[1:])):
        return True
    if clock.young_for_months is None or not any(o.passed is None and o.reasons and not o.steady for o in observations):
        return False
    grown = grown_after(rule, context)
    return grown is not None and any(o.passed is None and o.reasons and not o.steady and o.day > grown[0]
                                     for o in observations)


def known_days(rule: Rule, context: Context, judge: Judge, days: list[dt.date],
               on: dt.date) -> tuple[list[dt.date], Callable[[dt.date], Observation]]:
    """The observed ``days`` to ``on`` with, in each gap of the data (a day more than the clock's
    ``stale_after_days`` after the last day observed before it), its first days (as many as it
    takes to end a run: ``reset_after_observations``); and a judge for which those days, and the
    observed days without a figure though the product is no longer young for one (rows missing
    from the window), are Missing (``run_clock`` takes them both ways)."""
    clock = rule.clock
    allowed = whole(context, clock.stale_after_days, "stale_after_days")
    upto = days[:bisect.bisect_right(days, on)]
    gaps: dict[dt.date, Gap] = {}
    if allowed is not None:
        reset = whole(context, clock.reset_after_observations, "reset_after_observations", 1) or 1
        for before, after in zip(upto, upto[1:]):
            unseen = (after - before).days - 1
            if unseen > allowed:
                gap = _gap(rule, context, before, after, allowed)
                first = before + dt.timedelta(days=allowed + 1)
                for k in range(min(reset, unseen - allowed)):
                    gaps[first + dt.timedelta(days=k)] = gap
    young: list[Any] = []

    def observe(day: dt.date) -> Observation:
        gap = gaps.get(day)
        if gap is not None:
            raise gap
        seen = judge(day)
        if seen.passed is None and seen.reasons and not seen.steady and clock.young_for_months is not None:
            if not young:
                young.append(grown_after(rule, context))
            if young[0] is not None and day > young[0][0]:
                raise RowsMissing(_grown_reasons(rule, context, seen, (young[0][1], young[0][2])), seen)
        return seen

    return (sorted(upto + list(gaps)) if gaps else upto), observe


def _gap(rule: Rule, context: Context, before: dt.date, after: dt.date, allowed: int) -> Gap:
    check = operator_in_force(rule.checks[0], context)
    first, last = before + dt.timedelta(days=1), after - dt.timedelta(days=1)
    unseen = (after - before).days - 1
    return Gap([Reason(f"nothing observed from {first} to {last}, {unseen} days after {before} (at most {allowed} "
                       "allowed): rows are missing there, and those days could have ended a run below the line or begun one",
                       None, _located(context, check, before),  # the row the missing ones follow
                       f"{first}부터 {last}까지 관찰된 날이 없습니다({before} 이후 {unseen}일, 최대 {allowed}일 허용): "
                       "그 사이 행이 빠져 있어 기준 미달 기간이 끝났거나 시작되었을 수 있습니다")])


def _told(state: ClockState) -> tuple[Any, ...]:
    return state.status, state.since, state.caution_from, state.delisting_from, tuple(o.day for o in state.deciding)


def _run_state(rule: Rule, context: Context, judge: Callable[[dt.date], Observation], days: list[dt.date],
               on: dt.date) -> ClockState:
    clock = rule.clock
    caution = whole(context, clock.caution_after_months, "caution_after_months")
    fail_months = whole(context, clock.fail_after_months, "fail_after_months")
    fail_count = whole(context, clock.fail_after_observations, "fail_after_observations")
    reset = whole(context, clock.reset_after_observations, "reset_after_observations", 1) or 1
    stands = flag(context, clock.fail_stands)
    end = bisect.bisect_right(days, on)
    if end == 0:
        return ClockState("not_applicable")
    if stands:
        start = 0
    else:  # back to a passing streak long enough to end any run before it
        start, streak, top = 0, 0, end
        for i in range(end - 1, -1, -1):
            seen = judge(days[i])
            if seen.passed is None:
                continue
            if not seen.passed:
                streak = 0
                continue
            if streak == 0:
                top = i
            streak += 1
            if streak >= reset:
                start = top + 1
                break
        if start >= end:  # the last observations end any run: nothing going on
            last = judge(days[end - 1])
            return ClockState("pass" if last.passed is not None else "not_applicable", last=last)
    observations = [judge(day) for day in days[start:end]]
    found = runs(((o.day, o.passed) for o in observations), reset)
    last = observations[-1]
    by_day = {o.day: o for o in observations}

    def delisting_of(run: Run) -> dt.date | None:
        if fail_months is not None:
            return add_months(run.start, fail_months)
        if fail_count is not None and len(run.failing) >= fail_count:
            return run.failing[fail_count - 1]
        return None

    if stands:
        for run in found:
            met = delisting_of(run)
            if met is not None and met <= on and (run.end is None or met < run.end):
                return ClockState("fail", run.start, add_months(run.start, caution) if caution is not None else None, met,
                                  tuple(by_day[d] for d in run.failing if d <= met), last)
    current = found[-1] if found and found[-1].end is None else None
    if current is None:
        return ClockState("pass" if last.passed is not None else "not_applicable", last=last)
    met = delisting_of(current)
    if met is None and fail_count is not None:  # counted in observations: the day the count would be reached
        count = fail_count - len(current.failing)  # month ends come at least once a year
        met = next_observed(observed_ahead(rule, context, on, 12 * count), on, count)
    status = "fail" if met is not None and met <= on else "at_risk"
    return ClockState(status, current.start, add_months(current.start, caution) if caution is not None else None, met,
                      tuple(by_day[d] for d in current.failing), last)


def observed_ahead(rule: Rule, context: Context, on: dt.date, months: int) -> list[dt.date]:
    """The days the rule is observed on up to ``months`` after ``on`` (at most to the calendar's
    last day), where they are known ahead (month ends); a series' days end with its rows. Empty
    where they cannot be told."""
    ahead = _day_context(context)
    try:
        until = add_months(on, months)
    except (OverflowError, ValueError):  # past the year 9999
        until = dt.date.max
    ahead.move_to(until)
    try:
        return list(rule.observed_on.fn(ahead, None))  # type: ignore[union-attr]
    except Missing:
        return []


def next_observed(ahead: list[dt.date], on: dt.date, count: int) -> dt.date | None:
    """The ``count``-th of the days ``ahead`` after ``on``: where a run counted in observations
    would meet its delisting condition, failing again on each (None where not known)."""
    i = bisect.bisect_right(ahead, on) + count - 1
    return ahead[i] if i < len(ahead) else None


def lookback_clock(rule: Rule, context: Context, judge: Judge, days: list[dt.date], on: dt.date) -> ClockState:
    months = whole(context, rule.clock.lookback_months, "lookback_months") or 0
    start = window_start(on, months)
    inside = days[bisect.bisect_right(days, start): bisect.bisect_right(days, on)]
    if not inside:
        return ClockState("not_applicable", observed_days=0)
    observations = [judge(day) for day in inside]
    failing = tuple(o for o in observations if o.passed is False)
    last = observations[-1]
    if failing:
        return ClockState(rule.fails_as, failing[0].day, deciding=failing, last=last, observed_days=len(inside))
    return ClockState("pass", last=last, observed_days=len(inside))


def stale_since(rule: Rule, context: Context, days: list[dt.date], on: dt.date) -> tuple[dt.date, int] | None:
    """(the last observed day on or before ``on``, the days allowed) when that day is more than the
    clock's ``stale_after_days`` before ``on``: the data does not reach the date. None otherwise,
    and when nothing was observed yet (a product too young for a figure)."""
    allowed = whole(context, rule.clock.stale_after_days, "stale_after_days")
    last = stale_day(days, on, allowed) if allowed is not None else None
    return (last, allowed) if last is not None and allowed is not None else None


def awaited_since(rule: Rule, context: Context, days: list[dt.date], on: dt.date) -> tuple[dt.date, int] | None:
    """(the clock's ``expected_from``, the days allowed) when neither an observed day nor a row of
    the product's history is on or before ``on``, and ``on`` is more than ``stale_after_days`` after
    that day: the data should be there (a product listed long ago with an empty history). None
    otherwise: nothing to observe yet, or rows without the rule's figure (no closing price: the
    figure is optional, and the clock says ``not_applicable``)."""
    clock = rule.clock
    if clock.expected_from is None or bisect.bisect_right(days, on):
        return None
    first_row_day = first_row(context.product)
    if first_row_day is not None and first_row_day <= on:
        return None
    allowed = whole(context, clock.stale_after_days, "stale_after_days")
    first = clock.expected_from.fn(context, None)
    return (first, allowed) if allowed is not None and (on - first).days > allowed else None


def first_row(product: Product) -> dt.date | None:
    """The day of the first row of the product's history (its rows are in date order), if any."""
    return product.history[0].date if product.history else None


def stale_day(days: list[dt.date], on: dt.date, allowed: int) -> dt.date | None:
    """The last of ``days`` on or before ``on`` when it is more than ``allowed`` days before it."""
    end = bisect.bisect_right(days, on)
    return days[end - 1] if end and (on - days[end - 1]).days > allowed else None


def clock_state(rule: Rule, context: Context, judge: Judge, days: list[dt.date], on: dt.date) -> ClockState:
    stale = stale_since(rule, context, days, on)
    if stale is not None:
        return ClockState("error", stale=stale)
    awaited = awaited_since(rule, context, days, on)
    if awaited is not None:
        return ClockState("error", awaited=awaited)
    if rule.clock.lookback_months is not None:
        return lookback_clock(rule, context, judge, days, on)
    known, observe = known_days(rule, context, judge, days, on)
    state = run_clock(rule, context, observe, known, on)
    grown = _grown_since(rule, context, state.last, on) if state.status == "not_applicable" else None
    return ClockState("error", last=state.last, grown=grown) if grown is not None else state


def evaluate_watched(rule: Rule, context: Context, parameters: Mapping[str, Any]) -> Result:
    """The result of a rule with a clock on the context's evaluation date."""
    check = operator_in_force(rule.checks[0], context)
    try:
        on = context.evaluation_date()
        assert rule.observed_on is not None  # a rule with a clock has its days (compile_watch)
        days = list(rule.observed_on.fn(context, None))
        judge = Judge(rule, context)
        state = clock_state(rule, context, judge, days, on)
    except Missing as missing:
        return _error(rule, missing, parameters, context, check)
    return watched_result(rule, context, parameters, state)


_NOT_APPLICABLE = {"en": "Not applicable yet: nothing to observe on or before {evaluated_on}.",
                   "ko": "아직 적용되지 않습니다: {evaluated_on}까지 관찰할 날이 없습니다."}


def watched_result(rule: Rule, context: Context, parameters: Mapping[str, Any], state: ClockState) -> Result:
    check = operator_in_force(rule.checks[0], context)
    if state.stale is not None:
        last_day, allowed = state.stale
        on = context.evaluation_date()
        days = (on - last_day).days
        reason = Reason(f"the data observed ends {last_day}, {days} days before {on} (at most {allowed} allowed): "
                        "its last figure is not the figure of the evaluation date",
                        None, _located(context, check, last_day),
                        f"관찰된 데이터가 {last_day}에 끝나 {on}보다 {days}일 앞섭니다(최대 {allowed}일 허용): "
                        "마지막 값은 평가일의 값이 아닙니다")
        return _error(rule, Missing([reason]), parameters, context, check)
    if state.awaited is not None:
        return _awaited_error(rule, context, parameters, state.awaited)
    if state.grown is not None and state.last is not None:
        return _grown_error(rule, context, parameters, state.last, state.grown)
    last = state.last
    shown = _shown(state)  # the figure the result gives, and its day
    clock = {"since": state.since, "caution_from": state.caution_from, "delisting_from": state.delisting_from}
    variables = {**_variables(rule, context), **clock, "evaluated_on": shown.day if shown else context.as_of,
                 "observation_count": len(state.deciding)}
    if state.observed_days is not None:  # a count, not a figure in the rule's unit (a ratio, for the disparity)
        variables["observed_days"] = f"{state.observed_days:,}"
    # The days that decided it: a run counted in observations (half-year ends) or a lookback window
    # lists them; a run counted in months is told by its clock's dates.
    listed = state.deciding if rule.clock.fail_after_months is None else ()
    items = tuple(ItemFinding({"date": o.day.isoformat()}, o.value, _row_location(context.product, o.day))
                  for o in listed)
    observed = shown.value if shown is not None else None
    threshold = shown.threshold if shown is not None else None
    if state.status == "not_applicable":
        if last is not None and last.passed is None and last.reasons:
            reasons = "; ".join(r.message for r in last.reasons)
            reasons_ko = "; ".join(r.text("ko") for r in last.reasons)
            message: Mapping[str, str] = {"en": f"No figure on {last.day}: {reasons}.",
                                          "ko": f"{last.day}에는 값이 없습니다: {reasons_ko}."}
        else:
            message = render_message(rule.not_applicable or _NOT_APPLICABLE, rule, variables, {})
        return Result(rule, "not_applicable", message, observed, check.operator, threshold, (), None, parameters,
                      clock=clock)
    if threshold is None:  # the last day has no figure: its line is still the line in force
        try:
            threshold = check.threshold.fn(context, None)
        except Missing:
            pass
    message = render_message(_template(rule, check, state.status), rule, variables,
                             {"observed": observed, "threshold": threshold, "operator": check.operator, "items": items})
    if last is not None and last.passed is None and last.reasons:  # a run going on, and no figure on its last day
        message = {lang: f"{text} No figure on {last.day}: {'; '.join(r.text(lang) for r in last.reasons)}."
                   if lang == "en" else f"{text} {last.day}에는 값이 없습니다: {'; '.join(r.text(lang) for r in last.reasons)}."
                   for lang, text in message.items()}
    location = _located(context, check, state.since or (last.day if last else None))
    # (a figure that did not decide a fail or an at_risk has no headroom to tell: none is left to spare)
    decided = state.status not in ("fail", "at_risk") or (shown is not None and shown.passed is False)
    return Result(rule, state.status, message, observed, check.operator, threshold, items, location, parameters,
                  headroom(observed, check.operator, threshold)
                  if decided and observed is not None and threshold is not None else None, clock=clock)


def _shown(state: ClockState) -> Observation | None:
    """The observation whose figure a result gives (``observed``, with ``{evaluated_on}`` its day):
    the last one on or before the date; but for a fail or an at_risk where that one did not decide
    it (a passing half-year end after a delisting condition that stands, a passing day after a
    failing one in a lookback window, a day without a figure in a run), the last failing one that
    did. A passing figure on a failed rule would say there is room to spare."""
    last = state.last
    if state.status in ("fail", "at_risk") and (last is None or last.passed is not False):
        return next((o for o in reversed(state.deciding) if o.passed is False and o.value is not None), last)
    return last


def _grown_since(rule: Rule, context: Context, last: Observation | None, on: dt.date) -> tuple[dt.date, int] | None:
    """(the clock's ``expected_from``, its ``young_for_months``) when the last day has no figure
    although ``on`` is more than those months after that day: not a product too
    young for a figure, but one whose rows are missing. None otherwise. (Missing when
    ``expected_from`` is not given: the rule cannot tell which.)"""
    clock = rule.clock
    if last is None or last.passed is not None or not last.reasons or last.steady or clock.young_for_months is None:
        return None  # (a series that does not vary has no figure at any age: not missing rows)
    grown_from = grown_after(rule, context)
    if grown_from is None or grown_from[0] >= on:
        return None
    return grown_from[1], grown_from[2]


def grown_after(rule: Rule, context: Context) -> tuple[dt.date, dt.date, int] | None:
    """(the last day a product is young for a figure, ``expected_from``, ``young_for_months``),
    or None for a clock without them."""
    clock = rule.clock
    if clock.young_for_months is None or clock.expected_from is None:
        return None
    months = whole(context, clock.young_for_months, "young_for_months")
    since = clock.expected_from.fn(context, None)
    return (add_months(since, months), since, months) if months is not None and since is not None else None


def _expected(rule: Rule) -> str:
    """`` (product.listed_on)``: where ``expected_from`` reads its day, to name it in a reason."""
    path = rule.clock.expected_from.path if rule.clock.expected_from is not None else None
    return f" ({path})" if path else ""


def _grown_error(rule: Rule, context: Context, parameters: Mapping[str, Any], last: Observation,
                 grown: tuple[dt.date, int]) -> Result:
    """No figure on the last day, though the product is no longer too young for one."""
    check = operator_in_force(rule.checks[0], context)
    return _error(rule, Missing(_grown_reasons(rule, context, last, grown)), parameters, context, check)


def _grown_reasons(rule: Rule, context: Context, last: Observation, grown: tuple[dt.date, int]) -> list[Reason]:
    """Why a day without a figure is an error: the product is no longer young for one."""
    check = operator_in_force(rule.checks[0], context)
    since, months = grown
    return [Reason(f"{r.message} on {last.day}, although data is expected from {since}{_expected(rule)}, more than "
                   f"{months} months before: the history is missing rows", None,
                   _located(context, check, last.day, r.location),
                   f"{r.text('ko')} ({last.day}). 자료가 {months}개월 넘게 전인 {since}부터 있어야 하므로 "
                   "이력에 빠진 행이 있습니다") for r in last.reasons]


def _awaited_error(rule: Rule, context: Context, parameters: Mapping[str, Any], awaited: tuple[dt.date, int]) -> Result:
    """Nothing observed although the data should be there since ``expected_from``."""
    check = operator_in_force(rule.checks[0], context)
    first, allowed = awaited
    on = context.evaluation_date()
    days = (on - first).days
    named = _expected(rule)
    reason = Reason(f"nothing observed from {first}{named} to {on}, {days} days (at most {allowed} allowed): "
                    "the data does not reach the evaluation date",
                    None, context.location_of(*check.locations),
                    f"{first}{named}부터 {on}까지 {days}일 동안 관찰된 날이 없습니다(최대 {allowed}일 허용): "
                    "데이터가 평가일에 이르지 않습니다")
    return _error(rule, Missing([reason]), parameters, context, check)


def _located(context: Context, check: Any, day: dt.date | None, otherwise: Location | None = None) -> Location | None:
    """Where a watched result about ``day`` points: the history's row of the day, where the rule
    reads the history; else ``otherwise``, else what the rule points at (the participants)."""
    row = _row_location(context.product, day) if check.location == "product.history" else None
    return row or otherwise or context.location_of(*check.locations)


def _row_location(product: Product, day: dt.date | None) -> Location | None:
    """The line of the product's history for ``day``: its row, else the last row before it (a
    half-year end that is no trading day takes its figure from there), where there is one."""
    rows = product.history
    if not rows or day is None:
        return None
    i = bisect.bisect_right([row.date for row in rows], day) - 1
    return rows[i].location if i >= 0 else None
