"""A fund's holdings as the loader reads them: one row per holding, issuer types from a fixed list,
and one group per issuer; anything else is an input error at the row."""

from __future__ import annotations

from pathlib import Path

import pytest

from etf_listing.errors import InputError
from etf_listing.loading.load import Loader

FUND = """\
kind: etf-product
schema_version: 1
name: Fund
as_of: 2024-10-31
management: active
underlying:
  index:
    kind: etf-index
    schema_version: 1
    name: I
    asset_class: equity
    weighting: market_cap
    constituents: [{code: A, name: A, market: KOSPI, market_cap_krw: 1, trading_value_krw: 1}]
holdings:
"""


def fund_problems(write, rows: str) -> list[str]:
    write("fund.yaml", FUND + rows)
    with pytest.raises(InputError) as caught:
        Loader().load_product("fund.yaml")
    return [str(p) for p in caught.value.problems]


def test_a_holding_listed_twice_is_an_input_error(in_tmp: Path, write) -> None:
    # six identical rows once passed Art. 54's "six different issues"
    rows = "".join("  - {code: BUND1, name: Bund, issuer: Germany, issuer_type: government, weight: 0.10}\n" for _ in range(2))
    assert fund_problems(write, rows) == [
        "fund.yaml:16:5: the code BUND1 is listed twice (first at line 15) (write one row per holding with its whole weight)"]


def test_an_unknown_issuer_type_is_an_input_error(in_tmp: Path, write) -> None:
    rows = "  - {code: X1, name: X, issuer: Issuer X, issuer_type: Corporate, weight: 0.19}\n"
    (message,) = fund_problems(write, rows)
    assert message.startswith("fund.yaml:15:5: issuer_type: 'Corporate' is not one of corporate, government")
    assert message.endswith("(did you mean 'corporate'?)")


def test_a_counterparty_given_both_kinds_is_an_input_error(in_tmp: Path, write) -> None:
    # 9% as a credit institution and 4% as another counterparty once passed both OTC limits: 13% to one body
    rows = ("  - {code: SW1, name: Swap, issuer: CP, issuer_type: derivative_credit_institution, weight: 0.09}\n"
            "  - {code: SW2, name: Swap, issuer: CP, issuer_type: derivative_other, weight: 0.04}\n")
    (message,) = fund_problems(write, rows)
    assert message.startswith("fund.yaml:16:5: the counterparty CP is derivative_other here but "
                              "derivative_credit_institution at line 15")


def test_one_counterparty_s_derivatives_of_one_kind_are_read(in_tmp: Path, write) -> None:
    rows = ("  - {code: SW1, name: Swap, issuer: CP, issuer_type: derivative_other, weight: 0.02}\n"
            "  - {code: SW2, name: Swap, issuer: CP, issuer_type: derivative_other, weight: 0.02}\n")
    write("fund.yaml", FUND + rows)
    assert [h.code for h in Loader().load_product("fund.yaml").holdings] == ["SW1", "SW2"]


def test_an_issuer_given_two_groups_is_an_input_error(in_tmp: Path, write) -> None:
    # one body split into two buckets once escaped the 20% combined limit
    rows = ("  - {code: BA1, name: Share, issuer: Bank A, issuer_type: corporate, weight: 0.10}\n"
            "  - {code: BAD, name: Deposit, issuer: Bank A, issuer_type: deposit, weight: 0.12, group: Bank A Group}\n")
    (message,) = fund_problems(write, rows)
    assert message.startswith("fund.yaml:16:5: the issuer Bank A is in group Bank A Group here but in (none) at line 15")



def test_an_issuer_written_two_ways_is_an_input_error(in_tmp: Path, write) -> None:
    # 'Example Corp', 'EXAMPLE CORP' and 'Example  Corp' were three issuers at 8%, not one at 24%
    rows = ("  - {code: E1, name: Share, issuer: Example Corp, issuer_type: corporate, weight: 0.08}\n"
            "  - {code: E2, name: Bond, issuer: EXAMPLE CORP, issuer_type: corporate, weight: 0.08}\n"
            "  - {code: E3, name: Note, issuer: Example  Corp, issuer_type: corporate, weight: 0.08, group: Example group}\n"
            "  - {code: E4, name: Deposit, issuer: Other Bank, issuer_type: deposit, weight: 0.08, group: EXAMPLE GROUP}\n")
    assert fund_problems(write, rows) == [
        "fund.yaml:16:5: the issuer 'EXAMPLE CORP' is written 'Example Corp' at line 15 "
        "(write one issuer the same way on every row: the limits add up its rows by its name)",
        "fund.yaml:17:5: the issuer 'Example  Corp' is written 'Example Corp' at line 15 "
        "(write one issuer the same way on every row: the limits add up its rows by its name)",
        "fund.yaml:18:5: the group 'EXAMPLE GROUP' is written 'Example group' at line 17 "
        "(write one group the same way on every row: the limits add up its rows by its name)"]


def test_an_issuer_written_in_full_width_or_with_an_invisible_character_or_as_a_group_is_one_body(
        in_tmp: Path, write) -> None:
    # full-width ＳＫ, a zero-width space, and a group written in other case than an issuer: each
    # split one body at 12% (or 18%, 24%) into bodies under the limits
    rows = ("  - {code: S1, name: Share, issuer: SK하이닉스, issuer_type: corporate, weight: 0.06}\n"
            "  - {code: S2, name: Bond, issuer: ＳＫ하이닉스, issuer_type: corporate, weight: 0.06}\n"
            "  - {code: A1, name: Share, issuer: AlphaBank, issuer_type: corporate, weight: 0.09}\n"
            "  - {code: A2, name: Bond, issuer: \"Alpha\\u200bBank\", issuer_type: corporate, weight: 0.09}\n"
            "  - {code: B1, name: Share, issuer: Beta Bank, issuer_type: corporate, weight: 0.09}\n"
            "  - {code: B2, name: Bond, issuer: Beta Lux, issuer_type: corporate, weight: 0.09, group: BETA BANK}\n")
    assert [p.split(" (")[0] for p in fund_problems(write, rows)] == [
        "fund.yaml:16:5: the issuer 'ＳＫ하이닉스' is written 'SK하이닉스' at line 15",
        "fund.yaml:18:5: the issuer 'Alpha\u200bBank' is written 'AlphaBank' at line 17",
        "fund.yaml:20:5: the group 'BETA BANK' is written 'Beta Bank' at line 19"]


def test_issuers_whose_names_differ_in_more_than_case_and_spacing_are_two(in_tmp: Path, write) -> None:
    write("fund.yaml", FUND + "  - {code: E1, name: Share, issuer: Example Corp, issuer_type: corporate, weight: 0.5}\n"
                              "  - {code: E2, name: Share, issuer: Example Corp 2, issuer_type: corporate, weight: 0.5}\n")
    holdings = Loader().load_product("fund.yaml").holdings
    assert [h.issuer for h in holdings] == ["Example Corp", "Example Corp 2"]

# --- missing data is never a pass, waived or not ----------------------------------------------------
