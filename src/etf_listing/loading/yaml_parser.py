"""YAML read through PyYAML's parser: every document that is not of the shape read from its
lines (``yaml_lines``: flow collections, anchors and aliases, tags, block scalars, escapes), and
every one with something to explain. Imported only when such a document is read
(``yaml_source.parse_yaml``), so that a run whose files are all of the usual shape never loads
PyYAML.

The document is composed from the parser's events by a loop of our own, not by the YAML library's
composer: that one recurses once per level of nesting, and libyaml's does so in C, where a file of
100,000 ``[`` overflows the stack and kills the process. Ours holds an explicit stack, refuses a
document nested deeper than ``MAX_DEPTH`` at the line where it goes too deep, and counts what every
alias would expand to before anything is expanded, so a "billion laughs" costs microseconds.

A document written plainly (no anchor, alias or tag, nothing to explain) is read in one pass over
the parser's events, straight to its values and positions; any other goes the way above, which
explains each problem. Both take the same events, and read each scalar with the same function.

Length: the two readings of a document share the parser, the resolver and the bounds; they are
kept together so that both read every value alike.
"""

from __future__ import annotations

import re
from typing import Any, Callable

import yaml
from yaml.events import (AliasEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
                         SequenceStartEvent, StreamEndEvent)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from ..errors import InputError, Location
from .yaml_values import IMPLICIT, MAX_ALIAS_VALUES, MAX_DEPTH, MAX_NODES, Document, Path, _plain_tag, scalar_value


class _Resolver(BaseResolver):
    """Implicit types in the manner of YAML 1.2's core schema, less what surprises users."""


for _tag, _pattern, _first in IMPLICIT:
    _Resolver.add_implicit_resolver(_tag, _pattern, list(_first))


class _PythonLoader(Reader, Scanner, Parser, _Resolver):
    """PyYAML's own parser, where libyaml is not installed."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _Resolver.__init__(self)


try:
    from yaml._yaml import CParser

    class _LibyamlLoader(CParser, _Resolver):  # type: ignore[misc,valid-type]
        """libyaml's parser: several times faster on large files."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Resolver.__init__(self)

    _Loader: type = _LibyamlLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = _PythonLoader

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


def parse(text: str, file: str, max_values: int = MAX_NODES) -> Document:
    """``yaml_source.parse_yaml`` of a document that is not of the shape read from its lines."""
    plain = _plain_document(text, file, max_values)
    if plain is not None:
        return plain
    try:
        return _parse_with(_Loader, text, file, max_values)
    except _LibraryDepthLimit:  # newer libyaml refuses deep nesting while scanning ahead, before our
        # check speaks; PyYAML's own parser has no such limit and reaches our MAX_DEPTH message
        return _parse_with(_PythonLoader, text, file, max_values)


class _LibraryDepthLimit(Exception):
    """libyaml stopped at its own nesting limit before our check could."""


def _parse_with(loader_class: type, text: str, file: str, max_values: int) -> Document:
    try:
        loader = loader_class(text)  # PyYAML's reader checks every character here
    except ReaderError as error:
        raise _unreadable_character(error, text, file, bytes_counted=False) from None
    except UnicodeEncodeError as error:  # libyaml takes UTF-8: a lone surrogate has none
        raise _unreadable_character(ReaderError(file, error.start, ord(text[error.start]), "utf-8", error.reason),
                                    text, file, bytes_counted=False) from None
    try:
        node = _compose(loader, file, max_values)
    except ReaderError as error:
        raise _unreadable_character(error, text, file, bytes_counted=not isinstance(loader, _PythonLoader)) from None
    except yaml.MarkedYAMLError as error:
        if loader_class is not _PythonLoader and "nesting depth" in str(error.problem):
            raise _LibraryDepthLimit from None
        mark = error.problem_mark or error.context_mark
        where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        problem = error.problem or error.context or "not valid YAML"
        raise InputError.at(where, f"YAML syntax error: {problem}",
                            ko=f"YAML 문법 오류: {syntax_problem_ko(problem)}") from None
    except yaml.YAMLError as error:
        raise InputError.at(Location(file), f"not valid YAML: {error}",
                            ko=f"올바른 YAML이 아닙니다 (파서: {error})") from None
    except RecursionError:
        raise InputError.at(Location(file), "the document is nested too deeply",
                            ko="문서의 중첩이 너무 깊습니다") from None
    finally:
        loader.dispose()
    document = Document(file, None)
    if node is None:
        return document
    builder = _Builder(document, max_values)
    document.data = builder.build(node, (), 0)
    return document


def _plain_document(text: str, file: str, max_values: int) -> Document | None:
    """The document read in one pass over the parser's events, straight to its values and their
    positions, when it is plainly written: no anchor, alias or tag, no key written twice or that
    is not plain text, no merge key, no value a scalar cannot be, one document, within the bounds.
    None otherwise (or for a file that is not YAML at all), for ``_parse_with`` to read the way
    that explains each problem. The same events, positions and scalar readings as that way, so
    the two give the same document (a property test compares them)."""
    try:
        loader = _Loader(text)
    except Exception:  # a character YAML refuses: the general reading says which
        return None
    try:
        return _plain_events(loader, file, max_values)
    except Exception:  # not YAML, or a value to explain: the general reading does
        return None
    finally:
        loader.dispose()


def _plain_events(loader: Any, file: str, max_values: int) -> Document | None:
    get = loader.get_event
    get()  # stream start
    if loader.check_event(StreamEndEvent):
        return None  # an empty file: the general reading says so its own way
    get()  # document start
    values: dict[Path, Location] = {}
    keys: dict[Path, Location] = {}
    document = Document(file, None, values, keys)
    # Each open collection: [its value, its path, the key awaiting a value (mappings), is a mapping].
    stack: list[list[Any]] = []
    count = 0
    while True:
        event = get()
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            done = stack.pop()
            if done[2] is not None:
                return None  # (a parser never ends a mapping between a key and its value)
            value = done[0]
        elif kind is AliasEvent or event.anchor is not None or event.tag is not None:
            return None
        else:
            count += 1
            if count > max_values or len(stack) >= MAX_DEPTH:  # keys counted too, as the general reading counts
                return None
            if stack:
                top = stack[-1]
                if top[3] and top[2] is None:  # a mapping's key
                    if kind is not ScalarEvent:
                        return None
                    key = event.value
                    if key == "<<" or key in top[0]:
                        return None
                    top[2] = key
                    keys[top[1] + (key,)] = Location(file, event.start_mark.line + 1, event.start_mark.column + 1)
                    continue
                path = top[1] + ((top[2],) if top[3] else (len(top[0]),))
            else:
                path = ()
            mark = event.start_mark
            values[path] = Location(file, mark.line + 1, mark.column + 1)
            if kind is ScalarEvent:
                text = event.value
                tag = _plain_tag(text) if event.implicit[0] else "tag:yaml.org,2002:str"
                value = text if tag == "tag:yaml.org,2002:str" else scalar_value(tag, text, lambda: values[path])
            elif kind is MappingStartEvent:
                stack.append([{}, path, None, True])
                continue
            elif kind is SequenceStartEvent:
                stack.append([[], path, None, False])
                continue
            else:
                return None
        if not stack:
            break
        top = stack[-1]
        if top[3]:
            top[0][top[2]] = value
            top[2] = None
        else:
            top[0].append(value)
    get()  # document end
    if not loader.check_event(StreamEndEvent):
        return None
    document.data = value
    return document


def _at(file: str, mark: Any) -> Location:
    return Location(file, mark.line + 1, mark.column + 1)


def _compose(loader: Any, file: str, max_values: int) -> Node | None:
    """The document's node graph, composed from the parser's events with an explicit stack.

    Each open collection is a frame ``[node, values it expands to, anchor, key awaiting its value]``.
    An anchor is registered when its value is complete, so an alias can never refer to a value
    that contains it (no cycles); what an alias expands to is known from its anchor's count.
    """
    loader.get_event()  # stream start
    if loader.check_event(StreamEndEvent):
        return None
    loader.get_event()  # document start
    anchors: dict[str, tuple[Node, int]] = {}
    stack: list[list[Any]] = []
    written = aliased = 0
    while True:
        event = loader.get_event()
        if isinstance(event, AliasEvent):
            name = event.anchor
            if name not in anchors:
                if any(frame[2] == name for frame in stack):
                    raise InputError.at(_at(file, event.start_mark), f"the alias *{name} is inside the value it repeats",
                                        "a value cannot contain itself",
                                        ko=f"별칭 *{name}이(가) 자신이 반복하는 값 안에 있습니다",
                                        hint_ko="값은 자기 자신을 포함할 수 없습니다")
                raise InputError.at(_at(file, event.start_mark), f"the alias *{name} has no anchor &{name} before it",
                                    f"an alias repeats a value anchored earlier in the file: &{name} value",
                                    ko=f"별칭 *{name} 앞에 앵커 &{name}이(가) 없습니다",
                                    hint_ko=f"별칭은 파일 앞쪽에서 앵커를 붙인 값을 반복합니다: &{name} 값")
            node, size = anchors[name]
            aliased += size
            if aliased > MAX_ALIAS_VALUES:
                raise InputError.at(_at(file, event.start_mark), f"aliases repeat more than {MAX_ALIAS_VALUES:,} values",
                                    "aliases that repeat large structures are refused; write the values out",
                                    ko=f"별칭이 반복하는 값이 {MAX_ALIAS_VALUES:,}개를 넘습니다",
                                    hint_ko="큰 구조를 반복하는 별칭은 받지 않습니다. 값을 직접 쓰십시오")
        elif isinstance(event, (SequenceEndEvent, MappingEndEvent)):
            node, size, anchor, _ = stack.pop()
            node.end_mark = event.end_mark
            if anchor is not None:
                anchors[anchor] = (node, size)
        else:
            written += 1
            if written + aliased > max_values:
                raise InputError.at(_at(file, event.start_mark), f"the document holds more than {max_values:,} values",
                                    "is this the right file? Large tables belong in CSV files",
                                    ko=f"문서의 값이 {max_values:,}개를 넘습니다",
                                    hint_ko="올바른 파일입니까? 큰 표는 CSV 파일로 두십시오")
            if len(stack) > MAX_DEPTH:
                raise InputError.at(_at(file, event.start_mark), f"the document is nested more than {MAX_DEPTH} levels deep",
                                    ko=f"문서가 {MAX_DEPTH}단계보다 깊게 중첩되어 있습니다")
            anchor = event.anchor
            if anchor is not None and anchor in anchors:
                first = anchors[anchor][0].start_mark.line + 1
                raise InputError.at(_at(file, event.start_mark), f"the anchor &{anchor} is defined twice (first at line {first})",
                                    "give each anchor its own name",
                                    ko=f"앵커 &{anchor}이(가) 두 번 정의되어 있습니다(처음은 {first}행)",
                                    hint_ko="앵커마다 다른 이름을 쓰십시오")
            if not isinstance(event, ScalarEvent):  # a collection opens
                kind = SequenceNode if isinstance(event, SequenceStartEvent) else MappingNode
                tag = event.tag if event.tag not in (None, "!") else loader.resolve(kind, None, event.implicit)
                stack.append([kind(tag, [], event.start_mark, None, flow_style=event.flow_style), 1, anchor, None])
                continue
            tag = event.tag if event.tag not in (None, "!") else loader.resolve(ScalarNode, event.value, event.implicit)
            node, size = ScalarNode(tag, event.value, event.start_mark, event.end_mark,  # type: ignore[arg-type]
                                    style=event.style), 1  # libyaml's marks read as PyYAML's
            if anchor is not None:
                anchors[anchor] = (node, size)
        if not stack:
            break
        frame = stack[-1]  # the complete value goes into the collection that is open
        frame[1] += size
        if isinstance(frame[0], SequenceNode):
            frame[0].value.append(node)
        elif frame[3] is None:
            frame[3] = node
        else:
            frame[0].value.append((frame[3], node))
            frame[3] = None
    loader.get_event()  # document end
    if not loader.check_event(StreamEndEvent):
        mark = loader.peek_event().start_mark
        raise InputError.at(_at(file, mark), "a second YAML document: a file holds one",
                            "remove the '---' line and what follows it",
                            ko="두 번째 YAML 문서가 있습니다: 파일에는 문서가 하나만 있어야 합니다",
                            hint_ko="'---' 줄과 그 뒤를 지우십시오")
    return node


def _unreadable_character(error: ReaderError, text: str, file: str, bytes_counted: bool) -> InputError:
    """A character YAML does not allow (a NUL, a control character), with its position."""
    index = error.position
    if bytes_counted:  # libyaml reads the text as UTF-8 and counts bytes
        index = len(text.encode("utf-8", "surrogatepass")[:index].decode("utf-8", "ignore"))
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    code = error.character if isinstance(error.character, int) else ord(error.character or "\0")
    return InputError.at(Location(file, line, column), f"the character U+{code:04X} is not allowed in YAML",
                         "remove it; in a double-quoted string it may be written as an escape such as \\x07",
                         ko=f"YAML에는 문자 U+{code:04X}을(를) 쓸 수 없습니다",
                         hint_ko="지우십시오. 큰따옴표 문자열 안에서는 \\x07 같은 이스케이프로 쓸 수 있습니다")


class _Builder:
    def __init__(self, document: Document, max_values: int = MAX_NODES) -> None:
        self.document = document
        self.values: dict[Path, Location] = {}
        self.keys: dict[Path, Location] = {}
        document.values, document.keys = self.values, self.keys
        self.nodes = 0
        self.max_values = max_values

    def _at(self, node: Node) -> Location:
        return Location(self.document.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: Node, path: Path, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > self.max_values:
            raise InputError.at(
                self._at(node),
                f"the document expands to more than {self.max_values:,} values",
                "aliases that repeat large structures are refused",
                ko=f"문서를 펼치면 값이 {MAX_NODES:,}개를 넘습니다",
                hint_ko="큰 구조를 반복하는 별칭(alias)은 허용되지 않습니다",
            )
        if depth > MAX_DEPTH:
            raise InputError.at(self._at(node), f"the document is nested more than {MAX_DEPTH} levels deep",
                                ko=f"문서의 중첩이 {MAX_DEPTH}단계를 넘습니다")
        self.values[path] = self._at(node)
        if node.tag not in _PLAIN_TAGS:
            raise InputError.at(
                self._at(node),
                f"the YAML tag {node.tag} is not allowed",
                "these files hold plain data: mappings, lists, text, numbers, booleans and dates",
                ko=f"YAML 태그 {node.tag}은(는) 허용되지 않습니다",
                hint_ko="이 파일에는 매핑, 목록, 텍스트, 숫자, 불리언, 날짜 같은 일반 데이터만 씁니다",
            )
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" or (
                    isinstance(key_node, ScalarNode) and key_node.value == "<<" and not key_node.style):
                raise InputError.at(
                    self._at(key_node), "merge keys (<<) are not allowed", "write the fields out",
                    ko="병합 키(<<)는 허용되지 않습니다", hint_ko="필드를 직접 쓰세요",
                )
            if not isinstance(key_node, ScalarNode):
                raise InputError.at(self._at(key_node), "a key must be plain text", ko="키는 일반 텍스트여야 합니다")
            key = key_node.value
            if key in result:
                first = self.keys[path + (key,)]
                raise InputError.at(
                    self._at(key_node),
                    f"the key '{key}' is written twice (first at line {first.line})",
                    "remove one of them",
                    ko=f"키 '{key}'이(가) 두 번 쓰였습니다 (처음: {first.line}행)",
                    hint_ko="하나를 지우세요",
                )
            self.keys[path + (key,)] = self._at(key_node)
            result[key] = self.build(value_node, path + (key,), depth + 1)
        return result

    def _scalar(self, node: ScalarNode, path: Path = ()) -> Any:
        return scalar_value(node.tag, node.value, lambda: self._at(node), ".".join(map(str, path)))


# The parser's complaints, in Korean: the common ones by pattern, the rest quoted as the parser says.
_TOKENS_KO = {"'<stream end>'": "파일 끝", "<block end>": "블록 끝", "'<block mapping start>'": "새 매핑",
              "'<block sequence start>'": "새 목록", "the node content": "값", "'?'": "키", "'-'": "목록 항목"}
# (Patterns, compiled when a message is first translated, not on every start.)
_SYNTAX_KO: tuple[tuple[str, Callable[[re.Match[str]], str]], ...] = (
    (r"mapping values are not allowed (?:here|in this context)",
     lambda m: "이 위치에는 '키: 값'을 쓸 수 없습니다 (들여쓰기나 콜론 뒤 공백을 확인하세요)"),
    (r"found character '(.+)' that cannot start any token",
     lambda m: f"'{m.group(1)}' 문자로 시작하는 값은 쓸 수 없습니다 (들여쓰기에는 탭 대신 공백을 쓰세요)"),
    (r"found unexpected end of stream",
     lambda m: "파일이 예상보다 일찍 끝납니다 (닫히지 않은 따옴표나 괄호를 확인하세요)"),
    (r"found undefined alias '(.+)'", lambda m: f"정의되지 않은 별칭 '{m.group(1)}'"),
    (r"found unknown escape character '(.+)'", lambda m: f"알 수 없는 이스케이프 문자 '{m.group(1)}'"),
    (r"did not find expected (.+)",
     lambda m: f"예상한 {_tokens_ko(m.group(1))}이(가) 없습니다 (닫히지 않은 괄호나 따옴표를 확인하세요)"),
    (r"could not find expected '(.+)'",
     lambda m: f"예상한 '{m.group(1)}'이(가) 없습니다 (들여쓰기와 콜론을 확인하세요)"),
    (r"expected (.+), but (?:got|found) '(.+)'",
     lambda m: f"예상: {_tokens_ko(m.group(1))}, 실제: {_tokens_ko(repr(m.group(2)))} (들여쓰기와 괄호를 확인하세요)"),
)


def _tokens_ko(text: str) -> str:
    for english, korean in _TOKENS_KO.items():
        text = text.replace(english, korean)
    return text.replace(" or ", " 또는 ")


def syntax_problem_ko(problem: str) -> str:
    """A YAML parser's problem in Korean; one without a translation is quoted as it is."""
    for pattern, korean in _SYNTAX_KO:
        match = re.fullmatch(pattern, problem)
        if match:
            return korean(match)
    return f"파서 메시지: {problem}"
