"""Rankings over a population, and weights capped within it: the operations an index methodology
selects and weights its constituents with (KOSPI 200's sector selection, JPX-Nikkei 400, the
Korea Value-up Index, MSCI's capped indices).

Every function is general: members are any hashable keys (a company's code), figures any exactly
ordered numbers (int, Decimal, Fraction), and nothing here knows of a particular index.

- ``rank``: shared ("1224", competition) ranks, best figure first, optionally within groups; each
  member's ``Placement`` knows its rank, how many were ranked with it, and the rank ratio.
- ``best``: the best N members by a list of keys, each ascending or descending, ties broken by the
  member itself, so that the order of the input never matters.
- ``staged``: filtering in stages, where each stage sees only the members still in.
- ``capped_weights``: each member's share of a total, no share above a cap, the excess of capped
  members shared among the others in proportion to their weights, round after round.

Ratios are ``Fraction``: exact, so a rank ratio of exactly 0.5 is decided as exactly 0.5, and capped
weights sum to exactly 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable, Generic, Hashable, Iterable, Mapping, Sequence, TypeVar

Member = TypeVar("Member", bound=Hashable)
Verdict = TypeVar("Verdict")


@dataclass(frozen=True, slots=True)
class Placement:
    """A member's place in a ranking: ``rank`` (1 is best; equal figures share the best rank of
    their run), ``of`` (how many were ranked together, the member's group when ranked within one),
    and the group it was ranked in (None when ranked among all)."""

    rank: int
    of: int
    group: Any = None

    @property
    def ratio(self) -> Fraction:
        """rank / number ranked: 1/of for the best, 1 for the worst (unless it shares a rank)."""
        return Fraction(self.rank, self.of)


def rank(figures: Mapping[Member, Any], *, descending: bool = True,
         within: Mapping[Member, Any] | None = None) -> dict[Member, Placement]:
    """Competition ranks of ``figures`` (member -> figure): a member's rank is one more than the
    number of members (in its group, with ``within``: member -> group) whose figure is strictly
    better. ``descending``: the largest figure is best (market cap); else the smallest is."""
    if within is None:
        return _ranked(figures, descending, None)
    groups: dict[Any, dict[Member, Any]] = {}
    for member, figure in figures.items():
        groups.setdefault(within[member], {})[member] = figure
    placements: dict[Member, Placement] = {}
    for group, members in groups.items():
        placements.update(_ranked(members, descending, group))
    return placements


def _ranked(figures: Mapping[Member, Any], descending: bool, group: Any) -> dict[Member, Placement]:
    count = len(figures)
    ordered = sorted(figures.items(), key=lambda pair: pair[1], reverse=descending)
    placements: dict[Member, Placement] = {}
    previous: Any = None
    current = 0
    for position, (member, figure) in enumerate(ordered, 1):
        if position == 1 or figure != previous:
            current, previous = position, figure
        placements[member] = Placement(current, count, group)
    return placements


def last_within(placements: Mapping[Member, Placement], figures: Mapping[Member, Any],
                holds: Callable[[Placement], bool], group: Any = None) -> Any:
    """The figure of the worst-ranked member (of ``group``, among ``placements``) whose placement
    still satisfies ``holds``: what a member outside the line would need to equal. None when no
    member satisfies it."""
    inside = [member for member, place in placements.items() if place.group == group and holds(place)]
    if not inside:
        return None
    worst = max(inside, key=lambda member: placements[member].rank)
    return figures[worst]


@dataclass(frozen=True, slots=True)
class SortKey(Generic[Member]):
    """One key of an order: the member's figure under it, and whether larger comes first."""

    figure: Callable[[Member], Any]
    descending: bool = False


def best(members: Iterable[Member], count: int, keys: Sequence[SortKey[Member]]) -> list[Member]:
    """The first ``count`` members ordered by ``keys`` (the first key decides, the next breaks its
    ties, ...), ties left by every key broken by the member itself, ascending (a code)."""
    return ordered(members, keys)[: max(count, 0)]


def ordered(members: Iterable[Member], keys: Sequence[SortKey[Member]]) -> list[Member]:
    """All of ``members`` in the order of ``keys``, then by the member itself."""
    result = sorted(members)  # type: ignore[type-var]
    for key in reversed(keys):  # stable sorts, the least significant key first
        result.sort(key=key.figure, reverse=key.descending)
    return result


@dataclass(frozen=True)
class Stage(Generic[Member, Verdict]):
    """One stage of a staged filter: ``judge`` takes the members still in (in a fixed order) and
    returns each one's verdict; ``passes`` tells which verdicts let a member through."""

    name: str
    judge: Callable[[tuple[Member, ...]], Mapping[Member, Verdict]]
    passes: Callable[[Verdict], bool]


@dataclass(frozen=True)
class StageOutcome(Generic[Member, Verdict]):
    name: str
    entered: tuple[Member, ...]
    verdicts: Mapping[Member, Verdict]
    passed: tuple[Member, ...]

    @property
    def left(self) -> int:
        return len(self.entered) - len(self.passed)


def staged(members: Iterable[Member], stages: Sequence[Stage[Member, Verdict]]) -> list[StageOutcome[Member, Verdict]]:
    """Run ``stages`` in order; each judges only the members that passed every earlier stage
    (sorted, so that a stage never sees the input's order)."""
    still_in = tuple(sorted(members))  # type: ignore[type-var]
    outcomes: list[StageOutcome[Member, Verdict]] = []
    for stage in stages:
        verdicts = stage.judge(still_in)
        passed = tuple(member for member in still_in if stage.passes(verdicts[member]))
        outcomes.append(StageOutcome(stage.name, still_in, verdicts, passed))
        still_in = passed
    return outcomes


class CapInfeasible(ValueError):
    """No weights can respect the cap: fewer members than 1 / cap, or only members of no weight.
    ``ko``: why, in Korean."""

    def __init__(self, message: str, ko: str) -> None:
        super().__init__(message)
        self.ko = ko


@dataclass(frozen=True)
class CappedWeights(Generic[Member]):
    weights: dict[Member, Fraction]
    rounds: int  # redistribution rounds: 0 when no member was above the cap
    capped: frozenset[Member]


def capped_weights(figures: Mapping[Member, Any], cap: Fraction) -> CappedWeights[Member]:
    """Each member's share of the total of ``figures``, none above ``cap``: members above it are
    set to the cap and the excess is shared among the others in proportion to their figures,
    repeated until none is above it. Exact: the weights sum to exactly 1."""
    cap = Fraction(cap)
    values = {member: Fraction(figure) for member, figure in figures.items()}
    if any(value < 0 for value in values.values()):
        raise CapInfeasible("a weight figure is negative", ko="비중 값이 음수입니다")
    total = sum(values.values(), Fraction(0))
    if not values or total == 0:
        raise CapInfeasible("the figures sum to zero: there is nothing to weigh", ko="값의 합이 0이라 나눌 비중이 없습니다")
    if cap <= 0 or cap * len(values) < 1:
        raise CapInfeasible(f"{len(values)} {'member cannot' if len(values) == 1 else 'members cannot each'} hold at most "
                            f"{percent(cap)} of the whole", ko=f"{len(values)}개 종목으로는 각 {percent(cap)} 이하가 될 수 없습니다")
    capped: set[Member] = set()
    rounds = 0
    while True:
        free = {member: value for member, value in values.items() if member not in capped}
        room = 1 - cap * len(capped)  # what the uncapped members share
        free_total = sum(free.values(), Fraction(0))
        if free_total == 0:
            if room != 0:
                raise CapInfeasible("the members below the cap have no weight to take the excess",
                                    ko="상한 아래 종목에 초과분을 받을 비중이 없습니다")
            weights = {member: (cap if member in capped else Fraction(0)) for member in values}
            break
        weights = {member: (cap if member in capped else value * room / free_total) for member, value in values.items()}
        above = {member for member in free if weights[member] > cap}
        if not above:
            break
        capped |= above
        rounds += 1
    return CappedWeights(weights, rounds, frozenset(capped))


def percent(share: Fraction) -> str:
    """A share as a percentage where it is a whole or finite one (3/20: ``15%``), else as a fraction."""
    hundredths = share * 100
    if hundredths.denominator == 1:
        return f"{hundredths.numerator}%"
    scaled = hundredths.denominator
    for prime in (2, 5):
        while scaled % prime == 0:
            scaled //= prime
    if scaled == 1:  # a finite decimal: 12.5%
        return f"{format(Decimal(hundredths.numerator) / Decimal(hundredths.denominator), 'f')}%"
    return str(share)
