"""A plainly written table (no quote, no carriage return, no blank line) is split at its lines and
commas instead of going through the CSV reader row by row; what it reads, and where, must be what
the CSV reader gives, and anything less plain must go to the CSV reader."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from etf_listing.loading import tables
from etf_listing.loading.tables import Collector, Column, CsvTable, code, decimal, read_csv, text

COLUMNS = {"code": Column(code), "name": Column(text), "quantity": Column(decimal)}
CELL = st.text(alphabet="0123456789abc 가,\"\r\n", max_size=6)


def reader_rows(text_: str) -> list[tuple[int, list[str]]]:
    table = CsvTable(text_, "t.csv", COLUMNS)
    return list(table.rows(Collector()))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(CELL, min_size=1, max_size=4), max_size=6), st.booleans())
def test_plain_rows_are_the_csv_readers_rows_or_none(rows: list[list[str]], final_newline: bool) -> None:
    body = "\n".join(",".join(cells) for cells in rows)
    text_ = "code,name,quantity\n" + body + ("\n" if final_newline and rows else "")
    plain = tables._plain_rows(text_, 3)
    if plain is not None:
        assert plain == reader_rows(text_)
        assert '"' not in text_ and "\r" not in text_


def test_a_plain_pdf_is_read_without_the_csv_reader_and_gives_the_same_rows(monkeypatch) -> None:
    text_ = "code,name,quantity\n005930,삼성전자,10\n000660,SK하이닉스,0\n"
    plain = read_csv(text_, "pdf.csv", COLUMNS)
    monkeypatch.setattr(tables, "_plain_rows", lambda text_, width: None)
    by_reader = read_csv(text_, "pdf.csv", COLUMNS)
    assert [(r.values, r.location) for r in plain] == [(r.values, r.location) for r in by_reader]
    assert [r.where("quantity") for r in plain] == [r.where("quantity") for r in by_reader]
    assert plain[1].where("quantity").column == 15  # characters, not bytes


def test_tables_that_are_not_plain_go_to_the_csv_reader() -> None:
    head = "code,name,quantity\n"
    assert tables._plain_rows(head + '005930,"삼성,전자",10\n', 3) is None  # a quoted cell
    assert tables._plain_rows(head + "005930,a,10\r\n", 3) is None  # CRLF
    assert tables._plain_rows(head + "005930,a,10\n\n000660,b,1\n", 3) is None  # a blank line
    assert tables._plain_rows(head + ",,\n", 3) is None  # a spreadsheet's empty row
    assert tables._plain_rows(head + "005930,a\n", 3) is None  # a short row
    assert tables._plain_rows(head + "005930,a,10\n000660,b,1", 3) == [(2, ["005930", "a", "10"]), (3, ["000660", "b", "1"])]


def test_csv_module_agrees_on_the_plain_split() -> None:
    text_ = "a,b\n1, 2\n 3,4 \n"
    assert list(csv.reader(io.StringIO(text_)))[1:] == [cells for _, cells in tables._plain_rows(text_, 2) or []]


def test_a_column_of_few_values_is_read_once_a_value_and_gives_what_each_cell_gives(monkeypatch) -> None:
    from etf_listing.loading.load import CONSTITUENT_COLUMNS
    from etf_listing.loading.markets import market

    spellings = ["KOSPI", "코스닥", "KOSDAQ GLOBAL", "유가증권시장"]
    text_ = "code,name,market,sector\n" + "".join(
        f"{i:06d},종목{i},{spellings[i % 4]},{'' if i % 3 else '반도체'}\n" for i in range(200))
    calls: list[str] = []
    counted = Column(lambda cell: calls.append(cell) or market(cell), required=False)
    monkeypatch.setitem(CONSTITUENT_COLUMNS, "market", counted)
    by_column = read_csv(text_, "constituents.csv", CONSTITUENT_COLUMNS)
    assert sorted(calls) == sorted(spellings)  # each spelling read once for 200 rows
    monkeypatch.setattr(tables, "_read_by_column", lambda found, table, columns: None)
    by_row = read_csv(text_, "constituents.csv", CONSTITUENT_COLUMNS)
    assert [(r.values, r.location) for r in by_column] == [(r.values, r.location) for r in by_row]
    assert {r.values["market"] for r in by_column} == {"KOSPI", "KOSDAQ"}
    assert [r.values["sector"] for r in by_column[:3]] == ["반도체", None, None]


def test_a_repeated_bad_cell_is_still_named_at_every_row() -> None:
    from etf_listing.errors import InputError
    from etf_listing.loading.load import CONSTITUENT_COLUMNS

    text_ = "code,name,market\n" + "".join(f"{i:06d},종목{i},{'KOSPU' if i % 50 == 7 else 'KOSPI'}\n" for i in range(200))
    try:
        read_csv(text_, "constituents.csv", CONSTITUENT_COLUMNS)
    except InputError as error:
        assert [p.location.line for p in error.problems] == [9, 59, 109, 159]
        assert all("KOSPU" in p.message for p in error.problems)
    else:
        raise AssertionError("a market the tool does not know was read")
