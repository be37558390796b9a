"""CSV from strangers: bounded rows and columns, any line ending, positions that stay true, and a
table that is wrong throughout refused after a few dozen problems rather than explained row by row."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from etf_listing.errors import InputError
from etf_listing.loading import tables
from etf_listing.loading.load import MARKET_DATA_COLUMNS, PDF_COLUMNS, Loader
from etf_listing.loading.tables import MAX_COLUMNS, MAX_LINE_CHARS, MAX_PROBLEMS, read_csv


def problems(text: str, columns=PDF_COLUMNS) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as caught:
        read_csv(text, "t.csv", columns)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_any_line_ending_is_read_and_positions_count_lines_alike(ending: str) -> None:
    text = ending.join(["code,name,quantity", "A,a,1", "B,b,x", "C,c,3"]) + ending
    assert problems(text) == ["t.csv:3:5: quantity: 'x' is not a number"]
    good = text.replace(",x", ",2")
    assert [r.location.line for r in read_csv(good, "t.csv", PDF_COLUMNS)] == [2, 3, 4]


def test_line_separators_inside_cells_do_not_shift_positions() -> None:
    """str.splitlines() also ends lines at U+2028, \\x0c, \\x1e ...; the CSV reader does not."""
    text = "code,name,quantity\nA,a\u2028b\x0cc,1\nB,b,x\n"
    assert problems(text) == ["t.csv:3:5: quantity: 'x' is not a number"]


def test_a_quote_left_open_is_named_where_its_row_starts() -> None:
    text = 'code,name,quantity\nA,"a,1\nB,b,2\nC,c,3\n'
    assert problems(text) == ['t.csv:2:1: this row has 2 cells over 3 lines; the header names 3 columns (is a quote (") left open?)']


def test_a_cell_longer_than_the_csv_field_limit() -> None:
    text = 'code,name,quantity\nA,"' + ("x" * 1000 + "\n") * 140 + '",1\n'
    assert problems(text) == [f't.csv:2:1: a cell is longer than {csv.field_size_limit():,} characters (is a quote (") left open?)']


def test_a_long_line_and_a_wide_header_are_refused_before_they_are_split() -> None:
    assert problems("code,name,quantity\nA,a," + "9" * MAX_LINE_CHARS + "\n")[0].startswith(
        f"t.csv:2:1: this line is {MAX_LINE_CHARS + 4:,} characters long; at most {MAX_LINE_CHARS:,} are read")
    header = ",".join(f"c{i}" for i in range(MAX_COLUMNS + 1))
    assert problems(header + "\n")[0].startswith(f"t.csv:1:1: the first line names {MAX_COLUMNS + 1} columns; at most {MAX_COLUMNS} are read")


def test_a_table_wrong_throughout_stops_after_enough_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    """200,000 bad rows: 50 problems, then where reading stopped, and the other rows are never
    looked at (the column readers run for the first 50 rows only)."""
    calls = [0]
    real = tables.money

    def counted(value: object):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return real(value)

    monkeypatch.setitem(MARKET_DATA_COLUMNS, "market_cap_krw", tables.Column(counted))
    text = "date,code,market_cap_krw,trading_value_krw\n" + "2024-08-01,000001,lots,1\n" * 200_000
    found = problems(text, MARKET_DATA_COLUMNS)
    assert len(found) == MAX_PROBLEMS + 1
    assert found[0] == "t.csv:2:19: market_cap_krw: 'lots' is not an amount of KRW (write KRW as 7000000000, 7,000,000,000, 70억원, 1.5조원, 7bn or KRW 7bn)"
    assert found[-1] == f"t.csv:{MAX_PROBLEMS + 2}:1: reading stopped here after {MAX_PROBLEMS} problems (fix these and check again)"
    assert calls[0] <= MAX_PROBLEMS


def test_the_fast_reader_of_daily_data_stops_too(tmp_path: Path) -> None:
    (tmp_path / "product.yaml").write_text(
        "kind: etf-product\nschema_version: 1\nname: x\nunderlying: {index: index.yaml}\n", encoding="utf-8")
    (tmp_path / "index.yaml").write_text("kind: etf-index\nschema_version: 1\nname: i\nasset_class: equity\n"
                                         "weighting: market_cap\nconstituents: c.csv\nmarket_data: m.csv\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("code,name,market\n000001,a,KOSPI\n", encoding="utf-8")
    (tmp_path / "m.csv").write_text("date,code,market_cap_krw,trading_value_krw\n" + "2024-08-01,000001,1,lots\n" * 100_000,
                                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Loader(root=str(tmp_path)).load_product(str(tmp_path / "product.yaml"))
    found = [str(p) for p in caught.value.problems]
    assert len(found) == MAX_PROBLEMS + 1 and found[-1].endswith(f"reading stopped here after {MAX_PROBLEMS} problems (fix these and check again)")


@pytest.mark.parametrize("cell, message", [
    ("NaN", "'NaN' is not a finite number"), ("-inf", "'-inf' is not a finite number"),
    ("1" * 31, f"'{'1' * 31}' is too large: at most 30 digits before the decimal point"),
    ("0." + "0" * 30 + "1", f"'0.{'0' * 30}1' has too many decimal places: at most 30"),
    ("1e999", "'1e999' is too large: at most 30 digits before the decimal point"),
    ("1e-999", "'1e-999' has too many decimal places: at most 30"),
    ("1.50E+10", "'1.50E+10' is written in a spreadsheet's scientific notation, rounded to the digits shown "
                 "(write the figure in full, as its source gives it: 15000000000, not 1.50E+10)"),
])
def test_numbers_out_of_range(cell: str, message: str) -> None:
    assert problems(f"code,name,quantity\nA,a,{cell}\n") == [f"t.csv:2:5: quantity: {message}"]


@pytest.mark.parametrize("cell", ["0", "007", "12", "1" * 30, "0" * 29 + "1"])
def test_a_whole_number_cell_reads_the_same_on_its_short_path(cell: str) -> None:
    """Whole numbers in ASCII digits (PDF quantities) skip the general checks, which they would
    pass: the same value, written the same, as the general path gives (a space sends a cell there)."""
    assert str(tables.decimal(cell)) == str(tables.decimal(f" {cell} "))
    assert tables.quantity(cell) == tables.quantity(f" {cell} ")
