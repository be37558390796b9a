"""Editor support: ``etf-check schema`` writes the JSON Schemas the repository ships, every example
names its schema for the YAML language server and validates against it, and the schemas catch a
misspelt field while accepting everything the loader accepts."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from etf_listing.cli import main
from etf_listing.loading.documents import MONEY_PATTERN
from etf_listing.loading.yaml_source import parse_yaml

from .. import builders
from ..conftest import EXAMPLES, REPOSITORY
from ..rulebooks.test_rulebook_loading import BOOK

SHIPPED = REPOSITORY / "schemas"
NAMES = ("product", "index", "rulebook", "universe")
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def shipped(name: str) -> dict[str, Any]:
    return json.loads((SHIPPED / f"{name}.schema.json").read_text(encoding="utf-8"))


def as_json(value: Any) -> Any:
    """YAML data as an editor's language server sees it (dates are text)."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def data(path: Path) -> Any:
    return as_json(parse_yaml(path.read_text(encoding="utf-8"), str(path)).data)


def errors(name: str, document: Any) -> list[str]:
    """Every complaint, including those of each alternative of an anyOf (as an editor shows them)."""
    validator = jsonschema.Draft202012Validator(shipped(name), format_checker=jsonschema.FormatChecker())

    def messages(error: jsonschema.ValidationError) -> list[str]:
        return [error.message, *(m for e in error.context or () for m in messages(e))]

    return [m for error in validator.iter_errors(document) for m in messages(error)]


def test_the_command_writes_the_shipped_schemas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--output", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.split() == [str(tmp_path / "out" / f"{name}.schema.json") for name in NAMES]
    for name in NAMES:
        written = (tmp_path / "out" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert written == (SHIPPED / f"{name}.schema.json").read_text(encoding="utf-8"), \
            "run: etf-check schema --output schemas"
        jsonschema.Draft202012Validator.check_schema(json.loads(written))


def test_the_command_writes_one_schema_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "index"]) == 0
    assert json.loads(capsys.readouterr().out) == shipped("index")


@pytest.mark.parametrize("arguments, message", [
    ([], "name a schema (product, index, rulebook, universe) or give --output DIR"),
    (["product", "index"], "one schema at a time on standard output"),
])
def test_the_command_explains_a_wrong_call(arguments: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", *arguments]) == 2
    assert message in capsys.readouterr().err


def test_the_command_refuses_an_unknown_schema(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["schema", "portfolio"])
    assert caught.value.code == 2
    assert "unknown schema 'portfolio'" in capsys.readouterr().err


EXAMPLE_FILES = sorted(p for p in EXAMPLES.rglob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: str(p.relative_to(EXAMPLES)))
def test_every_example_names_its_schema_and_validates_against_it(path: Path) -> None:
    document = data(path)
    kind = {"etf-product": "product", "etf-index": "index", "index-universe": "universe"}[document["kind"]]
    match = MODELINE.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert match, f"{path}: the first line names the schema for the YAML language server"
    assert (path.parent / match.group(1)).resolve() == SHIPPED / f"{kind}.schema.json"
    assert errors(kind, document) == []


def test_the_shipped_rulebooks_validate_against_the_rulebook_schema() -> None:
    paths = sorted((REPOSITORY / "rules").rglob("*.yaml")) + sorted((REPOSITORY / "tests" / "rulebooks").glob("*.yaml"))
    rulebooks = [path for path in paths if data(path).get("kind") == "etf-rulebook"]  # not rule tests or their fixtures
    assert len(rulebooks) >= 4
    for path in rulebooks:
        assert errors("rulebook", data(path)) == [], path


@pytest.mark.parametrize("layout", ["files", "inline", "embedded"])
def test_what_the_loader_accepts_the_schemas_accept(layout: str, tmp_path: Path) -> None:
    issues = [*builders.stocks(9), builders.stock("005930", "1조 5천억원", "KRW 7bn", market="KOSDAQ"),
              {**builders.treasury("KR1", tenor_years=3), "ktb_futures_basket": "yes"}]
    series = builders.daily("005930", ("2024-10-30", "7e9", 1), ("2024-10-31", 7000000000, "1,000"))
    document = builders.product(builders.index(issues, market_data=series), principal_krw="70억원",
                                pdf=[builders.holding("005930", "1.5"), builders.holding("KRW", 0)],
                                linked_assets_ratio="0.99", leverage=-2)
    path = builders.write(tmp_path, document, layout)
    report = builders.check(tmp_path, document, layout=layout)  # the loader accepts it
    assert report.product.name == "시험 ETF"
    assert errors("product", data(path)) == []
    if layout != "embedded":
        assert errors("index", data(tmp_path / "index" / "index.yaml")) == []


PRODUCT = EXAMPLES / "value-up-passive" / "product.yaml"
INDEX = EXAMPLES / "failing" / "narrow-index-single-issue" / "index.yaml"


@pytest.mark.parametrize("name, path, change, complaint", [
    ("product", PRODUCT, lambda d: d.update(principle_krw=d.pop("principal_krw")), "'principle_krw' was unexpected"),
    ("product", PRODUCT, lambda d: d["underlying"].update(licence_signed=True), "'licence_signed' was unexpected"),
    ("product", PRODUCT, lambda d: d["participants"][0].update(lp=True), "'lp' was unexpected"),
    ("product", PRODUCT, lambda d: d.update(creation="inkind"), "'inkind' is not one of ['in_kind', 'cash']"),
    ("product", PRODUCT, lambda d: d.update(principal_krw="100억달러"), "does not match"),
    ("product", PRODUCT, lambda d: d.update(pdf=[{"code": "005930", "name": "삼성전자", "qty": 1}]), "'qty' was unexpected"),
    ("product", PRODUCT, lambda d: d.update(as_of="2024-02-30"), "is not a 'date'"),
    ("product", PRODUCT, lambda d: d.pop("name"), "'name' is a required property"),
    ("index", INDEX, lambda d: d.update(asset_clas=d.pop("asset_class")), "'asset_clas' was unexpected"),
    ("index", INDEX, lambda d: d.update(constituents=[{"code": "1", "name": "A", "markt": "KOSPI"}]), "'markt' was unexpected"),
])
def test_a_misspelt_or_wrong_field_is_caught_by_the_schema(name: str, path: Path, change, complaint: str) -> None:
    document = data(path)
    assert errors(name, document) == []
    change(document)
    found = errors(name, document)
    assert found and any(complaint in message for message in found), found


def test_a_misspelt_rulebook_field_is_caught_by_the_schema() -> None:
    document = as_json(parse_yaml(BOOK.replace("title: Count", "titel: Count"), "book.yaml").data)
    assert any("'titel' was unexpected" in message for message in errors("rulebook", document))


@pytest.mark.parametrize("spelling", ["7000000000", "7,000,000,000", "7e9", "70억원", "70억", "7천억원", "1.5조원",
                                      "1조 5천억원", "3억 2천만원", "7bn", "7BN", "KRW 7bn", "₩7bn", "150m", "500k",
                                      "7,000,000,000원"])
def test_the_money_pattern_accepts_every_spelling_the_loader_reads(spelling: str) -> None:
    assert re.search(MONEY_PATTERN, spelling)


@pytest.mark.parametrize("spelling", ["abc", "lots", "100억달러", "-5", "억원", ""])
def test_the_money_pattern_refuses_text_that_is_no_amount(spelling: str) -> None:
    assert not re.search(MONEY_PATTERN, spelling)
