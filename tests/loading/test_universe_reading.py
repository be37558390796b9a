"""A universe file's fields are read directly in the usual spellings and by the pydantic model
otherwise: both readings give the same values, and whatever the direct reading doubts, the model
decides, with its positioned messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from etf_listing.errors import InputError
from etf_listing.loading.universe import UniverseRecord, load_universe
from etf_listing.loading.universe_document import UniverseDocument
from etf_listing.loading.yaml_source import parse_yaml

REPOSITORY = Path(__file__).resolve().parents[2]
FILES = [REPOSITORY / "examples" / "value-up-screen" / "universe.yaml",
         *sorted(path for path in (REPOSITORY / "tests" / "bad-inputs").glob("universe-*/universe.yaml")
                 if path.parent.name != "universe-misspelt-field")]  # (its fields are wrong: see below)


def both(text: str) -> tuple[Any, Any]:
    data = parse_yaml(text, "universe.yaml").data
    return UniverseRecord.read(data), UniverseDocument.model_validate(data)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.parent.name)
def test_the_direct_reading_gives_what_the_model_gives(path: Path) -> None:
    quick, model = both(path.read_text(encoding="utf-8"))
    for name in UniverseRecord.FIELDS:
        assert getattr(quick, name) == getattr(model, name), name


def test_inline_rows_and_a_description_read_the_same() -> None:
    quick, model = both("kind: index-universe\nschema_version: 1\nname: x\ndescription: y\nas_of: 2024-09-23\n"
                        "companies: [{code: '000001', name: A}]\nprevious_constituents: [{code: '000001'}]\n")
    assert [getattr(quick, n) for n in UniverseRecord.FIELDS] == [getattr(model, n) for n in UniverseRecord.FIELDS]


@pytest.mark.parametrize("field, message", [
    ("nmae: x", "unknown field 'nmae' (did you mean 'name'?)"),
    ("name: ''", "name"),
    ("name: x\nas_of: someday", "as_of"),
])
def test_what_the_direct_reading_doubts_the_model_refuses_with_its_position(tmp_path: Path, field: str, message: str) -> None:
    (tmp_path / "companies.csv").write_text("code,name,market\n000001,A,KOSPI\n", encoding="utf-8")
    path = tmp_path / "universe.yaml"
    path.write_text(f"kind: index-universe\nschema_version: 1\n{field}\ncompanies: companies.csv\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_universe(str(path))
    problems = [str(problem) for problem in caught.value.problems]
    assert all(problem.startswith(f"{path}:") for problem in problems)
    assert any(message in problem for problem in problems)
