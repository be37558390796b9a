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
    assert shuffled["005930"].location.line == 3  # the row of the issue's first date


def test_an_issue_is_placed_at_the_row_of_its_first_date_whatever_the_order_of_the_rows(in_tmp: Path, write) -> None:
    """What a late or missing series is reported at is the same row, however the rows are ordered:
    the row of the issue's first date, not whichever of its rows the file happens to give first."""
    for rows in (ROWS, ROWS[::-1], [ROWS[4], ROWS[3], ROWS[0], ROWS[5], ROWS[2], ROWS[1]]):
        series = load(write, rows).series
        for code in ("005930", "000660"):
            line = series[code].location.line
            assert rows[line - 2].startswith(f"2024-10-29,{code},"), (rows, code, line)


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
                                           ("1" * 19, "larger than any plausible amount"),
                                           ("8.94E+11", "'8.94E+11' is written in a spreadsheet's scientific notation")])
def test_a_bad_amount_is_reported_at_its_cell(in_tmp: Path, write, cell: str, message: str) -> None:
    with pytest.raises(InputError) as raised:
        load(write, [*ROWS, f"2024-10-28,005930,{cell},1"])
    (problem,) = raised.value.problems
    assert (problem.location.line, problem.location.column) == (8, 19)
    assert message in problem.message


SPELLINGS = ["1000", "000123", "1" * 18, "1" * 19, "100.5", "5.50", "7e9", "7E9", "1,000", "70억원", "KRW 7bn",
             " 1000", "1000 ", "\t1000", "1_000", "1_000.5", "+5", "5.", ".5", "-0", "-0.0", "１２３", "١٢٣", "NaN",
             "Infinity", "1e-40", "0." + "0" * 30 + "1", "0." + "0" * 29 + "1", "1" * 31, "0x10", "5 원", ""]


@pytest.mark.parametrize("cell", SPELLINGS, ids=repr)
def test_market_data_reads_an_amount_exactly_as_the_money_reader_does(cell: str) -> None:
    """The market-data path may be faster than the general money reader, never more lenient:
    the same spellings are accepted, as the same amounts, and the same are refused."""
    from etf_listing.loading import load as loading, tables

    def outcome(read):  # type: ignore[no-untyped-def]
        try:
            amount = read(cell)
        except ValueError as error:
            return "refused", str(error)
        return "read", Decimal(amount), str(Decimal(amount))

    assert outcome(loading._amount) == outcome(tables.money)


def test_a_spelling_python_accepts_but_money_does_not_is_refused_in_market_data(in_tmp: Path, write) -> None:
    with pytest.raises(InputError) as raised:
        load(write, [*ROWS, "2024-10-28,005930,1_000,1"])
    (problem,) = raised.value.problems
    assert (problem.location.line, problem.location.column) == (8, 19)
    assert "'1_000' is not an amount of KRW" in problem.message
