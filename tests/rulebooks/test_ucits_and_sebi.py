"""The UCITS and SEBI rulebooks, written in YAML alone, on their shipped examples and on the cases
their daily-data rules needed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
import json
from pathlib import Path

import pytest

from etf_listing.cli import main
from etf_listing.evaluation import evaluate
from etf_listing.loading.load import Loader
from etf_listing.rulebook import load_rulebook
from tests.loading.test_holdings import FUND

EXPECTED = {
    ("ucits-diversification", "examples/ucits/index-fund/product.yaml"): {},
    ("ucits-diversification", "examples/ucits/active-fund/product.yaml"): {},
    ("ucits-diversification", "examples/ucits/failing/five-ten-forty/product.yaml"):
        {"ucits.art52.large_issuers_total": ["Example Issuer 01", "Example Issuer 02", "Example Issuer 03",
                                             "Example Issuer 04", "Example Issuer 05"]},
    ("ucits-diversification", "examples/ucits/failing/issuer-above-ten/product.yaml"):
        {"ucits.art52.issuer_limit": ["Example Issuer 01"]},
    ("sebi-equity-etf-index", "examples/sebi/broad-index/product.yaml"): {},
    ("sebi-equity-etf-index", "examples/sebi/sectoral-index/product.yaml"): {},
    ("sebi-equity-etf-index", "examples/sebi/failing/top-three-above-65/product.yaml"):
        {"sebi.index.top_three": ["IN0000", "IN0001", "IN0002"]},
    ("sebi-equity-etf-index", "examples/sebi/failing/illiquid-stocks/product.yaml"):
        {"sebi.index.trading_frequency": ["IN0018"], "sebi.index.impact_cost": ["IN0019"]},
}


@pytest.mark.parametrize("rulebook, product", sorted(EXPECTED))
def test_the_examples_of_the_other_rulebooks(rulebook: str, product: str, in_repository: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["--rules", rulebook, product, "--format", "json"])
    (report,) = json.loads(capsys.readouterr().out)["reports"]
    failing = {r["rule"]: [i.get("code") if "code" in i else i["name"] for i in r["items"]]
               for r in report["results"] if r["status"] in ("fail", "error")}
    assert failing == EXPECTED[(rulebook, product)]
    assert status == (1 if failing else 0)


def test_sebi_allows_35_percent_only_for_a_sectoral_index(in_repository: Path) -> None:
    product = Loader().load_product("examples/sebi/sectoral-index/product.yaml")
    assert product.index.sectoral is True
    results = {r.rule_id: r for r in evaluate(product, load_rulebook("sebi-equity-etf-index")).results}
    assert results["sebi.index.single_stock"].status == "pass"
    assert str(results["sebi.index.single_stock"].threshold) == "0.35"


def _frequency(write, trading_days: list[dt.date], value=lambda n, code: 1000):
    """SEBI's trading frequency of ten stocks with daily rows on ``trading_days`` (trading value
    ``value(n, code)`` on the n-th), counted from the series (no traded_days_ratio given)."""
    rows = ["date,code,market_cap_krw,trading_value_krw"]
    rows += [f"{day},S{i:02d},100000,{value(n, f'S{i:02d}')}" for n, day in enumerate(trading_days) for i in range(10)]
    write("market_data.csv", "\n".join(rows) + "\n")
    write("constituents.csv", "code,name,market,weight,impact_cost\n" +
          "".join(f"S{i:02d},Stock {i},foreign_exchange,0.1,0.001\n" for i in range(10)))
    write("index.yaml", "kind: etf-index\nschema_version: 1\nname: T\nasset_class: equity\nweighting: market_cap\n"
                        "constituents: constituents.csv\nmarket_data: market_data.csv\n")
    write("product.yaml", f"kind: etf-product\nschema_version: 1\nname: T\nas_of: {trading_days[-1]}\n"
                          "underlying: {index: index.yaml}\n")
    results = evaluate(Loader().load_product("product.yaml"), load_rulebook("sebi-equity-etf-index")).results
    return next(r for r in results if r.rule_id == "sebi.index.trading_frequency")


def test_trading_frequency_is_counted_from_the_daily_series_when_not_given(in_tmp: Path, write) -> None:
    days = [dt.date(2024, 7, 1) + dt.timedelta(days=i) for i in range(184)]
    # S09 trades on 3 of every 4 days: 75%, below SEBI's 80%
    frequency = _frequency(write, [d for d in days if d.weekday() < 5],
                           lambda n, code: 0 if code == "S09" and n % 4 == 3 else 1000)
    assert frequency.status == "fail"
    assert [i.identity["code"] for i in frequency.items] == ["S09"]
    assert frequency.observed < frequency.threshold


@pytest.mark.parametrize("hole_days, status", [(14, "pass"), (15, "error")])
def test_trading_frequency_is_not_counted_over_a_hole_in_every_stock_s_data(in_tmp: Path, write, hole_days: int,
                                                                           status: str) -> None:
    """Counted from the daily series, the index's trading days are the days its data has: a month
    lost for every stock would count the 80% over the rest. Up to max_gap_days (14) calendar days
    without any row are holidays; 15 are a hole."""
    days = [dt.date(2024, 7, 1) + dt.timedelta(days=i) for i in range(184)]
    first_missing = dt.date(2024, 9, 5)  # a Thursday: the hole runs from it for hole_days days, to a weekday
    hole = {first_missing + dt.timedelta(days=i) for i in range(hole_days)}
    frequency = _frequency(write, [d for d in days if d.weekday() < 5 and d not in hole])
    assert frequency.status == status, frequency.message["en"]
    if status == "error":
        assert "no day from 2024-09-05 to 2024-09-19 (15 calendar days; at most 14" in frequency.message["en"]


@pytest.mark.parametrize("saturdays", [False, True])
def test_with_a_trading_calendar_only_its_days_count_as_traded(in_tmp: Path, write, saturdays: bool) -> None:
    """A row on a day the index's calendar does not list (a Saturday) is not a trading day: it
    neither raises a stock's count of days traded nor counts as a day (S09 trades on 3 weekdays of
    4, 75%, with or without rows on Saturdays)."""
    days = [dt.date(2024, 7, 1) + dt.timedelta(days=i) for i in range(184)]
    weekdays = [d for d in days if d.weekday() < 5]
    rows = weekdays + ([d for d in days if d.weekday() == 5] if saturdays else [])
    skipped = {d for n, d in enumerate(weekdays) if n % 4 == 3}
    write("calendar.csv", "date\n" + "".join(f"{d}\n" for d in weekdays))
    original = write

    def with_calendar(name: str, text: str) -> None:
        original(name, text + ("calendar: calendar.csv\n" if name == "index.yaml" else ""))

    frequency = _frequency(with_calendar, sorted(rows), lambda n, code: 0 if code == "S09" and sorted(rows)[n] in skipped else 1000)
    assert frequency.status == "fail", frequency.message["en"]
    assert [i.identity["code"] for i in frequency.items] == ["S09"]
    window = [d for d in weekdays if d > dt.date(2024, 6, 30)]  # the six months to 2024-12-31, all weekdays in the calendar
    assert frequency.observed == Decimal(len([d for d in window if d not in skipped])) / Decimal(len(window))


def test_trading_frequency_needs_the_index_data_to_cover_the_window(in_tmp: Path, write) -> None:
    # daily data that starts two months into SEBI's six-month window cannot show trading frequency
    days = [dt.date(2024, 9, 2) + dt.timedelta(days=i) for i in range(121)]
    frequency = _frequency(write, [d for d in days if d.weekday() < 5])
    assert frequency.status == "error"
    assert "the index's market data starts 2024-09-02" in frequency.message["en"]


# A fund as the holdings' loading tests write it, its holdings in a CSV file beside it.
UCITS_FUND = FUND.replace("holdings:\n", "holdings: holdings.csv\n")


def ucits_results(write, holdings: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, dict]]:
    """The UCITS results, by rule, of a fund with the holdings file ``holdings`` (CSV), as JSON."""
    write("product.yaml", UCITS_FUND)
    write("holdings.csv", "code,name,issuer,issuer_type,weight,group\n" + holdings)
    status = main(["--rules", "ucits-diversification", "product.yaml", "--format", "json"])
    (report,) = json.loads(capsys.readouterr().out)["reports"]
    return status, {r["rule"]: r for r in report["results"]}


def test_art54_reports_the_largest_issue_as_a_share_and_the_issues_as_a_count(
        in_tmp: Path, write, capsys: pytest.CaptureFixture[str]) -> None:
    rows = "".join(f"KTB{i},Korea Treasury {i},Republic of Korea,government,{w},\n"
                   for i, w in enumerate(["0.31", "0.02", "0.02", "0.02", "0.02", "0.02"]))
    status, results = ucits_results(write, rows, capsys)
    issues, largest = results["ucits.art54.government_issues"], results["ucits.art54.largest_government_issue"]
    assert (issues["status"], issues["unit"], issues["observed"]) == ("pass", "count", "6")
    assert (largest["status"], largest["unit"], largest["observed"]) == ("fail", "ratio", "0.31")
    assert status == 1


def test_a_fund_whose_holdings_file_lists_nothing_cannot_be_judged(in_tmp: Path, write,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    status, results = ucits_results(write, "", capsys)  # the header alone
    judged = {rule: r["status"] for rule, r in results.items() if r["status"] != "not_applicable"}
    assert set(judged.values()) == {"error"} and "ucits.art52.issuer_limit" in judged
    assert results["ucits.art52.issuer_limit"]["message"] == "Cannot be decided: product.holdings lists no items"
    line = UCITS_FUND.splitlines().index("holdings: holdings.csv") + 1  # the field that names the holdings
    assert results["ucits.art52.issuer_limit"]["location"] == {"file": "product.yaml", "line": line, "column": 11}
    assert status == 1


def test_art53_s_conditions_on_the_index_are_an_unconfirmed_reading(in_repository: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    # the index's diversification, adequacy and publication are not in the data: a passive fund's
    # index is taken to meet them, and the result says the reading is unconfirmed
    rule = load_rulebook("ucits-diversification").rule("ucits.art53.index_issuer")
    assert rule.confirmed is False
    assert "taken to meet Art. 53's conditions" in rule.requirement["en"]
    assert main(["--rules", "ucits-diversification", "examples/ucits/index-fund/product.yaml", "--format", "json"]) == 0
    (report,) = json.loads(capsys.readouterr().out)["reports"]
    (result,) = [r for r in report["results"] if r["rule"] == "ucits.art53.index_issuer"]
    assert (result["status"], result["confirmed"]) == ("pass", False)


def sebi_results(write, weighting: str, constituents: str, asset_class: str = "equity") -> dict:
    write("constituents.csv", constituents)
    write("index.yaml", f"kind: etf-index\nschema_version: 1\nname: T\nasset_class: {asset_class}\n"
                        f"weighting: {weighting}\nconstituents: constituents.csv\n")
    write("product.yaml", "kind: etf-product\nschema_version: 1\nname: T\nas_of: 2024-12-31\nunderlying: {index: index.yaml}\n")
    return {r.rule_id: r for r in evaluate(Loader().load_product("product.yaml"), load_rulebook("sebi-equity-etf-index")).results}


def test_sebi_weighs_an_equal_weighted_index_without_weights_equally(in_tmp: Path, write) -> None:
    # 21 stocks, one with a market cap of half the total: equal weighting gives each 1/21
    rows = "code,name,market,impact_cost,traded_days_ratio,market_cap_krw\n" + "".join(
        f"S{i:02d},Stock {i},foreign_exchange,0.001,1,{2000 if i == 0 else 100}\n" for i in range(21))
    results = sebi_results(write, "equal", rows)
    single = results["sebi.index.single_stock"]
    assert (single.status, single.observed) == ("pass", Decimal(1) / 21)
    assert results["sebi.index.top_three"].observed == Decimal(3) / 21
    market_cap = sebi_results(write, "market_cap", rows)["sebi.index.single_stock"]
    assert (market_cap.status, market_cap.observed) == ("fail", Decimal("0.5"))
    capped = sebi_results(write, "capped_market_cap", rows)["sebi.index.single_stock"]
    assert capped.status == "error" and "weight" in capped.message["en"]


def test_sebi_does_not_mix_given_weights_with_market_cap(in_tmp: Path, write) -> None:
    rows = "code,name,market,weight,impact_cost,traded_days_ratio,market_cap_krw\n" + "".join(
        f"S{i:02d},Stock {i},foreign_exchange,{'' if i == 12 else '0.08'},0.001,1,100\n" for i in range(13))
    single = sebi_results(write, "free_float_market_cap", rows)["sebi.index.single_stock"]
    assert single.status == "error"
    assert "S12" in single.message["en"] and "S11" not in single.message["en"]


def test_sebi_does_not_judge_a_bond_index_under_the_equity_norms(in_tmp: Path, write) -> None:
    rows = "code,name,market,weight,impact_cost,traded_days_ratio,market_cap_krw\n" + "".join(
        f"S{i:02d},Stock {i},foreign_exchange,0.05,0.001,1,100\n" for i in range(20))
    results = sebi_results(write, "market_cap", rows, asset_class="bond")
    assert results["sebi.index.equity_index"].status == "fail"
    assert "bond" in results["sebi.index.equity_index"].message["en"]
    assert {r.status for rule, r in results.items() if rule != "sebi.index.equity_index"} == {"not_applicable"}


# Thirteen issuers, weights adding up to 1 with the two swaps: 4 at 10%, 8 at 5%, 1 at the rest.
_FILLER = ("".join(f"S{i},share {i},Issuer {i},corporate,0.10,\n" for i in range(1, 5))
           + "".join(f"S{i},share {i},Issuer {i},corporate,0.05,\n" for i in range(5, 13)))


@pytest.mark.parametrize("credit, other, failing", [
    ("0.10", "0.05", []),  # both exactly at their limits
    ("0.11", "0.05", ["BankC"]),
    ("0.10", "0.06", ["CP"]),
    ("0.11", "0.06", ["BankC", "CP"]),  # both checks fail: both offenders, both messages
])
def test_otc_counterparties_of_both_kinds_are_each_named(in_tmp: Path, write, capsys: pytest.CaptureFixture[str],
                                                         credit: str, other: str, failing: list[str]) -> None:
    rest = Decimal(1) - Decimal("0.80") - Decimal(credit) - Decimal(other)
    holdings = (_FILLER + f"S13,share 13,Issuer 13,corporate,{rest},\n"
                f"SW1,swap with BankC,BankC,derivative_credit_institution,{credit},\n"
                f"SW2,swap with CP,CP,derivative_other,{other},\n")
    _, results = ucits_results(write, holdings, capsys)
    otc = results["ucits.art52.otc_counterparty"]
    assert otc["status"] == ("fail" if failing else "pass")
    assert [item["name"] for item in otc["items"]] == failing
    if len(failing) == 2:
        assert "to credit institution(s): BankC 11.00%." in otc["message"]
        assert "other than credit institutions: CP 6.00%." in otc["message"]


def test_a_waiver_of_one_counterparty_leaves_the_other_s_breach_failed(in_tmp: Path, write,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    holdings = (_FILLER + "S13,share 13,Issuer 13,corporate,0.03,\n"
                "SW1,swap with BankC,BankC,derivative_credit_institution,0.11,\n"
                "SW2,swap with CP,CP,derivative_other,0.06,\n")
    write("waivers.yaml", "kind: etf-waivers\nschema_version: 1\nwaivers:\n  - rule: ucits.art52.otc_counterparty\n"
                          "    reason: r\n    approved_by: a\n    expires: 2099-01-01\n    items: [BankC]\n")
    write("product.yaml", UCITS_FUND)
    write("holdings.csv", "code,name,issuer,issuer_type,weight,group\n" + holdings)
    status = main(["--rules", "ucits-diversification", "product.yaml", "--format", "json", "--waivers", "waivers.yaml"])
    (report,) = json.loads(capsys.readouterr().out)["reports"]
    otc = next(r for r in report["results"] if r["rule"] == "ucits.art52.otc_counterparty")
    assert status == 1 and otc["status"] == "fail" and report["eligible"] is False
    assert "CP not named" in report["notices"][-1]["message"]


@pytest.mark.parametrize("credit, shown", [("0.01", "to another counterparty is 5.00%"),  # the other is nearer its limit
                                           ("0.10", "to a credit institution is 10.00%"),  # both at it: the first
                                           ("0", "to another counterparty is 5.00%")])  # no credit institution's figure
def test_a_passing_rule_of_two_checks_reports_the_figure_nearest_its_limit(in_tmp: Path, write, capsys: pytest.CaptureFixture[str],
                                                                          credit: str, shown: str) -> None:
    rest = Decimal(1) - Decimal("0.80") - Decimal(credit) - Decimal("0.05")
    holdings = (_FILLER + f"S13,share 13,Issuer 13,corporate,{rest},\n"
                + (f"SW1,swap with BankC,BankC,derivative_credit_institution,{credit},\n" if credit != "0" else "")
                + "SW2,swap with CP,CP,derivative_other,0.05,\n")
    _, results = ucits_results(write, holdings, capsys)
    otc = results["ucits.art52.otc_counterparty"]
    assert otc["status"] == "pass" and shown in otc["message"], otc["message"]
    assert Decimal(otc["headroom"]) == 0  # the near miss is told


def test_an_issuer_of_several_rows_is_reported_at_the_same_row_whatever_their_order(
        in_tmp: Path, write, capsys: pytest.CaptureFixture[str]) -> None:
    """An issuer (or a group) is placed at its first holding by code, not at whichever of its rows
    the file gives first: shuffling the rows moves the line, never the row pointed at."""
    rows = [f"{code},{code} share,{issuer},corporate,{weight},{group}\n" for code, issuer, weight, group in (
        ("A2", "Issuer A", "0.04", ""), ("A1", "Issuer A", "0.04", ""), ("A3", "Issuer A", "0.04", ""),
        ("B2", "Issuer B", "0.06", "G"), ("B1", "Issuer B", "0.06", "G"), ("C1", "Issuer C", "0.10", "G"),
        ("D1", "Issuer D", "0.30", ""), ("D2", "Issuer D", "0.30", ""))]
    pointed: set[tuple[str, ...]] = set()
    for order in (rows, rows[::-1], rows[3:] + rows[:3]):
        status, results = ucits_results(write, "".join(order), capsys)
        assert status == 1
        found = []
        for rule in ("ucits.art52.issuer_limit", "ucits.art52.combined_body"):
            result = results[rule]
            assert result["status"] == "fail" and result["items"], rule
            found += [order[item["location"]["line"] - 2].split(",")[0] for item in result["items"]]
            found.append(order[result["location"]["line"] - 2].split(",")[0])
        pointed.add(tuple(found))
    assert pointed == {("D1", "A1", "B1", "D1", "D1", "B1", "D1")}  # (D, A, B; D and the group G)
