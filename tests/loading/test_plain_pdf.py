"""A PDF file written plainly is read a column at a time straight to the fund's holdings
(``holdings.plain_holdings``); every other file goes the general way (``read_csv``, ``pdf_rows``,
the check of codes listed twice), which positions each problem. Whenever the plain reading gives
holdings they must be the general path's, to the last field and position, and whenever the general
path finds a problem the plain reading must give way to it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etf_listing.errors import InputError, Location
from etf_listing.loading import holdings as holdings_module
from etf_listing.loading import load
from etf_listing.loading.holdings import pdf_rows, plain_holdings
from etf_listing.loading.load import PDF_COLUMNS, Loader
from etf_listing.loading.tables import read_csv
from etf_listing.model import Constituent, Holding, Index

# An index written in short codes, one in an ISIN, and one shorter than six characters.
INDEX_CODES = ("005930", "000660", "035420", "KR7051910008", "0015G0", "12345")


def index_of(codes: tuple[str, ...] = INDEX_CODES) -> Index:
    constituents = tuple(Constituent(code=c, name=f"종목{c}", market="KOSPI", sector=None, ktb_futures_basket=None,
                                     tenor_years=None, market_cap_krw=Decimal(1), trading_value_krw=Decimal(1),
                                     location=Location("index.yaml", 1, 1)) for c in codes)
    return Index(file="index.yaml", name="I", provider=None, asset_class="equity", weighting="market_cap",
                 constituents=constituents, series={}, locations={})


def general(text_: str, index: Index) -> tuple[Holding, ...] | list[tuple[str, str | None]]:
    """The holdings the general path reads, or its problems (as text, with their hints)."""
    try:
        return load._holdings(pdf_rows(read_csv(text_, "pdf.csv", PDF_COLUMNS), index))
    except InputError as error:
        return [(str(p), p.hint) for p in error.problems]


def fields(holdings: tuple[Holding, ...]) -> list[tuple[object, ...]]:
    return [(h.code, h.name, h.quantity, type(h.quantity), h.location, h.value_krw, h.linked) for h in holdings]


# Each cell is usually spelt as a PDF spells it, now and then otherwise.
USUAL = {"code": [*INDEX_CODES[:5], "KRW", "KRD010010001", *(f"FUT{n}" for n in range(20))],
         "name": ["삼성전자", "KRW 현금", " a ", "b"],
         "quantity": ["10", "0", "007", "1.5", "250000"],
         "value_krw": ["", "1000", "-5", "12억원", " "],
         "linked": ["", "true", "no", " "]}
ODD = {"code": [" 005930", "005930 ", "12345", "5930", "KR7005930003", "A000660", "", " ", "0"],
       "name": ["", " "],
       "quantity": ["-14", "1,000", "1e3", " 12", "", " ", "x", "1" * 31, "١٢", "+3", "NaN", "-0"],
       "value_krw": ["x", "1e400"],
       "linked": ["maybe", "2"]}
HEADERS = st.sampled_from(["code,name,quantity"] * 4 + ["name,code,quantity", "quantity,code,name",
                           "code,name,quantity,value_krw", "code,name,quantity,linked",
                           "code,name,quantity,value_krw,linked", " code ,name,quantity", "code,name",
                           "code,name,quantity,code", "code,name,qty", "code,name,quantity,"])


@st.composite
def pdf_texts(draw: st.DrawFn) -> str:
    header = draw(HEADERS)
    names = [n.strip() for n in header.split(",")]
    codes = draw(st.permutations(USUAL["code"]))  # each code once, unless an odd cell says otherwise
    rows = []
    for number in range(draw(st.integers(0, 8))):
        odd = draw(st.integers(1, 8 * len(names))) - 1  # about one row in eight has one odd cell
        row = []
        for i, name in enumerate(names):
            if i == odd:
                row.append(draw(st.sampled_from(ODD.get(name, ["1", "x"]) + [codes[number + 1]] * (name == "code"))))
            elif name == "code":
                row.append(codes[number])
            else:
                row.append(draw(st.sampled_from(USUAL.get(name, ["1"]))))
        if draw(st.integers(1, 30)) == 13:
            row = row[:-1]  # a short row
        rows.append(",".join(row))
    if draw(st.integers(1, 20)) == 13 and rows:
        rows.insert(draw(st.integers(0, len(rows))), draw(st.sampled_from(["", ",,", '"1,0"', "a\rb"])))
    text_ = "\n".join([header, *rows])
    return text_ + draw(st.sampled_from(["\n", "", "\n\n"]))


@settings(max_examples=1500, deadline=None)
@given(pdf_texts(), st.booleans())
def test_a_plain_reading_gives_the_general_paths_holdings_or_gives_way(text_: str, short: bool) -> None:
    index = index_of(INDEX_CODES if short else INDEX_CODES[:-1])  # with its code shorter than six, or without it
    plain = plain_holdings(text_, "pdf.csv", index, PDF_COLUMNS)
    expected = general(text_, index)
    if plain is not None:
        assert isinstance(expected, tuple), expected
        assert fields(plain) == fields(expected)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="a ,\n", min_size=1, max_size=40), st.integers(1, 4))
def test_the_cells_split_at_once_are_those_of_each_line(body: str, width: int) -> None:
    """``_cells`` splits a PDF's data lines (one at least) at once; it must give each line's cells
    and its line end, in order, exactly when every line has ``width`` cells, and give way otherwise."""
    lines = body.split("\n")
    if lines[-1] == "":
        lines.pop()  # the last line's end
    rows = [line.split(",") for line in lines]
    expected = [cell for row in rows for cell in [*row, "\n"]]
    found = holdings_module._cells(body, width)
    assert found == (expected if all(len(row) == width for row in rows) else None)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["005930", "000660", "035420", "KR7051910008", "0015G0", "KRW", "FUT1"]),
                          st.integers(0, 10**12)), unique_by=lambda row: row[0], min_size=1))
def test_the_usual_pdf_is_read_the_plain_way(rows: list[tuple[str, int]]) -> None:
    text_ = "code,name,quantity\n" + "".join(f"{c},종목 {c},{q}\n" for c, q in rows)
    plain = plain_holdings(text_, "pdf.csv", index_of(), PDF_COLUMNS)
    assert plain is not None
    assert fields(plain) == fields(general(text_, index_of()))  # type: ignore[arg-type]
    assert [h.location for h in plain] == [Location("pdf.csv", line, 1) for line in range(2, len(rows) + 2)]


@pytest.mark.parametrize("text_", [
    "code,name,quantity\n005930,a,-1\n",  # an index issue held short
    "code,name,quantity\n005930,a,1\n005930,a,2\n",  # listed twice
    "code,name,quantity\n005930,a,1\nKR7005930003,a,2\n",  # the same issue spelt twice
    "code,name,quantity\n5930,a,1\n",  # an index code that lost its zeros
    "code,name,quantity\n005930,,1\n",  # a name missing
    'code,name,quantity\n005930,"a",1\n',  # a quote: the CSV reader reads it
    "code,name,quantity\r\n005930,a,1\r\n",  # CRLF
    "code,name,quantity\n005930,a,1\n\n000660,b,1\n",  # a blank line
    "code,name,quantity,value_krw\n005930,a,1,x\n",  # an amount that is not one
    "code,name,quantity\n" + "005930,a," + "1" * 10_001 + "\n",  # a line longer than a table reads
    "code,name,quantity\n005930,a,1\n000660,b\n",  # a short row
    "code,name,quantity\n005930,a,1,2\n000660,b,1\n",  # a long row
    "code,name,quantity\n005930,a,1\n000660,b,1,\n035420,c\n",  # a long row and a short one, cells in number
    "code,name,quantity\n",  # no row
    "code,name,quantity",  # no line end either
])
def test_a_file_with_anything_unusual_goes_the_general_way(text_: str) -> None:
    assert plain_holdings(text_, "pdf.csv", index_of(), PDF_COLUMNS) is None


def test_a_product_reads_its_plain_pdf_as_the_general_path_does(in_tmp: Path, write,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    write("index.yaml", "kind: etf-index\nschema_version: 1\nname: I\nasset_class: equity\nweighting: market_cap\n"
                        "constituents:\n  - {code: '005930', name: 삼성전자, market: KOSPI, market_cap_krw: 1,"
                        " trading_value_krw: 1}\n")
    write("pdf.csv", "code,name,quantity,value_krw\n005930,삼성전자,10,1억원\nKRW,원화현금,-5,\n")
    write("product.yaml", "kind: etf-product\nschema_version: 1\nname: P\nas_of: 2024-10-31\nmanagement: passive\n"
                          "underlying: {index: index.yaml}\npdf: pdf.csv\n")
    plain = Loader().load_product("product.yaml")
    monkeypatch.setattr(load, "plain_holdings", lambda *arguments: None)
    assert plain.pdf is not None
    assert fields(plain.pdf) == fields(Loader().load_product("product.yaml").pdf)  # type: ignore[arg-type]
    assert plain.pdf[1].quantity == -5 and plain.pdf[0].value_krw == 100_000_000
    calls = []
    monkeypatch.setattr(load, "plain_holdings", lambda *arguments: calls.append(arguments) or None)
    Loader().load_product("product.yaml")
    assert calls, "the product's PDF was not offered to the plain reading"
    assert holdings_module.plain_holdings is not None
