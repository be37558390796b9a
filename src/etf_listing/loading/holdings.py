"""PDF rows read against the index they are meant to replicate.

Two things about a PDF row can only be decided once the index is known:

- its code may spell an index code another way (an ISIN, the ``A`` prefix, zeros a spreadsheet
  dropped): it is read as the index's code, or refused with the code it was probably meant to be;
- its quantity may be negative only when it is not an index issue. A short futures position
  (``-14`` contracts) or a payable in cash is a real row of a PDF; an index issue held short is not
  how a fund replicates its index, so it is an input error at the quantity's cell.

A PDF file as it is usually written (plain cells, every code the index's as it writes it, or a code
of its own such as KRW cash) is read by ``plain_holdings`` in one pass over its lines, straight to
the fund's holdings; any other file is read by the general path, which says where each problem is.
"""

from __future__ import annotations

import dataclasses
import itertools
import weakref
from decimal import Decimal
from typing import Any, Iterator, Mapping, Sequence, overload

from ..errors import InputError, Location, Problem
from ..limits import MAX_NUMBER_DIGITS
from ..model import Constituent, Holding, Index
from ..records import Rows, field_of_each, made
from .codes import IndexCodes, index_zeros_dropped_problem, zeros_dropped, zeros_dropped_problem, zeros_kept
from .tables import CellError, Column, Row, _long_line, code, quantity, text


# id(index) -> (the index's codes and names, their reader), for as long as the index lives: the
# products on one index read their PDFs against it without building these again.
_CODES: dict[int, tuple[dict[str, str], IndexCodes]] = {}


def names_by_code(constituents: Sequence[Constituent]) -> dict[str, str]:
    """Each constituent's name by its code, read from the columns (``records.Rows``: none made)."""
    return dict(zip(field_of_each(constituents, "code"), field_of_each(constituents, "name")))


def _codes_of(index: Index) -> tuple[dict[str, str], IndexCodes]:
    found = _CODES.get(id(index))
    if found is None:
        names = names_by_code(index.constituents)
        found = _CODES[id(index)] = (names, IndexCodes(names))
        weakref.finalize(index, _CODES.pop, id(index), None)
    return found


def _shortest(index: Index) -> int:
    """The length of the index's shortest code. Where it is six or more (codes as they are
    written), no index code a PDF holds is shorter, and the PDF's codes need not be measured."""
    found = _SHORTEST.get(id(index))
    if found is None:
        found = _SHORTEST[id(index)] = min(map(len, _codes_of(index)[0]), default=6)
        weakref.finalize(index, _SHORTEST.pop, id(index), None)
    return found


_SHORTEST: dict[int, int] = {}


def _name(row: Row) -> str | None:
    name = row.values.get("name")
    return name if isinstance(name, str) else None


def pdf_rows(rows: Sequence[Row], index: Index | None) -> list[Row]:
    """``rows`` with their codes read as ``index`` writes them; ``InputError`` for a code that lost
    its leading zeros, a negative quantity of an index issue, or two rows that are one issue."""
    if index is None:  # the index could not be read: its own problems are reported
        return list(rows)
    names, codes = _codes_of(index)
    problems: list[Problem] = []
    result: list[Row] = []
    first: dict[str, tuple[Row, str]] = {}  # the first row of each code, and how it was written
    for row in rows:
        written = row.values["code"]
        if len(written) >= 6 and written in names:  # an index code as the index writes it: the common case
            quantity = row.values["quantity"]
            if quantity >= 0 and written not in first:
                first[written] = (row, written)
                result.append(row)
                continue
        padded = zeros_dropped(written, names)
        if padded is not None:
            problems.append(zeros_dropped_problem(row.where("code"), "code", written, padded, names[padded]))
            continue
        stripped = zeros_kept(written, names)
        if stripped is not None:  # the index lost the zeros: mended there
            where = next(c.location for c in index.constituents if c.code == stripped)
            problems.append(index_zeros_dropped_problem(where, stripped, written, row.where("code"), names[stripped]))
            continue
        code = codes.read(written, _name(row))
        if code != written:
            row = dataclasses.replace(row, values={**row.values, "code": code})
        quantity = row.values["quantity"]
        if code in names and quantity < 0:
            problems.append(Problem(
                row.where("quantity"),
                f"quantity: {names[code]} ({code}) is an index issue; its quantity {quantity} cannot be negative",
                "an index issue is held (above 0) or not (0); only other rows (futures, cash, payables) may be negative",
                ko=f"quantity: {names[code]}({code})은(는) 지수 구성종목이므로 수량 {quantity}이(가) 음수일 수 없습니다",
                hint_ko="지수 구성종목은 보유(0 초과)하거나 보유하지 않습니다(0). 음수는 선물·현금·미지급금 등 그 밖의 행만 가능합니다"))
        seen, seen_written = first.setdefault(code, (row, written))
        if seen is not row and (seen_written != code or written != code):
            # Two spellings of one issue (005930 and KR7005930003): which quantity is meant?
            problems.append(Problem(
                row.where("code"),
                f"code: '{written}' is {code}, already listed at line {seen.location.line}",
                "write one row per issue with its whole quantity",
                ko=f"code: '{written}'은(는) {code}이며 {seen.location.line}행에 이미 있습니다",
                hint_ko="종목마다 한 행에 전체 수량을 쓰십시오"))
        result.append(row)
    if problems:
        raise InputError(problems)
    return result



def plain_holdings(text_: str, file: str, index: Index, columns: Mapping[str, Column]) -> Rows[Holding] | None:
    """The holdings of a PDF file written plainly, read a column at a time and kept as columns
    (``records.Rows``: each holding made only where something reads the rows one by one); None when the file is
    not plainly written or a row is anything but the usual case, for the general path
    (``tables.read_csv``, ``pdf_rows``, the loader's check of codes listed twice) to read and
    explain with positions. When this returns holdings, the general path returns the same ones.

    Plainly written: no quote, carriage return or NUL, no line longer than the tables read, a
    header of known columns each named once with the required ones present, and every row with its
    cells, the first one not blank (as ``tables._plain_rows`` asks). The usual rows: every required
    cell read (a code and a name not blank, a quantity of ASCII digits, or in any other spelling
    its column's reader takes), each code once, and each either a code of the index as it writes
    it with a quantity of zero or more, or a code of its own (not an index code that lost its
    zeros, nor another spelling of one: KRW cash, a futures contract)."""
    if '"' in text_ or "\r" in text_ or "\x00" in text_:
        return None
    first, _, body = text_.partition("\n")
    if not body or _long_line(text_) is not None:
        return None
    header = [name.strip() for name in first.split(",")]
    width = len(header)
    if (len(set(header)) != width or any(name not in columns for name in header)
            or any(column.required and name not in header for name, column in columns.items())
            or [columns.get(name, _NO_COLUMN).read for name in ("code", "name", "quantity")] != [code, text, quantity]
            or any(name not in ("code", "name", "quantity", "value_krw", "linked") for name in header)):
        return None  # the three columns read here, and the holding's other two by their readers
    cells = _cells(body, width)
    if cells is None:
        return None
    count = len(cells) // (width + 1)
    cells_of = {name: cells[i::width + 1] for i, name in enumerate(header)}  # each column's cells, in row order
    if not all(map(str.strip, cells_of[header[0]])):
        return None  # a blank first cell: a row of blanks, or one the CSV reader must see
    written = list(map(str.strip, cells_of["code"]))
    named = list(map(str.strip, cells_of["name"]))
    counted = _quantities(cells_of["quantity"])
    distinct = set(written)
    if not all(written) or not all(named) or counted is None or len(distinct) != len(written):
        return None
    quantities, signed = counted
    names, codes = _codes_of(index)
    own = distinct.difference(names)  # the rows that are not index issues (KRW cash, futures)
    if _shortest(index) < 6 and min(map(len, distinct.difference(own)), default=6) < 6:
        return None  # an index code shorter than six characters: the general path reads it
    name_of = dict(zip(written, named)) if own else {}
    for written_code in own:
        if (zeros_dropped(written_code, names) is not None or zeros_kept(written_code, names) is not None
                or codes.read(written_code, name_of[written_code]) != written_code):
            return None
    if signed and any(number < 0 for c, number in zip(written, quantities) if c in names):
        return None
    extra: list[list[Any]] = []
    for name in ("value_krw", "linked"):
        if name not in cells_of:
            extra.append([None] * count)
            continue
        read = columns[name].read
        try:
            extra.append([read(cell) if cell and not cell.isspace() else None for cell in cells_of[name]])
        except CellError:
            return None
    # (the rows' positions, and the rows themselves, made only where something reads them one by one)
    return Rows(Holding, count, {
        "code": written, "name": named, "quantity": quantities, "value_krw": extra[0], "linked": extra[1],
        "location": RowPositions(file, 2, count)})


_NO_COLUMN = Column(lambda cell: cell)


class RowPositions(Sequence[Location]):
    """The positions of ``count`` lines of ``file`` from line ``first`` on, at column 1: each made
    when read by itself, all of them at once (``made``) when read whole."""

    __slots__ = ("file", "first", "count_")

    def __init__(self, file: str, first: int, count: int):
        self.file, self.first, self.count_ = file, first, count

    def __len__(self) -> int:
        return self.count_

    @overload
    def __getitem__(self, at: int) -> Location: ...

    @overload
    def __getitem__(self, at: slice) -> list[Location]: ...

    def __getitem__(self, at: int | slice) -> Location | list[Location]:
        if isinstance(at, slice):
            return list(self)[at]
        if not -self.count_ <= at < self.count_:
            raise IndexError("RowPositions index out of range")
        return Location(self.file, self.first + at % self.count_, 1)

    def __iter__(self) -> Iterator[Location]:
        return iter(made(Location, self.count_, file=itertools.repeat(self.file),
                         line=range(self.first, self.first + self.count_), column=itertools.repeat(1)))


def _cells(body: str, width: int) -> list[str] | None:
    """The cells of the data lines ``body`` (no quote, carriage return or NUL), row after row, each
    row's ``width`` cells followed by a ``"\\n"`` in place of its line end: split at once, in C, rather
    than a line at a time; None unless every line has ``width`` cells. A line end becomes a cell of
    its own, so the rows are all of that width exactly when the line ends are at every
    ``width + 1``-th place."""
    if not body.endswith("\n"):
        body += "\n"  # the last line without its end
    cells = body.replace("\n", ",\n,").split(",")
    cells.pop()  # what follows the last line end: nothing
    count = body.count("\n")
    if len(cells) != count * (width + 1) or cells[width::width + 1].count("\n") != count:
        return None
    return cells


def _quantities(cells: Sequence[str]) -> tuple[list[Decimal], bool] | None:
    """A PDF's quantities, as ``tables.quantity`` reads them, and whether any may be negative;
    None at the first that is blank or refused."""
    digits = "".join(cells)
    if digits.isascii() and digits.isdigit() and all(cells) and max(map(len, cells)) <= MAX_NUMBER_DIGITS:
        return list(map(Decimal, cells)), False  # whole numbers, as ``decimal`` reads them at once
    result = []
    for cell in cells:
        if not cell or cell.isspace():
            return None
        try:
            result.append(quantity(cell))
        except CellError:
            return None
    return result, True
