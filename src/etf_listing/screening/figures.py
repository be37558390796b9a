"""Figures of a screen as text: exact decimals for reports that machines read, rounded for people.

A weight or rank ratio is a ``Fraction``. A fraction whose denominator has no prime factor but 2
and 5 ends: it is written exactly (1/8 is 0.125). One that does not end (1/3) is written to 28
significant digits, as the contract says; only text reports round further, for reading.
"""

from __future__ import annotations

import datetime as dt
from decimal import Context, Decimal
from fractions import Fraction
from typing import Any

from ..vocabulary.numbers import plain

SIGNIFICANT = 28


def ends(value: Fraction) -> bool:
    """Whether ``value`` has a finite decimal expansion."""
    den = value.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    return den == 1


_ROUNDED = Context(prec=SIGNIFICANT)


def as_decimal(value: Any) -> Decimal:
    """A number as a Decimal: exact where its expansion ends, else to 28 significant digits."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    fraction = value if type(value) is Fraction else Fraction(value)
    num, den = fraction.numerator, fraction.denominator
    if den == 1:
        return Decimal(num)
    if ends(fraction):
        digits = max(_power(den, 2), _power(den, 5))
        return Context(prec=len(str(abs(num))) + digits + 2).divide(Decimal(num), Decimal(den)).normalize()
    return _ROUNDED.divide(Decimal(num), Decimal(den))


def _power(n: int, prime: int) -> int:
    count = 0
    while n % prime == 0:
        n //= prime
        count += 1
    return count


def exact_text(value: Any) -> Any:
    """A figure for JSON: numbers as exact decimal strings, dates as ISO text, the rest as is."""
    if type(value) is Decimal:
        return plain(value)
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, Decimal, Fraction)):
        return plain(as_decimal(value))
    if isinstance(value, (list, tuple)):
        return [exact_text(v) for v in value]
    return str(value)
