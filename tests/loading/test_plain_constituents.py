"""An index's constituent list written plainly is read a column at a time and its constituents made
a field at a time (``load._constituent_list``, ``tables.read_columns``); any other list is read
row by row, which places each problem. Whenever the column reading gives constituents they must
be the row reading's, to the last field, type and position, and whenever the row reading finds a
problem (a code listed twice, a cell that does not read, a market left to KRX downloads) the
column reading must give way to it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etf_listing.errors import InputError, Location
from etf_listing.loading import load, tables
from etf_listing.loading.files import named_file
from etf_listing.loading.tables import read_csv
from etf_listing.loading.yaml_source import parse_yaml

FIELDS = ("code", "name", "market", "sector", "ktb_futures_basket", "tenor_years", "market_cap_krw",
          "trading_value_krw", "location", "weight", "impact_cost", "traded_days_ratio")


def constituents(folder: Path, text_: str, *, by_columns: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The constituents of the list ``text_`` (fields, with each value's type), read as an index
    in ``folder`` reads it, by columns where it can or only by rows; or its problems as text."""
    (folder / "c.csv").write_text(text_, encoding="utf-8", newline="")
    index = str(folder / "index.yaml")
    document = parse_yaml("constituents: c.csv\n", index)
    with monkeypatch.context() as patched:
        if not by_columns:
            patched.setattr(load, "read_columns", lambda *arguments: None)
        try:
            found, _ = load._constituent_list("c.csv", named_file(index), str(folder), document, ("constituents",))
        except InputError as error:
            return [(str(p), p.hint) for p in error.problems]
    return [tuple((getattr(c, name), type(getattr(c, name))) for name in FIELDS) for c in found]


USUAL = {"code": [f"{n:06d}" for n in range(1, 40)], "name": ["삼성전자", "a b", "x"], "market": ["KOSPI", "KOSDAQ", "KONEX"],
         "sector": ["", "소재", "IT"], "ktb_futures_basket": ["", "true", "false"], "tenor_years": ["", "3", "10.5"],
         "market_cap_krw": ["", "1000", "15억원", "7bn"], "trading_value_krw": ["", "5", "1.5억원"],
         "weight": ["", "0.1", "5%"], "impact_cost": ["", "0.001"], "traded_days_ratio": ["", "1", "0.9"]}
ODD = {"code": ["000001", " 000002", "", "5930", "KR7005930003"], "name": ["", " "], "market": ["", "NYSE", "kospi", " "],
       "ktb_futures_basket": ["maybe"], "tenor_years": ["x", "-1"], "market_cap_krw": ["x", "-5", "1e400"],
       "trading_value_krw": ["y"], "weight": ["2", "x"], "impact_cost": ["x"], "traded_days_ratio": ["x"]}
HEADERS = st.sampled_from(["code,name,market", "code,name,market,market_cap_krw,trading_value_krw",
                           "name,code,market,sector", "code,name,market,sector,ktb_futures_basket,tenor_years",
                           "code,name,market,weight,impact_cost,traded_days_ratio", "code,name",
                           " code ,name,market", "code,name,market,code", "code,name,markets"])


@st.composite
def lists(draw: st.DrawFn) -> str:
    header = draw(HEADERS)
    names = [name.strip() for name in header.split(",")]
    codes = draw(st.permutations(USUAL["code"]))
    rows = []
    for number in range(draw(st.integers(0, 8))):
        odd = draw(st.integers(1, 6 * len(names))) - 1  # about one row in six has one odd cell
        row = [draw(st.sampled_from(ODD.get(name, ["x"]))) if i == odd
               else codes[number] if name == "code" else draw(st.sampled_from(USUAL.get(name, ["1"])))
               for i, name in enumerate(names)]
        if draw(st.integers(1, 30)) == 13:
            row = row[:-1]  # a short row
        rows.append(",".join(row))
    if draw(st.integers(1, 20)) == 13 and rows:
        rows.insert(draw(st.integers(0, len(rows))), draw(st.sampled_from(["", ",,", '"1,0",a,KOSPI', "a\rb"])))
    return "\n".join([header, *rows]) + draw(st.sampled_from(["\n", "", "\n\n", "\r\n"]))


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lists())
def test_the_column_reading_gives_the_row_readings_constituents_or_its_problems(tmp_path: Path, text_: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert (constituents(tmp_path, text_, by_columns=True, monkeypatch=monkeypatch)
                == constituents(tmp_path, text_, by_columns=False, monkeypatch=monkeypatch))


def test_a_byte_order_mark_is_dropped_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "by rows").mkdir()
    text_ = "\ufeffcode,name,market\n005930,a,KOSPI\n"
    expected = constituents(tmp_path / "by rows", text_, by_columns=False, monkeypatch=monkeypatch)
    assert [c[0][0] for c in expected] == ["005930"]
    assert constituents(tmp_path, text_, by_columns=True, monkeypatch=monkeypatch) == [
        tuple(value if name != "location" else (Location(str(tmp_path / "c.csv"), 2, 1), Location)
              for name, value in zip(FIELDS, c)) for c in expected]


def test_a_list_without_markets_is_read_by_rows_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[Any] = []
    monkeypatch.setattr(load, "read_columns", lambda *arguments: read.append(arguments))
    text_ = "code,name,sector\n005930,a,IT\n"  # (the markets left to KRX downloads)
    assert constituents(tmp_path, text_, by_columns=True, monkeypatch=monkeypatch)[0][2] == (None, type(None))
    assert not read


def test_a_list_larger_than_read_by_columns_is_read_by_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text_ = "code,name,market\n" + "".join(f"{n:06d},a,KOSPI\n" for n in range(1, 60))
    monkeypatch.setattr(tables, "BY_COLUMN_CHARS", len(text_) - 1)
    rows: list[Any] = []
    monkeypatch.setattr(load, "read_csv", lambda *arguments: rows.append(arguments) or read_csv(*arguments))
    expected = constituents(tmp_path, text_, by_columns=False, monkeypatch=monkeypatch)
    assert constituents(tmp_path, text_, by_columns=True, monkeypatch=monkeypatch) == expected and len(rows) == 2


def test_the_usual_list_is_read_by_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text_ = "code,name,market,sector,market_cap_krw\n005930,삼성전자,KOSPI,IT,15억원\n000660,SK하이닉스,KOSPI,,7bn\n"
    rows: list[Any] = []
    monkeypatch.setattr(load, "read_csv", lambda *arguments: rows.append(arguments) or read_csv(*arguments))
    found = constituents(tmp_path, text_, by_columns=True, monkeypatch=monkeypatch)
    assert not rows  # (not read by rows)
    assert [dict((name, value) for name, (value, _) in zip(FIELDS, c)) for c in found] == [
        {"code": "005930", "name": "삼성전자", "market": "KOSPI", "sector": "IT", "ktb_futures_basket": None, "tenor_years": None,
         "market_cap_krw": 1_500_000_000, "trading_value_krw": None, "location": Location(str(tmp_path / "c.csv"), 2, 1),
         "weight": None, "impact_cost": None, "traded_days_ratio": None},
        {"code": "000660", "name": "SK하이닉스", "market": "KOSPI", "sector": None, "ktb_futures_basket": None, "tenor_years": None,
         "market_cap_krw": 7_000_000_000, "trading_value_krw": None, "location": Location(str(tmp_path / "c.csv"), 3, 1),
         "weight": None, "impact_cost": None, "traded_days_ratio": None}]
    assert os.path.basename(found[0][8][0].file) == "c.csv"


@pytest.mark.parametrize("text_", [
    "code,name,market\n005930,a,KOSPI\n005930,b,KOSPI\n",  # a code listed twice
    "code,name,market\n005930,a,\n",  # a market left to KRX downloads
    "code,name\n005930,a\n",  # no market column
    "code,name,market\n005930,,KOSPI\n",  # a name missing
    "code,name,market,market_cap_krw\n005930,a,KOSPI,x\n",  # an amount that is not one
    'code,name,market\n005930,"a",KOSPI\n',  # a quote: the CSV reader reads it
    "code,name,market\r\n005930,a,KOSPI\r\n",  # CRLF
    "code,name,market\n005930,a,KOSPI\n\n000660,b,KOSPI\n",  # a blank line
    "code,name,market\n005930,a\n",  # a short row
    "code,name,markets\n005930,a,KOSPI\n",  # a column it does not know
    "",  # empty
    "code,name,market\n005930,a," + "K" * 10_001 + "\n",  # a line longer than a table reads
])
def test_anything_else_is_read_by_rows(tmp_path: Path, text_: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        expected = constituents(tmp_path, text_, by_columns=False, monkeypatch=monkeypatch)
        rows: list[Any] = []
        monkeypatch.setattr(load, "read_csv", lambda *arguments: rows.append(arguments) or read_csv(*arguments))
        assert constituents(tmp_path, text_, by_columns=True, monkeypatch=monkeypatch) == expected
        assert rows  # (read by rows)
