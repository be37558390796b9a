"""Rows of data (constituents, PDF, daily market data), from CSV or written inline in YAML.

One set of column definitions serves both spellings, so a constituent reads the same whether it
comes from ``constituents.csv`` or from a list in ``index.yaml``. A bad cell is reported with its
file, line and column; a table keeps going after a bad row so that one run shows every problem.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterator, Mapping, Sequence

from ..errors import InputError, Location, Problem, did_you_mean
from ..money import HINT as MONEY_HINT
from ..money import MoneyError, parse_krw
from .yaml_source import Document, Path

MAX_PROBLEMS = 50  # per table; a file that is wrong throughout says so once, not 600,000 times


class CellError(ValueError):
    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


def text(value: Any) -> str:
    if type(value) is str:  # every CSV cell: nothing else to rule out
        result = value.strip()
    elif isinstance(value, bool) or not isinstance(value, (str, int)):
        raise CellError(f"expected text, got {value!r}")
    else:
        result = str(value).strip()
    if not result:
        raise CellError("is empty")
    return result


def code(value: Any) -> str:
    if type(value) is not str and isinstance(value, (Decimal, float)):
        raise CellError(f"a code is text, got the number {value}", "quote it: '005930'")
    return text(value)


def money(value: Any) -> Decimal:
    try:
        return parse_krw(value)
    except MoneyError as error:
        raise CellError(str(error), MONEY_HINT) from None


def decimal(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellError(f"expected a number, got {value!r}")
    try:
        number = Decimal(value) if isinstance(value, (int, Decimal)) else Decimal(str(value).strip())
    except InvalidOperation:
        raise CellError(f"'{value}' is not a number") from None
    if not number.is_finite():
        raise CellError(f"'{value}' is not a finite number")
    return number


def quantity(value: Any) -> Decimal:
    number = decimal(value)
    if number < 0:
        raise CellError(f"the quantity {value} is negative", "a quantity is 0 (not held) or more")
    return number


_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise CellError(f"'{value}' is not true or false")


def iso_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise CellError(f"'{value}' is not a date that exists", "write YYYY-MM-DD") from None


@dataclass(frozen=True)
class Column:
    read: Callable[[Any], Any]
    required: bool = True


Columns = Mapping[str, Column]


@dataclass(frozen=True, slots=True)
class Row:
    values: dict[str, Any]
    location: Location


class Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.dropped = 0

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.dropped += 1

    def raise_if_any(self, file: str) -> None:
        if self.dropped:
            self.problems.append(Problem(Location(file), f"... and {self.dropped} more problems in this file"))
        if self.problems:
            raise InputError(self.problems)


def cell_location(file: str, lines: Sequence[str], line: int, index: int) -> Location:
    """The position of cell ``index`` on ``line`` (exact for unquoted lines, else the line's start)."""
    raw = lines[line - 1] if 0 < line <= len(lines) else ""
    if '"' in raw:
        return Location(file, line, 1)
    column = 1
    for _ in range(index):
        comma = raw.find(",", column - 1)
        if comma < 0:
            return Location(file, line, 1)
        column = comma + 2
    return Location(file, line, column)


class CsvTable:
    """A CSV file's checked header and its data rows, with positions for error messages."""

    def __init__(self, text_: str, file: str, columns: Columns):
        self.file = file
        self._text = text_
        self._lines: list[str] | None = None
        self.reader = csv.reader(io.StringIO(text_))
        try:
            header = next(self.reader)
        except StopIteration:
            raise InputError.at(Location(file), "the file is empty",
                                f"the first line names the columns: {', '.join(columns)}") from None
        except csv.Error as error:
            raise InputError.at(Location(file), f"not valid CSV: {error}") from None
        self.names = [name.strip() for name in header]
        _check_header(self.names, file, text_.partition("\n")[0].splitlines(), columns)
        self.index = {name: i for i, name in enumerate(self.names)}

    @property
    def lines(self) -> list[str]:
        """The file's lines, split only when a cell must be located: a large file that reads
        cleanly (630,000 rows of market data) never keeps a second copy of itself as lines."""
        if self._lines is None:
            self._lines = self._text.splitlines()
        return self._lines

    def where(self, line: int, name: str) -> Location:
        return cell_location(self.file, self.lines, line, self.index.get(name, 0))

    def rows(self, collector: "Collector") -> Iterator[tuple[int, list[str]]]:
        """(line, cells) for each non-blank row with the right number of cells."""
        width = len(self.names)
        try:
            for cells in self.reader:
                line = self.reader.line_num
                if len(cells) != width:
                    if not cells or all(not cell.strip() for cell in cells):
                        continue
                    collector.add(Problem(Location(self.file, line, 1),
                                          f"this row has {len(cells)} cells; the header names {width} columns"))
                    continue
                yield line, cells
        except csv.Error as error:
            collector.add(Problem(Location(self.file, self.reader.line_num, 1), f"not valid CSV: {error}"))


def read_csv(text_: str, file: str, columns: Columns) -> list[Row]:
    """Rows of a CSV file with a header row, each value read by its column's reader."""
    table = CsvTable(text_, file, columns)
    collector = Collector()
    rows: list[Row] = []
    names = table.names
    # Each cell of a row read directly by its column's reader; a row with a blank required cell
    # or a bad one goes through _read_cells, which says what is wrong where.
    plan = [(name, table.index[name], column.read, column.required) if name in table.index else (name, None, None, False)
            for name, column in columns.items()]
    for line, cells in table.rows(collector):
        values: dict[str, Any] | None = {}
        try:
            for name, i, read, required in plan:
                raw = cells[i] if i is not None else ""
                if raw and not raw.isspace():
                    values[name] = read(raw)  # type: ignore[index,misc]
                elif required:
                    raise CellError("a value is required")
                else:
                    values[name] = None  # type: ignore[index]
        except CellError:
            values = _read_cells(dict(zip(names, cells)), columns, collector, _CellPlace(table, line))
        if values is not None:
            rows.append(Row(values, Location(file, line, 1)))
    collector.raise_if_any(file)
    return rows


class _CellPlace:
    """Where a cell of one row is: worked out only for a cell that has a problem."""

    __slots__ = ("table", "line")

    def __init__(self, table: CsvTable, line: int) -> None:
        self.table, self.line = table, line

    def __call__(self, name: str) -> Location:
        return self.table.where(self.line, name)


def _check_header(names: Sequence[str], file: str, lines: Sequence[str], columns: Columns) -> None:
    problems = []
    seen: set[str] = set()
    for i, name in enumerate(names):
        where = cell_location(file, lines, 1, i)
        if name in seen:
            problems.append(Problem(where, f"the column '{name}' is named twice"))
        seen.add(name)
        if name not in columns:
            problems.append(Problem(where, f"unknown column '{name}'",
                                    did_you_mean(name, columns) or f"the columns are {', '.join(columns)}"))
    for name, column in columns.items():
        if column.required and name not in seen:
            problems.append(Problem(Location(file, 1, 1), f"the column '{name}' is missing",
                                    f"the first line names the columns: {', '.join(columns)}"))
    if problems:
        raise InputError(problems)


def _read_cells(cells: Mapping[str, Any], columns: Columns, collector: Collector,
                where: Callable[[str], Location]) -> dict[str, Any] | None:
    values: dict[str, Any] = {}
    ok = True
    for name, column in columns.items():
        raw = cells.get(name)
        if raw is None or raw == "" or (isinstance(raw, str) and not raw.strip()):
            if column.required:
                collector.add(Problem(where(name), f"{name}: a value is required"))
                ok = False
            values[name] = None
            continue
        try:
            values[name] = column.read(raw)
        except CellError as error:
            collector.add(Problem(where(name), f"{name}: {error}", error.hint))
            ok = False
    return values if ok else None


def read_inline(document: Document, path: Path, columns: Columns) -> list[Row]:
    """Rows written in YAML as a list of mappings at ``path`` of ``document``."""
    items = _at(document.data, path)
    collector = Collector()
    rows: list[Row] = []
    if not isinstance(items, list):
        raise InputError.at(document.where(path), "expected a list of rows or the path of a CSV file")
    for i, item in enumerate(items):
        item_path = path + (i,)
        if not isinstance(item, dict):
            collector.add(Problem(document.where(item_path), "expected a mapping of column names to values"))
            continue
        for name in item:
            if name not in columns:
                collector.add(Problem(document.where_key(item_path + (name,)), f"unknown field '{name}'",
                                      did_you_mean(name, columns) or f"the fields are {', '.join(columns)}"))
        row = _read_cells(item, columns, collector, lambda name: document.where(item_path + (name,)))
        if row is not None:
            rows.append(Row(row, document.where(item_path)))
    collector.raise_if_any(document.file)
    return rows


def _at(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data

