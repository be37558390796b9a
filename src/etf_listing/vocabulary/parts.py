"""Collections taken from another one (a filter's items, the top of a ranking) that know where
each of their members stands in it, so that a column already made over the whole gives a part's
values by place, without looking each member up (``remembered``).
"""

from __future__ import annotations

from itertools import compress
from typing import Any, Sequence

from ..records import Rows, chosen_rows, rows_at


class Part(tuple):  # type: ignore[type-arg]
    """The members of ``home`` at ``spots`` (ascending or not), in that order: a tuple like any
    other (equal to, and hashed as, the tuple of its members). Pickled and copied as a plain tuple:
    where it goes, its home does not."""

    home: Sequence[Any]
    _spots: list[int] | None
    _flags: list[bool]

    @property
    def spots(self) -> list[int]:
        """The members' places in ``home``: those a filter chose, found when first asked for (most
        filtered collections are only counted or looked in)."""
        if self._spots is None:
            self._spots = list(compress(range(len(self.home)), self._flags))
        return self._spots

    def __reduce__(self) -> Any:
        return tuple, (tuple(self),)


def part(home: Sequence[Any], spots: list[int]) -> Sequence[Any]:
    """The members of ``home`` at ``spots``; of a table's rows kept as columns (``records.Rows``),
    as rows of them: none made for being taken (the top 85% of an index's issues)."""
    if type(home) is Rows:
        return rows_at(home, spots)
    found = Part(map(home.__getitem__, spots))
    found.home, found._spots = home, spots
    return found


def chosen(home: Sequence[Any], flags: list[bool]) -> Sequence[Any]:
    """The members of ``home`` whose flag is True (every flag a bool), in its order; of a table's
    rows kept as columns (``records.Rows``), as rows of them (a PDF's rows a filter keeps)."""
    rows = chosen_rows(home, flags)
    if rows is not None:
        return rows
    found = Part(compress(home, flags))
    found.home, found._spots, found._flags = home, None, flags
    return found


__all__ = ["Part", "chosen", "part"]
