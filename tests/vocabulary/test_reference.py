"""The vocabulary is listed once, in its declarations: the README's reference, the rulebook JSON
Schema and ``etf-check explain`` are written from them, and cannot drift."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from etf_listing.cli import main
from etf_listing.rulebook import load_rulebook, rulebook_schema
from etf_listing.vocabulary import reference
from etf_listing.vocabulary.tree import OPERATIONS

REPOSITORY = Path(__file__).resolve().parents[2]


def test_the_readme_reference_is_written_from_the_declarations() -> None:
    text = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    assert reference.updated_readme(text) == text, "run: python -m etf_listing.vocabulary.reference --write"
    section = text.split(reference.START)[1].split(reference.END)[0]
    for name, signature in OPERATIONS.items():
        assert f"| `{name.replace('|', '')}` | {signature.summary.replace('|', '')}" in section


def test_the_packaged_rulebook_schema_is_written_from_the_declarations() -> None:
    packaged = reference.PACKAGED.read_text(encoding="utf-8")
    assert reference.schema_text(reference.rulebook_schema(json.loads(packaged))) == packaged, \
        "run: python -m etf_listing.vocabulary.reference --write"
    shipped = (REPOSITORY / "schemas" / "rulebook.schema.json").read_text(encoding="utf-8")
    assert json.loads(shipped) == json.loads(packaged), "run: etf-check schema --output schemas"


def test_the_schema_knows_each_operation_s_options() -> None:
    validator = jsonschema.Draft202012Validator(rulebook_schema())
    expression = {"$ref": "#/$defs/expression"}
    for name, signature in OPERATIONS.items():
        alternatives = rulebook_schema()["$defs"]["expression"]["anyOf"][2]["allOf"]
        (declared,) = [a["then"] for a in alternatives if a["if"] == {"required": [name]}]
        assert set(declared["propertyNames"]["enum"]) == {name, *signature.options}
    schema = {"$defs": rulebook_schema()["$defs"], "$ref": "#/$defs/expression"}
    check = jsonschema.Draft202012Validator(schema)
    assert expression and validator
    assert not list(check.iter_errors({"count": {"get": "index.constituents"}}))
    assert list(check.iter_errors({"count": {"get": "index.constituents"}, "of": {"get": "item.weight"}}))  # no 'of'
    assert list(check.iter_errors({"window_mean": "price_krw", "months": 3, "tolerance_days": 7}))  # no such series


def test_the_shipped_rulebooks_use_only_declared_operations_with_every_example_valid() -> None:
    schema = {"$defs": rulebook_schema()["$defs"], "$ref": "#/$defs/expression"}
    check = jsonschema.Draft202012Validator(schema)
    import yaml

    for signature in OPERATIONS.values():
        for example in signature.examples:
            assert not list(check.iter_errors(yaml.safe_load(example))), example
    for name in ("krx-etf-listing", "ucits-diversification", "sebi-equity-etf-index"):
        assert load_rulebook(name).rules


@pytest.mark.parametrize("rule", ["krx.index.top85_market_cap", "krx.pdf.market_cap_coverage"])
def test_explain_shows_each_check_with_its_types_and_the_operations_it_uses(rule: str, capsys: pytest.CaptureFixture[str],
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPOSITORY)
    assert main(["explain", rule]) == 0
    text = capsys.readouterr().out
    checks = text.split("Checks:\n")[1].split("\n\n")[0]
    used = text.split("Operations used:\n")[1].split("\n\n")[0]
    if rule == "krx.index.top85_market_cap":
        assert checks == ("  for each of {ref: top_85} (a collection of constituents): {ref: market_cap_for_size_test} "
                          "(an amount in KRW) >= {param: min_market_cap_krw} (an amount in KRW)")
        assert "  window_mean: An index constituent's mean of a daily series over the window of months" in used
        assert "top_85 = {top_cumulative_share: {ref: constituents}" in text
    else:
        assert "(a ratio) >= {param: min_pdf_market_cap_coverage} (a ratio)" in checks
        assert "  member_of: " in used and "  share: " in used
