"""Daily series of a listed product and its index: the product's ``history`` and the index's ``levels``.

Both are tables (a CSV file or rows written inline) with one row a trading day. Rows may come in
any order and are sorted by date; a date given twice is refused with both positions; a day that is
not a trading day is simply absent. Prices and levels must be above zero (a daily change divides
by them); amounts are read as money is everywhere else.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Callable, Sequence, TypeVar

from ..errors import InputError, Location, Problem
from ..model import DailyRecord, IndexLevel, Participant
from .files import SourceFile, resolve_reference, read_text
from .tables import CellError, Column, Row, decimal, iso_date, money, read_csv, read_inline
from .yaml_source import Document, Path


def positive(value: Any) -> Decimal:
    number = decimal(value)
    if number <= 0:
        raise CellError(f"{value} is not above zero", "a price or an index level is a positive number",
                        ko=f"{value}은(는) 0보다 크지 않습니다", hint_ko="가격과 지수 값은 양수입니다")
    return number


_PLAIN_NUMBER = re.compile(r"[0-9]{1,18}(?:\.[0-9]{1,12})?\Z")


def price(value: Any) -> Decimal:
    """``positive``, read directly where the cell is a plain decimal (the common case: a history of
    five years is thousands of rows); anything else, and every problem, goes through ``positive``."""
    if type(value) is str and _PLAIN_NUMBER.match(value):
        number = Decimal(value)
        if number > 0:
            return number
    return positive(value)


def amount(value: Any) -> Decimal:
    """``money``, read directly where the cell is a whole number of KRW in ASCII digits."""
    if type(value) is str and len(value) <= 18 and value.isascii() and value.isdigit():
        return Decimal(value)
    return money(value)


HISTORY_COLUMNS = {
    "date": Column(iso_date),
    "nav_per_unit": Column(price),
    "net_assets_krw": Column(amount),
    "principal_krw": Column(amount, required=False),
    "close_price": Column(price, required=False),
}
LEVEL_COLUMNS = {
    "date": Column(iso_date),
    "level": Column(price),
}

T = TypeVar("T")


def _table(reference: Any, base: SourceFile, root: str, document: Document, path: Path,
           columns: dict[str, Column]) -> list[Row]:
    if isinstance(reference, str):
        source = resolve_reference(base, reference, root, document.where(path))
        return read_csv(read_text(source, document.where(path)), source.display, columns)
    return read_inline(document, path, columns)


def _by_date(rows: Sequence[Row], make: Callable[[Row], T], what: str, what_ko: str) -> tuple[T, ...]:
    """The rows in date order; every date given twice is a problem at its second row."""
    ordered = sorted(rows, key=lambda row: (row.values["date"], row.location))
    problems = []
    for before, after in zip(ordered, ordered[1:]):
        if before.values["date"] == after.values["date"]:
            day = after.values["date"]
            problems.append(Problem(after.location, f"{what} two rows for {day} (first at line {before.location.line})",
                                    "give each trading day once",
                                    ko=f"{what_ko}에 {day} 행이 두 개입니다 (처음: {before.location.line}행)",
                                    hint_ko="거래일마다 한 행만 쓰세요"))
    if problems:
        raise InputError(problems[:50])
    return tuple(make(row) for row in ordered)


def read_history(reference: Any, base: SourceFile, root: str, document: Document, path: Path) -> tuple[DailyRecord, ...]:
    """A product's daily history, in date order."""
    rows = _table(reference, base, root, document, path, HISTORY_COLUMNS)

    def record(row: Row) -> DailyRecord:
        v = row.values
        return DailyRecord(v["date"], v["nav_per_unit"], v["net_assets_krw"], v["principal_krw"], v["close_price"],
                           row.location)

    return _by_date(rows, record, "the history has", "일별 내역")


def read_levels(reference: Any, base: SourceFile, root: str, document: Document, path: Path) -> tuple[IndexLevel, ...]:
    """An index's daily closing levels, in date order."""
    rows = _table(reference, base, root, document, path, LEVEL_COLUMNS)
    return _by_date(rows, lambda row: IndexLevel(row.values["date"], row.values["level"], row.location),
                    "the index levels have", "지수 값")


def check_lp_dates(participants: Sequence[Participant], document: Document) -> None:
    """An LP contract cannot end before it starts, nor have dates where the participant is written
    as having none (``lp_contract: false`` with ``lp_from`` or ``lp_to``: which is meant decides
    the LP rule)."""
    problems = []
    for i, participant in enumerate(participants):
        written = ("participants", i, "lp_contract")
        dated = " and ".join(f"{name} {day}" for name, day in (("lp_from", participant.lp_from),
                                                               ("lp_to", participant.lp_to)) if day is not None)
        if dated and not participant.lp_contract and written in document.values:
            problems.append(Problem(document.where(written),
                                    f"{participant.name}: lp_contract is false, but {dated} say a contract was in force",
                                    "write lp_contract: true (with lp_to, the last day in force, for a contract that ended), "
                                    "or remove the dates",
                                    ko=f"{participant.name}: lp_contract가 false인데 {dated}은(는) 계약이 효력이 있었다고 합니다",
                                    hint_ko="lp_contract: true로 쓰거나(끝난 계약은 효력 마지막 날을 lp_to로), 날짜를 지우십시오"))
        if participant.lp_from is not None and participant.lp_to is not None and participant.lp_to < participant.lp_from:
            problems.append(Problem(document.where(("participants", i, "lp_to")),
                                    f"{participant.name}: lp_to {participant.lp_to} is before lp_from {participant.lp_from}",
                                    "lp_to is the contract's last day in force",
                                    ko=f"{participant.name}: lp_to {participant.lp_to}이(가) lp_from {participant.lp_from}보다 앞섭니다",
                                    hint_ko="lp_to는 계약이 효력을 갖는 마지막 날입니다"))
    if problems:
        raise InputError(problems)


__all__ = ["HISTORY_COLUMNS", "LEVEL_COLUMNS", "Location", "check_lp_dates", "read_history", "read_levels"]
