"""Product and index files read into plain records, without pydantic where that is plainly safe.

pydantic's models (``loading.documents``) say what a product or an index file may hold, and they
write the positioned messages for whatever is wrong. Building them costs more than all the rest of
checking a small product (the pre-commit hook pays it on every commit), so a document is first
read here, field by field, in the spellings a file usually has: text, true or false, a date YAML
read as one, a choice among the model's literals, an amount, count, date or share that the model's
own readers (``parse_krw``, ``whole_count``, ``calendar_date``, ``share``) accept within the
model's bounds, lists and inline rows. Anything else (an unknown or missing field, a value of
another type, one out of bounds, a reader that refuses it) leaves the whole document to pydantic,
which accepts it or says exactly what is wrong, as it always has. Either way the loader gets the
same records (the classes here, one per model and named as it is); a property test compares the
two readings on generated documents, and another that these fields are the models' fields.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Callable, ClassVar

from ..money import parse_krw
from ..spellings import calendar_date, share, whole_count


class Doubt(Exception):
    """This value is not in a spelling read here: pydantic decides the document."""


Check = Callable[[Any], Any]
REQUIRED = object()  # the default of a field that must be written


class Record:
    """A document's fields as read-only attributes; ``FIELDS``: each field's check and default."""

    FIELDS: ClassVar[dict[str, tuple[Check, Any]]] = {}

    def __init__(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __getattr__(self, name: str) -> Any:  # for the type checker: every field is an attribute
        raise AttributeError(name)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(other) == vars(self)

    def __hash__(self) -> int:
        return hash((type(self), tuple(vars(self).items())))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"

    @classmethod
    def read(cls, data: Any) -> Any:
        """The record of ``data``, or ``Doubt`` raised when pydantic must decide."""
        if type(data) is not dict:
            raise Doubt
        fields = cls.FIELDS
        for key in data:
            if key not in fields:  # an unknown field (or a key that is not text): pydantic names it
                raise Doubt
        values = {}
        for name, (check, default) in fields.items():
            if name in data:
                values[name] = check(data[name])
            elif default is REQUIRED:
                raise Doubt
            else:
                values[name] = default
        return cls(**values)


# The checks: each returns the value pydantic would give, or raises Doubt.

def text(min_length: int = 0) -> Check:
    def check(value: Any) -> str:
        # pydantic refuses text it cannot hand to Rust as UTF-8 (a lone surrogate)
        if type(value) is not str or len(value) < min_length or not (value.isascii() or _utf8(value)):
            raise Doubt
        return value
    return check


def _utf8(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def flag(value: Any) -> bool:
    if type(value) is not bool:
        raise Doubt
    return value


def day(value: Any) -> dt.date:
    if type(value) is not dt.date:
        raise Doubt
    return value


def choice(*choices: object) -> Check:
    kinds = {type(c) for c in choices}

    def check(value: Any) -> Any:
        if type(value) not in kinds or value not in choices:
            raise Doubt
        return value
    return check


def number(low: int | None = None, high: int | None = None) -> Check:
    """A Decimal, from a Decimal or an int, within the bounds."""
    def check(value: Any) -> Decimal:
        if type(value) is int:
            value = Decimal(value)
        elif type(value) is not Decimal or not value.is_finite():
            raise Doubt
        if (low is not None and value < low) or (high is not None and value > high):
            raise Doubt
        return value
    return check


def whole(low: int, high: int) -> Check:
    def check(value: Any) -> int:
        if type(value) is not int or not low <= value <= high:
            raise Doubt
        return value
    return check


def read_first(reader: Callable[[Any], Any], then: Check) -> Check:
    """The model's own reader (a pydantic ``BeforeValidator``), then the type's check."""
    def check(value: Any) -> Any:
        try:
            value = reader(value)
        except Exception:  # the reader refuses it: pydantic says why, in its words
            raise Doubt from None
        return then(value)
    return check


def optional(inner: Check) -> Check:
    def check(value: Any) -> Any:
        return None if value is None else inner(value)
    check.inner = inner  # type: ignore[attr-defined]  # what ``file_fields`` looks through
    return check


def listing(inner: Check) -> Check:
    def check(value: Any) -> list[Any]:
        if type(value) is not list:
            raise Doubt
        return [inner(item) for item in value]
    return check


def mapping(value: Any) -> dict[str, Any]:
    """``dict[str, Any]``: a mapping with text keys, copied."""
    if type(value) is not dict or not all(type(key) is str for key in value):
        raise Doubt
    return dict(value)


def either(by_type: dict[type, Check]) -> Check:
    """A union whose members take values of different Python types (pydantic's smart union picks
    the member that takes the value's type as it is)."""
    def check(value: Any) -> Any:
        inner = by_type.get(type(value))
        if inner is None:
            raise Doubt
        return inner(value)
    return check


def record(shape: type[Record]) -> Check:
    return shape.read


# The models' annotated types (``loading.documents``), as checks.
MONEY = read_first(parse_krw, number())
RATIO = read_first(share, number(0, 1))
DATE = read_first(calendar_date, day)
COUNT = read_first(whole_count, whole(0, 10**15))
REFERENCE = either({str: text(), list: listing(mapping)})  # a file, or rows written inline


class ParticipantDocument(Record):
    FIELDS = {
        "name": (text(1), REQUIRED),
        "authorized_participant": (flag, False),
        "lp_contract": (flag, False),
        "lp_from": (optional(day), None),
        "lp_to": (optional(day), None),
    }


class KrxDailyFiles(Record):
    FIELDS = {
        "format": (choice("krx-daily"), REQUIRED),
        "files": (text(1), REQUIRED),
    }


class KrxPdfFile(Record):
    FIELDS = {
        "format": (choice("krx-pdf"), REQUIRED),
        "file": (text(1), REQUIRED),
        "linked": (optional(listing(text())), None),
    }


# The values that name files: a path, rows written inline, or KRX downloads.
PDF = either({str: text(), list: listing(mapping), dict: record(KrxPdfFile)})
MARKET_DATA = either({str: text(), list: listing(mapping), dict: record(KrxDailyFiles)})
FILE_CHECKS = (REFERENCE, PDF, MARKET_DATA)


class IndexDocument(Record):
    FIELDS = {
        "kind": (choice("etf-index"), REQUIRED),
        "schema_version": (choice(1), REQUIRED),
        "name": (text(1), REQUIRED),
        "description": (optional(text()), None),
        "provider": (optional(text()), None),
        "asset_class": (choice("equity", "ktb", "bond", "commodity", "currency", "mixed"), REQUIRED),
        "weighting": (choice("market_cap", "free_float_market_cap", "capped_market_cap", "equal", "price"), REQUIRED),
        "constituents": (REFERENCE, REQUIRED),
        "market_data": (optional(MARKET_DATA), None),
        "sectoral": (flag, False),
        "calendar": (optional(REFERENCE), None),
        "levels": (optional(REFERENCE), None),
    }


class UnderlyingDocument(Record):
    FIELDS = {
        "index": (either({str: text(), dict: mapping}), REQUIRED),
        "license_signed": (optional(flag), None),
    }


class ProductDocument(Record):
    FIELDS = {
        "kind": (choice("etf-product"), REQUIRED),
        "schema_version": (choice(1), REQUIRED),
        "name": (text(1), REQUIRED),
        "description": (optional(text()), None),
        "issuer": (optional(text()), None),
        "as_of": (optional(DATE), None),
        "fund_form": (optional(choice("trust", "company")), None),
        "principal_krw": (optional(MONEY), None),
        "units": (optional(COUNT), None),
        "management": (optional(choice("passive", "active")), None),
        "leverage": (optional(number(-1000, 1000)), None),
        "creation": (optional(choice("in_kind", "cash")), None),
        "cash_creation_reason": (optional(text()), None),
        "underlying": (record(UnderlyingDocument), REQUIRED),
        "participants": (optional(listing(record(ParticipantDocument))), None),
        "pdf": (optional(PDF), None),
        "linked_assets_ratio": (optional(RATIO), None),
        "holdings": (optional(REFERENCE), None),
        "rulebook": (optional(text(1)), None),
        "listed_on": (optional(day), None),
        "underlying_market": (optional(choice("domestic", "overseas")), None),
        "history": (optional(REFERENCE), None),
    }


SHAPES: dict[str, type[Record]] = {shape.__name__: shape for shape in
                                    (ParticipantDocument, KrxDailyFiles, KrxPdfFile, IndexDocument, UnderlyingDocument,
                                     ProductDocument)}


def file_fields(shape: type[Record]) -> tuple[str, ...]:
    """The fields of ``shape`` that may name files (``discovery`` reads them to find what a change
    affects): taken from the fields the loader reads, so a new one is not forgotten there."""
    return tuple(name for name, (check, _) in shape.FIELDS.items()
                 if getattr(check, "inner", check) in FILE_CHECKS)


def quick_read(shape: type[Record], data: Any) -> Any:
    """``shape``'s record of ``data``, or None when pydantic must decide."""
    try:
        return shape.read(data)
    except Doubt:
        return None


def record_of(value: Any) -> Any:
    """A validated pydantic model as its record (the same values the quick reading gives)."""
    shape = SHAPES.get(type(value).__name__)
    if shape is not None and hasattr(value, "model_fields_set"):
        return shape(**{name: record_of(getattr(value, name)) for name in shape.FIELDS})
    if isinstance(value, list):
        return [record_of(item) for item in value]
    return value


__all__ = ["IndexDocument", "KrxDailyFiles", "KrxPdfFile", "ParticipantDocument", "ProductDocument", "Record",
           "UnderlyingDocument", "file_fields", "quick_read", "record_of"]
