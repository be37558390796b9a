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


# --- missing data is never a pass, waived or not ----------------------------------------------------

KTB_PRODUCT = """\
kind: etf-product
schema_version: 1
name: KTB product
as_of: 2024-10-31
fund_form: trust
principal_krw: 100억원
units: 200000
leverage: 1
creation: in_kind
underlying:
  index: index.yaml
  license_signed: true
participants:
  - {name: 가증권, authorized_participant: true, lp_contract: true}
pdf:
  - {code: KR1035027A11, name: 국고채 3년 A, quantity: 10}
  - {code: KR1035027B10, name: 국고채 3년 B, quantity: 10}
  - {code: KR1035027C19, name: 국고채 5년, quantity: 10}
"""

KTB_INDEX = """\
kind: etf-index
schema_version: 1
name: KTB index, one bond outside the baskets and one not known
asset_class: ktb
weighting: market_cap
constituents:
  - {code: KR1035027A11, name: 국고채 3년 A, market: fsc_designated, ktb_futures_basket: true, market_cap_krw: 20조원, trading_value_krw: 1000억원}
  - {code: KR1035027B10, name: 국고채 3년 B, market: fsc_designated, market_cap_krw: 18조원, trading_value_krw: 1000억원}
  - {code: KR1035027C19, name: 국고채 5년, market: fsc_designated, ktb_futures_basket: false, market_cap_krw: 15조원, trading_value_krw: 1000억원}
"""


def test_an_each_check_with_a_missing_value_is_an_error_even_when_others_fail(in_tmp: Path, write) -> None:
    """One bond is outside the futures baskets, another does not say: the rule cannot be decided,
    so it is an error naming the bond without the figure, not a fail that lists only the other."""
    import etf_listing

    write("product.yaml", KTB_PRODUCT)
    write("index.yaml", KTB_INDEX)
    report = etf_listing.evaluate(Loader().load_product("product.yaml"), etf_listing.load_rulebook())
    (basket,) = [r for r in report.results if r.rule_id == "krx.index.ktb_basket"]
    assert basket.status == "error"
    assert [item.identity["code"] for item in basket.items] == ["KR1035027B10"]
    assert "ktb_futures_basket is not given" in basket.message["en"]
    assert "ktb_futures_basket 값이 없습니다" in basket.message["ko"]
    assert not report.eligible


def test_a_waiver_of_the_offenders_does_not_cover_missing_data(in_tmp: Path, write,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    write("product.yaml", KTB_PRODUCT)
    write("index.yaml", KTB_INDEX)
    write("waivers.yaml", """\
        kind: etf-waivers
        schema_version: 1
        waivers:
          - rule: krx.index.ktb_basket
            items: [KR1035027C19, KR1035027B10]
            reason: test
            approved_by: 준법감시인
            expires: 2099-12-31
        """)
    assert main(["product.yaml", "--waivers", "waivers.yaml", "--format", "json"]) == 1
    (report,) = json.loads(capsys.readouterr().out)["reports"]
    (basket,) = [r for r in report["results"] if r["rule"] == "krx.index.ktb_basket"]
    assert basket["status"] == "error" and report["eligible"] is False


def test_an_index_whose_market_caps_total_zero_has_no_top_85_percent(in_tmp: Path, write) -> None:
    """The top 85% of a zero total was the empty collection, so both top-85% rules passed on
    "0 issues". A share of nothing cannot be cut: the rules are errors that say so."""
    import etf_listing

    constituents = "".join(f"  - {{code: '{100000 + i}', name: 종목{i:02d}, market: KOSPI, market_cap_krw: 0, "
                           f"trading_value_krw: 10억원}}\n" for i in range(12))
    write("index.yaml", "kind: etf-index\nschema_version: 1\nname: Nothing\nasset_class: equity\n"
                        "weighting: market_cap\nconstituents:\n" + constituents)
    pdf = "".join(f"  - {{code: '{100000 + i}', name: 종목{i:02d}, quantity: 10}}\n" for i in range(12))
    write("product.yaml", KTB_PRODUCT.split("pdf:\n")[0] + "pdf:\n" + pdf)
    report = etf_listing.evaluate(Loader().load_product("product.yaml"), etf_listing.load_rulebook())
    results = {r.rule_id: r for r in report.results}
    for rule in ("krx.index.top85_market_cap", "krx.index.top85_trading_value"):
        assert results[rule].status == "error", rule
        assert "the total is zero, so no cumulative share can be taken" in results[rule].message["en"]
        assert "합계가 0이라 누적 비중을 구할 수 없습니다" in results[rule].message["ko"]
    assert not report.eligible
