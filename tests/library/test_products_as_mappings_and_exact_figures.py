"""The library with a product built in Python (a mapping, not a file), figures as Decimals (never the
evaluation's internal fractions), findings with a code and a name, and waiver files read publicly.
Only ``import etf_listing`` and its public names."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import etf_listing

from ..conftest import EXAMPLES


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder in ["indices/korea-value-up", "value-up-passive"]:
        shutil.copytree(EXAMPLES / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def as_mapping(principal: object = "100억원", folder: str = "..", pdf: str = "pdf.csv") -> dict:
    return {"kind": "etf-product", "schema_version": 1, "name": "파이썬으로 만든 ETF", "as_of": dt.date(2024, 10, 31),
            "fund_form": "trust", "principal_krw": principal, "units": 200_000, "management": "passive", "leverage": 1,
            "creation": "in_kind", "underlying": {"index": f"{folder}/indices/korea-value-up/index.yaml", "license_signed": True},
            "participants": [{"name": "NH투자증권", "authorized_participant": True, "lp_contract": True},
                             {"name": "삼성증권", "authorized_participant": True, "lp_contract": False},
                             {"name": "한국투자증권", "authorized_participant": True, "lp_contract": True}],
            "pdf": pdf, "linked_assets_ratio": 0.995}


def test_a_product_given_as_a_mapping_gives_the_same_verdicts_as_its_file(repository: Path) -> None:
    rulebook = etf_listing.load_rulebook()
    from_file = etf_listing.evaluate(etf_listing.load_product("value-up-passive/product.yaml"), rulebook)
    loader = etf_listing.Loader()
    from_mapping = etf_listing.evaluate(loader.load_product(as_mapping(), directory="value-up-passive"), rulebook)
    assert [(r.rule_id, r.status, r.observed) for r in from_mapping.results] == \
        [(r.rule_id, r.status, r.observed) for r in from_file.results]
    assert from_mapping.product.linked_assets_ratio == Decimal("0.995")  # the float as it prints, exactly


def test_load_product_reads_a_mapping_relative_to_the_directory_given(repository: Path) -> None:
    product = etf_listing.load_product(as_mapping(), directory="value-up-passive")
    assert product.pdf and product.file == "value-up-passive/<product>"
    with pytest.raises(etf_listing.InputError, match="pdf.csv"):  # the working directory has no pdf.csv
        etf_listing.load_product(as_mapping(folder="."))


def test_evaluate_takes_a_mapping_or_a_path(repository: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rulebook = etf_listing.load_rulebook()
    assert etf_listing.evaluate("value-up-passive/product.yaml", rulebook).eligible
    report = etf_listing.evaluate(as_mapping("65억원", folder=".", pdf="value-up-passive/pdf.csv"), rulebook)
    assert not report.eligible
    assert {r.rule_id: r.status for r in report.results}["krx.size.principal"] == "fail"


def test_a_bad_mapping_is_an_input_error_naming_the_field(repository: Path) -> None:
    mapping = as_mapping()
    mapping["units"] = "many"
    with pytest.raises(etf_listing.InputError) as raised:
        etf_listing.load_product(mapping)
    (problem,) = raised.value.problems
    assert problem.message.startswith("units: expected a whole number, got 'many'")
    mapping["units"] = float("nan")
    with pytest.raises(etf_listing.InputError):
        etf_listing.load_product(mapping)


@pytest.mark.parametrize("field", ["as_of", "name"])
def test_text_with_a_lone_surrogate_is_an_input_error_naming_the_field(repository: Path, field: str) -> None:
    """No file can hold a lone surrogate, but a mapping built in Python can: it is refused as input,
    never an exception from inside the reader."""
    mapping = as_mapping()
    mapping[field] = "2024-10-3\ud800"
    with pytest.raises(etf_listing.InputError) as raised:
        etf_listing.load_product(mapping)
    (problem,) = raised.value.problems
    assert problem.message == f"{field}: '2024-10-3\\ud800' is not text (it holds a lone surrogate)"
    assert problem.location.file == "<product>"


def test_figures_are_decimals_never_internal_fractions(repository: Path) -> None:
    report = etf_listing.evaluate(etf_listing.load_product("value-up-passive/product.yaml"), etf_listing.load_rulebook())
    numeric = [r for r in report.results if r.observed is not None and not isinstance(r.observed, (bool, list, str))]
    assert numeric
    for result in numeric:
        assert isinstance(result.observed, (Decimal, int)), result.rule_id
        assert result.headroom is None or isinstance(result.headroom, (Decimal, int)), result.rule_id
    weight = next(r for r in report.results if r.rule_id == "krx.index.single_issue_weight")
    assert isinstance(weight.observed, Decimal) and str(weight.observed).startswith("0.2553740942")
    assert weight.headroom == Decimal("0.30") - weight.observed


def test_findings_have_a_code_and_a_name(repository: Path) -> None:
    pdf = repository / "value-up-passive" / "pdf.csv"
    lines = pdf.read_text(encoding="utf-8").splitlines()
    pdf.write_text("\n".join(lines[:1] + lines[60:]) + "\n", encoding="utf-8")  # the largest issues left out
    report = etf_listing.evaluate(etf_listing.load_product("value-up-passive/product.yaml"), etf_listing.load_rulebook())
    coverage = next(r for r in report.results if r.rule_id == "krx.pdf.market_cap_coverage")
    assert coverage.status == "fail"
    first = coverage.items[0]
    assert isinstance(first, etf_listing.ItemFinding)
    assert (first.code, first.name) == (first.identity["code"], first.identity["name"])
    assert isinstance(first.observed, Decimal)


def test_load_waivers_is_public(repository: Path) -> None:
    (repository / "waivers.yaml").write_text(
        "kind: etf-waivers\nschema_version: 1\nwaivers:\n  - rule: krx.size.principal\n    reason: seed money\n"
        "    approved_by: compliance\n    expires: 20991231\n", encoding="utf-8")
    (waiver,) = etf_listing.load_waivers("waivers.yaml")
    assert isinstance(waiver, etf_listing.Waiver)
    assert (waiver.rule, waiver.expires) == ("krx.size.principal", dt.date(2099, 12, 31))
