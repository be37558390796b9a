"""The ranking operations on their own: shared ranks, rank ratios, ranks within groups, the best N
with tie-breaks, staged filtering and capped weights."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etf_listing.vocabulary.rankings import (CapInfeasible, SortKey, Stage, best, capped_weights, last_within, rank,
                                             staged)


def test_equal_figures_share_the_best_rank_of_their_run() -> None:
    placements = rank({"a": 10, "b": 7, "c": 7, "d": 3})
    assert [placements[k].rank for k in "abcd"] == [1, 2, 2, 4]  # "1224"
    assert placements["d"].ratio == Fraction(1) and placements["b"].ratio == Fraction(1, 2)


def test_ascending_ranks_the_smallest_first() -> None:
    assert rank({"a": 1, "b": 2}, descending=False)["a"].rank == 1


def test_ranks_within_groups_count_only_the_group() -> None:
    placements = rank({"a": 5, "b": 4, "c": 1}, within={"a": "IT", "b": "energy", "c": "IT"})
    assert (placements["a"].rank, placements["a"].of, placements["a"].group) == (1, 2, "IT")
    assert (placements["b"].rank, placements["b"].of) == (1, 1)
    assert placements["c"].ratio == Fraction(1)


def test_the_figure_at_the_line_is_that_of_the_last_member_inside_it() -> None:
    figures = {"a": 9, "b": 8, "c": 7, "d": 6}
    placements = rank(figures)
    assert last_within(placements, figures, lambda p: p.rank <= 2) == 8
    assert last_within(placements, figures, lambda p: p.rank <= 0) is None


def test_best_breaks_ties_by_the_next_key_then_by_the_member() -> None:
    roe = {"b": Fraction(1, 2), "a": Fraction(1, 2), "c": Fraction(1, 4), "d": Fraction(1, 2)}
    cap = {"a": 10, "b": 10, "c": 1, "d": 20}
    keys = [SortKey(roe.__getitem__), SortKey(cap.__getitem__, descending=True)]
    assert best(roe, 3, keys) == ["c", "d", "a"]  # c best ratio; d the larger cap; a before b by code
    assert best(roe, 0, keys) == []


def test_each_stage_sees_only_the_members_still_in() -> None:
    seen: list[tuple[str, ...]] = []

    def judge(members: tuple[str, ...]) -> dict[str, bool]:
        seen.append(members)
        return {m: m != members[0] for m in members}  # the first still in drops out

    outcomes = staged(["c", "a", "b"], [Stage("one", judge, bool), Stage("two", judge, bool)])
    assert seen == [("a", "b", "c"), ("b", "c")]
    assert [o.passed for o in outcomes] == [("b", "c"), ("c",)] and outcomes[1].left == 1


def test_the_cap_can_need_two_rounds_of_redistribution() -> None:
    # 40% is capped at 15% first; the 25% excess lifts 14% above 15%, which is capped in a second round.
    figures = {"a": 40, "b": 14, **{f"x{i}": Decimal("7.6") for i in range(6)}, "y": Decimal("0.4")}
    result = capped_weights(figures, Fraction(15, 100))
    assert result.rounds == 2 and result.capped == {"a", "b"}
    assert result.weights["a"] == result.weights["b"] == Fraction(15, 100)
    assert sum(result.weights.values()) == 1
    assert max(result.weights.values()) <= Fraction(15, 100)


def test_a_cap_no_weights_can_meet_is_refused() -> None:
    with pytest.raises(CapInfeasible, match="^2 members cannot each hold at most 15% of the whole$"):
        capped_weights({"a": 1, "b": 1}, Fraction(15, 100))
    with pytest.raises(CapInfeasible, match="^1 member cannot hold at most 12.5% of the whole$"):
        capped_weights({"a": 1}, Fraction(1, 8))
    with pytest.raises(CapInfeasible) as raised:
        capped_weights({f"{i}": 0 for i in range(10)}, Fraction(15, 100))
    # each reason in Korean too (a screen's results say it): not the count's reason for every one
    assert (str(raised.value), raised.value.ko) == ("the figures sum to zero: there is nothing to weigh",
                                                    "값의 합이 0이라 나눌 비중이 없습니다")
    with pytest.raises(CapInfeasible) as raised:
        capped_weights({"a": 1, "b": 1}, Fraction(15, 100))
    assert raised.value.ko == "2개 종목으로는 각 15% 이하가 될 수 없습니다"
    with pytest.raises(CapInfeasible) as raised:
        capped_weights({"a": -1, "b": 2}, Fraction(15, 100))
    assert raised.value.ko == "비중 값이 음수입니다"


@pytest.mark.parametrize("share, shown", [(Fraction(3, 20), "15%"), (Fraction(1, 8), "12.5%"), (Fraction(1), "100%"),
                                          (Fraction(1, 1000), "0.1%"), (Fraction(1, 3), "1/3")])
def test_a_share_is_shown_as_a_percentage_where_it_is_one(share: Fraction, shown: str) -> None:
    from etf_listing.vocabulary.rankings import percent

    assert percent(share) == shown


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=7, max_size=60),
       st.sampled_from([Fraction(15, 100), Fraction(1, 5), Fraction(1, 7), Fraction(3, 10)]))
def test_capped_weights_never_exceed_the_cap_and_sum_to_one(values: list[int], cap: Fraction) -> None:
    figures = {f"{i:03d}": v for i, v in enumerate(values)}
    if sum(values) == 0 or cap * len(values) < 1:
        with pytest.raises(CapInfeasible):
            capped_weights(figures, cap)
        return
    try:
        result = capped_weights(figures, cap)
    except CapInfeasible:  # too few members of any weight to take the excess
        assert sum(1 for v in values if v > 0) * cap < 1
        return
    assert sum(result.weights.values()) == 1
    assert all(w <= cap for w in result.weights.values())


@given(st.dictionaries(st.text("abcdefgh", min_size=1, max_size=3), st.integers(0, 20), min_size=2, max_size=30),
       st.data())
def test_removing_a_member_never_worsens_another_members_rank(figures: dict[str, int], data: st.DataObject) -> None:
    gone = data.draw(st.sampled_from(sorted(figures)))
    before = rank(figures)
    after = rank({k: v for k, v in figures.items() if k != gone})
    for member, place in after.items():
        assert place.rank <= before[member].rank


@given(st.dictionaries(st.text("abcdefgh", min_size=1, max_size=3), st.integers(0, 20), min_size=2, max_size=30),
       st.data())
def test_removing_a_better_ranked_member_never_raises_another_members_rank_ratio(figures: dict[str, int],
                                                                                 data: st.DataObject) -> None:
    gone = data.draw(st.sampled_from(sorted(figures)))
    before = rank(figures)
    after = rank({k: v for k, v in figures.items() if k != gone})
    for member, place in after.items():
        if before[gone].rank < before[member].rank:  # (r - 1) / (n - 1) <= r / n
            assert place.ratio <= before[member].ratio


def test_removing_a_worse_ranked_member_raises_the_rank_ratio_of_those_above_it() -> None:
    # rank / number ranked: with fewer ranked, the same rank is a larger share of them (1/3 -> 1/2)
    assert rank({"a": 3, "b": 2, "c": 1})["a"].ratio == Fraction(1, 3)
    assert rank({"a": 3, "b": 2})["a"].ratio == Fraction(1, 2)
