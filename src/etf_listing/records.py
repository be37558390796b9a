"""Many records of one frozen, slotted dataclass made a field at a time.

Making a frozen dataclass sets each field through ``object.__setattr__``, in Python, one record at
a time: a PDF of 1,000 rows spent more on making its rows' positions and holdings than on reading
them. ``made`` makes the same records with the work done in C: the empty records at once, then
each field's values set through the field's slot, a column at a time. It is for classes whose
``__init__`` only sets fields (no ``__post_init__``, no default factory run for a column given),
which it checks once for each class.

``Rows`` keeps such records as their columns and makes them (by ``made``) only when they are read
one by one: what reads a field of every row (a rule's column) reads the column itself.
"""

from __future__ import annotations

import dataclasses
import itertools
import sys
from operator import attrgetter
from typing import Any, Iterable, Iterator, Mapping, Sequence, TypeVar, overload

T = TypeVar("T")

_FIELDS: dict[type, set[str]] = {}  # each class checked, and its fields' names


def made(cls: type[T], count: int, **columns: Iterable[Any]) -> list[T]:
    """``count`` records of ``cls``, the i-th with the i-th value of each column: the same records,
    equal and alike, as ``[cls(**{name: values[i] ...}) for i in range(count)]``. Every field is
    given a column (``itertools.repeat(value)`` for one value), each with at least ``count`` values."""
    names = _FIELDS.get(cls) or _check(cls)
    if columns.keys() != names:
        raise TypeError(f"{cls.__name__}: every field is given a column")
    records = list(map(object.__new__, itertools.repeat(cls, count)))
    for name, values in columns.items():
        if len(list(map(getattr(cls, name).__set__, records, values))) != count:  # each field's slot, in C
            raise ValueError(f"{cls.__name__}: the column {name} has fewer than {count} values")
    return records


def _check(cls: type) -> set[str]:
    params = getattr(cls, "__dataclass_params__", None)
    init = vars(cls).get("__init__")
    if (params is None or not params.frozen or "__slots__" not in vars(cls) or hasattr(cls, "__post_init__")
            or getattr(getattr(init, "__code__", None), "co_filename", None) != "<string>"  # its own __init__
            or not all(f.init for f in dataclasses.fields(cls))):
        raise TypeError(f"{cls.__name__} is not a frozen, slotted dataclass without __post_init__ whose "
                        "__init__ only sets its fields")
    names = _FIELDS[cls] = {f.name for f in dataclasses.fields(cls)}
    return names


class Rows(Sequence[T]):
    """Records of one class kept as their columns, each made (by ``made``) only when read: an
    immutable sequence of the records, equal to (and hashed as) their tuple, and pickled as it.
    What reads a field of every record, or keeps some of them (a filter), reads the columns instead
    (``column``, ``at``), so the rows of a PDF that the rules read as their codes and quantities are
    never made one by one. A record read by itself is made by itself, once: the same object when
    all are made, and in the rows taken from these (``at``).

    A column is any sequence of ``count`` values: a list, or one that makes each value when read
    (``holdings.RowPositions``), read whole only when asked for whole."""

    __slots__ = ("cls", "_count", "_columns", "_home", "_spots", "_records", "_one")

    def __init__(self, cls: type[T], count: int, columns: Mapping[str, Sequence[Any]]):
        if columns.keys() != (_FIELDS.get(cls) or _check(cls)):
            raise TypeError(f"{cls.__name__}: every field is given a column")
        for name, values in columns.items():
            if len(values) != count:
                raise ValueError(f"{cls.__name__}: the column {name} has {len(values)} values, not {count}")
        self.cls = cls
        self._count = count
        self._columns: dict[str, Sequence[Any]] = dict(columns)
        self._home: Rows[T] | None = None
        self._spots: list[int] = []
        self._records: tuple[T, ...] | None = None
        self._one: dict[int, T] | None = None

    def column(self, name: str) -> list[Any]:
        """The values of field ``name``, in order (the list kept: not to be changed)."""
        found = self._columns.get(name)
        if type(found) is not list:
            if self._home is not None:
                found = list(map(self._home.column(name).__getitem__, self._spots))
            else:
                found = list(self._columns[name])
            self._columns[name] = found
        return found  # type: ignore[return-value]

    def at(self, places: Sequence[int]) -> "Rows[T]":
        """The rows at ``places`` (ascending or not; none negative), as rows of these: the same records."""
        places = list(places)
        if places and not 0 <= min(places) <= max(places) < self._count:
            raise IndexError("Rows.at: a place out of range")
        return self._at(places)

    def _at(self, places: list[int]) -> "Rows[T]":
        """``at`` of places known to be in range; the list is kept (so never changed after)."""
        rows: Rows[T] = Rows.__new__(Rows)
        rows.cls, rows._count, rows._columns = self.cls, len(places), {}
        rows._records, rows._one = None, None
        if self._home is not None:  # (a part of a part: a part of the first rows)
            rows._home, rows._spots = self._home, list(map(self._spots.__getitem__, places))
        else:
            rows._home, rows._spots = self, places
        return rows

    def records(self) -> tuple[T, ...]:
        """Every record, made when first asked for."""
        found = self._records
        if found is None:
            home = self._home
            if home is not None:  # (a few of many rows, such as those a report lists: those alone made)
                few = home._records is None and 4 * self._count < home._count
                found = tuple(map(home._record if few else home.records().__getitem__, self._spots))
            else:
                made_ = made(self.cls, self._count, **{name: self.column(name) for name in _FIELDS[self.cls]})
                for i, record in (self._one or {}).items():
                    made_[i] = record  # (one read by itself before: the same object)
                found = tuple(made_)
            self._records, self._one = found, None
        return found

    def _record(self, i: int) -> T:
        if self._records is not None:
            return self._records[i]
        if self._home is not None:
            return self._home._record(self._spots[i])
        one = self._one if self._one is not None else {}
        self._one = one
        found = one.get(i)
        if found is None:
            found = one[i] = made(self.cls, 1, **{name: (values[i],) for name, values in self._columns.items()})[0]
        return found

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    @overload
    def __getitem__(self, at: int) -> T: ...

    @overload
    def __getitem__(self, at: slice) -> tuple[T, ...]: ...

    def __getitem__(self, at: int | slice) -> T | tuple[T, ...]:
        if type(at) is int and self._records is None:
            if not -self._count <= at < self._count:
                raise IndexError("Rows index out of range")
            return self._record(at % self._count)
        return self.records()[at]

    def __iter__(self) -> Iterator[T]:
        return iter(self.records())

    def __reversed__(self) -> Iterator[T]:
        return reversed(self.records())

    def __contains__(self, value: object) -> bool:
        return value in self.records()

    def index(self, value: Any, start: int = 0, stop: int = sys.maxsize) -> int:
        return self.records().index(value, start, stop)

    def count(self, value: Any) -> int:
        return self.records().count(value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rows):
            other = other.records()
        return self.records() == other if isinstance(other, tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.records())

    def __repr__(self) -> str:
        return repr(self.records())

    def __reduce__(self) -> Any:
        return tuple, (self.records(),)


def field_of_each(records: Sequence[Any], name: str) -> Iterable[Any]:
    """Field ``name`` of every record, in order: the column of ``Rows``, without making them."""
    if type(records) is Rows:
        return records.column(name)
    return map(attrgetter(name), records)


def chosen_rows(records: Sequence[T], flags: list[bool]) -> Sequence[T] | None:
    """The records of ``Rows`` whose flag is True, still as columns; None for any other sequence."""
    # (places of the rows, so in range: not checked again)
    return records._at(list(itertools.compress(range(len(records)), flags))) if type(records) is Rows else None


def taken_from(records: Sequence[T]) -> tuple[Sequence[T], list[int]] | None:
    """The rows that ``records`` were taken from (``Rows.at``) and their places there (the list the
    rows keep: not to be changed); None for any other sequence."""
    if type(records) is Rows and records._home is not None:
        return records._home, records._spots
    return None


def few_of(records: Sequence[T], read: int) -> Sequence[T]:
    """``records`` for ``read`` of them to be read by place: of ``Rows``, the rows themselves
    when they are few of the rows they are (or are taken from), each made alone as it is read;
    else all of them made at once."""
    if type(records) is Rows and 4 * read >= len(records._home if records._home is not None else records):
        return records.records()
    return records


def rows_at(records: Sequence[T], places: list[int]) -> Sequence[T]:
    """The records at ``places`` (places of them, so in range: not checked again): of ``Rows``, as
    rows of them (still columns)."""
    if type(records) is Rows:
        return records._at(places)
    return list(map(records.__getitem__, places))
