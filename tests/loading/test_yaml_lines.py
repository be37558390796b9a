"""The usual product or index file is read from its lines (``yaml_lines.read_lines``), without the
YAML parser. Whenever that reading gives a document it must be the parser's: the same values, and
the same position of every value and key, in the same order; a file the parser refuses, or reads
some other way, is never read from its lines. Documents in block style are generated, then written
over by hand (a line indented otherwise, a character put in or taken out, a line repeated), so that
most of them are nearly of the shape read here, or just outside it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import yaml
from yaml.nodes import ScalarNode
from hypothesis import given, settings
from hypothesis import strategies as st

from etf_listing.loading import yaml_parser, yaml_source, yaml_values
from etf_listing.loading.yaml_lines import read_lines
from etf_listing.loading.yaml_source import MAX_NODES

from .test_plain_yaml import general
from .test_yaml_parsers_agree import YAML_FILES


def lines(text: str, file: str = "f.yaml", max_values: int = MAX_NODES) -> Any:
    """The reading from lines, as ``test_plain_yaml.general`` gives the parser's; None where it
    gives way (a value it cannot read, such as a date that does not exist, included)."""
    try:
        found = read_lines(text, file, max_values, yaml_source._plain_scalar)
    except Exception:
        return None
    return None if found is None else (found[0], list(found[1].items()), list(found[2].items()))


PLAIN = st.one_of(
    st.integers(-10**6, 10**6), st.booleans(), st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.sampled_from(["005930", "0.995", "100억원", "7bn", "KRW 70억", "삼성전자", "a b", "../index.yaml", "12:30",
                     "-3", "-x", "a#b", "a, b", "a]", "x:y", "~", "null", "True", "no", "", "[]", "{}"]),
    st.text(alphabet="ab 가1-.:#'\"\\[]{},&*!|>%@`?\xa0", max_size=6),
)
KEYS = st.sampled_from(["kind", "name", "as_of", "pdf", "a", "b_c", "d-e", "f.g", "가", "1", "true", "a b", "<<"])


def documents() -> st.SearchStrategy[Any]:
    return st.recursive(PLAIN, lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(KEYS, children, max_size=4)), max_leaves=14)


EDITS = st.sampled_from(["none", "indent", "outdent", "insert", "delete", "repeat", "comment", "start", "blank"])


def written(data: Any, draw: st.DrawFn) -> str:
    """``data`` in block style, then one edit of a line."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False,
                          indent=draw(st.sampled_from([2, 4])), width=10_000)
    if draw(st.booleans()):  # lists indented under their key, as people often write them
        text = text.replace("\n- ", "\n  - ") if text.startswith(("a", "b", "k", "n", "p", "d", "f")) else text
    rows = text.split("\n")
    at = draw(st.integers(0, len(rows) - 1))
    row, edit = rows[at], draw(EDITS)
    if edit == "indent":
        rows[at] = " " * draw(st.integers(1, 3)) + row
    elif edit == "outdent":
        rows[at] = row[draw(st.integers(1, 3)):] if row.startswith(" ") else row
    elif edit == "insert":
        where = draw(st.integers(0, len(row)))
        rows[at] = row[:where] + draw(st.sampled_from(list(" -:#'\"[]{}&*!|>%@`?\t\r\x85\u2028\ufeff\x07가"))) + row[where:]
    elif edit == "delete" and row:
        where = draw(st.integers(0, len(row) - 1))
        rows[at] = row[:where] + row[where + 1:]
    elif edit == "repeat":
        rows.insert(at, row)
    elif edit == "comment":
        rows[at] = row + draw(st.sampled_from(["  # note", " #", "# not a comment", "  #"]))
    elif edit == "start":
        rows.insert(0, draw(st.sampled_from(["---", "--- ", "%YAML 1.1\n---", "...", "# top"])))
    elif edit == "blank":
        rows.insert(at, draw(st.sampled_from(["", "   ", "  # indented comment"])))
    return "\n".join(rows)


@settings(max_examples=3000, deadline=None)
@given(st.data())
def test_a_document_read_from_its_lines_is_the_parsers(data: st.DataObject) -> None:
    text = written(data.draw(documents()), data.draw)
    found = lines(text)
    if found is not None:
        assert found == general(text)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda path: path.name)
def test_every_file_of_the_repository_read_from_its_lines_is_the_parsers(path) -> None:
    text = path.read_text(encoding="utf-8")
    found = lines(text, str(path))
    if found is not None:
        assert found == general(text, str(path))


def test_the_usual_files_are_read_from_their_lines() -> None:
    product = ("# a comment\nkind: etf-product\nname: 배치 ETF  # the fund\nas_of: 2024-10-31\n"
               "principal_krw: 100억원\nlinked_assets_ratio: 0.995\ncash_creation_reason: null\n"
               "code: '005930'\nnote: \"a: b\"\n\nunderlying:\n  index: ../index.yaml\n  license_signed: true\n"
               "participants:\n  - name: NH투자증권\n    authorized_participant: true\n  - name: B\n"
               "eligible_markets:\n- KOSPI\n- KOSDAQ\nwaivers: []\nextra: {}\n")
    found = lines(product)
    assert found is not None and found == general(product)
    data, values, keys = found
    assert data["linked_assets_ratio"] == Decimal("0.995") and data["as_of"] == dt.date(2024, 10, 31)
    assert data["code"] == "005930" and data["note"] == "a: b" and data["name"] == "배치 ETF"
    assert data["participants"] == [{"name": "NH투자증권", "authorized_participant": True}, {"name": "B"}]
    assert data["eligible_markets"] == ["KOSPI", "KOSDAQ"] and data["waivers"] == [] and data["extra"] == {}
    values, keys = dict(values), dict(keys)
    assert (values[("participants", 1, "name")].line, values[("participants", 1, "name")].column) == (17, 11)
    assert (keys[("participants", 1, "name")].line, keys[("participants", 1, "name")].column) == (17, 5)
    assert (values[("underlying",)].line, values[("underlying",)].column) == (12, 3)
    assert (values[("eligible_markets", 1)].line, values[("eligible_markets", 1)].column) == (20, 3)


@pytest.mark.parametrize("text", [
    "a: [1]\n",  # a flow collection with something in it
    "a: &x 1\nb: *x\n",  # an anchor and its alias
    "a: !!str 1\n",  # a tag
    "a: 1\na: 2\n",  # a key written twice
    "a:\nb: 1\n",  # a value left empty
    "a: |\n  text\n",  # a block scalar
    "a: one\n  two\n",  # a value over two lines
    "a: \"\\x41\"\n",  # an escape
    "a: 'it''s'\n",  # a quote inside single quotes
    "'a': 1\n",  # a quoted key
    "a:\n\tb: 1\n",  # a tab
    "a: 1\r\nb: 2\r\n",  # a carriage return
    "\ufeffa: 1\n",  # a byte order mark
    "a: 1\n---\nb: 2\n",  # a second document
    "a: b: c\n",  # not YAML
    "a: 1\n  b: 2\n",  # not YAML
    "- a\nb: 1\n",  # not YAML
    "a: 2024-02-30\n",  # a date that does not exist
    "plain text\n",  # a document that is a scalar
    "",  # nothing at all
])
def test_anything_else_is_left_to_the_parser(text: str) -> None:
    assert lines(text) is None


@pytest.mark.parametrize("written", ["{key}: 1\n", "- {key}: 1\n", "a:\n  {key}:\n    b: 1\n", "{key}: \"x\"\n"])
def test_a_key_longer_than_yaml_allows_is_left_to_the_parser(written: str) -> None:
    """YAML allows a plain key of 1,024 characters on one line: the parser reads one that long and
    refuses a longer one, with its position; the lines read the first and give way at the second."""
    longest, longer = written.format(key="k" * 1024), written.format(key="k" * 1025)
    assert lines(longest) is not None and lines(longest) == general(longest)
    assert lines(longer) is None and "mapping values are not allowed" in general(longer)[0][0]


def test_the_bound_on_values_is_kept() -> None:
    text = "a: 1\nb:\n  c: 2\n"  # seven values as the parser counts them, the keys and the top included
    assert lines(text, max_values=7) is not None and general(text, max_values=7)[0] == {"a": 1, "b": {"c": 2}}
    assert lines(text, max_values=6) is None and "more than 6 values" in general(text, max_values=6)[0][0]


def test_any_character_read_from_the_lines_is_read_so_by_the_parser() -> None:
    """Every character of the first planes, and those at the edges of what YAML allows, inside a
    value: where the lines are read, the parser reads the same; the usual ones are read."""
    edges = [0xD7FF, 0xD800, 0xDFFF, 0xE000, 0xFEFE, 0xFEFF, 0xFF00, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF]
    read = set()
    for point in [*range(0x3000), *range(0xAC00, 0xAC10), *edges]:
        text = f"a: x{chr(point)}y\n"
        found = lines(text)
        if found is not None:
            assert found == general(text), hex(point)
            read.add(point)
    assert set(range(0x20, 0x7F)) - set(map(ord, "#:")) <= read and {0xAC00, 0x1F600} <= read
    assert not read & {0x09, 0x0D, 0x85, 0x2028, 0x2029, 0xFEFF, 0xD800}


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.text(alphabet="0123456789+-.eE_:~xX tTrRuUfFaAlLsSnN", max_size=12), PLAIN.map(str),
                 st.sampled_from(["", "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "yes", "on",
                                  "0", "-0", "+1", "01", "1.", ".5", "-.5", "1e3", "1E+3", "1e", ".", "+", "0x1F", "1_000",
                                  "2024-10-31", "2024-1-31", "20241031", "12:30", ".inf", "-.INF", ".nan"])))
def test_a_plain_values_type_is_the_one_the_parsers_resolver_gives(text: str) -> None:
    """The type of a plain value is resolved without PyYAML (``yaml_values._plain_tag``), as the
    parser's resolver, given the same table, resolves it."""
    resolved = yaml_parser._Resolver().resolve(ScalarNode, text, (True, False))
    assert yaml_values._plain_tag.__wrapped__(text) == resolved
