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
