"""A universe's cells in their plain spellings are read directly, and exactly as the general
readers read them: the same value, and the same digits (0.10 stays 0.10, -0 is 0)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from hypothesis import given
from hypothesis import strategies as st

from etf_listing.loading.tables import CellError, decimal, money, signed_krw
from etf_listing.loading.universe import amount, figure, signed_money

DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=20)
CELLS = st.one_of(DIGITS, DIGITS.map(lambda d: "-" + d), st.tuples(DIGITS, DIGITS).map(lambda p: f"{p[0][:9]}.{p[1][:9]}"),
                  st.tuples(st.sampled_from(["", "-"]), DIGITS, DIGITS, st.sampled_from(["", "%"]))
                  .map(lambda p: f"{p[0]}{p[1][:10]}.{p[2][:10]}{p[3]}"),
                  st.sampled_from(["-0", "-000", "0", "007", "1,234", "-120억원", "12%", "-1.43%", "12.%", "", "-", "1e3", "١٢"]))


def _general_figure(value: str) -> Decimal:
    return decimal(value[:-1]) / 100 if value.endswith("%") else decimal(value)


def outcome(read: Callable[[Any], Decimal], value: str) -> tuple[str, Any]:
    try:
        return ("value", read(value).as_tuple())
    except CellError:
        return ("refused", None)


@given(CELLS)
def test_an_amount_is_read_as_money_reads_it(value: str) -> None:
    assert outcome(amount, value) == outcome(money, value)


@given(CELLS)
def test_a_signed_amount_is_read_as_the_signed_reader_reads_it(value: str) -> None:
    assert outcome(signed_money, value) == outcome(signed_krw, value)


@given(CELLS)
def test_a_figure_is_read_as_a_number_or_a_percentage(value: str) -> None:
    assert outcome(figure, value) == outcome(_general_figure, value)
