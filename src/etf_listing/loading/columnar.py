"""Large market-data files read in columns by a C CSV reader (pyarrow), for the well-formed case.

An index of 10,000 issues has 630,000 daily rows over three months; reading them row by row in
Python took three quarters of a check. This module reads such a file with pyarrow's CSV reader,
groups the rows by issue and sorts them by date in C, and builds the same ``Series`` values the row
reader builds (``loading.load``), amounts as exact Python ints.

It takes only files it can read exactly as the row reader would: plain unquoted cells, one row a
line, whole numbers of KRW written in ASCII digits below 10^18, dates and codes that the row
reader's own cell readers accept unchanged, no issue with two rows for a date. On any doubt (a
quote, a space, a blank line, a cell pyarrow cannot type, a negative or very large amount, a
duplicate row, anything pyarrow refuses) it answers ``None`` and the row reader reads the file,
so that a bad file is explained with the same positioned messages as before.

pyarrow is imported here only, and only for files of at least ``COLUMNAR_MIN_BYTES``: a small
file (the pre-commit hook's usual input) is read by the row reader without paying for the import.
"""

from __future__ import annotations

from typing import Any, Callable

from ..errors import Location
from ..model import Series
from .tables import MAX_LINE_CHARS, CellError, code, iso_date

# Files smaller than this are read row by row: importing pyarrow costs about as much as reading
# 25,000 rows in Python (an index of 400 issues over three months).
COLUMNAR_MIN_BYTES = 1 << 20

COLUMNS = ("date", "code", "market_cap_krw", "trading_value_krw")
_BOM = b"\xef\xbb\xbf"
# Spellings the row reader reads differently from pyarrow's typed reader, or that move lines:
# quotes (a cell may span lines), spaces and tabs (pyarrow trims them around a number), hex
# numbers (0x10), blank lines (pyarrow skips them, so row numbers would not be line numbers),
# a sign after a separator (-0), NUL.
_DOUBTFUL = (b'"', b" ", b"\t", b"0x", b"0X", b"\n\n", b"\n\r\n", b",-", b"\n-", b"\r-", b"\0")
# Below 10^18 (the largest amount ``money`` accepts) and within 18 digits, as the row reader's
# whole-number path; a larger amount goes to the row reader and its exact Decimal path.
_AMOUNT_LIMIT = 10**18


def read_market_data(data: bytes, file: str, *, min_bytes: int = COLUMNAR_MIN_BYTES) -> dict[str, Series] | None:
    """The daily series by code of a long-format market-data file (``date, code,
    market_cap_krw, trading_value_krw``), or ``None`` when the row reader must read it."""
    if len(data) < min_bytes or not _plain(data):
        return None
    try:
        import pyarrow  # noqa: F401  (only here: a large input pays for it, start-up does not)
    except ImportError:
        return None
    try:
        return _read(data, file)
    except Exception:  # pyarrow refused something: the row reader explains it with positions
        return None


def _plain(data: bytes) -> bool:
    """Whether the file is spelt so plainly that row N of pyarrow's reading is line N + 1."""
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    if any(spelling in data for spelling in _DOUBTFUL):
        return False
    if data.count(b"\r") != data.count(b"\r\n"):  # lone CR line ends: the row reader's business
        return False
    end = data.find(b"\n")
    header = data[: end if end >= 0 else len(data)].rstrip(b"\r")
    names = header.split(b",")
    if sorted(names) != sorted(name.encode() for name in COLUMNS):
        return False
    # No line is longer than the row reader allows: a line that long holds a whole block of
    # MAX_LINE_CHARS // 2 bytes without a line end.
    step = MAX_LINE_CHARS // 2
    return all(b"\n" in data[start:start + step] for start in range(0, len(data) - step + 1, step))


def _read(data: bytes, file: str) -> dict[str, Series] | None:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    body = pa.py_buffer(data)
    if data.startswith(_BOM):
        body = body.slice(len(_BOM))
    text = pa.dictionary(pa.int32(), pa.string())
    table = pacsv.read_csv(
        body,
        parse_options=pacsv.ParseOptions(quote_char=False, newlines_in_values=False),
        convert_options=pacsv.ConvertOptions(
            column_types={"date": text, "code": text, "market_cap_krw": pa.int64(), "trading_value_krw": pa.int64()},
            strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    if table.num_rows == 0:
        return None
    table = table.unify_dictionaries().combine_chunks()
    for name in ("market_cap_krw", "trading_value_krw"):
        column = table.column(name)
        bounds = pc.min_max(column).as_py()
        if column.null_count or bounds["min"] < 0 or bounds["max"] >= _AMOUNT_LIMIT:
            return None
    dates = table.column("date").chunk(0)
    codes = table.column("code").chunk(0)
    days = _distinct(dates.dictionary.to_pylist(), iso_date)
    keys = _distinct(codes.dictionary.to_pylist(), code)
    if days is None or keys is None:
        return None

    # Each row's place: issue by issue (in the order the file first names them), then by date.
    date_count = len(days)
    rank = [0] * date_count
    for position, i in enumerate(sorted(range(date_count), key=days.__getitem__)):
        rank[i] = position
    date_rank = pc.take(pa.array(rank, pa.int64()), dates.indices)
    issue = pc.cast(codes.indices, pa.int64())
    place = pc.add(pc.multiply(issue, date_count), date_rank)
    order = pc.sort_indices(place)
    placed = pc.take(place, order)
    if len(placed) > 1 and pc.any(pc.equal(placed.slice(1), placed.slice(0, len(placed) - 1))).as_py():
        return None  # an issue with two rows for a date: the row reader says where

    counts = pc.value_counts(codes.indices)
    count_of = dict(zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist()))
    first_rows = pc.index_in(pa.array(range(len(keys)), pa.int32()), value_set=codes.indices).to_pylist()
    caps = pc.take(table.column("market_cap_krw").chunk(0), order).to_pylist()
    values = pc.take(table.column("trading_value_krw").chunk(0), order).to_pylist()
    all_days = tuple(sorted(days))
    ranks: list[int] | None = None
    starts, start = [], 0
    for i in range(len(keys)):  # sorted by issue index: the rows of issue i are the next count_of[i]
        starts.append(start)
        start += count_of[i]
    series: dict[str, Series] = {}
    for i in sorted(range(len(keys)), key=first_rows.__getitem__):  # in the order the file names them
        start = starts[i]
        end = start + count_of[i]
        if end - start == date_count:
            issue_days = all_days  # every date once: one tuple shared by every such issue
        else:
            if ranks is None:
                ranks = pc.take(date_rank, order).to_pylist()
            issue_days = tuple(all_days[r] for r in ranks[start:end])
        # rows are line 2 onwards: the header is line 1, and no line is blank or continued
        series[keys[i]] = Series(issue_days, tuple(caps[start:end]), tuple(values[start:end]),
                                 Location(file, first_rows[i] + 2, 1))
    return series


def _distinct(raw: list[str], read: Callable[[str], Any]) -> list[Any] | None:
    """The cells read by the row reader's own cell reader, or None when one is refused, read
    differently from how it is written (surrounding space), or two read as the same value."""
    result = []
    for cell in raw:
        if cell != cell.strip():
            return None
        try:
            result.append(read(cell))
        except CellError:
            return None
    return result if len(set(result)) == len(result) else None
