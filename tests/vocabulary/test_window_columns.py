"""A window's means taken a column at a time are each issue's own, whoever read the daily data.

The column form of ``window_mean`` works out what its members share once (the window, its trading
days, the span of each distinct tuple of dates); the columnar reader gives one tuple of dates to
every issue that has them all, and sums windows from its columns. Generated indices, with issues
that share their dates, miss a trading day, start late or have no daily data, are evaluated both
ways and read both ways: the same values in the same slots, the same reasons in the same order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etf_listing.errors import Location
from etf_listing.loading.columnar import read_market_data
from etf_listing.model import ColumnSeries, Constituent, Index, Product, Series, Underlying
from etf_listing.vocabulary.runtime import column

from .test_columns import AS_OF, compiled, context, one_at_a_time, products, seen

DAYS = (dt.date(2024, 8, 1), dt.date(2024, 8, 30), dt.date(2024, 9, 2), dt.date(2024, 10, 30), AS_OF)
# an issue's dates: all of them (most issues), one trading day missing, a late start, an early end
LAYOUTS = [DAYS, DAYS[:2] + DAYS[3:], DAYS[2:], DAYS[:3]]


@st.composite
def daily_products(draw: Any) -> Any:
    product = draw(products())
    codes = [c.code for c in product.index.constituents]
    chosen = draw(st.lists(st.sampled_from(codes), unique=True, max_size=len(codes))) if codes else []
    rows = []
    for code in chosen:
        for day in draw(st.sampled_from(LAYOUTS)):
            rows.append((day, code, draw(st.integers(0, 10**12)), draw(st.integers(0, 10**6))))
    text = "date,code,market_cap_krw,trading_value_krw\n" + "".join(f"{d},{c},{m},{v}\n" for d, c, m, v in rows)
    return product, text.encode()


def with_series(product: Any, series: dict[str, Series]) -> Any:
    index = dataclasses.replace(product.index, series=series)
    return dataclasses.replace(product, underlying=dataclasses.replace(product.underlying, index=index))


def by_rows(data: bytes) -> dict[str, Series]:
    """The same series as the row reader builds them: a tuple of dates of each issue's own, at the
    line of the issue's first row."""
    found: dict[str, list[Any]] = {}
    first: dict[str, int] = {}
    for line, text in enumerate(data.decode().splitlines()[1:], start=2):
        day, code, cap, value = text.split(",")
        found.setdefault(code, []).append((dt.date.fromisoformat(day), int(cap), int(value)))
        first.setdefault(code, line)
    return {code: Series(tuple(r[0] for r in sorted(rows)), tuple(r[1] for r in sorted(rows)),
                         tuple(r[2] for r in sorted(rows)), Location("market_data.csv", first[code], 1))
            for code, rows in found.items()}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(daily_products())
def test_window_means_a_column_at_a_time_are_each_issue_s_whoever_read_the_data(drawn: Any) -> None:
    product, data = drawn
    columns = read_market_data(data, "market_data.csv", min_bytes=0) if data.count(b"\n") > 1 else {}
    assert columns is not None
    assert all(type(s) is ColumnSeries for s in columns.values())
    members = product.index.constituents
    found = []
    for series in (by_rows(data), columns):
        read = with_series(product, series)
        for expression in ("{ref: mean_cap}", "{ref: weight}"):
            expected = one_at_a_time(compiled(expression, Constituent, columns=False), context(read), members)
            got = seen(column(compiled(expression, Constituent, columns=True), context(read), members))
            assert got == expected, expression
            found.append(got)
    assert found[:2] == found[2:]  # read by rows or in columns


def test_issues_sharing_their_dates_share_one_span_and_still_each_say_why() -> None:
    """The columnar reader's shared tuple of dates: every issue with all dates gets its mean from
    one span; an issue that misses a trading day is told so, naming the day."""
    rows = [f"{day},{code},{100 * (n + 1)},{n + 1}" for day in DAYS for n, code in enumerate(("000001", "000002"))]
    rows += [f"{day},000003,7,7" for day in LAYOUTS[1]]
    data = ("date,code,market_cap_krw,trading_value_krw\n" + "\n".join(rows) + "\n").encode()
    columns = read_market_data(data, "market_data.csv", min_bytes=0)
    assert columns is not None and columns["000001"].dates is columns["000002"].dates
    constituents = tuple(Constituent(code, code, "KOSPI", None, None, None, None, None, Location("index.csv", n + 2, 1))
                         for n, code in enumerate(columns))
    index = Index(file="index.yaml", name="Shared", provider=None, asset_class="equity", weighting="market_cap",
                  constituents=constituents, series=columns, locations={})
    product = Product(
        file="product.yaml", name="ETF", issuer=None, as_of=AS_OF, fund_form="trust", principal_krw=None, units=None,
        management="passive", leverage=Decimal(1), creation="in_kind", cash_creation_reason=None,
        underlying=Underlying(index, True), participants=None, pdf=None, linked_assets_ratio=None)
    values = seen(column(compiled("{ref: mean_cap}", Constituent, columns=True), context(product), constituents))
    assert values[:2] == [("value", Decimal(100)), ("value", Decimal(200))]
    [(kind, [(message, item, location, _)])] = values[2:]
    assert kind == "missing" and item is constituents[2] and location == columns["000003"].location
    assert "no market data on 1 of the index's 5 trading days" in message and "(2024-09-02)" in message
