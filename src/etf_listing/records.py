"""Many records of one frozen, slotted dataclass made a field at a time.

Making a frozen dataclass sets each field through ``object.__setattr__``, in Python, one record at
a time: a PDF of 1,000 rows spent more on making its rows' positions and holdings than on reading
them. ``made`` makes the same records with the work done in C: the empty records at once, then
each field's values set through the field's slot, a column at a time. It is for classes whose
``__init__`` only sets fields (no ``__post_init__``, no default factory run for a column given),
which it checks once for each class.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any, Iterable, TypeVar

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
