"""Each operation of the rule vocabulary on its own: what it computes on a small index and
product whose figures are worked out by hand, and the mistakes its signature refuses when a
rulebook is compiled. A test below fails when an operation is registered without both."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from etf_listing.errors import InputError, Location
from etf_listing.loading.yaml_source import parse_yaml
from etf_listing.model import (Constituent, DailyRecord, Holding, Index, IndexLevel, Participant, Product, Series,
                               Underlying)
from etf_listing.rulebook import Parameter
from etf_listing.vocabulary import operations  # noqa: F401 - registers the operations
from etf_listing.vocabulary.compiler import Compiler, RulebookError
from etf_listing.vocabulary.runtime import Context, Missing
from etf_listing.vocabulary.tree import OPERATIONS

AS_OF = dt.date(2024, 10, 31)
HERE = Location("index.csv", 2, 1)


def constituent(code: str, name: str, market: str, sector: str, market_cap: int, trading_value: int) -> Constituent:
    return Constituent(code, name, market, sector, None, None, Decimal(market_cap), Decimal(trading_value), HERE)


INDEX = Index(
    file="index.yaml", name="Test index", provider=None, asset_class="equity", weighting="market_cap",
    constituents=(constituent("000001", "Alpha", "KOSPI", "tech", 600, 10),
                  constituent("000002", "Beta", "KOSDAQ", "tech", 300, 0),
                  constituent("000003", "Gamma", "KOSPI", "bank", 100, 5)),
    # Alpha alone has daily data: 100 then 300 (mean 200), trading only on the last day
    series={"000001": Series((dt.date(2024, 8, 1), AS_OF), (100, 300), (0, 20), HERE)},
    locations={},
    # daily levels, none on 30 October
    levels=tuple(IndexLevel(d, Decimal(v), HERE) for d, v in ((dt.date(2024, 10, 28), 1000), (dt.date(2024, 10, 29), 1000),
                                                             (AS_OF, 1100))),
)
# a listed product's last three days: NAV 100, 110, 99; a close on two of them, a principal on two
HISTORY = tuple(DailyRecord(d, Decimal(nav), Decimal(assets), principal, close, HERE) for d, nav, assets, principal, close in (
    (dt.date(2024, 10, 29), 100, 50, Decimal(40), Decimal(101)),
    (dt.date(2024, 10, 30), 110, 60, None, None),
    (AS_OF, 99, 55, Decimal(45), Decimal(99))))
PRODUCT = Product(
    file="product.yaml", name="Test ETF", issuer=None, as_of=AS_OF, fund_form="trust",
    principal_krw=Decimal(10_000_000_000), units=200_000, management="passive", leverage=Decimal(1),
    creation="in_kind", cash_creation_reason=None, underlying=Underlying(INDEX, True),
    participants=(Participant("P1", True, True, HERE), Participant("P2", True, False, HERE),
                  Participant("P3", False, True, HERE)),
    pdf=(Holding("000001", "Alpha", Decimal(10), HERE), Holding("000002", "Beta", Decimal(0), HERE),
         Holding("999999", "Cash", Decimal(5), HERE)),
    linked_assets_ratio=None,
    listed_on=dt.date(2023, 12, 1), history=HISTORY,
)
PARAMETERS = {
    "minimum": Parameter("minimum", 10, "count", {"en": "."}, True),
    "cap": Parameter("cap", Decimal("0.85"), "ratio", {"en": "."}, True),
    "basis": Parameter("basis", "mean", "choice", {"en": "."}, True, ("mean", "as_of")),
}
DEFINITIONS = {"constituents": {"get": "index.constituents"}}
NAV = "{series: {get: product.history}, value: nav_per_unit}"
NAV_CHANGE = f"{{daily_change: {NAV}}}"
C = "{get: index.constituents}"


def compiled(expression: str) -> Any:
    compiler = Compiler(PARAMETERS, DEFINITIONS, lambda where: Location("rules.yaml", 1 + len(where), 1))
    expr = compiler.compile(parse_yaml(expression, "expression.yaml").data, None, ())
    if compiler.problems:
        raise RulebookError(compiler.problems)
    return expr


def value(expression: str) -> Any:
    return compiled(expression).fn(Context(PRODUCT, {n: p.value for n, p in PARAMETERS.items()}, AS_OF), None)


def refusal(expression: str) -> str:
    with pytest.raises(InputError) as caught:
        compiled(expression)
    return "\n".join(str(p) for p in caught.value.problems)


# operation -> (expression, its value here): figures worked out from INDEX and PRODUCT above
COMPUTES: dict[str, list[tuple[str, Any]]] = {
    "get": [("{get: product.units}", 200_000), ("{get: product.underlying.license_signed}", True)],
    "param": [("{param: minimum}", 10), ("{param: basis}", "mean")],
    "ref": [("{count: {ref: constituents}}", 3)],
    "count": [(f"{{count: {C}}}", 3), ("{count: {get: product.participants}}", 3)],
    "not_empty": [(f"{{count: {{not_empty: {C}}}}}", 3)],
    "sum": [(f"{{sum: {C}, of: {{get: item.market_cap_krw}}}}", 1000)],
    "max": [(f"{{max: {C}, of: {{get: item.market_cap_krw}}}}", 600)],
    "min": [(f"{{min: {C}, of: {{get: item.market_cap_krw}}}}", 100)],
    "filter": [("{count: {filter: {get: product.participants}, where: {get: item.authorized_participant}}}", 2)],
    "member_of": [(f"{{count: {{filter: {C}, where: {{member_of: {{get: product.pdf}}, key: code}}}}}}", 2)],
    "group": [(f"{{count: {{group: {C}, by: {{get: item.sector}}}}}}", 2)],
    "ratio": [("{ratio: [1, 4]}", Decimal("0.25")), (f"{{ratio: [{{count: {C}}}, 4]}}", Decimal("0.75"))],
    "share": [(f"{{max: {C}, of: {{share: {{get: item.market_cap_krw}}, within: {C}}}}}", Decimal("0.6"))],
    "top": [(f"{{sum: {{top: 2, of: {C}, by: {{get: item.market_cap_krw}}}}, of: {{get: item.market_cap_krw}}}}", 900)],
    "rank": [
        (f"{{sum: {C}, of: {{rank: {{get: item.market_cap_krw}}, among: {C}}}}}", 6),  # 1 + 2 + 3
        (f"{{sum: {C}, of: {{rank: {{get: item.market_cap_krw}}, among: {C}, within: {{get: item.sector}}}}}}", 4),  # 1 + 2 + 1
    ],
    "rank_ratio": [
        (f"{{sum: {C}, of: {{rank_ratio: {{get: item.market_cap_krw}}, among: {C}, order: ascending}}}}", 2),  # 1/3 + 2/3 + 3/3
    ],
    "capped_weight": [  # 0.6 capped at 0.5; the 0.1 excess shared 3:1 by Beta (0.375) and Gamma (0.125)
        (f"{{min: {C}, of: {{capped_weight: {{get: item.market_cap_krw}}, within: {C}, cap: 0.5}}}}", Decimal("0.125")),
        (f"{{sum: {C}, of: {{capped_weight: {{get: item.market_cap_krw}}, within: {C}, cap: 0.5}}}}", 1),
    ],
    "best": [  # the largest two; the least traded one (Beta, 0), ties broken by market cap
        (f"{{count: {{best: 2, of: {C}, by: {{get: item.market_cap_krw}}}}}}", 2),
        (f"{{sum: {{best: 1, of: {C}, by: {{get: item.trading_value_krw}}, order: ascending, then_by: {{get: item.market_cap_krw}}}}, "
         f"of: {{get: item.market_cap_krw}}}}", 300),
    ],
    "top_cumulative_share": [
        (f"{{count: {{top_cumulative_share: {C}, by: {{get: item.market_cap_krw}}, cut: {{param: cap}}, straddling: include}}}}", 2),
        (f"{{count: {{top_cumulative_share: {C}, by: {{get: item.market_cap_krw}}, cut: 0.85, straddling: exclude}}}}", 1),
        (f"{{count: {{top_cumulative_share: {C}, by: {{get: item.market_cap_krw}}, cut: 0.9, straddling: exclude}}}}", 2),  # at the cut
    ],
    "window_mean": [(f"{{sum: {C}, of: {{window_mean: market_cap_krw, months: 3, tolerance_days: 7, "
                     "otherwise: {get: item.market_cap_krw}}}", 200 + 300 + 100)],
    "value_on_as_of": [(f"{{max: {{filter: {C}, where: {{given: {{value_on_as_of: market_cap_krw, tolerance_days: 0}}}}}}, "
                        "of: {value_on_as_of: market_cap_krw, tolerance_days: 0}}", 300)],
    "window_active_share": [(f"{{max: {{filter: {C}, where: {{\"==\": [{{get: item.code}}, \"000001\"]}}}}, "
                             "of: {window_active_share: trading_value_krw, months: 3, tolerance_days: 7}}", Decimal("0.5"))],
    "all": [("{all: [true, {\">\": [{get: product.units}, 0]}]}", True), ("{all: [true, false]}", False)],
    "any": [("{any: [false, {get: product.underlying.license_signed}]}", True), ("{any: [false, false]}", False)],
    "not": [("{not: false}", True), ("{not: {get: product.underlying.license_signed}}", False)],
    "given": [("{given: {get: product.linked_assets_ratio}}", False), ("{given: {get: product.units}}", True)],
    "first_given": [("{first_given: [{get: product.linked_assets_ratio}, 0.5]}", Decimal("0.5"))],
    "choose": [("{choose: {get: product.fund_form}, cases: {trust: 1, company: 2}}", 1),
               ("{choose: {get: product.linked_assets_ratio}, cases: {x: 1}, default: 3}", 3)],  # not given: the default
    ">=": [("{\">=\": [{get: product.units}, 200000]}", True), ("{\">=\": [{get: product.units}, 200001]}", False)],
    ">": [("{\">\": [{get: product.units}, 200000]}", False), ("{\">\": [{get: product.units}, 199999]}", True)],
    "<=": [("{\"<=\": [{ratio: [1, 3]}, 0.3333]}", False), ("{\"<=\": [{ratio: [1, 4]}, 0.25]}", True)],
    "<": [("{\"<\": [{ratio: [1, 4]}, 0.25]}", False), ("{\"<\": [{get: product.leverage}, 2]}", True),
          ("{\"<\": [{get: product.listed_on}, 2023-12-01]}", False), ("{\"<\": [2023-11-30, {get: product.listed_on}]}", True)],
    "==": [("{\"==\": [{get: index.asset_class}, equity]}", True), ("{\"==\": [0.30, 0.3]}", True)],
    "!=": [("{\"!=\": [{get: product.leverage}, 0]}", True), ("{\"!=\": [{get: product.fund_form}, trust]}", False)],
    "in": [("{in: [{get: index.asset_class}, [equity, mixed]]}", True), ("{in: [{get: product.fund_form}, [company]]}", False)],
    "not_in": [("{not_in: [{get: index.asset_class}, [bond, ktb]]}", True)],
    "between": [("{between: [{get: product.leverage}, -2, 1]}", True), ("{between: [{get: product.leverage}, 2, 3]}", False)],
    # a few figures of one item: exact, a decimal while the result ends
    "add": [("{add: [{get: product.principal_krw}, 5]}", Decimal(10_000_000_005)), ("{add: [0.1, 0.2, -0.3]}", 0)],
    "mean": [("{mean: [1.12, 1.98]}", Decimal("1.55")), ("{\"==\": [{mean: [1, 1, 2]}, {ratio: [4, 3]}]}", True)],
    "multiply": [("{multiply: [{get: product.principal_krw}, 0.25]}", Decimal(2_500_000_000)),
                 ("{\"==\": [{multiply: [{ratio: [1, 3]}, 3]}, 1]}", True)],
    "months_before": [("{months_before: 2024-02-29, months: 12}", dt.date(2023, 2, 28)),
                      ("{months_before: {get: product.as_of}, months: 10}", dt.date(2023, 12, 31)),
                      ("{months_before: 2024-03-31, months: 0}", dt.date(2024, 3, 31))],
    # dated values: the product's history (NAV 100, 110, 99 on 29 to 31 October) and the index's levels
    "series": [(f"{{on_day: {NAV}}}", 99)],
    "daily_change": [(f"{{on_day: {NAV_CHANGE}}}", Decimal("-0.1")),
                     # the levels miss 30 October and the NAV 28 October: no consecutive day has both on both
                     (f"{{days_of: {{daily_change: {NAV}, paired_with: {{series: {{get: index.levels}}, value: level}}}}}}", [])],
    "scaled": [(f"{{on_day: {{scaled: {NAV_CHANGE}, by: -1}}}}", Decimal("0.1"))],
    "rolling_correlation": [(f"{{on_day: {{rolling_correlation: [{NAV_CHANGE}, {{scaled: {NAV_CHANGE}, by: -1}}], months: 3, "
                             f"min_observations: 2, on_days_of: {NAV}}}}}", Decimal(-1))],
    "on_day": [("{on_day: {series: {get: product.history}, value: principal_krw}}", 45)],
    "days_of": [("{days_of: {series: {get: product.history}, value: close_price}}", [dt.date(2024, 10, 29), AS_OF])],
    "every_day_from": [("{every_day_from: 2024-10-30}", [dt.date(2024, 10, 30), AS_OF])],
    "month_ends": [("{month_ends: [6, 12], after: {get: product.listed_on}}", [dt.date(2023, 12, 31), dt.date(2024, 6, 30)])],
    "date_offset": [("{date_offset: 2024-11-30, months: 3}", dt.date(2025, 2, 28)),
                    ("{date_offset: {get: product.listed_on}, years: 1, days: 1}", dt.date(2024, 12, 2))],
    "in_window": [("{count: {in_window: {get: product.history}, months: 3}}", 3)],
    "value_at": [("{value_at: {get: product.history}, value: principal_krw, tolerance_days: 0}", 45)],
    "days_since_last": [("{days_since_last: {get: index.levels}}", 0)],
    "day_within": [("{day_within: [2024-10-01, 2024-10-31]}", True), ("{day_within: [2024-11-01, {get: product.listed_on}]}", False)],
    "difference": [("{difference: [3, 5]}", -2)],
    "absolute": [("{absolute: {difference: [3, 5]}}", 2)],
    "sign": [("{sign: -3}", -1), ("{sign: {get: product.leverage}}", 1)],
    "greatest": [("{greatest: [{value_at: {get: product.history}, value: net_assets_krw, tolerance_days: 0}, "
                  "{value_at: {get: product.history}, value: principal_krw, tolerance_days: 0}]}", 55)],
}

# operation -> (a misuse, what the compiler says): each refused when the rulebook loads
REFUSES: dict[str, list[tuple[str, str]]] = {
    "get": [("{get: product.nothing}", "product has no field 'nothing'"), ("{get: item.code}", "'item' is only defined inside")],
    "param": [("{param: maximum}", "no parameter named 'maximum'")],
    "ref": [("{ref: weights}", "no definition named 'weights'")],
    "count": [("{count: {get: product.units}}", "expected a collection here"),
              (f"{{count: {C}, of: {{get: item.weight}}}}", "'of' is not an option of count")],
    "not_empty": [("{not_empty: {get: product.units}}", "expected a collection here")],
    "sum": [(f"{{sum: {C}, of: {{get: item.name}}}}", "sum's of takes a number; this is text"), (f"{{sum: {C}}}", "sum needs 'of'")],
    "max": [(f"{{max: {C}, of: {{get: item.name}}}}", "max's of takes a number; this is text")],
    "min": [(f"{{min: {C}, of: {{get: item.ktb_futures_basket}}}}", "min's of takes a number; this is true or false")],
    "filter": [(f"{{count: {{filter: {C}, where: {{get: item.name}}}}}}", "filter's where takes true or false; this is text")],
    "member_of": [(f"{{count: {{filter: {C}, where: {{member_of: {{get: product.pdf}}, key: isin}}}}}}", "has no field 'isin'"),
                  ("{member_of: {get: product.pdf}, key: code}", "member_of is a value of an item")],
    "group": [("{count: {group: {get: product.units}, by: 1}}", "expected a collection here")],
    "ratio": [("{ratio: [{get: product.name}, 2]}", "ratio takes a number; this is text"), ("{ratio: [1]}", "ratio takes a list of 2")],
    "share": [(f"{{max: {C}, of: {{share: {{get: item.name}}, within: {C}}}}}", "share takes a number; this is text"),
              (f"{{share: {{get: item.market_cap_krw}}, within: {C}}}", "share is a value of an item")],
    "top": [(f"{{count: {{top: three, of: {C}, by: {{get: item.market_cap_krw}}}}}}", "top is a whole number of 0 or more, not 'three'")],
    "rank": [(f"{{sum: {C}, of: {{rank: {{get: item.name}}, among: {C}}}}}", "rank takes a number; this is text"),
             (f"{{sum: {C}, of: {{rank: {{get: item.market_cap_krw}}}}}}", "rank needs 'among': the items ranked together")],
    "rank_ratio": [(f"{{sum: {C}, of: {{rank_ratio: {{get: item.market_cap_krw}}, among: {C}, order: sideways}}}}",
                    "rank_ratio's order is one of descending, ascending, not 'sideways'")],
    "capped_weight": [(f"{{sum: {C}, of: {{capped_weight: {{get: item.market_cap_krw}}, within: {C}, cap: most}}}}",
                       "capped_weight's cap takes a ratio; this is the text 'most'")],
    "best": [(f"{{count: {{best: two, of: {C}, by: {{get: item.market_cap_krw}}}}}}", "best is a whole number of 0 or more, not 'two'")],
    "top_cumulative_share": [
        (f"{{count: {{top_cumulative_share: {C}, by: {{get: item.market_cap_krw}}, cut: most, straddling: include}}}}",
         "top_cumulative_share's cut takes a ratio; this is the text 'most'"),
        (f"{{count: {{top_cumulative_share: {C}, by: {{get: item.market_cap_krw}}, cut: {{param: basis}}, straddling: include}}}}",
         "cut takes a ratio; this is one of mean, as_of"),
        (f"{{count: {{top_cumulative_share: {C}, by: {{get: item.market_cap_krw}}, cut: 0.85, straddling: inside}}}}",
         "straddling takes one of include, exclude; this is the text 'inside'")],
    "window_mean": [(f"{{sum: {C}, of: {{window_mean: price_krw, months: 3, tolerance_days: 7}}}}",
                     "window_mean is one of market_cap_krw, trading_value_krw, not 'price_krw'"),
                    ("{window_mean: market_cap_krw, months: 3, tolerance_days: 7}", "window_mean is a value of an item"),
                    (f"{{sum: {C}, of: {{window_mean: market_cap_krw, months: 3, tolerance_days: 7, otherwise: {{get: item.name}}}}}}",
                     "window_mean's otherwise takes a number; this is text")],
    "value_on_as_of": [(f"{{sum: {C}, of: {{value_on_as_of: market_cap_krw, tolerance_days: 1.5}}}}",
                        "tolerance_days is a whole number of 0 or more")],
    "window_active_share": [(f"{{count: {{filter: {{get: product.pdf}}, where: {{\">\": [{{window_active_share: trading_value_krw, "
                             "months: 3, tolerance_days: 7}, 0]}}}", "window_active_share is a value of an index constituent")],
    "all": [("{all: [{get: product.units}]}", "all takes true or false; this is a count"), ("{all: []}", "all takes a list of 1 or more")],
    "any": [("{any: [{get: product.name}]}", "any takes true or false; this is text")],
    "not": [("{not: {get: product.leverage}}", "not takes true or false; this is a multiple")],
    "given": [("{given: {get: product.nothing}}", "product has no field 'nothing'")],
    "first_given": [("{first_given: [{get: product.units}, abc]}", "first_given takes values of one type")],
    "choose": [("{choose: {get: product.fund_form}, cases: {trust: 1, corporate: 2}}", "'corporate' is not a value of the subject"),
               ("{choose: {param: basis}, cases: {mean: 1, as_of: abc}}", "the cases of choose must be of one type")],
    ">=": [("{\">=\": [{get: product.name}, 3]}", ">= compares numbers; the value is text"),
           ("{\">=\": [{get: product.listed_on}, 3]}", ">= compares numbers; the value is a date")],
    ">": [("{\">\": [{get: product.principal_krw}, {param: cap}]}", "> compares an amount in KRW with a ratio")],
    "<=": [("{\"<=\": [{get: product.units}, many]}", "<= compares numbers; the other side is the text 'many'")],
    "<": [("{\"<\": [{get: product.participants}, 1]}", "expected a single value here, found a collection")],
    "==": [("{\"==\": [{get: product.underlying.license_signed}, \"yes\"]}", "== compares true or false with the text 'yes'"),
           ("{\"==\": [{get: index.asset_class}, ktbb]}", "== compares one of equity")],
    "!=": [("{\"!=\": [{get: product.units}, abc]}", "!= compares a count with the text 'abc'")],
    "in": [("{in: [{get: index.asset_class}, equity]}", "in needs a list on its right"),
           ("{in: [{get: product.units}, [a, b]]}", "in looks for a count in a list of one of a, b")],
    "not_in": [("{not_in: [{get: product.units}]}", "not_in takes a list of 2")],
    "between": [("{between: [{get: product.name}, 1, 2]}", "between compares numbers; the value is text")],
    "series": [("{series: {get: product.participants}, value: name}", "expected dated rows here"),
               ("{series: {get: product.history}, value: nav}", "dailyrecord has no field 'nav'")],
    "daily_change": [("{daily_change: {get: product.units}}", "daily_change takes a daily series")],
    "scaled": [(f"{{scaled: {NAV}, by: {{get: product.name}}}}", "scaled's by takes a number; this is text")],
    "rolling_correlation": [(f"{{rolling_correlation: [{NAV}], months: 3, min_observations: 20, on_days_of: {NAV}}}",
                             "rolling_correlation takes a list of 2")],
    "on_day": [("{on_day: {get: product.units}}", "on_day takes a daily series")],
    "days_of": [("{days_of: 3}", "days_of takes a daily series")],
    "every_day_from": [("{every_day_from: {get: product.units}}", "every_day_from takes a date; this is a count")],
    "month_ends": [("{month_ends: [13], after: 2024-01-01}", "month_ends takes months, 1 to 12")],
    "date_offset": [("{date_offset: 2024-01-01, months: 1.5}", "months is a whole number of 0 or more")],
    "in_window": [("{count: {in_window: {get: product.participants}, months: 3}}", "expected dated rows here")],
    "value_at": [("{value_at: {get: product.history}, value: nav, tolerance_days: 7}", "dailyrecord has no field 'nav'")],
    "days_since_last": [("{days_since_last: {get: product.pdf}}", "expected dated rows here")],
    "day_within": [("{day_within: [2024-01-01]}", "day_within takes a list of 2")],
    "difference": [("{difference: [{get: product.name}, 1]}", "difference takes a number; this is text")],
    "absolute": [("{absolute: {get: product.name}}", "absolute takes a number; this is text")],
    "sign": [("{sign: {get: product.fund_form}}", "sign takes a number")],
    "greatest": [("{greatest: [1]}", "greatest takes a list of 2 or more")],
    "add": [("{add: [{get: product.principal_krw}, {get: product.leverage}]}", "add of a multiple and an amount in KRW: the figures must be of one unit"),
            ("{add: [{get: product.name}]}", "add takes a number; this is text"), ("{add: []}", "add takes a list of 1 or more")],
    "mean": [("{mean: [{get: product.units}, {param: cap}]}", "mean of a count and a ratio: the figures must be of one unit"),
             ("{mean: [{get: product.participants}]}", "expected a single value here, found a collection")],
    "multiply": [("{multiply: [{get: product.principal_krw}, {get: product.principal_krw}]}",
                  "an amount in KRW times an amount in KRW is not a figure"),
                 ("{multiply: [1, 2, 3]}", "multiply takes a list of 2")],
    "months_before": [("{months_before: {get: product.units}, months: 1}", "months_before takes a date; this is a count"),
                      ("{months_before: 2024-01-01, months: -1}", "months is a whole number of 0 or more"),
                      ("{months_before: 2024-01-01, months: {param: cap}}", "months is a whole number of 0 or more")],
}


def test_every_operation_is_shown_computing_and_refusing() -> None:
    assert set(COMPUTES) == set(OPERATIONS), "add a case for each new operation above"
    assert set(REFUSES) == set(OPERATIONS), "add a refused misuse for each new operation above"


def test_every_operation_documents_itself_with_an_example() -> None:
    for signature in OPERATIONS.values():
        assert signature.summary and signature.examples, signature.name
        for example in signature.examples:
            written = parse_yaml(example, "example.yaml").data
            assert isinstance(written, dict) and signature.name in written, example


@pytest.mark.parametrize("name, expression, expected", [(n, e, v) for n, cases in COMPUTES.items() for e, v in cases])
def test_the_operation_computes(name: str, expression: str, expected: Any) -> None:
    assert value(expression) == expected


@pytest.mark.parametrize("name, expression, message", [(n, e, m) for n, cases in REFUSES.items() for e, m in cases])
def test_the_operation_refuses_a_misuse_when_the_rulebook_is_compiled(name: str, expression: str, message: str) -> None:
    assert message in refusal(expression)


def test_a_missing_input_is_missing_with_its_reason_not_a_crash() -> None:
    with pytest.raises(Missing) as missing:
        value("{ratio: [1, {get: product.linked_assets_ratio}]}")
    assert missing.value.reasons[0].message == "product.linked_assets_ratio is not given"


def test_a_collection_that_lists_nothing_is_missing_where_it_must_list_something() -> None:
    # every participant of PRODUCT holds one role or both: none holds neither
    empty = "{filter: {get: product.participants}, where: {not: {any: [{get: item.authorized_participant}, {get: item.lp_contract}]}}}"
    assert value(f"{{count: {empty}}}") == 0
    with pytest.raises(Missing) as missing:
        value(f"{{count: {{not_empty: {empty}}}}}")
    assert [r.message for r in missing.value.reasons] == ["product.participants lists no items"]


def test_an_issue_without_daily_data_and_no_otherwise_is_missing() -> None:
    with pytest.raises(Missing) as missing:
        value(f"{{sum: {C}, of: {{window_mean: market_cap_krw, months: 3, tolerance_days: 7}}}}")
    assert [r.message for r in missing.value.reasons] == ["Beta (000002): no daily market_cap_krw",
                                                          "Gamma (000003): no daily market_cap_krw"]


def test_every_mistake_of_an_expression_is_reported_in_one_compilation() -> None:
    message = refusal(f"{{all: [{{get: product.units}}, {{\">=\": [{{get: product.name}}, 3]}}, {{sum: {C}, of: {{get: item.name}}}}]}}")
    assert "all takes true or false; this is a count" in message
    assert ">= compares numbers; the value is text" in message
    assert "sum's of takes a number; this is text" in message


def test_the_rulebook_schema_names_every_operation_and_option_of_the_vocabulary() -> None:
    from etf_listing.rulebook import rulebook_schema

    named = set(rulebook_schema()["$defs"]["expression"]["anyOf"][2]["propertyNames"]["enum"])
    options = {option for signature in OPERATIONS.values() for option in signature.options}
    assert named == set(OPERATIONS) | options
