"""The amounts of a market-data file read in columns (``loading.columnar``), kept as int64 arrays
for its ``model.ColumnSeries``: what a series' values and window totals are read from.

Two layouts: ``IssueColumns`` for rows sorted issue by issue (and by date within an issue), whose
window totals are differences of checked running sums; ``DateColumns`` for a file written date by
date with every code on every date, read as written, whose window totals are sums of the window's
slices, each issue's checked. Both are exact: where a 64-bit sum would overflow, the amounts are
summed as Python ints, as the row reader's series are. pyarrow is imported only by the reader that
made them (and here only when a total is first asked for, by then long imported).
"""

from __future__ import annotations

import array
from typing import Any, Callable, Iterable

from ..errors import Location


class IssueColumns:
    """The amounts of a file read in columns, for its ``ColumnSeries``: one int64 array a field,
    the rows issue by issue (the ``n``-th issue's are ``starts[n]`` to ``starts[n] + counts[n] - 1``)
    and by date within an issue.

    A window's total of an issue is the difference of two running sums of the column, taken for
    every issue at once the first time a window (its first and last position within an issue) is
    asked for: 64-bit sums, checked, so exact; a column whose running sum would pass 2^63 - 1 is
    summed as Python ints instead, as the row reader's series are. The amounts become Python ints
    only when a series' values are read one by one (then a whole column at once)."""

    # Windows summed for all issues at once; beyond them (issues whose dates differ a great deal),
    # each issue's window is summed on its own.
    WINDOWS_KEPT = 8

    def __init__(self, call: Callable[..., Any], arrays: dict[str, Any], starts: list[int], counts: list[int],
                 file: str, lines: list[int]):
        self._call = call
        self._arrays = arrays
        self._starts = starts
        self._counts = counts
        self._file = file
        self._lines = lines  # the line of each issue's first date
        self._bounds: tuple[Any, Any] | None = None  # the starts and counts as arrow arrays
        self._values: dict[str, list[int]] = {}
        self._running: dict[str, Any] = {}
        self._totals: dict[tuple[str, int, int], list[int]] = {}

    def location(self, issue: int) -> Location:
        return Location(self._file, self._lines[issue], 1)

    def values(self, field: str, issue: int) -> tuple[int, ...]:
        values = self._values.get(field)
        if values is None:
            values = self._values[field] = self._arrays[field].to_pylist()
        start = self._starts[issue]
        return tuple(values[start:start + self._counts[issue]])

    def total(self, field: str, issue: int, start: int, end: int) -> int:
        key = (field, start, end)
        totals = self._totals.get(key)
        if totals is None:
            running = self._running_sums(field)
            if running is None or len(self._totals) >= self.WINDOWS_KEPT:
                return sum(self.values(field, issue)[start:end])
            totals = self._totals[key] = self._window_totals(running, start, end)
        return totals[issue]

    def _running_sums(self, field: str) -> Any:
        """The running sums of a column, after a first 0 (so that a total is a difference of two),
        or None when one would not fit in 64 bits."""
        if field not in self._running:
            import pyarrow as pa

            try:
                running = self._call("cumulative_sum_checked", self._arrays[field])
            except pa.ArrowInvalid:  # an overflow: the exact path sums this column
                running = None
            else:
                running = pa.concat_arrays([ints(pa, [0], "q"), running])
            self._running[field] = running
        return self._running[field]

    def _window_totals(self, running: Any, start: int, end: int) -> list[int]:
        """Each issue's total of the amounts at its positions ``start`` to ``end - 1`` (cut to its
        own rows: only the issues whose window this is read it)."""
        import pyarrow as pa

        call = self._call
        if self._bounds is None:
            self._bounds = ints(pa, self._starts, "q"), ints(pa, self._counts, "q")
        starts, counts = self._bounds
        low, high = (call("add", starts, call("min_element_wise", counts, ints(pa, [at], "q")[0])) for at in (start, end))
        return call("subtract", call("take", running, high), call("take", running, low)).to_pylist()  # type: ignore[no-any-return]


class DateColumns:
    """The amounts of a file written date by date (``columnar._date_major``), as read: the ``n``-th issue's
    amount on the ``j``-th date is at row ``j * issues + n``. A window's totals, for every issue at
    once, are the sums of the window's dates' slices of the column, added as 64-bit integers with
    overflow checked (each issue's own total must fit, not the column's); where one would not, the
    issue's amounts are summed as Python ints."""

    WINDOWS_KEPT = IssueColumns.WINDOWS_KEPT

    def __init__(self, call: Callable[..., Any], arrays: dict[str, Any], issues: int, dates: int, file: str):
        self._call = call
        self._arrays = arrays
        self._issues = issues
        self._dates = dates
        self._file = file
        self._values: dict[str, list[int]] = {}
        self._totals: dict[tuple[str, int, int], list[int] | None] = {}

    def location(self, issue: int) -> Location:
        return Location(self._file, issue + 2, 1)  # the first date's rows, after the header

    def values(self, field: str, issue: int) -> tuple[int, ...]:
        values = self._values.get(field)
        if values is None:
            values = self._values[field] = self._arrays[field].to_pylist()
        return tuple(values[issue::self._issues])

    def total(self, field: str, issue: int, start: int, end: int) -> int:
        key = (field, start, end)
        if key not in self._totals:
            if len(self._totals) >= self.WINDOWS_KEPT:
                return sum(self.values(field, issue)[start:end])
            self._totals[key] = self._window_totals(field, start, end)
        totals = self._totals[key]
        if totals is None:  # some issue's total passes 64 bits: summed exactly
            return sum(self.values(field, issue)[start:end])
        return totals[issue]

    def _window_totals(self, field: str, start: int, end: int) -> list[int] | None:
        import pyarrow as pa

        start, end = max(start, 0), min(end, self._dates)
        if start >= end:
            return [0] * self._issues
        column, issues, call = self._arrays[field], self._issues, self._call
        total = column.slice(start * issues, issues)
        try:
            for j in range(start + 1, end):
                total = call("add_checked", total, column.slice(j * issues, issues))
        except pa.ArrowInvalid:  # an overflow
            return None
        return total.to_pylist()  # type: ignore[no-any-return]


def ints(pa: Any, values: Iterable[int], typecode: str) -> Any:
    """An arrow array of 64-bit ("q") or 32-bit ("i") integers, made from the standard library's
    array. Not ``pa.array`` or ``pa.scalar``: given Python values, they ask whether the values are
    pandas objects, and that imports pandas (a third of a second) wherever it is installed."""
    ints = array.array(typecode, values)
    kind = {8: pa.int64(), 4: pa.int32()}[ints.itemsize]
    return pa.Array.from_buffers(kind, len(ints), [None, pa.py_buffer(ints)])
