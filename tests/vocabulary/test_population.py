"""Rules evaluated for each member of a population (``vocabulary.population``), as an index
methodology's are: ranks among the members still in, three-valued ``all`` and ``any``, and the
trace of every comparison a member met. The members here are plain records, not companies: the
vocabulary knows no index's fields."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etf_listing.errors import InputError, Location
from etf_listing.loading.yaml_source import parse_yaml
from etf_listing.model import KRW
from etf_listing.rulebook import Parameter
from etf_listing.vocabulary import operations  # noqa: F401 - registers the operations
from etf_listing.vocabulary.compiler import Compiler, RulebookError
from etf_listing.vocabulary.population import Population, PopulationContext
from etf_listing.vocabulary.rankings import Placement
from etf_listing.vocabulary.runtime import Missing, Reason

DAY = dt.date(2024, 9, 23)


@dataclass(frozen=True)
class Member:
    name: str
    size: KRW | None
    group: str | None
    joined: dt.date | None
    location: Location = Location("members.csv", 2, 1)

    def identity(self) -> dict[str, str]:
        return {"name": self.name}


@dataclass(frozen=True)
class Review:
    as_of: dt.date


POPULATION = Population(Member, "member", {"review": Review})
A = Member("a", Decimal(500), "x", dt.date(2020, 1, 1))
B = Member("b", Decimal(300), "x", dt.date(2024, 1, 1))
C = Member("c", Decimal(300), "y", None)
D = Member("d", Decimal(100), "y", dt.date(2010, 1, 1))
E = Member("e", None, "y", dt.date(2010, 1, 1))
MEMBERS = (A, B, C, D, E)
PARAMETERS = {"line": Parameter("line", 2, "count", {"en": "."}, True), "half": Parameter("half", Decimal("0.5"), "ratio", {"en": "."}, True)}


def compiled(expression: str) -> Any:
    compiler = Compiler(PARAMETERS, {}, lambda where: Location("methodology.yaml", 1 + len(where), 1), population=POPULATION)
    expr = compiler.compile(parse_yaml(expression, "expression.yaml").data, Member, ())
    if compiler.problems:
        raise RulebookError(compiler.problems)
    return expr


def context(members: tuple[Member, ...] = MEMBERS) -> PopulationContext:
    return PopulationContext(members, {n: p.value for n, p in PARAMETERS.items()}, DAY, {"review": Review(DAY)})


def values(expression: str, members: tuple[Member, ...] = MEMBERS) -> dict[str, Any]:
    expr, ctx = compiled(expression), context(members)
    found: dict[str, Any] = {}
    for member in members:
        try:
            found[member.name] = expr.fn(ctx, member)
        except Missing as missing:
            found[member.name] = "missing: " + "; ".join(r.message for r in missing.reasons)
    return found


def test_a_rank_without_among_ranks_among_the_members_in_the_context_sharing_ranks() -> None:
    assert values("{rank: {get: member.size}}") == {"a": 1, "b": 2, "c": 2, "d": 4, "e": "missing: e: size is not given"}
    # the members still in: a member's removal never raises another's rank
    assert values("{rank: {get: member.size}}", (B, C, D)) == {"b": 1, "c": 1, "d": 3}


def test_a_rank_ratio_within_a_group_is_exact() -> None:
    ratios = values("{rank_ratio: {get: member.size}, within: {get: member.group}, order: ascending}", (A, B, C, D))
    assert {k: Fraction(v.num) / Fraction(v.den) for k, v in ratios.items()} == {
        "a": 1, "b": Fraction(1, 2), "c": 1, "d": Fraction(1, 2)}
    # exactly at the line: a ratio of 1/2 is at most 0.5
    assert values("{\"<=\": [{rank_ratio: {get: member.size}, within: {get: member.group}}, {param: half}]}", (A, B, C, D)) == {
        "a": True, "b": False, "c": True, "d": False}


def test_all_and_any_are_three_valued_over_a_population() -> None:
    missing_false = "{all: [{\">\": [{get: member.size}, 0]}, {\"==\": [{get: member.group}, x]}]}"
    assert values(missing_false, (E,)) == {"e": False}  # a false decides, whatever is missing
    missing_true = "{any: [{\">\": [{get: member.size}, 0]}, {\"==\": [{get: member.group}, y]}]}"
    assert values(missing_true, (E,)) == {"e": True}  # a true decides, whatever is missing
    undecided = "{all: [{\">\": [{get: member.size}, 0]}, {\"==\": [{get: member.group}, y]}]}"
    assert values(undecided, (E,)) == {"e": "missing: e: size is not given"}
    assert values("{any: [{\"<\": [{get: member.size}, 0]}, {\"==\": [{get: member.group}, x]}]}", (E,)) == {
        "e": "missing: e: size is not given"}


def test_every_comparison_met_is_traced_with_the_members_placement_and_what_it_would_need() -> None:
    expr, ctx = compiled("{any: [{\"<=\": [{rank: {get: member.size}}, {param: line}]}, {\">\": [{get: member.joined}, 2023-01-01]}]}"), context()
    ctx.trace = []
    assert expr.fn(ctx, D) is False
    ranked, dated = ctx.trace
    assert (ranked.left, ranked.operator, ranked.right, ranked.holds, ranked.measure) == (4, "<=", 2, False, "rank")
    assert (ranked.placement.rank, ranked.placement.of, ranked.figure, ranked.needs) == (4, 4, Decimal(100), Decimal(300))
    assert (dated.left, dated.right, dated.holds, dated.name) == (dt.date(2010, 1, 1), dt.date(2023, 1, 1), False, "joined")


def test_a_population_reads_its_own_records_and_names_its_member() -> None:
    assert values("{months_before: {get: review.as_of}, months: 12}", (A,)) == {"a": dt.date(2023, 9, 23)}
    assert values("{\">\": [{get: member.joined}, {months_before: {get: review.as_of}, months: 12}]}", (A, B)) == {
        "a": False, "b": True}
    assert values("{get: item.name}", (A,)) == {"a": "a"}


@pytest.mark.parametrize("expression, message", [
    ("{get: universe.as_of}", "unknown root 'universe' (roots: member, item, review)"),
    ("{rank: {get: member.name}}", "rank takes a number; this is text"),
    ("{rank: {get: member.size}, within: {get: member.size}}", "rank's within takes text; this is an amount in KRW"),
    ("{\"<=\": [{rank: {get: member.size}}, {param: half}]}", "<= compares a count with a ratio"),
    ("{\">\": [{get: member.joined}, 1]}", "> compares numbers; the value is a date"),
    ("{all: [{get: member.size}]}", "all takes true or false; this is an amount in KRW"),
])
def test_a_populations_mistakes_are_refused_when_compiled(expression: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        compiled(expression)
    assert message in str(caught.value.problems[0])
    assert str(caught.value.problems[0]).startswith("methodology.yaml:")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), ratio=st.booleans(), grouped=st.booleans(), order=st.sampled_from(["descending", "ascending"]))
def test_who_could_move_a_rank_is_counted_as_the_members_are_gone_through(data: Any, ratio: bool, grouped: bool, order: str) -> None:
    # bounds counts those that could move a rank by group, with bisection; movers names them one by
    # one: the counts are the names', for members in, left unranked, or that might be in
    sizes = st.none() | st.integers(0, 6).map(Decimal)
    groups = st.none() | st.sampled_from("xy")
    members = data.draw(st.lists(st.builds(Member, st.just(""), sizes, groups, st.none()), min_size=1, max_size=12))
    members = [Member(f"m{i}", m.size, m.group, None) for i, m in enumerate(members)]
    outside = data.draw(st.lists(st.booleans(), min_size=len(members), max_size=len(members)))
    population = tuple(m for m, out in zip(members, outside) if not out)
    why = [Reason("stopped earlier by a figure not given", None, None, "")]
    maybe = tuple((m, why) for m, out in zip(members, outside) if out)
    within = ", within: {get: member.group}" if grouped else ""
    expr = compiled(f"{{{'rank_ratio' if ratio else 'rank'}: {{get: member.size}}{within}, order: {order}}}")
    ctx = PopulationContext(population, {n: p.value for n, p in PARAMETERS.items()}, DAY, {"review": Review(DAY)}, maybe=maybe)
    ranking = expr.detail
    for member in members:
        found = ranking.bounds(ctx, member)
        named = ranking.movers(ctx, member)
        assert (found is None) == (not named)
        place = ranking._place(ctx, member)
        if place is None:
            continue
        either, above, below = map(len, ranking._whys(ctx, member, place))
        assert ranking._movers(ctx).count(ranking, ctx, member, place) == (either, above, below)
        if found is not None:  # the extremes: all that could be above in, or none
            up = either + above
            low = (place.rank, place.of + either + below) if ratio else (place.rank, place.of)
            assert found == tuple(ranking.value(Placement(*p)) for p in (low, (place.rank + up, place.of + up)))
