"""Money in KRW, written the way users write it, read as an exact Decimal.

Accepted spellings (domain spec, "Money"): ``7000000000``, ``7,000,000,000``, ``7e9``, ``70억원``,
``7천억원``, ``1.5조원``, ``1조 5천억원``, ``7bn``, ``KRW 7bn``, ``₩7bn``. 만 = 10^4, 억 = 10^8,
조 = 10^12; 십/백/천 multiply the number before a large unit; k/m/mn/bn/tn = 10^3/6/6/9/12.
"""

from __future__ import annotations

import re
from decimal import Context, Decimal, InvalidOperation, localcontext

from .limits import number_problem, spreadsheet_exponent

# Larger than any plausible amount (100경 KRW): rejects 1e999 and typos with many zeros.
MAX_KRW = Decimal(10) ** 18

_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_ENGLISH = re.compile(r"([0-9][0-9,]*(?:\.[0-9]+)?)\s*(k|m|mn|bn|tn)", re.IGNORECASE)
_KOREAN_GROUP = re.compile(r"\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*([십백천])?\s*([만억조])?")
_ENGLISH_UNITS = {"k": 3, "m": 6, "mn": 6, "bn": 9, "tn": 12}
_SMALL_UNITS = {"십": 1, "백": 2, "천": 3}
_LARGE_UNITS = {"만": 4, "억": 8, "조": 12}

# Money is read in a context of its own, so an amount does not depend on the decimal context of
# the thread that reads it (a library user may have set one); 100 digits hold every amount that
# is in range (30 digits before the point and 30 after) exactly.
_CONTEXT = Context(prec=100)

HINT = "write KRW as 7000000000, 7,000,000,000, 70억원, 1.5조원, 7bn or KRW 7bn"
HINT_KO = "금액은 7000000000, 7,000,000,000, 70억원, 1.5조원, 7bn, KRW 7bn처럼 쓰세요"


class MoneyError(ValueError):
    """A money value that cannot be read; the message says why, in English and Korean (``ko``)."""

    hint = HINT  # what to write instead, shown beside the message
    hint_ko = HINT_KO

    def __init__(self, message: str, hint: str | None = None, *, ko: str, hint_ko: str | None = None):
        super().__init__(message)
        self.message = message
        self.ko = ko
        if hint is not None:
            self.hint, self.hint_ko = hint, hint_ko or hint


def canonical(amount: Decimal) -> Decimal:
    """One representation per amount, so equal amounts print the same (7E+9 -> 7000000000)."""
    if amount == amount.to_integral_value():
        return Decimal(int(amount))
    return amount.normalize()


def parse_krw(value: object) -> Decimal:
    """Read an amount of KRW; raise MoneyError with the reason when it is not one."""
    if isinstance(value, bool):
        raise MoneyError(f"expected an amount of KRW, got {value!r}", ko=f"원화 금액이어야 합니다. 입력값: {value!r}")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, Decimal):
        amount = value
    elif isinstance(value, str):
        with localcontext(_CONTEXT):
            amount = _parse_text(value)
    else:
        raise MoneyError(f"expected an amount of KRW, got {type(value).__name__}",
                         ko=f"원화 금액이어야 합니다. 입력 형식: {type(value).__name__}")
    with localcontext(_CONTEXT):
        return _checked(amount, value)


def parse_signed_krw(value: object) -> Decimal:
    """Read an amount of KRW that may be negative (a payable, a short position), its sign before
    the amount or between the currency and the amount: ``-120억원``, ``-₩7bn``, ``₩-1250만``,
    ``KRW -7bn``. Messages quote the text as written."""
    if isinstance(value, str):
        body = _unsigned(value)
        if body is not None:
            if _unsigned(body) is not None:  # a second sign
                raise MoneyError(f"{value!r} is not an amount of KRW", ko=f"{value!r}은(는) 원화 금액이 아닙니다")
            with localcontext(_CONTEXT):
                return -_checked(_parse_text(body, value), value, magnitude=True)
    elif isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value < 0:
        return -parse_krw(-value)
    return parse_krw(value)


def _unsigned(text: str) -> str | None:
    """``text`` without the minus sign of a negative amount, before the amount or after the
    currency that opens it; None when it has none."""
    s = text.strip()
    if s[:1] in _MINUS:
        return s[1:]
    for prefix in _PREFIXES:
        if s.startswith(prefix) and s[len(prefix):].strip()[:1] in _MINUS:
            return prefix + s[len(prefix):].strip()[1:]
    return None


_MINUS = ("-", "\u2212")
_PREFIXES = ("KRW", "krw", "\u20a9")


def _checked(amount: Decimal, original: object, *, magnitude: bool = False) -> Decimal:
    if amount.is_finite() and 0 <= amount <= MAX_KRW and not number_problem(amount):
        return canonical(amount)
    # as the user wrote it: text quoted, a number as a number (not Python's Decimal('1E+19'))
    shown = repr(original) if isinstance(original, str) else str(original)
    if not amount.is_finite():
        raise MoneyError(f"{shown} is not a finite amount", ko=f"{shown}은(는) 유한한 금액이 아닙니다")
    if amount < 0 and not magnitude:
        raise MoneyError(f"{shown} is negative; an amount of KRW cannot be",
                         ko=f"{shown}은(는) 음수입니다. 원화 금액은 음수일 수 없습니다")
    if amount > MAX_KRW:
        raise MoneyError(f"{shown} is larger than any plausible amount of KRW",
                         ko=f"{shown}은(는) 현실적인 원화 금액보다 큽니다")
    problem = number_problem(amount)
    assert problem is not None
    raise MoneyError(f"{shown} {problem[0]}", ko=f"{shown}은(는) {problem[1]}")


def _parse_text(text: str, original: str | None = None) -> Decimal:
    """The amount ``text`` spells; messages quote ``original`` (the text as written) when given."""
    shown = text if original is None else original
    rounded = spreadsheet_exponent(text)
    if rounded:
        raise MoneyError(rounded[0], rounded[1], ko=rounded[2], hint_ko=rounded[3])
    s = text.strip()
    for prefix in _PREFIXES:
        if s.startswith(prefix):
            s = s[len(prefix):].strip()
    won = False  # written with 원 at its end: a last group without a unit is won, not a unit left out
    for suffix in ("KRW", "krw", "원"):
        if s.endswith(suffix):
            won = suffix == "원"
            s = s[: -len(suffix)].strip()
    if not s or (s[0] in _MINUS and not s[1:].strip()):  # nothing, or a dash where a figure would be
        raise MoneyError(f"{shown!r} is not an amount of KRW", ko=f"{shown!r}은(는) 원화 금액이 아닙니다")
    if s[0] in _MINUS:
        raise MoneyError(f"{shown!r} is negative; an amount of KRW cannot be",
                         ko=f"{shown!r}은(는) 음수입니다. 원화 금액은 음수일 수 없습니다")
    try:
        if _PLAIN.fullmatch(s):
            return Decimal(s)
        if _GROUPED.fullmatch(s):
            return Decimal(s.replace(",", ""))
        english = _ENGLISH.fullmatch(s)
        if english:
            return _number(english.group(1)).scaleb(_ENGLISH_UNITS[english.group(2).lower()])
        return _parse_korean(s, shown, won)
    except InvalidOperation:
        raise MoneyError(f"{shown!r} is not an amount of KRW", ko=f"{shown!r}은(는) 원화 금액이 아닙니다") from None


def _number(text: str) -> Decimal:
    if "," in text and not _GROUPED.fullmatch(text):
        raise InvalidOperation
    return Decimal(text.replace(",", ""))


def _parse_korean(s: str, original: str, won: bool = False) -> Decimal:
    """``1조 5천억``, ``70억``, ``5000만``: groups with strictly falling large units. A last group
    without a unit after one with a unit is won only when 원 follows it (``1억 2345원``): in
    ``1조 5000`` the unit is as likely left out (1조 5000억, as it is often said) as meant, so it is
    refused rather than read as 1조 and 5,000 won."""
    total = Decimal(0)
    position = 0
    last_unit = 99
    while position < len(s):
        match = _KOREAN_GROUP.match(s, position)
        if not match or match.end() == position:
            raise MoneyError(f"{original!r} is not an amount of KRW", ko=f"{original!r}은(는) 원화 금액이 아닙니다")
        number, small, large = match.groups()
        exponent = _SMALL_UNITS.get(small or "", 0)
        unit = _LARGE_UNITS[large] if large else 0
        if not large and not small and match.end() != len(s):  # a number followed by what no unit is
            rest = s[match.end():].strip()
            raise MoneyError(f"{original!r} is not an amount of KRW: '{rest}' cannot be read",
                             ko=f"{original!r}은(는) 원화 금액이 아닙니다: '{rest}'을(를) 읽을 수 없습니다")
        if large and unit >= last_unit:
            raise MoneyError(f"{original!r} is not an amount of KRW: units out of order",
                             ko=f"{original!r}은(는) 원화 금액이 아닙니다: 단위 순서가 맞지 않습니다")
        if not large and not small and position and not won:
            before = s[:position].strip()
            spelt = [f"{before} {number}{name}" for name, size in _LARGE_UNITS.items() if size < last_unit][-1:]
            spelt.append(f"{before} {number}원")
            raise MoneyError(f"{original!r} is not an amount of KRW: '{number}' after {before} has no unit",
                             f"write its unit or 원 after it: {' or '.join(spelt)}",
                             ko=f"{original!r}은(는) 원화 금액이 아닙니다: {before} 뒤의 '{number}'에 단위가 없습니다",
                             hint_ko=f"단위나 원을 붙여 쓰세요: {' 또는 '.join(spelt)}")
        if not large and small:
            raise MoneyError(f"{original!r} is not an amount of KRW: {small} needs 만, 억 or 조",
                             ko=f"{original!r}은(는) 원화 금액이 아닙니다: {small} 뒤에는 만, 억 또는 조가 와야 합니다")
        total += _number(number).scaleb(exponent + unit)
        last_unit = unit
        position = match.end()
    return total
