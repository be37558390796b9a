"""The columnar market-data reader gives exactly what the row reader gives, or leaves the file to it.

``loading.columnar`` reads large, plainly spelt files in C; everything else (and every file with a
problem) is read row by row, so that the messages and their positions never depend on which
reader ran. Each test here compares the two readers on the same bytes.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etf_listing.errors import InputError
from etf_listing.loading.columnar import read_market_data
from etf_listing.loading.load import market_data_rows

from ..conftest import REPOSITORY

FILE = "indices/x/market_data.csv"
HEADER = "date,code,market_cap_krw,trading_value_krw"


def by_rows(data: bytes):
    """The row reader's series, or the InputError it raises."""
    try:
        return market_data_rows(data.decode("utf-8-sig"), FILE)
    except InputError as error:
        return error


def by_columns(data: bytes):
    return read_market_data(data, FILE, min_bytes=0)


def csv(*rows: str, header: str = HEADER, newline: str = "\n") -> bytes:
    return (newline.join([header, *rows]) + newline).encode()


def plain_rows(codes=("005930", "000660", "035420"), days=("2024-10-29", "2024-10-30", "2024-10-31")) -> list[str]:
    return [f"{day},{code},{1_000_000 * (i + 1) + j},{1000 + i * 7 + j}"
            for j, day in enumerate(days) for i, code in enumerate(codes)]


def test_a_plain_file_is_read_in_columns_with_the_row_readers_series_and_positions():
    data = csv(*plain_rows())
    columns = by_columns(data)
    assert columns is not None
    assert columns == by_rows(data)
    assert list(columns) == ["005930", "000660", "035420"]  # the order the file names them
    assert columns["000660"].location.line == 3
    assert columns["000660"].market_cap_krw == (2_000_000, 2_000_001, 2_000_002)
    assert all(type(v) is int for v in columns["000660"].trading_value_krw)


@pytest.mark.parametrize("rows, why", [
    (list(reversed(plain_rows())), "rows in reverse date order"),
    (plain_rows()[1:], "an issue without the first date"),
    (plain_rows() + ["2024-10-28,999999,5,5"], "an issue with one date, last in the file"),
])
def test_rows_in_any_order_and_issues_with_fewer_dates_read_the_same(rows, why):
    data = csv(*rows)
    columns = by_columns(data)
    assert columns is not None, why
    assert columns == by_rows(data), why
    assert [s.location for s in columns.values()] == [s.location for s in by_rows(data).values()]


@pytest.mark.parametrize("order", ["reversed", "shuffled"])
def test_read_in_columns_an_issue_is_placed_at_the_row_of_its_first_date(order):
    """As the row reader places it: the row of the issue's first date, wherever the file puts it,
    so a message about the issue's data points at the same row whatever the order of the rows."""
    rows = plain_rows(days=("2024-10-28", "2024-10-29", "2024-10-30", "2024-10-31"))
    rows = rows[::-1] if order == "reversed" else [rows[i] for i in (7, 2, 10, 4, 0, 11, 5, 9, 1, 6, 3, 8)]
    data = csv(*rows)
    columns = by_columns(data)
    assert columns is not None
    assert columns == by_rows(data)
    for code, series in columns.items():
        assert rows[series.location.line - 2].startswith(f"2024-10-28,{code},"), (code, series.location)


@pytest.mark.parametrize("newline, bom", [("\r\n", False), ("\n", True), ("\r\n", True)])
def test_windows_line_ends_and_a_byte_order_mark_read_the_same(newline, bom):
    data = (b"\xef\xbb\xbf" if bom else b"") + csv(*plain_rows(), newline=newline)
    columns = by_columns(data)
    assert columns is not None
    assert columns == by_rows(data)


def test_columns_in_another_order_read_the_same():
    rows = [",".join([v, c, d, t]) for d, c, v, t in (r.split(",") for r in plain_rows())]
    data = csv(*rows, header="market_cap_krw,code,date,trading_value_krw")
    columns = by_columns(data)
    assert columns is not None
    assert columns == by_rows(data)


DOUBTFUL = {
    "a quoted cell": '2024-10-31,"005930",5,5',
    "a space before an amount": "2024-10-31,005930, 5,5",
    "a tab after a code": "2024-10-31,005930\t,5,5",
    "a hexadecimal amount": "2024-10-31,005930,0x10,5",
    "minus zero": "2024-10-31,005930,-0,5",
    "a negative amount": "2024-10-31,005930,5,-5",
    "an amount with a sign": "2024-10-31,005930,+5,5",
    "an amount of 10^18": "2024-10-31,005930,1000000000000000000,5",
    "an amount with a decimal point": "2024-10-31,005930,5.5,5",
    "a money spelling": "2024-10-31,005930,70억원,5",
    "grouped digits": "2024-10-31,005930,\"7,000\",5",
    "an empty amount": "2024-10-31,005930,,5",
    "NA for an amount": "2024-10-31,005930,NA,5",
    "an empty code": "2024-10-31,,5,5",
    "a date that does not exist": "2024-02-30,005930,5,5",
    "a date in another spelling": "20241031,005930,5,5",
    "a duplicate row": "2024-10-31,005930,7,7",
    "a missing cell": "2024-10-31,005930,5",
    "an extra cell": "2024-10-31,005930,5,5,5",
    "a blank line": "",
    "a line of commas": ",,,",
    "a lone carriage return": "2024-10-31,123456,5,5\r2024-10-30,123456,5,5",
    "a NUL": "2024-10-31,00\x005930,5,5",
    "a line too long": "2024-10-31,005930,5," + "0" * 10_001 + "5",
}


@pytest.mark.parametrize("name", DOUBTFUL)
def test_a_doubtful_spelling_is_left_to_the_row_reader(name):
    data = csv(*plain_rows(), DOUBTFUL[name], *plain_rows(codes=("111111",)))
    assert by_columns(data) is None, name


def test_a_bad_large_file_gets_the_row_readers_positioned_message(tmp_path):
    """End to end: a file above the columnar threshold with one bad amount on line 40,000."""
    from etf_listing.loading.columnar import COLUMNAR_MIN_BYTES

    rows = plain_rows(codes=tuple(f"{n:06d}" for n in range(1, 20_001)), days=("2024-10-30", "2024-10-31"))
    before = rows[39_998].rsplit(",", 1)[0]
    rows[39_998] = before + ",12a4"
    data = csv(*rows)
    assert len(data) > COLUMNAR_MIN_BYTES
    assert by_columns(data) is None
    error = by_rows(data)
    assert isinstance(error, InputError)
    assert [(p.location.line, p.location.column) for p in error.problems] == [(40_000, len(before) + 2)]
    assert "trading_value_krw" in error.problems[0].message


def test_small_files_are_left_to_the_row_reader():
    assert read_market_data(csv(*plain_rows()), FILE) is None


cells = st.sampled_from(["005930", "000660", "5", "0", "12", "007", "2024-10-31", "2024-10-30", "2024-9-1",
                         " 5", "5 ", "0x5", "-0", "-3", "+3", "999999999999999999", "1000000000000000000",
                         "9223372036854775808", "1.5", "70억원", "NA", "", '"5"', "２", "a b", "x"])
rows_ = st.lists(st.tuples(cells, cells, cells, cells), max_size=12)


@settings(max_examples=300, deadline=None)
@given(rows_, st.sampled_from(["\n", "\r\n"]), st.permutations(HEADER.split(",")))
def test_whatever_the_file_the_columnar_reader_agrees_with_the_row_reader_or_declines(rows, newline, header):
    data = csv(*(",".join(row) for row in rows), header=",".join(header), newline=newline)
    columns = by_columns(data)
    if columns is not None:
        assert columns == by_rows(data)
        assert [s.location for s in columns.values()] == [s.location for s in by_rows(data).values()]


def test_checking_the_shipped_example_does_not_import_pyarrow():
    """The pre-commit hook checks small files: it must not pay for the columnar reader's import."""
    script = textwrap.dedent("""
        import sys
        from etf_listing import cli
        status = cli.main(["--format", "json", "examples/value-up-passive/product.yaml"])
        assert status == 0, status
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("pyarrow", "numpy", "pandas"))
        print(heavy, file=sys.stderr)
        raise SystemExit(1 if heavy else 0)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPOSITORY)
    assert done.returncode == 0, done.stderr


def test_reading_a_large_file_in_columns_does_not_import_pandas():
    """pyarrow imports pandas, wherever it is installed (the test extras install it), when asked to
    make an array or a scalar of Python values; the columnar reader makes its arrays otherwise, so a
    large check does not pay a third of a second for a library it never uses."""
    assert importlib.util.find_spec("pandas") is not None, "the test extras install pandas: this test needs it"
    script = textwrap.dedent("""
        import sys
        from etf_listing.loading.columnar import read_market_data
        rows = [f"2024-10-{d:02d},{c:06d},{1000 + c},{d}" for c in range(2000) for d in range(1, 31)]
        data = ("date,code,market_cap_krw,trading_value_krw\\n" + "\\n".join(rows) + "\\n").encode()
        series = read_market_data(data, "market_data.csv", min_bytes=0)
        assert series is not None and len(series) == 2000, series
        assert "pyarrow" in sys.modules
        raise SystemExit(1 if "pandas" in sys.modules else 0)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPOSITORY)
    assert done.returncode == 0, done.stderr


def test_the_loader_reads_a_large_index_in_columns_and_gets_the_row_readers_series(tmp_path, monkeypatch):
    from benchmarks import generate
    from etf_listing import Loader
    from etf_listing.loading import load

    generate.generate_sizes(tmp_path, [500])  # 31,500 rows, 1.2 MB of market data
    data = (tmp_path / "indices" / "n500-daily" / "market_data.csv").read_bytes()
    real, read = load.read_market_data_file, []
    monkeypatch.setattr(load, "read_market_data_file", lambda source: read.append((source, real(source))) or read[-1][1])
    product = Loader(root=str(tmp_path)).load_product(str(tmp_path / "products" / "n500-daily" / "product.yaml"))
    [(source, columns)] = read
    assert columns is not None and product.index.series == columns
    assert columns == market_data_rows(data.decode(), source.display)
    assert len(columns) == 500 and source.display.endswith("market_data.csv")


def test_a_blank_last_line_is_left_to_the_row_reader():
    """pyarrow would skip it; kept as a row of empty cells, it is refused like a blank line within."""
    assert by_columns(csv(*plain_rows()) + b"\n") is None


@pytest.mark.parametrize("data, lone", [
    (b"a" * ((1 << 20) - 1) + b"\r\nb\r\n", False),  # a CRLF split between two blocks
    (b"a" * ((1 << 20) - 1) + b"\rb\r\n", True),  # a lone CR ending a block
    (b"a\r\nb\rc\n", True),
    (b"a\nb\n", False),
    (b"a\r\nb\r\n", False),
    (b"a\r", True),
    (b"", False),
])
def test_a_lone_carriage_return_is_found_whichever_block_it_ends(data, lone):
    import io

    from etf_listing.loading.columnar import _lone_return

    assert _lone_return(io.BytesIO(data)) is lone


def test_once_pyarrow_is_imported_a_smaller_file_is_read_in_columns_too():
    """A batch over indices of several sizes: the large ones import pyarrow, and the small ones
    (an index of 100 issues, 250 kB) are then read in columns too; before, only the large ones."""
    script = textwrap.dedent("""
        import sys
        from etf_listing.loading.columnar import COLUMNAR_MIN_BYTES, COLUMNAR_MIN_BYTES_IMPORTED, read_market_data
        rows = [f"2024-10-{d:02d},{c:06d},{1000 + c},{d}" for c in range(100) for d in range(1, 31)]
        data = ("date,code,market_cap_krw,trading_value_krw\\n" + "\\n".join(rows) + "\\n").encode()
        assert COLUMNAR_MIN_BYTES_IMPORTED < len(data) < COLUMNAR_MIN_BYTES, len(data)
        assert read_market_data(data, "small.csv") is None and "pyarrow" not in sys.modules
        import pyarrow
        series = read_market_data(data, "small.csv")
        assert series is not None and len(series) == 100
        assert read_market_data(data[:COLUMNAR_MIN_BYTES_IMPORTED - 1000], "smallest.csv") is None
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPOSITORY)
    assert done.returncode == 0, done.stderr


FIELDS = ("market_cap_krw", "trading_value_krw")


def window_totals(series):
    """Every window's total of both amounts: the first few from the columns' running sums, the
    rest (more windows than the columns keep) summed one issue at a time."""
    n = len(series.dates)
    return {(field, start, end): series.total(field, start, end)
            for field in FIELDS for start in range(n + 1) for end in range(start, n + 1)}


def test_window_totals_taken_from_the_columns_are_the_row_readers_sums():
    days = ("2024-10-25", "2024-10-28", "2024-10-29", "2024-10-30", "2024-10-31")
    rows = plain_rows(days=days) + ["2024-10-29,999999,7,70", "2024-10-31,999999,9,90"]
    data = csv(*rows)
    columns, by_row = by_columns(data), by_rows(data)
    assert columns is not None
    for code, series in by_row.items():
        totals = window_totals(columns[code])
        assert totals == window_totals(series), code
        assert all(type(total) is int for total in totals.values())
    assert columns["999999"].total("trading_value_krw", 0, 2) == 160
    assert columns["005930"].total("market_cap_krw", 1, 4) == 1_000_001 + 1_000_002 + 1_000_003


def test_a_column_whose_running_sum_passes_64_bits_is_summed_exactly():
    largest = 999_999_999_999_999_999  # the largest amount read in columns; ten of them pass 2^63
    days = [f"2024-10-{d:02d}" for d in range(1, 21)]
    data = csv(*(f"{day},005930,{largest},{n}" for n, day in enumerate(days)))
    columns = by_columns(data)
    assert columns is not None
    assert columns["005930"].total("market_cap_krw", 0, 20) == 20 * largest > 2**63
    assert columns["005930"].total("trading_value_krw", 0, 20) == sum(range(20))
    assert window_totals(columns["005930"]) == window_totals(by_rows(data)["005930"])


def test_a_series_read_in_columns_equals_hashes_and_pickles_as_the_row_readers():
    import pickle

    data = csv(*plain_rows())
    columns, by_row = by_columns(data), by_rows(data)
    assert columns is not None
    for code, series in by_row.items():
        assert columns[code] == series and series == columns[code]
        assert hash(columns[code]) == hash(series)
        assert repr(columns[code]) == repr(series)
        copied = pickle.loads(pickle.dumps(columns[code]))
        assert type(copied) is type(series) and copied == series
    assert columns["005930"] != by_row["000660"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["005930", "000660", "035420"]),
                          st.sampled_from(["2024-10-28", "2024-10-29", "2024-10-30", "2024-10-31"]),
                          st.integers(0, 999_999_999_999_999_999), st.integers(0, 10**12)),
                min_size=1, max_size=12, unique_by=lambda row: row[:2]))
def test_whatever_the_amounts_window_totals_agree_with_the_row_reader(rows):
    data = csv(*(f"{day},{code},{cap},{value}" for code, day, cap, value in rows))
    columns = by_columns(data)
    assert columns is not None
    for code, series in by_rows(data).items():
        assert window_totals(columns[code]) == window_totals(series)


@pytest.mark.parametrize("found_in_order", [True, False])
def test_each_issue_is_placed_at_its_first_row_however_its_rows_are_spread(monkeypatch, found_in_order):
    """The first rows are found from the order in which pyarrow numbers the codes, or looked up."""
    from etf_listing.loading import columnar

    if not found_in_order:
        monkeypatch.setattr(columnar, "_first_rows", lambda *args: None)
    rows = plain_rows(codes=("000003", "000001", "000002"))
    rows = [rows[4], rows[0], *rows[5:], *rows[1:4]]
    data = csv(*rows)
    columns = by_columns(data)
    assert columns is not None
    assert columns == by_rows(data)
    assert [(code, s.location.line) for code, s in columns.items()] == [
        (code, s.location.line) for code, s in by_rows(data).items()]


def test_a_file_written_date_by_date_is_read_without_sorting_and_the_same():
    """The usual export: each date's rows name every code in one order. Any other order (a code
    missing a date, the codes reordered on a later date, dates out of order) is sorted first."""
    from etf_listing.loading.column_amounts import DateColumns, IssueColumns

    days = ("2024-10-28", "2024-10-29", "2024-10-30", "2024-10-31")
    by_date = plain_rows(days=days)
    reordered = by_date[:3] + [by_date[4], by_date[3], *by_date[5:]]
    late_dates_first = by_date[3:] + by_date[:3]
    for rows, layout in ((by_date, DateColumns), (reordered, IssueColumns), (late_dates_first, IssueColumns),
                         (by_date[:-1], IssueColumns)):
        data = csv(*rows)
        columns = by_columns(data)
        assert columns is not None
        assert all(type(s._columns) is layout for s in columns.values()), layout
        assert columns == by_rows(data)
        assert [(c, s.location) for c, s in columns.items()] == [(c, s.location) for c, s in by_rows(data).items()]
        for code, series in by_rows(data).items():
            assert window_totals(columns[code]) == window_totals(series), (layout, code)


def test_date_by_date_an_issue_whose_total_passes_64_bits_is_summed_exactly():
    largest = 999_999_999_999_999_999
    days = [f"2024-10-{d:02d}" for d in range(1, 13)]
    data = csv(*(f"{day},{code},{largest if code == '000001' else 5},7" for day in days for code in ("000001", "000002")))
    columns = by_columns(data)
    assert columns is not None
    assert columns["000001"].total("market_cap_krw", 0, 12) == 12 * largest > 2**63
    assert columns["000002"].total("market_cap_krw", 2, 12) == 50
    assert window_totals(columns["000001"]) == window_totals(by_rows(data)["000001"])


def test_a_large_file_read_early_beside_the_constituents_still_explains_a_bad_cell(tmp_path, monkeypatch):
    """The loader starts reading a large market-data file while it reads the constituent list; a
    file the columnar reader declines is read by rows in turn, with the row reader's positions."""
    from benchmarks import generate
    from etf_listing import Loader
    from etf_listing.loading import load

    generate.generate_sizes(tmp_path, [500])
    path = tmp_path / "indices" / "n500-daily" / "market_data.csv"
    lines = path.read_text().splitlines()
    bad = lines[20_000].rsplit(",", 1)[0]
    lines[20_000] = bad + ",12a4"
    path.write_text("\n".join(lines) + "\n")
    real, threads = load.read_market_data_file, []
    monkeypatch.setattr(load, "read_market_data_file",
                        lambda source: threads.append(__import__("threading").current_thread().name) or real(source))
    with pytest.raises(InputError) as raised:
        Loader(root=str(tmp_path)).load_product(str(tmp_path / "products" / "n500-daily" / "product.yaml"))
    assert threads == ["etf-check market data"]  # read early, once, and declined
    [problem] = raised.value.problems
    assert (problem.location.file.endswith("market_data.csv"), problem.location.line, problem.location.column) == (
        True, 20_001, len(bad) + 2)


def test_a_run_over_many_products_reads_small_market_data_in_columns_from_the_first() -> None:
    """Before a run in several processes reads its indices, the smallest file read in columns is
    the one it is once pyarrow is in: its import pays for itself over many indices (in a fresh
    process, where nothing has imported pyarrow)."""
    import subprocess
    import sys

    from ..conftest import REPOSITORY

    code = ("import sys, glob\n"
            "from etf_listing.loading import columnar\n"
            "from etf_listing.loading.load import Loader\n"
            "before = columnar.smallest_columnar()\n"
            "Loader().read_indices(sorted(glob.glob('examples/failing/*/product.yaml')))\n"
            "print(before == columnar.COLUMNAR_MIN_BYTES,\n"
            "      columnar.smallest_columnar() == columnar.COLUMNAR_MIN_BYTES_IMPORTED)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPOSITORY, timeout=120)
    assert done.stdout.split() == ["True", "True"], done.stdout + done.stderr


_ONE_AHEAD = ["start n100-daily", "start n120-daily", "build n100-daily", "start n140-daily", "build n120-daily",
              "build n140-daily"]


@pytest.mark.parametrize("budget, files, order", [
    (0, 4, _ONE_AHEAD),  # always the next index's file, besides the one being built
    (1 << 30, 1, _ONE_AHEAD),  # and no more files than READ_AHEAD_FILES
    # as many files ahead as the budget holds
    (1 << 30, 4, ["start n100-daily", "start n120-daily", "start n140-daily", "build n100-daily", "build n120-daily",
                  "build n140-daily"]),
])
def test_a_run_over_many_products_reads_the_next_indices_market_data_while_it_builds_one(
        tmp_path, monkeypatch, budget, files, order):
    """``read_indices`` builds the indices one after another and reads the market data of those
    next in turn meanwhile, each on its thread, as far ahead as ``READ_AHEAD_BYTES`` holds; each
    index is built with the reading started for its own file and gets the series its own load
    reads."""
    from benchmarks import generate
    from etf_listing import Loader
    from etf_listing.loading import load

    generate.generate_sizes(tmp_path, [100, 120, 140])
    products = [str(tmp_path / "products" / f"n{n}-daily" / "product.yaml") for n in (100, 120, 140)]
    events: list[str] = []
    start, build = load._start_market_data, load._build_index
    monkeypatch.setattr(load, "_start_market_data",
                        lambda source, root: events.append(f"start {Path(source.real).parent.name}") or start(source, root))
    given: list[tuple[str, str]] = []  # (the index, the file its build was handed the reading of)
    monkeypatch.setattr(load, "_build_index",
                        lambda *args: events.append(f"build {Path(args[2].real).parent.name}")
                        or given.append((Path(args[2].real).parent.name, args[5].source.real)) or build(*args))
    monkeypatch.setattr(load, "READ_AHEAD_BYTES", budget)
    monkeypatch.setattr(load, "READ_AHEAD_FILES", files)
    loader = Loader(root=str(tmp_path))
    loader.read_indices(products)
    assert events == order
    assert given == [(f"n{n}-daily", str(tmp_path / "indices" / f"n{n}-daily" / "market_data.csv")) for n in (100, 120, 140)]
    taken = []
    monkeypatch.setattr(load._EarlyMarketData, "taken", lambda self: taken.append(self) or (None, None))
    ahead = [loader.load_product(p).underlying.index for p in products]
    assert taken == []  # (built already: the products take the indices read ahead)
    monkeypatch.setattr(load, "_build_index", build)
    alone = [Loader(root=str(tmp_path)).load_product(p).underlying.index for p in products]
    assert ahead == alone
    assert [len(index.series) for index in ahead] == [100, 120, 140]


def test_a_bad_market_data_file_read_ahead_is_explained_by_its_product(tmp_path, monkeypatch):
    """A file read ahead that the columnar reader declines leaves its index to be read by rows,
    which refuses it; the index is not kept, and the product's load says where the bad cell is,
    as without the look ahead."""
    from benchmarks import generate
    from etf_listing import Loader
    from etf_listing.loading import load

    generate.generate_sizes(tmp_path, [100, 120])
    path = tmp_path / "indices" / "n120-daily" / "market_data.csv"
    lines = path.read_text().splitlines()
    lines[500] = lines[500].rsplit(",", 1)[0] + ",12a4"
    path.write_text("\n".join(lines) + "\n")
    products = [str(tmp_path / "products" / f"n{n}-daily" / "product.yaml") for n in (100, 120)]
    loader = Loader(root=str(tmp_path))
    declined, take = {}, load._EarlyMarketData.taken
    monkeypatch.setattr(load._EarlyMarketData, "taken",
                        lambda self: declined.update({Path(self.source.real).parent.name: take(self)[0] is None}) or take(self))
    loader.read_indices(products)
    assert declined == {"n100-daily": False, "n120-daily": True}  # both read ahead; the bad one declined
    assert [Path(key[0]).parent.name for key in loader._indices] == ["n100-daily"]
    assert len(loader.load_product(products[0]).underlying.index.series) == 100
    with pytest.raises(InputError) as raised:
        loader.load_product(products[1])
    [problem] = raised.value.problems
    assert (Path(problem.location.file).name, problem.location.line) == ("market_data.csv", 501)


def test_a_reading_started_for_an_index_that_is_refused_ends_with_it(tmp_path, monkeypatch):
    """An index refused before its market data is read (here, not an index file at all) does not
    leave the reading started for it running: ``read_indices`` waits for it (before the workers
    fork, in a run of several processes)."""
    import threading

    from benchmarks import generate
    from etf_listing import Loader
    from etf_listing.loading import load

    generate.generate_sizes(tmp_path, [100, 120])
    index = tmp_path / "indices" / "n120-daily" / "index.yaml"  # the last one built
    index.write_text(index.read_text(encoding="utf-8").replace("kind: etf-index", "kind: etf-product"), encoding="utf-8")
    waited, take = [], load._EarlyMarketData.taken
    monkeypatch.setattr(load._EarlyMarketData, "taken",
                        lambda self: waited.append(Path(self.source.real).parent.name) or take(self))
    loader = Loader(root=str(tmp_path))
    loader.read_indices([str(tmp_path / "products" / f"n{n}-daily" / "product.yaml") for n in (100, 120)])
    assert [Path(key[0]).parent.name for key in loader._indices] == ["n100-daily"]
    assert "n120-daily" in waited
    assert not [thread for thread in threading.enumerate() if thread.name == "etf-check market data"]
