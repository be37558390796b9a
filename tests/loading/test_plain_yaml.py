"""A plainly written YAML document (no anchor, alias or tag, nothing to explain) is read in one pass
over the parser's events (``yaml_parser._plain_document``); anything else goes the general way,
which composes the document first and explains each problem with its position. Whenever the plain
reading gives a document it must be the general reading's: the same values, and the same position
of every value and key, in the same order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from etf_listing.errors import InputError
from etf_listing.loading import yaml_parser, yaml_source
from etf_listing.loading.yaml_parser import _parse_with, _plain_document
from etf_listing.loading.yaml_source import MAX_NODES, parse_yaml

from .test_yaml_parsers_agree import YAML_FILES


def general(text: str, file: str = "f.yaml", max_values: int = MAX_NODES) -> Any:
    """The general reading: the document's values and positions, or its problems."""
    try:
        document = _parse_with(yaml_parser._Loader, text, file, max_values)
    except InputError as error:
        return [(str(p), p.hint) for p in error.problems]
    return read(document)


def read(document: yaml_source.Document) -> Any:
    return document.data, list(document.values.items()), list(document.keys.items())


SCALARS = st.one_of(
    st.integers(-10**6, 10**6), st.booleans(), st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    st.sampled_from(["005930", "0.995", "1e3", "100억원", "true", "no", "~", "null", "", " a ", "a: b", "# c", "- x",
                     "2024-02-30", "2024-13-01", "1" * 40 + ".5", ".inf", "0x1F", "삼성전자", "a\nb", "'q'", '"d"',
                     "<<", "&a", "*a", "!x", "12:30", "-", "?", "@x", "%x"]),
    st.text(alphabet="ab 가:#-'\"\\\n{}[],&*!|>%@`", max_size=8),
)
KEYS = st.sampled_from(["kind", "name", "as_of", "pdf", "a", "b", "c", "가", "1", "true", "null", "a b", "<<", "k:"])


def documents() -> st.SearchStrategy[Any]:
    return st.recursive(SCALARS, lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4)), max_leaves=12)


def styled(data: Any, draw: st.DrawFn) -> str:
    """``data`` as YAML in one of the styles people write: block or flow, with or without a
    document start, comments, and now and then an anchor, a tag, a key written twice or a second
    document (for the plain reading to give way)."""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                          default_flow_style=draw(st.sampled_from([False, True, None])),
                          default_style=draw(st.sampled_from([None, None, None, '"', "'"])),
                          width=draw(st.sampled_from([80, 20])), indent=draw(st.sampled_from([2, 4])),
                          explicit_start=draw(st.booleans()))
    change = draw(st.integers(1, 12))
    lines = text.split("\n")
    where = draw(st.integers(0, len(lines) - 1))
    if change == 1:
        lines.insert(where, "# a comment: with [brackets] & *stars*")
    elif change == 2:
        lines[where] += "  # a comment"
    elif change == 3:
        lines.append("---\nsecond: document")
    elif change == 4:
        lines = [line.replace(": ", ": &anchor ", 1) if ": " in line else line for line in lines]
    elif change == 5:
        lines = [line.replace(": ", ": !!str ", 1) if ": " in line else line for line in lines]
    elif change == 6 and lines and ":" in lines[0]:
        lines.insert(1, lines[0])  # a key written twice
    elif change == 7:
        lines.insert(where, "\t")
    return "\n".join(lines)


@settings(max_examples=1500, deadline=None)
@given(st.data())
def test_a_plain_reading_gives_the_general_readings_document_or_gives_way(data: st.DataObject) -> None:
    text = styled(data.draw(documents()), data.draw)
    plain = _plain_document(text, "f.yaml", MAX_NODES)
    if plain is not None:
        assert read(plain) == general(text)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda path: path.name)
def test_every_file_of_the_repository_reads_alike_either_way(path) -> None:
    text = path.read_text(encoding="utf-8")
    plain = _plain_document(text, str(path), MAX_NODES)
    if plain is not None:
        assert read(plain) == general(text, str(path))


def test_the_usual_product_file_is_read_the_plain_way() -> None:
    text = ("kind: etf-product\nschema_version: 1\nname: 배치 ETF  # the fund\nas_of: 2024-10-31\n"
            "principal_krw: 100억원\nlinked_assets_ratio: 0.995\ncash_creation_reason: null\n"
            "underlying:\n  index: ../index.yaml\n  license_signed: true\n"
            "participants:\n  - name: NH투자증권\n    authorized_participant: true\n  - {name: 'B', lp_contract: no}\n")
    plain = _plain_document(text, "f.yaml", MAX_NODES)
    assert plain is not None
    assert read(plain) == general(text)
    assert plain.data["linked_assets_ratio"] == Decimal("0.995") and plain.data["as_of"] == dt.date(2024, 10, 31)
    assert plain.data["participants"][1] == {"name": "B", "lp_contract": "no"}
    assert plain.where(("participants", 1, "name")).line == 14


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",  # an anchor and its alias
    "a: !!str 1\n",  # a tag
    "a: 1\na: 2\n",  # a key written twice
    "<<: {a: 1}\n",  # a merge key
    "[a]: 1\n",  # a key that is not text
    "a: 2024-02-30\n",  # a date that does not exist
    "a: 1" + "0" * 40 + ".5\n",  # a number out of range
    "a: 1\n---\nb: 2\n",  # a second document
    "",  # nothing at all
    "a: [1\n",  # not YAML
    "a: \x07\n",  # a character YAML refuses
])
def test_anything_to_explain_goes_the_general_way(text: str) -> None:
    assert _plain_document(text, "f.yaml", MAX_NODES) is None


def test_the_plain_reading_keeps_the_bounds_of_the_general_one() -> None:
    text = "a: [1, 2, 3]\nb: {c: 4}\n"
    # Ten values as the parser reads them, keys included, as the general reading counts them.
    assert _plain_document(text, "f.yaml", 10) is not None
    assert _plain_document(text, "f.yaml", 9) is None
    parse_yaml(text, "f.yaml", max_values=10)
    with pytest.raises(InputError):
        parse_yaml(text, "f.yaml", max_values=9)
    deep = "a: " + "[" * 70 + "]" * 70 + "\n"
    assert _plain_document(deep, "f.yaml", MAX_NODES) is None
