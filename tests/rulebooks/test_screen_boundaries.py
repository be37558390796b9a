"""Every line of a shipped index screen is shown decided exactly at it, as the rule tests show a
rulebook's (test_rule_boundaries.py): for each comparison a methodology's conditions draw with an
ordering operator (>=, >, <=, <), a case puts a company's figure exactly on it and expects the
status the methodology gives there.

A screen's rules are conditions on each company (``excluded_when``, ``passes_when``, an
inclusion's ``applies_when``), not checks of a product, so they have no rule-test files: their cases
are tests/screening/boundary_cases.py, checked here too. Every comparison a condition meets is
recorded by the screen (a ``Measure``: the two sides, the operator, whether it held); an inclusion's
``applies_when`` is evaluated again here with a trace, as the screen evaluates it. The written
conditions (their definitions followed) say which comparisons there are, in the order they are met;
a comparison whose figure is not given is not met, so the measures are matched to them in order, by
operator and by what the left side is.

A case reaches a line when a company's two sides are exactly equal there and the case expects the
company's status at the rule to be the one the line gives: a comparison holding counts towards
passing (towards being excluded under ``excluded_when``, and the other way under ``not``); an
``applies_when`` holding makes the rule apply. Where a condition has several comparisons, the case's
name says which line decided it (and a company beside it on the other side shows it did).

What no case can show this way is in ``SHOWN_ELSEWHERE``, each with why and the tests that show it.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from etf_listing.rulebook import shipped_rulebooks
from etf_listing.screening.methodology import Methodology, ScreenRule, load_methodology
from etf_listing.vocabulary.population import PopulationContext
from etf_listing.vocabulary.runtime import Missing

from ..screening.boundary_cases import CASES, ScreenCase

METHODOLOGIES = sorted({path for name, path in shipped_rulebooks("index-methodology").items() if "/" not in name})
ORDERING = (">=", ">", "<=", "<")
COMPARING = ORDERING + ("==", "!=", "in", "not_in")
PLACES = ("excluded_when", "passes_when", "applies_when")

# (rule, place) -> (why no case can show it, the tests that show its line)
SHOWN_ELSEWHERE: dict[tuple[str, str], tuple[str, tuple[str, ...]]] = {
    ("valueup.weight.cap", "cap"): (
        "the cap is applied by the screen to the weights it makes (a weight above 15% is capped), not met "
        "by a company's figure: after capping every weight is within it, so a status cannot show the line",
        ("tests/screening/test_value_up_stages.py::test_a_constituent_at_exactly_15_percent_is_not_capped",
         "tests/screening/test_value_up_stages.py::test_a_constituent_lifted_to_exactly_15_percent_by_the_excess_is_not_capped")),
}


@dataclasses.dataclass(frozen=True)
class Site:
    """One comparison a rule's condition makes: where, its operator, what its left side is, and
    whether holding it counts towards passing (+1) or against (-1)."""

    rule: str
    place: str
    index: int
    operator: str
    subject: str
    towards: int


def _subject(node: Any) -> str:
    """What the left side of a written comparison is: a field, a definition, or a ranking."""
    if isinstance(node, dict) and "get" in node:
        return str(node["get"]).rpartition(".")[2]
    if isinstance(node, dict) and "ref" in node:
        return str(node["ref"])
    for ranking in ("rank", "rank_ratio"):
        if isinstance(node, dict) and ranking in node:
            within = f" within {_subject(node['within'])}" if "within" in node else ""
            return f"{ranking}({_subject(node[ranking])}{within})"
    return repr(node)


def _measured_subject(measure: Any) -> str:
    """The same, of a comparison met (a Measure)."""
    if measure.name:
        return str(measure.name)
    if measure.label is not None:
        ranking = measure.label
        within = f" within {ranking.within.name}" if ranking.within is not None else ""
        return f"{'rank_ratio' if ranking.ratio else 'rank'}({ranking.key.name}{within})"
    return "?"


def _written(node: Any, definitions: dict[str, Any], towards: int, found: list[tuple[str, str, int]]) -> None:
    """The comparisons of a written condition, in the order they are met (definitions followed)."""
    if isinstance(node, list):
        for part in node:
            _written(part, definitions, towards, found)
    elif isinstance(node, dict):
        if set(node) == {"ref"} and node["ref"] in definitions:
            _written(definitions[node["ref"]], definitions, towards, found)
        elif set(node) == {"not"}:
            _written(node["not"], definitions, -towards, found)
        elif set(node) in ({"all"}, {"any"}):
            _written(next(iter(node.values())), definitions, towards, found)
        elif len(node) == 1 and next(iter(node)) in COMPARING:
            operator, (left, _) = next(iter(node.items()))
            found.append((operator, _subject(left), towards))


def written_sites(path: str) -> dict[tuple[str, str], list[Site]]:
    """Every comparison of each rule's conditions, by (rule, place); a weighting's cap as one more
    (each weight at most the cap)."""
    with open(path, encoding="utf-8") as stream:
        document = yaml.safe_load(stream)
    definitions = document.get("definitions") or {}
    sites: dict[tuple[str, str], list[Site]] = {}
    for rule in document["rules"]:
        for place in PLACES:
            if place in rule:
                found: list[tuple[str, str, int]] = []
                _written(rule[place], definitions, -1 if place == "excluded_when" else 1, found)
                sites[(rule["id"], place)] = [Site(rule["id"], place, i, *f) for i, f in enumerate(found)]
        if "cap" in rule:
            sites[(rule["id"], "cap")] = [Site(rule["id"], "cap", 0, "<=", "weight", 1)]
    return sites


def placed(sites: list[Site], measures: list[Any], rule_id: str) -> list[tuple[Site, Any]]:
    """Each measure with the comparison it is: the next of ``sites`` with its operator and subject
    (those whose figure was not given were not met, and are passed over)."""
    found, at = [], 0
    for measure in measures:
        subject = _measured_subject(measure)
        while at < len(sites) and (sites[at].operator, sites[at].subject) != (measure.operator, subject):
            at += 1
        assert at < len(sites), f"{rule_id}: a comparison {measure.operator} of {subject} its conditions do not write"
        found.append((sites[at], measure))
        at += 1
    return found


def on_line(left: Any, right: Any) -> bool:
    """Whether the two sides of a comparison are exactly equal (a rank ratio is a Fraction and its
    line a Decimal; dates compare as dates)."""
    if all(isinstance(side, (int, Decimal, Fraction)) and not isinstance(side, bool) for side in (left, right)):
        return Fraction(left) == Fraction(right)
    return type(left) is type(right) and left == right


def measures_of(report: Any, methodology: Methodology, code: str, rule: ScreenRule) -> dict[str, list[Any]]:
    """The comparisons ``code`` met at ``rule``, by place: its condition's, as the screen recorded
    them, and an inclusion's applies_when, evaluated again with a trace as the screen evaluates it."""
    place = "excluded_when" if rule.role == "exclusion" else "passes_when"
    measured = {place: list(report.companies[code].steps[rule.id].measures)}
    if rule.applies_when is not None:
        universe, day = report.universe, report.as_of
        scope = PopulationContext(universe.companies, methodology.in_force(day).parameters, day,
                                  {"universe": dataclasses.replace(universe, as_of=day)}, universe.file)
        scope.trace = []
        try:
            rule.applies_when.fn(scope, universe.company(code))
        except Missing:
            pass
        measured["applies_when"] = list(scope.trace)
    return measured


def cases_of(methodology: Methodology) -> list[ScreenCase]:
    assert methodology.id in CASES, f"no boundary cases for the screen {methodology.id} (tests/screening/boundary_cases.py)"
    return CASES[methodology.id]


def lines_shown(methodology_path: str, folder: Path) -> tuple[dict[tuple[str, str], list[Site]], dict[Site, list[str]]]:
    """The methodology's comparisons, and those its cases reach exactly, each with the cases;
    every case's expected statuses checked on the way."""
    methodology = load_methodology(methodology_path)
    rules = {rule.id: rule for rule in methodology.screen_rules}
    sites = written_sites(methodology_path)
    shown: dict[Site, list[str]] = {}
    for n, case in enumerate(cases_of(methodology)):
        report = case.screened(folder / str(n), methodology)
        for code, expected in case.expect.items():
            for rule_id, status in expected.items():
                assert report.companies[code].steps[rule_id].status == status, (case.name, code, rule_id)
                for place, measures in measures_of(report, methodology, code, rules[rule_id]).items():
                    for site, measure in placed(sites[(rule_id, place)], measures, rule_id):
                        towards_passing = measure.holds == (site.towards > 0)
                        gives = status != "not_applicable" if place == "applies_when" else status == "pass"
                        if on_line(measure.left, measure.right) and gives == towards_passing:
                            shown.setdefault(site, []).append(case.name)
    return sites, shown


@pytest.mark.parametrize("methodology_path", METHODOLOGIES, ids=os.path.basename)
def test_the_screen_cases_decide_every_line_exactly_at_it(methodology_path: str, tmp_path: Path) -> None:
    sites, shown = lines_shown(methodology_path, tmp_path)
    ordering = [site for found in sites.values() for site in found if site.operator in ORDERING]
    assert ordering, "no ordering comparison found: the conditions are not read as written"
    unshown = [(site.rule, site.place, site.operator, site.subject) for site in ordering
               if site not in shown and (site.rule, site.place) not in SHOWN_ELSEWHERE]
    assert unshown == [], "no case puts a figure exactly on these lines"


def test_what_is_shown_elsewhere_is_a_line_of_a_shipped_screen_and_its_tests_exist() -> None:
    sites = {key for path in METHODOLOGIES for key in written_sites(path)}
    repository = Path(__file__).resolve().parent.parent.parent
    for key, (why, tests) in SHOWN_ELSEWHERE.items():
        assert key in sites and why and tests, key
        for test in tests:
            file, _, name = test.partition("::")
            module = importlib.import_module(file.removesuffix(".py").replace("/", "."))
            assert (repository / file).is_file() and callable(getattr(module, name, None)), test
