"""``records.made``: records of a frozen, slotted dataclass made a field at a time are the records
its constructor makes; a class it cannot make that way is refused. ``records.Rows``: the same
records kept as their columns read as the tuple of them, made once and only when read one by one."""

from __future__ import annotations

import copy
import dataclasses
import itertools
import pickle
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, strategies as st

from etf_listing.errors import Location
from etf_listing.model import Holding
from etf_listing import records
from etf_listing.loading import holdings
from etf_listing.loading.holdings import RowPositions
from etf_listing.records import Rows, chosen_rows, field_of_each, made, rows_at


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


# --- Rows: records kept as their columns ------------------------------------------------------------

HOLDING_ROWS = st.lists(st.tuples(st.sampled_from(["005930", "000660", "KRW", "FUT1"]), st.text(max_size=4),
                                  st.decimals(-10**6, 10**6, places=2), st.none() | st.integers(-10**15, 10**15),
                                  st.none() | st.booleans()), max_size=20)


def rows_of(rows: list[tuple[Any, ...]]) -> Rows[Holding]:
    """``rows`` as Rows of holdings, each at line 2 on (their positions made when read)."""
    columns = list(zip(*rows)) or [()] * 5
    return Rows(Holding, len(rows), {"code": list(columns[0]), "name": list(columns[1]), "quantity": list(columns[2]),
                                     "value_krw": list(columns[3]), "linked": list(columns[4]),
                                     "location": RowPositions("pdf.csv", 2, len(rows))})


def tuple_of(rows: list[tuple[Any, ...]]) -> tuple[Holding, ...]:
    return tuple(Holding(c, n, q, Location("pdf.csv", line), v, k) for line, (c, n, q, v, k) in enumerate(rows, 2))


@given(HOLDING_ROWS)
def test_rows_read_as_the_tuple_of_their_records(rows: list[tuple[Any, ...]]) -> None:
    expected = tuple_of(rows)
    held = rows_of(rows)
    assert held == expected and expected == held and held == rows_of(rows) and not held != expected
    assert held != list(expected) and held != expected + (expected[:1] or (None,))  # (a list is not a tuple)
    assert hash(held) == hash(expected) and repr(held) == repr(expected)
    assert len(held) == len(expected) and bool(held) is bool(expected)
    assert tuple(held) == expected and tuple(reversed(held)) == tuple(reversed(expected))
    assert held[1:3] == expected[1:3] and held[::-1] == expected[::-1]
    for i, record in enumerate(expected):
        assert held[i] == record and held[i - len(expected)] == record
        assert record in held and held.index(record) == expected.index(record)
        assert held.count(record) == expected.count(record)
    assert pickle.loads(pickle.dumps(held)) == expected and type(pickle.loads(pickle.dumps(held))) is tuple
    assert copy.deepcopy(held) == expected
    with pytest.raises(IndexError):
        held[len(expected)]
    for name in ("code", "name", "quantity", "location", "value_krw", "linked"):
        assert list(field_of_each(held, name)) == [getattr(h, name) for h in expected] == list(field_of_each(expected, name))


@given(HOLDING_ROWS, st.data())
def test_chosen_rows_are_the_same_records(rows: list[tuple[Any, ...]], data: st.DataObject) -> None:
    flags = data.draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
    again = data.draw(st.lists(st.booleans(), min_size=sum(flags), max_size=sum(flags)))
    expected = tuple(itertools.compress(tuple_of(rows), flags))
    for home_first in (True, False):  # whichever is read one by one first, they are the same records
        held = rows_of(rows)
        if home_first:
            tuple(held)
        part = chosen_rows(held, flags)
        assert part is not None and len(part) == len(expected) and part == expected
        assert [id(h) for h in part] == [id(h) for h in itertools.compress(held, flags)]
        assert part.column("code") == [h.code for h in expected]
        twice = chosen_rows(part, again)
        assert twice == tuple(itertools.compress(expected, again))
        assert [id(h) for h in twice] == [id(h) for h in itertools.compress(part, again)]
    assert chosen_rows(tuple_of(rows), flags) is None  # (a tuple is chosen from as a part of it)


def test_a_row_read_by_itself_is_made_by_itself_and_stays_the_same_record(monkeypatch: pytest.MonkeyPatch) -> None:
    counts: list[tuple[type, int]] = []

    def counted(cls: type, count: int, **columns: Any) -> list[Any]:
        counts.append((cls, count))
        return made(cls, count, **columns)

    monkeypatch.setattr(records, "made", counted)
    monkeypatch.setattr(holdings, "made", counted)
    held = rows_of([("005930", "a", Decimal(1), None, None), ("KRW", "b", Decimal(-5), 10, True), ("000660", "c", Decimal(2), None, None)])
    assert held.column("code") == ["005930", "KRW", "000660"] and len(held) == 3 and not counts  # columns: nothing made
    second = held[1]
    assert counts == [(Holding, 1)] and held[1] is second and held[-2] is second
    assert second == Holding("KRW", "b", Decimal(-5), Location("pdf.csv", 3), 10, True)
    part = rows_at(held, [2, 1])
    assert part[1] is second and counts == [(Holding, 1)]  # (taken from the rows it is part of)
    assert part.column("quantity") == [Decimal(2), Decimal(-5)] and counts == [(Holding, 1)]
    everything = tuple(held)
    assert everything[1] is second and counts == [(Holding, 1), (Location, 3), (Holding, 3)]
    assert tuple(part) == (everything[2], second) and part[0] is everything[2] and held[0] is everything[0]
    assert held.column("location") == [Location("pdf.csv", line) for line in (2, 3, 4)]
    with pytest.raises(IndexError):
        rows_of([])[0]
    assert rows_at(tuple_of([]), []) == [] and rows_at(everything, [1]) == [second]


@given(HOLDING_ROWS.filter(bool), st.data())
def test_rows_at_places_are_the_same_records_whichever_is_made_first(rows: list[tuple[Any, ...]], data: st.DataObject) -> None:
    places = data.draw(st.lists(st.integers(0, len(rows) - 1), unique=True))  # (in any order)
    again = data.draw(st.lists(st.integers(0, len(places) - 1), unique=True)) if places else []
    order = data.draw(st.permutations(["home", "part", "one", "locations"]))
    expected = tuple_of(rows)
    held = rows_of(rows)
    part = rows_at(held, places)
    twice = rows_at(part, again)
    for step in order:  # (rows made one at a time, a few of many, all at once, positions read whole)
        if step == "home":
            tuple(held)
        elif step == "part":
            tuple(twice)
        elif step == "one":
            held[len(rows) // 2]
        else:
            assert held.column("location") == [h.location for h in expected]
    assert tuple(held) == expected and tuple(part) == tuple(expected[i] for i in places)
    assert [id(h) for h in part] == [id(held[i]) for i in places]
    assert [id(h) for h in twice] == [id(part[i]) for i in again] == [id(held[places[i]]) for i in again]
    with pytest.raises(IndexError):
        held.at([-1])
    with pytest.raises(IndexError):
        held.at([len(rows)])


def test_rows_are_given_every_field_with_as_many_values_as_rows() -> None:
    with pytest.raises(TypeError, match="every field"):
        Rows(Location, 1, {"file": ["a"], "line": [1]})
    with pytest.raises(ValueError, match="1 values, not 2"):
        Rows(Location, 2, {"file": ["a", "b"], "line": [1, 2], "column": [1]})
    with pytest.raises(TypeError, match="frozen, slotted"):
        Rows(dict, 0, {})
    assert Rows(Location, 0, {"file": [], "line": [], "column": []}) == () and not Rows(Location, 0, {"file": [], "line": [], "column": []})


@given(st.integers(0, 6), st.integers(1, 9))
def test_row_positions_are_the_lines_they_stand_for(count: int, first: int) -> None:
    positions = RowPositions("pdf.csv", first, count)
    expected = [Location("pdf.csv", line) for line in range(first, first + count)]
    assert len(positions) == count and list(positions) == expected and positions[1:] == expected[1:]
    assert [positions[i] for i in range(-count, count)] == expected * 2
    for at in (count, -count - 1):
        with pytest.raises(IndexError):
            positions[at]
