"""Windows over daily data: an index constituent's daily series (a column of the index's market
data, named by the rulebook) over the months ending on the evaluation date, or on that date.

The window and its coverage rule are ``etf_listing.vocabulary.window``'s: an issue's data must
start at most ``tolerance_days`` after the window opens and end at most ``tolerance_days`` before
the evaluation date, or its figure is missing (never guessed). Gaps inside the window count too:
an issue without a row on more than ``max_missing_days`` of the index's trading days (the dates
its series has data for any constituent, or its trading calendar) has no mean, naming the dates.
Data that ends early (or an evaluation date outside it) for the whole index is said once, of the
index, not once for each issue.
"""

from __future__ import annotations

import bisect
import datetime as dt
from decimal import Decimal
from types import NoneType
from typing import Any, Sequence

from ...errors import Location
from ...model import Constituent, Series
from ...records import few_of, field_of_each
from ..compiler import Compiler
from ..known import kinds_of
from ..numbers import Ratio
from ..runtime import Context, Function, Missing, Reason, Unavailable, column, columnar, looped
from ..tree import Args, fields_of, name, operation, value
from ..types import ANY, ListOf, Number, Type, of_annotation
from ..window import NotCovered, TradingDays, Window, check_cover, stray_rows, value_on, window_span

# The daily series a rulebook may name: the numeric columns of the market data (model.Series).
SERIES = tuple(n for n, hint in fields_of(Series).items()
               if isinstance(kind := of_annotation(hint), ListOf) and isinstance(kind.element, Number))
READS = ("index", "as_of")


def _series_type(option: str) -> Any:
    def result(args: Args) -> Type:
        chosen = args[option]
        if chosen not in SERIES:
            return ANY
        return of_annotation(fields_of(Series)[chosen]).element  # type: ignore[attr-defined]
    return result


def _series(doc: str) -> Any:
    return name(f"the daily series to read: {', '.join(SERIES)}", choices=SERIES)


MONTHS = value(Number("months"), "the window's length in months, ending on the evaluation date", window=True)
TOLERANCE = value(Number("days"), "calendar days the data may start late or end early (holidays)", whole=True)
MAX_MISSING = value(Number("days"), "the index's trading days an issue may have no row on (default 0)", whole=True,
                    required=False)
MAX_GAP = value(Number("days"), "the most calendar days in a row the index's market data may have no day on, "
                "where no trading calendar speaks for them (holidays); more is a hole in the data (default: no limit)",
                whole=True, required=False)


def trading_days(ctx: Context, window: Window) -> TradingDays:
    """The index's trading days inside ``window``: the dates on which its series has data for any
    constituent; where it has a trading calendar, the calendar's days instead, within the span the
    calendar covers (a calendar that ends before ``as_of``, or starts late, leaves the days beyond
    it to the data, so that a calendar never checks less than none). Once per index and window."""
    key = ("trading_days", window)  # the index's and the date's alone: shared by its products
    found = ctx.shared.get(key)
    if found is None:
        calendar = ctx.index.calendar
        data = {day for dates in distinct_dates(ctx) for day in dates if window.first <= day <= window.last}
        if calendar is not None:
            listed = {day for day in calendar if window.first <= day <= window.last}
            beyond = {day for day in data if not calendar or not calendar[0] <= day <= calendar[-1]}
            days = listed | beyond
            found = TradingDays(tuple(sorted(days)), calendar=True, listed=frozenset(days))
        else:
            found = TradingDays(tuple(sorted(data)))
        ctx.shared[key] = found
    return found  # type: ignore[no-any-return]


def _mean(series: Series, field: str, start: int, end: int, strays: tuple[int, ...]) -> Ratio:
    """The mean of ``field`` over the rows from ``start`` to ``end - 1`` but ``strays`` (rows on
    days a trading calendar does not list), exact: whole-won amounts summed as ints, a Decimal
    among them makes the total one."""
    total = series.total(field, start, end) - sum(series.total(field, i, i + 1) for i in strays)
    return Ratio(Decimal(total), Decimal(end - start - len(strays)))


def distinct_dates(ctx: Context) -> list[tuple[dt.date, ...]]:
    """The tuples of dates of the index's series, each tuple once: a file read in columns gives
    one tuple to all the issues that have every date, so the index's days are found in a few
    tuples rather than in every issue's."""
    return list({id(s.dates): s.dates for s in ctx.index.series.values()}.values())


def index_not_covered(ctx: Context, window: Window, max_gap: int | None = None) -> Reason | None:
    """Why the index's market data as a whole does not cover ``window`` (it ends 13 days before
    ``as_of``, an ``--as-of`` lies outside it, or it has no day at all for more than ``max_gap``
    calendar days in a row where no trading calendar speaks for them: ``hole``), or None: one
    cause, said once about the index, not once for each issue. With a single issue's series, that
    issue is named instead of the index for the coverage."""
    key = ("index_not_covered", window, max_gap)
    if key in ctx.shared:
        return ctx.shared[key]  # type: ignore[no-any-return]
    reason = None
    where = ctx.index.locations.get("market_data") or Location(ctx.index.file)
    if len(ctx.index.series) > 1:
        days = sorted({day for dates in distinct_dates(ctx) for day in dates if window.first <= day <= window.last})
        if not days:
            reason = Reason(f"the index's market data has no day between {window.first} and {window.last}", None, where,
                            f"지수의 시장 데이터에 {window.first}부터 {window.last}까지의 날짜가 없습니다")
        else:
            try:
                check_cover(days[0], days[-1], window)
            except NotCovered as gap:
                reason = Reason(f"the index's {gap}", None, where, f"지수의 {gap.ko}")
    if reason is None and max_gap is not None:
        reason = hole(ctx, window, max_gap)
    ctx.shared[key] = reason
    return reason


def hole(ctx: Context, window: Window, max_gap: int) -> Reason | None:
    """The first longest run of calendar days, more than ``max_gap``, on which no issue of the index
    has a row, in the window and reaching across its edges (from the index's last day before it, to
    its first day after ``as_of``), or None. The days a trading calendar covers are its word, not
    the data's: a run inside its span is the exchange's closure, never a hole. Once per index,
    window and limit (every constituent asks)."""
    key = ("hole", window, max_gap)
    if key not in ctx.shared:
        ctx.shared[key] = _hole(ctx, window, max_gap)
    return ctx.shared[key]  # type: ignore[no-any-return]


def _hole(ctx: Context, window: Window, max_gap: int) -> Reason | None:
    data = sorted({day for dates in distinct_dates(ctx) for day in dates})
    if not data:
        return None
    first, last = bisect.bisect_left(data, window.first), bisect.bisect_right(data, window.last)
    days = data[max(first - 1, 0): last + 1]  # with the nearest day on either side of the window
    calendar = ctx.index.calendar
    spoken = (calendar[0], calendar[-1]) if calendar else None
    runs = [(after - before, before, after) for before, after in zip(days, days[1:])
            if (after - before).days - 1 > max_gap and after > window.first and before < window.last
            and not (spoken and spoken[0] <= before and after <= spoken[1])]
    if not runs:
        return None
    _, before, after = max(runs, key=lambda run: (run[0], -run[1].toordinal()))
    missing = (after - before).days - 1
    start, end = before + dt.timedelta(days=1), after - dt.timedelta(days=1)
    return Reason(f"the index's market data has no day from {start} to {end} ({missing} calendar days; at most {max_gap} "
                  "allowed for holidays): rows are missing for every issue, or give the trading calendar (--calendar)",
                  None, ctx.index.locations.get("market_data") or Location(ctx.index.file),
                  f"지수의 시장 데이터에 {start}부터 {end}까지 날짜가 없습니다({missing}일, 휴장으로 최대 {max_gap}일 허용): "
                  "모든 종목의 행이 빠졌거나, 거래일 달력(--calendar)을 지정하세요")


@operation("window_mean", family="windows", main=_series("the daily series to average"), months=MONTHS,
           tolerance_days=TOLERANCE,
           otherwise=value(Number(), "for an issue without daily data: the mean to use instead", required=False),
           max_missing_days=MAX_MISSING, max_gap_days=MAX_GAP,
           result=_series_type("window_mean"), result_doc="a number in the series' unit", item=Constituent, reads=READS, path=None)
def window_mean_(c: Compiler, args: Args) -> Function:
    """An index constituent's mean of a daily series over the window of ``months`` ending on the
    evaluation date (the sum over the trading days in the window divided by their number, exact).
    An issue without daily data takes ``otherwise`` (a mean its row gives), and is missing when
    that is not given either.

    ``max_gap_days``: more calendar days in a row on which no issue has a row than this, where no
    trading calendar speaks for them, make every mean from the daily data missing (a hole in the
    data, not a holiday).

    Example: {window_mean: market_cap_krw, months: 3, tolerance_days: 7, max_gap_days: 14, otherwise: {get: item.market_cap_krw}}
    """
    series_field, months, tolerance, otherwise = args["window_mean"], args["months"].fn, args["tolerance_days"].fn, args["otherwise"]
    fallback = otherwise.fn if otherwise is not None else None
    max_missing = args["max_missing_days"].fn if args["max_missing_days"] is not None else None
    max_gap_of = args["max_gap_days"].fn if args["max_gap_days"] is not None else None

    def max_gap(ctx: Context) -> int | None:
        return int(max_gap_of(ctx, None)) if max_gap_of is not None else None

    def mean(ctx: Context, constituent: Constituent) -> Any:
        series = ctx.index.series.get(constituent.code)
        if series is None:
            given = None
            if fallback is not None:
                try:
                    given = fallback(ctx, constituent)
                except Missing:
                    given = None
            if given is None:
                what, what_ko = (" and no 3-month mean given", "도 3개월 평균도") if fallback else ("", "가")
                raise Missing.about(constituent, f"no daily {series_field}{what}", constituent.location,
                                  ko=f"일별 {series_field}{what_ko} 없습니다")
            return given
        window = ctx.window(int(months(ctx, None)), int(tolerance(ctx, None)))
        cause = index_not_covered(ctx, window, max_gap(ctx))
        if cause is not None:
            raise Missing([cause])
        days = trading_days(ctx, window)
        try:
            start, end = window_span(series.dates, window, days, int(max_missing(ctx, None)) if max_missing is not None else 0)
        except NotCovered as gap:
            raise Missing.about(constituent, str(gap), series.location,
                              ko=gap.ko) from None
        return _mean(series, series_field, start, end, stray_rows(series.dates, start, end, days))

    what, what_ko = (" and no 3-month mean given", "도 3개월 평균도") if fallback else ("", "가")
    why = (f"no daily {series_field}{what}", f"일별 {series_field}{what_ko} 없습니다")

    def daily_means(ctx: Context, members: Sequence[Constituent]) -> list[Any]:
        """``looped(mean)``, with what every member shares worked out once: the window, its
        trading days, and the span of each distinct tuple of dates (a file read in columns gives
        one tuple to every issue that has all the dates). Anything unusual, member by member."""
        try:
            window = ctx.window(int(months(ctx, None)), int(tolerance(ctx, None)))
            if index_not_covered(ctx, window, max_gap(ctx)) is not None:
                return looped(mean, ctx, members)
            days = trading_days(ctx, window)
            most = int(max_missing(ctx, None)) if max_missing is not None else 0
        except Missing:
            return looped(mean, ctx, members)
        daily = ctx.index.series
        spans: dict[int, tuple[int, int, Decimal, tuple[int, ...]] | None] = {}
        values: list[Any] = []
        append = values.append
        by_itself: list[int] = []  # the places of the members worked out one by one
        for code in field_of_each(members, "code"):  # (of rows kept as columns, the column: none made)
            series = daily.get(code)
            span = None
            if series is not None:
                key = id(series.dates)
                if key in spans:
                    span = spans[key]
                else:
                    try:
                        start, end = window_span(series.dates, window, days, most)
                        strays = stray_rows(series.dates, start, end, days)
                        span = spans[key] = (start, end, Decimal(end - start - len(strays)), strays)
                    except NotCovered:
                        spans[key] = None  # each such member says why, below
            if span is not None:
                if span[3]:
                    append(_mean(series, series_field, span[0], span[1], span[3]))  # type: ignore[arg-type]
                else:
                    append(Ratio(Decimal(series.total(series_field, span[0], span[1])), span[2]))  # type: ignore[union-attr]
            else:
                by_itself.append(len(values))
                append(None)
        member = few_of(members, len(by_itself)).__getitem__
        for at in by_itself:
            try:
                values[at] = mean(ctx, member(at))
            except Missing as missing:
                values[at] = Unavailable.of(missing)
        return values

    def means(ctx: Context, members: Sequence[Constituent]) -> list[Any]:
        """Without daily data for any member (the means given), the column of ``otherwise``."""
        daily = ctx.index.series
        if otherwise is None or (daily and any(map(daily.__contains__, field_of_each(members, "code")))):
            return daily_means(ctx, members)
        givens = column(otherwise, ctx, members)
        kinds = kinds_of(givens)
        if NoneType not in kinds and Unavailable not in kinds:  # every row gives its mean: the column as it is
            return givens
        return [Unavailable(None, member, why) if given is None or type(given) is Unavailable else given
                for member, given in zip(members, givens)]

    return columnar(mean, means)


@operation("value_on_as_of", family="windows", main=_series("the daily series to read"), tolerance_days=TOLERANCE,
           result=_series_type("value_on_as_of"), result_doc="a number in the series' unit", item=Constituent, reads=READS, path=None)
def value_on_as_of(c: Compiler, args: Args) -> Function:
    """An index constituent's value of a daily series on the evaluation date, or on the last
    trading day at most ``tolerance_days`` before it.

    Example: {value_on_as_of: market_cap_krw, tolerance_days: 7}
    """
    series_field, tolerance = args["value_on_as_of"], args["tolerance_days"].fn

    def on_as_of(ctx: Context, constituent: Constituent) -> Any:
        series = ctx.index.series.get(constituent.code)
        if series is None:
            raise Missing.about(constituent, f"no daily {series_field}, so no value on the evaluation date", constituent.location,
                              ko=f"일별 {series_field}이(가) 없어 평가일의 값이 없습니다")
        as_of = ctx.evaluation_date()
        try:
            return value_on(series.dates, getattr(series, series_field), as_of, int(tolerance(ctx, None)))
        except NotCovered as gap:
            raise Missing.about(constituent, str(gap), series.location,
                              ko=gap.ko) from None

    return on_as_of


@operation("window_active_share", family="windows", main=_series("the daily series that shows activity"),
           months=MONTHS, tolerance_days=TOLERANCE, max_gap_days=MAX_GAP, result=Number("ratio"), item=Constituent,
           reads=READS, path=None)
def window_active_share(c: Compiler, args: Args) -> Function:
    """The share of the window's trading days (the days any issue of the index has data) on which
    an index constituent's daily series is above zero: how often it traded.

    ``max_gap_days``, as for ``window_mean``: a longer hole in every issue's data is missing.

    Example: {window_active_share: trading_value_krw, months: 3, tolerance_days: 7, max_gap_days: 14}
    """
    series_field, months, tolerance = args["window_active_share"], args["months"].fn, args["tolerance_days"].fn
    max_gap_of = args["max_gap_days"].fn if args["max_gap_days"] is not None else None

    def active_share(ctx: Context, constituent: Constituent) -> Any:
        series = ctx.index.series.get(constituent.code)
        if series is None:
            raise Missing.about(constituent, f"no daily {series_field} to count trading days", constituent.location,
                              ko=f"거래일을 셀 일별 {series_field}가 없습니다")
        window = ctx.window(int(months(ctx, None)), int(tolerance(ctx, None)))
        days = trading_days(ctx, window).days
        if not days:
            raise Missing.one(f"no market data between {window.first} and {window.last}", location=series.location,
                              ko=f"{window.first}부터 {window.last}까지 시장 데이터가 없습니다")
        try:  # the index's trading days must cover the window, as an issue's must for a mean
            check_cover(days[0], days[-1], window)
        except NotCovered as gap:
            raise Missing.one(f"the index's {gap}", location=series.location, ko=f"지수의 {gap.ko}") from None
        if max_gap_of is not None:
            found = hole(ctx, window, int(max_gap_of(ctx, None)))
            if found is not None:
                raise Missing([found])
        values = getattr(series, series_field)
        # counted on the index's trading days only: with a calendar, a row on a day it does not list
        # is no trading day (without one, the days are the rows' own dates in the window)
        listed = ctx.shared.get(("trading_day_set", window))
        if listed is None:
            listed = ctx.shared[("trading_day_set", window)] = frozenset(days)
        active = sum(1 for day, value in zip(series.dates, values) if day in listed and value > 0)
        return Ratio(Decimal(active), Decimal(len(days)))

    return active_share
