"""The types of the rule vocabulary: what every expression yields, known when a rulebook is compiled.

A type is one of:

- ``Number(unit)``: an exact number with a unit: ``krw`` (an amount in won), ``ratio``, ``count``,
  ``multiple``, ``days``, ``months``, ``years``; ``Number()`` is a number whose unit is not said (a
  literal ``0``, a parameter of unit ``number``) and goes with any unit;
- ``Text(choices)``: text, or a choice among named values when ``choices`` is given;
- ``Flag``: true or false; ``Date``: a calendar day;
- ``Record(cls)``: one item (a constituent, a participant, a PDF row, a group);
- ``Collection(cls)``: items of one record type (``index.constituents``);
- ``ListOf(type)``: a list of values written in the rulebook (``[KOSPI, KOSDAQ]``);
- ``ANY``: a value whose type cannot be known, accepted anywhere (only after another mistake, so
  that one mistake is reported once).

A field's type comes from the data model's type hints (``etf_listing.model``): ``bool`` is a flag,
``int`` a count, ``str`` text, ``Literal[...]`` a choice, ``Annotated[Decimal, Unit("krw")]`` a
number with its unit, ``tuple[Constituent, ...]`` a collection.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime as dt
import functools
import types as _types
import typing
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..model import Choices, PartOfWhole, Unit

UNIT_NAMES = {
    "krw": ("an amount in KRW", "원 단위 금액"),
    "ratio": ("a ratio", "비율"),
    "count": ("a count", "개수"),
    "multiple": ("a multiple", "배율"),
    "days": ("a number of days", "일수"),
    "months": ("a number of months", "개월 수"),
    "years": ("a number of years", "연수"),
}


class Type:
    """What an expression yields. ``accepts(other)``: a value of type ``other`` may stand here."""

    def describe(self, lang: str = "en") -> str:
        raise NotImplementedError

    def accepts(self, other: "Type") -> bool:
        return other is ANY or self is ANY or self == other

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True)
class _Any(Type):
    def describe(self, lang: str = "en") -> str:
        return "a value" if lang == "en" else "값"

    def accepts(self, other: Type) -> bool:
        return True


ANY: Type = _Any()


@dataclass(frozen=True)
class Number(Type):
    unit: str | None = None  # None: a number whose unit is not said, compatible with every unit
    # An item's part of a whole (a share of a total, a weight, a rank ratio), never above 1: a
    # number written beside one above 1 is a percentage written as a number (30 for 30%). Not a
    # type of its own: it compares, and is accepted, as the ratio it is.
    part: bool = dataclasses.field(default=False, compare=False)

    def describe(self, lang: str = "en") -> str:
        if self.unit is None:
            return "a number" if lang == "en" else "수"
        en, ko = UNIT_NAMES.get(self.unit, (f"a number ({self.unit})", f"수({self.unit})"))
        return en if lang == "en" else ko

    def accepts(self, other: Type) -> bool:
        if other is ANY:
            return True
        if not isinstance(other, Number):
            return False
        return self.unit is None or other.unit is None or self.unit == other.unit


@dataclass(frozen=True)
class Text(Type):
    choices: tuple[str, ...] | None = None  # a choice among these names; None: any text

    def describe(self, lang: str = "en") -> str:
        if self.choices is None:
            return "text" if lang == "en" else "텍스트"
        if len(self.choices) == 1:  # a text written in the rulebook
            return f"the text '{self.choices[0]}'" if lang == "en" else f"텍스트 '{self.choices[0]}'"
        listed = ", ".join(self.choices)
        return f"one of {listed}" if lang == "en" else f"{listed} 중 하나"

    def accepts(self, other: Type) -> bool:
        if other is ANY:
            return True
        if not isinstance(other, Text):
            return False
        if self.choices is None or other.choices is None:
            return True
        return set(other.choices) <= set(self.choices)


@dataclass(frozen=True)
class _Flag(Type):
    def describe(self, lang: str = "en") -> str:
        return "true or false" if lang == "en" else "true 또는 false"


@dataclass(frozen=True)
class _Date(Type):
    def describe(self, lang: str = "en") -> str:
        return "a date" if lang == "en" else "날짜"


FLAG: Type = _Flag()
DATE: Type = _Date()
NUMBER = Number()
PART = Number("ratio", part=True)  # an item's part of a whole: a share, a weight, a rank ratio
TEXT = Text()


def record_name(cls: type | None) -> str:
    return "item" if cls is None else cls.__name__.lower()


@dataclass(frozen=True)
class Record(Type):
    cls: type

    def describe(self, lang: str = "en") -> str:
        return f"one {record_name(self.cls)}" if lang == "en" else f"{record_name(self.cls)} 하나"


@dataclass(frozen=True)
class Collection(Type):
    element: type | None = None  # None: items of any record type

    def describe(self, lang: str = "en") -> str:
        if self.element is None:
            return "a collection" if lang == "en" else "모음"
        return f"a collection of {record_name(self.element)}s" if lang == "en" else f"{record_name(self.element)}의 모음"

    def accepts(self, other: Type) -> bool:
        if other is ANY:
            return True
        return isinstance(other, Collection) and (self.element is None or other.element in (None, self.element))


COLLECTION = Collection()


@dataclass(frozen=True)
class ListOf(Type):
    element: Type = ANY

    def describe(self, lang: str = "en") -> str:
        inner = self.element.describe(lang)
        return f"a list of {inner}" if lang == "en" else f"{inner}의 목록"

    def accepts(self, other: Type) -> bool:
        if other is ANY:
            return True
        return isinstance(other, ListOf) and (self.element.accepts(other.element) or other.element.accepts(self.element))


def unit_of(annotation: Any) -> str | None:
    for extra in getattr(annotation, "__metadata__", ()):
        if isinstance(extra, Unit):
            return str(extra)
    return None


@functools.cache  # type hints are hashable and never change: each is read once per process
def of_annotation(annotation: Any) -> Type:
    """The type of a model field from its type hint (``str | None`` is text: a missing value is
    not a type, it is an ``error`` result when a rule needs it)."""
    if typing.get_origin(annotation) is typing.Annotated:
        unit = unit_of(annotation)
        inner = of_annotation(typing.get_args(annotation)[0])
        choices = next((tuple(extra) for extra in getattr(annotation, "__metadata__", ()) if isinstance(extra, Choices)), None)
        if isinstance(inner, Text) and choices:
            return Text(choices)
        part = any(isinstance(extra, PartOfWhole) for extra in getattr(annotation, "__metadata__", ()))
        return Number(unit, part) if isinstance(inner, Number) and unit else inner
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, _types.UnionType):
        options = [of_annotation(a) for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) == 1:
            return options[0]
        if all(isinstance(o, Number) for o in options):
            units = {o.unit for o in options if isinstance(o, Number)}
            return Number(units.pop() if len(units) == 1 else None)
        return ANY
    if origin is typing.Literal:
        return Text(tuple(str(a) for a in typing.get_args(annotation)))
    if origin is tuple or origin is collections.abc.Sequence:  # (a collection's rows: a tuple, or kept as columns)
        args = typing.get_args(annotation)
        element = args[0] if args else None
        if dataclasses.is_dataclass(element):
            return Collection(element)  # type: ignore[arg-type]
        return ListOf(of_annotation(element) if element is not None else ANY)
    if annotation is bool:
        return FLAG
    if annotation is int:
        return Number("count")
    if annotation is Decimal:
        return NUMBER
    if annotation is str:
        return TEXT
    if annotation is dt.date:
        return DATE
    if isinstance(annotation, type) and dataclasses.is_dataclass(annotation):
        return Record(annotation)
    return ANY


def of_literal(value: Any) -> Type:
    """The type of a value written in the rulebook."""
    if isinstance(value, bool):
        return FLAG
    if isinstance(value, (int, Decimal)):
        return NUMBER
    if isinstance(value, str):
        return Text((value,))
    if isinstance(value, dt.date):
        return DATE
    if isinstance(value, (list, tuple)):
        return ListOf(common([of_literal(v) for v in value]))
    return ANY


def common(types: list[Type]) -> Type:
    """The one type that ``types`` share (two choices join their names), ANY when they differ."""
    if not types:
        return ANY
    first = types[0]
    if all(isinstance(t, Text) for t in types):
        names: list[str] = []
        for t in types:
            if t.choices is None:  # type: ignore[attr-defined]
                return TEXT
            names += [n for n in t.choices if n not in names]  # type: ignore[attr-defined]
        return Text(tuple(names))
    if all(isinstance(t, Number) for t in types):
        units = {t.unit for t in types if t.unit is not None}  # type: ignore[attr-defined]
        if len(units) != 1:
            return NUMBER if not units else ANY
        # one of parts, the first given, their mean: a part still (an added total is none: ``add``)
        return Number(units.pop(), part=all(getattr(t, "part", False) for t in types))
    if all(t == first for t in types):
        return first
    if all(isinstance(t, Collection) for t in types):
        elements = {t.element for t in types}  # type: ignore[attr-defined]
        return Collection(elements.pop() if len(elements) == 1 else None)
    return ANY


# A parameter's declared unit -> the type of {param: NAME}.
PARAMETER_UNITS: dict[str, Type] = {
    "krw": Number("krw"), "ratio": Number("ratio"), "count": Number("count"), "days": Number("days"),
    "months": Number("months"), "number": NUMBER, "text": TEXT,
}


def of_parameter(unit: str | None, value: Any, choices: tuple[str, ...] = ()) -> Type:
    if unit == "choice":
        return Text(tuple(choices))
    if unit == "list":
        return ListOf(of_literal(value).element if isinstance(value, list) else ANY)  # type: ignore[attr-defined]
    if unit in PARAMETER_UNITS:
        return PARAMETER_UNITS[unit]
    found = of_literal(value)
    return TEXT if isinstance(found, Text) else found


# A rule's ``unit`` -> the type its checks' values must have.
RULE_UNITS: dict[str, Type] = {
    "krw": Number("krw"), "ratio": Number("ratio"), "count": Number("count"), "multiple": Number("multiple"),
    "number": NUMBER, "flag": FLAG, "text": TEXT,
}
