"""Compiling the rules of a rulebook: each rule's condition, checks and unit, typed and checked.

A check compares a value (per item with ``each``) with a threshold by an operator; the compiler
refuses, at load, a comparison that could never be decided (``comparable``), a condition that is
not a flag, and a rule whose ``unit`` is not the unit of its figures.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any, Mapping

from .errors import Location, did_you_mean
from .loading.shapes import SHAPES, IndexDocument, ProductDocument
from .loading.yaml_source import Document
from .vocabulary.compiler import Compiler, RulebookError
from .vocabulary.operations.comparisons import OPERATORS, comparable, known_bounds
from .vocabulary.operations.reading import field_type
from .vocabulary.tree import ROOTS, Expr, fields_of
from .vocabulary.types import ANY, FLAG, RULE_UNITS, Type

Text = Mapping[str, str]
# The keys of the files a location may name besides the fields (where the loaders record positions):
# a product's or an index's keys, and the keys of what a key may hold (a KRX download's file).
_DOCUMENT_KEYS = {"product": frozenset(ProductDocument.FIELDS), "index": frozenset(IndexDocument.FIELDS)}
_INNER_KEYS = frozenset(key for shape in SHAPES.values() for key in shape.FIELDS)


def _file_key(root: str, steps: list[str]) -> bool:
    """Whether a location names a key of the user's file that is no field of the model: a key the
    model does not have (index.market_data), or a file's own key inside one it has (product.pdf.file)."""
    if not steps or steps[0] not in _DOCUMENT_KEYS[root]:
        return False
    if steps[0] not in fields_of(ROOTS[root]):
        return True
    return len(steps) > 1 and all(step in _INNER_KEYS for step in steps[1:])
# The fields of a rule that only the continued-listing watch reads (``watch.clock.compile_watch``):
# a rule without them is compiled without importing the watch.
WATCH_FIELDS = ("observed_on", "clock", "fails_as")


def text_of(value: Any) -> Text:
    """A text field as a mapping by language ('en' always present). The schema is checked with
    dates written as text, so a date may stand where text is expected: it is that text."""
    return {"en": str(value)} if not isinstance(value, dict) else {lang: str(text) for lang, text in value.items()}


@dataclass(frozen=True)
class Check:
    """One comparison of a rule: its value (per item with ``each``) against a threshold."""

    value: Expr
    operator: str
    threshold: Expr
    each: Expr | None = None
    offenders: Expr | None = None
    offender_value: Expr | None = None
    location: str | None = None
    messages: Mapping[str, Text] | None = None  # overrides the rule's messages for this check
    location_named: bool = False  # the rulebook names the location: findings point there
    operator_parameter: str | None = None  # the operator is this parameter's value (a reading left open)
    # Where the finding points when the product does not give ``location`` (the ratio stated, else
    # the PDF it is drawn from), in order.
    location_else: tuple[str, ...] = ()
    # A check over each item when there is none: "pass" (every one of none holds: no deposit,
    # so no deposit above its limit) or "error" (nothing to judge: an index that lists no issue
    # says nothing of their markets).
    if_empty: str = "pass"

    @property
    def locations(self) -> tuple[str | None, ...]:
        """The fields a finding points at, the first the product gives."""
        return (self.location, *self.location_else)


@dataclass(frozen=True)
class Rule:
    """A compiled rule: its texts, its checks, when it applies, and where the rulebook defines it."""

    id: str
    title: Text
    requirement: Text
    citation: Text
    unit: str
    checks: tuple[Check, ...]
    applies_when: Expr | None
    not_applicable: Text | None
    messages: Mapping[str, Text]
    vars: Mapping[str, Expr]
    parameters: tuple[str, ...]
    confirmed: bool
    defined_at: Location
    source: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # the rule as written, for explain
    # The continued-listing watch (etf_listing.watch): the days a rule is decided on, what failing
    # days lead to, and the status a failing check gives (fail, or at_risk for a warning).
    observed_on: Expr | None = None
    clock: Any = None
    fails_as: str = "fail"
    chart: bool = False  # over a period, report the rule's figure on each observed day (a chart's series)

    @property
    def warns(self) -> bool:
        """Whether the rule can give ``at_risk``."""
        return self.clock is not None or self.fails_as == "at_risk"

    @functools.cached_property
    def reads_product(self) -> bool:
        """Whether the rule's result may depend on the product: on what any of its expressions
        reads (the index, the date and the parameters alone, or the product too), where its checks
        point, and whether it is watched over days. A rule that reads no product (the 30% cap, the
        top-85% tests) is decided once for every product on an index, date and parameters."""
        exprs = [self.applies_when, *self.vars.values()]
        for check in self.checks:
            exprs += [check.value, check.threshold, check.each, check.offenders, check.offender_value]
            if any((path or "").split(".")[0] not in ("", "index") for path in check.locations):
                return True
        return (self.clock is not None or self.observed_on is not None
                or any("product" in expr.reads for expr in exprs if expr is not None))


def compile_rule(node: dict[str, Any], compiler: Compiler, where: tuple[Any, ...], document: Document) -> Rule:
    checks_node = node.get("checks") or [node["check"]]
    check_where = (lambda i: where + ("checks", i)) if "checks" in node else (lambda i: where + ("check",))
    applies = None
    if "applies_when" in node:
        at = where + ("applies_when",)
        applies = compiler.guarded(lambda: compiler.value(node["applies_when"], None, at))
        compiler.guarded(lambda: _expect(compiler, applies, FLAG, at, "applies_when"))
    checks = tuple(_check(c, compiler, check_where(i)) for i, c in enumerate(checks_node))
    variables = {name: _variable(compiler, expr, where + ("vars", name)) for name, expr in (node.get("vars") or {}).items()}
    _check_unit(node["unit"], checks, compiler, where + ("unit",))
    used: set[str] = set()
    for expr in [applies, *variables.values()]:
        if expr is not None:
            used |= expr.params
    for check in checks:
        for expr in (check.value, check.threshold, check.each, check.offenders, check.offender_value):
            if expr is not None:
                used |= expr.params
        if check.operator_parameter:
            used.add(check.operator_parameter)
    watch: dict[str, Any] = {}
    if any(key in node for key in WATCH_FIELDS):  # a rule of the continued-listing watch
        from .watch.clock import compile_watch

        watch = compile_watch(node, compiler, where, checks)
    for expr in [watch.get("observed_on"), *(watch["clock"].expressions if watch.get("clock") else [])]:
        if expr is not None:
            used |= expr.params
    _check_placeholders(node, compiler, where, set(variables))
    if "clock" not in node and node.get("fails_as", "fail") != "at_risk":
        _never_at_risk(node, compiler, where)
    return Rule(
        id=str(node["id"]),
        title=text_of(node["title"]),
        requirement=text_of(node["requirement"]),
        citation=text_of(node["citation"]),
        unit=node["unit"],
        checks=checks,
        applies_when=applies,
        not_applicable=text_of(node["not_applicable"]) if "not_applicable" in node else None,
        messages={status: text_of(text) for status, text in (node.get("message") or {}).items()},
        vars=variables,
        parameters=tuple(sorted(used)),
        confirmed=bool(node.get("confirmed", True)),
        defined_at=document.where(where),
        source=node,
        chart=bool(node.get("chart", False)),
        **watch,
    )


# What a message may name: the figures a result fills in (offenders and their count in every
# result, the worst offender where there are offenders, the count of items judged where a check
# goes over each item) and a rule's own vars; a rule with a clock also its dates and counts
# (``etf_listing.watch.evaluate.watched_result``). A not_applicable text has no figure: vars only.
FIGURES = ("observed", "threshold", "operator", "offenders", "offender_count")
CLOCK_PLACEHOLDERS = ("evaluated_on", "since", "caution_from", "delisting_from", "observation_count")
_BRACED = re.compile(r"\{([^{}]*)\}")
# A brace written twice, or a placeholder, read left to right as the renderer reads a template
# (``formatting._compiled``): "{{x}}" is a brace, x and a brace, never the placeholder {x}.
_ESCAPED = re.compile(r"\{\{|\}\}|\{[a-z_][a-z0-9_]*\}")


def _check_placeholders(node: dict[str, Any], compiler: Compiler, where: tuple[Any, ...], variables: set[str]) -> None:
    """Every ``{name}`` of the rule's messages (its own, each check's, ``not_applicable``) is one a
    result fills in there: a misspelt one, or one no result of that kind has, would be printed as
    written in every result."""
    clock = node.get("clock") if isinstance(node.get("clock"), dict) else None
    timed = set(CLOCK_PLACEHOLDERS) | ({"observed_days"} if clock is not None and "lookback_months" in clock else set())
    own_names = variables | (timed if clock is not None else set())
    checks = node.get("checks") or ([node["check"]] if "check" in node else [])
    checks = [c for c in checks if isinstance(c, dict)] if isinstance(checks, list) else []

    fails_as = str(node.get("fails_as", "fail"))
    found_messages = node.get("message")
    rule_messages: dict[str, Any] = found_messages if isinstance(found_messages, dict) else {}

    def own(check: dict[str, Any]) -> dict[str, Any]:
        found = check.get("message")
        return found if isinstance(found, dict) else {}

    def known(status: str, served: list[dict[str, Any]]) -> set[str]:
        """What a message for ``status`` may name, written for the checks ``served`` (those that
        use it: a check's own message, or the rule's where the check has none for the status)."""
        names = set(FIGURES) | own_names
        # (a clock's result lists the days that decided it: its worst is the first of them)
        if status != "pass" and (clock is not None or all("each" in c or "offenders" in c for c in served)):
            names |= {"worst", "worst_value"}
        # A fails_as status of a rule without a clock is written again from the result, without a
        # count: from its own message, or from the fail message where there is none for it.
        rewritten = fails_as != "fail" and clock is None and (status == fails_as or status == "fail" and any(
            fails_as not in own(c) and fails_as not in rule_messages for c in served))
        if all("each" in c for c in served) and not rewritten:
            names.add("count")
        return names

    texts: list[tuple[tuple[Any, ...], Any, set[str]]] = [(where + ("not_applicable",), node.get("not_applicable"), own_names)]
    texts += [(where + ("message", status), text, known(str(status), [c for c in checks if status not in own(c)]))
              for status, text in rule_messages.items()]
    for i, check in enumerate(checks):
        at = where + (("checks", i) if "checks" in node else ("check",))
        texts += [(at + ("message", status), text, known(str(status), [check])) for status, text in own(check).items()]
    for at, text, allowed in texts:
        for lang, template in (text.items() if isinstance(text, dict) else [(None, text)]):
            if not isinstance(template, str):
                continue
            # (a brace written twice is a brace, read as the renderer reads it; a space in its place
            # joins nothing: "{obs{{erved}" is no placeholder)
            template = _ESCAPED.sub(lambda m: " " if m.group(0) in ("{{", "}}") else m.group(0), template)
            if "{" in _BRACED.sub("", template) or "}" in _BRACED.sub("", template):  # printed as written in every result
                compiler.record(compiler.error(
                    at + ((lang,) if lang is not None else ()), "the message has a '{' or '}' that opens or closes no {name}",
                    "write each placeholder as {name}, and a brace shown as itself twice: {{ or }}",
                    ko="메시지에 {이름}을 열거나 닫지 않는 '{' 또는 '}'가 있습니다",
                    hint_ko="자리표시자는 {이름}으로, 그대로 보일 중괄호는 두 번({{ 또는 }}) 쓰세요"))
            for name in _BRACED.findall(template):
                if name not in allowed:
                    place = at + ((lang,) if lang is not None else ())
                    names = sorted(allowed)
                    compiler.record(compiler.error(
                        place, f"the message names {{{name}}}, which no result fills in here",
                        did_you_mean(name, names) or f"a message here may name {', '.join(f'{{{n}}}' for n in names) or 'none'}",
                        ko=f"메시지의 {{{name}}}은(는) 여기서 결과가 채우는 값이 아닙니다",
                        hint_ko=did_you_mean(name, names, "ko") or "여기서 쓸 수 있는 값: " + (", ".join(f"{{{n}}}" for n in names) or "없음")))


def _never_at_risk(node: dict[str, Any], compiler: Compiler, where: tuple[Any, ...]) -> None:
    """An ``at_risk`` message of a rule that never gives at_risk (no clock, no ``fails_as:
    at_risk``) would never be shown: the author meant a warning the rule does not give."""
    checks = node.get("checks") or ([node["check"]] if "check" in node else [])
    places = [(where + ("message",), node.get("message"))]
    places += [(where + (("checks", i) if "checks" in node else ("check",)) + ("message",), check.get("message"))
               for i, check in enumerate(checks) if isinstance(check, dict)]
    for at, messages in places:
        if isinstance(messages, dict) and "at_risk" in messages:
            compiler.record(compiler.error(
                at + ("at_risk",), "an at_risk message, but the rule never gives at_risk: it would never be shown",
                "give the rule fails_as: at_risk, or a clock; or remove the message",
                ko="at_risk 메시지가 있지만 이 규칙은 at_risk를 주지 않습니다: 메시지가 표시되지 않습니다",
                hint_ko="규칙에 fails_as: at_risk나 clock을 주거나 메시지를 지우세요"))


def _variable(compiler: Compiler, node: Any, where: tuple[Any, ...]) -> Expr:
    return compiler.guarded(lambda: compiler.fixed(node, None, where))


def _expect(compiler: Compiler, expr: Expr, expected: Type, where: tuple[Any, ...], what: str) -> Expr:
    compiler.expect(expr, expected, where, what)
    return expr


def _check_unit(unit: str, checks: tuple[Check, ...], compiler: Compiler, where: tuple[Any, ...]) -> None:
    """A rule's unit is the unit of its figures: at least one check's value has it (a rule may
    also check a condition first, such as a reason being given)."""
    expected = RULE_UNITS.get(unit)
    found = [check.value.type for check in checks]
    if expected is None or any(kind is ANY for kind in found) or any(expected.accepts(kind) for kind in found):
        return
    shown = ", ".join(dict.fromkeys(kind.describe() for kind in found))
    shown_ko = ", ".join(dict.fromkeys(kind.describe("ko") for kind in found))
    units = [u for u, t in RULE_UNITS.items() if any(t == kind for kind in found)]
    compiler.record(compiler.error(where, f"the rule's unit is {unit}, but its checks' values are {shown}",
                                   f"unit: {units[0]}" if units else None,
                                   ko=f"규칙의 단위는 {unit}인데 검사 값은 {shown_ko}입니다",
                                   hint_ko=f"unit: {units[0]}" if units else None))


def _check(node: dict[str, Any], compiler: Compiler, where: tuple[Any, ...]) -> Check:
    operator = node["operator"]
    operator_parameter = None
    if isinstance(operator, dict):  # {param: NAME}: a choice among operators, a reading left open
        operator_parameter = str(operator.get("param"))
        declared = compiler.parameters.get(operator_parameter)
        if declared is None or not declared.choices or any(c not in OPERATORS for c in declared.choices):
            raise compiler.error(where + ("operator",), "operator names a parameter whose choices are operators (<, <=, ...)",
                                 did_you_mean(operator_parameter, compiler.parameters),
                                 ko="operator에는 선택지가 연산자(<, <= 등)인 매개변수를 씁니다",
                                 hint_ko=did_you_mean(operator_parameter, compiler.parameters, "ko"))
        operator = declared.value
    each = compiler.guarded(lambda: compiler.items(node["each"], None, where + ("each",))) if "each" in node else None
    scope = each.element if each else None
    value = compiler.guarded(lambda: compiler.value(node["value"], scope, where + ("value",)))
    threshold = compiler.guarded(lambda: compiler.fixed(node["threshold"], None, where + ("threshold",)))
    if operator == "between" and threshold.is_literal and not (isinstance(threshold.literal, list) and len(threshold.literal) == 2):
        compiler.record(compiler.error(where + ("threshold",), "between takes a threshold of [low, high]",
                                       ko="between의 기준값은 [하한, 상한]이어야 합니다"))
    elif operator == "between" and isinstance(node["threshold"], list) and len(node["threshold"]) != 2:
        compiler.record(compiler.error(where + ("threshold",), "between takes a threshold of [low, high]",
                                       ko="between의 기준값은 [하한, 상한]이어야 합니다"))
    else:
        compiler.guarded(lambda: _compared(compiler, operator, value, threshold, where + ("threshold",)))
    offenders = offender_value = None
    if "offenders" in node:
        if each is not None:
            compiler.record(compiler.error(where + ("offenders",), "a check over each item reports the failing items itself; offenders is for single-value checks",
                                           ko="each 검사는 미충족 항목을 스스로 보고합니다. offenders는 단일 값 검사에만 씁니다"))
        offenders = compiler.guarded(lambda: compiler.items(node["offenders"], None, where + ("offenders",)))
    if "offender_value" in node:
        target = offenders or each
        if target is None:
            raise compiler.error(where + ("offender_value",), "offender_value needs offenders",
                                 ko="offender_value에는 offenders가 필요합니다")
        offender_value = compiler.guarded(lambda: compiler.value(node["offender_value"], target.element, where + ("offender_value",)))
    if_empty = node.get("if_empty", "pass")
    if "if_empty" in node and each is None:
        compiler.record(compiler.error(where + ("if_empty",), "if_empty is for a check over each item",
                                       "leave it out, or check each item: each: {get: index.constituents}",
                                       ko="if_empty는 항목마다 검사하는 each 검사에 씁니다",
                                       hint_ko="빼거나 each로 항목마다 검사하세요: each: {get: index.constituents}"))
    named = node.get("location")
    paths = [str(path) for path in named] if isinstance(named, list) else [str(named)] if named else []
    location = (paths[0] if paths else None) or (each.path if each else value.path) or (offenders.path if offenders else None)
    for path in paths or [location] if location is not None else []:
        if path.split(".")[0] not in ("product", "index"):
            compiler.record(compiler.error(where + ("location",), "location names a field of the product or the index, such as product.principal_krw",
                                           ko="location에는 product.principal_krw처럼 상품이나 지수의 필드를 씁니다"))
            break
    for i, path in enumerate(paths):  # a misspelt field would point every finding at the file, silently
        root, *steps = path.split(".")
        if root in ROOTS and not _file_key(root, steps):
            at = where + (("location", i) if isinstance(named, list) else ("location",))
            compiler.guarded(lambda: field_type(compiler, ROOTS[root], path, steps, at))  # type: ignore[arg-type]
    assert operator in OPERATORS
    messages = {status: text_of(t) for status, t in node["message"].items()} if "message" in node else None
    return Check(value, operator, threshold, each, offenders, offender_value, location, messages, "location" in node,
                 operator_parameter, tuple(paths[1:]), if_empty)


def _compared(compiler: Compiler, operator: str, value: Expr, threshold: Expr, where: tuple[Any, ...]) -> Expr:
    comparable(compiler, operator, value.type, threshold.type, where)
    compiler.ratio_written(threshold, value.type, where, beside=value)
    known_bounds(compiler, operator, value, [threshold], where)
    return threshold


def caveats_of(node: Any, document: Document, path: tuple[Any, ...]) -> tuple[tuple[dt.date, Text], ...]:
    """A rulebook version's ``caveats``: a list of ``{from: DATE, text: {en: ..., ko: ...}}``, each
    what the version is known not to encode from that date, checked at load."""
    if node is None:
        return ()
    if not isinstance(node, list) or not all(isinstance(c, dict) and set(c) == {"from", "text"} for c in node):
        raise RulebookError.at(document.where(path), "caveats is a list of {from: DATE, text: {en: ..., ko: ...}}",
                               ko="caveats는 {from: 날짜, text: {en: ..., ko: ...}}의 목록입니다")
    found = []
    for i, caveat in enumerate(node):
        text = caveat["text"]
        if not isinstance(caveat["from"], dt.date):
            raise RulebookError.at(document.where(path + (i, "from")), f"from: '{caveat['from']}' is not a date",
                                   "write YYYY-MM-DD", ko=f"from: '{caveat['from']}'은(는) 날짜가 아닙니다",
                                   hint_ko="YYYY-MM-DD 형식으로 쓰세요")
        if not (isinstance(text, str) or (isinstance(text, dict) and "en" in text and set(text) <= {"en", "ko"}
                                          and all(isinstance(v, str) for v in text.values()))):
            raise RulebookError.at(document.where(path + (i, "text")), "a caveat's text is text, or a mapping with en (and ko)",
                                   ko="caveat의 text는 텍스트이거나 en(과 ko)이 있는 매핑입니다")
        found.append((caveat["from"], text_of(text)))
    return tuple(found)
