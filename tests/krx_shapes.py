"""Files in the shapes the KRX data portal publishes, written from data a test chooses.

No live KRX data is used: these writers reproduce the published layouts (screen 12001's all-issue
daily prices, screen 13108's PDF) byte for byte as the portal and Excel give them: CP949 or UTF-8
with or without a BOM, every field quoted or none, amounts with or without thousands separators,
``대비`` or the newer ``등락폭``, ``-`` for a figure not given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence

DAILY_HEADER = ("종목코드", "종목명", "시장구분", "소속부", "종가", "대비", "등락률", "시가", "고가", "저가", "거래량",
                "거래대금", "시가총액", "상장주식수")
PDF_HEADER = ("종목코드", "구성종목명", "주식수(계약수)", "평가금액", "시가총액", "시가총액 구성비중")


@dataclass(frozen=True)
class Shape:
    """How a download is written."""

    encoding: str = "cp949"  # cp949, utf-8 or utf-8-sig
    quoted: bool = True  # every field double-quoted, as the portal's CSV
    separators: bool = False  # thousands separators, as the Excel variant
    newer_header: bool = False  # 등락폭 for 대비
    line_end: str = "\r\n"


@dataclass(frozen=True)
class Quote:
    """One issue on one day, as screen 12001 lists it."""

    code: str
    name: str
    market: str
    market_cap: int
    trading_value: int


def _number(value: Any, shape: Shape) -> str:
    if value is None:
        return "-"
    if isinstance(value, int) and shape.separators:
        return f"{value:,}"
    if isinstance(value, Decimal) and shape.separators:
        return f"{value:,}"
    return str(value)


def _line(cells: Sequence[str], shape: Shape) -> str:
    if shape.quoted:
        return ",".join('"' + cell.replace('"', '""') + '"' for cell in cells)
    return ",".join(cells)


def daily_text(quotes: Iterable[Quote], shape: Shape = Shape()) -> bytes:
    header = list(DAILY_HEADER)
    if shape.newer_header:
        header[header.index("대비")] = "등락폭"
    lines = [_line(header, shape)]
    for q in quotes:
        close = 10_000
        shares = max(q.market_cap // close, 1)
        volume = q.trading_value // close
        lines.append(_line([q.code, q.name, q.market, "", _number(close, shape), "100", "1.01", _number(close, shape),
                            _number(close, shape), _number(close, shape), _number(volume, shape),
                            _number(q.trading_value, shape), _number(q.market_cap, shape), _number(shares, shape)], shape))
    return (shape.line_end.join(lines) + shape.line_end).encode(shape.encoding)


def write_daily(folder: Path, day: dt.date, quotes: Iterable[Quote], shape: Shape = Shape(),
                name: str = "{date}.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name.format(date=day.strftime("%Y%m%d"))
    path.write_bytes(daily_text(quotes, shape))
    return path


@dataclass(frozen=True)
class PdfRow:
    code: str
    name: str
    quantity: Any  # a number, or None for '-'
    valuation: Any = None  # 평가금액, or None for '-'
    amount: Any = None  # the 시가총액 column (the component amount)
    weight: Any = None


def pdf_text(rows: Iterable[PdfRow], shape: Shape = Shape()) -> bytes:
    lines = [_line(PDF_HEADER, shape)]
    for r in rows:
        lines.append(_line([r.code, r.name, _number(r.quantity, shape), _number(r.valuation, shape),
                            _number(r.amount, shape), "-" if r.weight is None else str(r.weight)], shape))
    return (shape.line_end.join(lines) + shape.line_end).encode(shape.encoding)


def long_format(quotes_by_day: dict[dt.date, list[Quote]]) -> str:
    """The same data in the documented long format: date,code,market_cap_krw,trading_value_krw."""
    lines = ["date,code,market_cap_krw,trading_value_krw"]
    for day in sorted(quotes_by_day):
        for q in quotes_by_day[day]:
            lines.append(f"{day.isoformat()},{q.code},{q.market_cap},{q.trading_value}")
    return "\n".join(lines) + "\n"


def trading_days(first: dt.date, last: dt.date) -> list[dt.date]:
    """Weekdays from ``first`` to ``last``: the synthetic calendar of these fixtures."""
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days
