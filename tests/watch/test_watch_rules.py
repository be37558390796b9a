"""Each krx.watch.* rule: passing, failing (or at risk) and exactly at its boundary."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from etf_listing.errors import Location
from etf_listing.model import Participant
from etf_listing.rulebook import compile_rulebook

from .builders import RULEBOOK, compounded, product, watch, weekdays
from .test_rolling_correlation import F1, F2, F3, exactly_point_nine

TRACKING, SIZE, LP = "krx.watch.tracking_correlation", "krx.watch.size", "krx.watch.liquidity_provider"
INDEX, DISPARITY = "krx.watch.index_available", "krx.watch.disparity_disclosure"
BN = Decimal(10) ** 9


# --- tracking ---------------------------------------------------------------------------------

def exactly_point_seven(periods: int = 3, w3: Decimal = Decimal("0.01")) -> tuple[list[Decimal], list[Decimal]]:
    """Pairs whose correlation is exactly 0.7: x alternates +-0.07; y = x + e, e the same three
    orthogonal patterns as for 0.9 with weights 0.05, 0.05, 0.01, so that var(e) / var(x) =
    0.0051 / 0.0049 and r = sqrt(49/100). A larger ``w3`` puts it below 0.7."""
    xs = [Decimal("0.07"), Decimal("-0.07")] * 4 * periods
    e = [Decimal("0.05") * a + Decimal("0.05") * b + w3 * c for a, b, c in zip(F1, F2, F3)] * periods
    return xs, [x + d for x, d in zip(xs, e)]


def _tracking(w3: Decimal = Decimal("0.01"), leverage: int = 1, flip: bool = False, management: str = "passive",
              pairs=exactly_point_nine):
    xs, ys = pairs(w3=w3)
    days = weekdays(dt.date(2026, 3, 2), len(xs) + 1)
    index_changes = [-y for y in ys] if flip else ys
    navs = compounded(Decimal(100), [x * leverage if not flip else x for x in xs])
    return product(days=days, navs=navs, levels=compounded(Decimal(1000), index_changes),
                   leverage=Decimal(leverage) if not flip else Decimal(-1), management=management)


def test_a_correlation_exactly_at_0_9_passes_a_passive_etf() -> None:
    result = watch(_tracking(), rule=TRACKING)
    assert result.status == "pass"
    assert result.observed == Decimal("0.9") and str(result.observed) == "0.90000000"
    assert result.clock == {"since": None, "caution_from": None, "delisting_from": None}


def test_a_correlation_a_hair_below_0_9_puts_a_passive_etf_at_risk() -> None:
    result = watch(_tracking(w3=Decimal("0.0101")), rule=TRACKING)
    assert result.status == "at_risk"
    assert result.observed < Decimal("0.9")
    since = result.clock["since"]
    assert result.clock["caution_from"] == dt.date(since.year, since.month + 1, since.day)


def test_an_active_etf_is_held_to_0_7_with_its_comparison_index() -> None:
    result = watch(_tracking(w3=Decimal("0.05"), management="active"), rule=TRACKING)
    assert result.status == "pass" and Decimal("0.7") <= result.observed < Decimal("0.9")
    assert result.threshold == Decimal("0.7")


def test_a_correlation_exactly_at_0_7_passes_an_active_etf() -> None:
    result = watch(_tracking(management="active", pairs=exactly_point_seven), rule=TRACKING)
    assert result.status == "pass"
    assert result.observed == Decimal("0.7") and str(result.observed) == "0.70000000"
    assert result.threshold == Decimal("0.7")
    assert result.clock == {"since": None, "caution_from": None, "delisting_from": None}


def test_a_correlation_a_hair_below_0_7_puts_an_active_etf_at_risk() -> None:
    result = watch(_tracking(w3=Decimal("0.0101"), management="active", pairs=exactly_point_seven), rule=TRACKING)
    assert result.status == "at_risk"
    assert result.observed < Decimal("0.7") and result.threshold == Decimal("0.7")


def test_the_same_correlation_of_exactly_0_7_is_below_a_passive_etf_s_line() -> None:
    result = watch(_tracking(pairs=exactly_point_seven), rule=TRACKING)
    assert result.status == "at_risk"
    assert result.observed == Decimal("0.7") and result.threshold == Decimal("0.9")


def test_an_inverse_etf_is_correlated_through_the_sign_of_its_multiple() -> None:
    # NAV moves as x, the index as -y: with leverage -1 the index's change counts as y.
    assert watch(_tracking(flip=True), rule=TRACKING).observed == Decimal("0.9")


def test_the_same_inverse_figures_read_as_a_1x_product_are_anti_correlated() -> None:
    prod = _tracking(flip=True)
    result = watch(dataclasses.replace(prod, leverage=Decimal(1)), rule=TRACKING)
    assert result.status == "at_risk" and result.observed == Decimal("-0.9")


def test_a_leveraged_etf_is_judged_on_the_same_correlation() -> None:
    assert watch(_tracking(leverage=2), rule=TRACKING).observed == Decimal("0.9")


def test_a_young_product_has_no_tracking_figure_yet() -> None:
    days = weekdays(dt.date(2026, 3, 2), 20)  # 19 daily changes
    prod = product(days=days, navs=[Decimal(100 + i % 3) for i in range(20)], levels=[Decimal(1000 + i % 4) for i in range(20)])
    result = watch(prod, rule=TRACKING)
    assert result.status == "not_applicable"
    assert "19 daily changes" in result.message["en"] and "at least 20" in result.message["en"]


@pytest.mark.parametrize("listed_on, status", [
    (dt.date(2025, 1, 2), "error"),  # listed long before: 19 daily changes means rows are missing
    (dt.date(2025, 12, 26), "error"),  # a day more than 3 months before the last day, 2026-03-27
    (dt.date(2025, 12, 27), "not_applicable"),  # exactly 3 months before: still too young for a figure
    (dt.date(2026, 3, 2), "not_applicable"),  # listed with its history
])
def test_too_few_daily_changes_is_too_young_only_within_3_months_of_listing(listed_on: dt.date, status: str) -> None:
    days = weekdays(dt.date(2026, 3, 2), 20)  # 19 daily changes, to 2026-03-27
    prod = product(days=days, navs=[Decimal(100 + i % 3) for i in range(20)], levels=[Decimal(1000 + i % 4) for i in range(20)],
                   listed_on=listed_on)
    result = watch(prod, rule=TRACKING)
    assert days[-1] == dt.date(2026, 3, 27) and result.status == status
    if status == "error":
        assert ("19 daily changes in the 3 months to 2026-03-27; at least 20 are needed on 2026-03-27, although data is "
                f"expected from {listed_on} (product.listed_on), more than 3 months before: the history is missing rows"
                in result.message["en"]), result.message["en"]
        assert "이력에 빠진 행이 있습니다" in result.message["ko"]


def test_a_run_whose_last_day_has_no_figure_names_the_line_and_says_why() -> None:
    """Below the line, then a NAV that stops moving: the run goes on (a day without a figure does
    not end it), and the message gives the line in force and the reason the last day has none."""
    below = _tracking(w3=Decimal("0.0101"))
    rows = below.history
    days = weekdays(rows[-1].date + dt.timedelta(days=1), 70)
    flat = tuple(dataclasses.replace(rows[-1], date=d) for d in days)  # the last row's figures, day after day
    moving = [Decimal(1010) if i % 2 == 0 else Decimal(1000) for i in range(len(days))]  # the index moves on
    levels = below.index.levels + tuple(dataclasses.replace(below.index.levels[-1], date=d, level=v)
                                        for d, v in zip(days, moving))
    prod = dataclasses.replace(below, history=rows + flat, as_of=days[-1],
                               underlying=dataclasses.replace(below.underlying, index=dataclasses.replace(below.index, levels=levels)))
    result = watch(prod, rule=TRACKING)
    assert result.status in ("at_risk", "fail") and result.threshold == Decimal("0.9")
    assert "{threshold}" not in result.message["en"] and "below 0.9 since" in result.message["en"], result.message["en"]
    assert f"No figure on {days[-1]}: nav_changes does not vary" in result.message["en"]  # the series by its name
    assert f"{days[-1]}에는 값이 없습니다" in result.message["ko"] and "{threshold}" not in result.message["ko"]


@pytest.mark.parametrize("months", [2, 12])  # within the 3 months a product is young for, and long after
def test_a_nav_that_never_varies_has_no_correlation_at_any_age(months: int) -> None:
    """No variation is a reason of its own: it is not taken, once the product is older than three
    months, for rows missing from its history (an error that named rows nobody left out)."""
    days = weekdays(dt.date(2024, 1, 1), 22 * months)
    prod = product(days=days, navs=[Decimal(10000)] * len(days),
                   levels=[Decimal(1000) if i % 2 else Decimal(1250) for i in range(len(days))])
    result = watch(prod, rule=TRACKING)
    assert result.status == "not_applicable", result.message["en"]
    assert "nav_changes does not vary" in result.message["en"] and "missing rows" not in result.message["en"]


def test_the_tracking_rule_needs_the_index_levels() -> None:
    days = weekdays(dt.date(2026, 3, 2), 30)
    prod = product(days=days, navs=[Decimal(100 + i % 3) for i in range(30)])
    assert watch(prod, rule=TRACKING).status == "error"


def _anti_correlated(as_of: dt.date) -> object:
    """NAV and index moving against each other every trading day from 2026-01-05: a correlation of
    -1 from the first day with 20 daily changes, 2026-02-02, on."""
    days = weekdays(dt.date(2026, 1, 5), 140)
    navs = [Decimal(100) if i % 2 == 0 else Decimal(101) for i in range(len(days))]
    levels = [Decimal(1000) if i % 2 == 0 else Decimal(990) for i in range(len(days))]
    return product(days=days, navs=navs, levels=levels, as_of=as_of)


@pytest.mark.parametrize("as_of, status", [
    (dt.date(2026, 3, 1), "at_risk"),  # the day before a month below the line
    (dt.date(2026, 3, 2), "at_risk"),  # a month below: KRX's caution notice, still a warning
    (dt.date(2026, 5, 1), "at_risk"),  # the day before 3 months below the line
    (dt.date(2026, 5, 2), "fail"),  # 3 months to the day after the run began: the delisting condition
])
def test_the_tracking_run_meets_the_delisting_condition_on_the_day_it_reaches_3_months(as_of: dt.date,
                                                                                         status: str) -> None:
    result = watch(_anti_correlated(as_of), rule=TRACKING)
    assert result.status == status and result.observed == Decimal(-1)
    assert result.clock == {"since": dt.date(2026, 2, 2), "caution_from": dt.date(2026, 3, 2),
                            "delisting_from": dt.date(2026, 5, 2)}


# --- the clock of a run (on a rulebook whose check is a daily figure against a line) -----------------

CLOCKED = """
kind: etf-rulebook
schema_version: 1
id: clocked
title: A daily line with a clock
version: "1"
effective_from: 2000-01-01
parameters:
  line: {value: 50억원, unit: krw, description: the line}
  reset: {value: 1, unit: count, description: days back above that end a run}
definitions:
  assets: {series: {get: product.history}, value: net_assets_krw}
rules:
  - id: daily.line
    title: Net assets at least the line each day
    requirement: Net assets at least the line; 1 month below is a caution, 3 months the delisting condition.
    citation: test
    unit: krw
    observed_on: {days_of: {ref: assets}}
    check: {value: {on_day: {ref: assets}}, operator: ">=", threshold: {param: line}}
    clock: {caution_after_months: 1, fail_after_months: 3, reset_after_observations: {param: reset}}
"""


def _clocked(assets: list[Decimal], days: list[dt.date], on: dt.date, reset: int = 1) -> object:
    from etf_listing.evaluation import evaluate

    rulebook = compile_rulebook(CLOCKED.replace("value: 1, unit: count", f"value: {reset}, unit: count"), "clocked.yaml")
    prod = product(days=days, navs=[Decimal(100)] * len(days), net_assets=assets)
    return evaluate(prod, rulebook, on).results[0]


def _daily(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


@pytest.mark.parametrize("start, caution, delisting", [
    (dt.date(2026, 4, 2), dt.date(2026, 5, 2), dt.date(2026, 7, 2)),
    (dt.date(2026, 11, 30), dt.date(2026, 12, 30), dt.date(2027, 2, 28)),
    (dt.date(2027, 11, 30), dt.date(2027, 12, 30), dt.date(2028, 2, 29)),  # a leap year
    (dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 4, 30)),
])
def test_caution_and_delisting_dates_follow_the_same_day_rule(start: dt.date, caution: dt.date, delisting: dt.date) -> None:
    days = _daily(start - dt.timedelta(days=10), delisting + dt.timedelta(days=3))
    assets = [Decimal(6) * BN if d < start else Decimal(4) * BN for d in days]
    before = _clocked(assets, days, delisting - dt.timedelta(days=1))
    assert before.status == "at_risk"
    assert before.clock == {"since": start, "caution_from": caution, "delisting_from": delisting}
    on = _clocked(assets, days, delisting)
    assert on.status == "fail" and on.clock["delisting_from"] == delisting


def test_one_day_back_above_the_line_resets_the_run() -> None:
    days = _daily(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    back = dt.date(2026, 3, 15)
    assets = [Decimal(6) * BN if d < dt.date(2026, 2, 1) or d == back else Decimal(4) * BN for d in days]
    result = _clocked(assets, days, dt.date(2026, 6, 1))
    assert result.status == "at_risk"  # the run from 1 February would have failed on 1 May
    assert result.clock["since"] == dt.date(2026, 3, 16)
    assert _clocked(assets, days, dt.date(2026, 6, 15)).status == "at_risk"
    assert _clocked(assets, days, dt.date(2026, 6, 16)).status == "fail"


def test_with_two_days_needed_to_reset_one_day_back_above_does_not() -> None:
    days = _daily(dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    back = dt.date(2026, 3, 15)
    assets = [Decimal(6) * BN if d < dt.date(2026, 2, 1) or d == back else Decimal(4) * BN for d in days]
    result = _clocked(assets, days, dt.date(2026, 5, 1), reset=2)
    assert result.status == "fail" and result.clock["since"] == dt.date(2026, 2, 1)


# --- size -----------------------------------------------------------------------------------------

def _sized(values: dict[dt.date, tuple[Decimal, Decimal | None]], listed_on: dt.date, as_of: dt.date):
    days = sorted(values)
    return product(days=days, navs=[Decimal(100)] * len(days), net_assets=[values[d][0] for d in days],
                   principal=[values[d][1] for d in days], listed_on=listed_on, as_of=as_of)


def test_principal_exactly_5bn_passes_with_net_assets_below() -> None:
    prod = _sized({dt.date(2025, 6, 30): (Decimal(4) * BN, Decimal(5) * BN)}, dt.date(2024, 1, 2), dt.date(2025, 7, 1))
    result = watch(prod, rule=SIZE)
    assert result.status == "pass" and result.observed == Decimal(5) * BN


@pytest.mark.parametrize("net_assets", [Decimal(5) * BN, Decimal(60) * BN])
def test_net_assets_at_or_above_5bn_pass_without_principal(net_assets: Decimal) -> None:
    # KRX's daily ETF data gives net assets, not principal: net assets at the line decide a pass alone
    prod = _sized({dt.date(2025, 6, 30): (net_assets, None)}, dt.date(2024, 1, 2), dt.date(2025, 7, 1))
    result = watch(prod, rule=SIZE)
    assert result.status == "pass" and result.observed == net_assets
    assert "(of those given)" in result.message["en"]


def test_net_assets_below_5bn_without_principal_cannot_be_decided() -> None:
    # principal at or above the line would still pass it: its absence is an error, never a fail or a pass
    prod = _sized({dt.date(2025, 6, 30): (Decimal(5) * BN - 1, None)}, dt.date(2024, 1, 2), dt.date(2025, 7, 1))
    result = watch(prod, rule=SIZE)
    assert result.status == "error" and "principal_krw is not given" in result.message["en"]


def test_principal_above_net_assets_is_the_figure_reported() -> None:
    prod = _sized({dt.date(2025, 6, 30): (Decimal(6) * BN, Decimal(7) * BN)}, dt.date(2024, 1, 2), dt.date(2025, 7, 1))
    result = watch(prod, rule=SIZE)
    assert result.status == "pass" and result.observed == Decimal(7) * BN


def test_both_below_5bn_designates_and_the_next_failing_half_year_end_delists() -> None:
    low = (Decimal(5) * BN - 1, Decimal(5) * BN - 1)
    values = {dt.date(2025, 6, 30): (Decimal(6) * BN, Decimal(6) * BN), dt.date(2025, 12, 30): low, dt.date(2026, 6, 30): low}
    designated = watch(_sized(values, dt.date(2024, 1, 2), dt.date(2026, 3, 31)), rule=SIZE)
    assert designated.status == "at_risk" and designated.clock["since"] == dt.date(2025, 12, 31)
    assert [i.identity["date"] for i in designated.items] == ["2025-12-31"]
    # designated, the half-year end at which failing again is the delisting condition is named ahead
    assert designated.clock["delisting_from"] == dt.date(2026, 6, 30)
    assert "Failing again at the next half-year end, 2026-06-30," in designated.message["en"]
    assert "다음 반기말인 2026-06-30에도" in designated.message["ko"]
    delisted = watch(_sized(values, dt.date(2024, 1, 2), dt.date(2026, 11, 30)), rule=SIZE)
    assert delisted.status == "fail" and delisted.clock["delisting_from"] == dt.date(2026, 6, 30)


@pytest.mark.parametrize("as_of, status, delisting_from", [
    (dt.date(2025, 12, 31), "at_risk", dt.date(2026, 6, 30)),  # designated that day
    (dt.date(2026, 6, 29), "at_risk", dt.date(2026, 6, 30)),  # the day before the next half-year end
    (dt.date(2026, 6, 30), "fail", dt.date(2026, 6, 30)),  # failing again there (the figures of June 29)
])
def test_a_designation_names_the_next_half_year_end_as_its_delisting_date(as_of: dt.date, status: str,
                                                                          delisting_from: dt.date) -> None:
    low = (Decimal(4) * BN, Decimal(4) * BN)
    values = {dt.date(2025, 12, 30): low, dt.date(2026, 6, 29): low}
    result = watch(_sized(values, dt.date(2024, 12, 20), as_of), rule=SIZE)
    assert (result.status, result.clock["since"], result.clock["delisting_from"]) == (status, dt.date(2025, 12, 31),
                                                                                    delisting_from)


def test_a_designation_released_at_the_next_half_year_end_names_no_delisting_date() -> None:
    values = {dt.date(2025, 12, 30): (Decimal(4) * BN, Decimal(4) * BN), dt.date(2026, 6, 29): (Decimal(5) * BN, None)}
    result = watch(_sized(values, dt.date(2024, 12, 20), dt.date(2026, 7, 1)), rule=SIZE)
    assert result.status == "pass"
    assert result.clock == {"since": None, "caution_from": None, "delisting_from": None}


LOW, HIGH = (Decimal(4) * BN, Decimal(4) * BN), (Decimal(6) * BN, Decimal(6) * BN)


def test_a_delisting_that_stood_stands_past_a_half_year_end_without_figures() -> None:
    # failing at 2024-06-30 and 2024-12-31: the condition stands, whatever 2025-06-30 (no row near it) was
    values = {dt.date(2024, 6, 28): LOW, dt.date(2024, 12, 31): LOW, dt.date(2025, 12, 31): HIGH}
    result = watch(_sized(values, dt.date(2023, 1, 2), dt.date(2026, 1, 5)), rule=SIZE)
    assert (result.status, result.clock["delisting_from"]) == ("fail", dt.date(2024, 12, 31))


def test_a_half_year_end_without_figures_that_a_pass_after_it_settles_is_not_missing() -> None:
    # 2024-06-30 has no row near it; failing or not, 2024-12-31 and 2025-06-30 pass: no two fail in a row
    values = {dt.date(2024, 12, 31): HIGH, dt.date(2025, 6, 30): HIGH}
    assert watch(_sized(values, dt.date(2023, 1, 2), dt.date(2025, 7, 1)), rule=SIZE).status == "pass"


def test_a_half_year_end_without_figures_that_decides_the_status_is_missing() -> None:
    # 2024-12-31 has no row near it: a designation or not, it cannot be told
    values = {dt.date(2024, 6, 28): HIGH, dt.date(2025, 1, 2): HIGH}
    result = watch(_sized(values, dt.date(2023, 1, 2), dt.date(2025, 1, 5)), rule=SIZE)
    assert result.status == "error" and "on or before 2024-12-31" in result.message["en"]


def test_a_passing_half_year_end_releases_the_designation() -> None:
    values = {dt.date(2025, 6, 30): (Decimal(4) * BN, Decimal(4) * BN), dt.date(2025, 12, 30): (Decimal(5) * BN, Decimal(3) * BN)}
    assert watch(_sized(values, dt.date(2024, 1, 2), dt.date(2026, 1, 5)), rule=SIZE).status == "pass"


def test_a_half_year_end_on_a_holiday_takes_the_last_trading_day_before_it() -> None:
    # 2025-12-31 is a holiday here: the figures of 2025-12-30 count (within 7 days).
    values = {dt.date(2025, 12, 30): (Decimal(4) * BN, Decimal(4) * BN)}
    result = watch(_sized(values, dt.date(2024, 12, 20), dt.date(2026, 1, 2)), rule=SIZE)
    assert result.status == "at_risk" and result.clock["since"] == dt.date(2025, 12, 31)


def test_figures_more_than_7_days_before_a_half_year_end_are_missing() -> None:
    values = {dt.date(2025, 12, 23): (Decimal(9) * BN, Decimal(9) * BN)}
    result = watch(_sized(values, dt.date(2024, 12, 20), dt.date(2026, 1, 2)), rule=SIZE)
    assert result.status == "error" and "within 7 days" in result.message["en"]


def test_an_etf_listed_exactly_one_year_before_a_half_year_end_is_not_yet_judged_there() -> None:
    values = {dt.date(2025, 6, 30): (Decimal(1) * BN, Decimal(1) * BN)}
    prod = _sized(values, dt.date(2024, 6, 30), dt.date(2025, 7, 15))
    result = watch(prod, rule=SIZE)
    assert result.status == "not_applicable" and "2025-06-30" in result.message["en"]
    later = _sized({**values, dt.date(2025, 12, 30): (Decimal(1) * BN, Decimal(1) * BN)}, dt.date(2024, 6, 29), dt.date(2025, 7, 15))
    assert watch(later, rule=SIZE).status == "at_risk"  # listed a day earlier: 2025-06-30 applies


# --- liquidity provider ---------------------------------------------------------------------------

def _with_lp(lp_to: dt.date | None, as_of: dt.date, lp_from: dt.date = dt.date(2025, 1, 2)):
    days = weekdays(dt.date(2025, 1, 2), 10)
    lp = Participant("LP증권", True, True, Location("product.yaml", 12, 5), lp_from, lp_to)
    return product(days=days, navs=[Decimal(100)] * 10, participants=[lp], listed_on=dt.date(2025, 1, 2), as_of=as_of)


def test_an_lp_contract_ending_on_the_evaluation_date_is_still_in_force() -> None:
    result = watch(_with_lp(dt.date(2026, 3, 10), dt.date(2026, 3, 10)), rule=LP)
    assert result.status == "pass" and result.observed == 1


def test_an_lp_contract_that_ended_the_day_before_starts_the_month_to_replace_it() -> None:
    result = watch(_with_lp(dt.date(2026, 3, 9), dt.date(2026, 3, 10)), rule=LP)
    assert result.status == "at_risk" and result.observed == 0
    assert result.clock == {"since": dt.date(2026, 3, 10), "caution_from": None, "delisting_from": dt.date(2026, 4, 10)}


def test_a_month_without_an_lp_is_the_delisting_condition() -> None:
    assert watch(_with_lp(dt.date(2026, 3, 9), dt.date(2026, 4, 9)), rule=LP).status == "at_risk"
    assert watch(_with_lp(dt.date(2026, 3, 9), dt.date(2026, 4, 10)), rule=LP).status == "fail"


def test_a_new_lp_ends_the_clock() -> None:
    days = weekdays(dt.date(2025, 1, 2), 10)
    old = Participant("A", True, True, Location("p.yaml", 1, 1), dt.date(2025, 1, 2), dt.date(2026, 3, 9))
    new = Participant("B", True, True, Location("p.yaml", 2, 1), dt.date(2026, 3, 20), None)
    prod = product(days=days, navs=[Decimal(100)] * 10, participants=[old, new], as_of=dt.date(2026, 5, 1))
    assert watch(prod, rule=LP).status == "pass"


# --- index ----------------------------------------------------------------------------------------

def _indexed(last_level: dt.date, as_of: dt.date, license_signed: bool | None = True):
    days = weekdays(dt.date(2026, 1, 5), 5)
    return product(days=days, navs=[Decimal(100)] * 5, levels=[Decimal(1000)], level_days=[last_level],
                   as_of=as_of, license_signed=license_signed)


def test_index_levels_7_days_old_still_count_and_8_do_not() -> None:
    passed = watch(_indexed(dt.date(2026, 3, 3), dt.date(2026, 3, 10)), rule=INDEX)
    assert passed.status == "pass" and passed.observed == 7 and passed.threshold == 7
    # a pass says how old the levels are, not only that the licence is signed
    assert passed.message["en"] == ("The index licence is signed, and the index's last level is 7 day(s) before the "
                                    "evaluation date; at most 7 allowed.")
    result = watch(_indexed(dt.date(2026, 3, 2), dt.date(2026, 3, 10)), rule=INDEX)
    assert result.status == "fail" and result.observed == 8


def test_an_index_without_a_licence_cannot_be_used() -> None:
    assert watch(_indexed(dt.date(2026, 3, 10), dt.date(2026, 3, 10), False), rule=INDEX).status == "fail"
    assert watch(_indexed(dt.date(2026, 3, 10), dt.date(2026, 3, 10), None), rule=INDEX).status == "error"


# --- disparity ------------------------------------------------------------------------------------

def _disparity(closes: list[str], market: str = "domestic", as_of: dt.date | None = None):
    days = weekdays(dt.date(2026, 3, 2), len(closes))
    return product(days=days, navs=[Decimal(10000)] * len(days), closes=[Decimal(c) if c else None for c in closes],
                   market=market, as_of=as_of)


@pytest.mark.parametrize("close, market, status", [
    ("10099", "domestic", "pass"), ("10100", "domestic", "at_risk"), ("9900", "domestic", "at_risk"),
    ("10199", "overseas", "pass"), ("10200", "overseas", "at_risk"), ("9800", "overseas", "at_risk"),
])
def test_a_disparity_at_the_line_needs_a_disclosure(close: str, market: str, status: str) -> None:
    result = watch(_disparity(["10000", close, "10000"], market), rule=DISPARITY)
    assert result.status == status
    if status == "at_risk":
        assert [i.identity["date"] for i in result.items] == ["2026-03-03"]
        assert result.items[0].location == Location("history.csv", 3, 1)


def test_the_open_reading_above_the_line_is_a_parameter() -> None:
    from pathlib import Path

    from etf_listing.evaluation import evaluate
    from etf_listing.rulebook import shipped_rulebooks

    source = Path(shipped_rulebooks()["krx-etf-continued-listing"]).read_text(encoding="utf-8")
    assert '    value: "<"\n' in source
    above = compile_rulebook(source.replace('    value: "<"\n', '    value: "<="\n'), "above.yaml")
    report = evaluate(_disparity(["10000", "10100", "10000"]), above)
    assert next(r for r in report.results if r.rule.id == DISPARITY).status == "pass"


def test_a_pass_says_on_how_many_trading_days_with_a_close_it_was_judged() -> None:
    """Five rows, two without a close: the disparity was judged on three days, and says so, so a
    reader sees it was not judged on every row of the history."""
    result = watch(_disparity(["10000", "", "10050", "", "10000"]), rule=DISPARITY)
    assert result.status == "pass"
    assert result.message["en"] == ("Every closing disparity in the window (3 trading day(s) with a closing price) is "
                                    "below 1.00% (last: 0.00% on 2026-03-06).")
    assert result.message["ko"] == ("기간 내 종가가 있는 거래일 3일의 종가 괴리율이 모두 1.00% 미만입니다"
                                    "(마지막: 2026-03-06 0.00%).")


def test_a_disclosure_due_says_of_how_many_trading_days_with_a_close() -> None:
    result = watch(_disparity(["10000", "", "10100", "", "10000"]), rule=DISPARITY)
    assert result.status == "at_risk"
    assert result.message["en"] == ("Of 3 trading day(s) with a closing price in the window, 1 had a closing disparity "
                                    "at or above 1.00%; each needs a disclosure: 2026-03-04 1.00%.")
    assert result.message["ko"].startswith("기간 내 종가가 있는 거래일 3일 중 종가 괴리율이 1.00% 이상인 1일은")


def test_the_days_counted_are_those_in_the_window() -> None:
    """81 closes to 2026-06-22: those on or before 2026-03-22 (3 months before, excluded) are out
    of the window, and not counted."""
    days = weekdays(dt.date(2026, 3, 2), 81)
    assert days[-1] == dt.date(2026, 6, 22)
    inside = [day for day in days if day > dt.date(2026, 3, 22)]
    assert len(inside) == 66
    result = watch(_disparity(["10000"] * 81), rule=DISPARITY)
    assert "(66 trading day(s) with a closing price)" in result.message["en"]


def test_no_closing_price_in_the_window_is_not_applicable() -> None:
    assert watch(_disparity(["", "", ""]), rule=DISPARITY).status == "not_applicable"


@pytest.mark.parametrize("as_of", [dt.date(2026, 3, 10), dt.date(2026, 11, 30)])  # 8 days, and months after listing
def test_rows_without_a_close_are_not_applicable_however_long_ago_the_product_was_listed(as_of: dt.date) -> None:
    """The close is optional on a row: a history whose rows give none leaves the disparity with
    nothing to judge, not an error, even long after listing (only an empty history is one)."""
    days = [day for day in weekdays(dt.date(2026, 3, 2), 200) if day <= as_of]
    listed = product(days=days, navs=[Decimal(10000)] * len(days), closes=[None] * len(days), as_of=as_of)
    result = watch(listed, rule=DISPARITY)
    assert result.status == "not_applicable", result.message
    assert result.message["en"] == f"No closing price in the window to {as_of}: no disparity to judge."


def _unrecorded(listed_on: dt.date, as_of: dt.date):
    """A listed product whose history has no row at all."""
    built = product(days=[listed_on], navs=[Decimal(10000)], levels=[Decimal(1000)], as_of=as_of)  # the index has levels
    return dataclasses.replace(built, history=())


@pytest.mark.parametrize("as_of", [dt.date(2026, 3, 2), dt.date(2026, 3, 9)])  # listed that day, 7 days before
def test_no_trading_day_in_the_window_yet_is_not_applicable(as_of: dt.date) -> None:
    for rule in (DISPARITY, TRACKING):
        result = watch(_unrecorded(dt.date(2026, 3, 2), as_of), rule=rule)
        assert result.status == "not_applicable", (rule, result.message)
    assert watch(_unrecorded(dt.date(2026, 3, 2), as_of), rule=DISPARITY).message["en"] == (
        f"No closing price in the window to {as_of}: no disparity to judge.")


@pytest.mark.parametrize("as_of", [dt.date(2026, 3, 10), dt.date(2026, 11, 30)])  # 8 days, and months after listing
def test_a_product_listed_before_the_window_with_no_history_is_an_error_not_too_young(as_of: dt.date) -> None:
    """Listed on 2026-03-02, it has traded since: a correlation and a disparity each trading day.
    A history with no row is missing data, not a product with nothing to observe yet."""
    for rule in (DISPARITY, TRACKING):
        result = watch(_unrecorded(dt.date(2026, 3, 2), as_of), rule=rule)
        assert result.status == "error", (rule, result.message)
        days = (as_of - dt.date(2026, 3, 2)).days
        assert (f"nothing observed from 2026-03-02 (product.listed_on) to {as_of}, {days} days (at most 7 allowed)"
                in result.message["en"])
        assert "관찰된 날이 없습니다" in result.message["ko"]


@pytest.mark.parametrize("as_of, status", [(dt.date(2026, 3, 9), "pass"),    # 7 days after the last close
                                           (dt.date(2026, 3, 10), "error"),  # 8: the closes no longer reach it
                                           (dt.date(2026, 7, 1), "error")])
def test_closing_prices_that_stop_before_the_evaluation_date_are_not_carried_past_it(as_of: dt.date, status: str) -> None:
    """The last close (2026-03-02) was within the line; months later the disparity is not known,
    not "below the line" (nor not applicable: closes were given, then stopped)."""
    result = watch(_disparity(["10000", "", ""], as_of=as_of), rule=DISPARITY)
    assert result.status == status
    if status == "error":
        assert "the data observed ends 2026-03-02" in result.message["en"]


def test_a_disparity_day_older_than_the_window_no_longer_warns() -> None:
    assert watch(_disparity(["10200"] + ["10000"] * 80), rule=DISPARITY).status == "pass"


@pytest.mark.parametrize("as_of, status", [
    (dt.date(2026, 6, 1), "at_risk"),  # the window (2026-03-01, 2026-06-01] holds the day at the line
    (dt.date(2026, 6, 2), "pass"),  # 3 months to the day later the window starts after it
])
def test_a_disparity_day_warns_until_3_months_to_the_day_have_passed(as_of: dt.date, status: str) -> None:
    count = len([d for d in weekdays(dt.date(2026, 3, 2), 80) if d <= as_of])
    result = watch(_disparity(["10100"] + ["10000"] * (count - 1), as_of=as_of), rule=DISPARITY)
    assert result.status == status
    assert [i.identity["date"] for i in result.items] == (["2026-03-02"] if status == "at_risk" else [])


def test_every_rule_of_the_rulebook_is_reported_in_order() -> None:
    report = watch(_tracking())
    assert [r.rule.id for r in report.results] == [TRACKING, SIZE, LP, INDEX, DISPARITY]
    assert report.counts["at_risk"] == 0 and "at_risk" in report.counts
    assert RULEBOOK.id == "krx-etf-continued-listing"
