"""Universe files: inline rows read as CSV rows are, the file's kind checked, previous constituents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from etf_listing.errors import InputError
from etf_listing.loading.universe import load_universe


def test_inline_rows_read_as_a_csv_does(write) -> None:  # type: ignore[no-untyped-def]
    path = write("universe.yaml", """
        kind: index-universe
        schema_version: 1
        name: inline
        as_of: 2024-09-23
        companies:
          - {code: '005930', name: 가전자, market: KOSPI, market_cap_krw: '5,000억원', net_income_krw_y1: -12억원,
             roe_y1: 12%, pbr_y1: 1.35, free_float_ratio: 35%, administrative_issue: no, listed_on: 2000-01-04}
        previous_constituents:
          - {code: '005930', special_until: 2025-06-13}
        """)
    universe = load_universe(str(path))
    (company,) = universe.companies
    assert company.market_cap_krw == Decimal("500000000000") and company.net_income_krw_y1 == Decimal("-1200000000")
    assert company.roe_y1 == Decimal("0.12") and company.free_float_ratio == Decimal("0.35")
    assert company.administrative_issue is False and company.listed_on == dt.date(2000, 1, 4)
    assert company.special_until == dt.date(2025, 6, 13) and company.dividend_krw_y1 is None
    assert universe.as_of == dt.date(2024, 9, 23)


def test_an_index_file_is_not_a_universe(write) -> None:  # type: ignore[no-untyped-def]
    path = write("index.yaml", "kind: etf-index\nschema_version: 1\n")
    with pytest.raises(InputError) as caught:
        load_universe(str(path))
    assert str(caught.value.problems[0]) == (f"{path}:1:7: not a universe file (kind: 'etf-index') "
                                             "(this is an index file: a screen reads the companies an index is chosen from)")


def test_a_previous_constituent_listed_twice_is_refused(write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write("previous.csv", "code,special_until\n000001,\n000001,2025-01-01\n")
    write("companies.csv", "code,name,market\n000001,A,KOSPI\n")
    path = write("universe.yaml", "kind: index-universe\nschema_version: 1\nname: u\ncompanies: companies.csv\n"
                                  "previous_constituents: previous.csv\n")
    with pytest.raises(InputError) as caught:
        load_universe(str(path))
    assert "previous.csv:3:1: the code 000001 is listed twice (first at line 2)" in str(caught.value)


@pytest.mark.parametrize("previous, companies, refused", [
    # the list before lost the zeros: 005930 would count as an addition and 5930 as a deletion
    ("code,special_until\n5930,2025-06-13\n000660,\n", "code,name,market\n005930,가전자,KOSPI\n000660,하이닉스,KOSPI\n",
     "previous.csv:2:1: code: '5930' is not a code of the universe; did you mean 005930 (가전자)?"),
    # the universe lost them
    ("code,special_until\n005930,\n", "code,name,market\n5930,가전자,KOSPI\n000660,하이닉스,KOSPI\n",
     "companies.csv:2:1: code: '5930' is not a KRX short code; did you mean 005930?"),
])
def test_a_code_that_lost_its_leading_zeros_in_one_list_is_refused(write, previous: str, companies: str,  # type: ignore[no-untyped-def]
                                                                    refused: str) -> None:
    write("previous.csv", previous)
    write("companies.csv", companies)
    path = write("universe.yaml", "kind: index-universe\nschema_version: 1\nname: u\ncompanies: companies.csv\n"
                                  "previous_constituents: previous.csv\n")
    with pytest.raises(InputError) as caught:
        load_universe(str(path))
    (problem,) = caught.value.problems
    assert f"{problem.location}: {problem.message}".endswith(refused) and "keep the column as text" in (problem.hint or "")


def test_a_short_code_of_another_market_in_the_list_before_is_kept(write) -> None:  # type: ignore[no-untyped-def]
    """Only a code of the universe is recognised: a previous constituent that left the market stays a deletion."""
    write("previous.csv", "code,special_until\n7203,\n005930,\n")
    write("companies.csv", "code,name,market\n005930,가전자,KOSPI\n")
    path = write("universe.yaml", "kind: index-universe\nschema_version: 1\nname: u\ncompanies: companies.csv\n"
                                  "previous_constituents: previous.csv\n")
    universe = load_universe(str(path))
    assert [p.code for p in universe.previous_constituents or ()] == ["005930", "7203"]
