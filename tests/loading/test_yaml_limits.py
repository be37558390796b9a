"""YAML from strangers: bounded in depth, size and alias expansion, whichever parser reads it.

The document is composed by our own loop over the parser's events (``yaml_parser._compose``), so
these hold for libyaml and for PyYAML's pure-Python parser alike; each test runs on both.
"""

from __future__ import annotations

import time
import tracemalloc
from decimal import Decimal
from typing import Iterator

import pytest
import yaml

from etf_listing.errors import InputError
from etf_listing.loading import yaml_parser
from etf_listing.loading.yaml_source import MAX_DEPTH, parse_yaml

PARSERS = [yaml_parser._PythonLoader]
if hasattr(yaml_parser, "_LibyamlLoader"):
    PARSERS.append(yaml_parser._LibyamlLoader)


@pytest.fixture(params=PARSERS, ids=lambda parser: parser.__name__)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[type]:
    monkeypatch.setattr(yaml_parser, "_Loader", request.param)
    yield request.param


def refusal(text: str) -> str:
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "t.yaml")
    (problem,) = caught.value.problems
    return str(problem)


def billion_laughs(levels: int = 10) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"  # 10^levels values from ``levels`` lines


def test_an_alias_bomb_is_refused_before_anything_is_expanded(parser: type) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        message = refusal(billion_laughs())
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message == ("t.yaml:4:45: aliases repeat more than 10,000 values "
                       "(aliases that repeat large structures are refused; write the values out)")
    assert peak < 2_000_000  # bytes: the four short lines read so far, nothing expanded
    # It takes about a millisecond; the bound is generous so that a slow or busy machine passes,
    # and still catches expansion (a billion values would take minutes).
    assert elapsed < 1.0


def test_aliases_that_repeat_small_values_are_fine(parser: type) -> None:
    text = "markets: &m [KOSPI, KOSDAQ]\n" + "".join(f"r{i}: *m\n" for i in range(100))
    data = parse_yaml(text, "t.yaml").data
    assert data["r99"] == ["KOSPI", "KOSDAQ"]


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a: ", "}"), ("- ", "")])
def test_a_document_nested_100000_deep_is_refused_where_it_goes_too_deep(parser: type, opening: str,
                                                                         closing: str) -> None:
    text = "x: " + opening * 100_000 + "1" + closing * 100_000 if closing else "x:\n  " + opening * 100_000 + "1\n"
    message = refusal(text)
    assert message.endswith(f": the document is nested more than {MAX_DEPTH} levels deep")
    line, column = map(int, message.split(":")[1:3])
    assert line in (1, 2) and column > MAX_DEPTH  # the place it goes too deep, not 1:1


def test_deep_block_mappings_are_refused(parser: type) -> None:
    text = "".join(" " * i + "a:\n" for i in range(5000))
    assert refusal(text) == f"t.yaml:{MAX_DEPTH + 1}:{MAX_DEPTH + 1}: the document is nested more than {MAX_DEPTH} levels deep"


def test_the_c_composer_is_never_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml's own composer recurses in C: 100,000 nested '[' overflow its stack and kill the
    process (SIGSEGV), beyond any except clause. parse_yaml must compose from events itself."""
    for parser in PARSERS:
        for method in ("get_single_node", "get_node", "check_node", "compose_document", "compose_node"):
            if hasattr(parser, method):
                monkeypatch.setattr(parser, method, _forbidden, raising=False)
        monkeypatch.setattr(yaml_parser, "_Loader", parser)
        assert parse_yaml("x: &x 2\na: [1, {b: *x}]\n", "t.yaml").data == {"x": 2, "a": [1, {"b": 2}]}


def _forbidden(*args: object) -> None:
    raise AssertionError("the YAML library's composer was called")


def test_a_document_with_too_many_values(parser: type) -> None:
    # a mapping, its key, the list and 997 items are 1,000 values
    assert len(parse_yaml("x: [" + "1, " * 997 + "]\n", "t.yaml", max_values=1000).data["x"]) == 997
    message = refusal_with("x: [" + "1, " * 998 + "]\n", max_values=1000)
    assert message.startswith("t.yaml:1:") and "the document holds more than 1,000 values" in message


def refusal_with(text: str, max_values: int) -> str:
    with pytest.raises(InputError) as caught:
        parse_yaml(text, "t.yaml", max_values=max_values)
    return str(caught.value.problems[0])


@pytest.mark.parametrize(
    "text, message",
    [
        ("a: &a [*a]\n", "t.yaml:1:8: the alias *a is inside the value it repeats (a value cannot contain itself)"),
        ("a: *b\n", "t.yaml:1:4: the alias *b has no anchor &b before it (an alias repeats a value anchored earlier in the file: &b value)"),
        ("a: &x 1\nb: &x 2\n", "t.yaml:2:4: the anchor &x is defined twice (first at line 1) (give each anchor its own name)"),
        ("a: 1\n---\nb: 2\n", "t.yaml:2:1: a second YAML document: a file holds one (remove the '---' line and what follows it)"),
        ("a: {<<: {b: 1}}\n", "t.yaml:1:5: merge keys (<<) are not allowed (write the fields out)"),
        ("a: 1e999\n", "t.yaml:1:4: a: '1e999' is too large: at most 30 digits before the decimal point"),
        ("a: 0.0000000000000000000000000000001\n", "t.yaml:1:4: a: '0.0000000000000000000000000000001' has too many decimal places: at most 30"),
        # a value the reader refuses is named by its field's path, as the field checks name it
        ("p:\n  - {q: 1e999}\n", "t.yaml:2:9: p.0.q: '1e999' is too large: at most 30 digits before the decimal point"),
        ("d: [2024-02-30]\n", "t.yaml:1:5: d.0: '2024-02-30' is not a date that exists (write YYYY-MM-DD)"),
        ("1e999\n", "t.yaml:1:1: '1e999' is too large: at most 30 digits before the decimal point"),
        ("a: b\ud800c\n", "t.yaml:1:5: the character U+D800 is not allowed in YAML (remove it; in a double-quoted string it may be written as an escape such as \\x07)"),
        ("이름: 가\x01\n", "t.yaml:1:6: the character U+0001 is not allowed in YAML (remove it; in a double-quoted string it may be written as an escape such as \\x07)"),
        ("a: !!python/object/apply:os.system [echo]\n", "t.yaml:1:4: the YAML tag tag:yaml.org,2002:python/object/apply:os.system is not allowed (these files hold plain data: mappings, lists, text, numbers, booleans and dates)"),
    ],
)
def test_what_is_refused_and_where(parser: type, text: str, message: str) -> None:
    assert refusal(text) == message


def test_both_parsers_read_the_same_data_at_the_same_places() -> None:
    text = ("kind: etf-product\nname: '시험'\nlist: [1, 0.30, 005930, no, true, 2024-10-31, ~]\n"
            "nested:\n  - {a: &v 7e9, b: *v}\n  - \"quoted\\ttext\"\n")
    documents = []
    for parser in PARSERS:
        yaml_parser._Loader, saved = parser, yaml_parser._Loader
        try:
            documents.append(parse_yaml(text, "t.yaml"))
        finally:
            yaml_parser._Loader = saved
    first = documents[0]
    assert first.data["list"] == [1, Decimal("0.30"), "005930", "no", True, first.data["list"][5], None]
    for other in documents[1:]:
        assert other.data == first.data
        assert other.values == first.values and other.keys == first.keys


def test_the_projects_own_depth_message_whatever_limit_libyaml_has(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml 0.2.5 and later (PyYAML 6.0.2+ wheels) refuse nesting beyond their own limit while
    scanning ahead; the user still gets this project's message, at the place it goes too deep, as
    with a libyaml that has no limit. The limit is simulated so the test holds whatever is installed."""

    class StrictLibyaml(yaml_parser._PythonLoader):
        def get_event(self) -> object:
            if self.flow_level > 10 or len(self.indents) > 10:
                raise yaml.scanner.ScannerError(None, None, "exceeded maximum nesting depth", self.get_mark())
            return super().get_event()

    monkeypatch.setattr(yaml_parser, "_Loader", StrictLibyaml)
    expected = f": the document is nested more than {MAX_DEPTH} levels deep"
    assert refusal("x: " + "[" * 1_000 + "1" + "]" * 1_000).endswith(expected)
    assert refusal("".join(" " * i + "a:\n" for i in range(200))) == f"t.yaml:{MAX_DEPTH + 1}:{MAX_DEPTH + 1}{expected}"
    assert parse_yaml("x: [[1]]\n", "t.yaml").data == {"x": [[1]]}


@pytest.mark.parametrize("text", ["principal_krw: 1.50E+10\n", "ratio: 9.9E-1\n"])
def test_a_spreadsheet_s_exponent_in_a_yaml_number_is_refused(parser: type, text: str) -> None:
    with pytest.raises(InputError, match="spreadsheet's scientific notation"):
        parse_yaml(text, "p.yaml")


def test_a_program_s_exponent_in_a_yaml_number_is_the_number_it_spells(parser: type) -> None:
    assert parse_yaml("principal_krw: 1.5e+10\n", "p.yaml").data == {"principal_krw": Decimal("1.5e+10")}
