"""``etf-check explain RULE_ID``: what a rule requires, with what parameters, where it applies,
where it comes from, and how its figures changed over the rulebook's versions."""

from __future__ import annotations

import argparse
import re
from typing import Any, Sequence

import yaml

from ..checker import Checker
from ..errors import did_you_mean, printable
from ..formatting import format_value
from ..options import EXIT_INVALID, add_language, add_rulebook, parse
from ..rulebook import Rule, Rulebook

HEADINGS = {
    "en": {"requirement": "Requirement", "applies": "Applies when", "always": "always",
           "parameters": "Parameters", "citation": "Citation", "history": "Version history",
           "unconfirmed": "not confirmed by the sources", "unchanged": "no change to this rule's parameters",
           "current": "in force", "rulebook": "Rulebook", "checks": "Checks", "each": "for each of",
           "terms": "Operations used", "definitions": "Definitions used",
           "condition": "where the rulebook's condition holds"},
    "ko": {"requirement": "요건", "applies": "적용 조건", "always": "항상", "parameters": "매개변수",
           "citation": "근거", "history": "버전 이력", "unconfirmed": "출처로 확인되지 않음",
           "unchanged": "이 규칙의 매개변수 변경 없음", "current": "시행 중", "rulebook": "규정집", "checks": "검사",
           "each": "각 항목:", "terms": "사용한 연산", "definitions": "사용한 정의",
           "condition": "규정집의 조건이 성립할 때"},
}


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="etf-check explain", description="Explain one rule of a rulebook.")
    parser.add_argument("rule", metavar="RULE_ID")
    add_rulebook(parser)
    add_language(parser)
    options = parse(parser, argv)
    checker = Checker(options)
    rulebook = checker.rulebook_or_methodology()  # neither: its problems, exit status 2
    wanted = str(options.extra["rule"])
    try:
        rule = rulebook.rule(wanted)
    except KeyError:
        hint = did_you_mean(wanted, [r.id for r in rulebook.rules])
        shown = printable(wanted)  # (as typed, but never a control character reaching the terminal)
        checker.say(f"no rule '{shown}' in {rulebook.id}" + (f" ({hint})" if hint else ""),
                    f"'{shown}'라는 규칙이 {rulebook.id}에 없습니다" + (f" ({hint})" if hint else ""), "etf-check explain")
        return EXIT_INVALID
    return checker.write(explain(rule, rulebook, checker.lang) + "\n")


def explain(rule: Rule, rulebook: Rulebook, lang: str = "en") -> str:
    words = HEADINGS[lang]
    text = lambda t: t.get(lang, t["en"])  # noqa: E731 - a field's text in the chosen language
    lines = [f"{rule.id}: {text(rule.title)}"]
    if not rule.confirmed:
        lines.append(f"  ({words['unconfirmed']})")
    lines += ["", f"{words['requirement']}:", f"  {text(rule.requirement)}", "", f"{words['applies']}:"]
    if rule.source.get("applies_when") is None:
        lines.append(f"  {words['always']}")
    else:
        lines.append(f"  {_applies(text(rule.not_applicable)) if rule.not_applicable else words['condition']}")
    if hasattr(rule, "checks"):  # a listing rule; an index methodology's rules say their conditions above
        lines += ["", f"{words['checks']}:", *_checks(rule, lang)]
        operations, definitions = terms(rule, rulebook)
        lines += ["", f"{words['terms']}:", *(f"  {line}" for line in operations)]
        if definitions:
            lines += ["", f"{words['definitions']}:", *(f"  {line}" for line in definitions)]
    lines += ["", f"{words['parameters']}:"]
    for name in rule.parameters:
        parameter = rulebook.parameters[name]
        flag = "" if parameter.confirmed else f" ({words['unconfirmed']})"
        lines.append(f"  {name} = {_shown(parameter.value, parameter.unit, lang)}{flag}: {text(parameter.description)}")
    if not rule.parameters:
        lines.append("  -")
    lines += ["", f"{words['citation']}:", f"  {text(rule.citation)}", "", f"{words['history']} ({rulebook.id}):"]
    for version in rulebook.versions:
        until = f" – {version.effective_to}" if version.effective_to else f" – ({words['current']})"
        flag = "" if version.effective_from_confirmed else f" [{words['unconfirmed']}]"
        relevant = {n: v for n, v in version.parameters.items() if n in rule.parameters}
        shown = ", ".join(f"{n} = {_shown(v, rulebook.parameters[n].unit, lang)}" for n, v in relevant.items())
        changed = [n for n in version.changes if n in rule.parameters]
        marker = " *" if changed else ""
        lines.append(f"  {version.version}: {version.effective_from}{until}{flag}{marker}  {shown or words['unchanged']}")
    return "\n".join(lines)


def _checks(rule: Rule, lang: str) -> list[str]:
    """Each check as written, with the type the compiler found for its value and threshold."""
    words = HEADINGS[lang]
    written = rule.source.get("checks") or [rule.source.get("check") or {}]
    lines = []
    for check, source in zip(rule.checks, written):
        each = f"{words['each']} {_expression(source.get('each'))} ({check.each.type.describe(lang)}): " if check.each else ""
        lines.append(f"  {each}{_expression(source.get('value'))} ({check.value.type.describe(lang)}) {check.operator} "
                     f"{_expression(source.get('threshold'))} ({check.threshold.type.describe(lang)})")
    return lines


def terms(rule: Rule, rulebook: Rulebook) -> tuple[list[str], list[str]]:
    """The operations the rule uses, through the definitions it refers to, each with what it
    computes (from the operation's declaration), and the definitions as the rulebook writes them."""
    from ..vocabulary.reference import term
    from ..vocabulary.tree import OPERATIONS

    used: dict[str, None] = {}
    definitions: dict[str, None] = {}
    pending = [rule.source.get(key) for key in ("applies_when", "check", "checks", "vars")]
    while pending:
        node = pending.pop(0)
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            for key, inner in node.items():
                if key in OPERATIONS:
                    used.setdefault(str(key))
                if key == "ref" and isinstance(inner, str) and inner in rulebook.definitions and inner not in definitions:
                    definitions.setdefault(inner)
                    pending.append(rulebook.definitions[inner])
                pending.append(inner)
    return ([term(OPERATIONS[name]) for name in sorted(used)],
            [f"{name} = {_expression(rulebook.definitions[name])}" for name in definitions])


def _shown(value: Any, unit: str | None, lang: str) -> str:
    if unit in ("krw", "ratio"):
        return format_value(value, unit, lang)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _expression(node: Any) -> str:
    """An expression as the rulebook writes it, on one line."""
    return yaml.safe_dump(node, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10_000).strip()


def _applies(not_applicable: str) -> str:
    """Where a rule applies, in the rulebook's own words: the first clause of its not_applicable
    text ("Applies to securities indices"), without what it says of one product ("this index's
    asset class is {asset_class}"). The rule's expression is for the rulebook, not for a reader."""
    clause = re.sub(r"\{[a-z_]+\}", "", re.split(r"; |\. |\.$|\.\{", not_applicable, maxsplit=1)[0]).strip().rstrip(".")
    if clause.startswith("Applies") or clause.endswith("적용됩니다"):
        return clause + "."
    # a not_applicable text that says why, not where: shown as that, beside the condition
    otherwise = re.sub(r"\{[a-z_]+\}", "-", not_applicable)
    return (f"규정집의 조건이 성립할 때 (아니면: {otherwise})" if re.search("[가-힣]", not_applicable)
            else f"where the rulebook's condition holds (otherwise: {otherwise})")
