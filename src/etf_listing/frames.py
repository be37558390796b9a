"""pykrx's DataFrames straight into the evaluator, without writing files.

For pandas users (``pip install 'etf-listing[pandas]'``)::

    from pykrx import stock
    from etf_listing import evaluate, load_product, load_rulebook
    from etf_listing.frames import index_from_frames, pdf_from_frame, with_data

    days = stock.get_previous_business_days(fromdate="20240801", todate="20241031")
    caps = {day.date(): stock.get_market_cap(day.strftime("%Y%m%d"), market="ALL") for day in days}
    index = index_from_frames("코리아 밸류업 지수", constituents, caps)
    pdf = pdf_from_frame(stock.get_etf_portfolio_deposit_file("0060H0", "20241031"))
    report = evaluate(with_data(load_product("product.yaml"), index=index, pdf=pdf), load_rulebook())

The frames are the shapes pykrx returns: ``get_market_cap(date, market="ALL")`` indexed by 티커
(시가총액, 거래대금, ...), ``get_market_cap(from, to, ticker)`` indexed by 날짜, and
``get_etf_portfolio_deposit_file(ticker, date)`` indexed by 티커 with 계약수, 금액, 비중 (and
구성종목명, 시가총액 in newer releases). Figures are read exactly: a whole number as it is; a float
(pykrx gives 계약수 as float64) by its shortest decimal spelling (12.22, never 12.2199999...).

These functions read the frames they are given; nothing in etf_listing imports pandas, so
``import etf_listing`` never loads it. The frames
are read with the same rules as files: codes written another way (ISINs, ``A005930``) are read as
the index's, an index issue's quantity may not be negative, a constituent or a PDF code listed
twice is refused (never counted twice), and so is a PDF row with neither a quantity nor an amount,
or a share's row with an amount alone. A text figure is read as a download's cell (``1,000``; ``-``
or blank for none), NaN, None and pandas' NA are a figure not given, and a figure a file would
refuse (infinite, more than 30 digits) is refused. A problem is an ``InputError`` whose position
names the frame and its row (``get_market_cap 2024-10-31:5:1``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from decimal import Decimal
from typing import Any, Iterable, Mapping, Sequence

from .errors import InputError, Location, Problem
from .limits import number_problem
from .loading.codes import short_code
from .loading.holdings import pdf_rows
from .loading.krx import CREATION_CASH, amount, without_quantity
from .loading.load import constituents_twice, pdf_codes_twice
from .loading.markets import UnknownMarket, market_named
from .loading.tables import CellError, Row
from .model import AssetClass, Constituent, Holding, Index, Product, Series, Underlying, Weighting


def _exact(value: Any, where: Location, column: str) -> Decimal | None:
    """A frame's figure as an exact Decimal; None for a figure not given (None, NaN, pandas' NA,
    text ``-`` or blank). A figure is held to the bounds a file's cell is (at most 30 digits before
    and after the point, nothing infinite), and text is read by the reader of the downloads' cells
    (``loading.krx.amount``), so a frame gives no figure that the same data in a file would not."""
    if value is None or _pandas_missing(value):
        return None
    if hasattr(value, "item"):  # a numpy scalar: its Python value
        value = value.item()
    if isinstance(value, str):
        try:
            read = amount(value, signed=True)
        except CellError as error:
            raise InputError.at(where, f"{column}: {error}", error.hint, ko=f"{column}: {error.ko}",
                                hint_ko=error.hint_ko) from None
        return None if read is None else Decimal(read)
    if isinstance(value, float) and value != value:  # NaN: not given
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise InputError.at(where, f"{column}: expected a number, got {value!r}",
                            ko=f"{column}: 숫자여야 합니다. 입력값: {value!r}")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)  # a float by its shortest spelling
    problem = number_problem(number)
    if problem:
        raise InputError.at(where, f"{column}: {value} {problem[0]}", ko=f"{column}: {value}은(는) {problem[1]}")
    return number


def _pandas_missing(value: Any) -> bool:
    """Whether ``value`` is pandas' own mark of a missing value (``pd.NA``, ``pd.NaT``), told
    without importing pandas: a frame that holds one was made by pandas, which is then loaded."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and (value is getattr(pandas, "NA", None) or value is getattr(pandas, "NaT", None))


def _text(value: Any) -> str | None:
    """A frame's text cell, stripped; None for text not given (None, NaN, pandas' NA, blank): a
    name pandas left out is no name, not the text "nan"."""
    if value is None or _pandas_missing(value) or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):  # a numpy scalar: its Python value
        value = value.item()
    return str(value).strip() or None


def _whole(number: Decimal) -> int | Decimal:
    return int(number) if number == number.to_integral_value() else number


def _column(frame: Any, names: Sequence[str], label: str) -> str:
    for name in names:
        if name in frame.columns:
            return name
    found = ", ".join(str(c) for c in frame.columns)
    raise InputError.at(Location(label), f"the column {names[0]} is missing; the columns found: {found}",
                        "pass the frame as pykrx returns it", ko=f"열 {names[0]}이(가) 없습니다. 있는 열: {found}",
                        hint_ko="pykrx가 돌려준 프레임을 그대로 넘기십시오")


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime"):
        day: dt.date = value.to_pydatetime().date()
        return day
    text = str(value).strip()[:10].replace("-", "")
    return dt.datetime.strptime(text, "%Y%m%d").date()


def _is_day(key: Any) -> bool:
    """Whether a key of the frames is a date: a date, a timestamp, numpy's datetime64, the number
    20241031, or text written as a date."""
    if not isinstance(key, str):
        try:
            _day(key)
        except (ValueError, TypeError, OverflowError):
            return False
        return True
    text = key.strip()
    if not (len(text) == 8 and text.isdigit()) and not (len(text) == 10 and text[4] == "-" and text[7] == "-"):
        return False
    try:
        _day(text)
    except ValueError:
        return False
    return True


def series_from_frames(frames: Mapping[Any, Any], codes: Iterable[str]) -> dict[str, Series]:
    """The daily series of ``codes`` from pykrx frames: ``{date: get_market_cap(date)}`` (each
    indexed by 티커) or ``{ticker: get_market_cap(from, to, ticker)}`` (each indexed by 날짜)."""
    wanted: dict[str, str] = {}
    for code in codes:
        wanted[code] = code
        short = short_code(code)
        if short is not None:
            wanted.setdefault(short, code)
    points: dict[str, list[tuple[dt.date, int | Decimal, int | Decimal, Location]]] = {}
    problems: list[Problem] = []
    dated = {key: _is_day(key) for key in frames}
    if any(dated.values()):  # keyed by date: a key that is no date would be a ticker, its day lost in silence
        problems.extend(Problem(Location(f"get_market_cap {key}"), f"the key {key!r} is not a date, where the other frames are keyed by date",
                                "key each get_market_cap(date) frame by its date: 2024-10-31 or 20241031",
                                ko=f"키 {key!r}은(는) 날짜가 아닙니다. 다른 프레임은 날짜로 되어 있습니다",
                                hint_ko="get_market_cap(date) 프레임마다 날짜를 키로 쓰십시오: 2024-10-31 또는 20241031")
                        for key in frames if not dated[key])
        if problems:
            raise InputError(problems[:50])
    for key, frame in frames.items():
        by_ticker = dated[key]
        label = f"get_market_cap {_day(key)}" if by_ticker else f"get_market_cap {key}"
        cap_column = _column(frame, ("시가총액",), label)
        value_column = _column(frame, ("거래대금",), label)
        for line, (index_value, row) in enumerate(frame.iterrows(), start=2):
            where = Location(label, line, 1)
            kept = wanted.get(str(index_value) if by_ticker else str(key))
            if kept is None:
                continue
            code = kept
            day = _day(key) if by_ticker else _day(index_value)
            try:
                cap = _exact(row[cap_column], where, cap_column)
                value = _exact(row[value_column], where, value_column)
            except InputError as error:
                problems.extend(error.problems)
                continue
            if cap is None or value is None or cap < 0 or value < 0:
                problems.append(Problem(where, f"{code}: no market cap or trading value on {day}",
                                        "a constituent needs both on every trading day",
                                        ko=f"{code}: {day}의 시가총액이나 거래대금이 없습니다",
                                        hint_ko="구성종목은 거래일마다 둘 다 있어야 합니다"))
                continue
            points.setdefault(code, []).append((day, _whole(cap), _whole(value), where))
    result = {}
    for code, rows in points.items():
        rows.sort(key=lambda r: r[0])
        for before, after in zip(rows, rows[1:]):
            if before[0] == after[0]:
                problems.append(Problem(after[3], f"{code} has two rows for {after[0]} (first in {before[3]})",
                                        ko=f"{code}의 {after[0]} 행이 두 개입니다 (처음: {before[3]})"))
        result[code] = Series(tuple(r[0] for r in rows), tuple(r[1] for r in rows), tuple(r[2] for r in rows), rows[0][3])
    if problems:
        raise InputError(problems[:50])
    return result


def index_from_frames(name: str, constituents: Any, frames: Mapping[Any, Any], *, asset_class: AssetClass = "equity",
                      weighting: Weighting = "market_cap", provider: str | None = None, sectoral: bool = False) -> Index:
    """An index from its constituents (a DataFrame or a list of mappings with code, name, market
    and optional sector) and pykrx's market-cap frames (see ``series_from_frames``)."""
    rows = constituents.to_dict("records") if hasattr(constituents, "to_dict") else list(constituents)
    members = []
    problems: list[Problem] = []
    for line, row in enumerate(rows, start=2):
        where = Location("constituents", line, 1)
        code, written = _text(row.get("code")) or "", _text(row.get("market"))
        if not code or not written:
            problems.append(Problem(where, "a constituent needs its code and market", ko="구성종목에는 코드와 시장이 필요합니다"))
            continue
        try:  # (유가증권시장, 코스닥, kospi: read as a file's market cell is, an unknown name refused)
            market = market_named(written)
        except UnknownMarket as unknown:
            problems.append(Problem(where, f"market: '{written}' is not a market the tool knows", unknown.hint,
                                    ko=f"market: '{written}'은(는) 알려진 시장이 아닙니다", hint_ko=unknown.hint_ko))
            continue
        members.append(Constituent(code=code, name=_text(row.get("name")) or code, market=market,
                                   sector=_text(row.get("sector")), ktb_futures_basket=None, tenor_years=None,
                                   market_cap_krw=None, trading_value_krw=None, location=where))
    # an issue listed twice (or as 005930 and A005930) would be counted twice: refused, as in a file
    problems.extend(constituents_twice([Row({"code": short_code(c.code) or c.code}, c.location) for c in members])[0])
    if problems:
        raise InputError(problems)
    series = series_from_frames(frames, [c.code for c in members])
    missing = [Problem(c.location, f"{c.name} ({c.code}) is in none of the frames", "pass its market caps too",
                       ko=f"{c.name} ({c.code})이(가) 어느 프레임에도 없습니다", hint_ko="이 종목의 시가총액도 넘기십시오")
               for c in members if c.code not in series]
    if missing:
        raise InputError(missing)
    return Index(file="frames", name=name, provider=provider, asset_class=asset_class, weighting=weighting,
                 constituents=tuple(members), series=series, locations={}, sectoral=sectoral)


def pdf_from_frame(frame: Any, *, linked: Iterable[str] = (), label: str = "get_etf_portfolio_deposit_file") -> tuple[Holding, ...]:
    """PDF rows from ``get_etf_portfolio_deposit_file(ticker, date)``: the 티커 index, 계약수 (the
    quantity per creation unit), 금액 (the valuation; 시가총액 where 금액 is 0 or missing), 구성종목명
    where the release gives it. ``linked``: codes of rows linked to the index besides its issues.

    The rows a PDF download may not have are refused as they are there: a code listed twice (its
    value would count twice), a row with neither a quantity nor an amount (it names a holding and
    says nothing of it; read as 0 it would be not held), and a share's row with an amount but no
    quantity (its amount is no number of shares). A row of cash without a quantity is held at its
    amount."""
    quantity_column = _column(frame, ("계약수", "주식수(계약수)"), label)
    value_columns = [c for c in ("금액", "평가금액", "시가총액") if c in frame.columns]
    name_column = next((c for c in ("구성종목명", "종목명") if c in frame.columns), None)
    marks = set(linked)
    holdings = []
    problems: list[Problem] = []
    for line, (code_value, row) in enumerate(frame.iterrows(), start=2):
        where = Location(label, line, 1)
        code = str(code_value).strip()
        if code == CREATION_CASH:  # the cash paid in for a creation unit, not a holding: left out, as in a file
            continue
        try:
            quantity = _exact(row[quantity_column], where, quantity_column)
            values = [_exact(row[c], where, c) for c in value_columns]
        except InputError as error:
            problems.extend(error.problems)
            continue
        value = next((v for v in values if v), None)  # pykrx writes a figure it lacks as 0
        name = (_text(row[name_column]) if name_column else None) or code
        if quantity is None:
            unheld = without_quantity(name, code, value)
            if unheld is not None:
                problems.append(Problem(where, f"{quantity_column}: {unheld}", unheld.hint,
                                        ko=f"{quantity_column}: {unheld.ko}", hint_ko=unheld.hint_ko))
                continue
            assert value is not None  # (a row with no figure is refused above)
            quantity = value  # cash (원화예금) is held at its amount
        holdings.append(Holding(code, name, quantity, where, value,
                                True if code in marks or short_code(code) in marks else None))
    problems.extend(_listed_twice(holdings))
    if problems:
        raise InputError(problems)
    return tuple(holdings)


def _listed_twice(pdf: Sequence[Holding]) -> list[Problem]:
    """A problem at each PDF row whose code an earlier row has: as in a PDF file, one holding
    split over two rows is refused, never added up or counted twice."""
    return pdf_codes_twice([Row({"code": h.code}, h.location) for h in pdf])


def with_data(product: Product, *, index: Index | None = None, pdf: Sequence[Holding] | None = None) -> Product:
    """``product`` tracking ``index`` and holding ``pdf`` in place of what its file gives; the PDF
    is read against the index as a file's is (codes written another way, signed rows)."""
    index = index if index is not None else product.index
    if pdf is not None:
        rows = [Row({"code": h.code, "name": h.name, "quantity": h.quantity}, h.location) for h in pdf]
        twice = _listed_twice(pdf)  # (pdf_rows refuses two spellings of one code, not one written twice)
        if twice:
            raise InputError(twice)
        read = pdf_rows(rows, index)
        pdf = tuple(dataclasses.replace(h, code=r.values["code"]) for h, r in zip(pdf, read))
    return dataclasses.replace(product, underlying=Underlying(index, product.underlying.license_signed),
                               pdf=tuple(pdf) if pdf is not None else product.pdf)
