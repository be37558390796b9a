"""Dated values: daily series, their changes, a rolling correlation, days and calendar offsets.

A *series* (``DaySeries``) is a value like any other in a rule: values by day, built from a
collection of dated rows (the product's ``history``, the index's ``levels``). A series is computed
once per product and kept while the product is watched over many days (``etf_listing.watch``):
deciding a rule on each trading day looks a day up, it never recomputes the series. Days missing
from a series are skipped, never filled.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from ...errors import did_you_mean
from ..calendar import days_from, month_ends, offset, window_start
from ..compiler import UNKNOWN, Compiler
from ..numbers import Ratio, as_ratio, is_number
from ..rolling import NoFigure, RollingWindow
from ..runtime import Context, Function, Missing, Reason
from ..series import DaySeries, NotYet, daily_changes, kept
from ..tree import Args, fields_of, items, name, operation, value, values
from ..types import ANY, DATE, FLAG, NUMBER, Collection, ListOf, Number, Type, of_annotation


@dataclass(frozen=True)
class SeriesOf(Type):
    """A daily series of values of one type (a number, a ratio, an amount)."""

    element: Type = ANY

    def describe(self, lang: str = "en") -> str:
        inner = self.element.describe(lang)
        return f"a daily series of {inner}" if lang == "en" else f"{inner}의 일별 계열"

    def accepts(self, other: Type) -> bool:
        if other is ANY:
            return True
        return isinstance(other, SeriesOf) and (self.element.accepts(other.element) or other.element.accepts(self.element))


SERIES = SeriesOf()
DAYS = ListOf(DATE)
DATED = Collection()  # dated rows: checked to have a date when compiled
_SERIALS = itertools.count(1)


def _dated(c: Compiler, args: Args, option: str) -> Any:
    rows = args[option]
    element = rows.element if rows is not None else None
    if element is not None and "date" not in fields_of(element):
        raise c.error(args.where + (option,), "expected dated rows here, such as product.history or index.levels",
                      ko="여기에는 product.history나 index.levels 같은 날짜별 행이 와야 합니다")
    return element


def _field_type(args: Args, rows_option: str, field_option: str) -> Type:
    rows = args[rows_option]
    element = rows.element if rows is not None else None
    field = args[field_option]
    if element is None or field not in fields_of(element):
        return ANY
    return of_annotation(fields_of(element)[field])


def _checked_field(c: Compiler, args: Args, rows_option: str, field_option: str) -> str:
    element = _dated(c, args, rows_option)
    field = args[field_option]
    if element is not None:
        available = [n for n in fields_of(element) if n != "date"]
        if field not in available:
            record = element.__name__.lower()
            raise c.error(args.where + (field_option,), f"{record} has no field '{field}'",
                          did_you_mean(str(field), available) or f"fields: {', '.join(available)}",
                          ko=f"{record}에는 '{field}' 필드가 없습니다",
                          hint_ko=did_you_mean(str(field), available, "ko") or f"필드: {', '.join(available)}")
    return str(field)


def _series_result(args: Args) -> Type:
    return SeriesOf(_field_type(args, "series", "value"))


@operation("series", family="series", main=items("dated rows: product.history, index.levels", DATED),
           value=name("the rows' field to make the series of"), result=_series_result, result_doc="a daily series")
def series(c: Compiler, args: Args) -> Function:
    """The rows' field by date, a daily series; rows without the field are skipped.

    Example: {series: {get: product.history}, value: nav_per_unit}
    """
    field = _checked_field(c, args, "series", "value")
    rows, key = args["series"].fn, ("series", next(_SERIALS))

    def build(ctx: Context, item: Any) -> DaySeries:
        def make() -> DaySeries:
            members = rows(ctx, item)
            given = [(m.date, getattr(m, field)) for m in members if getattr(m, field) is not None]
            return DaySeries(tuple(d for d, _ in given), tuple(v for _, v in given), members[0].location if members else None)
        return kept(ctx, key, make)  # type: ignore[no-any-return]

    return build


def _change_result(args: Args) -> Type:
    return SeriesOf(Number("ratio"))


@operation("daily_change", family="series", main=value(SERIES, "the series"),
           paired_with=value(SERIES, "a second series: only days where both are given count", required=False),
           result=_change_result, result_doc="a daily series of ratios")
def daily_change(c: Compiler, args: Args) -> Function:
    """The change of a series from one day to the next, v_d / v_prev - 1, exact. With
    ``paired_with``, prev and d are consecutive days of both series' calendar, and the change is
    taken only where both series are given on both days (a day missing from either is skipped).

    Example: {daily_change: {ref: nav}, paired_with: {ref: index_level}}
    """
    main, other, key = args["daily_change"].fn, args["paired_with"], ("daily_change", next(_SERIALS))
    partner = other.fn if other is not None else None

    def change(ctx: Context, item: Any) -> DaySeries:
        return kept(ctx, key, lambda: daily_changes(main(ctx, item), partner(ctx, item) if partner else None))  # type: ignore[no-any-return]

    return change


@operation("scaled", family="series", main=value(SERIES, "the series"), by=value(NUMBER, "the factor", fixed=True),
           result=lambda args: args.type("scaled"), result_doc="the series' type")
def scaled(c: Compiler, args: Args) -> Function:
    """Each value of a series times a number (the sign of a product's multiple, for an inverse ETF);
    missing when the number is 0 (a series of zeros says nothing).

    Example: {scaled: {daily_change: {ref: index_level}}, by: {sign: {get: product.leverage}}}
    """
    main, by, key = args["scaled"].fn, args["by"].fn, ("scaled", next(_SERIALS))
    factor_path = args["by"].path

    def build(ctx: Context, item: Any) -> DaySeries:
        def make() -> DaySeries:
            found, factor = main(ctx, item), by(ctx, None)
            if not is_number(factor):
                raise Missing.one(f"scaled takes a number, not {factor!r}", ko=f"scaled에는 숫자가 필요합니다: {factor!r}")
            if factor == 0:  # (a multiple of 0: no series of zeros says anything of tracking)
                named = factor_path or "the factor"
                raise Missing.one(f"{named} is 0: the series scaled by it is 0 on every day, and nothing can be compared with it",
                                  location=ctx.location_of(factor_path),
                                  ko=f"{named}이(가) 0이어서 그것을 곱한 계열은 매일 0이 되므로 어떤 값과도 비교할 수 없습니다")
            if factor == 1:
                return found  # type: ignore[no-any-return]
            return DaySeries(found.days, tuple(as_ratio(v) * factor for v in found.values), found.location)
        return kept(ctx, key, make)  # type: ignore[no-any-return]

    return build


@operation("rolling_correlation", family="series", main=values(SERIES, "[X, Y], two series", least=2, most=2),
           months=value(Number("months"), "the window's length in calendar months", window=True),
           min_observations=value(Number("count"), "fewest pairs for a figure", whole=True),
           on_days_of=value(SERIES, "the series whose days the correlation is taken on"),
           result=SeriesOf(NUMBER), result_doc="a daily series of correlations")
def rolling_correlation(c: Compiler, args: Args) -> Function:
    """Pearson's correlation of the pairs (x_d, y_d) in the window of ``months`` ending on each day
    of ``on_days_of`` (after the same day that many months earlier, up to that day), kept
    incrementally: each pair enters and leaves the window once. A day with fewer than
    ``min_observations`` pairs, or where either series does not vary, has no figure, with the
    reason. Decided exactly at a threshold (``etf_listing.vocabulary.rolling``).

    Example: {rolling_correlation: [{ref: nav_changes}, {ref: index_changes}], months: 3, min_observations: 20, on_days_of: {ref: nav}}
    """
    (xs, ys), months, least, on = args["rolling_correlation"], args["months"].fn, args["min_observations"].fn, args["on_days_of"].fn
    key = ("rolling_correlation", next(_SERIALS))

    def build(ctx: Context, item: Any) -> DaySeries:
        def make() -> DaySeries:
            x, y, days = xs.fn(ctx, item), ys.fn(ctx, item), on(ctx, item).days
            common_days = sorted(set(x.days) & set(y.days))
            xv, yv = dict(zip(x.days, x.values)), dict(zip(y.days, y.values))
            window = RollingWindow(common_days, [xv[d] for d in common_days], [yv[d] for d in common_days],
                                   int(months(ctx, None)), (xs.name, ys.name))
            return DaySeries(tuple(days), tuple(window.correlation(days, max(int(least(ctx, None)), 2))), x.location)
        return kept(ctx, key, make)  # type: ignore[no-any-return]

    return build


def _element_of(args: Args) -> Type:
    found = args.type("on_day")
    return found.element if isinstance(found, SeriesOf) else ANY


@operation("on_day", family="series", main=value(SERIES, "the series"), result=_element_of, reads=("as_of",),
           result_doc="the series' values' type")
def on_day(c: Compiler, args: Args) -> Function:
    """A series' value on the evaluation date, or on the last day before it that has one. A day
    whose figure does not exist yet (too few observations) is not a value: a rule decided on that
    day has nothing to decide.

    Example: {on_day: {ref: tracking_correlation}}
    """
    main = args["on_day"].fn

    def on(ctx: Context, item: Any) -> Any:
        day = ctx.evaluation_date()
        found_series = main(ctx, item)
        found = found_series.value_on_or_before(day)
        if found is None:
            raise NotYet([Reason(f"no figure on or before {day}", location=found_series.location, ko=f"{day} 이전의 값이 없습니다")])
        if isinstance(found[1], NoFigure):
            not_yet = NotYet([Reason(found[1].message, location=found_series.location, ko=found[1].ko)])
            not_yet.steady = found[1].steady  # no variation: a reason of its own, not too few rows
            raise not_yet
        return found[1]

    return on


@operation("days_of", family="series", main=value(SERIES, "the series"), result=DAYS, reads=("as_of",))
def days_of(c: Compiler, args: Args) -> Function:
    """The days of a series, up to the evaluation date: the days a rule is decided on.

    Example: {days_of: {ref: tracking_correlation}}
    """
    main = args["days_of"].fn

    def days(ctx: Context, item: Any) -> list[dt.date]:
        day, found = ctx.evaluation_date(), main(ctx, item).days
        return list(found[: bisect.bisect_right(found, day)])

    return days


@operation("every_day_from", family="series", main=value(DATE, "the first day", fixed=True), result=DAYS, reads=("as_of",))
def every_day_from(c: Compiler, args: Args) -> Function:
    """Every calendar day from a date to the evaluation date, both included.

    Example: {every_day_from: {get: product.listed_on}}
    """
    first = args["every_day_from"].fn
    return lambda ctx, item: days_from(first(ctx, None), ctx.evaluation_date())


@operation("month_ends", family="series", main=value(ListOf(NUMBER), "the months, 1 to 12 ([6, 12]: the half-year ends)", fixed=True),
           after=value(DATE, "the day they must follow", fixed=True), result=DAYS, reads=("as_of",))
def month_ends_(c: Compiler, args: Args) -> Function:
    """The last days of the given months that fall after a date and on or before the evaluation
    date, in order (with [6, 12]: June 30 and December 31, the half-year ends).

    Example: {month_ends: [6, 12], after: {date_offset: {get: product.listed_on}, years: 1}}
    """
    months_expr, after = args["month_ends"], args["after"].fn
    written = c.known(months_expr)  # a literal, or a parameter's list: [6, 13] is refused here, not on each product
    if written is not UNKNOWN and not (isinstance(written, list) and all(
            isinstance(m, int) and not isinstance(m, bool) and 1 <= m <= 12 for m in written)):
        raise c.error(args.where + ("month_ends",), "month_ends takes months, 1 to 12",
                      ko="month_ends에는 1~12의 월을 씁니다")
    chosen = months_expr.fn

    def ends(ctx: Context, item: Any) -> list[dt.date]:
        months = chosen(ctx, None)
        if not all(isinstance(m, int) and 1 <= m <= 12 for m in months):
            raise Missing.one(f"month_ends takes months, 1 to 12, not {months!r}", ko=f"month_ends에는 1~12의 월을 씁니다: {months!r}")
        return month_ends(months, after(ctx, None), ctx.evaluation_date())

    return ends


@operation("date_offset", family="series", main=value(DATE, "the date"),
           years=value(Number("count"), "whole years", whole=True, required=False),
           months=value(Number("months"), "whole months", whole=True, required=False),
           days=value(Number("days"), "calendar days", whole=True, required=False), result=DATE)
def date_offset(c: Compiler, args: Args) -> Function:
    """A date moved by whole years and months, by the same-day rule (the same day of the month,
    or the month's last day where it has none: November 30 + 3 months = February 28 or 29), then
    by calendar days.

    Example: {date_offset: {get: product.listed_on}, years: 1}
    """
    start = args["date_offset"].fn
    parts = {name: (args[name].fn if args[name] is not None else None) for name in ("years", "months", "days")}

    def moved(ctx: Context, item: Any) -> dt.date:
        amounts = {name: int(fn(ctx, None)) if fn is not None else 0 for name, fn in parts.items()}
        return offset(start(ctx, item), **amounts)

    return moved


def _rows_type(args: Args) -> Type:
    return args.type("in_window")


def _dates_of(ctx: Context, rows: Any) -> list[dt.date]:
    """The rows' dates, once per product however many days it is evaluated on."""
    return kept(ctx, ("dates", id(rows)), lambda: ([row.date for row in rows], rows))[0]  # type: ignore[no-any-return]


@operation("in_window", family="series", main=items("dated rows", DATED),
           months=value(Number("months"), "the window's length in calendar months", window=True),
           result=_rows_type, reads=("as_of",), result_doc="the rows' collection")
def in_window(c: Compiler, args: Args) -> Function:
    """The dated rows in the window of ``months`` ending on the evaluation date (after the same
    day that many months earlier, up to the evaluation date).

    Example: {in_window: {get: product.history}, months: 3}
    """
    _dated(c, args, "in_window")
    rows, months = args["in_window"].fn, args["months"].fn

    def inside(ctx: Context, item: Any) -> tuple[Any, ...]:
        day, members = ctx.evaluation_date(), rows(ctx, item)
        dates = _dates_of(ctx, members)
        first = window_start(day, int(months(ctx, None)))
        return tuple(members[bisect.bisect_right(dates, first): bisect.bisect_right(dates, day)])

    return inside


def _last_row(ctx: Context, rows: Any) -> Any:
    dates = _dates_of(ctx, rows)
    end = bisect.bisect_right(dates, ctx.evaluation_date())
    return rows[end - 1] if end else None


@operation("value_at", family="series", main=items("dated rows", DATED), value=name("the field to read"),
           tolerance_days=value(Number("days"), "calendar days the last row may lie before the evaluation date", whole=True),
           result=lambda args: _field_type(args, "value_at", "value"), reads=("as_of",), result_doc="the field's type")
def value_at(c: Compiler, args: Args) -> Function:
    """A field of the last row on or before the evaluation date, at most ``tolerance_days`` before
    it (a half-year end on a holiday takes the last trading day before it); missing otherwise.

    Example: {value_at: {get: product.history}, value: net_assets_krw, tolerance_days: 7}
    """
    field = _checked_field(c, args, "value_at", "value")
    rows_expr, tolerance = args["value_at"], args["tolerance_days"].fn
    rows, shown = rows_expr.fn, rows_expr.path or "the series"

    def read(ctx: Context, item: Any) -> Any:
        day, members = ctx.evaluation_date(), rows(ctx, item)
        last, days = _last_row(ctx, members), int(tolerance(ctx, None))
        if last is None or (day - last.date).days > days:
            where = members[-1].location if members else ctx.location_of(rows_expr.path)
            raise Missing.one(f"no row of {shown} within {days} days on or before {day}", location=where,
                              ko=f"{day} 이전 {days}일 안에 {shown}의 행이 없습니다")
        found = getattr(last, field)
        if found is None:
            raise Missing.one(f"{last.date}: {field} is not given", last, last.location, ko=f"{last.date}: {field} 값이 없습니다")
        return found

    return read


@operation("days_since_last", family="series", main=items("dated rows", DATED), result=Number("days"), reads=("as_of",))
def days_since_last(c: Compiler, args: Args) -> Function:
    """Calendar days from the last row on or before the evaluation date to it (0 when there is a
    row that day); missing when there is none.

    Example: {days_since_last: {get: index.levels}}
    """
    _dated(c, args, "days_since_last")
    rows_expr = args["days_since_last"]
    rows, shown = rows_expr.fn, rows_expr.path or "the series"

    def since(ctx: Context, item: Any) -> int:
        last = _last_row(ctx, rows(ctx, item))
        if last is None:
            raise Missing.one(f"no row of {shown} on or before {ctx.evaluation_date()}", location=ctx.location_of(rows_expr.path),
                              ko=f"{ctx.evaluation_date()} 이전에 {shown}의 행이 없습니다")
        return (ctx.evaluation_date() - last.date).days

    return since


@operation("day_within", family="series", main=values(DATE, "[FROM, TO]: either may be not given (open)", least=2, most=2),
           result=FLAG, reads=("as_of",))
def day_within(c: Compiler, args: Args) -> Function:
    """Whether the evaluation date lies within FROM..TO, both included; a bound that is not given
    is open (a contract without an end date runs on).

    Example: {day_within: [{get: item.lp_from}, {get: item.lp_to}]}
    """
    low, high = (part.fn for part in args["day_within"])

    def bound(fn: Function, ctx: Context, item: Any) -> Any:
        try:
            return fn(ctx, item)
        except Missing:
            return None

    def within(ctx: Context, item: Any) -> bool:
        day = ctx.evaluation_date()
        first, last = bound(low, ctx, item), bound(high, ctx, item)
        return (first is None or first <= day) and (last is None or day <= last)

    return within


__all__ = ["DAYS", "SERIES", "SeriesOf", "Ratio"]
