"""Operations on dated values: daily series, their changes, rolling statistics, calendar days.

A *series* is a value like any other in a rule: a ``DaySeries`` of days and values, built from a
collection of dated rows (the product's ``history``, the index's ``levels``)::

    {series: product.history, value: nav_per_unit}       the rows' field by date (rows without it skipped)
    {daily_change: SERIES, paired_with: SERIES}          v_d / v_prev - 1 between consecutive days of the
                                                         calendar of both, where both are given on both days
    {scaled: SERIES, by: NUMBER}                         each value times a number
    {rolling_correlation: [X, Y], months: N, min_observations: K, on_days_of: SERIES}
                                                         Pearson's coefficient over the window of N months
                                                         ending on each day of a series (incremental)
    {on_day: SERIES}                                     the value on the evaluation date, or the last before
    {days_of: SERIES}                                    the days of a series up to the evaluation date
    {every_day_from: DATE}                               every calendar day from DATE to the evaluation date
    {month_ends: [6, 12], after: DATE}                   those months' last days after DATE, up to the evaluation date
    {date_offset: DATE, years: Y, months: M, days: D}    a date moved by the same-day rule
    {in_window: ROWS, months: N}                         the dated rows in the window of N months ending on the evaluation date
    {value_at: ROWS, value: FIELD, tolerance_days: D}    FIELD of the last row on or before the evaluation date (at most D days before)
    {days_since_last: ROWS}                              calendar days from the last row on or before the evaluation date to it
    {day_within: [FROM, TO]}                             the evaluation date lies within FROM..TO (a bound not given is open)
    {difference: [A, B]}  {absolute: A}  {sign: A}  {greatest: [A, B, ...]}

A series is computed once per product and kept while the product is watched over many days (see
``etf_listing.monitoring``): evaluating a rule on each trading day looks a day up, it does not
recompute the series. Days missing from a series are skipped, never filled.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from ..errors import Location, did_you_mean
from .calendar import days_from, month_ends, offset, window_start
from .expressions import Compiler, Context, Expr, Missing, Reason, fields_of, operation
from .numbers import Ratio, as_ratio, is_number
from .rolling import NoFigure, RollingWindow

Where = tuple[Any, ...]


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
    """A figure that does not exist yet on a day (too few observations, no variation): the rule
    has nothing to decide then. Anywhere a figure is simply required, it is missing."""


_SERIALS = itertools.count(1)


def _kept(ctx: Context, key: Any, compute: Callable[[], Any]) -> Any:
    """A value computed once per product: in the watch's lasting memo when there is one (kept
    across the days a product is evaluated on), else in the evaluation's own memo."""
    memo = getattr(ctx, "lasting", None)
    if memo is None:
        memo = ctx.memo
    try:
        return memo[key]
    except KeyError:
        value = memo[key] = compute()
        return value


def _series_of(c: Compiler, node: Any, scope: type | None, where: Where) -> Expr:
    expr = c.value(node, scope, where)
    if expr.is_literal:
        raise c.error(where, "expected a series here, such as {series: product.history, value: nav_per_unit}",
                      ko="여기에는 {series: product.history, value: nav_per_unit} 같은 계열이 와야 합니다")
    return expr


def _dated_rows(c: Compiler, node: Any, scope: type | None, where: Where) -> Expr:
    rows = c.items(node, scope, where)
    if rows.element is None or "date" not in fields_of(rows.element):
        raise c.error(where, "expected dated rows here, such as product.history or index.levels",
                      ko="여기에는 product.history나 index.levels 같은 날짜별 행이 와야 합니다")
    return rows


def _whole_option(c: Compiler, node: dict[str, Any], name: str, where: Where, default: int | None = None) -> Expr:
    if name not in node:
        return c.fixed(default, None, where)
    expr = c.fixed(node[name], None, where + (name,))
    value = expr.literal if expr.is_literal else None
    if isinstance(node[name], dict) and set(node[name]) == {"param"} and node[name]["param"] in c.parameters:
        value = getattr(c.parameters[node[name]["param"]], "value", None)
    if value is not None and not (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        raise c.error(where + (name,), f"{name} is a whole number, not {value!r}", ko=f"{name}은(는) 0 이상의 정수여야 합니다: {value!r}")
    return expr


def _whole(ctx: Context, expr: Expr, name: str) -> int:
    value = expr.fn(ctx, None)
    if not (isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value >= 0 and value == int(value)):
        raise Missing.one(f"{name} is a whole number, not {value!r}", ko=f"{name}은(는) 0 이상의 정수여야 합니다: {value!r}")
    return int(value)


def _reads(*exprs: Expr) -> frozenset[str]:
    return frozenset().union(*(e.reads for e in exprs)) | {"product"}


def _params(*exprs: Expr) -> frozenset[str]:
    return frozenset().union(*(e.params for e in exprs))


@operation("series", options=("value",), required=("value",))
def _series(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    rows = _dated_rows(c, node["series"], scope, where + ("series",))
    field = node["value"]
    available = fields_of(rows.element)  # type: ignore[arg-type]
    if not isinstance(field, str) or field not in available or field == "date":
        names = [name for name in available if name != "date"]
        raise c.error(where + ("value",), f"{rows.element.__name__.lower()} has no field '{field}' to make a series of",  # type: ignore[union-attr]
                      did_you_mean(str(field), names) or f"fields: {', '.join(names)}",
                      ko=f"{rows.element.__name__.lower()}에는 계열로 만들 '{field}' 필드가 없습니다",  # type: ignore[union-attr]
                      hint_ko=did_you_mean(str(field), names, "ko") or f"필드: {', '.join(names)}")
    key = ("series", next(_SERIALS))

    def series(ctx: Context, item: Any) -> DaySeries:
        def build() -> DaySeries:
            members = rows.fn(ctx, item)
            given = [(m.date, getattr(m, field)) for m in members if getattr(m, field) is not None]
            where_ = members[0].location if members else None
            return DaySeries(tuple(d for d, _ in given), tuple(v for _, v in given), where_)
        return _kept(ctx, key, build)  # type: ignore[no-any-return]

    return Expr(series, params=rows.params, reads=_reads(rows), path=rows.path)


@operation("daily_change", options=("paired_with",))
def _daily_change(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    main = _series_of(c, node["daily_change"], scope, where + ("daily_change",))
    other = _series_of(c, node["paired_with"], scope, where + ("paired_with",)) if "paired_with" in node else None
    key = ("daily_change", next(_SERIALS))

    def change(ctx: Context, item: Any) -> DaySeries:
        def build() -> DaySeries:
            series = main.fn(ctx, item)
            partner = other.fn(ctx, item) if other is not None else None
            return daily_changes(series, partner)
        return _kept(ctx, key, build)  # type: ignore[no-any-return]

    parts = [main] + ([other] if other else [])
    return Expr(change, params=_params(*parts), reads=_reads(*parts), path=main.path)


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


@operation("scaled", options=("by",), required=("by",))
def _scaled(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    main = _series_of(c, node["scaled"], scope, where + ("scaled",))
    by = c.fixed(node["by"], None, where + ("by",))
    key = ("scaled", next(_SERIALS))

    def scaled(ctx: Context, item: Any) -> DaySeries:
        def build() -> DaySeries:
            series, factor = main.fn(ctx, item), by.fn(ctx, None)
            if not is_number(factor):
                raise Missing.one(f"scaled takes a number, not {factor!r}", ko=f"scaled에는 숫자가 필요합니다: {factor!r}")
            if factor == 1:
                return series
            return DaySeries(series.days, tuple(as_ratio(v) * factor for v in series.values), series.location)
        return _kept(ctx, key, build)  # type: ignore[no-any-return]

    return Expr(scaled, params=_params(main, by), reads=_reads(main, by), path=main.path)


@operation("rolling_correlation", options=("months", "min_observations", "on_days_of"),
           required=("months", "min_observations", "on_days_of"))
def _rolling_correlation(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    pair = node["rolling_correlation"]
    if not isinstance(pair, list) or len(pair) != 2:
        raise c.error(where + ("rolling_correlation",), "rolling_correlation takes [X, Y], two series",
                      ko="rolling_correlation에는 두 계열 [X, Y]를 씁니다")
    xs, ys = (_series_of(c, p, scope, where + ("rolling_correlation", i)) for i, p in enumerate(pair))
    months = _whole_option(c, node, "months", where)
    least = _whole_option(c, node, "min_observations", where)
    on = _series_of(c, node["on_days_of"], scope, where + ("on_days_of",))
    key = ("rolling_correlation", next(_SERIALS))

    def correlation(ctx: Context, item: Any) -> DaySeries:
        def build() -> DaySeries:
            x, y, days = xs.fn(ctx, item), ys.fn(ctx, item), on.fn(ctx, item).days
            n_months, minimum = _whole(ctx, months, "months"), max(_whole(ctx, least, "min_observations"), 2)
            common = sorted(set(x.days) & set(y.days))
            xv, yv = dict(zip(x.days, x.values)), dict(zip(y.days, y.values))
            window = RollingWindow(common, [xv[d] for d in common], [yv[d] for d in common], n_months)
            return DaySeries(tuple(days), tuple(window.correlation(days, minimum)), x.location)
        return _kept(ctx, key, build)  # type: ignore[no-any-return]

    return Expr(correlation, params=_params(xs, ys, months, least, on), reads=_reads(xs, ys, months, least, on),
                path=xs.path)


@operation("on_day")
def _on_day(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    main = _series_of(c, node["on_day"], scope, where + ("on_day",))

    def on_day(ctx: Context, item: Any) -> Any:
        day = ctx.evaluation_date()
        series = main.fn(ctx, item)
        found = series.value_on_or_before(day)
        if found is None:
            raise NotYet([Reason(f"no figure on or before {day}", location=series.location, ko=f"{day} 이전의 값이 없습니다")])
        value = found[1]
        if isinstance(value, NoFigure):
            raise NotYet([Reason(value.message, location=series.location, ko=value.ko)])
        return value

    return Expr(on_day, params=main.params, reads=main.reads | {"as_of"}, path=main.path)


@operation("days_of")
def _days_of(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    main = _series_of(c, node["days_of"], scope, where + ("days_of",))

    def days_of(ctx: Context, item: Any) -> list[dt.date]:
        day = ctx.evaluation_date()
        days = main.fn(ctx, item).days
        return list(days[: bisect.bisect_right(days, day)])

    return Expr(days_of, params=main.params, reads=main.reads | {"as_of"}, path=main.path)


def _date_of(value: Any) -> dt.date:
    if not isinstance(value, dt.date):
        raise Missing.one(f"expected a date, got {value!r}", ko=f"날짜여야 합니다. 입력값: {value!r}")
    return value


@operation("every_day_from")
def _every_day_from(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    first = c.fixed(node["every_day_from"], None, where + ("every_day_from",))

    def every_day(ctx: Context, item: Any) -> list[dt.date]:
        return days_from(_date_of(first.fn(ctx, None)), ctx.evaluation_date())

    return Expr(every_day, params=first.params, reads=first.reads | {"as_of"}, path=first.path)


@operation("month_ends", options=("after",), required=("after",))
def _month_ends(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    months = c.fixed(node["month_ends"], None, where + ("month_ends",))
    if months.is_literal and not (isinstance(months.literal, list) and months.literal
                                  and all(isinstance(m, int) and not isinstance(m, bool) and 1 <= m <= 12 for m in months.literal)):
        raise c.error(where + ("month_ends",), "month_ends takes a list of months, 1 to 12 ([6, 12]: the half-year ends)",
                      ko="month_ends에는 1~12의 월 목록을 씁니다([6, 12]: 반기말)")
    after = c.fixed(node["after"], None, where + ("after",))

    def ends(ctx: Context, item: Any) -> list[dt.date]:
        chosen = months.fn(ctx, None)
        return month_ends([int(m) for m in chosen], _date_of(after.fn(ctx, None)), ctx.evaluation_date())

    return Expr(ends, params=_params(months, after), reads=_reads(months, after) | {"as_of"}, path=after.path)


@operation("date_offset", options=("years", "months", "days"))
def _date_offset(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    start = c.value(node["date_offset"], scope, where + ("date_offset",))
    parts = {name: _whole_option(c, node, name, where, 0) for name in ("years", "months", "days")}

    def moved(ctx: Context, item: Any) -> dt.date:
        amounts = {name: _whole(ctx, expr, name) for name, expr in parts.items()}
        return offset(_date_of(start.fn(ctx, item)), **amounts)

    return Expr(moved, uses_item=start.uses_item, params=_params(start, *parts.values()),
                reads=start.reads | _reads(*parts.values()), path=start.path)


def _in_window_rows(ctx: Context, rows: Any, months: int) -> list[Any]:
    day = ctx.evaluation_date()
    start = window_start(day, months)
    dates = _kept(ctx, ("dates", id(rows)), lambda: ([row.date for row in rows], rows))[0]
    return list(rows[bisect.bisect_right(dates, start): bisect.bisect_right(dates, day)])


@operation("in_window", options=("months",), required=("months",))
def _in_window(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    rows = _dated_rows(c, node["in_window"], scope, where + ("in_window",))
    months = _whole_option(c, node, "months", where)

    def in_window(ctx: Context, item: Any) -> tuple[Any, ...]:
        return tuple(_in_window_rows(ctx, rows.fn(ctx, item), _whole(ctx, months, "months")))

    return Expr(in_window, collection=True, element=rows.element, uses_item=rows.uses_item, path=rows.path,
                params=_params(rows, months), reads=rows.reads | {"as_of"})


def _last_row(ctx: Context, rows: Any) -> Any:
    day = ctx.evaluation_date()
    # the rows' dates, once per product however many days it is evaluated on (kept with the rows)
    dates = _kept(ctx, ("dates", id(rows)), lambda: ([row.date for row in rows], rows))[0]
    end = bisect.bisect_right(dates, day)
    return rows[end - 1] if end else None


@operation("value_at", options=("value", "tolerance_days"), required=("value", "tolerance_days"))
def _value_at(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    rows = _dated_rows(c, node["value_at"], scope, where + ("value_at",))
    field = node["value"]
    available = fields_of(rows.element)  # type: ignore[arg-type]
    if not isinstance(field, str) or field not in available:
        raise c.error(where + ("value",), f"{rows.element.__name__.lower()} has no field '{field}'",  # type: ignore[union-attr]
                      did_you_mean(str(field), available),
                      ko=f"{rows.element.__name__.lower()}에는 '{field}' 필드가 없습니다",  # type: ignore[union-attr]
                      hint_ko=did_you_mean(str(field), available, "ko"))
    tolerance = _whole_option(c, node, "tolerance_days", where)

    def value_at(ctx: Context, item: Any) -> Any:
        day, members = ctx.evaluation_date(), rows.fn(ctx, item)
        last = _last_row(ctx, members)
        days = _whole(ctx, tolerance, "tolerance_days")
        if last is None or (day - last.date).days > days:
            where_ = members[-1].location if members else ctx.location_of(rows.path)
            raise Missing.one(f"no row of {rows.path or 'the series'} within {days} days on or before {day}", location=where_,
                              ko=f"{day} 이전 {days}일 안에 {rows.path or '계열'}의 행이 없습니다")
        value = getattr(last, field)
        if value is None:
            raise Missing.one(f"{last.date}: {field} is not given", last, last.location, ko=f"{last.date}: {field} 값이 없습니다")
        return value

    return Expr(value_at, uses_item=rows.uses_item, path=rows.path, params=_params(rows, tolerance),
                reads=rows.reads | {"as_of"})


@operation("days_since_last")
def _days_since_last(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    rows = _dated_rows(c, node["days_since_last"], scope, where + ("days_since_last",))

    def since(ctx: Context, item: Any) -> int:
        members = rows.fn(ctx, item)
        last = _last_row(ctx, members)
        if last is None:
            raise Missing.one(f"no row of {rows.path or 'the series'} on or before {ctx.evaluation_date()}",
                              location=ctx.location_of(rows.path),
                              ko=f"{ctx.evaluation_date()} 이전에 {rows.path or '계열'}의 행이 없습니다")
        return (ctx.evaluation_date() - last.date).days

    return Expr(since, uses_item=rows.uses_item, path=rows.path, params=rows.params, reads=rows.reads | {"as_of"})


@operation("day_within")
def _day_within(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    bounds = node["day_within"]
    if not isinstance(bounds, list) or len(bounds) != 2:
        raise c.error(where + ("day_within",), "day_within takes [FROM, TO]", ko="day_within에는 [시작, 끝]을 씁니다")
    low, high = (c.value(b, scope, where + ("day_within", i)) for i, b in enumerate(bounds))

    def optional(expr: Expr, ctx: Context, item: Any) -> Any:
        try:
            return expr.fn(ctx, item)
        except Missing:
            return None  # a bound not given is open

    def within(ctx: Context, item: Any) -> bool:
        day = ctx.evaluation_date()
        first, last = optional(low, ctx, item), optional(high, ctx, item)
        return (first is None or _date_of(first) <= day) and (last is None or day <= _date_of(last))

    return Expr(within, uses_item=low.uses_item or high.uses_item, params=_params(low, high),
                reads=low.reads | high.reads | {"as_of"})


def _numbers(c: Compiler, node: dict[str, Any], name: str, scope: type | None, where: Where, arity: int | None) -> list[Expr]:
    parts = node[name]
    if not isinstance(parts, list) or (arity is not None and len(parts) != arity) or len(parts) < 2:
        wanted = f"{arity} values" if arity else "two or more values"
        raise c.error(where + (name,), f"{name} takes a list of {wanted}", ko=f"{name}에는 값 {arity or '두 개 이상'}개의 목록을 씁니다")
    return [c.value(p, scope, where + (name, i)) for i, p in enumerate(parts)]


def _number(value: Any) -> Any:
    if not is_number(value):
        raise Missing.one(f"expected a number, got {value!r}", ko=f"숫자여야 합니다. 입력값: {value!r}")
    return value


@operation("difference")
def _difference(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    a, b = _numbers(c, node, "difference", scope, where, 2)
    return Expr(lambda ctx, item: _number(a.fn(ctx, item)) - _number(b.fn(ctx, item)), uses_item=a.uses_item or b.uses_item,
                params=_params(a, b), reads=a.reads | b.reads, path=a.path or b.path)


@operation("absolute")
def _absolute(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    a = c.value(node["absolute"], scope, where + ("absolute",))

    def absolute(ctx: Context, item: Any) -> Any:
        value = _number(a.fn(ctx, item))
        return -value if value < 0 else value

    return Expr(absolute, uses_item=a.uses_item, params=a.params, reads=a.reads, path=a.path)


@operation("sign")
def _sign(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    a = c.value(node["sign"], scope, where + ("sign",))

    def sign(ctx: Context, item: Any) -> int:
        value = _number(a.fn(ctx, item))
        return (value > 0) - (value < 0)

    return Expr(sign, uses_item=a.uses_item, params=a.params, reads=a.reads, path=a.path)


@operation("greatest")
def _greatest(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    parts = _numbers(c, node, "greatest", scope, where, None)

    def greatest(ctx: Context, item: Any) -> Any:
        values = [_number(p.fn(ctx, item)) for p in parts]
        return max(values)

    return Expr(greatest, uses_item=any(p.uses_item for p in parts), params=_params(*parts),
                reads=frozenset().union(*(p.reads for p in parts)), path=parts[0].path)
