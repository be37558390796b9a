"""Defects found in review, each pinned by the input that showed it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etf_listing.cli import main
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


def test_an_issuer_given_two_groups_is_an_input_error(in_tmp: Path, write) -> None:
    # one body split into two buckets once escaped the 20% combined limit
    rows = ("  - {code: BA1, name: Share, issuer: Bank A, issuer_type: corporate, weight: 0.10}\n"
            "  - {code: BAD, name: Deposit, issuer: Bank A, issuer_type: deposit, weight: 0.12, group: Bank A Group}\n")
    (message,) = fund_problems(write, rows)
    assert message.startswith("fund.yaml:16:5: the issuer Bank A is in group Bank A Group here but in (none) at line 15")


def test_a_fail_without_offenders_does_not_show_a_placeholder(in_repository: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    product = Path("examples/value-up-passive/product.yaml").read_text(encoding="utf-8")
    start = product.index("participants:")
    end = product.index("pdf:")
    changed = product[:start] + "participants:\n  - {name: X, authorized_participant: false, lp_contract: false}\n" + product[end:]
    path = Path("examples/value-up-passive/no-ap.review-tmp.yaml")
    path.write_text(changed, encoding="utf-8")
    try:
        main([str(path), "--format", "json"])
        (report,) = json.loads(capsys.readouterr().out)["reports"]
    finally:
        path.unlink()
    messages = [r["message"] for r in report["results"]]
    assert not any("{" in m for m in messages)


def test_an_absurd_number_of_units_is_an_input_error(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    product = Path("examples/value-up-passive/product.yaml").read_text(encoding="utf-8").replace("units: 200000", "units: 1e5000")
    path = Path("examples/value-up-passive/units.review-tmp.yaml")
    path.write_text(product, encoding="utf-8")
    try:
        assert main([str(path)]) == 2
    finally:
        path.unlink()
    err = capsys.readouterr().err
    assert "Traceback" not in err and "units.review-tmp.yaml:11:8: " in err
