"""Start-up stays quick without giving up a check: the shipped rulebooks' shape check is recorded
when the package is tested (rules/checked.json) and trusted only for the exact text it was made
on; heavy modules are imported only by what needs them. No timings here: the benchmark measures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from etf_listing.errors import InputError
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


def test_libyaml_reads_a_known_rulebook_exactly_as_the_python_parser_does() -> None:
    for name, text in shipped_texts().items():
        python, libyaml = parse_yaml(text, name), parse_yaml(text, name, known=True)
        assert (python.data, python.values, python.keys) == (libyaml.data, libyaml.values, libyaml.keys)


def test_what_users_write_is_read_by_the_python_parser() -> None:
    deep = "[" * 100_000 + "]" * 100_000  # libyaml would crash the interpreter on this
    with pytest.raises(InputError):
        parse_yaml(deep, "deep.yaml")


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
