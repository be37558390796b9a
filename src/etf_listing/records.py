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
from typing import Any, Callable, Iterable, Iterator, Sequence, TypeVar, overload

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
    """Records of one class kept as their columns, each made (by ``made``, all at once) only when
    the sequence is first read a record at a time: an immutable sequence of the records, equal to
    (and hashed as) their tuple, and pickled as it. What reads a field of every record, a filter
    that keeps some of them, reads the columns instead (``column``, ``chosen``), so the rows of a
    PDF that a check reads only as its codes and quantities are never made one by one.

    A column is a list of ``count`` values, or a function that makes it when first read (the rows'
    positions). ``chosen`` rows are the same records, not copies: made from those of the rows they
    were chosen from."""

    __slots__ = ("cls", "_count", "_columns", "_home", "_flags", "_records")

    def __init__(self, cls: type[T], count: int, columns: dict[str, list[Any] | Callable[[], list[Any]]]):
        if columns.keys() != (_FIELDS.get(cls) or _check(cls)):
            raise TypeError(f"{cls.__name__}: every field is given a column")
        self.cls = cls
        self._count = count
        self._columns = columns
        self._home: Rows[T] | None = None
        self._flags: list[bool] | None = None
        self._records: tuple[T, ...] | None = None

    def column(self, name: str) -> list[Any]:
        """The values of field ``name``, in order (the list kept: not to be changed)."""
        found = self._columns[name]
        if not isinstance(found, list):
            if self._home is not None:
                assert self._flags is not None
                found = list(itertools.compress(self._home.column(name), self._flags))
            else:
                found = found()
                if len(found) != self._count:
                    raise ValueError(f"{self.cls.__name__}: the column {name} has {len(found)} values, not {self._count}")
            self._columns[name] = found
        return found

    def chosen(self, flags: list[bool]) -> "Rows[T]":
        """The rows whose flag is True (one flag a row), in order."""
        rows: Rows[T] = Rows(self.cls, sum(flags), dict.fromkeys(self._columns, _FROM_HOME))
        rows._home, rows._flags = self, flags
        return rows

    def records(self) -> tuple[T, ...]:
        """The records, made when first asked for."""
        found = self._records
        if found is None:
            if self._home is not None:
                assert self._flags is not None
                found = tuple(itertools.compress(self._home.records(), self._flags))
            else:
                columns = {name: self.column(name) for name in self._columns}
                found = tuple(made(self.cls, self._count, **columns))
            self._records = found
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


def _from_home() -> list[Any]:
    raise AssertionError("a chosen row's column is taken from its home's")


_FROM_HOME = _from_home


def field_of_each(records: Sequence[Any], name: str) -> Iterable[Any]:
    """Field ``name`` of every record, in order: the column of ``Rows``, without making them."""
    if type(records) is Rows:
        return records.column(name)
    return map(attrgetter(name), records)


def chosen_rows(records: Sequence[T], flags: list[bool]) -> Sequence[T] | None:
    """The records of ``Rows`` whose flag is True, still as columns; None for any other sequence."""
    return records.chosen(flags) if type(records) is Rows else None
