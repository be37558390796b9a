"""JUnit XML (``--format junit``): one test suite per product, one test case per rule.

CI systems that read test reports show a listing check beside the unit tests: a ``fail`` result is
a ``<failure>``, an ``error`` (the rule could not be decided) an ``<error>``, and a rule that does
not apply is ``<skipped>``. An ``at_risk`` rule (a warning) is a passing case whose properties say
so, with its clock's dates. A file that could not be read is a suite with one ``<error>`` case.
No timestamps or durations: the same inputs give the same bytes. Text from the user's files is
written with its control characters as escapes (``\\x07``), so the report stays well-formed XML 1.0.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, Sequence

from ..errors import printable
from ..results import Report, Result
from ..formatting import format_threshold, format_value, in_language, label
from .outcome import Outcome, RenderOptions

# What XML 1.0 forbids besides control characters (which printable() escapes).
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
ELEMENTS = {"fail": "failure", "error": "error", "not_applicable": "skipped", "waived": "skipped"}
WORDS = {
    "en": {"observed": "observed", "required": "required", "at": "at", "citation": "citation",
           "unreadable": "could not be evaluated", "input": "input"},
    "ko": {"observed": "실제", "required": "요건", "at": "위치", "citation": "근거",
           "unreadable": "평가할 수 없습니다", "input": "입력 파일"},
}


def render_junit(outcomes: Sequence[Outcome], options: RenderOptions) -> str:
    root = ET.Element("testsuites", name="etf-check")
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for outcome in outcomes:
        suite = _suite(outcome.report, options.lang) if outcome.report is not None else _unreadable(outcome, options.lang)
        if outcome.timeline is not None:  # a watched period: its span, and each rule's status changes
            _period(suite, outcome.timeline)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
        root.append(suite)
    for key, value in totals.items():
        root.set(key, str(value))
    for element in root.iter():
        element.text = _safe(element.text) if element.text else element.text
        for name, text in list(element.attrib.items()):
            element.set(name, _safe(text))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _safe(text: str) -> str:
    """``text`` with every character XML 1.0 forbids (and other controls) shown as an escape; its
    line breaks kept, as details are written a line each."""
    lines = "\n".join(printable(line) for line in text.split("\n"))
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", lines)


def _suite(report: Report, lang: str) -> ET.Element:
    counts = report.counts
    suite = ET.Element("testsuite", name=report.product.file, tests=str(len(report.results)),
                       failures=str(counts["fail"]), errors=str(counts["error"]), skipped=str(counts["not_applicable"] + counts["waived"]))
    properties = ET.SubElement(suite, "properties")
    rulebook = report.rulebook
    for name, value in (("product", report.product.name), ("rulebook", f"{rulebook.id} {(report.version or rulebook.current).version}"),
                        ("as_of", report.as_of.isoformat() if report.as_of else "-"),
                        ("eligible", "true" if report.eligible else "false"),
                        *((("rulebook_file", rulebook.file), ("rulebook_sha256", rulebook.sha256 or "")) if not rulebook.shipped else ()),
                        *((f"sha256:{file}", digest) for file, digest in report.product.input_files)):
        ET.SubElement(properties, "property", name=name, value=value)
    for result in report.results:
        case = ET.SubElement(suite, "testcase", classname=report.product.file, name=result.rule.id)
        if result.status == "at_risk":  # a warning, not a failure: the case passes and says why
            _at_risk(case, result, lang)
            continue
        element = ELEMENTS.get(result.status)
        if element is not None:
            detail = ET.SubElement(case, element, message=in_language(result.message, lang))
            if element != "skipped":
                detail.set("type", result.status)
                detail.text = _details(result, lang)
    return suite


def _period(suite: ET.Element, timeline: Any) -> None:
    properties = suite.find("properties")
    assert properties is not None
    ET.SubElement(properties, "property", name="period", value=f"{timeline.start}/{timeline.end}")
    for line in timeline.rules:
        steps = ", ".join(f"{c.day} {c.result.status}" for c in line.changes)
        ET.SubElement(properties, "property", name=f"timeline {line.rule.id}", value=steps)


def _at_risk(case: ET.Element, result: Result, lang: str) -> None:
    properties = ET.SubElement(case, "properties")
    ET.SubElement(properties, "property", name="status", value="at_risk")
    ET.SubElement(properties, "property", name="message", value=in_language(result.message, lang))
    for name, day in (result.clock or {}).items():
        if day is not None:
            ET.SubElement(properties, "property", name=name, value=day.isoformat())
    ET.SubElement(case, "system-out").text = _details(result, lang)


def _details(result: Result, lang: str) -> str:
    words = WORDS[lang]
    rule = result.rule
    lines = [in_language(rule.title, lang)]
    if result.observed is not None and result.operator:
        threshold = format_threshold(result.threshold, result.operator, rule.unit, lang)
        observed = format_value(result.observed, rule.unit, lang, avoid=result.threshold)
        lines.append(f"{words['observed']}: {observed}; {words['required']}: {result.operator} {threshold}")
    if result.location is not None:
        lines.append(f"{words['at']} {result.location}")
    for item in result.items:
        figure = f" {format_value(item.observed, rule.unit, lang, avoid=result.threshold)}" if item.observed is not None else ""
        where = f"  ({item.location})" if item.location else ""
        lines.append(f"- {label(item.identity)}{figure}{where}")
    lines.append(f"{words['citation']}: {in_language(rule.citation, lang)}")
    return "\n".join(lines)


def _unreadable(outcome: Outcome, lang: str) -> ET.Element:
    suite = ET.Element("testsuite", name=outcome.file, tests="1", failures="0", errors="1", skipped="0")
    case = ET.SubElement(suite, "testcase", classname=outcome.file, name=WORDS[lang]["input"])
    error = ET.SubElement(case, "error", message=WORDS[lang]["unreadable"], type="input")
    error.text = "\n".join(problem.text(lang) for problem in outcome.problems)
    return suite
