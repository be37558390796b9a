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
from typing import Any, Callable

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

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

try:
    from yaml import CParser as _Parser  # libyaml: several times faster on large files

    class _Loader(_Parser, _Resolver):  # type: ignore[misc,valid-type]
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _Resolver.__init__(self)

except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Loader(Reader, Scanner, Parser, Composer, _Resolver):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            _Resolver.__init__(self)


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


def parse_yaml(text: str, file: str) -> Document:
    """Parse one YAML document from ``text``; raise InputError with a position when it is not data."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
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
                ko=f"문서를 펼치면 값이 {MAX_NODES:,}개를 넘습니다",
                hint_ko="큰 구조를 반복하는 별칭(alias)은 허용되지 않습니다",
            )
        if depth > MAX_DEPTH:
            raise InputError.at(self._at(node), f"the document is nested more than {MAX_DEPTH} levels deep",
                                ko=f"문서의 중첩이 {MAX_DEPTH}단계를 넘습니다")
        self.document.values[path] = self._at(node)
        if node.tag not in _PLAIN_TAGS:
            raise InputError.at(
                self._at(node),
                f"the YAML tag {node.tag} is not allowed",
                "these files hold plain data: mappings, lists, text, numbers, booleans and dates",
                ko=f"YAML 태그 {node.tag}은(는) 허용되지 않습니다",
                hint_ko="이 파일에는 매핑, 목록, 텍스트, 숫자, 불리언, 날짜 같은 일반 데이터만 씁니다",
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
                    self._at(key_node), "merge keys (<<) are not allowed", "write the fields out",
                    ko="병합 키(<<)는 허용되지 않습니다", hint_ko="필드를 직접 쓰세요",
                )
            if not isinstance(key_node, ScalarNode):
                raise InputError.at(self._at(key_node), "a key must be plain text", ko="키는 일반 텍스트여야 합니다")
            key = key_node.value
            if key in result:
                first = self.document.keys[path + (key,)]
                raise InputError.at(
                    self._at(key_node),
                    f"the key '{key}' is written twice (first at line {first.line})",
                    "remove one of them",
                    ko=f"키 '{key}'이(가) 두 번 쓰였습니다 (처음: {first.line}행)",
                    hint_ko="하나를 지우세요",
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
                raise InputError.at(self._at(node), f"'{text}' is not a boolean", "write true or false",
                                    ko=f"'{text}'은(는) 불리언이 아닙니다", hint_ko="true 또는 false로 쓰세요")
            return text.lower() == "true"
        if tag == "tag:yaml.org,2002:int":
            try:
                return int(text)
            except ValueError:
                raise InputError.at(self._at(node), f"'{text}' is not an integer",
                                    ko=f"'{text}'은(는) 정수가 아닙니다") from None
        if tag == "tag:yaml.org,2002:float":
            try:
                number = Decimal(text)
            except InvalidOperation:
                raise InputError.at(self._at(node), f"'{text}' is not a number",
                                    ko=f"'{text}'은(는) 숫자가 아닙니다") from None
            if not number.is_finite():
                raise InputError.at(self._at(node), f"'{text}' is not a finite number",
                                    ko=f"'{text}'은(는) 유한한 숫자가 아닙니다")
            return number
        try:  # timestamp: a calendar date
            return dt.date.fromisoformat(text)
        except ValueError:
            raise InputError.at(
                self._at(node), f"'{text}' is not a date that exists", "write YYYY-MM-DD",
                ko=f"'{text}'은(는) 존재하는 날짜가 아닙니다", hint_ko="YYYY-MM-DD 형식으로 쓰세요",
            ) from None


# The parser's complaints, in Korean: the common ones by pattern, the rest quoted as the parser says.
_TOKENS_KO = {"'<stream end>'": "파일 끝", "<block end>": "블록 끝", "'<block mapping start>'": "새 매핑",
              "'<block sequence start>'": "새 목록", "the node content": "값", "'?'": "키", "'-'": "목록 항목"}
_SYNTAX_KO: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"mapping values are not allowed (?:here|in this context)"),
     lambda m: "이 위치에는 '키: 값'을 쓸 수 없습니다 (들여쓰기나 콜론 뒤 공백을 확인하세요)"),
    (re.compile(r"found character '(.+)' that cannot start any token"),
     lambda m: f"'{m.group(1)}' 문자로 시작하는 값은 쓸 수 없습니다 (들여쓰기에는 탭 대신 공백을 쓰세요)"),
    (re.compile(r"found unexpected end of stream"),
     lambda m: "파일이 예상보다 일찍 끝납니다 (닫히지 않은 따옴표나 괄호를 확인하세요)"),
    (re.compile(r"found undefined alias '(.+)'"), lambda m: f"정의되지 않은 별칭 '{m.group(1)}'"),
    (re.compile(r"found unknown escape character '(.+)'"), lambda m: f"알 수 없는 이스케이프 문자 '{m.group(1)}'"),
    (re.compile(r"expected (.+), but (?:got|found) '(.+)'"),
     lambda m: f"예상: {_tokens_ko(m.group(1))}, 실제: {_tokens_ko(repr(m.group(2)))} (들여쓰기와 괄호를 확인하세요)"),
)


def _tokens_ko(text: str) -> str:
    for english, korean in _TOKENS_KO.items():
        text = text.replace(english, korean)
    return text.replace(" or ", " 또는 ")


def syntax_problem_ko(problem: str) -> str:
    """A YAML parser's problem in Korean; one without a translation is quoted as it is."""
    for pattern, korean in _SYNTAX_KO:
        match = pattern.fullmatch(problem)
        if match:
            return korean(match)
    return f"파서 메시지: {problem}"
