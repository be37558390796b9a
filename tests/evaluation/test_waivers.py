"""Approved exceptions (waivers): a waiver in force turns a fail into ``waived``; it never covers
missing data, other offenders, or a date after it expires."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

import etf_listing
from etf_listing.cli import main
from etf_listing.rulebook import load_rulebook
from etf_listing.waivers import Waiver, load_waivers

from ..vocabulary.test_missing_values import KTB_INDEX, KTB_PRODUCT

TODAY = dt.date(2026, 11, 30)  # the library is given today's date: evaluation never reads the clock
PRINCIPAL_FAILS = "examples/failing/principal-below-minimum/product.yaml"
PDF_FAILS = "examples/failing/pdf-missing-large-constituents/product.yaml"


def json_run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    status = main([*args, "--format", "json"])
    captured = capsys.readouterr()
    json_run.err = captured.err  # type: ignore[attr-defined]
    return status, json.loads(captured.out)


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
    report_object = etf_listing.evaluate(product, load_rulebook(), waivers=load_waivers(waivers), today=TODAY)
    assert {r.rule_id: r.status for r in report_object.results}["krx.pdf.market_cap_coverage"] == "waived"


def test_waivers_are_applied_as_of_a_date_and_nothing_else(in_repository: Path, tmp_path: Path) -> None:
    from etf_listing.waivers import apply_waivers

    waivers = load_waivers(write_waivers(tmp_path))
    report = etf_listing.evaluate(etf_listing.load_product(PDF_FAILS), load_rulebook())
    with pytest.raises(TypeError, match="today must be a datetime.date"):
        apply_waivers(report, waivers, "2025-01-01")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="today must be a datetime.date"):
        etf_listing.evaluate(report.product, load_rulebook(), waivers=waivers, today="2025-01-01")  # type: ignore[arg-type]
    waived = apply_waivers(report, waivers, dt.datetime(2025, 1, 1, 9))
    assert {r.rule_id: r.status for r in waived.results}["krx.pdf.market_cap_coverage"] == "waived"


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
    report = etf_listing.evaluate(product, load_rulebook(), waivers=[partial], today=TODAY)
    assert {r.rule_id: r.status for r in report.results}["krx.pdf.market_cap_coverage"] == "fail"
    assert report.notices[0].message == "the waiver of krx.pdf.market_cap_coverage matches no failing result"


def test_missing_data_is_never_waived(in_repository: Path) -> None:
    product = etf_listing.load_product(PRINCIPAL_FAILS)
    product = dataclasses.replace(product, principal_krw=None)
    report = etf_listing.evaluate(product, load_rulebook(), waivers=[Waiver("krx.size.principal", "r", "a", dt.date(2099, 1, 1))],
                                  today=TODAY)
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


def test_evaluation_never_reads_the_clock_for_waivers(in_repository: Path) -> None:
    """Waivers are applied as of the date the caller gives; without one, evaluate refuses rather
    than read the system date, and the report without waivers needs no date at all."""
    from etf_listing.waivers import apply_waivers

    product = etf_listing.load_product(PRINCIPAL_FAILS)
    waiver = Waiver("krx.size.principal", "seed money arrives", "a", dt.date(2024, 11, 1))
    with pytest.raises(TypeError, match="give today="):
        etf_listing.evaluate(product, load_rulebook(), waivers=[waiver])
    rulebook = load_rulebook()
    plain = etf_listing.evaluate(product, rulebook)
    assert {r.rule_id: r.status for r in plain.results}["krx.size.principal"] == "fail"
    later = apply_waivers(plain, [waiver], dt.date(2024, 11, 1))
    at_once = etf_listing.evaluate(product, rulebook, waivers=[waiver], today=dt.date(2024, 11, 1))
    assert [(r.rule_id, r.status, dict(r.message)) for r in later.results] == \
        [(r.rule_id, r.status, dict(r.message)) for r in at_once.results]
    assert {r.rule_id: r.status for r in later.results}["krx.size.principal"] == "waived"
