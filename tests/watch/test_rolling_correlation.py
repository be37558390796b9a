"""The rolling correlation: exact at its threshold, incremental, and equal to the textbook figure."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from etf_listing.vocabulary.numbers import Ratio
from etf_listing.vocabulary.rolling import Correlation, NoFigure, RollingWindow
from etf_listing.vocabulary.series import DaySeries, daily_changes

from .builders import weekdays

# Pairs whose correlation is exactly 0.9: x alternates +-0.09; y = x + e, where e is a sum of three
# patterns of period 8 orthogonal to x and to each other, with weights 0.03, 0.03, 0.01, so that
# var(e) / var(x) = 19/81 and r = sqrt(81/100).
X_PATTERN = [Decimal("0.09"), Decimal("-0.09")] * 4
F1 = [1, 1, -1, -1, 1, 1, -1, -1]
F2 = [1, 1, 1, 1, -1, -1, -1, -1]
F3 = [1, 1, -1, -1, -1, -1, 1, 1]


def exactly_point_nine(periods: int = 3, w3: Decimal = Decimal("0.01")) -> tuple[list[Decimal], list[Decimal]]:
    xs = X_PATTERN * periods
    e = [Decimal("0.03") * a + Decimal("0.03") * b + w3 * c for a, b, c in zip(F1, F2, F3)] * periods
    return xs, [x + d for x, d in zip(xs, e)]


def test_a_correlation_exactly_at_the_threshold_is_exactly_there() -> None:
    xs, ys = exactly_point_nine()
    days = weekdays(dt.date(2026, 3, 2), len(xs))
    [r] = RollingWindow(days, xs, ys, 3).correlation([days[-1]], 20)
    assert isinstance(r, Correlation)
    assert r >= Decimal("0.9") and r <= Decimal("0.9") and r == Decimal("0.9")
    assert not r > Decimal("0.9") and not r < Decimal("0.9")
    assert str(r) == "0.90000000"
    assert r.exact_sign_and_square() == (1, Fraction(81, 100))


def test_a_hair_below_the_threshold_is_below_it() -> None:
    xs, ys = exactly_point_nine(w3=Decimal("0.0100000001"))
    days = weekdays(dt.date(2026, 3, 2), len(xs))
    [r] = RollingWindow(days, xs, ys, 3).correlation([days[-1]], 20)
    assert r < Decimal("0.9") and not r >= Decimal("0.9")
    assert str(r) == "0.89999999"  # rounded down: the figure shown never reads as passing


def test_the_twentieth_observation_gives_the_first_figure() -> None:
    xs, ys = exactly_point_nine()
    days = weekdays(dt.date(2026, 3, 2), 20)
    out = RollingWindow(days, xs[:20], ys[:20], 3).correlation(days, 20)
    assert all(isinstance(o, NoFigure) for o in out[:19])
    assert "19 daily changes" in out[18].message and "at least 20" in out[18].message
    assert isinstance(out[19], Correlation)


def test_a_series_that_does_not_vary_has_no_figure_and_says_which() -> None:
    days = weekdays(dt.date(2026, 3, 2), 25)
    [out] = RollingWindow(days, [Decimal("0.01")] * 25, [Decimal(i) / 100 for i in range(25)], 3).correlation([days[-1]], 20)
    assert isinstance(out, NoFigure) and "first series does not vary" in out.message


def test_the_window_starts_after_the_same_day_months_earlier() -> None:
    # Pairs on 2026-02-28 and every later weekday; on 2026-05-28 the window is (2026-02-28, 2026-05-28].
    days = weekdays(dt.date(2026, 1, 1), 120)
    xs = [Decimal(i % 7) / 100 for i in range(120)]
    ys = [Decimal((i * 3) % 5) / 100 for i in range(120)]
    window = RollingWindow(days, xs, ys, 3)
    t = dt.date(2026, 5, 28)
    [r] = window.correlation([t], 2)
    inside = [i for i, d in enumerate(days) if dt.date(2026, 2, 28) < d <= t]
    expected = statistics.correlation([float(xs[i]) for i in inside], [float(ys[i]) for i in inside])
    assert abs(r.approximate - expected) < 1e-12  # type: ignore[union-attr]


def test_daily_changes_skip_days_missing_from_either_series() -> None:
    d = [dt.date(2026, 3, day) for day in (2, 3, 4, 5, 6)]
    nav = DaySeries(tuple(d[:3] + d[4:]), (Decimal(100), Decimal(101), Decimal(102), Decimal(104)))  # no 5 March
    level = DaySeries(tuple(d[:1] + d[2:]), (Decimal(10), Decimal(11), Decimal(12), Decimal(13)))  # no 3 March
    changes = daily_changes(nav, level)
    # 3 March is missing from the index and 5 March from the NAV: only 6 March has both days
    # on both series ... and its previous day (5 March) lacks the NAV, so no change is formed at all.
    assert changes.days == ()
    level_full = DaySeries(tuple(d), tuple(Decimal(10 + i) for i in range(5)))
    changes = daily_changes(nav, level_full)
    assert changes.days == (d[1], d[2])
    assert changes.values[0] == Ratio(Decimal(1), Decimal(100))


pair_values = st.lists(st.tuples(st.integers(-500, 500), st.integers(-500, 500)), min_size=25, max_size=60)


def _window(pairs: list[tuple[int, int]]) -> tuple[list[dt.date], list[Decimal], list[Decimal]]:
    days = weekdays(dt.date(2026, 3, 2), len(pairs))
    return days, [Decimal(a) / 10000 for a, _ in pairs], [Decimal(b) / 10000 for _, b in pairs]


def _last(days: list[dt.date], xs: list[Decimal], ys: list[Decimal]) -> Correlation | NoFigure:
    return RollingWindow(days, xs, ys, 3).correlation([days[-1]], 20)[0]


@settings(max_examples=60, deadline=None)
@given(pair_values, st.integers(1, 10**6), st.integers(1, 10**6))
def test_scaling_either_series_leaves_the_correlation_unchanged(pairs: list[tuple[int, int]], a: int, b: int) -> None:
    days, xs, ys = _window(pairs)
    plain, scaled = _last(days, xs, ys), _last(days, [x * a for x in xs], [y * b / 1000 for y in ys])
    if isinstance(plain, NoFigure):
        assert isinstance(scaled, NoFigure)
        return
    assert isinstance(scaled, Correlation)
    assert plain.exact_sign_and_square() == scaled.exact_sign_and_square()
    assert str(plain) == str(scaled)


@settings(max_examples=60, deadline=None)
@given(pair_values, st.randoms(use_true_random=False))
def test_the_order_rows_are_given_in_leaves_the_correlation_unchanged(pairs: list[tuple[int, int]], rng: object) -> None:
    days, xs, ys = _window(pairs)
    rows = list(zip(days, xs, ys))
    shuffled = rows[:]
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    again = sorted(shuffled)  # rows in any order are sorted by date when loaded (tests/watch/test_inputs.py)
    before, after = _last(days, xs, ys), _last(*map(list, zip(*again)))
    if isinstance(before, NoFigure):
        assert isinstance(after, NoFigure) and after.message == before.message
    else:
        assert before == after and str(before) == str(after)


@settings(max_examples=100, deadline=None)
@given(pair_values)
def test_the_correlation_equals_the_textbook_figure(pairs: list[tuple[int, int]]) -> None:
    days, xs, ys = _window(pairs)
    out = RollingWindow(days, xs, ys, 3).correlation(days, 20)
    for i, figure in enumerate(out):
        start = dt.date(days[i].year, days[i].month, days[i].day)
        inside = [j for j in range(i + 1) if days[j] > _months_before(start, 3)]
        fx, fy = [float(xs[j]) for j in inside], [float(ys[j]) for j in inside]
        if len(inside) < 20 or len(set(fx)) == 1 or len(set(fy)) == 1:
            assert isinstance(figure, NoFigure)
            continue
        assert isinstance(figure, Correlation)
        assert math.isclose(figure.approximate, _reference(fx, fy), abs_tol=1e-12)
        assert abs(float(figure) - _reference(fx, fy)) <= 1e-8  # the shown figure: rounded down to 8 places


def _months_before(day: dt.date, months: int) -> dt.date:
    from etf_listing.vocabulary.calendar import add_months

    return add_months(day, -months)


def _reference(xs: list[float], ys: list[float]) -> float:
    """Pearson's r, the straightforward way."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    return cov / math.sqrt(sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys))
