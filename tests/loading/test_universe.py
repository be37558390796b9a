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


@pytest.mark.parametrize("codes, refused", [
    # the second row lost the zeros, or the first did: refused at the second, naming the first
    (("005930", "5930"), "companies.csv:3:1: the code 5930 is listed twice: line 2 writes it 005930, with its leading zeros"),
    (("5930", "005930"), "companies.csv:3:1: the code 005930 is listed twice: line 2 writes it 5930, without its leading zeros"),
    (("000660", "660"), "companies.csv:3:1: the code 660 is listed twice: line 2 writes it 000660, with its leading zeros"),
    (("05930", "005930"), "companies.csv:3:1: the code 005930 is listed twice: line 2 writes it 05930, without its leading zeros"),
])
def test_a_code_with_and_without_its_leading_zeros_in_the_company_list_is_one_company_listed_twice(  # type: ignore[no-untyped-def]
        write, codes: tuple[str, str], refused: str) -> None:
    """Two otherwise identical rows would be screened, and selected, as two companies."""
    write("companies.csv", "code,name,market\n" + "".join(f"{code},가전자,KOSPI\n" for code in codes))
    path = write("universe.yaml", "kind: index-universe\nschema_version: 1\nname: u\ncompanies: companies.csv\n")
    with pytest.raises(InputError) as caught:
        load_universe(str(path))
    (problem,) = caught.value.problems
    assert f"{problem.location}: {problem.message}".endswith(refused)
    assert "write one row per company" in (problem.hint or "") and "keep the column as text" in (problem.hint or "")
    assert "두 번 나옵니다" in (problem.ko or "")


def test_codes_of_six_digits_or_of_letters_are_never_taken_for_one_another(write) -> None:  # type: ignore[no-untyped-def]
    """Only a number of fewer than six digits lost zeros: 005930, 059300 and 0015G0 are three companies."""
    write("companies.csv", "code,name,market\n005930,A,KOSPI\n059300,B,KOSPI\n0015G0,C,KOSPI\n15G0,D,KOSPI\n")
    path = write("universe.yaml", "kind: index-universe\nschema_version: 1\nname: u\ncompanies: companies.csv\n")
    assert [c.code for c in load_universe(str(path)).companies] == ["0015G0", "005930", "059300", "15G0"]


def test_a_previous_constituent_with_and_without_its_leading_zeros_is_refused(write) -> None:  # type: ignore[no-untyped-def]
    write("previous.csv", "code,special_until\n5930,\n005930,2025-06-13\n")
    write("companies.csv", "code,name,market\n005930,가전자,KOSPI\n")
    path = write("universe.yaml", "kind: index-universe\nschema_version: 1\nname: u\ncompanies: companies.csv\n"
                                  "previous_constituents: previous.csv\n")
    with pytest.raises(InputError) as caught:
        load_universe(str(path))
    assert [f"{p.location}: {p.message}".split("/")[-1] for p in caught.value.problems] == [
        "previous.csv:3:1: the code 005930 is listed twice: line 2 writes it 5930, without its leading zeros"]


def test_inline_rows_with_and_without_the_leading_zeros_are_refused(write) -> None:  # type: ignore[no-untyped-def]
    path = write("universe.yaml", """
        kind: index-universe
        schema_version: 1
        name: inline
        companies:
          - {code: '005930', name: 가전자, market: KOSPI}
          - {code: 5930, name: 가전자, market: KOSPI}
        """)
    with pytest.raises(InputError) as caught:
        load_universe(str(path))
    (problem,) = caught.value.problems
    assert problem.message == "the code 5930 is listed twice: line 5 writes it 005930, with its leading zeros"
    assert (problem.location.line, problem.location.column) == (6, 12)  # the second row's code


def test_a_short_code_of_another_market_in_the_list_before_is_kept(write) -> None:  # type: ignore[no-untyped-def]
    """Only a code of the universe is recognised: a previous constituent that left the market stays a deletion."""
    write("previous.csv", "code,special_until\n7203,\n005930,\n")
    write("companies.csv", "code,name,market\n005930,가전자,KOSPI\n")
    path = write("universe.yaml", "kind: index-universe\nschema_version: 1\nname: u\ncompanies: companies.csv\n"
                                  "previous_constituents: previous.csv\n")
    universe = load_universe(str(path))
    assert [p.code for p in universe.previous_constituents or ()] == ["005930", "7203"]
