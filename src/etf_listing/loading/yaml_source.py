"""YAML as plain data, with the position of every value, and nothing but plain data.

Product, index and rulebook files are read with a loader of our own rules rather than PyYAML's:

- only plain data: mappings, sequences, strings, integers, decimals, booleans, null and dates; any
  tag that would build an object is refused;
- numbers that are not integers are read as exact Decimals, never floats;
- a number written with a leading zero (``005930``) stays a string, because it is a code;
- booleans are ``true``/``false`` only (``no`` is the string "no", as in YAML 1.2);
- a key written twice is an error, not last-one-wins;
- alias expansion and nesting are bounded, so a small file cannot become a large document.

Every value's position is kept in a side table keyed by its path, so that findings and errors can
point at the line of the user's file they are about.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from ..errors import InputError, Location

Path = tuple[str | int, ...]

MAX_NODES = 1_000_000  # values built from one document, aliases expanded
MAX_DEPTH = 64


class _Resolver(BaseResolver):
    """Implicit types in the manner of YAML 1.2's core schema, less what surprises users."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?[1-9][0-9]*[eE][-+]?[0-9]+$"),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:timestamp", re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), list("0123456789")
)

class _Loader(Reader, Scanner, Parser, Composer, _Resolver):
    """PyYAML's Python parser: reads any document, and says what is wrong with one in its words."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Resolver.__init__(self)


try:
    from yaml._yaml import CParser

    class _LibyamlLoader(CParser, _Resolver):  # type: ignore[misc]
        """libyaml: the same documents, ten times faster. Its composer recurses in C, so a document
        nested deeply enough (some 30,000 levels in the main thread, far fewer in a thread with a
        small stack) crashes the interpreter instead of raising: it reads only documents that
        cannot nest deeply (``_shallow``) or that are known in advance."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Resolver.__init__(self)

except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _LibyamlLoader = _Loader  # type: ignore[misc,assignment]

# Every level of nesting is written with one of these indicators ("key:", "- ", "[", "{", "? "),
# so a document with few of them cannot nest deeper than their count; 256 levels of libyaml's
# composer take well under 128 KiB of stack.
_NESTING_INDICATORS = "[{-:?"
SHALLOW = 256


def _shallow(text: str) -> bool:
    return sum(text.count(indicator) for indicator in _NESTING_INDICATORS) < SHALLOW


_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass
class Document:
    """A YAML document as plain data, with where each value and each key was written."""

    file: str
    data: Any
    values: dict[Path, Location] = field(default_factory=dict)
    keys: dict[Path, Location] = field(default_factory=dict)

    def where(self, path: Path) -> Location:
        """The position of the value at ``path``, or of its nearest written ancestor."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, Location(self.file))

    def where_key(self, path: Path) -> Location:
        """The position of the key that names ``path`` (falls back to the value's)."""
        return self.keys.get(path) or self.where(path)


def parse_yaml(text: str, file: str, *, known: bool = False) -> Document:
    """Parse one YAML document from ``text``; raise InputError with a position when it is not data.

    A document that cannot nest deeply (a product or index file: a few dozen indicators), or whose
    text is ``known`` in advance (a shipped rulebook whose hash the package recorded), is read with
    libyaml where PyYAML has it: the same document in a tenth of the time. Any other, and any
    document libyaml finds fault with, is read by the Python parser, whose messages are the ones
    users see."""
    if _LibyamlLoader is not _Loader and (known or _shallow(text)):
        try:
            return _parse(text, file, _LibyamlLoader)
        except Exception:  # noqa: BLE001 - whatever libyaml objects to, the Python parser explains
            pass
    return _parse(text, file, _Loader)


def _parse(text: str, file: str, loader_class: type) -> Document:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        problem = error.problem or error.context or "not valid YAML"
        raise InputError.at(where, f"YAML syntax error: {problem}") from None
    except yaml.YAMLError as error:
        raise InputError.at(Location(file), f"not valid YAML: {error}") from None
    except RecursionError:
        raise InputError.at(Location(file), "the document is nested too deeply") from None
    finally:
        loader.dispose()
    document = Document(file, None)
    if node is None:
        return document
    builder = _Builder(document)
    document.data = builder.build(node, (), 0)
    return document


class _Builder:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.nodes = 0

    def _at(self, node: Node) -> Location:
        return Location(self.document.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: Node, path: Path, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise InputError.at(
                self._at(node),
                f"the document expands to more than {MAX_NODES:,} values",
                "aliases that repeat large structures are refused",
            )
        if depth > MAX_DEPTH:
            raise InputError.at(self._at(node), f"the document is nested more than {MAX_DEPTH} levels deep")
        self.document.values[path] = self._at(node)
        if node.tag not in _PLAIN_TAGS:
            raise InputError.at(
                self._at(node),
                f"the YAML tag {node.tag} is not allowed",
                "these files hold plain data: mappings, lists, text, numbers, booleans and dates",
            )
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise InputError.at(
                    self._at(key_node), "merge keys (<<) are not allowed", "write the fields out"
                )
            if not isinstance(key_node, ScalarNode):
                raise InputError.at(self._at(key_node), "a key must be plain text")
            key = key_node.value
            if key in result:
                first = self.document.keys[path + (key,)]
                raise InputError.at(
                    self._at(key_node),
                    f"the key '{key}' is written twice (first at line {first.line})",
                    "remove one of them",
                )
            self.document.keys[path + (key,)] = self._at(key_node)
            result[key] = self.build(value_node, path + (key,), depth + 1)
        return result

    def _scalar(self, node: ScalarNode) -> Any:
        tag, text = node.tag, node.value
        if tag == "tag:yaml.org,2002:str":
            return text
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            if text.lower() not in ("true", "false"):
                raise InputError.at(self._at(node), f"'{text}' is not a boolean", "write true or false")
            return text.lower() == "true"
        if tag == "tag:yaml.org,2002:int":
            try:
                return int(text)
            except ValueError:
                raise InputError.at(self._at(node), f"'{text}' is not an integer") from None
        if tag == "tag:yaml.org,2002:float":
            try:
                number = Decimal(text)
            except InvalidOperation:
                raise InputError.at(self._at(node), f"'{text}' is not a number") from None
            if not number.is_finite():
                raise InputError.at(self._at(node), f"'{text}' is not a finite number")
            return number
        try:  # timestamp: a calendar date
            return dt.date.fromisoformat(text)
        except ValueError:
            raise InputError.at(
                self._at(node), f"'{text}' is not a date that exists", "write YYYY-MM-DD"
            ) from None
