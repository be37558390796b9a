"""The parse of a rulebook kept between runs (etf_listing.rulebook_cache): the same document as a
fresh parse, value for value and position for position, used only for the very same text, in the
user's cache directory, and ignored when it cannot be trusted. The tests run with XDG_CACHE_HOME
set to a directory of their own (conftest)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import marshal
import os
from decimal import Decimal
from pathlib import Path

import pytest

from etf_listing.errors import InputError
from etf_listing.loading.yaml_source import Document, parse_yaml
from etf_listing.api import render
from etf_listing.rulebook import MAX_RULEBOOK_VALUES, compile_rulebook, load_rulebook, shipped_rulebooks
from etf_listing import rulebook_cache
from etf_listing.rulebook_cache import FORMAT, KEPT, cache_directory, parsed_rulebook

from ..conftest import REPOSITORY



def _texts() -> list[str]:
    """The YAML files of the repository's rulebooks, bad rulebooks and examples that are UTF-8 text."""
    found = []
    for top in ("rules", "tests/rulebooks", "tests/bad-rulebooks", "examples"):
        for path in sorted((REPOSITORY / top).rglob("*.yaml")):
            try:
                path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            found.append(str(path.relative_to(REPOSITORY)))
    return found


YAML_FILES = _texts()

# Every kind of value YAML gives, some written in the ways that trip a reader up.
PLAIN = """\
id: all-kinds
text: plain
quoted: "0.30"
code: 005930
whole: 42
negative: -7
big: 123456789012345678901234567890
exact: 0.30
tiny: 1.5e-3
yes: true
no_: false
nothing: null
empty:
day: 2024-10-31
nested:
  - [1, 2.50, "three", 2024-02-29]
  - {a: {b: [null, true]}, "key with spaces": x}
  - []
  - {}
unicode: 유가증권시장
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory of this test."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "etf-listing" / "rulebooks"


def kept(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.marshal")) if cache.is_dir() else []


def same_document(found: Document, expected: Document) -> None:
    """Equal values of equal types (a Decimal stays a Decimal, 0.30 keeps its digits), and the same
    position for every value and every key."""
    def typed(value: object) -> object:
        if isinstance(value, dict):
            return [(k, typed(v)) for k, v in value.items()]
        if isinstance(value, list):
            return [typed(v) for v in value]
        return (type(value).__name__, str(value))

    assert typed(found.data) == typed(expected.data)
    assert found.file == expected.file
    for mine, theirs in ((found.values, expected.values), (found.keys, expected.keys)):
        assert sorted(mine, key=repr) == sorted(theirs, key=repr)
        assert {path: mine[path] for path in mine} == dict(theirs)
    for path in [*expected.values, ("no", "such", 3)]:
        assert found.where(path) == expected.where(path)
    for path in expected.keys:
        assert found.where_key(path) == expected.where_key(path)


def test_the_second_parse_is_read_back_and_is_the_same_document(cache: Path) -> None:
    first = parsed_rulebook(PLAIN, "plain.yaml", MAX_RULEBOOK_VALUES)
    assert len(kept(cache)) == 1
    again = parsed_rulebook(PLAIN, "elsewhere/plain.yaml", MAX_RULEBOOK_VALUES)
    assert isinstance(again.values, rulebook_cache.Positions)  # it was read back, not parsed
    same_document(first, parse_yaml(PLAIN, "plain.yaml", max_values=MAX_RULEBOOK_VALUES))
    same_document(again, parse_yaml(PLAIN, "elsewhere/plain.yaml", max_values=MAX_RULEBOOK_VALUES))
    assert again.data["exact"] == Decimal("0.30") and str(again.data["exact"]) == "0.30"
    assert again.data["day"] == dt.date(2024, 10, 31) and again.data["code"] == "005930"
    assert again.data["yes"] is True and again.data["whole"] == 42 and type(again.data["whole"]) is int


@pytest.mark.parametrize("path", YAML_FILES)
def test_every_yaml_file_reads_back_as_it_parses(cache: Path, path: str) -> None:
    text = (REPOSITORY / path).read_text(encoding="utf-8")
    try:
        fresh = parse_yaml(text, "rulebook.yaml", max_values=MAX_RULEBOOK_VALUES)
    except InputError:
        with pytest.raises(InputError):
            parsed_rulebook(text, "rulebook.yaml", MAX_RULEBOOK_VALUES)
        assert kept(cache) == []  # a text that does not parse leaves nothing behind
        return
    parsed_rulebook(text, "rulebook.yaml", MAX_RULEBOOK_VALUES)
    again = parsed_rulebook(text, "rulebook.yaml", MAX_RULEBOOK_VALUES)
    assert isinstance(again.values, rulebook_cache.Positions)
    same_document(again, fresh)


def report_json(rulebook_name: str) -> str:
    from etf_listing.evaluation import evaluate
    from etf_listing.loading.load import Loader

    product = Loader().load_product(str(REPOSITORY / "examples" / "value-up-passive" / "product.yaml"))
    report = evaluate(product, load_rulebook(rulebook_name))
    return render([report], "json")


def test_a_rulebook_read_back_gives_the_same_report(cache: Path) -> None:
    fresh = report_json("krx-etf-listing")
    assert len(kept(cache)) == 1
    assert report_json("krx-etf-listing") == fresh
    assert json.loads(fresh)["reports"][0]["results"]  # (a report with results)


def test_a_mistake_in_a_rulebook_read_back_is_placed_as_before(cache: Path) -> None:
    text = Path(shipped_rulebooks()["krx-etf-listing"]).read_text(encoding="utf-8").replace(
        "operator: \"<=\"", "operator: \"=<\"", 1)
    assert "=<" in text

    def problems() -> list[str]:
        with pytest.raises(InputError) as caught:
            compile_rulebook(text, "rules/krx/etf-listing.yaml", cached=True)
        return [problem.text("en") for problem in caught.value.problems]

    first = problems()
    assert len(kept(cache)) == 1  # the text parsed: only compiling it failed
    assert problems() == first and first


def test_compiling_a_text_keeps_nothing_unless_asked(cache: Path) -> None:
    text = Path(shipped_rulebooks()["krx-etf-listing"]).read_text(encoding="utf-8")
    compile_rulebook(text, "rules/krx/etf-listing.yaml")
    assert kept(cache) == []  # the library's compile_rulebook is free of files; load_rulebook keeps the parse
    load_rulebook("krx-etf-listing")
    assert len(kept(cache)) == 1


def test_a_changed_text_is_parsed_afresh(cache: Path) -> None:
    parsed_rulebook(PLAIN, "plain.yaml", MAX_RULEBOOK_VALUES)
    changed = PLAIN.replace("exact: 0.30", "exact: 0.35")
    document = parsed_rulebook(changed, "plain.yaml", MAX_RULEBOOK_VALUES)
    assert document.data["exact"] == Decimal("0.35")
    assert len(kept(cache)) == 2
    # and a bound on the values is part of what the parse depends on
    parsed_rulebook(PLAIN, "plain.yaml", MAX_RULEBOOK_VALUES - 1)
    assert len(kept(cache)) == 3


def damage(file: Path, how: str) -> None:
    blob = file.read_bytes()
    head = len(FORMAT) + 32
    if how == "a byte changed":
        file.write_bytes(blob[:-10] + bytes([blob[-10] ^ 0x01]) + blob[-9:])
    elif how == "cut short":
        file.write_bytes(blob[: len(blob) // 2])
    elif how == "empty":
        file.write_bytes(b"")
    elif how == "another format":
        file.write_bytes(blob.replace(FORMAT, FORMAT.replace(b" 1\n", b" 0\n"), 1))
    else:  # well formed, with a true digest, but holding what no parse gives
        value = {"a float": 0.5, "a set": {"x"}, "code": compile("1", "x", "eval"),
                 "a date that does not exist": ("t", "2024-13-01"), "a tuple": ("x", 1)}[how]
        _, values, keys = marshal.loads(blob[head:])
        payload = marshal.dumps(({"id": value}, values, keys))
        file.write_bytes(FORMAT + hashlib.sha256(payload).digest() + payload)


@pytest.mark.parametrize("how", ["a byte changed", "cut short", "empty", "another format", "a float", "a set", "code",
                                 "a date that does not exist", "a tuple"])
def test_a_damaged_file_is_ignored_and_written_again(cache: Path, how: str) -> None:
    parsed_rulebook(PLAIN, "plain.yaml", MAX_RULEBOOK_VALUES)
    [file] = kept(cache)
    damage(file, how)
    document = parsed_rulebook(PLAIN, "plain.yaml", MAX_RULEBOOK_VALUES)
    assert not isinstance(document.values, rulebook_cache.Positions)  # parsed, not read back
    same_document(document, parse_yaml(PLAIN, "plain.yaml", max_values=MAX_RULEBOOK_VALUES))
    again = parsed_rulebook(PLAIN, "plain.yaml", MAX_RULEBOOK_VALUES)
    assert isinstance(again.values, rulebook_cache.Positions)  # the file was written again
    same_document(again, document)


def test_a_cache_that_cannot_be_written_is_done_without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a-file").write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a-file"))
    for _ in range(2):
        document = parsed_rulebook(PLAIN, "plain.yaml", MAX_RULEBOOK_VALUES)
        same_document(document, parse_yaml(PLAIN, "plain.yaml", max_values=MAX_RULEBOOK_VALUES))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


@pytest.mark.parametrize("change", ["a reader's file changed", "the reader's files unnamed"])
def test_the_key_names_the_readers_files(cache: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    """A parse is kept under a key that names each YAML reader module (by size and time of
    change): a changed one is never met by a parse made by another; where the reader's files cannot
    be named, nothing is kept."""
    from etf_listing.loading import yaml_lines, yaml_source

    key = rulebook_cache._key(PLAIN, MAX_RULEBOOK_VALUES)
    assert key is not None
    if change == "a reader's file changed":  # (as the system would tell of it after an edit)
        real_stat, edited = os.stat, os.path.realpath(yaml_lines.__file__)

        def stat(path: str) -> os.stat_result:
            found = real_stat(path)
            if os.path.realpath(path) != edited:
                return found
            return os.stat_result(tuple(found)[:10], {"st_atime_ns": found.st_atime_ns, "st_ctime_ns": found.st_ctime_ns,
                                                      "st_mtime_ns": found.st_mtime_ns + 1})  # one nanosecond later

        monkeypatch.setattr(rulebook_cache.os, "stat", stat)
        assert rulebook_cache._key(PLAIN, MAX_RULEBOOK_VALUES) not in (None, key)
    else:
        monkeypatch.setattr(yaml_source, "__file__", None)
        assert rulebook_cache._key(PLAIN, MAX_RULEBOOK_VALUES) is None
        parsed_rulebook(PLAIN, "plain.yaml", MAX_RULEBOOK_VALUES)
        assert not isinstance(parsed_rulebook(PLAIN, "plain.yaml", MAX_RULEBOOK_VALUES).values, rulebook_cache.Positions)


def test_the_cache_is_in_the_users_cache_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_directory() == str(tmp_path / "xdg" / "etf-listing" / "rulebooks")
    for unset in ("", "relative/path"):  # the XDG rule: only an absolute path counts
        monkeypatch.setenv("XDG_CACHE_HOME", unset)
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        assert cache_directory() == str(tmp_path / "home" / ".cache" / "etf-listing" / "rulebooks")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_rulebook()
    assert [p.suffix for p in (tmp_path / "xdg" / "etf-listing" / "rulebooks").iterdir()] == [".marshal"]


def test_only_the_latest_parses_are_kept(cache: Path) -> None:
    for i in range(KEPT + 3):
        parsed_rulebook(f"id: rulebook-{i}\n", "r.yaml", MAX_RULEBOOK_VALUES)
    files = kept(cache)
    assert len(files) == KEPT
    newest = parsed_rulebook(f"id: rulebook-{KEPT + 2}\n", "r.yaml", MAX_RULEBOOK_VALUES)
    assert isinstance(newest.values, rulebook_cache.Positions)  # the last written is among those kept
