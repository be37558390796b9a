"""A screen: a universe run through a methodology, company by company and stage by stage.

The order is the methodology's: every exclusion is met by every company (all that apply are listed;
the first stops it); the stages then filter in turn, each ranking only the companies still in
(``vocabulary.rankings.staged``); inclusions pick among the screened companies and are selected
first; the selection fills the places left, best first by its order; the weighting caps the
weights. Every company gets a result for every rule, in the methodology's order: ``pass``,
``fail``, ``not_reached`` (stopped earlier), ``not_applicable`` or ``error`` (a figure it needs is
not given, named). Nothing depends on the order of the universe's rows: companies are taken in
code order, and every ranking breaks ties by code.

Length: the screen is one pass in the methodology's order, read top to bottom, with the helpers
that decide, explain and report what a figure not given leaves open beside it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Mapping

from ..errors import InputError, Location
from ..rulebook import NoVersionInForce, Version
from ..vocabulary.population import Measure, PopulationContext, exact
from ..vocabulary.rankings import CapInfeasible, Placement, SortKey, Stage, capped_weights, ordered, staged
from ..vocabulary.runtime import Missing, Reason
from ..vocabulary.tree import Expr
from .methodology import Methodology, ScreenRule
from .model import Company, Universe
from .unsure import Rival, lacking, might_be_included, rival, unsure_places

PASS, FAIL, NOT_REACHED, NOT_APPLICABLE, ERROR = "pass", "fail", "not_reached", "not_applicable", "error"
SELECTED, NOT_SELECTED, EXCLUDED = "selected", "not_selected", "excluded"


@dataclass(slots=True)
class Step:
    """One rule's result for one company."""

    rule: ScreenRule
    status: str
    observed: Any = None
    measures: tuple[Measure, ...] = ()
    missing: tuple[tuple[str, str], ...] = ()  # (English, Korean) of each figure not given
    placement: Placement | None = None  # selection: the company's place by the first order key
    position: int | None = None  # selection: its place in the order of the companies competing
    weight: Fraction | None = None  # weighting
    note: str | None = None  # why not_applicable or not selected: "included", "outranked", "over_places"

    @property
    def primary(self) -> Measure | None:
        """The measure a report leads with: one that decided the result (in ``all`` and ``any``,
        a comparison beside the one that decided did not: a stage failed on its two-year sum
        leads with that, not with a year's loss it did not make both years), preferring one not
        under a ``not`` (read as written), then a ranking, then the first."""
        deciding = [m for m in self.measures if m.decided] or list(self.measures)
        written = [m for m in deciding if not m.negated] or deciding
        return next((m for m in written if m.placement is not None), written[0] if written else None)

    @property
    def compared(self) -> tuple[Any, str | None, Any]:
        """The comparison that decided (``primary``) as a report shows it: the figure compared (a
        ranking's ranked figure), the operator and the threshold; under a ``not``, the operator
        that holds when the comparison does not, so that what is shown holds exactly when the
        rule's condition does (a stage passed, an exclusion applied). Without one: the rule's
        figure, no operator, no threshold."""
        m = self.primary
        if m is None:
            return self.observed, None, None
        operator = NEGATIONS.get(m.operator, m.operator) if m.negated else m.operator
        return (m.figure if m.placement is not None else m.left), operator, m.right


NEGATIONS = {"<": ">=", ">=": "<", ">": "<=", "<=": ">", "==": "!=", "!=": "==", "in": "not_in", "not_in": "in"}


@dataclass(slots=True)
class CompanyOutcome:
    company: Company
    status: str = EXCLUDED
    stopped_at: str | None = None
    via: str | None = None  # "special" or "stages" when selected
    steps: dict[str, Step] = field(default_factory=dict)
    weight: Fraction | None = None

    @property
    def undecided(self) -> bool:
        """Stopped by an ``error`` result (a figure the rule needs is not given), not by a verdict:
        the company is ``excluded`` (or ``not_selected`` at the selection) as the report's statuses
        say, and its result at ``stopped_at`` names the figure."""
        step = self.steps.get(self.stopped_at) if self.stopped_at is not None else None
        return step is not None and step.status == ERROR


@dataclass(frozen=True)
class FunnelStep:
    rule: ScreenRule
    entered: int
    left: int
    kept: int  # passed (an exclusion or stage), included (an inclusion), selected (the selection)


@dataclass(frozen=True)
class Notice:
    en: str
    ko: str

    def text(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


@dataclass(frozen=True)
class Cut:
    """Where the selection drew its line: the last company selected by the order, and its keys."""

    code: str
    position: int
    keys: tuple[Any, ...]
    placement: Placement | None


@dataclass
class ScreenReport:
    file: str
    universe: Universe
    methodology: Methodology
    version: Version
    as_of: dt.date
    companies: dict[str, CompanyOutcome]  # by code, in code order
    selected: list[str]  # codes in index order: inclusions first, then by the selection's order
    funnel: list[FunnelStep]
    weights: dict[str, Fraction] | None
    weight_rounds: int = 0
    capped: frozenset[str] = frozenset()
    cut: Cut | None = None
    places: int = 0
    notices: list[Notice] = field(default_factory=list)

    def outcome(self, code: str) -> CompanyOutcome:
        return self.companies[code]


def review_date(universe: Universe, as_of: dt.date | None) -> dt.date:
    day = as_of or universe.as_of
    if day is None:
        raise InputError.at(Location(universe.file), "no review date: set as_of in the universe file or give --as-of",
                            ko="심사일이 없습니다: 유니버스 파일에 as_of를 쓰거나 --as-of를 지정하세요")
    return day


def screen(universe: Universe, methodology: Methodology, as_of: dt.date | None = None) -> ScreenReport:
    """Run ``methodology`` (its version in force on the review date) over ``universe``."""
    day = review_date(universe, as_of)
    try:
        version = methodology.in_force(day)
    except NoVersionInForce as error:
        where = universe.locations.get("as_of") if as_of is None else None
        raise InputError.at(where or Location(universe.file), str(error), "choose another --as-of",
                            ko=f"심사일에 시행 중인 방법론 버전이 없습니다: {error}", hint_ko="다른 --as-of를 지정하세요") from None
    params = version.parameters
    records = {"universe": dataclasses.replace(universe, as_of=day)}  # {get: universe.as_of} is the review date

    def context(members: tuple[Company, ...], maybe: Mapping[str, list[Reason]] | None = None) -> PopulationContext:
        """What a rule's expressions see: ``members`` (the companies still in), ranked among, and
        ``maybe``: the companies that might be still in (stopped by a figure not given), by code."""
        return PopulationContext(members, params, day, records, universe.file,
                                 tuple((companies[code], why) for code, why in sorted((maybe or {}).items())))

    companies = {c.code: c for c in universe.companies}
    outcomes = {code: CompanyOutcome(company) for code, company in companies.items()}
    rules = methodology.screen_rules
    funnel: list[FunnelStep] = []
    notices = [Notice(en, ko) for en, ko in version.caveats_on(day)]  # what this version does not encode
    # A rule a company did not reach says the same for every company: one result per rule, shared.
    unreached = {rule.id: Step(rule, NOT_REACHED) for rule in rules}

    # --- exclusions: every company meets every one; the first that applies stops it. One that
    # cannot be decided (a figure not given) stops it only where no later one applies: an
    # exclusion that surely applies says why the company is out, whatever an earlier one lacks.
    everyone = tuple(companies.values())
    scope = context(everyone)
    exclusions = methodology.rules_of("exclusion")
    for rule in exclusions:
        for code, company in companies.items():
            outcomes[code].steps[rule.id] = _judge(rule, rule.condition, scope, company, excluded_when=True)  # type: ignore[arg-type]
    stops: dict[str, str] = {}
    for code, judged in outcomes.items():
        statuses = [(rule.id, judged.steps[rule.id].status) for rule in exclusions]
        stop = next((rule_id for rule_id, status in statuses if status == FAIL), None) or \
            next((rule_id for rule_id, status in statuses if status == ERROR), None)
        if stop is not None:
            stops[code] = stop
    still_in = list(companies)
    for rule in exclusions:
        entered = len(still_in)
        remaining = []
        for code in still_in:
            if stops.get(code) == rule.id:
                outcomes[code].stopped_at = rule.id
                outcomes[code].status = EXCLUDED  # an error (a figure not given) also stops it, named in its result
            else:
                remaining.append(code)
        still_in = remaining
        funnel.append(FunnelStep(rule, entered, entered - len(remaining), len(remaining)))
    screened = tuple(still_in)
    # The companies a figure not given stopped, which might be still in: every ranking after is
    # decided with each of them in and out (``PopulationRanking.bounds``). One that surely fails a
    # later stage (judged as if it were in) is surely out from there.
    maybe = {code: _why(o.steps[o.stopped_at], o.company) for code, o in outcomes.items() if o.undecided and o.stopped_at}
    maybe_screened = dict(maybe)

    # --- stages: each sees only the companies still in
    def stage_of(rule: ScreenRule) -> Stage[str, Step]:
        def judge(members: tuple[str, ...]) -> Mapping[str, Step]:
            present = tuple(companies[code] for code in members)
            stage_scope = context(present, maybe)
            verdicts = {code: _judge(rule, rule.condition, stage_scope, companies[code]) for code in members}  # type: ignore[arg-type]
            for code in list(maybe):  # each ranked as if it were in, the others in and out
                if _surely_fails(rule, stage_scope, companies[code]):
                    del maybe[code]
            for code, step in verdicts.items():
                if step.status == ERROR:
                    maybe[code] = _why(step, companies[code])
            return verdicts
        return Stage(rule.id, judge, lambda step: step.status == PASS)

    stage_rules = methodology.rules_of("stage")
    through = screened
    for rule, outcome in zip(stage_rules, staged(screened, [stage_of(rule) for rule in stage_rules])):
        for code, step in outcome.verdicts.items():
            outcomes[code].steps[rule.id] = step
            if step.status != PASS:
                outcomes[code].stopped_at = rule.id
                outcomes[code].status = EXCLUDED
        funnel.append(FunnelStep(rule, len(outcome.entered), outcome.left, len(outcome.passed)))
        through = outcome.passed

    # --- inclusions: among the screened companies, selected first
    selection_rule = methodology.rules_of("selection")[0]
    places_scope = context(tuple(companies[code] for code in through))
    places = int(_whole_index(selection_rule, "places", places_scope))  # a count of the methodology's
    included: list[str] = []
    screened_scope = context(tuple(companies[code] for code in screened), maybe_screened)
    # those stopped at an exclusion that might meet a special inclusion: they could take a place first
    includable = {code for code in maybe_screened if might_be_included(methodology, screened_scope, companies[code])}
    for rule in methodology.rules_of("inclusion"):
        candidates, passed = 0, []
        for code in screened:
            company = companies[code]
            try:
                applies = rule.applies_when.fn(screened_scope, company)  # type: ignore[union-attr]
            except Missing as error:
                outcomes[code].steps[rule.id] = Step(rule, ERROR, _observed(rule, screened_scope, company), missing=lacking(error, company))
                continue
            if not applies:
                outcomes[code].steps[rule.id] = Step(rule, NOT_APPLICABLE, _observed(rule, screened_scope, company))
                continue
            candidates += 1
            step = _judge(rule, rule.condition, screened_scope, company)  # type: ignore[arg-type]
            outcomes[code].steps[rule.id] = step
            if step.status == PASS and code not in included:
                passed.append(code)
        keys, unordered = _sort_keys(rule, screened_scope, passed, companies)
        for code in unordered:  # an order key it lacks: it cannot be placed
            step = outcomes[code].steps[rule.id]
            step.status, step.missing = ERROR, unordered[code]
        chosen = ordered([code for code in passed if code not in unordered], keys)
        room = max(places - len(included), 0)
        # Where more might qualify than there are places, a company that might qualify but cannot
        # be told (a figure not given, here or at an exclusion that stopped it) could come first.
        rivals: dict[str, Rival] = {code: None for code in screened
                                    if code not in included and outcomes[code].steps[rule.id].status == ERROR}
        rivals.update(dict.fromkeys(includable))
        unplaced = unsure_places(rule, screened_scope, chosen, keys, room, companies, rivals) if len(chosen) + len(rivals) > room else {}
        if len(chosen) > room:
            notices.append(Notice(
                f"{rule.id}: {len(chosen)} companies qualify but only {room} places are left; the first {room} by its order are included",
                f"{rule.id}: {len(chosen)}개 기업이 요건을 충족하지만 남은 자리는 {room}개입니다. 순서상 앞선 {room}개를 편입합니다"))
            for code in chosen[room:]:
                outcomes[code].steps[rule.id].note = "over_places"
        chosen = chosen[:room]
        if unplaced:
            for code, missing in unplaced.items():
                step = outcomes[code].steps[rule.id]
                step.status, step.missing = ERROR, missing
            chosen = [code for code in chosen if code not in unplaced]
            shown, one = ", ".join(sorted(unplaced)), len(unplaced) == 1
            notices.append(Notice(
                f"{rule.id}: whether {shown} {'is' if one else 'are'} included cannot be told: companies that might "
                f"qualify, for figures not given, could come before {'it' if one else 'them'} (see each company's error)",
                f"{rule.id}: {shown}의 편입 여부를 판단할 수 없습니다: 주어지지 않은 값 때문에 요건 충족 여부를 알 수 없는 "
                "기업이 앞설 수 있습니다(기업별 error 참조)"))
        for code in chosen:
            outcomes[code].status, outcomes[code].via, outcomes[code].stopped_at = SELECTED, "special", None
        included.extend(chosen)
        funnel.append(FunnelStep(rule, candidates, candidates - len(chosen), len(chosen)))
        for code in companies:
            if rule.id not in outcomes[code].steps:
                outcomes[code].steps[rule.id] = unreached[rule.id]

    # --- the selection: the places left, by its order, among the companies through every stage
    cut: Cut | None = None
    rule = selection_rule
    through_scope = context(tuple(companies[code] for code in through), maybe)
    competing = [code for code in through if code not in included]
    keys, unordered = _sort_keys(rule, through_scope, competing, companies)
    order = ordered([code for code in competing if code not in unordered], keys)
    room = max(places - len(included), 0)
    chosen = order[:room]
    qualified = len(order)  # (before any is found unsure below: "all of them are selected" is said only then)
    # Besides those competing without a figure of the order, which could come before any, a company
    # stopped earlier by a figure not given could compete (it might have passed every stage: it
    # comes where its own figures place it) or take a place first (a special inclusion it might meet).
    # (one competing whose inclusion is undecided is a rival of the others, unless it is surely
    # within the places: see unsure_places)
    rivals = dict.fromkeys(unordered, None)
    for code, o in outcomes.items():
        if code in unordered:
            continue
        if _undecided_inclusion(methodology, o) is not None or code in includable:
            rivals[code] = None
        elif code in maybe:
            rivals[code] = rival(rule, through_scope, companies[code], code)
    unplaced = unsure_places(rule, through_scope, order, keys, room, companies, rivals)
    if unplaced:  # placed by a rank that companies without their figure could move: not told either way
        order = [code for code in order if code not in unplaced]
        chosen = [code for code in chosen if code not in unplaced]
        unordered.update(unplaced)
        shown, one, empty = ", ".join(sorted(unplaced)), len(unplaced) == 1, room - len(chosen)
        notices.append(Notice(
            f"{rule.id}: whether {shown} {'is' if one else 'are'} selected cannot be told: "
            f"{'its' if one else 'their'} rank among the companies competing depends on figures not given "
            f"(see each company's error); {empty} of the {room} places left {'is' if empty == 1 else 'are'} not filled",
            f"{rule.id}: {shown}의 선정 여부를 판단할 수 없습니다: 경쟁 기업 사이의 순위가 주어지지 않은 값에 달려 있습니다"
            f"(기업별 error 참조). 남은 {room}자리 중 {empty}자리를 채우지 않습니다"))
    if qualified < room and not unplaced:
        found = len(included) + qualified
        notices.append(Notice(
            f"only {found} {'company qualifies' if found == 1 else 'companies qualify'} for {places} places: "
            + ("none is selected" if found == 0 else "all of them are selected"),
            f"{places}개 자리에 요건을 충족하는 기업이 {found}개뿐이라 " + ("선정된 기업이 없습니다" if found == 0 else "모두 선정합니다")))
    if chosen:
        last = chosen[-1]
        cut = Cut(last, len(chosen), tuple(key.figure(last) for key in keys), _first_placement(rule, through_scope, companies[last]))
    chosen_set = set(chosen)
    for position, code in enumerate(order, 1):
        company = companies[code]
        selected = code in chosen_set
        step = Step(rule, PASS if selected else FAIL, _observed(rule, through_scope, company),
                    placement=_first_placement(rule, through_scope, company), position=position,
                    note=None if selected else "outranked")
        outcomes[code].steps[rule.id] = step
        if selected:
            outcomes[code].status, outcomes[code].via, outcomes[code].stopped_at = SELECTED, "stages", None
        else:
            outcomes[code].status, outcomes[code].stopped_at = NOT_SELECTED, rule.id
    for code, missing in unordered.items():
        outcomes[code].steps[rule.id] = Step(rule, ERROR, _observed(rule, through_scope, companies[code]), missing=missing)
        outcomes[code].status, outcomes[code].stopped_at = NOT_SELECTED, rule.id  # cannot be placed: its result is the error
    for code in through:
        if code in included:
            outcomes[code].steps[rule.id] = Step(rule, NOT_APPLICABLE, _observed(rule, through_scope, companies[code]),
                                                 placement=_first_placement(rule, through_scope, companies[code]), note="included")
    funnel.append(FunnelStep(rule, len(competing), len(competing) - len(chosen), len(chosen)))
    selected_codes = included + chosen
    # Not selected, its special inclusion undecidable (a figure not given): it might have been
    # included, so its error is its result; the last places it might take are left unfilled above.
    for code in screened:
        undecided = _undecided_inclusion(methodology, outcomes[code]) if code not in selected_codes else None
        if undecided is not None:
            outcomes[code].status, outcomes[code].stopped_at = NOT_SELECTED, undecided
    for code in companies:
        outcomes[code].steps.setdefault(rule.id, unreached[rule.id])

    # --- weights
    weights: dict[str, Fraction] | None = None
    rounds, capped = 0, frozenset[str]()
    for rule in methodology.rules_of("weighting"):
        weights, rounds, capped = _weigh(rule, selected_codes, companies, outcomes, context, notices)
        funnel.append(FunnelStep(rule, len(selected_codes), 0, len(selected_codes)))
    # Every rule has a result for every company, in the methodology's order.
    for company_outcome in outcomes.values():
        steps = company_outcome.steps
        company_outcome.steps = {r.id: steps.get(r.id) or unreached[r.id] for r in rules}
    errors = sum(1 for outcome in outcomes.values() if outcome.undecided)
    if errors:
        # A ranking counts only the companies it could rank: the others' ranks there are taken without
        # those whose figure is missing, and may change once it is given.
        ranked = {step.rule.id for outcome in outcomes.values() for step in outcome.steps.values()
                  if step.placement is not None or any(m.placement is not None for m in step.measures)}
        at = {r.id: i for i, r in enumerate(rules)}
        first_stop = min(at.get(o.stopped_at or "", len(rules)) for o in outcomes.values() if o.undecided)
        without = [r.id for r in rules[first_stop:] if r.id in ranked]  # from where the first of them stopped
        also = (f"; {', '.join(without)} ranked the other companies without them: their ranks and rank ratios "
                "there may change once the figures are given") if without else ""
        also_ko = (f"; {', '.join(without)}은(는) 이들을 빼고 다른 기업의 순위를 매겼으므로 값이 주어지면 그 순위와 "
                   "순위비율이 달라질 수 있습니다") if without else ""
        notices.append(Notice(f"{errors} {'company' if errors == 1 else 'companies'} could not be screened: "
                              f"a figure a rule needs is not given (see each company's error){also}",
                              f"{errors}개 기업은 규칙에 필요한 값이 없어 심사할 수 없습니다(기업별 error 참조){also_ko}"))
    return ScreenReport(universe.file, universe, methodology, version, day, outcomes, selected_codes, funnel, weights,
                        rounds, capped, cut, places, notices)


def _undecided_inclusion(methodology: Methodology, outcome: CompanyOutcome) -> str | None:
    """The first inclusion that cannot be decided for the company (a figure not given), or None."""
    return next((rule.id for rule in methodology.rules_of("inclusion")
                 if (step := outcome.steps.get(rule.id)) is not None and step.status == ERROR), None)


def _surely_fails(rule: ScreenRule, scope: PopulationContext, company: Company) -> bool:
    """Whether a company that might be still in (``scope.maybe``) surely fails the stage."""
    try:
        return not rule.condition.fn(scope, company)  # type: ignore[union-attr]
    except Missing:
        return False


def _why(step: Step, company: Company) -> list[Reason]:
    """Why a company was stopped by a figure not given (its result's error), as a ranking names it."""
    return [Reason(en, company, getattr(company, "location", None), ko, labelled=True) for en, ko in step.missing]


def _observed(rule: ScreenRule, scope: PopulationContext, company: Company) -> Any:
    if rule.figure_field is not None:  # a field of the company, as {get: company.FIELD} reads it (None: not given)
        return getattr(company, rule.figure_field)
    if rule.figure is None:
        return None
    try:
        return exact(rule.figure.fn(scope, company))
    except Missing:
        return None


def _judge(rule: ScreenRule, condition: Expr, scope: PopulationContext, company: Company, excluded_when: bool = False) -> Step:
    """The rule's condition for one company, with the comparisons it met. For an exclusion the
    condition says when the company is excluded: holding it is a ``fail``."""
    trace: list[Measure] = []
    scope.trace = trace
    try:
        holds = condition.fn(scope, company)
    except Missing as error:
        return Step(rule, ERROR, _observed(rule, scope, company), tuple(trace), lacking(error, company))
    finally:
        scope.trace = None
    passed = (not holds) if excluded_when else holds
    return Step(rule, PASS if passed else FAIL, _observed(rule, scope, company), tuple(trace))


def _sort_keys(rule: ScreenRule, scope: PopulationContext, codes: list[str], companies: Mapping[str, Company]
               ) -> tuple[list[SortKey[str]], dict[str, tuple[tuple[str, str], ...]]]:
    """The rule's order as sort keys over codes (each figure computed once), and the companies
    that lack a figure of it."""
    values: list[dict[str, Any]] = [{} for _ in rule.order]
    unordered: dict[str, tuple[tuple[str, str], ...]] = {}
    for code in codes:
        absent: list[tuple[str, str]] = []
        for i, key in enumerate(rule.order):
            try:
                values[i][code] = exact(key.by.fn(scope, companies[code]))
            except Missing as error:
                absent.extend(lacking(error, companies[code]))
        if absent:
            unordered[code] = tuple(dict.fromkeys(absent))
    keys = [SortKey(table.__getitem__, key.descending) for table, key in zip(values, rule.order)]
    return keys, unordered


def _first_placement(rule: ScreenRule, scope: PopulationContext, company: Company) -> Placement | None:
    """The company's place by the first order key, when that key is a ranking."""
    ranking = rule.order[0].by.detail if rule.order else None
    if ranking is None:
        return None
    placements, _ = ranking.table(scope)
    return placements.get(id(company))


def _whole_index(rule: ScreenRule, name: str, scope: PopulationContext) -> Any:
    """A rule's figure for the whole index (places, cap): one the methodology gives, so what keeps
    it from being computed (a version's parameter of 0 under a ratio) is the methodology's mistake."""
    try:
        return getattr(rule, name).fn(scope, None)
    except Missing as missing:
        ko = "; ".join(r.ko or r.message for r in missing.reasons)
        raise InputError.at(rule.defined_at, f"{rule.id}: its {name} cannot be computed: {missing}",
                            ko=f"{rule.id}: {name}을(를) 계산할 수 없습니다: {ko}") from None


def _weigh(rule: ScreenRule, codes: list[str], companies: Mapping[str, Company], outcomes: dict[str, CompanyOutcome],
           context: Callable[[tuple[Company, ...]], PopulationContext], notices: list[Notice]
           ) -> tuple[dict[str, Fraction] | None, int, frozenset[str]]:
    scope = context(tuple(companies[code] for code in codes))
    figures: dict[str, Any] = {}
    for code in codes:
        try:
            figures[code] = exact(rule.weight_by.fn(scope, companies[code]))  # type: ignore[union-attr]
        except Missing as error:
            outcomes[code].steps[rule.id] = Step(rule, ERROR, missing=lacking(error, companies[code]))
    cap = Fraction(exact(_whole_index(rule, "cap", scope)))  # a ratio of the methodology's
    if len(figures) < len(codes) or not codes:
        if codes:
            notices.append(Notice(f"{rule.id}: the weights cannot be computed: a constituent's figure is not given",
                                  f"{rule.id}: 구성종목의 값이 없어 비중을 계산할 수 없습니다"))
        for code in figures:
            outcomes[code].steps[rule.id] = Step(rule, ERROR, figures[code])
        return None, 0, frozenset()
    try:
        result = capped_weights(figures, cap)
    except CapInfeasible as error:
        why = (f"the weights cannot be capped: {error}", f"비중 상한을 적용할 수 없습니다: {error.ko}")
        notices.append(Notice(f"{rule.id}: {why[0]}", f"{rule.id}: {why[1]}"))
        for code in codes:  # (every figure is given: the reason is the cap, not a figure)
            outcomes[code].steps[rule.id] = Step(rule, ERROR, figures[code], missing=(why,))
        return None, 0, frozenset()
    for code in codes:
        weight = result.weights[code]
        outcomes[code].weight = weight
        outcomes[code].steps[rule.id] = Step(rule, PASS, figures[code],
                                             (Measure(weight, "<=", cap, weight <= cap),), weight=weight,
                                             note="capped" if code in result.capped else None)
    return result.weights, result.rounds, result.capped
