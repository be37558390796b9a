"""The daily market-data CSV, read by the loader's fast path: exact amounts, any row order,
duplicate and bad rows reported with their lines."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from etf_listing.errors import InputError
from etf_listing.loading.load import Loader

INDEX = """\
kind: etf-index
schema_version: 1
name: Test index
asset_class: equity
weighting: market_cap
constituents: constituents.csv
market_data: market_data.csv
"""
PRODUCT = """\
kind: etf-product
schema_version: 1
name: Test ETF
as_of: 2024-10-31
underlying:
  index: index.yaml
"""


def load(write, rows: list[str]):
    write("index.yaml", INDEX)
    write("product.yaml", PRODUCT)
    write("constituents.csv", "code,name,market\n005930,삼성전자,KOSPI\n000660,SK하이닉스,KOSPI\n")
    write("market_data.csv", "date,code,market_cap_krw,trading_value_krw\n" + "".join(r + "\n" for r in rows))
    return Loader().load_product("product.yaml").index


ROWS = ["2024-10-29,005930,100,7", "2024-10-29,000660,50,3", "2024-10-30,005930,110,8",
        "2024-10-30,000660,55,4", "2024-10-31,005930,120,9", "2024-10-31,000660,60,5"]


def test_rows_in_any_order_give_the_same_series(in_tmp: Path, write) -> None:
    in_order = load(write, ROWS).series
    shuffled = load(write, [ROWS[5], ROWS[0], ROWS[3], ROWS[4], ROWS[1], ROWS[2]]).series
    for code in ("005930", "000660"):
        assert shuffled[code].dates == in_order[code].dates
        assert shuffled[code].market_cap_krw == in_order[code].market_cap_krw
        assert shuffled[code].trading_value_krw == in_order[code].trading_value_krw
    assert in_order["005930"].market_cap_krw == (100, 110, 120)
    assert shuffled["005930"].location.line == 3  # the issue's first row in the file


def test_amounts_are_exact_in_every_spelling(in_tmp: Path, write) -> None:
    series = load(write, ["2024-10-30,005930,100.5,70억원", "2024-10-31,005930,7e9,\"1,000\"",
                          "2024-10-31,000660,000123,0"]).series
    assert series["005930"].market_cap_krw == (Decimal("100.5"), Decimal("7e9"))
    assert series["005930"].trading_value_krw == (Decimal(7 * 10**9), Decimal(1000))
    assert series["000660"].market_cap_krw == (123,)


def test_a_date_given_twice_for_an_issue_names_both_lines(in_tmp: Path, write) -> None:
    with pytest.raises(InputError) as raised:
        load(write, [*ROWS, "2024-10-30,005930,999,9"])
    (problem,) = raised.value.problems
    assert problem.location.line == 8
    assert "005930 has two rows for 2024-10-30 (first at line 4)" in problem.message


@pytest.mark.parametrize("cell, message", [("-5", "negative"), ("12abc", "not an amount"),
                                           ("1" * 19, "larger than any plausible amount")])
def test_a_bad_amount_is_reported_at_its_cell(in_tmp: Path, write, cell: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        load(write, [*ROWS, f"2024-10-28,005930,{cell},1"])
    (problem,) = raised.value.problems
    assert (problem.location.line, problem.location.column) == (8, 19)
    assert message in problem.message
