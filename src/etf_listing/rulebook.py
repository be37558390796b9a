"""Rulebooks: YAML files of parameters, definitions and rules, checked and compiled at load.

A rulebook is validated twice when it is loaded: against its JSON Schema (its shape), then by the
compiler (every field, parameter, definition and operation it names exists, collections are used as
collections). A rulebook that loads is one whose rules can be evaluated; a malformed one fails at
load with ``file:line:column``.

The shape check of a *shipped* rulebook is done when the package is tested, not on every run
(importing jsonschema is most of the command's start-up): ``rules/checked.json`` records the
SHA-256 of each shipped rulebook that passed it and of the schema it passed, and a shipped rulebook
whose text and schema still hash to those figures would pass again. Any other text (a changed
shipped file, every rulebook named by path) is checked. ``python -m etf_listing.rulebook
--record-checked`` checks the shipped rulebooks and rewrites the record; a test keeps it current.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.resources
import json
import os
import sys
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping

from .errors import InputError, Location, Problem, did_you_mean
from .loading.files import named_file, read_text
from .loading.yaml_source import Document, parse_yaml
from .money import MoneyError, parse_krw
from .vocabulary.expressions import OPERATORS, Compiler, Expr, RulebookError

DEFAULT_RULEBOOK = "krx-etf-listing"
LANGUAGES = ("en", "ko")

Text = Mapping[str, str]


def text_of(value: Any) -> Text:
    """A text field as a mapping by language ('en' always present)."""
    return {"en": value} if isinstance(value, str) else dict(value)


@dataclass(frozen=True)
class Parameter:
    name: str
    value: Any
    unit: str | None
    description: Text
    confirmed: bool


@dataclass(frozen=True)
class Check:
    value: Expr
    operator: str
    threshold: Expr
    each: Expr | None = None
    offenders: Expr | None = None
    offender_value: Expr | None = None
    location: str | None = None
    messages: Mapping[str, Text] | None = None  # overrides the rule's messages for this check
    location_named: bool = False  # the rulebook names the location: findings point there


@dataclass(frozen=True)
class Rule:
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


@dataclass(frozen=True)
class Rulebook:
    id: str
    version: str
    effective_from: dt.date
    effective_from_confirmed: bool
    title: Text
    file: str
    parameters: Mapping[str, Parameter]
    rules: tuple[Rule, ...]
    description: Text | None = None
    source: Text | None = None

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    @property
    def parameter_values(self) -> dict[str, Any]:
        return {name: p.value for name, p in self.parameters.items()}


# --- finding rulebooks ----------------------------------------------------------------------------

def shipped_rulebooks() -> dict[str, str]:
    """Shipped rulebooks by name (``krx-etf-listing``, also ``krx/etf-listing``) -> path."""
    root = importlib.resources.files("etf_listing.rulebooks")
    found: dict[str, str] = {}
    for folder in sorted(root.iterdir(), key=lambda p: p.name):
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            if entry.name.endswith(".yaml"):
                stem = entry.name.removesuffix(".yaml")
                path = os.fspath(entry)  # type: ignore[call-overload]
                found[f"{folder.name}-{stem}"] = path
                found[f"{folder.name}/{stem}"] = path
    return found


def load_rulebook(name_or_path: str = DEFAULT_RULEBOOK) -> Rulebook:
    """A shipped rulebook by name, or a rulebook file by path."""
    shipped = shipped_rulebooks()
    if name_or_path in shipped:
        real = shipped[name_or_path]
        name = os.path.relpath(real, os.path.dirname(os.path.dirname(real))).replace(os.sep, "/")
        text = read_text(named_file(real))
        return compile_rulebook(text, f"rules/{name}", known=name in checked_shapes(text_of_schema(), {name: text}))
    if not os.path.exists(name_or_path):
        raise InputError.at(Location(name_or_path), f"no rulebook named '{name_or_path}'",
                            did_you_mean(name_or_path, shipped) or f"shipped: {', '.join(n for n in shipped if '/' not in n)}")
    source = named_file(name_or_path)
    return compile_rulebook(read_text(source), source.display)


def compile_rulebook(text: str, file: str, *, known: bool = False) -> Rulebook:
    """Compile a rulebook's text. ``known``: the text is one whose shape check the package recorded
    (see the module's doc): read with libyaml and not checked against the schema again."""
    document = parse_yaml(text, file, known=known)
    if not known:
        _validate_shape(document)
    data = document.data
    parameters = {name: _parameter(name, spec, document) for name, spec in (data.get("parameters") or {}).items()}
    compiler = Compiler(parameters, data.get("definitions") or {}, document.where)
    rules = []
    seen: dict[str, Location] = {}
    for i, rule_node in enumerate(data["rules"]):
        where = ("rules", i)
        rule_id = rule_node["id"]
        if rule_id in seen:
            raise RulebookError.at(document.where(where + ("id",)), f"the rule id '{rule_id}' is used twice (first at line {seen[rule_id].line})")
        seen[rule_id] = document.where(where)
        rules.append(_rule(rule_node, compiler, where, document))
    used = {name for name, _ in compiler.compiled_definitions}
    for name in compiler.definitions:  # every definition is checked by compiling it where it is used
        if name not in used:
            raise RulebookError.at(document.where_key(("definitions", name)), f"the definition '{name}' is not used by any rule",
                                   "remove it, or refer to it with {ref: " + name + "}")
    return Rulebook(
        id=data["id"],
        version=str(data["version"]),
        effective_from=dt.date.fromisoformat(str(data["effective_from"])),
        effective_from_confirmed=bool(data.get("effective_from_confirmed", True)),
        title=text_of(data["title"]),
        file=file,
        parameters=parameters,
        rules=tuple(rules),
        description=text_of(data["description"]) if "description" in data else None,
        source=text_of(data["source"]) if "source" in data else None,
    )


def _rule(node: dict[str, Any], compiler: Compiler, where: tuple[Any, ...], document: Document) -> Rule:
    checks_node = node.get("checks") or [node["check"]]
    check_where = (lambda i: where + ("checks", i)) if "checks" in node else (lambda i: where + ("check",))
    applies = compiler.value(node["applies_when"], None, where + ("applies_when",)) if "applies_when" in node else None
    checks = tuple(_check(c, compiler, check_where(i)) for i, c in enumerate(checks_node))
    variables = {name: compiler.fixed(expr, None, where + ("vars", name)) for name, expr in (node.get("vars") or {}).items()}
    used: set[str] = set()
    for expr in [applies, *variables.values()]:
        if expr is not None:
            used |= expr.params
    for check in checks:
        for expr in (check.value, check.threshold, check.each, check.offenders, check.offender_value):
            if expr is not None:
                used |= expr.params
    return Rule(
        id=node["id"],
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
    )


def _check(node: dict[str, Any], compiler: Compiler, where: tuple[Any, ...]) -> Check:
    operator = node["operator"]
    each = compiler.items(node["each"], None, where + ("each",)) if "each" in node else None
    scope = each.element if each else None
    value = compiler.value(node["value"], scope, where + ("value",))
    threshold = compiler.fixed(node["threshold"], None, where + ("threshold",))
    if operator == "between" and threshold.is_literal and not (isinstance(threshold.literal, list) and len(threshold.literal) == 2):
        raise compiler.error(where + ("threshold",), "between takes a threshold of [low, high]")
    offenders = offender_value = None
    if "offenders" in node:
        if each is not None:
            raise compiler.error(where + ("offenders",), "a check over each item reports the failing items itself; offenders is for single-value checks")
        offenders = compiler.items(node["offenders"], None, where + ("offenders",))
    if "offender_value" in node:
        target = offenders or each
        if target is None:
            raise compiler.error(where + ("offender_value",), "offender_value needs offenders")
        offender_value = compiler.value(node["offender_value"], target.element, where + ("offender_value",))
    location = node.get("location") or (each.path if each else value.path) or (offenders.path if offenders else None)
    if location is not None and location.split(".")[0] not in ("product", "index"):
        raise compiler.error(where + ("location",), "location names a field of the product or the index, such as product.principal_krw")
    assert operator in OPERATORS
    messages = {status: text_of(t) for status, t in node["message"].items()} if "message" in node else None
    return Check(value, operator, threshold, each, offenders, offender_value, location, messages, "location" in node)


def _parameter(name: str, spec: dict[str, Any], document: Document) -> Parameter:
    value, unit = spec["value"], spec.get("unit")
    where = document.where(("parameters", name, "value"))
    if unit == "krw":
        try:
            value = parse_krw(value)
        except MoneyError as error:
            raise RulebookError.at(where, f"parameter {name}: {error}") from None
    elif unit in ("ratio", "number") and not isinstance(value, (int, Decimal)):
        raise RulebookError.at(where, f"parameter {name}: expected a number, got {value!r}")
    elif unit in ("count", "days", "months") and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise RulebookError.at(where, f"parameter {name}: expected a whole number, got {value!r}")
    elif unit == "choice":
        choices = spec.get("choices") or []
        if value not in choices:
            raise RulebookError.at(where, f"parameter {name}: {value!r} is not one of {', '.join(choices)}",
                                   did_you_mean(str(value), choices))
    elif unit == "list" and not isinstance(value, list):
        raise RulebookError.at(where, f"parameter {name}: expected a list")
    return Parameter(name, value, unit, text_of(spec["description"]), bool(spec.get("confirmed", True)))


# --- shape ----------------------------------------------------------------------------------------

_SCHEMA: dict[str, Any] | None = None


def text_of_schema() -> str:
    return importlib.resources.files("etf_listing.schemas").joinpath("rulebook.schema.json").read_text("utf-8")


def rulebook_schema() -> dict[str, Any]:
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = json.loads(text_of_schema())
    return _SCHEMA


CHECKED_SHAPES = "checked.json"  # in etf_listing.rulebooks (rules/)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def checked_shapes(schema: str, rulebooks: Mapping[str, str]) -> set[str]:
    """Which of ``rulebooks`` (name -> text) the record says passed the shape check against
    ``schema`` (its text), text for text."""
    try:
        record = json.loads(importlib.resources.files("etf_listing.rulebooks").joinpath(CHECKED_SHAPES).read_text("utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(record, dict) or record.get("schema") != _sha256(schema):
        return set()
    recorded = record.get("rulebooks") or {}
    return {name for name, text in rulebooks.items() if recorded.get(name) == _sha256(text)}


def record_checked_shapes() -> str:
    """Check every shipped rulebook (shape and compilation) and write the record of those that
    passed; returns the record's path. Run by developers after changing a rulebook or the schema."""
    rulebooks = {}
    folder = ""
    for path in sorted(set(shipped_rulebooks().values())):
        folder = os.path.dirname(os.path.dirname(path))
        name = os.path.relpath(path, folder).replace(os.sep, "/")
        text = read_text(named_file(path))
        compile_rulebook(text, f"rules/{name}")  # raises when it does not pass: nothing is recorded
        rulebooks[name] = _sha256(text)
    target = os.path.join(folder, CHECKED_SHAPES)
    record = {"about": "SHA-256 of the shipped rulebooks that passed the schema check, and of the schema; "
                       "written by python -m etf_listing.rulebook --record-checked",
              "schema": _sha256(text_of_schema()), "rulebooks": rulebooks}
    with open(target, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(json.dumps(record, indent=2, sort_keys=True) + "\n")
    return target


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _validate_shape(document: Document) -> None:
    import jsonschema  # imported here: only loading a rulebook needs it

    if not isinstance(document.data, dict):
        raise RulebookError.at(document.where(()), "a rulebook is a mapping with kind: etf-rulebook")
    validator = jsonschema.Draft202012Validator(rulebook_schema())
    errors = sorted(validator.iter_errors(_jsonable(document.data)), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if not errors:
        return
    problems = []
    seen = set()
    for error in errors:
        best = _specific(error)
        path = tuple(best.absolute_path)
        if path in seen:
            continue
        seen.add(path)
        problems.append(_schema_problem(best, document, path))
    raise RulebookError(problems[:20])


def _specific(error: Any) -> Any:
    """For "none of the alternatives matched", the complaint of the alternative that has the
    value's type (an unknown operation, rather than "not valid under any of the given schemas")."""
    while error.validator in ("anyOf", "oneOf") and error.context:
        relevant = [e for e in error.context if e.validator != "type"]
        if not relevant:
            break
        error = max(relevant, key=lambda e: len(e.absolute_path))
    return error


def _schema_problem(error: Any, document: Document, path: tuple[Any, ...]) -> Problem:
    name = ".".join(map(str, path)) or "rulebook"
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extras = [k for k in error.instance if k not in allowed]
        key = extras[0] if extras else "?"
        return Problem(document.where_key(path + (key,)), f"{name}: unknown field '{key}'",
                       did_you_mean(key, allowed) or (f"fields: {', '.join(allowed)}" if allowed else None))
    if error.validator == "required":
        return Problem(document.where(path), f"{name}: {error.message}")
    if error.validator == "propertyNames" and error.context:
        error = error.context[0]  # the name that is not allowed, with the allowed ones
    if error.validator == "enum":
        allowed = [str(v) for v in error.validator_value]
        listed = f": {', '.join(allowed)}" if len(allowed) <= 10 else ""
        return Problem(document.where(path), f"{name}: '{error.instance}' is not one of the allowed names{listed}",
                       did_you_mean(str(error.instance), allowed))
    return Problem(document.where(path), f"{name}: {error.message}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--record-checked"]:
        sys.exit("usage: python -m etf_listing.rulebook --record-checked")
    print(f"wrote {record_checked_shapes()}")
