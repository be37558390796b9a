"""The shipped examples, as a user runs them: the passing product exits 0 with every rule shown,
and each failing variant exits 1 naming the right rule and the right offenders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etf_listing.cli import main

PASSING = "examples/value-up-passive/product.yaml"

# variant -> (the one failing rule, the offenders it must name, worst first)
FAILING = {
    "principal-below-minimum": ("krx.size.principal", []),
    "ap-without-lp-contract": ("krx.liquidity.lp_contract", ["NH투자증권", "삼성증권", "키움증권"]),
    "pdf-missing-large-constituents": ("krx.pdf.market_cap_coverage", ["005930", "000660", "005380"]),
    "narrow-index-single-issue": ("krx.index.single_issue_weight", ["864910"]),
    "ktb-index-non-basket-bond": ("krx.index.ktb_basket", ["KR103501GD65"]),
    "illiquid-small-constituents": ("krx.index.top85_trading_value", ["884050", "898200", "895270"]),
    "cash-creation-without-reason": ("krx.creation.cash", []),
}


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    status = main([*args, "--format", "json"])
    return status, json.loads(capsys.readouterr().out)


def test_the_passing_example_is_eligible_with_every_rule_shown(in_repository: Path, krx,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    status = main([PASSING])
    text = capsys.readouterr().out
    assert status == 0
    for rule in krx.rules:
        assert rule.id in text
    assert "✔ eligible (14 pass, 2 n/a)" in text


def test_the_passing_example_in_json(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, document = run_json(capsys, PASSING)
    (report,) = document["reports"]
    assert status == 0 and report["eligible"] is True
    assert report["counts"] == {"pass": 14, "fail": 0, "not_applicable": 2, "error": 0, "waived": 0}
    statuses = {r["rule"]: r["status"] for r in report["results"]}
    assert statuses["krx.index.ktb_basket"] == statuses["krx.creation.cash"] == "not_applicable"


@pytest.mark.parametrize("variant", sorted(FAILING))
def test_each_failing_example_fails_one_rule_with_its_offenders(variant: str, in_repository: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    rule_id, offenders = FAILING[variant]
    status, document = run_json(capsys, f"examples/failing/{variant}/product.yaml")
    (report,) = document["reports"]
    assert status == 1 and report["eligible"] is False
    failing = [r for r in report["results"] if r["status"] in ("fail", "error")]
    assert [r["rule"] for r in failing] == [rule_id]
    (result,) = failing
    named = [item.get("code") or item["name"] for item in result["items"]]
    assert named == offenders
    assert result["location"]["file"].startswith("examples/")


def test_the_failing_examples_in_text_name_rule_and_offenders(in_repository: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["examples/failing/illiquid-small-constituents/product.yaml"])
    text = capsys.readouterr().out
    assert status == 1
    assert "✘ fail     krx.index.top85_trading_value" in text
    assert "예시중소형10 (884050) KRW 46,872,118" in text
    assert "825630" not in text  # illiquid, but outside the top 85%: not an offender
    assert "✘ not eligible" in text


def test_all_examples_at_once_exit_1_with_a_summary(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [PASSING, *(f"examples/failing/{v}/product.yaml" for v in sorted(FAILING))]
    assert main(files) == 1
    assert "8 products: 1 eligible, 7 not eligible, 0 could not be evaluated" in capsys.readouterr().out


def test_json_is_byte_identical_across_runs(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main([PASSING, "--format", "json"])
    first = capsys.readouterr().out
    main([PASSING, "--format", "json"])
    assert capsys.readouterr().out == first


def test_no_colour_when_not_a_terminal(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main([PASSING])
    assert "\x1b[" not in capsys.readouterr().out
