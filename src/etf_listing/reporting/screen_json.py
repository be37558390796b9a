"""The JSON report of a screen (``etf-check screen --format json``), as the contract shapes it.

Written compactly, by a C encoder where one is installed. Figures are exact decimal strings (a
weight that does not end is given to 28 significant digits); companies are in code order and
nothing depends on the order of the universe's rows, so the same universe gives the same bytes
however its rows are ordered.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Context, Decimal
from fractions import Fraction
from typing import Any

from .. import __version__
from ..screening.evaluate import CompanyOutcome, ScreenReport, Step
from ..screening.figures import SIGNIFICANT, exact_text
from ..vocabulary.numbers import plain as plain_text
from ..vocabulary.rankings import Placement
from ..screening.messages import describe
from ..screening.summary import distribution, turnover

SCHEMA_VERSION = 1


_UNREACHED: dict[tuple[str, str], dict[str, Any]] = {}


def step_dict(step: Step, report: ScreenReport, lang: str, plain: dict[Any, dict[str, Any]] | None = None) -> dict[str, Any]:
    """One rule's result for one company; ``plain``: the results already written for this report
    of rules decided on a figure alone, or on comparisons of a few values, by what decided them."""
    if step.status == "not_reached":  # most results of a large universe: the same for every company
        key = (step.rule.id, lang)
        if key not in _UNREACHED:
            _UNREACHED[key] = {"rule": step.rule.id, "status": step.status, "observed": None, "rank": None,
                               "rank_ratio": None, "threshold": None, "message": describe(step, report, lang)}
        if plain is not None:  # a screen shares one such result per rule: found by the object next time
            plain[id(step)] = _UNREACHED[key]
        return _UNREACHED[key]
    if plain is None or step.missing or step.weight is not None or step.note is not None or step.placement is not None \
            or step.rule.role not in _DECIDED_ALONE:
        return _step_dict(step, report, lang)
    observed = step.observed
    if not step.measures:
        # A rule decided on a figure alone (a flag, a date), or that does not apply: the same result
        # for every company with that figure (most companies are not an administrative issue).
        figure: tuple[Any, ...] = (step.rule.id, step.status, type(observed), str(observed) if type(observed) is Decimal else observed)
    elif type(observed) in _FEW and all(m.placement is None and type(m.left) in _FEW for m in step.measures):
        # Comparisons of values that recur (share_class common != common): the same result for every
        # company that compared the same values (the right sides are this report's own objects).
        figure = (step.rule.id, step.status, type(observed), observed,
                  *[(m.name, type(m.left), m.left, m.operator, id(m.right), m.holds, id(m.kind), m.decided, m.negated)
                    for m in step.measures])
    else:
        return _step_dict(step, report, lang)
    found = plain.get(figure)
    if found is None:
        found = plain[figure] = _step_dict(step, report, lang)
    return found


_DECIDED_ALONE = frozenset(["exclusion", "stage", "inclusion"])
_FEW = frozenset([str, bool, type(None)])  # values that recur from company to company


def _step_dict(step: Step, report: ScreenReport, lang: str) -> dict[str, Any]:
    rule, status, measures = step.rule, step.status, step.measures
    primary = step.primary if measures else None
    placement = step.placement
    if placement is None and primary is not None:
        placement = primary.placement
    # the figure, operator and threshold of the comparison that decided (Step.compared): a KONEX
    # company's market, not its share class; a two-year sum below zero, not a year's loss
    observed, operator, threshold = step.compared
    if rule.role == "selection" and report.cut is not None and status in ("pass", "fail"):
        threshold, operator = report.cut.keys[0], "<=" if not rule.order[0].descending else ">="
    result: dict[str, Any] = {
        "rule": rule.id,
        "status": status,
        "observed": plain_text(observed) if type(observed) is Decimal else exact_text(observed),
        "rank": None if placement is None else placement.rank,
        "rank_ratio": None if placement is None else _ratio_text(placement),
        "threshold": None if threshold is None else _shared_text(threshold),
        "message": describe(step, report, lang),
    }
    if operator is not None:
        result["operator"] = operator
    if placement is not None:
        result["ranked"] = placement.of
        if placement.group is not None:
            result["group"] = placement.group
    if step.weight is not None:
        result["weight"] = exact_text(step.weight)
    if step.missing:
        result["missing"] = [en for en, _ in step.missing]
    if primary is None or primary.placement is None:  # no ranking among its measures
        return result
    ranked = [m for m in measures if m.placement is not None]
    if len(ranked) > 1:
        result["measures"] = [{"measure": m.measure, "value": exact_text(m.left), "operator": m.operator,
                               "threshold": _shared_text(m.right), "holds": m.holds, "rank": m.placement.rank,
                               "ranked": m.placement.of, "group": m.placement.group, "needs": _shared_text(m.needs)}
                              for m in ranked if m.placement is not None]
    elif ranked[0].needs is not None and not ranked[0].holds:
        result["needs"] = _shared_text(ranked[0].needs)
    return result


def _ratio_text(placement: Placement) -> Any:
    """A placement's rank ratio as exact text (``figures.exact_text`` of rank / of: exact where
    it ends, else 28 significant digits), once per rank and count: the quotient of the two whole
    numbers, correctly rounded, is the quotient of the fraction's (a test keeps them equal)."""
    key = (placement.rank, placement.of)
    found = _RATIOS.get(key)
    if found is None:
        if len(_RATIOS) > 65536:
            _RATIOS.clear()
        found = _RATIOS[key] = plain_text(_QUOTIENT.divide(Decimal(placement.rank), Decimal(placement.of)))
    return found


_QUOTIENT = Context(prec=SIGNIFICANT)
_RATIOS: dict[tuple[int, int], Any] = {}


def _shared_text(value: Any) -> Any:
    """``exact_text`` of a value many results share (a threshold, the figure at a line), once: a
    date, a whole number or a text by its value, anything else by the object (held here)."""
    if value is None:
        return None
    by_value = type(value) in _BY_VALUE
    key = (type(value), value) if by_value else id(value)
    found = _SHARED.get(key)
    if found is not None and (by_value or found[0] is value):
        return found[1]
    if len(_SHARED) > 4096:
        _SHARED.clear()
    text = exact_text(value)
    _SHARED[key] = (value, text)
    return text


_BY_VALUE = frozenset([dt.date, int, str])
_SHARED: dict[Any, tuple[Any, Any]] = {}


def company_dict(outcome: CompanyOutcome, report: ScreenReport, lang: str, plain: dict[Any, dict[str, Any]] | None = None
                 ) -> dict[str, Any]:
    company = outcome.company
    result: dict[str, Any] = {"code": company.code, "name": company.name, "status": outcome.status, "stopped_at": outcome.stopped_at}
    if outcome.via:
        result["via"] = outcome.via
    if outcome.weight is not None:
        result["weight"] = exact_text(outcome.weight)
    steps = outcome.steps.values()
    if plain is None:
        result["results"] = [step_dict(step, report, lang) for step in steps]
    else:
        result["results"] = [found if (found := plain.get(id(step))) is not None else step_dict(step, report, lang, plain)
                             for step in steps]
    return result


def screen_dict(report: ScreenReport, lang: str = "en", companies: Sequence[str] | None = None) -> dict[str, Any]:
    methodology, version = report.methodology, report.version
    codes = list(report.companies) if not companies else list(dict.fromkeys(companies))
    plain: dict[Any, dict[str, Any]] = {}  # this report's results written once: by what decided them, or by the result
    return {
        "file": report.file,
        "universe": report.universe.name,
        "rulebook": {"id": methodology.id, "version": version.version, "effective_from": version.effective_from.isoformat()},
        "as_of": report.as_of.isoformat(),
        "counts": _counts(report),
        "selected": [_selected(report, code, place) for place, code in enumerate(report.selected, 1)],
        "companies": [company_dict(report.companies[code], report, lang, plain) for code in codes],
        "funnel": [{"rule": step.rule.id, "role": step.rule.role, "entered": step.entered, "left": step.left,
                    "kept": step.kept} for step in report.funnel],
        "distribution": distribution(report),
        "turnover": turnover(report),
        "weights": {"rounds": report.weight_rounds, "capped": sorted(report.capped),
                    "total": exact_text(sum(report.weights.values(), Fraction(0))) if report.weights is not None else None},
        "notices": [notice.text(lang) for notice in report.notices],
    }


def _selected(report: ScreenReport, code: str, place: int) -> dict[str, Any]:
    outcome = report.companies[code]
    company = outcome.company
    return {"place": place, "code": code, "name": company.name, "market": company.market,
            "industry_group": company.industry_group,
            "weight": exact_text(outcome.weight) if outcome.weight is not None else None, "via": outcome.via}


def _counts(report: ScreenReport) -> dict[str, int]:
    counts = {"companies": len(report.companies), "selected": 0, "not_selected": 0, "excluded": 0, "error": 0}
    for outcome in report.companies.values():
        counts[outcome.status] += 1
        counts["error"] += outcome.undecided  # of those not selected or excluded: stopped by a figure not given
    return counts


def render_json(reports: Sequence[ScreenReport], lang: str = "en", companies: Sequence[str] | None = None) -> str:
    document = {"schema_version": SCHEMA_VERSION, "tool": {"name": "etf-listing", "version": __version__},
                "screens": [screen_dict(report, lang, companies) for report in reports]}
    return compact(document) + "\n"


def compact(document: Any) -> str:
    """The document without indentation (a screen lists every company's path: 6 MB for 2,500
    companies, twice that indented), by orjson where it is installed, else by ``json``."""
    try:
        import orjson
    except ImportError:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    try:
        return orjson.dumps(document).decode()
    except TypeError:  # what orjson does not take (an integer beyond 64 bits): the same text by json
        return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
