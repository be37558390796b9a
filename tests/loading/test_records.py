"""``records.made``: records of a frozen, slotted dataclass made a field at a time are the records
its constructor makes; a class it cannot make that way is refused."""

from __future__ import annotations

import dataclasses
import itertools
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from etf_listing.errors import Location
from etf_listing.model import Holding
from etf_listing.records import made


@given(st.lists(st.tuples(st.text(max_size=8), st.text(max_size=8), st.decimals(allow_nan=False, allow_infinity=False),
                          st.integers(1, 10**6), st.none() | st.integers(-10**15, 10**15), st.none() | st.booleans()),
                max_size=30))
def test_made_is_what_the_constructor_makes(rows: list) -> None:
    count = len(rows)
    columns = list(zip(*rows)) or [()] * 6
    locations = made(Location, count, file=itertools.repeat("pdf.csv"), line=columns[3], column=itertools.repeat(1))
    assert locations == [Location("pdf.csv", line) for line in columns[3]]
    holdings = made(Holding, count, code=columns[0], name=columns[1], quantity=columns[2], location=locations,
                    value_krw=columns[4], linked=columns[5])
    expected = [Holding(c, n, q, Location("pdf.csv", line), v, k) for c, n, q, line, v, k in rows]
    assert holdings == expected
    assert list(map(hash, holdings)) == list(map(hash, expected)) and list(map(repr, holdings)) == list(map(repr, expected))
    for record in holdings:
        with pytest.raises(dataclasses.FrozenInstanceError):
            record.code = "x"  # type: ignore[misc]


def test_every_field_is_given_for_every_record() -> None:
    with pytest.raises(TypeError, match="every field"):
        made(Location, 1, file=["a"], line=[1])
    with pytest.raises(ValueError, match="fewer than 2"):
        made(Location, 2, file=["a", "b"], line=[1], column=[1, 1])


def test_a_class_made_otherwise_is_refused() -> None:
    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            if self.a < 0:
                raise ValueError(self.a)

    @dataclasses.dataclass(slots=True)
    class Mutable:
        a: int

    @dataclasses.dataclass(frozen=True, slots=True, init=False)
    class OwnInit:
        a: int

        def __init__(self, a: int) -> None:
            object.__setattr__(self, "a", abs(a))

    @dataclasses.dataclass(frozen=True, slots=True)
    class Derived:
        a: int
        b: int = dataclasses.field(init=False, default=0)

    for cls in (Unslotted, Checked, Mutable, OwnInit, Derived):
        with pytest.raises(TypeError, match="frozen, slotted"):
            made(cls, 1, a=[1], **({"b": [0]} if cls is Derived else {}))
    assert made(Location, 0, file=[], line=[], column=[]) == []
    assert Decimal(1) == made(Holding, 1, code=["a"], name=["b"], quantity=[Decimal(1)], location=[Location("f")],
                              value_krw=[None], linked=[None])[0].quantity
