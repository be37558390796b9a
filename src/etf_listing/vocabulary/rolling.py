"""Rolling statistics over a window of calendar months: Pearson's correlation, computed incrementally.

A ``RollingWindow`` holds pairs ``(x_d, y_d)`` on days ``d`` (exact ratios) and answers, for each
evaluation day ``t`` in ascending order, a statistic over the pairs with ``d`` after the same day
``months`` earlier and on or before ``t``. Like pandas' ``Series.rolling(...).corr(...)``, the
window is an object and the statistic a method; each pair enters and leaves the window once, so a
history of N days costs O(N), never O(N x window).

Exactness. The running sums are integers: each value is held as a fixed-point integer
``floor(v * 2**96)`` (a quantisation of at most 2**-96, about 1.3e-29), and integer sums are exact,
so adding and removing pairs never drifts. The coefficient is then formed in floating point from
those exact sums (an error of a few units in 1e-16). A ``Correlation`` carries that figure with a
bound on its error; a comparison with a threshold (``>=``, ``<`` ...) whose answer the bound leaves
in doubt is decided again exactly, from the window's pairs as fractions: r >= c is decided as
cov >= 0 and cov**2 >= c**2 * var_x * var_y (with the signs handled), in rational arithmetic. A
correlation exactly at 0.9 therefore passes ``>= 0.9``. The figure shown is the exact value rounded
down to ``SHOWN_PLACES`` decimal places (decided exactly near a rounding boundary), so that the
figure shown and the verdict never disagree for a threshold of at most that many places.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable, Sequence

from .calendar import window_start
from .numbers import Ratio

SCALE_BITS = 96
SHOWN_PLACES = 8
_FLOAT_ERROR = 1e-14  # the floating-point part: far above the few 1e-16 it can reach


def as_fraction(value: Any) -> Fraction:
    if isinstance(value, Ratio):
        return Fraction(value.num) / Fraction(value.den)
    if isinstance(value, Correlation):
        raise TypeError("a correlation is not a rational number")
    return Fraction(value)


def _fixed(value: Any) -> int:
    """floor(value * 2**SCALE_BITS), exactly."""
    if isinstance(value, Ratio):
        n1, d1 = value.num.as_integer_ratio()
        n2, d2 = value.den.as_integer_ratio()
        return ((n1 * d2) << SCALE_BITS) // (d1 * n2)
    f = Fraction(value)
    return (f.numerator << SCALE_BITS) // f.denominator


class NoFigure:
    """A day on which the statistic has no value, and why (in English and Korean)."""

    __slots__ = ("message", "ko", "steady")

    def __init__(self, message: str, ko: str, steady: bool = False):
        self.message = message
        self.ko = ko
        self.steady = steady  # a series that does not vary (not too few observations)

    def __repr__(self) -> str:
        return f"NoFigure({self.message!r})"


class Correlation(Decimal):
    """A correlation coefficient: as a Decimal, its exact value rounded down to ``SHOWN_PLACES``
    places (for reports); compared with a number, decided exactly (see the module's doc)."""

    approximate: float
    error: float
    _exact: Callable[[], tuple[int, Fraction]]

    def __new__(cls, approximate: float, error: float, exact: Callable[[], tuple[int, Fraction]]) -> "Correlation":
        shown = _floor_shown(approximate, error, exact)
        self = super().__new__(cls, shown)
        self.approximate, self.error, self._exact = approximate, error, exact
        return self

    def exact_sign_and_square(self) -> tuple[int, Fraction]:
        """(sign of r, r**2) exactly."""
        return self._exact()

    def compared(self, other: Any) -> int:
        """-1, 0 or 1 as the correlation is below, at or above ``other`` (a number), exactly."""
        target = as_fraction(other)
        gap = self.approximate - float(target)
        if abs(gap) > self.error + 1e-15 * max(1.0, abs(float(target))):
            return 1 if gap > 0 else -1
        return _exact_compare(self._exact(), target)

    def __ge__(self, other: Any) -> bool:  # type: ignore[override]
        return self.compared(other) >= 0

    def __gt__(self, other: Any) -> bool:  # type: ignore[override]
        return self.compared(other) > 0

    def __le__(self, other: Any) -> bool:  # type: ignore[override]
        return self.compared(other) <= 0

    def __lt__(self, other: Any) -> bool:  # type: ignore[override]
        return self.compared(other) < 0

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Correlation):
            return _canonical(self._exact()) == _canonical(other._exact())
        if isinstance(other, (int, Decimal, Ratio, Fraction)) and not isinstance(other, bool):
            return self.compared(other) == 0
        return NotImplemented

    __hash__ = Decimal.__hash__

    def __reduce__(self) -> Any:
        return (Decimal, (str(self),))


def _canonical(exact: tuple[int, Fraction]) -> tuple[int, Fraction]:
    sign, square = exact
    return (0, Fraction(0)) if square == 0 else (sign, square)


def _exact_compare(exact: tuple[int, Fraction], target: Fraction) -> int:
    sign, square = exact
    if square == 0:
        sign = 0
    target_sign = (target > 0) - (target < 0)
    if sign != target_sign:
        return 1 if sign > target_sign else -1
    if sign == 0:
        return 0
    against = (square > target * target) - (square < target * target)
    return against if sign > 0 else -against


def _floor_shown(approximate: float, error: float, exact: Callable[[], tuple[int, Fraction]]) -> Decimal:
    scale = 10 ** SHOWN_PLACES
    k = math.floor(approximate * scale)
    position = approximate * scale - k
    margin = (error + 1e-15) * scale
    if position < margin or position > 1 - margin:  # near a boundary of the shown grid: decide it exactly
        value = exact()
        while _exact_compare(value, Fraction(k, scale)) < 0:
            k -= 1
        while _exact_compare(value, Fraction(k + 1, scale)) >= 0:
            k += 1
    return Decimal(k).scaleb(-SHOWN_PLACES)


class RollingWindow:
    """Pairs on days, in date order, and a window of ``months`` calendar months over them."""

    def __init__(self, days: Sequence[dt.date], xs: Sequence[Any], ys: Sequence[Any], months: int,
                 names: tuple[str | None, str | None] = (None, None)):
        if not (len(days) == len(xs) == len(ys)):
            raise ValueError("days, xs and ys differ in length")
        if any(a >= b for a, b in zip(days, days[1:])):
            raise ValueError("the days of a rolling window are strictly increasing")
        self.days = list(days)
        self.xs, self.ys = list(xs), list(ys)
        self.months = months
        self.names = names  # what the two series are called (their definitions), for a reason that names them
        self._fx = [_fixed(x) for x in self.xs]
        self._fy = [_fixed(y) for y in self.ys]

    def correlation(self, on_days: Sequence[dt.date], min_observations: int) -> list[Correlation | NoFigure]:
        """Pearson's coefficient on each of ``on_days`` (ascending) over the window ending that
        day; ``NoFigure`` with the reason where there are fewer than ``min_observations`` pairs
        or either series does not vary."""
        out: list[Correlation | NoFigure] = []
        fx, fy, days = self._fx, self._fy, self.days
        lo = hi = 0
        n = sx = sy = sxx = syy = sxy = 0
        max_abs = 0
        for t in on_days:
            start = window_start(t, self.months)
            while hi < len(days) and days[hi] <= t:
                x, y = fx[hi], fy[hi]
                n += 1
                sx += x
                sy += y
                sxx += x * x
                syy += y * y
                sxy += x * y
                hi += 1
            while lo < hi and days[lo] <= start:
                x, y = fx[lo], fy[lo]
                n -= 1
                sx -= x
                sy -= y
                sxx -= x * x
                syy -= y * y
                sxy -= x * y
                lo += 1
            if n < min_observations:
                out.append(NoFigure(f"{n} daily changes in the {self.months} months to {t}; at least {min_observations} are needed",
                                    f"{t}까지 {self.months}개월 동안의 일별 변화가 {n}개입니다. 최소 {min_observations}개가 필요합니다"))
                continue
            vx = n * sxx - sx * sx
            vy = n * syy - sy * sy
            cov = n * sxy - sx * sy
            exact = self._exact_of(lo, hi)
            sd_min = min(math.sqrt(vx), math.sqrt(vy)) / n / 2.0 ** SCALE_BITS if vx > 0 and vy > 0 else 0.0
            # quantisation of each value by 2**-96 moves r by at most about 4 * 2**-96 / sd
            error = _FLOAT_ERROR + 8 * 2.0 ** -SCALE_BITS / sd_min if sd_min else 1.0
            if error < 1e-9:
                approximate = max(-1.0, min(1.0, cov / math.sqrt(vx) / math.sqrt(vy)))
            else:  # values that (nearly) do not vary: the exact figure, and whether there is one
                sign, square = exact()
                if square is _NO_VARIANCE:
                    out.append(_no_variance(sign, t, self.months, self.names))
                    continue
                approximate, error = sign * math.sqrt(float(square)), _FLOAT_ERROR
            out.append(Correlation(approximate, error, exact))
        return out

    def _exact_of(self, lo: int, hi: int) -> Callable[[], tuple[int, Fraction]]:
        """The window's (sign, r**2) in exact rational arithmetic, computed only when asked."""
        cache: list[tuple[int, Fraction]] = []

        def exact() -> tuple[int, Fraction]:
            if cache:
                return cache[0]
            xs = [as_fraction(x) for x in self.xs[lo:hi]]
            ys = [as_fraction(y) for y in self.ys[lo:hi]]
            n = len(xs)
            sx, sy = sum(xs, Fraction(0)), sum(ys, Fraction(0))
            vx = n * sum((x * x for x in xs), Fraction(0)) - sx * sx
            vy = n * sum((y * y for y in ys), Fraction(0)) - sy * sy
            cov = n * sum((x * y for x, y in zip(xs, ys)), Fraction(0)) - sx * sy
            if vx == 0 or vy == 0:
                result = ((1 if vx == 0 else 0) + (2 if vy == 0 else 0), _NO_VARIANCE)
            else:
                result = ((cov > 0) - (cov < 0), cov * cov / (vx * vy))
            cache.append(result)
            return result

        return exact


_NO_VARIANCE: Any = Fraction(-1)  # a marker: no coefficient (never a real r**2)


def _no_variance(which: int, day: dt.date, months: int, called: tuple[str | None, str | None] = (None, None)) -> NoFigure:
    first, second = called
    names = {1: (first or "the first series", first or "첫째 계열"), 2: (second or "the second series", second or "둘째 계열"),
             3: ("neither series", "두 계열 모두")}
    en, ko = names[which]
    if which == 3:
        return NoFigure(f"neither series varies in the {months} months to {day}: no correlation can be taken",
                        f"{day}까지 {months}개월 동안 두 계열 모두 변하지 않아 상관계수를 구할 수 없습니다", steady=True)
    return NoFigure(f"{en} does not vary in the {months} months to {day}: no correlation can be taken",
                    f"{day}까지 {months}개월 동안 {ko}이(가) 변하지 않아 상관계수를 구할 수 없습니다", steady=True)
