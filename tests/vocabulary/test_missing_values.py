"""A value the data does not give is missing, never zero and never a pass: an operation that meets
one makes the rule an error that names the item without the figure."""

from __future__ import annotations

from pathlib import Path

from etf_listing.loading.load import Loader


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
