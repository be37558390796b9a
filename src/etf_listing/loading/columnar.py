"""Large market-data files read in columns by a C CSV reader (pyarrow), for the well-formed case.

An index of 10,000 issues has 630,000 daily rows over three months; reading them row by row in
Python took three quarters of a check. This module reads such a file with pyarrow's CSV reader,
groups the rows by issue and sorts them by date in C, and gives series equal to those the row
reader builds (``loading.load``), whose amounts stay in int64 columns (``model.ColumnSeries``): a
window's total is a difference of two checked running sums, exact, and an amount becomes a Python
int only when a series' values are read one by one. A column whose running sum would pass 64 bits
is summed as Python ints. A file written date by date, every date naming the codes in one order
(the usual export), is not sorted at all: an issue's amounts are every n-th row
(``column_amounts.DateColumns``).

It takes only files it can read exactly as the row reader would: plain unquoted cells, one row a
line, whole numbers of KRW in at most 18 ASCII digits, dates and codes that the row reader's own
cell readers accept unchanged, no issue with two rows for a date. On any doubt (a quote, a space,
a blank line, an amount in another spelling, a duplicate row, anything pyarrow refuses) it
answers ``None`` and the row reader reads the file, so that a bad file is explained with the same
positioned messages as before.

pyarrow is imported here only, and only for files of at least ``COLUMNAR_MIN_BYTES``: a small
file (the pre-commit hook's usual input) is read by the row reader without paying for the import.
"""

from __future__ import annotations

import io
import os
import sys
from typing import Any, BinaryIO, Callable

from ..errors import Location
from ..model import ColumnSeries, Series
from .column_amounts import DateColumns, IssueColumns
from .column_amounts import ints as _ints
from .files import MAX_FILE_BYTES, SourceFile, open_regular
from .tables import CellError, code, iso_date

# Files smaller than this are read row by row: importing pyarrow costs about as much as reading
# 25,000 rows in Python (an index of 400 issues over three months).
COLUMNAR_MIN_BYTES = 1 << 20
# Once a larger file has brought pyarrow in, a file of an index of 100 issues (6,300 rows, 250 kB)
# is read in columns three times as fast as by rows: only the smallest stay with the row reader.
COLUMNAR_MIN_BYTES_IMPORTED = 1 << 16

COLUMNS = ("date", "code", "market_cap_krw", "trading_value_krw")
_BOM = b"\xef\xbb\xbf"
# A whole number of KRW in at most 18 ASCII digits, the row reader's int path (``load._amount``):
# below 10^18, the largest amount ``money`` accepts, and within 64 bits. Any other spelling of an
# amount (70억원, 7,000, 7e9, a space) goes to the row reader and its exact Decimal path.
_AMOUNT_DIGITS = 18
# A code or a date is a few characters; bounding them (and the amounts) keeps every line within
# the row reader's MAX_LINE_CHARS without measuring lines.
_CELL_CHARS = 100


def read_market_data_file(source: SourceFile, *, min_bytes: int | None = None) -> dict[str, Series] | None:
    """The daily series by code of a long-format market-data file (``date, code,
    market_cap_krw, trading_value_krw``), or ``None`` when the row reader must read it (and
    every file that cannot be read: the row reader says why). pyarrow reads the file from disk a
    block at a time, so a large file is never held whole in memory beside its table.
    ``min_bytes``: the smallest file read in columns (by default, ``smallest_columnar()``)."""
    if min_bytes is None:
        min_bytes = smallest_columnar()
    stream = open_regular(source.real)
    if stream is None:
        return None
    with stream:
        if not min_bytes <= os.fstat(stream.fileno()).st_size <= MAX_FILE_BYTES:
            return None
        return _read_stream(stream, source.display)


def read_market_data(data: bytes, file: str, *, min_bytes: int | None = None) -> dict[str, Series] | None:
    """``read_market_data_file`` for a file's bytes."""
    if len(data) < (smallest_columnar() if min_bytes is None else min_bytes):
        return None
    return _read_stream(io.BytesIO(data), file)


def smallest_columnar() -> int:
    """The smallest file worth reading in columns: large until pyarrow is imported or a run reads
    many indices (``many_indices``), then small (both readers give the same series, so which one
    reads a file never shows)."""
    return COLUMNAR_MIN_BYTES_IMPORTED if _many or "pyarrow" in sys.modules else COLUMNAR_MIN_BYTES


def many_indices() -> None:
    """This process is about to read the indices of a run over many products: pyarrow's import
    will pay for itself, so the smaller files are read in columns from the first."""
    global _many
    _many = True


_many = False


def _read_stream(stream: BinaryIO, file: str) -> dict[str, Series] | None:
    if not _plain_header(stream.readline(_HEADER_BYTES)):
        return None
    stream.seek(0)
    if _lone_return(stream):
        return None
    stream.seek(0)
    try:
        import pyarrow  # noqa: F401  (only here: a large input pays for it, start-up does not)
    except ImportError:
        return None
    try:
        return _read(stream, file)
    except Exception:  # pyarrow refused something: the row reader explains it with positions
        return None


_HEADER_BYTES = 200


def _plain_header(line: bytes) -> bool:
    """Whether the first line names the four columns, each once, plainly (the row reader would
    also take spaces around a name, and reports unknown or missing columns)."""
    if line.startswith(_BOM):
        line = line[len(_BOM):]
    return sorted(line.rstrip(b"\r\n").split(b",")) == sorted(name.encode() for name in COLUMNS)


def _lone_return(stream: BinaryIO) -> bool:
    """Whether a line ends in a carriage return alone (the row reader's business: pyarrow would
    take it for the end of a line), looked for a block at a time; most files have no carriage
    return at all, and a block without one is passed over at the speed of memchr."""
    returns = pairs = 0
    after_return = False
    while block := stream.read(1 << 20):
        pairs += after_return and block.startswith(b"\n")
        if b"\r" in block:
            returns += block.count(b"\r")
            pairs += block.count(b"\r\n")
        after_return = block.endswith(b"\r")
    return returns != pairs


def _read(stream: BinaryIO, file: str) -> dict[str, Series] | None:
    import pyarrow as pa
    import pyarrow.csv as pacsv
    from pyarrow import _compute

    # pyarrow's compute functions called directly: the pyarrow.compute module builds a Python
    # wrapper for each of its hundreds of functions when imported (a tenth of a large check).
    pool = pa.system_memory_pool()

    def call(name: str, *arguments: Any, options: Any = None) -> Any:
        return _compute.call_function(name, list(arguments), options, pool)

    def as_int64(values: Any) -> Any:
        return call("cast", values, options=_compute.CastOptions.safe(pa.int64()))

    # The C library's allocator (pool) returns a large block to the system when it is freed, and
    # the file is parsed a block at a time (the blocks shared among pyarrow's threads, as many as
    # the machine has cores): the table is at most about the size of the file while it lives.
    text = pa.dictionary(pa.int32(), pa.string())
    # Quotes are not special here: a quoted cell keeps its quotes, so it is refused below (an
    # amount is not digits, a code or a date holds a quote) and the row reader reads the file.
    table = pacsv.read_csv(
        stream,  # a UTF-8 byte order mark is skipped, as the row reader skips it
        read_options=pacsv.ReadOptions(use_threads=True),
        # A blank line is kept as a row of empty cells (which no cell reader below accepts), not
        # skipped: skipping it would move the line numbers of the rows after it.
        parse_options=pacsv.ParseOptions(quote_char=False, newlines_in_values=False, ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(
            column_types={"date": text, "code": text, "market_cap_krw": pa.string(), "trading_value_krw": pa.string()},
            strings_can_be_null=False, quoted_strings_can_be_null=False),
        memory_pool=pool,
    )
    if table.num_rows == 0:
        return None
    table = table.unify_dictionaries(memory_pool=pool)  # one dictionary of dates and one of codes for every block
    days = _distinct(table.column("date").chunk(0).dictionary.to_pylist(), iso_date)
    keys = _distinct(table.column("code").chunk(0).dictionary.to_pylist(), code)
    if days is None or keys is None:
        return None
    date_index = pa.chunked_array([chunk.indices for chunk in table.column("date").chunks]).combine_chunks(memory_pool=pool)
    code_index = pa.chunked_array([chunk.indices for chunk in table.column("code").chunks]).combine_chunks(memory_pool=pool)

    # Each row's place: issue by issue (in the order the file first names them), then by date.
    date_count = len(days)
    rank = [0] * date_count
    for position, i in enumerate(sorted(range(date_count), key=days.__getitem__)):
        rank[i] = position
    date_rank = call("take", _ints(pa, rank, "q"), date_index)
    if _date_major(pa, call, code_index, date_rank, len(keys)):
        return _read_date_major(pa, call, table, keys, tuple(sorted(days)), file)
    place = call("add", call("multiply", as_int64(code_index), _ints(pa, [date_count], "q")[0]), date_rank)
    order = call("array_sort_indices", place)
    placed = call("take", place, order)
    if len(placed) > 1 and call("any", call("equal", placed.slice(1), placed.slice(0, len(placed) - 1))).as_py():
        return None  # an issue with two rows for a date: the row reader says where
    counts = call("value_counts", code_index)
    count_of = dict(zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist()))
    first_rows = _first_rows(pa, call, code_index, len(keys))
    if first_rows is None:
        first_rows = call("index_in", _ints(pa, range(len(keys)), "i"),
                          options=_compute.SetLookupOptions(code_index)).to_pylist()
    ranks = None if all(n == date_count for n in count_of.values()) else call("take", date_rank, order).to_pylist()
    del date_index, code_index, date_rank, place, placed

    starts, start = [], 0
    for i in range(len(keys)):  # sorted by issue index: the rows of issue i are the next count_of[i]
        starts.append(start)
        start += count_of[i]
    # the row of each issue's first date (the first of its sorted rows), as the row reader points
    # at it: never the row the file happens to name first, which moves with the order of the rows
    first_dates = call("take", order, _ints(pa, starts, "q")).to_pylist()
    amounts = _amounts(pa, call, table, order)
    del table, order
    if amounts is None:
        return None

    issues = sorted(range(len(keys)), key=first_rows.__getitem__)  # in the order the file names them
    # rows are line 2 onwards: the header is line 1, and no line is blank or continued
    columns = IssueColumns(call, dict(zip(("market_cap_krw", "trading_value_krw"), amounts)),
                       [starts[i] for i in issues], [count_of[i] for i in issues], file, [first_dates[i] + 2 for i in issues])
    del amounts
    all_days = tuple(sorted(days))
    series: dict[str, Series] = {}
    for n, i in enumerate(issues):
        start = starts[i]
        end = start + count_of[i]
        # every date once (the usual case): one tuple of dates shared by every such issue
        issue_days = all_days if ranks is None or end - start == date_count else tuple(all_days[r] for r in ranks[start:end])
        series[keys[i]] = ColumnSeries(issue_days, columns, n)
    return series


def _amounts(pa: Any, call: Callable[..., Any], table: Any, order: Any = None) -> list[Any] | None:
    """The two amount columns as int64 arrays (their rows in ``order``, where given), or None when
    an amount is not a whole number of KRW in at most 18 ASCII digits."""
    amounts = []
    for name in ("market_cap_krw", "trading_value_krw"):
        column = table.column(name)
        if (not call("all", call("ascii_is_decimal", column)).as_py()
                or call("max", call("binary_length", column)).as_py() > _AMOUNT_DIGITS):
            return None
        values = _as_int64(pa, call, column)
        if order is not None:
            values = call("take", values, order)
        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks(memory_pool=pa.system_memory_pool())
        amounts.append(values)
    return amounts


def _as_int64(pa: Any, call: Callable[..., Any], values: Any) -> Any:
    from pyarrow import _compute

    return call("cast", values, options=_compute.CastOptions.safe(pa.int64()))


def _date_major(pa: Any, call: Callable[..., Any], codes: Any, date_ranks: Any, issues: int) -> bool:
    """Whether the rows are written date by date, the dates in order, each date naming every code
    once in the order of the first date: the way an export of a market's daily data is usually
    written. Then row r is the (r // issues)-th date of the (r % issues)-th code, which is what
    ``date rank * issues + code number == r`` for every row says (both numbers are within their
    ranges), and the rows need no sorting."""
    rows = len(codes)
    if rows % issues or rows < 2:
        return False
    by_date = call("add", call("multiply", date_ranks, _ints(pa, [issues], "q")[0]), _as_int64(pa, call, codes))
    if by_date[0].as_py() != 0:
        return False
    steps = call("subtract", by_date.slice(1), by_date.slice(0, rows - 1))
    return bool(call("all", call("equal", steps, _ints(pa, [1], "q")[0])).as_py())


def _read_date_major(pa: Any, call: Callable[..., Any], table: Any, keys: list[str], days: tuple[Any, ...],
                     file: str) -> dict[str, Series] | None:
    """The series of a file written date by date (``_date_major``): every issue has every date, its
    first row is on the first date, and its amounts are every ``len(keys)``-th row's."""
    amounts = _amounts(pa, call, table)
    if amounts is None:
        return None
    columns = DateColumns(call, dict(zip(("market_cap_krw", "trading_value_krw"), amounts)), len(keys),
                                len(days), file)
    return {key: ColumnSeries(days, columns, n) for n, key in enumerate(keys)}


def _first_rows(pa: Any, call: Callable[..., Any], codes: Any, count: int) -> list[int] | None:
    """The row at which each of the ``count`` codes first appears (``codes``: each row's code's
    number), or None when they are to be looked up. pyarrow numbers a column's distinct cells in
    the order they first appear (each block's in its own order, and ``unify_dictionaries`` adds
    a later block's new cells after the earlier ones'), so code k first appears where the running
    greatest number first reaches k; checked, not assumed."""
    try:
        highest = call("cumulative_max", codes)
        rises = call("indices_nonzero", call("not_equal", highest.slice(1), highest.slice(0, len(codes) - 1)))
        rows = [0, *(row + 1 for row in rises.to_pylist())]
        if len(rows) != count or call("take", codes, _ints(pa, rows, "q")).to_pylist() != list(range(count)):
            return None
    except Exception:  # an older pyarrow without cumulative_max: looked up
        return None
    return rows


def _distinct(raw: list[str], read: Callable[[str], Any]) -> list[Any] | None:
    """The cells read by the row reader's own cell reader, or None when one is refused, read
    differently from how it is written (surrounding space, quotes), is long, holds a NUL (the row
    reader refuses the file), or two read as the same value."""
    result = []
    for cell in raw:
        if cell != cell.strip() or len(cell) > _CELL_CHARS or '"' in cell or "\0" in cell:
            return None
        try:
            result.append(read(cell))
        except CellError:
            return None
    return result if len(set(result)) == len(result) else None
