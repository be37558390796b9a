"""What a YAML document is read into, whichever way it is read (``yaml_source``): its values,
the position of each, the types a plain value may have (``IMPLICIT``) and how each is read
(``scalar_value``), and the bounds on a document.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Mapping

from ..errors import InputError, Location
from ..limits import number_problem, spreadsheet_exponent

Path = tuple[str | int, ...]

MAX_NODES = 1_000_000  # values built from one document, aliases expanded
MAX_DEPTH = 64
# Values that aliases may add to a document. Aliases in these files repeat a short value (a market
# name, a participant); a "billion laughs" of nested aliases is refused before anything is expanded.
MAX_ALIAS_VALUES = 10_000

# The types a plain (unquoted) value may have besides text, in the manner of YAML 1.2's core schema
# less what surprises users: each with its pattern and the characters it may start with ("" for an
# empty value), tried in this order. The parser's resolver is given the same (``yaml_parser``).
IMPLICIT: tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...] = (
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), tuple("tTfF")),
    ("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), tuple("-+0123456789")),
    ("tag:yaml.org,2002:float",
     re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?[1-9][0-9]*[eE][-+]?[0-9]+$"),
     tuple("-+0123456789.")),
    ("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ("~", "n", "N", "")),
    ("tag:yaml.org,2002:timestamp", re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), tuple("0123456789")),
)
_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _pattern, _first in IMPLICIT:
    for _character in _first:
        _BY_FIRST.setdefault(_character, []).append((_tag, _pattern))


@dataclass
class Document:
    """A YAML document as plain data, with where each value and each key was written."""

    file: str
    data: Any
    values: Mapping[Path, Location] = field(default_factory=dict)
    keys: Mapping[Path, Location] = field(default_factory=dict)

    def where(self, path: Path) -> Location:
        """The position of the value at ``path``, or of its nearest written ancestor."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, Location(self.file))

    def where_key(self, path: Path) -> Location:
        """The position of the key that names ``path`` (falls back to the value's)."""
        return self.keys.get(path) or self.where(path)


@functools.lru_cache(maxsize=4096)
def _plain_scalar(text: str) -> Any:
    """The value of a plain (unquoted) scalar written ``text``; InputError without a position where
    it is none. Kept, as the values are never changed (text, numbers, dates, true, false and null),
    and the same few recur in every file."""
    tag = _plain_tag(text)
    return text if tag == "tag:yaml.org,2002:str" else scalar_value(tag, text, lambda: Location("<text>"))


@functools.lru_cache(maxsize=4096)
def _plain_tag(text: str) -> str:
    """The tag a plain (unquoted) scalar resolves to, as PyYAML's resolver resolves it with
    ``IMPLICIT``: it depends on the text alone, and the same few texts (true, a market, a date)
    recur in every file."""
    for tag, pattern in _BY_FIRST.get(text[:1], ()):
        if pattern.match(text):
            return tag
    return "tag:yaml.org,2002:str"


def scalar_value(tag: str, text: str, where: Callable[[], Location], name: str = "") -> Any:
    """The value of a scalar written ``text`` and resolved to ``tag``; InputError at ``where()``
    when it is none (a boolean spelt otherwise, a date that does not exist, a number out of range),
    its message led by ``name`` (the field's dotted path, as the field checks name it) when given."""
    if tag == "tag:yaml.org,2002:str":
        return text
    if tag == "tag:yaml.org,2002:null":
        return None
    field = f"{name}: " if name else ""

    def refused(message: str, ko: str, hint: str | None = None, hint_ko: str | None = None) -> InputError:
        return InputError.at(where(), field + message, hint, ko=field + ko, hint_ko=hint_ko)

    if tag == "tag:yaml.org,2002:bool":
        if text.lower() not in ("true", "false"):
            raise refused(f"'{text}' is not a boolean", f"'{text}'은(는) 불리언이 아닙니다", "write true or false",
                          "true 또는 false로 쓰세요")
        return text.lower() == "true"
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(text)
        except ValueError:
            raise refused(f"'{text}' is not an integer", f"'{text}'은(는) 정수가 아닙니다") from None
    if tag == "tag:yaml.org,2002:float":
        rounded = spreadsheet_exponent(text)  # 1.50E+10 pasted from a spreadsheet: rounded, not the figure
        if rounded:
            raise refused(rounded[0], rounded[2], rounded[1], rounded[3])
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise refused(f"'{text}' is not a number", f"'{text}'은(는) 숫자가 아닙니다") from None
        if not number.is_finite():
            raise refused(f"'{text}' is not a finite number", f"'{text}'은(는) 유한한 숫자가 아닙니다")
        problem = number_problem(number)
        if problem:
            raise refused(f"'{text}' {problem[0]}", f"'{text}'은(는) {problem[1]}")
        return number
    try:  # timestamp: a calendar date
        return dt.date.fromisoformat(text)
    except ValueError:
        raise refused(f"'{text}' is not a date that exists", f"'{text}'은(는) 존재하는 날짜가 아닙니다",
                      "write YYYY-MM-DD", "YYYY-MM-DD 형식으로 쓰세요") from None
