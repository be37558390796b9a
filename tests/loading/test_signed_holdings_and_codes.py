"""PDF rows as real PDFs hold them: signed quantities, and index codes written another way.

An inverse ETF holds index futures short (-14 contracts) and a PDF lists payables as negative
cash: those rows are read. An index issue held short is not how a fund replicates its index: an
input error at the quantity's cell. A PDF in ISINs (KR7005930003), with the A prefix of trading
systems (A005930) or with its leading zeros lost to a spreadsheet (5930) still matches an index in
short codes, or says which code was meant.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pytest

from etf_listing.cli import main
from etf_listing.errors import InputError
from etf_listing.loading.codes import isin_check_digit, share_issuer, short_code
from etf_listing.loading.load import Loader
from tests.builders import check, codes, daily, holding, index, product, result, stock

Write = Callable[[str, str], Path]

SAMSUNG, HYNIX = "005930", "000660"
KOSPI10 = [stock(SAMSUNG, name="삼성전자"), stock(HYNIX, name="SK하이닉스"),
           *(stock(f"{100000 + i:06d}") for i in range(8))]


def loaded(directory: Path, document: dict) -> Path:
    from tests.builders import write
    return write(directory, document)


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        Loader(root=str(path.parent)).load_product(str(path))
    return [str(p) for p in caught.value.problems]


# --- signed quantities ----------------------------------------------------------------------------

def test_a_short_futures_row_and_a_cash_payable_are_read(tmp_path: Path) -> None:
    idx = index(KOSPI10)
    pdf = [holding(c) for c in codes(KOSPI10)] + [holding("A0166000", -14, "코스피200 F 202412"),
                                                  holding("KRD010010001", "-1500000", "원화현금")]
    report = check(tmp_path, product(idx, pdf=pdf, linked_assets_ratio="0.99"))
    quantities = {h.code: h.quantity for h in report.product.pdf}
    assert str(quantities["A0166000"]) == "-14" and str(quantities["KRD010010001"]) == "-1500000"
    assert result(report, "krx.pdf.constituent_coverage").status == "pass"


def test_a_short_position_is_a_non_index_holding_for_the_linked_assets_rule(tmp_path: Path) -> None:
    """Held short is held: the rule about assets other than index issues applies to it."""
    idx = index(KOSPI10)
    pdf = [holding(c) for c in codes(KOSPI10)] + [holding("A0166000", -14, "코스피200 F 202412")]
    linked = result(check(tmp_path, product(idx, pdf=pdf)), "krx.pdf.linked_assets")
    assert linked.status == "error"  # it applies, and no share linked to the index is given
    assert "linked_assets_ratio" in linked.message["en"]


def test_an_index_issue_with_a_negative_quantity_is_refused_at_its_cell(tmp_path: Path) -> None:
    pdf = [holding(c) for c in codes(KOSPI10)]
    pdf[1] = holding(HYNIX, -10, "SK하이닉스")
    path = loaded(tmp_path, product(index(KOSPI10), pdf=pdf))
    column = len(f"{HYNIX},SK하이닉스,") + 1  # the quantity's cell
    assert problems(path) == [
        f"{tmp_path / 'pdf.csv'}:3:{column}: quantity: SK하이닉스 (000660) is an index issue; its quantity -10 cannot be "
        "negative (an index issue is held (above 0) or not (0); only other rows (futures, cash, payables) may be negative)"]


def test_an_index_issue_with_a_negative_quantity_inline_is_refused_at_its_place(tmp_path: Path) -> None:
    from tests.builders import write
    pdf = [holding(c) for c in codes(KOSPI10)]
    pdf[0] = holding(SAMSUNG, -1, "삼성전자")
    path = write(tmp_path, product(index(KOSPI10), pdf=pdf), layout="inline")
    found = problems(path)
    assert len(found) == 1 and "삼성전자 (005930) is an index issue; its quantity -1 cannot be negative" in found[0]


def test_the_command_says_where_and_goes_on_with_the_other_files(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.builders import write
    bad, good = tmp_path / "bad", tmp_path / "good"
    bad.mkdir(), good.mkdir()
    pdf = [holding(c) for c in codes(KOSPI10)]
    pdf[0] = holding(SAMSUNG, -1, "삼성전자")
    write(bad, product(index(KOSPI10), pdf=pdf))
    write(good, product(index(KOSPI10)))
    monkeypatch.chdir(tmp_path)
    status = main(["bad/product.yaml", "good/product.yaml"])
    out, err = capsys.readouterr()
    assert status == 2
    assert err.startswith(f"{os.path.join('bad', 'pdf.csv')}:2:")
    assert "시험 ETF" in out  # the good product is still reported


# --- codes written another way --------------------------------------------------------------------

@pytest.mark.parametrize("isin, short", [("KR7005930003", SAMSUNG), ("KR7000660001", HYNIX),
                                         ("KR7035420009", "035420")])
def test_a_korean_share_isin_spells_its_short_code(isin: str, short: str) -> None:
    assert short_code(isin) == short
    assert isin_check_digit(isin[:11]) == int(isin[-1])


@pytest.mark.parametrize("code", ["KR7005930004",  # a wrong check digit: not an ISIN to trust
                                  "KRD010010001",  # KRW cash: a code of its own
                                  "US0378331005",  # not Korean
                                  "A0166000",      # an 8-character derivatives code
                                  "005930", "0015G0", "CASH"])
def test_other_codes_are_their_own(code: str) -> None:
    assert short_code(code) is None


def isin(body: str) -> str:
    return body + str(isin_check_digit(body))


PREFERRED = "005935"  # 삼성전자우: ISIN KR7005931001, whose sixth character is the kind of share, not the code's
PREFERRED_ISIN = "KR7005931001"
WITH_PREFERRED = [*KOSPI10[:9], stock(PREFERRED, name="삼성전자우")]


@pytest.mark.parametrize("code", [PREFERRED_ISIN,         # a first preferred share: 005935, not 005931
                                  isin("KR700538200"),    # 현대차2우B: 005387
                                  isin("KR700593001")])   # a new share of the common (kind 000, issue 01)
def test_the_isin_of_a_share_that_is_not_common_spells_no_short_code(code: str) -> None:
    assert short_code(code) is None
    assert share_issuer(code) == code[3:8]
    assert share_issuer("KR7005930003") is None and share_issuer("005935") is None


def test_a_preferred_share_in_isins_matches_the_index_issue_of_its_issuer_and_name(tmp_path: Path) -> None:
    """The long format and the same PDF in ISINs give the same verdicts (the krx-pdf download
    writes ISINs): a preferred share is held, not read as 005931 and counted as not held."""
    short = [holding(c["code"], 100, c["name"]) for c in WITH_PREFERRED]
    isins = [dict(h) for h in short]
    isins[-1]["code"] = PREFERRED_ISIN
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    first = check(tmp_path / "a", product(index(WITH_PREFERRED), pdf=short))
    second = check(tmp_path / "b", product(index(WITH_PREFERRED), pdf=isins))
    assert PREFERRED in {h.code for h in second.product.pdf}
    assert result(second, "krx.pdf.constituent_coverage").observed == 1
    assert [(r.rule.id, r.status, str(r.observed)) for r in first.results] == \
           [(r.rule.id, r.status, str(r.observed)) for r in second.results]


def test_an_index_in_isins_matches_a_preferred_share_in_a_pdf_in_short_codes(tmp_path: Path) -> None:
    in_isins = [dict(c) for c in WITH_PREFERRED]
    in_isins[0]["code"], in_isins[-1]["code"] = "KR7005930003", PREFERRED_ISIN
    pdf = [holding(c["code"], 100, c["name"]) for c in WITH_PREFERRED]  # 005930 ... 005935, as the index's short codes
    report = check(tmp_path, product(index(in_isins), pdf=pdf))
    assert {"KR7005930003", PREFERRED_ISIN} <= {h.code for h in report.product.pdf}
    assert result(report, "krx.pdf.constituent_coverage").observed == 1


@pytest.mark.parametrize("name", ["삼성전자", "삼성전자우(전환)"])
def test_a_preferred_isin_under_another_name_is_a_code_of_its_own_never_the_common_share(tmp_path: Path,
                                                                                       name: str) -> None:
    """Named as the common share (삼성전자) or by a name the index does not give: not matched to
    any index issue by guess, so the PDF misses 005935 and says so, rather than holding the common."""
    pdf = [holding(c["code"], 100, c["name"]) for c in WITH_PREFERRED[:-1]] + [holding(PREFERRED_ISIN, 100, name)]
    report = check(tmp_path, product(index(WITH_PREFERRED), pdf=pdf, linked_assets_ratio="0.99"))
    held_codes = [h.code for h in report.product.pdf]
    assert PREFERRED_ISIN in held_codes and PREFERRED not in held_codes and held_codes.count(SAMSUNG) == 1
    assert result(report, "krx.pdf.constituent_coverage").observed < 1


def test_a_preferred_isin_that_two_index_issues_could_be_matches_neither(tmp_path: Path) -> None:
    twins = [*KOSPI10[:8], stock(PREFERRED, name="삼성전자우"), stock("005937", name="삼성전자우")]
    pdf = [holding(c["code"], 100, c["name"]) for c in twins[:-2]] + [holding(PREFERRED_ISIN, 100, "삼성전자우")]
    report = check(tmp_path, product(index(twins), pdf=pdf, linked_assets_ratio="0.99"))
    assert PREFERRED_ISIN in {h.code for h in report.product.pdf}


@pytest.mark.parametrize("spelling", ["KR7005930003", "A005930"])
def test_a_pdf_in_isins_or_prefixed_codes_matches_an_index_in_short_codes(tmp_path: Path, spelling: str) -> None:
    pdf = [holding(c) for c in codes(KOSPI10) if c != SAMSUNG] + [holding(spelling, 100, "삼성전자")]
    report = check(tmp_path, product(index(KOSPI10), pdf=pdf))
    assert SAMSUNG in {h.code for h in report.product.pdf}
    coverage = result(report, "krx.pdf.constituent_coverage")
    assert coverage.status == "pass" and coverage.observed == 1
    assert result(report, "krx.pdf.linked_assets").status == "not_applicable"  # nothing but index issues


def test_an_index_in_isins_matches_a_pdf_in_short_codes(tmp_path: Path) -> None:
    constituents = [dict(c) for c in KOSPI10]
    constituents[0]["code"] = "KR7005930003"
    report = check(tmp_path, product(index(constituents), pdf=[holding(c["code"]) for c in KOSPI10]))
    assert "KR7005930003" in {h.code for h in report.product.pdf}
    assert result(report, "krx.pdf.constituent_coverage").observed == 1


def test_a_code_that_lost_its_leading_zeros_is_refused_with_the_code_meant(tmp_path: Path) -> None:
    pdf = [holding(c) for c in codes(KOSPI10)]
    pdf[0] = holding("5930", 100, "삼성전자")
    found = problems(loaded(tmp_path, product(index(KOSPI10), pdf=pdf)))
    assert found == [f"{tmp_path / 'pdf.csv'}:2:1: code: '5930' is not a code of the index; did you mean 005930 (삼성전자)? "
                     "(a spreadsheet drops the leading zeros of a code it takes for a number: keep the column as text)"]


def test_an_index_code_that_lost_its_leading_zeros_is_refused_at_the_index_where_the_pdf_keeps_them(
        tmp_path: Path) -> None:
    """The index writes 5930, the PDF 005930: not an issue left out of the PDF (a wrong fail), but
    the index's code to mend, pointed at its row and naming the PDF's."""
    constituents = [dict(c) for c in KOSPI10]
    constituents[0]["code"] = "5930"
    found = problems(loaded(tmp_path, product(index(constituents), pdf=[holding(c) for c in codes(KOSPI10)])))
    assert found == [f"{tmp_path / 'index' / 'constituents.csv'}:2:1: code: 삼성전자 is written '5930' here and 005930 in "
                     f"{tmp_path / 'pdf.csv'}:2:1; a KRX code keeps its leading zeros (write the code as 005930: a "
                     "spreadsheet drops the leading zeros of a code it takes for a number, so keep the column as text)"]


def test_an_index_code_that_lost_its_leading_zeros_where_its_market_data_keeps_them_is_refused(
        tmp_path: Path) -> None:
    """The market data has 005930's days; the constituent list says 5930: not "no market data"."""
    constituents = [dict(c) for c in KOSPI10]
    constituents[0].update(code="5930", market_cap_krw=None, trading_value_krw=None)
    days = daily(SAMSUNG, ("2024-08-01", 100, 10))
    found = problems(loaded(tmp_path, product(index(constituents, market_data=days), pdf=[holding(c) for c in codes(KOSPI10)])))
    assert found == [f"{tmp_path / 'index' / 'constituents.csv'}:2:1: code: 삼성전자 is written '5930' here and 005930 in "
                     f"{tmp_path / 'index' / 'market_data.csv'}:2:1; a KRX code keeps its leading zeros (write the code as 005930: "
                     "a spreadsheet drops the leading zeros of a code it takes for a number, so keep the column as text)"]


def test_codes_as_an_index_writes_them_short_in_every_file_still_match(tmp_path: Path) -> None:
    """5930 in the index, the market data and the PDF alike: read as written, nothing refused."""
    constituents = [dict(c) for c in KOSPI10]
    constituents[0]["code"] = "5930"
    pdf = [holding(c["code"]) for c in constituents]
    report = check(tmp_path, product(index(constituents), pdf=pdf))
    assert result(report, "krx.pdf.constituent_coverage").observed == 1


def test_a_short_number_that_is_no_index_code_stays_a_code_of_its_own(tmp_path: Path) -> None:
    """7203 is Toyota in Tokyo: a PDF of foreign shares has such codes."""
    pdf = [holding(c) for c in codes(KOSPI10)] + [holding("7203", 100, "TOYOTA")]
    report = check(tmp_path, product(index(KOSPI10), pdf=pdf, linked_assets_ratio="0.99"))
    assert "7203" in {h.code for h in report.product.pdf}


def test_two_spellings_of_one_issue_are_refused(tmp_path: Path) -> None:
    pdf = [holding(c) for c in codes(KOSPI10)] + [holding("KR7005930003", 5, "삼성전자")]
    found = problems(loaded(tmp_path, product(index(KOSPI10), pdf=pdf)))
    assert found == [f"{tmp_path / 'pdf.csv'}:12:1: code: 'KR7005930003' is 005930, already listed at line 2 "
                     "(write one row per issue with its whole quantity)"]


def test_the_code_mapping_never_changes_the_verdict_of_the_same_pdf_in_short_codes(tmp_path: Path) -> None:
    short = [holding(c) for c in codes(KOSPI10)[:6]]
    isins = [dict(h) for h in short]
    isins[0]["code"], isins[1]["code"] = "KR7005930003", "A000660"
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    first = check(tmp_path / "a", product(index(KOSPI10), pdf=short))
    second = check(tmp_path / "b", product(index(KOSPI10), pdf=isins))
    assert [(r.rule.id, r.status, str(r.observed)) for r in first.results] == \
           [(r.rule.id, r.status, str(r.observed)) for r in second.results]

