"""A result's message reads as a sentence: no template placeholder is ever left in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etf_listing.cli import main


def test_a_fail_without_offenders_does_not_show_a_placeholder(in_examples_copy: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    product = Path("examples/value-up-passive/product.yaml").read_text(encoding="utf-8")
    start = product.index("participants:")
    end = product.index("pdf:")
    changed = product[:start] + "participants:\n  - {name: X, authorized_participant: false, lp_contract: false}\n" + product[end:]
    path = Path("examples/value-up-passive/no-ap.review-tmp.yaml")
    path.write_text(changed, encoding="utf-8")
    main([str(path), "--format", "json"])
    (report,) = json.loads(capsys.readouterr().out)["reports"]
    messages = [r["message"] for r in report["results"]]
    assert not any("{" in m for m in messages)


@pytest.mark.parametrize("value, shown", [("-0.99976435", "-0.99976435"), ("-0.0417", "-0.0417"),
                                          ("-1234.5", "-1,234.5"), ("0.5", "0.5"), ("-0.000", "0"),
                                          ("-12.0", "-12")])
def test_a_negative_figure_between_minus_one_and_zero_keeps_its_sign(value: str, shown: str) -> None:
    """A correlation of -0.9998 (an inverse product written as leverage 2) read as 0.9998 in the
    message would say a figure above 0.9 is below it."""
    from decimal import Decimal

    from etf_listing.formatting import format_value

    assert format_value(Decimal(value), "number", "en") == shown
    assert format_value(Decimal(value), "count", "ko") == shown


@pytest.mark.parametrize("ratio, shown", [("1.001371E+28", "1.001371E+30%"), ("-3E+40", "-3.000000E+42%"),
                                          ("1E+13", "1.000000E+15%"), ("9999999999999.99", "999999999999999.00%")])
def test_a_ratio_far_too_large_to_spell_out_is_shown_not_a_crash(ratio: str, shown: str) -> None:
    """A closing price over a NAV of almost nothing (0.000...01) makes a disparity of 10^28: shown
    in exponent form; a rendering failure would lose the report of every file of the run."""
    from decimal import Decimal

    from etf_listing.formatting import format_percent

    assert format_percent(Decimal(ratio)) == shown
    assert format_percent(Decimal("0.0123")) == "1.23%"  # an ordinary ratio as before


def test_a_brace_written_twice_is_shown_as_itself_and_loads() -> None:
    """A message may show a brace ("Annex {2}"): written twice, as a format string has it, it is
    neither a placeholder nor refused as one left open."""
    from decimal import Decimal
    from types import SimpleNamespace

    from etf_listing.formatting import render_message
    from etf_listing.rulebook import compile_rulebook
    from tests.rulebooks.test_rulebook_loading import BOOK

    template = {"en": "Annex {{2}}: {observed} issues {{{threshold}}}}}", "ko": "부속서 {{2}}: {observed}개"}
    shown = render_message(template, SimpleNamespace(unit="count"), {}, {"observed": Decimal(12), "threshold": Decimal(10),
                                                                        "operator": ">="})
    assert (shown["en"], shown["ko"]) == ("Annex {2}: 12 issues {10}}", "부속서 {2}: 12개")
    written = BOOK.replace("      threshold: {param: minimum}\n", "      threshold: {param: minimum}\n    message:\n"
                           "      pass: {en: \"Annex {{2}}: {observed} issues.\", ko: \"부속서 {{2}}: {observed}개.\"}\n")
    assert compile_rulebook(written, "book.yaml").rules[0].id == "t.count"
    # a brace written twice inside what would be a placeholder joins nothing: refused, as shown
    from tests.rulebooks.test_rulebook_loading import rulebook_error

    broken = written.replace("Annex {{2}}: {observed} issues.", "{obs{{erved} issues.")
    assert "the message names {obs erved}, which no result fills in here" in rulebook_error(broken)
