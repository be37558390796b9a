"""Start-up stays quick without giving up a check: the shipped rulebooks' shape check is recorded
when the package is tested (rules/checked.json) and trusted only for the exact text it was made
on; heavy modules are imported only by what needs them. No timings here: the benchmark measures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from etf_listing.errors import InputError
from etf_listing.loading import yaml_source
from etf_listing.loading.yaml_source import parse_yaml
from etf_listing.rulebook import checked_shapes, compile_rulebook, load_rulebook, shipped_rulebooks, text_of_schema

from .conftest import REPOSITORY


def shipped_texts() -> dict[str, str]:
    """The shipped rulebooks' texts by their name in the record (``krx/etf-listing.yaml``)."""
    paths = sorted({Path(path) for path in shipped_rulebooks().values()})
    return {f"{path.parent.name}/{path.name}": path.read_text(encoding="utf-8") for path in paths}


def test_the_record_of_checked_shapes_is_current() -> None:
    texts = shipped_texts()
    for name, text in texts.items():
        compile_rulebook(text, name)  # the full check, schema included, passes
    assert checked_shapes(text_of_schema(), texts) == set(texts), \
        "a shipped rulebook or the schema changed: run python -m etf_listing.rulebook --record-checked"


def test_only_the_recorded_text_and_schema_are_trusted() -> None:
    name, text = next(iter(shipped_texts().items()))
    assert checked_shapes(text_of_schema(), {name: text}) == {name}
    assert checked_shapes(text_of_schema(), {name: text + "\n# changed\n"}) == set()
    assert checked_shapes(text_of_schema() + " ", {name: text}) == set()
    assert checked_shapes(text_of_schema(), {"other/" + name: text}) == set()


def test_a_rulebook_named_by_path_is_always_checked(tmp_path: Path) -> None:
    name, text = next(iter(shipped_texts().items()))
    copy = tmp_path / "rulebook.yaml"
    copy.write_text(text.replace("kind: etf-rulebook", "kind: etf-rulebook\nunexpected: 1", 1), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_rulebook(str(copy))
    assert "unknown field 'unexpected'" in str(raised.value)


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
        patch.setattr(yaml_source, "_Loader", loader)
        try:
            document = parse_yaml(text, file)
        except InputError as error:
            return [problem.location for problem in error.problems]
    return document.data, document.values, document.keys


@pytest.mark.skipif(yaml_source._Loader is yaml_source._PythonLoader, reason="PyYAML without libyaml")
@pytest.mark.parametrize("path", YAML_FILES, ids=lambda path: str(path.relative_to(REPOSITORY)))
def test_libyaml_reads_every_file_exactly_as_the_python_parser_does(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml's parser (the fast one, used where PyYAML has it) and PyYAML's Python parser feed
    the same composer: every value, and every position, comes out the same."""
    text = path.read_text(encoding="utf-8")
    assert (_parsed_with(yaml_source._LibyamlLoader, text, path.name, monkeypatch)
            == _parsed_with(yaml_source._PythonLoader, text, path.name, monkeypatch))


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, "- " * 50_000 + "x", "a:\n" + "".join(
    " " * i + "b:\n" for i in range(1, 3_000))])
def test_a_deeply_nested_document_is_refused_not_a_crash(text: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_yaml(text, "deep.yaml")
    assert "nested more than" in str(raised.value)


@pytest.mark.parametrize("arguments, absent", [
    (["--version"], {"pydantic", "yaml", "jsonschema", "rich", "etf_listing.evaluation"}),
    (["--format", "json", "examples/value-up-passive/product.yaml"], {"jsonschema", "rich"}),
    (["examples/value-up-passive/product.yaml"], {"jsonschema"}),
])
def test_heavy_modules_are_imported_only_when_needed(arguments: list[str], absent: set[str]) -> None:
    probe = ("import contextlib, io, sys\nfrom etf_listing.cli import main\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n"
             f"    try:\n        main({arguments!r})\n    except SystemExit:\n        pass\n"
             "print(' '.join(sorted(sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=REPOSITORY, capture_output=True, text=True,
                            check=True).stdout.split()
    assert absent.isdisjoint(loaded), absent & set(loaded)


@pytest.mark.parametrize("change, refusal", [
    (lambda text: text.replace("kind: etf-rulebook", "kind: etf-rulebook\nunexpected: 1", 1), "unknown field 'unexpected'"),
    (lambda text: text.replace("kind: etf-rulebook", "kind: etf-rulebook\nnotes: [" + "1, " * 2_000 + "1]", 1),
     "a rulebook's lists hold at most"),
])
def test_a_tampered_shipped_rulebook_is_checked_and_refused(change, refusal: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The record trusts a shipped rulebook's text only as recorded: an installed file that was
    edited afterwards gets the schema check, and the size and list limits apply to every text."""
    from etf_listing import rulebook

    real = rulebook.read_text
    monkeypatch.setattr(rulebook, "read_text", lambda source, *rest: change(real(source, *rest)))
    with pytest.raises(InputError) as raised:
        load_rulebook("krx-etf-listing")
    assert refusal in str(raised.value)
