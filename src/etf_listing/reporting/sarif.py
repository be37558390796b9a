"""SARIF 2.1.0 (``--format sarif``): findings for code-scanning tools and SARIF viewers.

One run. The tool's driver lists every rule of the rulebook used, with its title, requirement and
citation. The results are the findings that stop a listing, the ``fail`` and ``error`` results
(and ``waived`` ones, as suppressed results with the waiver's justification),
each at the line of the user's file it is about, with the offending constituents or participants
as related locations. Passes and rules that do not apply are not results: code-scanning tools show
every result as an alert (the JSON report carries the full record). A file that could not be read
is a tool execution notification, and makes the invocation unsuccessful.
"""

from __future__ import annotations

import os
from typing import Any, Sequence
from urllib.parse import quote

from .. import __version__
from ..errors import Location, Problem
from ..results import Report, Result
from ..formatting import format_value, in_language, label
from ..rulebook import Rule
from .json_report import dumps, figure
from .outcome import Outcome, RenderOptions

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
CITATION = {"en": "Citation", "ko": "근거"}


def render_sarif(outcomes: Sequence[Outcome], options: RenderOptions) -> str:
    lang = options.lang
    rules: dict[str, Rule] = {}
    for outcome in outcomes:
        if outcome.report is not None:
            for rule in outcome.report.rulebook.rules:
                rules.setdefault(rule.id, rule)
    index = {rule_id: i for i, rule_id in enumerate(rules)}
    results = [_result(result, report, index[result.rule.id], lang, _changes(outcome.timeline, result.rule.id))
               for outcome in outcomes if (report := outcome.report) is not None
               for result in report.results if result.status in ("fail", "error", "waived", "at_risk")]
    notifications = [_notification(problem, lang) for outcome in outcomes for problem in outcome.problems]
    # A rulebook of the user's own is named by its file and the SHA-256 of its bytes, as in JSON.
    own = sorted({(r.rulebook.file, r.rulebook.sha256 or "") for o in outcomes if (r := o.report) is not None
                  and not r.rulebook.shipped})
    run = {
        "tool": {"driver": {
            "name": "etf-check",
            "version": __version__,
            "semanticVersion": __version__,
            "language": lang,
            "rules": [_rule(rule, lang) for rule in rules.values()],
        }},
        "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}],
        # YAML and CSV positions count characters, not bytes or UTF-16 units (Korean names).
        "columnKind": "unicodeCodePoints",
        "results": results,
        **({"properties": {"rulebooks": [{"file": file, "sha256": digest} for file, digest in own]}} if own else {}),
    }
    document = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return dumps(document) + "\n"


def _rule(rule: Rule, lang: str) -> dict[str, Any]:
    title = in_language(rule.title, lang)
    requirement = in_language(rule.requirement, lang)
    citation = in_language(rule.citation, lang)
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": title},
        "fullDescription": {"text": requirement},
        "help": {"text": f"{requirement}\n{CITATION[lang]}: {citation}",
                 "markdown": f"**{title}**\n\n{requirement}\n\n{CITATION[lang]}: {citation}"},
        "defaultConfiguration": {"level": "error"},
        "properties": {"citation": citation, "unit": rule.unit, "confirmed": rule.confirmed,
                       "parameters": list(rule.parameters)},
    }


def _changes(timeline: Any, rule_id: str) -> list[dict[str, Any]] | None:
    """A watched period's status changes of one rule (``etf-check watch --from --to``)."""
    if timeline is None:
        return None
    line = next((line for line in timeline.rules if line.rule.id == rule_id), None)
    return [{"date": c.day.isoformat(), "status": c.result.status} for c in line.changes] if line else []


def _result(result: Result, report: Report, rule_index: int, lang: str,
            changes: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    where = result.location or Location(report.product.file)
    unit = result.rule.unit
    related = [
        {"id": n, "physicalLocation": _physical(item.location),
         "message": {"text": f"{label(item.identity)} {format_value(item.observed, unit, lang, avoid=result.threshold)}"
                     if item.observed is not None else label(item.identity)}}
        for n, item in enumerate(result.items) if item.location is not None
    ]
    entry: dict[str, Any] = {
        "ruleId": result.rule.id,
        "ruleIndex": rule_index,
        # SARIF knows pass and fail; a rule that cannot be decided stops a listing all the same.
        "kind": "fail",
        # at_risk warns (a running clock, a designation in force) without stopping anything
        "level": "warning" if result.status == "at_risk" else "error",
        "message": {"text": in_language(result.message, lang)},
        "locations": [{"physicalLocation": _physical(where)}],
        "properties": {
            "status": result.status,
            "product": report.product.name,
            "productFile": report.product.file,
            "observed": figure(result.observed),
            "operator": result.operator,
            "threshold": figure(result.threshold),
            "items": [{**item.identity, "observed": figure(item.observed)} for item in result.items],
            **({"clock": {name: figure(day) for name, day in result.clock.items()}} if result.clock is not None else {}),
            **({"timeline": changes} if changes is not None else {}),
        },
    }
    if related:
        entry["relatedLocations"] = related
    if result.waiver is not None:  # a waived fail is a suppressed result: viewers hide it, with the reason
        waiver = result.waiver
        entry["suppressions"] = [{
            "kind": "external", "status": "accepted",
            "justification": f"{waiver.reason} (approved by {waiver.approved_by}, until {waiver.expires})",
            **({"location": {"physicalLocation": _physical(waiver.location)}} if waiver.location else {}),
            **({"properties": {"sha256": waiver.sha256}} if waiver.sha256 else {}),
        }]
    return entry


def _notification(problem: Problem, lang: str) -> dict[str, Any]:
    return {"level": "error", "message": {"text": problem.explained(lang)},
            "locations": [{"physicalLocation": _physical(problem.location)}]}


def _physical(where: Location) -> dict[str, Any]:
    return {"artifactLocation": {"uri": artifact_uri(where.file)},
            "region": {"startLine": where.line, "startColumn": where.column}}


def artifact_uri(path: str) -> str:
    """A file as a URI reference: relative paths stay relative (to the working directory)."""
    if os.path.isabs(path):
        return "file://" + quote(path.replace(os.sep, "/"))
    return quote(path.replace(os.sep, "/"))
