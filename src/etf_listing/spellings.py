"""Dates, counts and shares written the ways people and spreadsheets write them.

The same spellings are read everywhere a value of the kind is written (a product file, a CSV
column, the command line), so that a file never passes in one place and fails in another:

- a date: ``2024-10-31``, ``2024/10/31``, ``2024.10.31`` or ``20241031`` (KRX's downloads). A
  YAML integer such as ``20241031`` is read as that date, never as seconds since 1970;
- a count: ``200000`` or ``200,000`` (thousands separators where they belong);
- a share: ``0.95`` or ``95%``.

Each reader raises ``SpellingError`` (a ValueError carrying Korean and a hint) for anything else.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from .limits import spreadsheet_exponent

DATE_HINT = "write 2024-10-31, 2024/10/31 or 20241031"
DATE_HINT_KO = "2024-10-31, 2024/10/31 또는 20241031 형식으로 쓰세요"
_DATE = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})")
_COMPACT_DATE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")


class SpellingError(ValueError):
    """A value that is not written in any accepted spelling, in English and Korean."""

    def __init__(self, message: str, hint: str | None = None, *, ko: str, hint_ko: str | None = None):
        super().__init__(message if hint is None else f"{message} ({hint})")
        self.message = message
        self.hint = hint
        self.ko = ko
        self.hint_ko = hint_ko

    def text_ko(self) -> str:
        return self.ko if self.hint_ko is None else f"{self.ko} ({self.hint_ko})"


def calendar_date(value: Any) -> dt.date:
    """A date in any of the accepted spellings."""
    if isinstance(value, dt.datetime):
        raise SpellingError(f"'{value}' has a time of day; a date is written without one", DATE_HINT,
                            ko=f"'{value}'에 시각이 있습니다. 날짜는 시각 없이 씁니다", hint_ko=DATE_HINT_KO)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise SpellingError(f"{value!r} is not a date", DATE_HINT, ko=f"{value!r}은(는) 날짜가 아닙니다",
                            hint_ko=DATE_HINT_KO)
    text = str(value).strip()
    match = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if match is None:
        raise SpellingError(f"'{text}' is not a date", DATE_HINT, ko=f"'{text}'은(는) 날짜가 아닙니다", hint_ko=DATE_HINT_KO)
    year, month, day = (int(match.group(i)) for i in ((1, 3, 4) if match.re is _DATE else (1, 2, 3)))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise SpellingError(f"'{text}' is not a date that exists", DATE_HINT,
                            ko=f"'{text}'은(는) 존재하는 날짜가 아닙니다", hint_ko=DATE_HINT_KO) from None


def ungrouped(text: str) -> str:
    """``text`` without its thousands separators when it is a number written with them
    (``10,000,000`` -> ``10000000``); any other text as it is."""
    stripped = text.strip()
    return stripped.replace(",", "") if _GROUPED.fullmatch(stripped) else text


def whole_count(value: Any) -> Any:
    """A count written with thousands separators (``200,000``) as an int; anything else as it
    is, for the model's own check to judge. A flag is no count (YAML's ``true`` would be read as 1)."""
    if isinstance(value, bool):
        raise SpellingError(f"{str(value).lower()} is not a count", "write a whole number, such as 200000",
                            ko=f"{str(value).lower()}은(는) 개수가 아닙니다", hint_ko="200000처럼 정수로 쓰세요")
    if isinstance(value, str):
        plain = ungrouped(value).strip()
        if plain.isascii() and plain.isdigit():
            return int(plain)
    return value


def share(value: Any) -> Any:
    """A share written as a percentage (``99.5%``) as a Decimal ratio (0.995); anything else as it
    is, for the model's own check to judge; a spreadsheet's exponent (``9.9E-1``) is refused, as a
    number's is everywhere (``limits.spreadsheet_exponent``)."""
    rounded = spreadsheet_exponent(value) if isinstance(value, str) else None
    if rounded:
        raise SpellingError(rounded[0], rounded[1], ko=rounded[2], hint_ko=rounded[3])
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return Decimal(ungrouped(value.strip()[:-1]).strip()) / 100
        except InvalidOperation:
            raise SpellingError(f"'{value}' is not a percentage", "write 0.95 or 95%",
                                ko=f"'{value}'은(는) 백분율이 아닙니다", hint_ko="0.95 또는 95%로 쓰세요") from None
    return value
