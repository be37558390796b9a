"""The library as another tool uses it: only ``import etf_listing`` and its public names.

Several products that track one index are loaded with one Loader (the index is read once),
evaluated, and rendered in the report formats; input problems arrive as ``InputError`` values."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import etf_listing

from ..conftest import EXAMPLES

VALUE_UP = ["value-up-passive", "failing/principal-below-minimum", "failing/ap-without-lp-contract",
            "failing/pdf-missing-large-constituents", "failing/cash-creation-without-reason"]


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for folder in ["indices/korea-value-up", *VALUE_UP]:
        shutil.copytree(EXAMPLES / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_many_products_on_one_index_are_loaded_evaluated_and_rendered(repository: Path) -> None:
    loader = etf_listing.Loader(root=".")
    products = [loader.load_product(f"{folder}/product.yaml") for folder in VALUE_UP]
    assert all(isinstance(p, etf_listing.Product) for p in products)
    assert all(p.index is products[0].index for p in products)  # the index was loaded once
    rulebook = etf_listing.load_rulebook()
    assert isinstance(rulebook, etf_listing.Rulebook)
    reports = [etf_listing.evaluate(product, rulebook) for product in products]
    assert [r.eligible for r in reports] == [True, False, False, False, False]
    failing = {r.product.file: [x.rule.id for x in r.results if x.status == "fail"] for r in reports}
    assert failing["failing/principal-below-minimum/product.yaml"] == ["krx.size.principal"]
    result = reports[1].results[8]
    assert isinstance(result, etf_listing.Result) and result.rule.id == "krx.size.principal"
    assert result.message["ko"] == "원본액 65억원으로 70억원에 미달합니다."

    document = json.loads(etf_listing.render(reports, format="json"))
    assert [r["file"] for r in document["reports"]] == [f"{folder}/product.yaml" for folder in VALUE_UP]
    sarif = json.loads(etf_listing.render(reports, format="sarif", lang="ko"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == [
        "krx.size.principal", "krx.liquidity.lp_contract", "krx.pdf.market_cap_coverage", "krx.creation.cash"]
    for format in etf_listing.FORMATS:
        for lang in etf_listing.LANGUAGES:
            assert etf_listing.render(reports, format=format, lang=lang)
    assert ET.fromstring(etf_listing.render(reports, format="junit")).tag == "testsuites"


def test_load_product_alone_and_an_evaluation_date(repository: Path) -> None:
    import datetime as dt

    product = etf_listing.load_product("value-up-passive/product.yaml", root=".")
    report = etf_listing.evaluate(product, etf_listing.load_rulebook("krx-etf-listing"), as_of=dt.date(2024, 9, 30))
    assert isinstance(report, etf_listing.Report) and report.as_of == dt.date(2024, 9, 30)


def test_an_evaluation_date_given_as_a_datetime_is_its_date(repository: Path) -> None:
    import datetime as dt

    product = etf_listing.load_product("value-up-passive/product.yaml")
    report = etf_listing.evaluate(product, etf_listing.load_rulebook(), as_of=dt.datetime(2024, 9, 30, 15, 30))
    assert report.as_of == dt.date(2024, 9, 30) and type(report.as_of) is dt.date


@pytest.mark.parametrize("name, value", [("as_of", "2024-10-31"), ("as_of", 20241031), ("today", "2025-01-01")])
def test_a_date_that_is_not_a_date_is_refused_by_name(repository: Path, name: str, value: object) -> None:
    product = etf_listing.load_product("value-up-passive/product.yaml")
    with pytest.raises(TypeError, match=f"{name} must be a datetime.date"):
        etf_listing.evaluate(product, etf_listing.load_rulebook(), **{name: value})


def test_input_problems_are_values_with_a_place(repository: Path) -> None:
    with pytest.raises(etf_listing.InputError) as caught:
        etf_listing.Loader(root=".").load_product("indices/korea-value-up/index.yaml")
    (problem,) = caught.value.problems
    assert isinstance(problem, etf_listing.Problem)
    assert problem.location == etf_listing.Location("indices/korea-value-up/index.yaml", 3, 7)
    assert problem.message == "not a product file (kind: 'etf-index')"
    assert problem.text("ko").startswith("indices/korea-value-up/index.yaml:3:7: 상품 파일이 아닙니다")


def test_render_refuses_what_does_not_exist(repository: Path) -> None:
    report = etf_listing.evaluate(etf_listing.load_product("value-up-passive/product.yaml"), etf_listing.load_rulebook())
    with pytest.raises(ValueError, match="unknown format 'pdf'; formats: text, json, sarif"):
        etf_listing.render([report], format="pdf")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        etf_listing.render([report], lang="fr")


def test_this_file_uses_only_the_public_names() -> None:
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level == 0}
    assert not any(name.startswith("etf_listing.") for name in imported)
    used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name) and node.value.id == "etf_listing"}
    assert used - {"__all__", "__file__"} <= set(etf_listing.__all__)


def test_every_public_name_exists_and_is_documented() -> None:
    for name in etf_listing.__all__:
        value = getattr(etf_listing, name)
        if callable(value):
            assert value.__doc__, name
    assert "py.typed" in {p.name for p in Path(etf_listing.__file__).parent.iterdir()}


def test_importing_the_library_loads_nothing_heavy() -> None:
    code = "import sys, etf_listing; print(sorted(m for m in ('pydantic', 'yaml', 'jsonschema', 'rich') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_evaluate_stays_the_function_whatever_was_imported_first() -> None:
    # importing the command line or the renderer loads the evaluator's module, named like the function
    code = ("import etf_listing; etf_listing.render; import etf_listing.cli, etf_listing.evaluation; "
            "print(etf_listing.evaluate.__name__, callable(etf_listing.evaluate), type(etf_listing.evaluate).__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "evaluate True function\n"
