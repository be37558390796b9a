"""Start-up stays quick without giving up a check: the shipped rulebooks' shape check is recorded
when the package is tested (rules/checked.json) and trusted only for the exact text it was made
on; heavy modules are imported only by what needs them. No timings here: the benchmark measures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from etf_listing.errors import InputError
from etf_listing.loading.yaml_source import _LibyamlLoader, _Loader, _parse, _shallow, parse_yaml
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


YAML_FILES = sorted({*REPOSITORY.glob("examples/**/*.yaml"), *REPOSITORY.glob("tests/**/*.yaml"),
                     *REPOSITORY.glob("rules/**/*.yaml")})


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda path: str(path.relative_to(REPOSITORY)))
def test_libyaml_reads_every_file_exactly_as_the_python_parser_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    python, libyaml = _parse(text, path.name, _Loader), _parse(text, path.name, _LibyamlLoader)
    assert (python.data, python.values, python.keys) == (libyaml.data, libyaml.values, libyaml.keys)


def test_product_and_index_files_are_shallow_enough_for_libyaml() -> None:
    assert all(_shallow(path.read_text(encoding="utf-8")) for path in YAML_FILES if "rules" not in path.parts)


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, "- " * 50_000 + "x", "a:\n" + "".join(
    " " * i + "b:\n" for i in range(1, 3_000))])
def test_a_deeply_nested_document_is_read_by_the_python_parser(text: str) -> None:
    assert not _shallow(text)  # libyaml would crash the interpreter on the first two
    with pytest.raises(InputError):
        parse_yaml(text, "deep.yaml")


@pytest.mark.parametrize("text", ["a: [1, 2\n", "a: b: c\n", "a:\n  - x\n - y\n", "\t- a\n"])
def test_a_syntax_error_is_reported_in_the_python_parsers_words(text: str) -> None:
    with pytest.raises(InputError) as fast:
        parse_yaml(text, "bad.yaml")
    with pytest.raises(InputError) as python:
        _parse(text, "bad.yaml", _Loader)
    assert str(fast.value) == str(python.value)


@pytest.mark.parametrize("arguments, absent", [
    (["--version"], {"pydantic", "yaml", "jsonschema", "rich", "etf_listing.evaluate"}),
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
