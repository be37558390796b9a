"""Rulebooks over time (versions), approved exceptions (waivers) and distance to thresholds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

import etf_listing
from etf_listing.cli import main
from etf_listing.errors import InputError
from etf_listing.rulebook import NoVersionInForce, compile_rulebook, load_rulebook
from etf_listing.waivers import Waiver, load_waivers

PRINCIPAL_FAILS = "examples/failing/principal-below-minimum/product.yaml"
PDF_FAILS = "examples/failing/pdf-missing-large-constituents/product.yaml"


def json_run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    status = main([*args, "--format", "json"])
    captured = capsys.readouterr()
    json_run.err = captured.err  # type: ignore[attr-defined]
    return status, json.loads(captured.out)


@pytest.mark.parametrize("as_of, version, threshold", [
    ("2002-10-14", "2002.1", "10000000000"), ("2010-12-31", "2002.1", "10000000000"),
    ("2011-01-01", "2011.1", "5000000000"), ("2012-06-30", "2011.1", "5000000000"),
    ("2012-12-31", "2011.1", "5000000000"), ("2013-01-01", "2013.1", "7000000000"),
    ("2024-10-31", "2013.1", "7000000000"),
])
def test_the_version_in_force_on_the_date_decides(as_of: str, version: str, threshold: str, in_repository: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _, document = json_run(capsys, PRINCIPAL_FAILS, "--as-of", as_of)
    (report,) = document["reports"]
    assert report["rulebook"]["version"] == version
    assert report["rulebook"]["effective_from_confirmed"] is False
    (principal,) = [r for r in report["results"] if r["rule"] == "krx.size.principal"]
    assert principal["threshold"] == threshold
    assert principal["status"] == ("pass" if threshold == "5000000000" else "fail")


def test_as_of_2012_applies_the_5bn_threshold_and_says_which_version(in_repository: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    main([PRINCIPAL_FAILS, "--as-of", "2012-06-30"])
    text = capsys.readouterr().out
    assert "rulebook krx-etf-listing 2011.1, in force from 2011-01-01 to 2012-12-31 (date unconfirmed), as of 2012-06-30" in text
    assert "The principal is KRW 6.5bn; at least KRW 5bn is required." in text


def test_a_date_before_the_first_version_is_refused(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([PRINCIPAL_FAILS, "--as-of", "2001-01-01"]) == 2
    assert "has no version in force on 2001-01-01 (its first version starts 2002-10-14)" in capsys.readouterr().err
    with pytest.raises(NoVersionInForce):
        load_rulebook().in_force(dt.date(2001, 1, 1))


def test_a_version_may_only_set_declared_parameters() -> None:
    book = (Path(__file__).parent / "rulebooks" / "ucits-style-diversification.yaml").read_text(encoding="utf-8")
    book = book.replace('version: "test.1"\neffective_from: 2011-07-01\n',
                        "versions:\n  - version: a\n    effective_from: 2011-07-01\n    parameters: {max_singel_weight: 0.2}\n")
    with pytest.raises(InputError) as caught:
        compile_rulebook(book, "book.yaml")
    assert str(caught.value.problems[0]).startswith("book.yaml:9:18: no parameter named 'max_singel_weight' (did you mean 'max_single_weight'?)")


WAIVERS = """\
kind: etf-waivers
schema_version: 1
waivers:
  - rule: krx.pdf.market_cap_coverage
    items: ["005930", "000660", "005380"]
    reason: held through a basket swap until the first creation
    approved_by: 준법감시인
    expires: {expires}
"""


def write_waivers(tmp_path: Path, expires: str = "2099-12-31", text: str = WAIVERS) -> str:
    path = tmp_path / "waivers.yaml"
    path.write_text(text.format(expires=expires), encoding="utf-8")
    return str(path)


def test_a_waiver_in_force_turns_the_fail_into_waived_in_every_format(in_repository: Path, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    waivers = write_waivers(tmp_path)
    status, document = json_run(capsys, PDF_FAILS, "--waivers", waivers)
    (report,) = document["reports"]
    assert status == 0 and report["eligible"] is True
    (waived,) = [r for r in report["results"] if r["rule"] == "krx.pdf.market_cap_coverage"]
    assert waived["status"] == "waived"
    assert waived["waiver"]["reason"] == "held through a basket swap until the first creation"
    assert report["counts"]["waived"] == 1 and report["counts"]["fail"] == 0
    assert main([PDF_FAILS, "--waivers", waivers]) == 0
    text = capsys.readouterr().out
    assert "≈ waived   krx.pdf.market_cap_coverage" in text and "Waived: held through a basket swap" in text
    # the library sees the same
    product = etf_listing.load_product(PDF_FAILS)
    report_object = etf_listing.evaluate(product, load_rulebook(), waivers=load_waivers(waivers))
    assert {r.rule_id: r.status for r in report_object.results}["krx.pdf.market_cap_coverage"] == "waived"


def test_an_expired_waiver_has_no_effect_and_says_so(in_repository: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    waivers = write_waivers(tmp_path, expires="2020-01-01")
    status, document = json_run(capsys, PDF_FAILS, "--waivers", waivers)
    (report,) = document["reports"]
    assert status == 1 and report["eligible"] is False
    assert {r["rule"]: r["status"] for r in report["results"]}["krx.pdf.market_cap_coverage"] == "fail"
    assert report["notices"][0]["message"] == "the waiver of krx.pdf.market_cap_coverage expired on 2020-01-01 and is ignored"
    assert "expired on 2020-01-01 and is ignored" in json_run.err  # type: ignore[attr-defined]


def test_a_waiver_that_matches_nothing_is_reported(in_repository: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    waivers = write_waivers(tmp_path)
    main([PRINCIPAL_FAILS, "--waivers", waivers])
    assert "the waiver of krx.pdf.market_cap_coverage matches no failing result" in capsys.readouterr().out


def test_a_waiver_for_some_offenders_does_not_waive_the_others(in_repository: Path) -> None:
    product = etf_listing.load_product(PDF_FAILS)
    partial = Waiver("krx.pdf.market_cap_coverage", "r", "a", dt.date(2099, 1, 1), items=("005930",))
    report = etf_listing.evaluate(product, load_rulebook(), waivers=[partial])
    assert {r.rule_id: r.status for r in report.results}["krx.pdf.market_cap_coverage"] == "fail"
    assert report.notices[0].message == "the waiver of krx.pdf.market_cap_coverage matches no failing result"


def test_missing_data_is_never_waived(in_repository: Path) -> None:
    product = etf_listing.load_product(PRINCIPAL_FAILS)
    product = dataclasses.replace(product, principal_krw=None)
    report = etf_listing.evaluate(product, load_rulebook(), waivers=[Waiver("krx.size.principal", "r", "a", dt.date(2099, 1, 1))])
    assert {r.rule_id: r.status for r in report.results}["krx.size.principal"] == "error"
    assert not report.eligible


def test_a_waiver_expiring_today_is_still_in_force(in_repository: Path) -> None:
    product = etf_listing.load_product(PRINCIPAL_FAILS)
    waiver = Waiver("krx.size.principal", "seed money arrives", "a", dt.date(2024, 11, 1))
    on_the_day = etf_listing.evaluate(product, load_rulebook(), waivers=[waiver], today=dt.date(2024, 11, 1))
    next_day = etf_listing.evaluate(product, load_rulebook(), waivers=[waiver], today=dt.date(2024, 11, 2))
    assert {r.rule_id: r.status for r in on_the_day.results}["krx.size.principal"] == "waived"
    assert {r.rule_id: r.status for r in next_day.results}["krx.size.principal"] == "fail"


def test_a_bad_waiver_file_is_an_input_error(in_repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    waivers = write_waivers(tmp_path, text=WAIVERS.replace("approved_by", "aproved_by"))
    assert main([PDF_FAILS, "--waivers", waivers]) == 2
    assert "waivers.yaml:7:5: unknown field 'aproved_by' (did you mean 'approved_by'?)" in capsys.readouterr().err


def test_headroom_is_the_distance_to_the_threshold(in_repository: Path) -> None:
    product = etf_listing.load_product("examples/value-up-passive/product.yaml")
    product = dataclasses.replace(product, principal_krw=Decimal("7200000000"))
    results = {r.rule_id: r for r in etf_listing.evaluate(product, load_rulebook()).results}
    assert results["krx.size.principal"].headroom == Decimal("200000000")  # 72억원: 2억원 above 70억원
    weight = results["krx.index.single_issue_weight"]
    assert weight.headroom == Decimal("0.30") - weight.observed  # below the 30% cap
    assert results["krx.index.eligible_market"].headroom is None  # membership has no distance
    short = dataclasses.replace(product, principal_krw=Decimal("6500000000"))
    assert {r.rule_id: r for r in etf_listing.evaluate(short, load_rulebook()).results}["krx.size.principal"].headroom == Decimal("-500000000")


def test_the_text_report_warns_of_near_misses_within_the_margin(in_repository: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    source = Path("examples/value-up-passive/product.yaml").read_text(encoding="utf-8")
    folder = Path("examples/value-up-passive")
    near = folder / "near-miss.test-tmp.yaml"
    near.write_text(source.replace("principal_krw: 100억원", "principal_krw: 72억원"), encoding="utf-8")
    try:
        main([str(near)])
        text = capsys.readouterr().out
        assert "⚠ near miss: KRW 200m above KRW 7bn" in text
        main([str(near), "--near-miss", "2%"])
        assert "near miss" not in capsys.readouterr().out
        main([str(near), "--format", "json"])
        (report,) = json.loads(capsys.readouterr().out)["reports"]
        assert {r["rule"]: r["headroom"] for r in report["results"]}["krx.size.principal"] == "200000000"
    finally:
        near.unlink()
