"""A result's ``observed``, ``operator`` and ``threshold`` (JSON; ``observed`` in CSV) are those of
the comparison that decided it, for a pass as for a fail: beside a comparison that decided, one that
did not (in ``all`` a true one beside a false, in ``any`` a false one beside a true) is not shown,
and one under a ``not`` is shown with the operator that holds when it does not. What is shown holds
exactly when the rule's condition does: a stage that passes, an exclusion that applies."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from etf_listing.loading.universe import load_universe
from etf_listing.reporting.screen_csv import render_csv
from etf_listing.reporting.screen_json import render_json
from etf_listing.screening.evaluate import screen

from ..screening.builders import company, universe_file, value_up

PROFITABILITY, RETURN = "valueup.stage.profitability", "valueup.stage.shareholder_return"
VALUATION, SPECIAL = "valueup.stage.valuation", "valueup.special.early_disclosure"
COMMON = "valueup.universe.common_stock"


def _results(tmp_path: Path, rows: list[dict[str, Any]], previous: str | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    report = screen(load_universe(str(universe_file(tmp_path, rows, previous))), value_up())
    document = json.loads(render_json([report]))
    found = {c["code"]: {r["rule"]: r for r in c["results"]} for c in document["screens"][0]["companies"]}
    table = list(csv.DictReader(io.StringIO(render_csv([report]))))
    for row in table:  # the CSV's figure is the JSON's
        for rule, result in found[row["code"]].items():
            observed = result["observed"]
            assert row[f"{rule}.observed"] == ("" if observed is None else str(observed).lower()
                                               if isinstance(observed, bool) else observed), (row["code"], rule)
    return found


def _shown(result: dict[str, Any]) -> tuple[Any, Any, Any, Any]:
    return result["status"], result["observed"], result.get("operator"), result["threshold"]


@pytest.mark.parametrize("y1, y2, expected", [
    # a loss one year, the sum below zero: decided by the sum alone (it was shown "-2억 < 0")
    ("-500000000", "300000000", ("fail", "-200000000", ">=", "0")),
    # exactly zero summed is not a loss: passes on the sum, and on no two losses
    ("-300000000", "300000000", ("pass", "0", ">=", "0")),
    ("-300000001", "300000000", ("fail", "-1", ">=", "0")),
    ("10000000000", "10000000000", ("pass", "20000000000", ">=", "0")),
    # two losses: the sum decides too, and is shown as written before the losses under its not
    ("-1", "-1", ("fail", "-2", ">=", "0")),
])
def test_profitability_shows_the_comparison_that_decided(tmp_path: Path, y1: str, y2: str,
                                                          expected: tuple[str, ...]) -> None:
    rows = [company("100001", net_income_krw_y1=y1, net_income_krw_y2=y2), company("100002")]
    assert _shown(_results(tmp_path, rows)["100001"][PROFITABILITY]) == expected


@pytest.mark.parametrize("fields, expected", [
    # a dividend each year: the first year's dividend shown, not the cancellations of zero beside it
    ({}, ("pass", "10000000000", ">", "0")),
    # no dividend in year 1 but a cancellation: the cancellation decided that year
    ({"dividend_krw_y1": 0, "treasury_cancelled_krw_y1": 5}, ("pass", "5", ">", "0")),
    # nothing returned in year 2: the year that failed, not year 1 that held
    ({"dividend_krw_y2": 0}, ("fail", "0", ">", "0")),
])
def test_shareholder_return_shows_the_comparison_that_decided(tmp_path: Path, fields: dict[str, Any],
                                                              expected: tuple[str, ...]) -> None:
    rows = [company("100001", **fields), company("100002")]
    assert _shown(_results(tmp_path, rows)["100001"][RETURN]) == expected


def test_valuation_shows_the_ranking_that_passed_overall_or_within_the_group(tmp_path: Path) -> None:
    """Four companies: IT's two rank 1 and 2 overall by PBR, Energy's two 3 and 4. Energy's first
    fails overall (3/4) and passes within its group (1/2): that is the rank shown."""
    rows = [company("100001", pbr_y1="4", pbr_y2="4"), company("100002", pbr_y1="3", pbr_y2="3"),
            company("200001", industry_group="Energy", pbr_y1="2", pbr_y2="2"),
            company("200002", industry_group="Energy", pbr_y1="1", pbr_y2="1")]
    results = _results(tmp_path, rows)
    passed = results["200001"][VALUATION]
    assert _shown(passed) == ("pass", "2", "<=", "0.50")
    assert (passed["rank"], passed["rank_ratio"], passed["group"]) == (1, "0.5", "Energy")
    overall = results["100001"][VALUATION]  # 1/4 overall and 1/2 in IT: both decided, the first shown
    assert (overall["rank_ratio"], overall.get("group")) == ("0.25", None)
    failed = results["200002"][VALUATION]  # 4/4 and 2/2: both decided
    assert _shown(failed) == ("fail", "1", "<=", "0.50") and failed["rank_ratio"] == "1"


def test_a_special_inclusion_shows_the_figure_of_the_ranking_it_met_or_failed(tmp_path: Path) -> None:
    """The inclusion's figure is the disclosure date, but what decided is a ranking: its figure is
    the one shown beside the rank and threshold (the trading value of the company that failed on
    it, the market cap of the one included)."""
    early = {"value_up_disclosed_on": "2024-06-01"}
    rows = [company("100001", 10**13, trading_value_krw=1, **early), company("100002", 10**12, **early),
            *[company(f"1000{n:02d}", 10**11) for n in range(3, 10)]]
    results = _results(tmp_path, rows)
    failed = results["100001"][SPECIAL]
    assert _shown(failed) == ("fail", "1", "<=", "0.80") and failed["rank_ratio"] == "1"
    passed = results["100002"][SPECIAL]
    assert _shown(passed) == ("pass", "1000000000000", "<=", "700") and passed["rank"] == 2


def test_a_special_inclusion_kept_by_its_date_shows_the_date(tmp_path: Path) -> None:
    """Kept in by the previous review's special_until (the market-cap and trading-value tests
    beside it, met or not, did not decide): the date compared with the review date is shown."""
    rows = [company("100001", trading_value_krw=1, value_up_disclosed_on="2024-06-01"),
            *[company(f"1000{n:02d}", 10**11) for n in range(2, 10)]]
    result = _results(tmp_path, rows, previous="code,special_until\n100001,2025-06-13\n")["100001"][SPECIAL]
    assert _shown(result) == ("pass", "2025-06-13", ">=", "2024-09-23")


def test_a_special_inclusion_failed_on_two_losses_alone_shows_what_would_have_passed(tmp_path: Path) -> None:
    """Not a loss in both years is a not over two losses: a year's loss decided, shown as the
    comparison it failed (net income >= 0), so that a fail never reads as a comparison that holds."""
    rows = [company("100001", net_income_krw_y1=-5, net_income_krw_y2=-3, value_up_disclosed_on="2024-06-01"),
            *[company(f"1000{n:02d}", 10**11) for n in range(2, 10)]]
    result = _results(tmp_path, rows)["100001"][SPECIAL]
    assert _shown(result) == ("fail", "-5", ">=", "0")


def test_an_exclusion_of_two_conditions_shows_the_one_that_applied(tmp_path: Path) -> None:
    rows = [company("100001", market="KONEX"), company("100002", share_class="preferred"), company("100003")]
    results = _results(tmp_path, rows)
    assert _shown(results["100001"][COMMON]) == ("fail", "KONEX", "not_in", ["KOSPI", "KOSDAQ"])
    assert _shown(results["100002"][COMMON]) == ("fail", "preferred", "!=", "common")
    assert _shown(results["100003"][COMMON]) == ("pass", "common", "!=", "common")  # neither applies: both decided
