"""Distance to the threshold: every result with a figure carries its headroom, and the text report
warns of a pass within the near-miss margin."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import etf_listing
from etf_listing.cli import main
from etf_listing.results import public_figure
from etf_listing.rulebook import load_rulebook
from etf_listing.verdicts import headroom
from etf_listing.vocabulary.numbers import EXACT, as_ratio


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


_DECIMALS = st.one_of(st.integers(-10**20, 10**20), st.decimals(allow_nan=False, allow_infinity=False, places=6,
                                                                min_value=-10**12, max_value=10**12))


@given(_DECIMALS, st.sampled_from([">=", ">", "<=", "<"]), _DECIMALS)
def test_headroom_of_two_decimals_is_the_exact_difference_as_ratios_give_it(observed: Any, operator: str,
                                                                           threshold: Any) -> None:
    """A figure and a threshold that are plain numbers: the headroom is the exact difference, the
    very Decimal (digits and exponent) that the difference of two Ratios gives."""
    with localcontext(EXACT):
        found = headroom(observed, operator, threshold)
        if operator in (">=", ">"):
            expected = public_figure(as_ratio(observed) - threshold)
        else:
            expected = public_figure(as_ratio(threshold) - observed)
    assert type(found) is Decimal and found == expected and str(found) == str(expected)
    assert found == (observed - threshold if operator in (">=", ">") else threshold - observed)


def test_the_text_report_warns_of_near_misses_within_the_margin(in_examples_copy: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    source = Path("examples/value-up-passive/product.yaml").read_text(encoding="utf-8")
    folder = Path("examples/value-up-passive")
    near = folder / "near-miss.test-tmp.yaml"
    near.write_text(source.replace("principal_krw: 100억원", "principal_krw: 72억원"), encoding="utf-8")
    main([str(near)])
    text = capsys.readouterr().out
    assert "⚠ near miss: KRW 200m above KRW 7bn" in text
    main([str(near), "--near-miss", "2%"])
    assert "near miss" not in capsys.readouterr().out
    main([str(near), "--format", "json"])
    (report,) = json.loads(capsys.readouterr().out)["reports"]
    assert {r["rule"]: r["headroom"] for r in report["results"]}["krx.size.principal"] == "200000000"
