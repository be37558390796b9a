"""The Korea Value-up Index screen's cases exactly at its lines: a screen is not a product, so its
rules are not run by ``etf-check test``; these cases are its rule tests. Each is a universe and the
status it expects of named companies at named rules (``tests/rulebooks/test_rule_boundaries.py``
screens every case, checks what it expects, and proves that together they put a figure exactly on
every line the methodology draws with an ordering operator).

Each case's name says what it shows; a company beside it on the other side of the line shows that
the line is where the case says. (The weighting's 15% cap is not a condition a company meets but
the weights the screen makes: its line is shown in test_value_up_stages.py.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from etf_listing.loading.universe import load_universe
from etf_listing.screening.evaluate import ScreenReport, screen
from etf_listing.screening.methodology import Methodology

from .builders import company, many, universe_file

NEW_LISTING, FREE_FLOAT = "valueup.universe.new_listing", "valueup.universe.free_float"
MARKET_CAP, PROFITABILITY = "valueup.stage.market_cap", "valueup.stage.profitability"
RETURN, VALUATION = "valueup.stage.shareholder_return", "valueup.stage.valuation"
SPECIAL = "valueup.special.early_disclosure"


@dataclass(frozen=True)
class ScreenCase:
    name: str
    rows: list[dict[str, Any]]
    expect: dict[str, dict[str, str]]  # company code -> rule id -> status
    as_of: str = "2024-09-23"
    previous: str | None = None  # previous_constituents, as CSV

    def screened(self, folder: Path, methodology: Methodology) -> ScreenReport:
        path = universe_file(folder, self.rows, self.previous, self.as_of)
        return screen(load_universe(str(path)), methodology)


def _with(rows: list[dict[str, Any]], **changes: dict[str, Any]) -> list[dict[str, Any]]:
    """``rows`` with the fields of the companies named (by code) changed."""
    for row in rows:
        row.update(changes.get(row["code"], {}))
    return rows


def _pbr(*members: tuple[str, str, str]) -> list[dict[str, Any]]:
    """Companies of (code, PBR of both years, industry group)."""
    return [company(code, pbr_y1=pbr, pbr_y2=pbr, industry_group=group) for code, pbr, group in members]


VALUE_UP: list[ScreenCase] = [
    ScreenCase("a company listed exactly 12 months before the review date is not a new listing; a day later it is",
               [company("000001", listed_on="2023-09-23"), company("000002", listed_on="2023-09-24")],
               {"000001": {NEW_LISTING: "pass"}, "000002": {NEW_LISTING: "fail"}}),
    ScreenCase("a free-float ratio of exactly 10% is not below 10%; 9.99% is",
               [company("000001", free_float_ratio="0.10"), company("000002", free_float_ratio="0.0999")],
               {"000001": {FREE_FLOAT: "pass"}, "000002": {FREE_FLOAT: "fail"}}),
    ScreenCase("market-cap rank 400 passes stage 1; rank 401 does not",
               many(401), {"000400": {MARKET_CAP: "pass"}, "000401": {MARKET_CAP: "fail"}}),
    ScreenCase("net income of exactly zero in each of the two years is no loss, nor is their sum of zero",
               [company("000001", net_income_krw_y1=0, net_income_krw_y2=0),
                company("000002", net_income_krw_y1=-1, net_income_krw_y2=-1)],
               {"000001": {PROFITABILITY: "pass"}, "000002": {PROFITABILITY: "fail"}}),
    ScreenCase("no dividend and no shares cancelled in the latest year (both exactly zero) is no shareholder return",
               [company("000001", dividend_krw_y1=0, treasury_cancelled_krw_y1=0),
                company("000002", dividend_krw_y1=0, treasury_cancelled_krw_y1=1)],
               {"000001": {RETURN: "fail"}, "000002": {RETURN: "pass"}}),
    ScreenCase("no dividend and no shares cancelled in the year before (both exactly zero) is no shareholder return",
               [company("000001", dividend_krw_y2=0, treasury_cancelled_krw_y2=0),
                company("000002", dividend_krw_y2=1, treasury_cancelled_krw_y2=0)],
               {"000001": {RETURN: "fail"}, "000002": {RETURN: "pass"}}),
    # Overall 00000C ranks 2nd of 4 (exactly 50%); in IT (A, C, D) 2nd of 3 (67%).
    ScreenCase("a PBR rank ratio of exactly 50% overall passes stage 4, though not within the industry group",
               _pbr(("00000A", "4", "IT"), ("00000B", "3", "energy"), ("00000C", "3.5", "IT"), ("00000D", "1", "IT")),
               {"00000C": {VALUATION: "pass"}, "00000D": {VALUATION: "fail"}}),
    # Overall 00000C ranks 3rd of 5 (60%); in energy (B, C, D, E) 2nd of 4 (exactly 50%).
    ScreenCase("a PBR rank ratio of exactly 50% within the industry group passes stage 4, though not overall",
               _pbr(("00000A", "9", "IT"), ("00000B", "8", "energy"), ("00000C", "2", "energy"),
                    ("00000D", "1", "energy"), ("00000E", "0.5", "energy")),
               {"00000C": {VALUATION: "pass"}, "00000D": {VALUATION: "fail"}}),
    ScreenCase("a value-up plan disclosed on the cut-off day, which is also the review date, qualifies for special inclusion",
               _with(many(5), **{"000001": {"value_up_disclosed_on": "2024-09-23"},
                                 "000002": {"value_up_disclosed_on": "2024-09-24"}}),
               {"000001": {SPECIAL: "pass"}, "000002": {SPECIAL: "not_applicable"}}),
    ScreenCase("a special inclusion kept until exactly the review date is still kept, though the company now has two losses",
               _with(many(5), **{"000001": {"net_income_krw_y1": -1, "net_income_krw_y2": -1},
                                 "000002": {"net_income_krw_y1": -1, "net_income_krw_y2": -1}}),
               {"000001": {SPECIAL: "pass"}, "000002": {SPECIAL: "not_applicable"}},
               previous="code,name,special_until\n000001,Company 000001,2024-09-23\n000002,Company 000002,2024-09-22\n"),
    ScreenCase("a discloser at market-cap rank 700 qualifies for special inclusion; at rank 701 it does not",
               _with(many(701), **{code: {"value_up_disclosed_on": "2024-09-23", "trading_value_krw": 10**13}
                                   for code in ("000700", "000701")}),
               {"000700": {SPECIAL: "pass"}, "000701": {SPECIAL: "fail"}}),
    ScreenCase("net income of exactly zero in one year is no loss for special inclusion, beside a loss in the other",
               _with(many(10), **{"000001": {"value_up_disclosed_on": "2024-09-01", "net_income_krw_y1": 0,
                                             "net_income_krw_y2": "-50억원"},
                                  "000002": {"value_up_disclosed_on": "2024-09-01", "net_income_krw_y1": "-50억원",
                                             "net_income_krw_y2": 0},
                                  "000003": {"value_up_disclosed_on": "2024-09-01", "net_income_krw_y1": -1,
                                             "net_income_krw_y2": "-50억원"}}),
               {"000001": {SPECIAL: "pass"}, "000002": {SPECIAL: "pass"}, "000003": {SPECIAL: "fail"}}),
    ScreenCase("a trading-value rank ratio of exactly 80% qualifies for special inclusion; 100% does not",
               _with(many(5), **{"000004": {"value_up_disclosed_on": "2024-09-01"},
                                 "000005": {"value_up_disclosed_on": "2024-09-01"}}),
               {"000004": {SPECIAL: "pass"}, "000005": {SPECIAL: "fail"}}),
]

CASES = {"korea-value-up-index": VALUE_UP}  # by methodology id
