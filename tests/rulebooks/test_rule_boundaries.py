"""Every threshold is shown decided exactly at its line: for each rule check of a shipped rulebook
that compares a figure with a threshold by an ordering operator (>=, >, <=, <, between), a rule
test's case puts a figure exactly on the threshold (on each end of a between) and expects the
status the regulation gives there: ``pass`` where the line is inclusive (``>=``, ``<=``,
``between``), the rule's failing status where it is not (the disparity's ``<``: a day exactly at
the line needs a disclosure).

How it is observed: every case of the rule tests is run (``run_test_file``), and its product is
evaluated again against the rulebook with each rule of several checks split into one rule a
check, so that every result is one check's own: its figure (``observed``), every item's figure
(``figures``, for a check over each item) and the items that failed it (``items``; for a rule with
a clock, the days that decided it). A case reaches a check's boundary when

- it expects the rule's status, and that status is the check's own (a rule failed by another check
  does not show this one's line);
- passing, some figure equals the threshold (every other figure passed too);
- failing, every figure that failed equals the threshold (the line alone decided it).

Each threshold a case meets is held to this, not only the one in force today: a threshold chosen
by the product or the index (a KTB index's 3 issues, a sectoral index's 35%, an ETF on overseas
assets' 2%) or by an older version of the rulebook (the 2011 principal of KRW 5bn) has its own
line, so a case that exercises it shows its boundary too.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any, Iterator

import pytest

from etf_listing.evaluation import evaluate
from etf_listing.results import Result
from etf_listing.rule_checks import Check, Rule
from etf_listing.rule_tests import run_test_file
from etf_listing.rulebook import Rulebook, load_rulebook
from etf_listing.vocabulary.operations.comparisons import holds
from etf_listing.vocabulary.runtime import Missing

from ..conftest import REPOSITORY
from .test_rule_tests import SHIPPED, rule_test_files

ORDERING = (">=", ">", "<=", "<", "between")
DECIDED = ("pass", "fail", "at_risk")


def ordering_checks(rule: Rule) -> list[tuple[int, Check]]:
    return [(i, check) for i, check in enumerate(rule.checks) if check.operator in ORDERING]


def one_check_a_rule(rulebook: Rulebook) -> tuple[Rulebook, list[tuple[str, int]]]:
    """The rulebook with each rule of several checks split into one rule for each ordering check,
    and which (rule, check) each of its rules is."""
    rules: list[Rule] = []
    which: list[tuple[str, int]] = []
    for rule in rulebook.rules:
        for i, check in ordering_checks(rule):
            rules.append(rule if len(rule.checks) == 1 else dataclasses.replace(rule, checks=(check,)))
            which.append((rule.id, i))
    return dataclasses.replace(rulebook, rules=tuple(rules)), which


def at(figure: Any, line: Any) -> bool:
    """Whether ``figure`` is exactly ``line`` (decided as the rules decide it: a correlation
    exactly, not by the digits it shows)."""
    try:
        return holds(figure, ">=", line) and holds(figure, "<=", line)
    except Missing:  # a figure that is not a number (none given) is not at a line
        return False


def ends(result: Result) -> list[tuple[str, str, Any]]:
    """(end, its own operator, the line) of a check's result: one for a single line, two for between."""
    if result.operator == "between":
        low, high = result.threshold
        return [("low", ">=", low), ("high", "<=", high)]
    return [("line", result.operator, result.threshold)]


def all_figures(result: Result) -> list[Any]:
    return [figure for _, figure in result.figures] + [item.observed for item in result.items] + [result.observed]


def failing_figures(result: Result) -> list[Any]:
    return [item.observed for item in result.items] or [result.observed]


def reached(result: Result, operator: str, line: Any) -> bool:
    """Whether the check's result shows ``line`` decided: passing with a figure on it (where the
    line is inclusive), or failing with every failing figure on it (where it is not)."""
    inclusive = holds(line, operator, line) if operator != "between" else True
    if result.status == "pass":
        return inclusive and any(at(figure, line) for figure in all_figures(result))
    figures = failing_figures(result)
    return not inclusive and bool(figures) and all(at(figure, line) for figure in figures)


@dataclasses.dataclass(frozen=True)
class Line:
    """A threshold of one check: (rule, check index, end, the threshold) and what reached it."""

    rule: str
    check: int
    end: str
    threshold: Any


def observed(rulebook_path: str) -> tuple[dict[Line, list[str]], dict[Line, list[str]]]:
    """The lines the rule tests' cases meet (decided, for a rule the case expects a status of),
    each with the cases that meet it, and those that reach it exactly."""
    rulebook = load_rulebook(rulebook_path)
    split, which = one_check_a_rule(rulebook)
    met: dict[Line, list[str]] = {}
    shown: dict[Line, list[str]] = {}
    for file in rule_test_files(rulebook_path):
        for case in run_test_file(file, root=str(REPOSITORY)).cases:
            if case.report is None or case.report.rulebook.id != rulebook.id:
                continue
            report = evaluate(case.report.product, split, case.report.as_of)
            for (rule_id, check), result in zip(which, report.results):
                expected = case.expect.get(rule_id)
                if expected is None or result.status not in DECIDED:
                    continue
                for end, operator, line in ends(result):
                    key = Line(rule_id, check, end, line)
                    met.setdefault(key, []).append(case.name)
                    if result.status == expected and reached(result, operator, line):
                        shown.setdefault(key, []).append(case.name)
    return met, shown


def every_line(rulebook: Rulebook) -> Iterator[tuple[str, int, str]]:
    for rule in rulebook.rules:
        for i, check in ordering_checks(rule):
            for end in (("low", "high") if check.operator == "between" else ("line",)):
                yield rule.id, i, end


@pytest.mark.parametrize("rulebook_path", SHIPPED, ids=os.path.basename)
def test_the_rule_tests_decide_every_threshold_exactly_at_its_line(rulebook_path: str, in_repository: Path) -> None:
    met, shown = observed(rulebook_path)
    rulebook = load_rulebook(rulebook_path)
    unshown = [(rule, check, end) for rule, check, end in every_line(rulebook)
               if not any((line.rule, line.check, line.end) == (rule, check, end) for line in shown)]
    assert unshown == [], "no case puts a figure exactly on these lines"
    unshown_thresholds = sorted((line.rule, line.check, line.end, str(line.threshold)) for line in met if line not in shown)
    assert unshown_thresholds == [], "cases meet these thresholds, but none exactly at the line"

