"""Columns whose values' types are known: the operation that makes a column (reading a field,
comparing with a bound, looking codes up) sees its values' types, or knows them (a comparison of
numbers gives flags), and the operations that read the column (the test for missing slots, a sum,
a filter) ask for them instead of going over the column again.
"""

from __future__ import annotations

from typing import AbstractSet, Any, Iterable, Sequence


class Known(list):  # type: ignore[type-arg]
    """A column with the types of its values (``kinds``). Never changed once made, so its sum,
    once taken (``total``, by ``numbers.add_all``), is kept with it: an index's weights and its
    cumulative cut add up the same market caps. Pickled and copied as a plain list."""

    __slots__ = ("kinds", "total")
    kinds: AbstractSet[type]
    total: Any

    def __reduce__(self) -> Any:
        return list, (list(self),)


FLAGS: frozenset[type] = frozenset([bool])
_NOTHING: frozenset[type] = frozenset()


def known(values: Iterable[Any], kinds: AbstractSet[type]) -> Known:
    """The column of ``values``, whose types are ``kinds`` exactly."""
    column = Known(values)
    column.kinds = kinds if column else _NOTHING
    return column


def flags(values: Iterable[bool]) -> Known:
    """The column of ``values``, every one True or False."""
    return known(values, FLAGS)


def kinds_of(values: Sequence[Any]) -> AbstractSet[type]:
    """The types of a column's values: as known, or seen in one pass in C (also for a Known made
    without them, as ``Known(...)`` alone makes one)."""
    if type(values) is Known:
        kinds = getattr(values, "kinds", None)
        if kinds is not None:
            return kinds  # type: ignore[no-any-return]
    return set(map(type, values))


__all__ = ["FLAGS", "Known", "flags", "kinds_of", "known"]
