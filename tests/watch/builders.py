"""Listed products for the watch's tests, built in memory or written as files."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence

from etf_listing.errors import Location
from etf_listing.evaluation import Report, evaluate
from etf_listing.model import DailyRecord, Index, IndexLevel, Participant, Product, Underlying
from etf_listing.rulebook import load_rulebook

RULEBOOK = load_rulebook("krx-etf-continued-listing")
FILE = "product.yaml"


def weekdays(first: dt.date, count: int, skip: Iterable[dt.date] = ()) -> list[dt.date]:
    skipped, days, day = set(skip), [], first
    while len(days) < count:
        if day.weekday() < 5 and day not in skipped:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def compounded(start: Decimal, changes: Sequence[Decimal]) -> list[Decimal]:
    """Values whose daily changes are exactly ``changes`` (the first value is ``start``)."""
    from decimal import localcontext

    from etf_listing.vocabulary.numbers import EXACT

    values = [start]
    with localcontext(EXACT):  # exact products: a rounded value would change the changes
        for change in changes:
            values.append(values[-1] * (1 + change))
    return values


def product(*, days: Sequence[dt.date], navs: Sequence[Decimal], levels: Sequence[Decimal] | None = None,
            level_days: Sequence[dt.date] | None = None, net_assets: Sequence[Decimal] | Decimal = Decimal("60e9"),
            principal: Sequence[Decimal | None] | Decimal | None = Decimal("50e9"),
            closes: Sequence[Decimal | None] | None = None, listed_on: dt.date | None = None,
            management: str = "passive", leverage: Decimal = Decimal(1), market: str = "domestic",
            participants: Sequence[Participant] | None = None, license_signed: bool | None = True,
            as_of: dt.date | None = None) -> Product:
    n = len(days)
    assets = list(net_assets) if isinstance(net_assets, (list, tuple)) else [net_assets] * n
    principals = list(principal) if isinstance(principal, (list, tuple)) else [principal] * n
    close = list(closes) if closes is not None else [None] * n
    history = tuple(DailyRecord(d, nav, a, p, c, Location("history.csv", i + 2, 1))
                    for i, (d, nav, a, p, c) in enumerate(zip(days, navs, assets, principals, close)))
    level_rows = None
    if levels is not None:
        level_rows = tuple(IndexLevel(d, v, Location("levels.csv", i + 2, 1))
                           for i, (d, v) in enumerate(zip(level_days or days, levels)))
    index = Index("index.yaml", "Index", None, "equity", "free_float_market_cap", (), {}, {}, levels=level_rows)
    if participants is None:
        participants = (Participant("LP", True, True, Location(FILE, 10, 3), listed_on or days[0], None),)
    return Product(FILE, "ETF", None, as_of or days[-1], "trust", None, None, management, leverage, None, None,
                   Underlying(index, license_signed), tuple(participants), None, None,
                   listed_on=listed_on or days[0], underlying_market=market, history=history)


def result(report: Report, rule: str) -> Any:
    return next(r for r in report.results if r.rule.id == rule)


def watch(prod: Product, as_of: dt.date | None = None, rule: str | None = None) -> Any:
    report = evaluate(prod, RULEBOOK, as_of)
    return result(report, rule) if rule else report


def write_product(folder: Path, body: str, history: str | None = None, levels: str | None = None) -> Path:
    """A product file (with an index file) under ``folder``: ``body`` is the product's YAML after
    its kind and schema_version lines."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.yaml").write_text(
        "kind: etf-index\nschema_version: 1\nname: 지수\nasset_class: equity\nweighting: market_cap\n"
        "constituents:\n  - {code: '005930', name: 삼성전자, market: KOSPI, market_cap_krw: 400조원, trading_value_krw: 1조원}\n"
        + ("levels: levels.csv\n" if levels is not None else ""), encoding="utf-8")
    if levels is not None:
        (folder / "levels.csv").write_text(levels, encoding="utf-8")
    if history is not None:
        (folder / "history.csv").write_text(history, encoding="utf-8")
    path = folder / "product.yaml"
    path.write_text("kind: etf-product\nschema_version: 1\n" + body, encoding="utf-8")
    return path
