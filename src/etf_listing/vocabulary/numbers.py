"""Exact numbers for rules: Decimal, and ratios of Decimals that are never divided out.

A market-cap weight is a mean (a sum over a count of days) divided by a total of means: a rational
number that a Decimal division would round. Rules decide on it at a threshold, so every decision
here is exact: a ``Ratio`` keeps its numerator and denominator, comparisons cross-multiply, and the
arithmetic runs in a Decimal context that traps ``Inexact``, so lost precision is an error, never a
silently wrong verdict. Division happens only to show a ratio to a person (``Ratio.decimal``).

Ratios over one collection share a denominator (every share of a total has the total below it), so
the common cases (summing shares, cumulating them) add numerators only.
"""

from __future__ import annotations

import math
from itertools import repeat
from operator import attrgetter, is_
from decimal import Context, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow, getcontext, localcontext
from typing import Any, Callable, Sequence, Union

from .known import Known, kinds_of

# Enough digits for sums of 10^18 amounts over 10^6 rows times counts of days, with room to spare.
EXACT = Context(prec=120, traps=[Inexact, InvalidOperation, DivisionByZero, Overflow])
# Showing a ratio to a person: 28 significant digits, rounded.
SHOWN = Context(prec=28)

Number = Union[int, Decimal, "Ratio"]


class Ratio:
    """``num / den`` with ``den > 0``, both Decimals, kept apart."""

    __slots__ = ("num", "den")

    def __init__(self, num: Decimal, den: Decimal):
        if den < 0:
            num, den = -num, -den
        self.num = num
        self.den = den

    @staticmethod
    def of(numerator: Number, denominator: Number) -> "Ratio":
        """numerator / denominator; ZeroDivisionError when the denominator is zero."""
        if type(numerator) is Decimal and type(denominator) is Decimal:  # a given mean over a total
            if denominator == 0:
                raise ZeroDivisionError("the denominator is zero")
            return Ratio(numerator, denominator)
        a, b = as_ratio(numerator), as_ratio(denominator)
        if b.num == 0:
            raise ZeroDivisionError("the denominator is zero")
        den_a, den_b = a.den, b.den
        if den_a == den_b:
            return Ratio(a.num, b.num)
        if _integral(den_a) and _integral(den_b) and int(den_b) % int(den_a) == 0:
            # (x / c) / (T / L) with c | L: x * (L / c) / T keeps T as the shared denominator
            return Ratio(a.num * (int(den_b) // int(den_a)), b.num)
        return Ratio(a.num * den_b, den_a * b.num)

    def decimal(self) -> Decimal:
        """The ratio's value, rounded to 28 significant digits when it does not end (1/3)."""
        with localcontext(SHOWN):
            return (self.num / self.den).normalize() if self.den != 1 else self.num

    def __add__(self, other: Number) -> "Ratio":
        o = as_ratio(other)
        if o.den == self.den:
            return Ratio(self.num + o.num, self.den)
        if _integral(self.den) and _integral(o.den):
            common = math.lcm(int(self.den), int(o.den))
            return Ratio(self.num * (common // int(self.den)) + o.num * (common // int(o.den)), Decimal(common))
        return Ratio(self.num * o.den + o.num * self.den, self.den * o.den)

    __radd__ = __add__

    def __neg__(self) -> "Ratio":
        return Ratio(-self.num, self.den)

    def __sub__(self, other: Number) -> "Ratio":
        return self + -as_ratio(other)

    def __rsub__(self, other: Number) -> "Ratio":
        return as_ratio(other) + -self

    def __mul__(self, other: Number) -> "Ratio":
        o = as_ratio(other)
        return Ratio(self.num * o.num, self.den * o.den)

    __rmul__ = __mul__

    def _cmp(self, other: object) -> int:
        if isinstance(other, Ratio):
            left, right = self.num * other.den, other.num * self.den
        elif isinstance(other, (int, Decimal)) and not isinstance(other, bool):
            left, right = self.num, other * self.den  # a threshold: no Ratio built for it
        else:
            return NotImplemented
        return (left > right) - (left < right)

    def __eq__(self, other: object) -> bool:
        c = self._cmp(other)
        if c is NotImplemented:
            return NotImplemented
        return c == 0

    def __lt__(self, other: Number) -> bool:
        return self._cmp(other) < 0

    def __le__(self, other: Number) -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other: Number) -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other: Number) -> bool:
        return self._cmp(other) >= 0

    def __hash__(self) -> int:
        return hash(self.decimal())

    def __repr__(self) -> str:
        return f"Ratio({self.num}, {self.den})"


def add_all(values: list[Number]) -> Number:
    """The exact sum. Shares of one total have one denominator: their numerators are added
    directly, rather than a Ratio built for each partial sum."""
    den = common_denominator(values)
    if den is not None:
        return Ratio(sum(numerators(values), Decimal(0)), den)
    if kinds_of(values) <= _WHOLE_OR_DECIMAL:  # added in C, in the same order
        if type(values) is Known and _exact():  # (a column never changed: its sum once, exact)
            found = getattr(values, "total", None)
            if found is None:
                found = values.total = sum(values, Decimal(0))
            return found  # type: ignore[no-any-return]
        return sum(values, Decimal(0))  # type: ignore[arg-type]
    result: Number = Decimal(0)
    for value in values:
        result = result + value
    return result


def _exact() -> bool:
    """Whether sums are taken in exact arithmetic here (as evaluation takes them: ``EXACT``), so a
    column's sum can be kept for the next that asks for it."""
    context = getcontext()
    return context.prec >= EXACT.prec and bool(context.traps[Inexact])


def extreme(values: list[Number], pick: Callable[..., Number]) -> Number:
    """``max`` or ``min`` of the values, exactly. Shares of one total (an index's weights) have one
    denominator: they are picked by their numerators, without a Ratio comparison per value."""
    if common_denominator(values) is not None:
        parts = numerators(values)
        return share_at(values, pick(range(len(parts)), key=parts.__getitem__))  # type: ignore[arg-type]
    return pick(values)


_numerator = attrgetter("num")
_WHOLE_OR_DECIMAL = frozenset([int, Decimal])
_denominator = attrgetter("den")


class Deferred(list):  # type: ignore[type-arg]
    """A column whose values are made only when it is read as a list (``made``): what reads it as
    a whole reads what the subclass keeps instead. Every way of reading the list (or, by mistake,
    changing it) makes the values first; ``len`` and truth are the subclass's own, without them."""

    __slots__ = ("_pending",)

    def made(self) -> "Deferred":
        raise NotImplementedError


def _reading(name: str) -> Any:
    method = getattr(list, name)

    def read(self: Deferred, *args: Any) -> Any:
        return method(self.made(), *args)

    read.__name__ = name
    return read


for _name in ("__iter__", "__getitem__", "__contains__", "__reversed__", "__eq__", "__ne__", "__lt__", "__le__",
              "__gt__", "__ge__", "__add__", "__mul__", "__rmul__", "__iadd__", "__imul__", "__setitem__",
              "__delitem__", "__repr__", "count", "index", "copy", "append", "extend", "insert",
              "pop", "remove", "clear", "sort", "reverse"):
    setattr(Deferred, _name, _reading(_name))


def _radd(self: Deferred, other: Any) -> Any:
    return other + list(self.made())


Deferred.__radd__ = _radd  # type: ignore[attr-defined]
Deferred.__hash__ = None  # type: ignore[assignment]


class Shares(Deferred):
    """A column of Ratios all over one total (``den``), as ``share`` makes them: what they have in
    common is known without looking at each. Never changed once made.

    Made ``over`` their numerators (``parts``), the Ratios themselves are made only when the
    column is read as a list of values; what reads it as a whole (a comparison with a bound, the
    largest, a sum, a part of it, the figures of a report) reads ``parts`` and ``den``, so the
    weights of an index's 1,000 issues are not 1,000 Ratios unless something asks for them."""

    __slots__ = ("den", "parts")

    def __init__(self, values: list[Ratio], den: Decimal):
        super().__init__(values)
        self.den = den
        self.parts: list[Any] = list(map(_numerator, values))
        self._pending = False

    @staticmethod
    def over(parts: list[Any], den: Decimal) -> "Shares":
        """``Ratio(part, den)`` for each part, over a positive ``den``, each made when first read."""
        assert den > 0
        shares = Shares([], den)
        shares.parts = parts
        shares._pending = True
        return shares

    def made(self) -> "Shares":
        """The column with its Ratios in it (made at the first read as a list)."""
        if self._pending:
            self._pending = False
            den = self.den
            append, new = list.append, object.__new__  # the list's own append: not the reading above
            for part in self.parts:
                ratio = new(Ratio)
                ratio.num = part
                ratio.den = den
                append(self, ratio)
        return self

    def at(self, i: int) -> Ratio:
        """The i-th share, without making the others."""
        return Ratio(self.parts[i], self.den) if self._pending else list.__getitem__(self, i)  # type: ignore[no-any-return]

    def take(self, places: list[int]) -> "Shares":
        """The shares at these places, as a column over the same total."""
        return Shares.over(list(map(self.parts.__getitem__, places)), self.den)

    def __len__(self) -> int:
        return len(self.parts)

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __reduce_ex__(self, protocol: Any) -> Any:  # (pickled and copied as the Ratios it stands for)
        return Shares, (list(self.made()), self.den)


def numerators(values: Sequence[Any]) -> list[Any]:
    """The numerators of a column of Ratios (of Shares, without making them)."""
    if type(values) is Shares:
        return values.parts
    return list(map(_numerator, values))


def order_keys(values: Sequence[Any]) -> Sequence[Any]:
    """Keys that order ``values`` (numbers) as they order themselves, compared in C where they can
    be: shares of one positive total by their numerators, rather than a Ratio comparison (two
    products in Python) for every pair a sort compares."""
    den = common_denominator(values)
    if den is not None and den > 0:
        return numerators(values)
    return values


def share_at(values: Sequence[Any], i: int) -> Any:
    """values[i]; of Shares, without making the others."""
    return values.at(i) if type(values) is Shares else values[i]


def taken(values: Sequence[Any], places: list[int]) -> list[Any]:
    """The values at these places; of Shares, a column over the same total."""
    if type(values) is Shares:
        return values.take(places)
    return list(map(values.__getitem__, places))


def common_denominator(values: Sequence[object]) -> Decimal | None:
    """The denominator of every value, when they are all Ratios over one total (the shares of an
    index's market cap); else None. Shares made over one total hold the very same Decimal, so
    it is first tried by identity, in one pass in C."""
    if type(values) is Shares:
        return values.den if values else None
    if not values or type(values[0]) is not Ratio:
        return None
    if set(map(type, values)) != {Ratio}:
        return None
    den = values[0].den  # type: ignore[attr-defined]
    dens = list(map(_denominator, values))
    if all(map(is_, dens, repeat(den))) or all(d == den for d in dens):
        return den  # type: ignore[no-any-return]
    return None


def _integral(d: Decimal) -> bool:
    return d == d.to_integral_value() and d < 10**30


def as_ratio(value: Number) -> Ratio:
    if isinstance(value, Ratio):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    return Ratio(Decimal(value), Decimal(1))


def is_number(value: object) -> bool:
    return isinstance(value, (int, Decimal, Ratio)) and not isinstance(value, bool)


def exact(value: Number) -> Decimal:
    """A number as a Decimal for reports: exact where it can be, else 28 significant digits."""
    if isinstance(value, Ratio):
        return value.decimal()
    return Decimal(value)


def plain(value: Decimal) -> str:
    """A Decimal as text without exponent (7E+9 -> 7000000000, 0.30 stays 0.30)."""
    text = format(value, "f")
    return "0" if text in ("-0", "-0.0") else text
