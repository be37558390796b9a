"""The KRX ETF new-listing rules, case by case, as the domain specification states them.

Every expectation here comes from the domain specification and the public contract, not from the
engine: each rule has a passing case, a failing case, the exact boundary (a value at the
threshold passes, one step past it fails), the asset classes it does not apply to, and what happens
when the data it needs is missing (error, never pass).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests import builders
from tests.builders import (ALL_RULES, AS_OF, EOK, daily, held, holding, index, offenders, participant,
                      product, result, stock, stocks, treasury, without, write)
from etf_listing.errors import InputError
from etf_listing.evaluation import evaluate
from etf_listing.loading.load import Loader
from etf_listing.rulebook import load_rulebook


# The cases below write a few days of daily data for an issue (its window's first and last days,
# say): weeks without any row, which max_gap_days calls a hole in the data. Each rule is judged
# here with the hole check opened to a year; tests/evaluation/test_real_file_verdicts.py tests the
# hole itself, under the shipped value.
def rulebook_with(**parameters):
    return builders.rulebook_with(**{"max_gap_days": 366, **parameters})


FEW_DAYS = rulebook_with()


def check(directory, document, rulebook=None, layout="files"):
    return builders.check(directory, document, rulebook or FEW_DAYS, layout)


def rule_result(directory, document, rule_id, rulebook=None):
    return builders.rule_result(directory, document, rule_id, rulebook or FEW_DAYS)

COUNT = "krx.index.constituent_count"
KTB = "krx.index.ktb_basket"
WEIGHT = "krx.index.single_issue_weight"
TOP85_CAP = "krx.index.top85_market_cap"
TOP85_VALUE = "krx.index.top85_trading_value"
MARKET = "krx.index.eligible_market"
LICENSE = "krx.index.license"
LEVERAGE = "krx.product.leverage"
PRINCIPAL = "krx.size.principal"
UNITS = "krx.size.units"
AP = "krx.liquidity.authorized_participant"
LP = "krx.liquidity.lp_contract"
PDF_CAP = "krx.pdf.market_cap_coverage"
PDF_COUNT = "krx.pdf.constituent_coverage"
LINKED = "krx.pdf.linked_assets"
CASH = "krx.creation.cash"

KRW_15BN = Decimal(15_000_000_000)
KRW_100M = Decimal(100_000_000)


def ktb_index(count: int = 3, **changes) -> dict:
    return index([treasury(f"KTB{i}", tenor_years=3 if i < 3 else 5) for i in range(1, count + 1)],
                 asset_class="ktb", **changes)


def index_of(asset_class: str, count: int = 10) -> dict:
    """A well-formed index of the asset class (treasury issues for bond and KTB indices)."""
    if asset_class in ("ktb", "bond"):
        return index([treasury(f"B{i:02d}") for i in range(1, count + 1)], asset_class=asset_class)
    return index(stocks(count), asset_class=asset_class)


# ==================================================================================================
# Which rules apply to which asset class (the spec's asset-class table)
# ==================================================================================================

INDEX_RULES = (COUNT, KTB, WEIGHT, TOP85_CAP, TOP85_VALUE, MARKET, PDF_CAP, PDF_COUNT)
APPLIES = {
    #              count  ktb    weight top85  top85  market pdf$   pdf#
    "equity":    (True, False, True, True, True, True, True, True),
    "mixed":     (True, False, True, True, True, True, True, True),
    "bond":      (True, False, True, False, False, True, True, True),
    "ktb":       (True, True, False, False, False, True, True, True),
    "commodity": (False, False, False, False, False, True, False, False),
    "currency":  (False, False, False, False, False, True, False, False),
}


@pytest.mark.parametrize("asset_class", APPLIES)
def test_index_rules_apply_by_asset_class(tmp_path, asset_class):
    report = check(tmp_path, product(index_of(asset_class)))
    applicable = {rule: result(report, rule).status != "not_applicable" for rule in INDEX_RULES}
    assert applicable == dict(zip(INDEX_RULES, APPLIES[asset_class]))


@pytest.mark.parametrize("asset_class", APPLIES)
def test_product_rules_apply_whatever_the_asset_class(tmp_path, asset_class):
    report = check(tmp_path, product(index_of(asset_class)))
    for rule in (LICENSE, LEVERAGE, PRINCIPAL, UNITS, AP, LP):
        assert result(report, rule).status == "pass", rule


def test_the_default_product_is_eligible_and_every_rule_is_reported_once_in_order(tmp_path):
    report = check(tmp_path, product())
    assert [r.rule.id for r in report.results] == list(ALL_RULES)
    assert report.eligible
    statuses = {r.rule.id: r.status for r in report.results}
    assert statuses[KTB] == "not_applicable"
    assert statuses[LINKED] == "not_applicable"
    assert statuses[CASH] == "not_applicable"
    assert all(s == "pass" for rule, s in statuses.items() if rule not in (KTB, LINKED, CASH))


@pytest.mark.parametrize("layout", ["files", "inline", "embedded"])
def test_csv_files_inline_tables_and_an_embedded_index_read_the_same(tmp_path, layout):
    idx = index([stock("A", 40 * EOK, 2 * EOK), stock("B", 30 * EOK, 2 * EOK), stock("C", 20 * EOK, 1 * EOK),
                 stock("D", 10 * EOK, 0)])
    report = check(tmp_path, product(idx, pdf=held("A", "B") + [holding("D", 0), holding("KRW", 5_000_000)],
                                     linked_assets_ratio=Decimal("0.97")), layout=layout)
    assert {r.rule.id: r.status for r in report.results} == {
        COUNT: "fail", KTB: "not_applicable", WEIGHT: "fail", TOP85_CAP: "fail", TOP85_VALUE: "pass",
        MARKET: "pass", LICENSE: "pass", LEVERAGE: "pass", PRINCIPAL: "pass", UNITS: "pass", AP: "pass",
        LP: "pass", PDF_CAP: "fail", PDF_COUNT: "pass", LINKED: "pass", CASH: "not_applicable",
    }
    assert result(report, WEIGHT).observed == Decimal("0.4")
    assert result(report, PDF_CAP).observed == Decimal("0.7")


# ==================================================================================================
# krx.index.constituent_count: >= 10 issues; a KTB index >= 3
# ==================================================================================================

@pytest.mark.parametrize("asset_class, count, threshold, status", [
    ("equity", 11, 10, "pass"),
    ("equity", 10, 10, "pass"),   # exactly the minimum
    ("equity", 9, 10, "fail"),
    ("mixed", 10, 10, "pass"),
    ("mixed", 9, 10, "fail"),
    ("bond", 10, 10, "pass"),
    ("bond", 9, 10, "fail"),
    ("ktb", 4, 3, "pass"),
    ("ktb", 3, 3, "pass"),        # a KTB index needs only three issues
    ("ktb", 2, 3, "fail"),
])
def test_constituent_count(tmp_path, asset_class, count, threshold, status):
    res = rule_result(tmp_path, product(index_of(asset_class, count)), COUNT)
    assert (res.status, res.observed, res.threshold) == (status, count, threshold)


@pytest.mark.parametrize("asset_class", ["commodity", "currency"])
def test_constituent_count_does_not_apply_to_a_commodity_or_currency_index(tmp_path, asset_class):
    assert rule_result(tmp_path, product(index_of(asset_class, 1)), COUNT).status == "not_applicable"


def test_constituent_count_needs_no_market_data(tmp_path):
    """A gap in one issue's data makes the rules that need its mean an error, not the count."""
    idx = index(stocks(9) + [stock("LATE", None, None)],
                market_data=daily("LATE", ("2024-09-01", 100 * EOK, EOK), ("2024-10-31", 100 * EOK, EOK)))
    report = check(tmp_path, product(idx))
    assert result(report, COUNT).status == "pass"
    assert result(report, MARKET).status == "pass"
    assert result(report, WEIGHT).status == "error"


# ==================================================================================================
# krx.index.ktb_basket: every issue of a KTB index is in a KTB futures basket, at least three
# ==================================================================================================

def test_ktb_basket_two_3_year_and_one_5_year_issue_pass(tmp_path):
    idx = index([treasury("KTB3A", tenor_years=3), treasury("KTB3B", tenor_years=3),
                 treasury("KTB5A", tenor_years=5)], asset_class="ktb")
    assert rule_result(tmp_path, product(idx), KTB).status == "pass"


def test_ktb_basket_fails_naming_an_issue_not_in_a_basket(tmp_path):
    idx = index([treasury("KTB1"), treasury("KTB2"), treasury("KTB3"), treasury("OFF1", basket=False)],
                asset_class="ktb")
    res = rule_result(tmp_path, product(idx), KTB)
    assert res.status == "fail"
    assert offenders(res) == ["OFF1"]


def test_ktb_basket_lists_every_issue_not_in_a_basket(tmp_path):
    idx = index([treasury("KTB1"), treasury("KTB2"), treasury("KTB3"), treasury("OFF2", basket=False),
                 treasury("OFF1", basket=False)], asset_class="ktb")
    res = rule_result(tmp_path, product(idx), KTB)
    assert res.status == "fail"
    assert sorted(offenders(res)) == ["OFF1", "OFF2"]


@pytest.mark.parametrize("count, status", [(3, "pass"), (2, "fail")])
def test_ktb_basket_needs_at_least_three_basket_issues(tmp_path, count, status):
    assert rule_result(tmp_path, product(ktb_index(count)), KTB).status == status


def test_ktb_basket_membership_not_given_is_an_error_naming_the_issue(tmp_path):
    idx = index([treasury("KTB1"), treasury("KTB2"), treasury("KTB3"), treasury("UNSAID", basket=None)],
                asset_class="ktb")
    res = rule_result(tmp_path, product(idx), KTB)
    assert res.status == "error"
    assert "UNSAID" in offenders(res)


@pytest.mark.parametrize("asset_class", ["equity", "mixed", "bond", "commodity", "currency"])
def test_ktb_basket_applies_only_to_a_ktb_index(tmp_path, asset_class):
    assert rule_result(tmp_path, product(index_of(asset_class)), KTB).status == "not_applicable"


# ==================================================================================================
# krx.index.single_issue_weight: <= 30% of the sum of 3-month mean market caps
# ==================================================================================================

def weights_index(caps: dict[str, int], **changes) -> dict:
    return index([stock(code, cap) for code, cap in caps.items()], **changes)


def test_single_issue_weight_passes_for_an_even_index(tmp_path):
    res = rule_result(tmp_path, product(), WEIGHT)
    assert res.status == "pass"
    assert res.observed == Decimal("0.1")
    assert res.threshold == Decimal("0.30")


def test_single_issue_weight_of_exactly_30_percent_passes(tmp_path):
    res = rule_result(tmp_path, product(weights_index({"A": 30, "B": 30, "C": 20, "D": 20})), WEIGHT)
    assert res.status == "pass"
    assert res.observed == Decimal("0.30")


def test_single_issue_weight_a_millionth_above_30_percent_fails(tmp_path):
    res = rule_result(tmp_path, product(weights_index({"A": 300001, "B": 299999, "C": 200000, "D": 200000})),
                      WEIGHT)
    assert res.status == "fail"
    assert offenders(res) == ["A"]
    assert res.observed == Decimal("0.300001")


def test_single_issue_weight_lists_every_heavy_issue_with_its_weight(tmp_path):
    res = rule_result(tmp_path, product(weights_index({"C": 25, "B": 35, "A": 40})), WEIGHT)
    assert res.status == "fail"
    assert {item.identity["code"]: item.observed for item in res.items} == {"A": Decimal("0.40"),
                                                                             "B": Decimal("0.35")}
    assert res.observed == Decimal("0.40")


@pytest.mark.parametrize("weighting", ["capped_market_cap", "equal", "free_float_market_cap", "price"])
def test_single_issue_weight_is_a_market_cap_share_whatever_the_index_weighting(tmp_path, weighting):
    idx = weights_index({"A": 40, "B": 20, "C": 20, "D": 20}, weighting=weighting)
    res = rule_result(tmp_path, product(idx), WEIGHT)
    assert res.status == "fail"
    assert offenders(res) == ["A"]
    assert res.observed == Decimal("0.4")


def test_single_issue_weight_uses_the_3_month_mean_not_the_value_on_as_of(tmp_path):
    # A: mean of its three trading days in the window is (10 + 20 + 60) / 3 = 30; the days just
    # outside the window (2024-07-31 and 2024-11-01) do not count.
    series = daily("A", ("2024-07-31", 1000, 1), ("2024-08-01", 10, 1), ("2024-09-16", 20, 1),
                   ("2024-10-31", 60, 1), ("2024-11-01", 1000, 1))
    for code, cap in (("B", 30), ("C", 20), ("D", 20)):
        series += daily(code, ("2024-08-01", cap, 1), ("2024-09-16", cap, 1), ("2024-10-31", cap, 1))
    idx = index([stock(code, None, None) for code in "ABCD"], market_data=series)
    # three trading days in three months: the exchange's calendar says so (else a hole in the data)
    idx["calendar"] = [{"date": day} for day in ("2024-07-31", "2024-08-01", "2024-09-16", "2024-10-31", "2024-11-01")]
    res = rule_result(tmp_path, product(idx), WEIGHT)
    assert res.status == "pass"
    assert res.observed == Decimal("0.3")


@pytest.mark.parametrize("stray", ["2024-09-01", "2024-08-01", "2024-10-31"])
def test_a_row_on_a_day_the_calendar_does_not_list_counts_in_no_mean(tmp_path, stray):
    """A row on a holiday (2024-09-16 is Chuseok) is no trading day of the index where the
    exchange's calendar is given: A's mean is over the calendar's days alone, 30, not lifted to a
    weight above 30% by a stray 1000. (A stray at the window's first or last day too.)"""
    # the calendar covers the window (a calendar that starts late leaves the days before it to the data)
    calendar = [day for day in ("2024-07-31", "2024-08-01", "2024-08-02", "2024-10-30", "2024-10-31", "2024-11-01")
                if day != stray]
    inside = [day for day in calendar if "2024-08-01" <= day <= "2024-10-31"]
    series = daily("A", *((day, 30 if day != stray else 1000, 1) for day in sorted({*inside, stray})))
    for code, cap in (("B", 30), ("C", 20), ("D", 20)):
        series += daily(code, *((day, cap, 1) for day in inside))
    idx = index([stock(code, None, None) for code in "ABCD"], market_data=series)
    idx["calendar"] = [{"date": day} for day in calendar]
    res = rule_result(tmp_path, product(idx), WEIGHT)
    assert (res.status, res.observed) == ("pass", Decimal("0.3"))
    # without the calendar, the row's day is a trading day of the index: the others miss it inside
    # the window (an error), or at its edge, within the tolerance, where A's 1000 then counts
    del idx["calendar"]
    assert rule_result(tmp_path, product(idx), WEIGHT).status == ("error" if stray == "2024-09-01" else "fail")


@pytest.mark.parametrize("asset_class", ["equity", "mixed", "bond"])
def test_single_issue_weight_applies_to_equity_mixed_and_bond_indices(tmp_path, asset_class):
    idx = weights_index({"A": 31, "B": 23, "C": 23, "D": 23}, asset_class=asset_class)
    assert rule_result(tmp_path, product(idx), WEIGHT).status == "fail"


@pytest.mark.parametrize("asset_class", ["ktb", "commodity", "currency"])
def test_single_issue_weight_does_not_apply_to_ktb_commodity_or_currency(tmp_path, asset_class):
    idx = weights_index({"A": 50, "B": 30, "C": 20}, asset_class=asset_class)
    assert rule_result(tmp_path, product(idx), WEIGHT).status == "not_applicable"


def test_single_issue_weight_without_one_issues_market_cap_is_an_error_naming_it(tmp_path):
    idx = index(stocks(9) + [stock("NOCAP", None, 10 * EOK)])
    res = rule_result(tmp_path, product(idx), WEIGHT)
    assert res.status == "error"
    assert offenders(res) == ["NOCAP"]


# ==================================================================================================
# Within the top 85% by market cap
# ==================================================================================================

def straddling_index(order: str = "ABCD") -> dict:
    """A 50%, B 30%, C 10% (straddles 80%..90%), D 10% (ranked below C by code); all trade 0.5억."""
    caps = {"A": 500 * EOK, "B": 300 * EOK, "C": 100 * EOK, "D": 100 * EOK}
    return index([stock(code, caps[code], EOK // 2 if code in "CD" else 10 * EOK) for code in order])


@pytest.mark.parametrize("order", ["ABCD", "DCBA", "BDAC"])
def test_the_straddling_issue_is_within_the_top_85_percent_and_ties_go_by_code(tmp_path, order):
    report = check(tmp_path, product(straddling_index(order)))
    for rule in (TOP85_CAP, TOP85_VALUE):
        res = result(report, rule)
        assert res.status == "fail", rule
        assert offenders(res) == ["C"], rule  # D ties with C but ranks below it: outside


def test_straddling_issue_exclude_leaves_it_outside(tmp_path):
    report = check(tmp_path, product(straddling_index()), rulebook_with(straddling_issue="exclude"))
    for rule in (TOP85_CAP, TOP85_VALUE):
        assert result(report, rule).status == "pass", rule


@pytest.mark.parametrize("a, b, inside", [
    (510 * EOK, 90 * EOK, False),                      # the issues above B hold exactly 85%: B is outside
    (50_990_000_000, 9_010_000_000, True),             # they hold 84.98%: B is within
])
def test_an_issue_is_within_when_the_issues_above_it_hold_less_than_85_percent(tmp_path, a, b, inside):
    idx = index([stock("A", a, 10 * EOK), stock("B", b, 0)])
    report = check(tmp_path, product(idx))
    for rule in (TOP85_CAP, TOP85_VALUE):
        res = result(report, rule)
        assert (res.status, offenders(res)) == (("fail", ["B"]) if inside else ("pass", [])), rule


def test_under_exclude_an_issue_ending_exactly_at_85_percent_is_within(tmp_path):
    # A 45%, B 40% (cumulative exactly 85%: B does not straddle the line), C 15%.
    idx = index([stock("A", 90 * EOK), stock("B", 80 * EOK), stock("C", 30 * EOK)])
    res = rule_result(tmp_path, product(idx), TOP85_CAP, rulebook_with(straddling_issue="exclude"))
    assert res.status == "fail"
    assert sorted(offenders(res)) == ["A", "B"]


def test_under_exclude_an_issue_crossing_85_percent_is_outside(tmp_path):
    # A 45.5%, B 40% (cumulative 85.5%: B straddles the line), C 14.5%.
    idx = index([stock("A", 91 * EOK), stock("B", 80 * EOK), stock("C", 29 * EOK)])
    res = rule_result(tmp_path, product(idx), TOP85_CAP, rulebook_with(straddling_issue="exclude"))
    assert res.status == "fail"
    assert offenders(res) == ["A"]


# ==================================================================================================
# krx.index.top85_market_cap: every issue within the top 85% >= KRW 15bn
# ==================================================================================================

def test_top85_market_cap_passes_for_large_issues(tmp_path):
    res = rule_result(tmp_path, product(), TOP85_CAP)
    assert res.status == "pass"
    assert res.observed == 1000 * EOK
    assert res.threshold == KRW_15BN


@pytest.mark.parametrize("cap, status", [(15_000_000_000, "pass"), ("150억원", "pass"), (14_999_999_999, "fail")])
def test_top85_market_cap_of_exactly_krw_15bn_passes(tmp_path, cap, status):
    # SMALL (10억원, 6%) lies outside the top 85% and is never tested.
    idx = index([stock("BIG", cap), stock("SMALL", 10 * EOK)])
    res = rule_result(tmp_path, product(idx), TOP85_CAP)
    assert res.status == status
    assert offenders(res) == ([] if status == "pass" else ["BIG"])


def test_top85_market_cap_lists_every_small_issue_within_the_top(tmp_path):
    idx = index([stock("A", 140 * EOK), stock("B", 120 * EOK), stock("C", 100 * EOK), stock("D", 90 * EOK),
                 stock("E", 10 * EOK)])
    res = rule_result(tmp_path, product(idx), TOP85_CAP)
    assert res.status == "fail"
    assert sorted(offenders(res)) == ["A", "B", "C", "D"]  # E: the issues above it hold 97.8%


def test_top85_market_cap_uses_the_3_month_mean_by_default(tmp_path):
    idx = index([stock("A", None, None)],
                market_data=daily("A", ("2024-08-01", 250 * EOK, EOK), ("2024-10-31", 50 * EOK, EOK)))
    res = rule_result(tmp_path, product(idx), TOP85_CAP)
    assert res.status == "pass"
    assert res.observed == KRW_15BN


def test_top85_market_cap_basis_as_of_uses_the_value_on_the_evaluation_date(tmp_path):
    idx = index([stock("A", None, None)],
                market_data=daily("A", ("2024-08-01", 250 * EOK, EOK), ("2024-10-31", 50 * EOK, EOK)))
    res = rule_result(tmp_path, product(idx), TOP85_CAP, rulebook_with(market_cap_basis="as_of"))
    assert res.status == "fail"
    assert res.observed == 50 * EOK


@pytest.mark.parametrize("asset_class", ["equity", "mixed"])
def test_top85_rules_apply_to_stock_indices(tmp_path, asset_class):
    idx = index([stock("A", 10 * EOK, EOK // 2)] + stocks(9, 10 * EOK, EOK // 2), asset_class=asset_class)
    report = check(tmp_path, product(idx))
    assert result(report, TOP85_CAP).status == "fail"
    assert result(report, TOP85_VALUE).status == "fail"


@pytest.mark.parametrize("asset_class", ["bond", "ktb", "commodity", "currency"])
def test_top85_rules_do_not_apply_beyond_listed_stock(tmp_path, asset_class):
    idx = index([stock("A", 10 * EOK, 0)] + stocks(9, 10 * EOK, 0), asset_class=asset_class)
    report = check(tmp_path, product(idx))
    assert result(report, TOP85_CAP).status == "not_applicable"
    assert result(report, TOP85_VALUE).status == "not_applicable"


def test_top85_market_cap_without_one_issues_market_cap_is_an_error_naming_it(tmp_path):
    idx = index(stocks(9) + [stock("NOCAP", None, 10 * EOK)])
    res = rule_result(tmp_path, product(idx), TOP85_CAP)
    assert res.status == "error"
    assert "NOCAP" in offenders(res)


# ==================================================================================================
# krx.index.top85_trading_value: every issue within the top 85% trades >= KRW 100m a day on average
# ==================================================================================================

def test_top85_trading_value_passes_for_liquid_issues(tmp_path):
    res = rule_result(tmp_path, product(), TOP85_VALUE)
    assert res.status == "pass"
    assert res.observed == 10 * EOK
    assert res.threshold == KRW_100M


@pytest.mark.parametrize("value, status", [(100_000_000, "pass"), ("1억원", "pass"), ("KRW 100m", "pass"),
                                           (99_999_999, "fail")])
def test_top85_trading_value_of_exactly_krw_100m_passes(tmp_path, value, status):
    # THIN trades nothing but lies outside the top 85% (the issues above it hold 95%).
    idx = index([stock("LIQUID", 950 * EOK, value), stock("THIN", 50 * EOK, 0)])
    res = rule_result(tmp_path, product(idx), TOP85_VALUE)
    assert res.status == status
    assert offenders(res) == ([] if status == "pass" else ["LIQUID"])


def test_top85_trading_value_lists_every_thin_issue_within_the_top(tmp_path):
    idx = index([stock("A", 400 * EOK, EOK // 2), stock("B", 300 * EOK, 5 * EOK), stock("C", 200 * EOK, 0),
                 stock("D", 100 * EOK, 0)])
    res = rule_result(tmp_path, product(idx), TOP85_VALUE)
    assert res.status == "fail"
    assert sorted(offenders(res)) == ["A", "C"]   # D: the issues above it hold 90%


def test_top85_trading_value_is_the_mean_over_the_trading_days_with_data(tmp_path):
    idx = index([stock("A", None, None)],
                market_data=daily("A", ("2024-08-01", 1000 * EOK, 150_000_000), ("2024-10-31", 1000 * EOK, 50_000_000)))
    res = rule_result(tmp_path, product(idx), TOP85_VALUE)
    assert res.status == "pass"
    assert res.observed == KRW_100M


def test_top85_trading_value_missing_within_the_top_is_an_error_naming_the_issue(tmp_path):
    idx = index([stock("BIG", 900 * EOK, None), stock("SMALL", 100 * EOK, 10 * EOK)])
    res = rule_result(tmp_path, product(idx), TOP85_VALUE)
    assert res.status == "error"
    assert offenders(res) == ["BIG"]


def test_top85_trading_value_missing_outside_the_top_does_not_matter(tmp_path):
    idx = index([stock("BIG", 900 * EOK, 10 * EOK), stock("SMALL", 100 * EOK, None)])
    assert rule_result(tmp_path, product(idx), TOP85_VALUE).status == "pass"


# ==================================================================================================
# The 3-month window and its coverage
# ==================================================================================================

@pytest.mark.parametrize("as_of, first_day", [
    ("2024-10-31", "2024-08-01"),
    ("2024-12-31", "2024-10-01"),   # no 2024-09-31: the window opens after 2024-09-30
    ("2024-05-31", "2024-03-01"),   # no 2024-02-31: after 2024-02-29 (a leap year)
    ("2023-05-31", "2023-03-01"),   # after 2023-02-28
    ("2024-11-30", "2024-08-31"),   # 2024-08-30 exists: the window opens the day after it
])
def test_the_window_runs_from_the_day_after_the_same_day_three_months_earlier(tmp_path, as_of, first_day):
    first = dt.date.fromisoformat(first_day)
    day_before = first - dt.timedelta(days=1)
    # Within the window the trading value averages exactly 1억원; the day before the window trades 0.
    idx = index([stock("A", None, None)],
                market_data=daily("A", (day_before, 1000 * EOK, 0), (first, 1000 * EOK, 150_000_000),
                                  (as_of, 1000 * EOK, 50_000_000)))
    res = rule_result(tmp_path, product(idx, as_of=dt.date.fromisoformat(as_of)), TOP85_VALUE)
    assert res.status == "pass"
    assert res.observed == KRW_100M


def coverage_index(first: str, last: str) -> dict:
    """Nine issues with given means and GAP, whose daily data runs from ``first`` to ``last``."""
    return index(stocks(9) + [stock("GAP", None, None)],
                 market_data=daily("GAP", (first, 1000 * EOK, 10 * EOK), ("2024-09-16", 1000 * EOK, 10 * EOK),
                                   (last, 1000 * EOK, 10 * EOK)))


@pytest.mark.parametrize("first, last, covered", [
    ("2024-08-01", "2024-10-31", True),
    ("2024-08-08", "2024-10-31", True),    # starts 7 days into the window: within the tolerance
    ("2024-08-09", "2024-10-31", False),   # 8 days late
    ("2024-08-01", "2024-10-24", True),    # ends 7 days before as_of
    ("2024-08-01", "2024-10-23", False),   # 8 days early
])
def test_an_issue_whose_data_does_not_cover_the_window_is_an_error_naming_it(tmp_path, first, last, covered):
    report = check(tmp_path, product(coverage_index(first, last)))
    for rule in (WEIGHT, TOP85_CAP, TOP85_VALUE, PDF_CAP):
        res = result(report, rule)
        if covered:
            assert res.status == "pass", rule
        else:
            assert res.status == "error", rule
            assert "GAP" in offenders(res), rule
            assert "GAP" in res.message["en"], rule


def test_the_coverage_tolerance_is_a_parameter(tmp_path):
    idx = coverage_index("2024-08-09", "2024-10-31")   # 8 days late: an error under the default 7
    res = rule_result(tmp_path, product(idx), WEIGHT, rulebook_with(coverage_tolerance_days=8))
    assert res.status == "pass"


def test_daily_rows_of_an_issue_that_is_not_a_constituent_are_ignored(tmp_path):
    idx = coverage_index("2024-08-01", "2024-10-31")
    idx["market_data"] += daily("STRAY", ("2024-10-01", 10**15, 0))   # would weigh ~100% and cover nothing
    report = check(tmp_path, product(idx))
    assert result(report, WEIGHT).status == "pass"
    assert result(report, TOP85_VALUE).status == "pass"


def test_an_issue_with_no_data_in_the_window_is_an_error(tmp_path):
    idx = index(stocks(9) + [stock("OLD", None, None)],
                market_data=daily("OLD", ("2024-06-03", 1000 * EOK, EOK), ("2024-07-31", 1000 * EOK, EOK)))
    res = rule_result(tmp_path, product(idx), WEIGHT)
    assert res.status == "error"
    assert offenders(res) == ["OLD"]


def test_daily_data_without_an_evaluation_date_is_an_error(tmp_path):
    res = rule_result(tmp_path, product(coverage_index("2024-08-01", "2024-10-31"), as_of=None), WEIGHT)
    assert res.status == "error"


def test_the_evaluation_date_can_be_given_on_the_command_line_instead(tmp_path):
    path = write(tmp_path, product(coverage_index("2024-08-01", "2024-10-31"), as_of=None))
    loaded = Loader(root=str(tmp_path)).load_product(str(path))
    report = evaluate(loaded, FEW_DAYS, as_of=AS_OF)
    assert result(report, WEIGHT).status == "pass"


def test_a_constituent_with_neither_daily_data_nor_means_cannot_be_evaluated(tmp_path):
    path = write(tmp_path, product(index(stocks(9) + [stock("EMPTY", None, None)])))
    with pytest.raises(InputError) as raised:
        Loader(root=str(tmp_path)).load_product(str(path))
    assert "EMPTY" in str(raised.value)


# ==================================================================================================
# krx.index.eligible_market
# ==================================================================================================

@pytest.mark.parametrize("market", ["KOSPI", "KOSDAQ", "KONEX", "foreign_exchange", "fsc_designated"])
def test_eligible_market_accepts_exchanges_foreign_exchanges_and_fsc_designated_markets(tmp_path, market):
    idx = index(stocks(9) + [stock("X", market=market)])
    assert rule_result(tmp_path, product(idx), MARKET).status == "pass"


def test_eligible_market_lists_every_issue_on_another_market(tmp_path):
    idx = index(stocks(8) + [stock("OTC1", market="K-OTC"), stock("OTC2", market="unlisted")])
    res = rule_result(tmp_path, product(idx), MARKET)
    assert res.status == "fail"
    assert sorted(offenders(res)) == ["OTC1", "OTC2"]


def test_eligible_markets_are_a_parameter(tmp_path):
    idx = index(stocks(9) + [stock("KNX", market="KONEX")])
    rulebook = rulebook_with(eligible_markets=["KOSPI", "KOSDAQ", "foreign_exchange", "fsc_designated"])
    res = rule_result(tmp_path, product(idx), MARKET, rulebook)
    assert res.status == "fail"
    assert offenders(res) == ["KNX"]


@pytest.mark.parametrize("asset_class", ["ktb", "bond", "commodity", "currency", "mixed"])
def test_eligible_market_applies_to_every_asset_class(tmp_path, asset_class):
    idx = index(stocks(9) + [stock("OTC1", market="K-OTC")], asset_class=asset_class)
    assert rule_result(tmp_path, product(idx), MARKET).status == "fail"


@pytest.mark.parametrize("asset_class", ["commodity", "currency"])
def test_eligible_market_of_an_index_that_lists_no_issue_is_an_error_not_a_pass(tmp_path, asset_class):
    """A commodity or currency index may be loaded without constituents (a securities index may
    not), but then it says nothing of their markets: the rule cannot be decided. One issue is enough
    to decide it, either way."""
    res = result(check(tmp_path, product(index([], asset_class=asset_class)), layout="inline"), MARKET)
    assert res.status == "error"
    assert "index.constituents lists none: there is nothing to judge" in res.message["en"]
    for market, status in (("KOSPI", "pass"), ("K-OTC", "fail")):
        idx = index([stock("ONE", market=market)], asset_class=asset_class)
        assert rule_result(tmp_path, product(idx), MARKET).status == status


# ==================================================================================================
# krx.index.license
# ==================================================================================================

@pytest.mark.parametrize("signed, status", [(True, "pass"), (False, "fail"), (None, "error")])
def test_index_license(tmp_path, signed, status):
    assert rule_result(tmp_path, product(license_signed=signed), LICENSE).status == status


# ==================================================================================================
# krx.product.leverage: -2 <= multiple <= 2, not 0
# ==================================================================================================

@pytest.mark.parametrize("multiple", [1, -1, 2, -2, Decimal("1.5"), Decimal("-0.5")])
def test_leverage_within_plus_minus_two_passes(tmp_path, multiple):
    res = rule_result(tmp_path, product(leverage=multiple), LEVERAGE)
    assert res.status == "pass"
    assert res.observed == multiple


@pytest.mark.parametrize("multiple", [0, Decimal("2.01"), Decimal("-2.01"), 3, -3])
def test_leverage_of_zero_or_beyond_two_fails(tmp_path, multiple):
    res = rule_result(tmp_path, product(leverage=multiple), LEVERAGE)
    assert res.status == "fail"
    assert res.observed == multiple


def test_leverage_not_given_is_an_error(tmp_path):
    assert rule_result(tmp_path, product(leverage=None), LEVERAGE).status == "error"


# ==================================================================================================
# krx.size.principal: >= KRW 7bn
# ==================================================================================================

@pytest.mark.parametrize("principal", [7_000_000_000, "7,000,000,000", "70억원", "7bn", "KRW 7bn", "7e9"])
def test_principal_of_exactly_krw_7bn_passes_however_written(tmp_path, principal):
    res = rule_result(tmp_path, product(principal_krw=principal), PRINCIPAL)
    assert res.status == "pass"
    assert res.observed == Decimal(7_000_000_000)
    assert res.threshold == Decimal(7_000_000_000)


@pytest.mark.parametrize("principal, status", [("100억원", "pass"), ("1.5조원", "pass"), ("7천억원", "pass"),
                                               (6_999_999_999, "fail"), ("65억원", "fail"), ("5bn", "fail")])
def test_principal(tmp_path, principal, status):
    assert rule_result(tmp_path, product(principal_krw=principal), PRINCIPAL).status == status


@pytest.mark.parametrize("fund_form, basis, other", [("trust", "principal", "capital"),
                                                     ("company", "capital", "principal")])
def test_principal_report_says_whether_it_checked_principal_or_capital(tmp_path, fund_form, basis, other):
    res = rule_result(tmp_path, product(fund_form=fund_form, principal_krw="65억원"), PRINCIPAL)
    assert res.status == "fail"
    assert basis in res.message["en"]
    assert other not in res.message["en"]


def test_principal_not_given_is_an_error(tmp_path):
    assert rule_result(tmp_path, product(principal_krw=None), PRINCIPAL).status == "error"


# ==================================================================================================
# krx.size.units: >= 100,000
# ==================================================================================================

@pytest.mark.parametrize("units, status", [(200_000, "pass"), (100_000, "pass"), (99_999, "fail"), (0, "fail")])
def test_units(tmp_path, units, status):
    res = rule_result(tmp_path, product(units=units), UNITS)
    assert (res.status, res.observed, res.threshold) == (status, units, 100_000)


def test_units_not_given_is_an_error(tmp_path):
    assert rule_result(tmp_path, product(units=None), UNITS).status == "error"


# ==================================================================================================
# krx.liquidity.authorized_participant and krx.liquidity.lp_contract
# ==================================================================================================

@pytest.mark.parametrize("participants, count, status", [
    ([participant("AP1", ap=True, lp=False)], 1, "pass"),                       # exactly one
    ([participant("AP1", ap=True, lp=True), participant("AP2", ap=True, lp=False)], 2, "pass"),
    ([participant("LP1", ap=False, lp=True), participant("X", ap=False, lp=False)], 0, "fail"),
    ([], 0, "fail"),
])
def test_authorized_participants(tmp_path, participants, count, status):
    res = rule_result(tmp_path, product(participants=participants), AP)
    assert (res.status, res.observed) == (status, count)


@pytest.mark.parametrize("participants, count, status", [
    ([participant("AP1", ap=True, lp=True)], 1, "pass"),                        # exactly one
    ([participant("AP1", ap=True, lp=False), participant("AP2", ap=True, lp=True)], 1, "pass"),
    ([participant("AP1", ap=True, lp=False), participant("LP1", ap=False, lp=True)], 0, "fail"),  # LP not an AP
    ([participant("AP1", ap=True, lp=False)], 0, "fail"),
    ([], 0, "fail"),
])
def test_lp_contract_with_an_authorized_participant(tmp_path, participants, count, status):
    res = rule_result(tmp_path, product(participants=participants), LP)
    assert (res.status, res.observed) == (status, count)


@pytest.mark.parametrize("rule", [AP, LP])
def test_participants_not_given_is_an_error(tmp_path, rule):
    assert rule_result(tmp_path, without(product(), "participants"), rule).status == "error"


# ==================================================================================================
# krx.pdf.market_cap_coverage: index issues held in the PDF >= 95% by 3-month mean market cap
# ==================================================================================================

def test_pdf_holding_every_index_issue_covers_all_of_it(tmp_path):
    res = rule_result(tmp_path, product(), PDF_CAP)
    assert res.status == "pass"
    assert res.observed == 1
    assert res.threshold == Decimal("0.95")


@pytest.mark.parametrize("caps, observed, status", [
    ({"A": 95, "B": 5}, Decimal("0.95"), "pass"),          # exactly 95%
    ({"A": 9499, "B": 501}, Decimal("0.9499"), "fail"),    # a hundredth of a percent short
])
def test_pdf_market_cap_coverage_of_exactly_95_percent_passes(tmp_path, caps, observed, status):
    idx = weights_index(caps)
    res = rule_result(tmp_path, product(idx, pdf=held("A")), PDF_CAP)
    assert (res.status, res.observed) == (status, observed)
    assert offenders(res) == ([] if status == "pass" else ["B"])


def test_pdf_market_cap_coverage_counts_a_zero_quantity_as_not_held(tmp_path):
    idx = weights_index({"A": 50, "B": 50})
    res = rule_result(tmp_path, product(idx, pdf=[holding("A", 10), holding("B", 0)]), PDF_CAP)
    assert res.status == "fail"
    assert res.observed == Decimal("0.5")
    assert offenders(res) == ["B"]


def test_pdf_market_cap_coverage_is_by_market_cap_even_for_an_equal_weight_index(tmp_path):
    # Holding 1 issue of 4 is 25% by count but 96% by market cap.
    idx = weights_index({"A": 96, "B": 2, "C": 1, "D": 1}, weighting="equal")
    res = rule_result(tmp_path, product(idx, pdf=held("A")), PDF_CAP)
    assert res.status == "pass"
    assert res.observed == Decimal("0.96")


def test_pdf_rows_that_are_not_index_issues_are_allowed(tmp_path):
    pdf = held(*[f"S{i:02d}" for i in range(1, 11)]) + [holding("KRW", 1_000_000, "원화현금"),
                                                        holding("KOSPI200F", 3, "코스피200 선물")]
    res = rule_result(tmp_path, product(pdf=pdf, linked_assets_ratio=Decimal("0.99")), PDF_CAP)
    assert res.status == "pass"
    assert res.observed == 1


def test_pdf_market_cap_coverage_lists_every_index_issue_left_out(tmp_path):
    idx = weights_index({"A": 60, "B": 10, "C": 20, "D": 10})
    res = rule_result(tmp_path, product(idx, pdf=held("A", "B")), PDF_CAP)
    assert res.status == "fail"
    assert res.observed == Decimal("0.7")
    assert sorted(offenders(res)) == ["C", "D"]


def test_pdf_coverage_without_a_pdf_is_an_error(tmp_path):
    report = check(tmp_path, without(product(), "pdf"))
    assert result(report, PDF_CAP).status == "error"
    assert result(report, PDF_COUNT).status == "error"


@pytest.mark.parametrize("asset_class", ["equity", "mixed", "bond", "ktb"])
def test_pdf_coverage_applies_to_in_kind_creation_on_a_securities_index(tmp_path, asset_class):
    idx = index_of(asset_class, 10)
    report = check(tmp_path, product(idx, pdf=held("S01", "B01")))   # one of ten issues held
    assert result(report, PDF_CAP).status == "fail"
    assert result(report, PDF_COUNT).status == "fail"


@pytest.mark.parametrize("asset_class", ["commodity", "currency"])
def test_pdf_coverage_does_not_apply_to_a_commodity_or_currency_index(tmp_path, asset_class):
    report = check(tmp_path, product(index_of(asset_class), pdf=[holding("GOLDF", 10)]))
    assert result(report, PDF_CAP).status == "not_applicable"
    assert result(report, PDF_COUNT).status == "not_applicable"


def test_pdf_coverage_does_not_apply_to_cash_creation(tmp_path):
    report = check(tmp_path, product(creation="cash", cash_creation_reason="derivatives",
                                     pdf=[holding("KRW", 1_000_000)], linked_assets_ratio=Decimal("0.99")))
    assert result(report, PDF_CAP).status == "not_applicable"
    assert result(report, PDF_COUNT).status == "not_applicable"


# ==================================================================================================
# krx.pdf.constituent_coverage: index issues held in the PDF >= 50% by count (price-weighted: 100%)
# ==================================================================================================

TEN = [f"S{i:02d}" for i in range(1, 11)]


@pytest.mark.parametrize("held_count, observed, status", [
    (10, Decimal(1), "pass"),
    (6, Decimal("0.6"), "pass"),
    (5, Decimal("0.5"), "pass"),    # exactly half
    (4, Decimal("0.4"), "fail"),
])
def test_pdf_constituent_coverage(tmp_path, held_count, observed, status):
    res = rule_result(tmp_path, product(pdf=held(*TEN[:held_count])), PDF_COUNT)
    assert (res.status, res.observed, res.threshold) == (status, observed, Decimal("0.50"))
    assert sorted(offenders(res)) == ([] if status == "pass" else TEN[held_count:])


@pytest.mark.parametrize("held_count, status", [(4, "pass"), (3, "fail")])
def test_pdf_constituent_coverage_of_an_odd_number_of_issues(tmp_path, held_count, status):
    idx = index(stocks(7))
    assert rule_result(tmp_path, product(idx, pdf=held(*TEN[:held_count])), PDF_COUNT).status == status


def test_pdf_constituent_coverage_counts_a_zero_quantity_as_not_held(tmp_path):
    pdf = held(*TEN[:4]) + [holding(TEN[4], 0)]
    res = rule_result(tmp_path, product(pdf=pdf), PDF_COUNT)
    assert res.status == "fail"
    assert res.observed == Decimal("0.4")
    assert TEN[4] in offenders(res)


def test_pdf_rows_that_are_not_index_issues_do_not_count_as_index_issues(tmp_path):
    pdf = held(*TEN[:4]) + held("KRW", "X1", "X2", "X3")
    res = rule_result(tmp_path, product(pdf=pdf, linked_assets_ratio=Decimal("0.99")), PDF_COUNT)
    assert res.status == "fail"
    assert res.observed == Decimal("0.4")


@pytest.mark.parametrize("held_count, status", [(10, "pass"), (9, "fail")])
def test_a_price_weighted_index_needs_every_issue_in_the_pdf(tmp_path, held_count, status):
    idx = index(stocks(10), weighting="price")
    res = rule_result(tmp_path, product(idx, pdf=held(*TEN[:held_count])), PDF_COUNT)
    assert res.status == status
    assert res.threshold == 1
    assert offenders(res) == TEN[held_count:]


@pytest.mark.parametrize("weighting", ["market_cap", "free_float_market_cap", "capped_market_cap", "equal"])
def test_other_weightings_need_half_the_issues(tmp_path, weighting):
    idx = index(stocks(10), weighting=weighting)
    assert rule_result(tmp_path, product(idx, pdf=held(*TEN[:5])), PDF_COUNT).status == "pass"


# ==================================================================================================
# krx.pdf.linked_assets: assets linked to the index >= 95% where the fund holds other assets
# ==================================================================================================

def test_linked_assets_does_not_apply_when_the_pdf_holds_only_index_issues(tmp_path):
    assert rule_result(tmp_path, product(), LINKED).status == "not_applicable"


def test_a_non_index_row_of_quantity_zero_is_not_held(tmp_path):
    pdf = held(*TEN) + [holding("KRW", 0)]
    assert rule_result(tmp_path, product(pdf=pdf), LINKED).status == "not_applicable"


@pytest.mark.parametrize("ratio, status", [(Decimal("0.99"), "pass"), (Decimal("0.95"), "pass"),
                                           (Decimal("0.9499"), "fail"), (Decimal("0.5"), "fail")])
def test_linked_assets_where_the_fund_holds_non_index_assets(tmp_path, ratio, status):
    pdf = held(*TEN) + [holding("KRW", 5_000_000, "원화현금")]
    res = rule_result(tmp_path, product(pdf=pdf, linked_assets_ratio=ratio), LINKED)
    assert (res.status, res.observed, res.threshold) == (status, ratio, Decimal("0.95"))


def test_linked_assets_ratio_not_given_with_non_index_holdings_is_an_error(tmp_path):
    pdf = held(*TEN) + [holding("KRW", 5_000_000, "원화현금")]
    assert rule_result(tmp_path, product(pdf=pdf), LINKED).status == "error"


def test_linked_assets_points_at_the_ratio_where_given_else_at_the_pdf_it_is_drawn_from(tmp_path):
    """The share drawn from the PDF's valuation amounts points at the PDF the product names, not
    at the top of the product file."""
    pdf = [dict(holding(code), value_krw=100_000_000) for code in TEN] + [dict(holding("KRW", 1, "원화현금"), value_krw=500_000_000)]
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    drawn = rule_result(tmp_path / "a", product(pdf=pdf), LINKED)
    lines = (tmp_path / "a" / "product.yaml").read_text(encoding="utf-8").splitlines()
    assert drawn.status == "fail" and drawn.observed == Decimal(10) / Decimal(15)
    assert lines[drawn.location.line - 1].startswith("pdf:") and drawn.location.file.endswith("product.yaml")
    stated = rule_result(tmp_path / "b", product(pdf=pdf, linked_assets_ratio=Decimal("0.5")), LINKED)
    lines = (tmp_path / "b" / "product.yaml").read_text(encoding="utf-8").splitlines()
    assert stated.status == "fail" and lines[stated.location.line - 1].startswith("linked_assets_ratio:")


def test_a_row_of_quantity_0_adds_nothing_to_the_linked_share_whatever_amount_it_shows(tmp_path):
    """Nine index issues held at 95,000,000, cash of 50,000,000, and the tenth index issue not held
    (quantity 0) though its row shows 1,000,000,000: 855/905 = 94.48% linked, a fail (with the
    tenth's amount counted it read 97.38%, a pass)."""
    pdf = [dict(holding(code), value_krw=95_000_000) for code in TEN[:9]] + [
        dict(holding(TEN[9], 0), value_krw=1_000_000_000), dict(holding("KRW", 1, "원화현금"), value_krw=50_000_000)]
    result = rule_result(tmp_path, product(pdf=pdf), LINKED)
    assert result.status == "fail" and result.observed == Decimal(855) / Decimal(905)


def test_the_pdf_s_share_beside_a_failing_ratio_is_never_rounded_onto_the_threshold(tmp_path):
    """Ten index issues of 95,000,000 and cash of 50,000,001: 94.9999999...% linked, a fail,
    which the figure in brackets once showed as 95.00%."""
    pdf = [dict(holding(code), value_krw=95_000_000) for code in TEN] + [dict(holding("KRW", 1, "원화현금"), value_krw=50_000_001)]
    result = rule_result(tmp_path, product(pdf=pdf), LINKED)
    assert result.status == "fail"
    assert "(linked_assets_ratio: -; from the PDF's valuation amounts: 94.9999999%)" in result.message["en"]


# ==================================================================================================
# krx.creation.cash: cash creation only for an allowed reason
# ==================================================================================================

def test_cash_creation_rule_does_not_apply_to_in_kind_creation(tmp_path):
    assert rule_result(tmp_path, product(), CASH).status == "not_applicable"


@pytest.mark.parametrize("reason", ["not_exchange_traded", "derivatives", "exchange_designated"])
def test_cash_creation_with_an_allowed_reason_passes(tmp_path, reason):
    res = rule_result(tmp_path, product(creation="cash", cash_creation_reason=reason), CASH)
    assert res.status == "pass"


def test_cash_creation_without_a_reason_fails(tmp_path):
    assert rule_result(tmp_path, product(creation="cash", cash_creation_reason=None), CASH).status == "fail"


@pytest.mark.parametrize("reason", ["cheaper", "convenience"])
def test_cash_creation_with_a_reason_not_allowed_fails(tmp_path, reason):
    res = rule_result(tmp_path, product(creation="cash", cash_creation_reason=reason), CASH)
    assert res.status == "fail"
    assert res.observed == reason


def test_cash_creation_reasons_are_a_parameter(tmp_path):
    rulebook = rulebook_with(cash_creation_reasons=["not_exchange_traded", "derivatives"])
    res = rule_result(tmp_path, product(creation="cash", cash_creation_reason="exchange_designated"), CASH, rulebook)
    assert res.status == "fail"


def test_cash_creation_rule_with_creation_not_given_is_not_a_pass(tmp_path):
    assert rule_result(tmp_path, product(creation=None), CASH).status == "error"
