"""Rows of data (constituents, PDF, daily market data), from CSV or written inline in YAML.

One set of column definitions serves both spellings, so a constituent reads the same whether it
comes from ``constituents.csv`` or from a list in ``index.yaml``. A bad cell is reported with its
file, line and column; a table keeps going after a bad row so that one run shows every problem.

Length: the cell readers, the CSV table with its positions, and the two ways of reading its rows
(by column for a clean table, row by row naming each bad cell) share the positions and the
problem collector; they are kept together so that both ways read every cell alike.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterator, Mapping, Sequence

from ..errors import InputError, Location, Problem, did_you_mean
from ..limits import MAX_NUMBER_DIGITS, number_problem, spreadsheet_exponent
from ..money import HINT as MONEY_HINT
from ..money import HINT_KO as MONEY_HINT_KO
from ..money import MoneyError, parse_krw, parse_signed_krw
from ..spellings import SpellingError, calendar_date, ungrouped
from .yaml_source import Document, Path

MAX_PROBLEMS = 50  # per table; a file that is wrong throughout says so once, not 600,000 times
# A row of these tables is a few dozen characters; a line of millions of commas would become a list
# of millions of cells before any could be checked.
MAX_LINE_CHARS = 10_000
MAX_COLUMNS = 100
# Tables up to this size (a PDF or a constituent list of tens of thousands of rows) are read a
# column at a time, and read again row by row only to explain a problem; a larger table is read
# row by row at once, so that a large file that is wrong throughout is never read whole.
BY_COLUMN_CHARS = 2 * 1024 * 1024


class CellError(ValueError):
    """A cell that cannot be read, in English and Korean (``ko``, ``hint_ko``)."""

    def __init__(self, message: str, hint: str | None = None, *, ko: str, hint_ko: str | None = None):
        super().__init__(message)
        self.hint = hint
        self.ko = ko
        self.hint_ko = hint_ko


def text(value: Any) -> str:
    if type(value) is str:  # every CSV cell: nothing else to rule out
        result = value.strip()
    elif isinstance(value, bool) or not isinstance(value, (str, int)):
        raise CellError(f"expected text, got {value!r}", ko=f"텍스트여야 합니다. 입력값: {value!r}")
    else:
        result = str(value).strip()
    if not result:
        raise CellError("is empty", ko="비어 있습니다")
    return result


def code(value: Any) -> str:
    if type(value) is not str and isinstance(value, (Decimal, float)):
        raise CellError(f"a code is text, got the number {value}", "quote it: '005930'",
                        ko=f"코드는 텍스트여야 하는데 숫자 {value}입니다", hint_ko="따옴표로 감싸세요: '005930'")
    return text(value)


def money(value: Any) -> Decimal:
    try:
        return parse_krw(value)
    except MoneyError as error:
        raise CellError(str(error), MONEY_HINT, ko=error.ko, hint_ko=MONEY_HINT_KO) from None


def signed_krw(value: Any) -> Decimal:
    """An amount of KRW that may be negative (a net loss, a payable, a short position):
    ``-120억원``, ``-1,500,000``."""
    try:
        return parse_signed_krw(value)
    except MoneyError as error:
        raise CellError(str(error), MONEY_HINT, ko=error.ko, hint_ko=MONEY_HINT_KO) from None


def decimal(value: Any) -> Decimal:
    if type(value) is str and len(value) <= MAX_NUMBER_DIGITS and value.isascii() and value.isdigit():
        return Decimal(value)  # a whole number of at most 30 digits (a PDF quantity): finite and in range
    if type(value) is str and "," in value:
        value = ungrouped(value)  # 10,000,000: thousands separators where they belong
    rounded = spreadsheet_exponent(value) if type(value) is str else None
    if rounded:
        raise CellError(rounded[0], rounded[1], ko=rounded[2], hint_ko=rounded[3])
    if isinstance(value, bool):
        raise CellError(f"expected a number, got {value!r}", ko=f"숫자여야 합니다. 입력값: {value!r}")
    try:
        number = Decimal(value) if isinstance(value, (int, Decimal)) else Decimal(str(value).strip())
    except InvalidOperation:
        raise CellError(f"'{value}' is not a number", ko=f"'{value}'은(는) 숫자가 아닙니다") from None
    if not number.is_finite():
        raise CellError(f"'{value}' is not a finite number", ko=f"'{value}'은(는) 유한한 숫자가 아닙니다")
    problem = number_problem(number)
    if problem:
        raise CellError(f"'{value}' {problem[0]}", ko=f"'{value}'은(는) {problem[1]}")
    return number


def ratio(value: Any) -> Decimal:
    """A share between 0 and 1 (0.05); a percentage written with % is read as one (5% -> 0.05)."""
    if isinstance(value, str) and value.strip().endswith("%"):
        number = decimal(value.strip()[:-1]) / 100
    else:
        number = decimal(value)
    if not 0 <= number <= 1:
        raise CellError(f"{value} is not a share between 0 and 1", "write 0.05 or 5%",
                        ko=f"{value}은(는) 0과 1 사이의 비율이 아닙니다", hint_ko="0.05 또는 5%로 쓰세요")
    return number


def quantity(value: Any) -> Decimal:
    """A PDF quantity: 0 is not held; a non-index row may be negative (a short futures position, a
    payable in cash). That an index issue's is not is checked where the index is known
    (``etf_listing.loading.holdings``)."""
    return decimal(value)


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
    raise CellError(f"'{value}' is not true or false", ko=f"'{value}'은(는) true나 false가 아닙니다")


def iso_date(value: Any) -> dt.date:
    """A date: 2024-10-31, 2024/10/31, 2024.10.31 or 20241031 (``spellings.calendar_date``)."""
    if type(value) is str and len(value) == 10 and value[4] == "-":  # the usual spelling, read fast
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    try:
        return calendar_date(value)
    except SpellingError as error:
        raise CellError(error.message, error.hint, ko=error.ko, hint_ko=error.hint_ko) from None


@dataclass(frozen=True)
class Column:
    read: Callable[[Any], Any]
    required: bool = True


Columns = Mapping[str, Column]


@dataclass(frozen=True, slots=True)
class Row:
    values: dict[str, Any]
    location: Location
    cells: Callable[[str], Location] | None = None  # where the row's cell of a column is

    def where(self, name: str) -> Location:
        """The position of the row's cell in column ``name`` (the row's own where not known)."""
        return self.cells(name) if self.cells is not None else self.location


class Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.dropped = 0
        self.stopped_at: Location | None = None

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.dropped += 1

    @property
    def full(self) -> bool:
        """Whether enough has been said: a table that is wrong throughout is read no further (a
        64 MB file of bad rows took minutes to explain row by row, for a message that shows 50)."""
        return len(self.problems) >= MAX_PROBLEMS

    def stop(self, where: Location) -> None:
        self.stopped_at = where

    def raise_if_any(self, file: str) -> None:
        if self.dropped:
            self.problems.append(Problem(Location(file), f"... and {self.dropped} more problems in this file",
                                         ko=f"... 이 파일에 문제가 {self.dropped}건 더 있습니다"))
        if self.stopped_at is not None:
            self.problems.append(Problem(self.stopped_at, f"reading stopped here after {MAX_PROBLEMS} problems",
                                         "fix these and check again",
                                         ko=f"문제가 {MAX_PROBLEMS}개를 넘어 여기서 읽기를 멈췄습니다",
                                         hint_ko="위 문제를 고친 뒤 다시 확인하십시오"))
        if self.problems:
            raise InputError(self.problems)


def cell_location(file: str, lines: Sequence[str], line: int, index: int) -> Location:
    """The position of cell ``index`` on ``line`` (exact for unquoted lines, else the line's start)."""
    raw = lines[line - 1] if 0 < line <= len(lines) else ""
    if '"' in raw:  # commas inside quotes do not separate cells
        starts, quoted = [0], False
        for position, character in enumerate(raw):
            if character == '"':
                quoted = not quoted
            elif character == "," and not quoted:
                starts.append(position + 1)
        return Location(file, line, starts[index] + 1 if index < len(starts) else 1)
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
        too_long = _long_line(text_)
        if too_long:
            length = len(self.lines[too_long - 1])
            raise InputError.at(Location(file, too_long, 1), f"this line is {length:,} characters long; at most {MAX_LINE_CHARS:,} are read",
                                "a row of this table is a few dozen characters: is this the right file?",
                                ko=f"이 줄은 {length:,}자입니다. 한 줄은 최대 {MAX_LINE_CHARS:,}자까지 읽습니다",
                                hint_ko="이 표의 한 행은 수십 자 정도입니다. 올바른 파일인지 확인하십시오")
        self.reader = csv.reader(io.StringIO(text_, newline=None))
        try:
            header = next(self.reader)
        except StopIteration:
            raise InputError.at(Location(file), "the file is empty",
                                f"the first line names the columns: {', '.join(columns)}",
                                ko="파일이 비어 있습니다", hint_ko=f"첫 줄에 열 이름을 쓰세요: {', '.join(columns)}") from None
        except csv.Error as error:
            raise InputError.at(Location(file), f"not valid CSV: {error}",
                                ko=f"올바른 CSV가 아닙니다 (파서: {error})") from None
        if len(header) > MAX_COLUMNS:
            raise InputError.at(Location(file), f"the first line names {len(header):,} columns; at most {MAX_COLUMNS} are read",
                                f"the first line names the columns: {', '.join(columns)}",
                                ko=f"첫 줄에 열이 {len(header):,}개 있습니다. 최대 {MAX_COLUMNS}개까지 읽습니다",
                                hint_ko=f"첫 줄에는 열 이름을 씁니다: {', '.join(columns)}")
        self.names = [name.strip() for name in header]
        _check_header(self.names, file, [_FIRST_LINE.match(text_).group()], columns)  # type: ignore[union-attr]
        self.index = {name: i for i, name in enumerate(self.names)}

    @property
    def lines(self) -> list[str]:
        """The file's lines, split only when a cell must be located: a large file that reads
        cleanly (630,000 rows of market data) never keeps a second copy of itself as lines."""
        if self._lines is None:
            self._lines = _split_lines(self._text)
        return self._lines

    def where(self, line: int, name: str) -> Location:
        return cell_location(self.file, self.lines, line, self.index.get(name, 0))

    def rows(self, collector: "Collector") -> Iterator[tuple[int, list[str]]]:
        """(line, cells) for each non-blank row with the right number of cells."""
        width = len(self.names)
        ended = self.reader.line_num
        try:
            for cells in self.reader:
                # a row is where it starts; a quoted cell may carry it over several lines
                line, lines, ended = ended + 1, self.reader.line_num - ended, self.reader.line_num
                if collector.full:
                    collector.stop(Location(self.file, line, 1))
                    return
                if not cells or (not cells[0].strip() and all(not cell.strip() for cell in cells)):
                    continue  # a blank row, or a spreadsheet's empty one (,,,): nothing is written there
                if len(cells) != width:
                    if lines > 1:
                        collector.add(Problem(Location(self.file, line, 1),
                                              f"this row has {len(cells)} cells over {lines} lines; the header names {width} columns",
                                              "is a quote (\") left open?",
                                              ko=f"이 행은 {lines}줄에 걸쳐 칸이 {len(cells)}개입니다. 머리글의 열은 {width}개입니다",
                                              hint_ko="닫히지 않은 따옴표(\")가 있습니까?"))
                        continue
                    grouped = len(cells) > width and any(_DIGIT_GROUP.fullmatch(cell.strip()) for cell in cells[1:])
                    collector.add(Problem(Location(self.file, line, 1),
                                          f"this row has {len(cells)} cells; the header names {width} columns",
                                          'a number with thousands separators is quoted in CSV: "10,000,000"' if grouped else None,
                                          ko=f"이 행의 칸은 {len(cells)}개인데 머리행의 열은 {width}개입니다",
                                          hint_ko='CSV에서 천 단위 구분 기호가 있는 숫자는 따옴표로 감쌉니다: "10,000,000"'
                                          if grouped else None))
                    continue
                yield line, cells
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                limit = csv.field_size_limit()
                collector.add(Problem(Location(self.file, ended + 1, 1),
                                      f"a cell is longer than {limit:,} characters", "is a quote (\") left open?",
                                      ko=f"{limit:,}자보다 긴 칸이 있습니다", hint_ko="닫히지 않은 따옴표(\")가 있습니까?"))
            else:
                collector.add(Problem(Location(self.file, ended + 1, 1), f"not valid CSV: {error}",
                                      ko=f"올바른 CSV가 아닙니다 (파서: {error})"))


_FIRST_LINE = re.compile(r"[^\r\n]*")
_DIGIT_GROUP = re.compile(r"[0-9]{3}")


def _split_lines(text_: str) -> list[str]:
    """The lines of a table's text: they end in CRLF, LF or CR alone, as the CSV reader counts
    them, so that positions agree."""
    return text_.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _long_line(text_: str) -> int | None:
    """The number of the first line longer than MAX_LINE_CHARS, or None. A line that long holds a
    whole aligned block of MAX_LINE_CHARS // 2 characters without a line end; the text is split
    into lines (a second copy of a large file) only when some block has none."""
    step = MAX_LINE_CHARS // 2
    for start in range(0, len(text_), step):
        block = text_[start:start + step]
        if len(block) == step and "\n" not in block and "\r" not in block:
            return next((i for i, raw in enumerate(_split_lines(text_), 1) if len(raw) > MAX_LINE_CHARS), None)
    return None


def read_csv(text_: str, file: str, columns: Columns) -> list[Row]:
    """Rows of a CSV file with a header row, each value read by its column's reader."""
    table = CsvTable(text_, file, columns)
    if len(text_) <= BY_COLUMN_CHARS:
        scratch = Collector()
        found = _plain_rows(text_, len(table.names))
        if found is None:
            found = list(table.rows(scratch))
        if not scratch.problems and scratch.stopped_at is None:
            by_column = _read_by_column(found, table, columns)
            if by_column is not None:
                return by_column
        # A problem somewhere: read again row by row, saying where each one is.
        table = CsvTable(text_, file, columns)
    collector = Collector()
    rows: list[Row] = []
    # Each cell read directly by its column's reader, as _read_cells reads a mapping's: the same
    # problems, without a mapping built for each of hundreds of thousands of rows.
    plan = [(name, table.index.get(name), column.read, column.required) for name, column in columns.items()]
    for line, cells in table.rows(collector):
        values: dict[str, Any] = {}
        ok = True
        for name, i, read, required in plan:
            raw = cells[i] if i is not None else ""
            if raw and not raw.isspace():
                try:
                    values[name] = read(raw)
                except CellError as error:
                    collector.add(Problem(table.where(line, name), f"{name}: {error}", error.hint, ko=f"{name}: {error.ko}",
                                          hint_ko=error.hint_ko))
                    ok = False
            elif required:
                collector.add(Problem(table.where(line, name), f"{name}: a value is required", ko=f"{name}: 값이 필요합니다"))
                ok = False
            else:
                values[name] = None
        if ok:
            rows.append(Row(values, Location(file, line, 1), functools.partial(table.where, line)))
    collector.raise_if_any(file)
    return rows


def _plain_rows(text_: str, width: int) -> list[tuple[int, list[str]]] | None:
    """(line, cells) of every data row of a plainly written table, split without the CSV reader's
    per-row bookkeeping: no quote, no carriage return, no NUL, no blank line, and every row with
    ``width`` cells. In such a text the CSV reader's rows are its lines split at commas, and a row's
    line is its place in the text. None otherwise: the CSV reader then reads it row by row."""
    if '"' in text_ or "\r" in text_ or "\x00" in text_:
        return None
    lines = text_.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the last line's end
    found = [(number, line.split(",")) for number, line in enumerate(lines[1:], 2)]
    for _, cells in found:
        if len(cells) != width or not cells[0] or cells[0].isspace():
            return None  # a blank line, a row of blank cells or of the wrong width: read row by row
    return found


def read_columns(text_: str, file: str, columns: Columns) -> tuple[list[list[Any]], int] | None:
    """The values of a plainly written CSV file (``_plain_rows``), a list for each of ``columns``
    in its order, and how many rows: what ``read_csv`` reads, without a row object for each, for a
    caller that makes its records from the columns. None wherever ``read_csv`` would read the file
    another way or find a problem in it (it then says where)."""
    if len(text_) > BY_COLUMN_CHARS:
        return None
    try:
        table = CsvTable(text_, file, columns)
    except InputError:
        return None
    found = _plain_rows(text_, len(table.names))
    if found is None:
        return None
    values = _columns_read(found, table, columns)
    return None if values is None else (values, len(found))


def _read_by_column(found: list[tuple[int, list[str]]], table: CsvTable, columns: Columns) -> list[Row] | None:
    """The rows of a table whose every row has its cells, each column read by one ``map`` of its
    reader (a PDF of 1,000 holdings is 3,000 cells: the per-cell loop was a third of loading a
    product); None at the first cell that is missing or refused, for the row-by-row reading to
    explain with its position."""
    values_read = _columns_read(found, table, columns)
    if values_read is None:
        return None
    names = list(columns)
    file = table.file
    where = table.where
    return [Row(dict(zip(names, values)), Location(file, line, 1), functools.partial(where, line))
            for (line, _), values in zip(found, zip(*values_read))]


def _columns_read(found: list[tuple[int, list[str]]], table: CsvTable, columns: Columns) -> list[list[Any]] | None:
    """Each of ``columns`` read over the rows ``found``, by one ``map`` of its reader; None at the
    first cell that is missing or refused."""
    values_read: list[list[Any]] = []
    for name, column in columns.items():
        i = table.index.get(name)
        if i is None:
            if column.required:
                return None
            values_read.append([None] * len(found))
            continue
        cells = [cells[i] for _, cells in found]
        try:
            if column.required:
                if not all(cell and not cell.isspace() for cell in cells):
                    return None
                values_read.append(_read_each(column.read, cells))
            else:
                read = column.read
                values_read.append(_read_each(lambda cell: read(cell) if cell and not cell.isspace() else None, cells))
        except CellError:
            return None
    return values_read


def _read_each(read: Callable[[str], Any], cells: list[str]) -> list[Any]:
    """``read`` of each cell; a column that repeats a few values (an index's markets and sectors)
    has each distinct cell read once. Readers depend on the cell alone and give
    values that are never changed, so rows may share one."""
    if len(cells) >= _FEW_DISTINCT_FROM:
        distinct = dict.fromkeys(cells)
        if len(distinct) * 4 <= len(cells):
            read_once = {cell: read(cell) for cell in distinct}
            return list(map(read_once.__getitem__, cells))
    return list(map(read, cells))


_FEW_DISTINCT_FROM = 64  # rows: below it, looking for repeats costs more than it may save


def listed_twice(rows: Sequence[Row], en: str, ko: str, hint: str | None = None,
                 hint_ko: str | None = None) -> tuple[list[Problem], list[Row]]:
    """A problem at every row whose ``code`` an earlier row already has (``en`` and ``ko`` are
    templates of ``{code}`` and ``{first}``, the first row's line), and the rows without those:
    a code listed twice is refused, never added up or counted twice."""
    seen: dict[str, Location] = {}
    problems: list[Problem] = []
    kept: list[Row] = []
    for row in rows:
        key = row.values["code"]
        first = seen.get(key)
        if first is not None:
            problems.append(Problem(row.location, en.format(code=key, first=first.line), hint,
                                    ko=ko.format(code=key, first=first.line), hint_ko=hint_ko))
            continue
        seen[key] = row.location
        kept.append(row)
    return problems, kept


def _check_header(names: Sequence[str], file: str, lines: Sequence[str], columns: Columns) -> None:
    problems = []
    seen: set[str] = set()
    for i, name in enumerate(names):
        where = cell_location(file, lines, 1, i)
        if name in seen:
            problems.append(Problem(where, f"the column '{name}' is named twice", ko=f"열 '{name}'이(가) 두 번 있습니다"))
        seen.add(name)
        if name not in columns:
            problems.append(Problem(where, f"unknown column '{name}'",
                                    did_you_mean(name, columns) or f"the columns are {', '.join(columns)}",
                                    ko=f"알 수 없는 열 '{name}'",
                                    hint_ko=did_you_mean(name, columns, "ko") or f"열: {', '.join(columns)}"))
    for name, column in columns.items():
        if column.required and name not in seen:
            problems.append(Problem(Location(file, 1, 1), f"the column '{name}' is missing",
                                    f"the first line names the columns: {', '.join(columns)}",
                                    ko=f"열 '{name}'이(가) 없습니다",
                                    hint_ko=f"첫 줄에 열 이름을 쓰세요: {', '.join(columns)}"))
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
                collector.add(Problem(where(name), f"{name}: a value is required", ko=f"{name}: 값이 필요합니다"))
                ok = False
            values[name] = None
            continue
        try:
            values[name] = column.read(raw)
        except CellError as error:
            collector.add(Problem(where(name), f"{name}: {error}", error.hint, ko=f"{name}: {error.ko}",
                                  hint_ko=error.hint_ko))
            ok = False
    return values if ok else None


def read_inline(document: Document, path: Path, columns: Columns) -> list[Row]:
    """Rows written in YAML as a list of mappings at ``path`` of ``document``."""
    items = _at(document.data, path)
    collector = Collector()
    rows: list[Row] = []
    if not isinstance(items, list):
        raise InputError.at(document.where(path), "expected a list of rows or the path of a CSV file",
                            ko="행의 목록이나 CSV 파일 경로여야 합니다")
    for i, item in enumerate(items):
        item_path = path + (i,)
        if collector.full:
            collector.stop(document.where(item_path))
            break
        if not isinstance(item, dict):
            collector.add(Problem(document.where(item_path), "expected a mapping of column names to values",
                                  ko="열 이름과 값의 매핑이어야 합니다"))
            continue
        for name in item:
            if name not in columns:
                collector.add(Problem(document.where_key(item_path + (name,)), f"unknown field '{name}'",
                                      did_you_mean(name, columns) or f"the fields are {', '.join(columns)}",
                                      ko=f"알 수 없는 필드 '{name}'",
                                      hint_ko=did_you_mean(name, columns, "ko") or f"필드: {', '.join(columns)}"))
        row = _read_cells(item, columns, collector, lambda name: document.where(item_path + (name,)))
        if row is not None:
            rows.append(Row(row, document.where(item_path), functools.partial(_field_where, document, item_path)))
    collector.raise_if_any(document.file)
    return rows


def _field_where(document: Document, item: Path, name: str) -> Location:
    """Where field ``name`` of the row at ``item`` is written."""
    return document.where(item + (name,))


def _at(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data

