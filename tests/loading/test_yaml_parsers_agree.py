"""The two YAML parsers (libyaml's, fast, where PyYAML has it; PyYAML's own) read every file of the
repository alike, values and positions; a deeply nested document is refused, not a crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from etf_listing.errors import InputError
from etf_listing.loading import yaml_parser
from etf_listing.loading.yaml_source import parse_yaml

from ..conftest import REPOSITORY


def _utf8(path: Path) -> bool:
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return False  # the corpus's other encodings are refused before any parser sees them
    return True


YAML_FILES = sorted(path for path in {*REPOSITORY.glob("examples/**/*.yaml"), *REPOSITORY.glob("tests/**/*.yaml"),
                                      *REPOSITORY.glob("rules/**/*.yaml")} if _utf8(path))


def _parsed_with(loader: type, text: str, file: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(yaml_parser, "_Loader", loader)
        try:
            document = yaml_parser.parse(text, file)  # (the parser's reading, not the lines')
        except InputError as error:
            return [problem.location for problem in error.problems]
    return document.data, document.values, document.keys


@pytest.mark.skipif(yaml_parser._Loader is yaml_parser._PythonLoader, reason="PyYAML without libyaml")
@pytest.mark.parametrize("path", YAML_FILES, ids=lambda path: str(path.relative_to(REPOSITORY)))
def test_libyaml_reads_every_file_exactly_as_the_python_parser_does(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml's parser (the fast one, used where PyYAML has it) and PyYAML's Python parser feed
    the same composer: every value, and every position, comes out the same."""
    text = path.read_text(encoding="utf-8")
    assert (_parsed_with(yaml_parser._LibyamlLoader, text, path.name, monkeypatch)
            == _parsed_with(yaml_parser._PythonLoader, text, path.name, monkeypatch))


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, "- " * 50_000 + "x", "a:\n" + "".join(
    " " * i + "b:\n" for i in range(1, 3_000))])
def test_a_deeply_nested_document_is_refused_not_a_crash(text: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_yaml(text, "deep.yaml")
    assert "nested more than" in str(raised.value)
