"""Index methodologies (``kind: index-methodology``): the rules an index selects and weights its
constituents by, as data, checked and compiled when they are loaded.

A methodology has the parts of a rulebook (id, title, versions, parameters, definitions, the
exchange's ``time_zone``) and rules of five roles, run in this order by ``screening.evaluate``:

``exclusion``   ``excluded_when``: a condition on the company; the first that holds stops it.
``stage``       ``passes_when``: a condition, its rankings among the companies still in.
``inclusion``   ``applies_when`` and ``passes_when``, ranked among the screened companies: the
                companies it includes are selected first, in its ``order``.
``selection``   exactly one: ``places`` to fill, and the ``order`` (keys, each ``ascending`` or
                ``descending``, ties by code) in which the companies through every stage fill them.
``weighting``   at most one: ``weight_by`` (each constituent's figure) and ``cap``.

Every rule also has ``figure`` (optional: what its report shows as the observed figure), ``title``,
``requirement`` and ``citation`` in English and Korean, and ``confirmed``. A methodology with a
mistake (a misspelt field, an expression of the wrong type, a role without what it needs) fails
at load with ``file:line:column``.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from ..errors import InputError, Location, did_you_mean
from ..loading.files import named_file, read_text
from ..loading.yaml_source import Document, parse_yaml
from ..rulebook import MAX_RULEBOOK_VALUES, Parameter, Rulebook, _versions, shipped_rulebooks
from ..rulebook_versions import version_values
from .methodology_shape import (check_versions, declared_parameters, flag, identifier, known_fields, shape_error,
                                text_field)
from ..rulebook_shape import declared_zone
from ..vocabulary.at_load import Refusal, refuse_known
from ..vocabulary.compiler import Compiler, RulebookError, is_whole
from ..vocabulary.numbers import is_number
from ..vocabulary.population import Population
from ..vocabulary.tree import Expr
from ..vocabulary.types import DATE, FLAG, NUMBER, Number, Type
from .model import Company, Universe

KIND = "index-methodology"
DEFAULT_METHODOLOGY = "korea-value-up-index"
ROLES = ("exclusion", "stage", "inclusion", "selection", "weighting")
COMMON_FIELDS = ("id", "role", "title", "requirement", "citation", "confirmed", "figure", "description")
ROLE_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # role -> (required, optional)
    "exclusion": (("excluded_when",), ()),
    "stage": (("passes_when",), ()),
    "inclusion": (("applies_when", "passes_when", "order"), ()),
    "selection": (("places", "order"), ()),
    "weighting": (("weight_by", "cap"), ()),
}
TOP_FIELDS = ("kind", "schema_version", "id", "title", "description", "source", "time_zone", "version", "effective_from",
              "effective_from_confirmed", "effective_to", "versions", "parameters", "definitions", "rules")
# A methodology's rules are evaluated for each company of the universe: {get: company.FIELD},
# {get: universe.as_of} (the review date), ranks among the companies still in.
POPULATION = Population(Company, "company", {"universe": Universe})
COMPANY_FIELDS = frozenset(field.name for field in dataclasses.fields(Company))


@dataclass(frozen=True)
class OrderKey:
    by: Expr
    descending: bool


@dataclass(frozen=True)
class ScreenRule:
    id: str
    role: str
    title: Mapping[str, str]
    requirement: Mapping[str, str]
    citation: Mapping[str, str]
    confirmed: bool
    defined_at: Location
    figure: Expr | None = None
    figure_field: str | None = None  # the company's field the figure is, when it is one ({get: company.market_cap_krw})
    condition: Expr | None = None  # excluded_when (exclusion) or passes_when (stage, inclusion)
    applies_when: Expr | None = None
    order: tuple[OrderKey, ...] = ()
    places: Expr | None = None
    weight_by: Expr | None = None
    cap: Expr | None = None
    parameters: tuple[str, ...] = ()
    source: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    not_applicable: Mapping[str, str] | None = None  # (what explain asks of a rule)
    unit: str = "screen"


@dataclass(frozen=True)
class Methodology(Rulebook):
    """A rulebook whose rules screen a universe (``ScreenRule``) rather than check a product."""

    @property
    def screen_rules(self) -> tuple[ScreenRule, ...]:
        rules: tuple[Any, ...] = self.rules  # a methodology holds only screen rules (compile_methodology)
        return tuple(rule for rule in rules if isinstance(rule, ScreenRule))

    def rules_of(self, role: str) -> tuple[ScreenRule, ...]:
        return tuple(rule for rule in self.screen_rules if rule.role == role)


def shipped_methodologies() -> dict[str, str]:
    """Shipped methodologies by name: ``korea-value-up-index`` (the file's name, as the index is
    known), also ``krx-korea-value-up-index`` and ``krx/korea-value-up-index`` like rulebooks."""
    found = shipped_rulebooks(KIND)
    for name, path in list(found.items()):
        if "/" in name:
            found.setdefault(name.partition("/")[2], path)
    return found


def load_methodology(name_or_path: str = DEFAULT_METHODOLOGY) -> Methodology:
    """A shipped methodology by name, or a methodology file by path."""
    shipped = shipped_methodologies()
    if name_or_path in shipped:
        real = shipped[name_or_path]
        name = os.path.relpath(real, os.path.dirname(os.path.dirname(real))).replace(os.sep, "/")
        return compile_methodology(read_text(named_file(real)), f"rules/{name}", shipped=True)
    if not os.path.exists(name_or_path):
        names = ", ".join(n for n in shipped if "/" not in n)
        raise InputError.at(Location(name_or_path), f"no index methodology named '{name_or_path}'",
                            did_you_mean(name_or_path, shipped) or f"shipped: {names}",
                            ko=f"'{name_or_path}'(이)라는 지수 방법론이 없습니다",
                            hint_ko=did_you_mean(name_or_path, shipped, "ko") or f"제공되는 방법론: {names}")
    source = named_file(name_or_path)
    return compile_methodology(read_text(source), source.display)


def compile_methodology(text: str, file: str, shipped: bool = False) -> Methodology:
    """Compile a methodology's text; ``shipped``: the package's own, whose ``time_zone`` a test
    looks up (as the record of a shipped rulebook's shape does), not each screen."""
    document = parse_yaml(text, file, max_values=MAX_RULEBOOK_VALUES)
    data = document.data
    known_fields(document, data, (), TOP_FIELDS, "a methodology")
    if data.get("kind") != KIND:
        raise shape_error(document, ("kind",), f"not an index methodology (kind: {data.get('kind')!r})",
                     "a methodology starts with kind: index-methodology; a listing rulebook is checked with etf-check PRODUCT",
                     ko=f"지수 방법론이 아닙니다 (kind: {data.get('kind')!r})",
                     hint_ko="방법론은 kind: index-methodology로 시작합니다. 상장 규정집은 etf-check PRODUCT로 확인합니다")
    if data.get("schema_version") != 1:
        raise shape_error(document, ("schema_version",), "schema_version: expected 1", ko="schema_version: 1이어야 합니다")
    for name in ("id", "title", "rules"):
        if name not in data:
            raise shape_error(document, (), f"the required field '{name}' is missing", ko=f"필수 필드 '{name}'이(가) 없습니다")
    identifier(document, data, ())
    flag(document, data, (), "effective_from_confirmed")
    for name in ("description", "source"):
        if name in data:
            text_field(document, data, (), name)
    time_zone, time_zone_at = declared_zone(document, known=shipped)
    parameters = declared_parameters(document, data.get("parameters") or {})
    definitions = data.get("definitions") or {}
    if not isinstance(definitions, dict):
        raise shape_error(document, ("definitions",), "definitions is a mapping of names to expressions",
                     ko="definitions는 이름과 식의 매핑입니다")
    compiler = Compiler(parameters, definitions, document.where, population=POPULATION,
                        versions=version_values(data, parameters, document))
    rules_node = data["rules"]
    if not isinstance(rules_node, list) or not rules_node:
        raise shape_error(document, ("rules",), "rules is a list of one or more rules", ko="rules는 규칙 하나 이상의 목록입니다")
    rules: list[ScreenRule] = []
    seen: dict[str, Location] = {}
    for i, node in enumerate(rules_node):
        rule = _rule(document, compiler, node, ("rules", i), parameters)
        if rule.id in seen:
            raise shape_error(document, ("rules", i, "id"), f"the rule id '{rule.id}' is used twice (first at line {seen[rule.id].line})",
                         ko=f"규칙 id '{rule.id}'이(가) 두 번 쓰였습니다 (처음: {seen[rule.id].line}행)")
        seen[rule.id] = rule.defined_at
        rules.append(rule)
    _check_roles(document, rules)
    used = {name for name, _ in compiler.compiled_definitions}
    for name in definitions:
        if name not in used and not compiler.problems:  # (a mistake may stop a chain of them)
            raise shape_error(document, ("definitions", name), f"the definition '{name}' is not used by any rule",
                         "remove it, or refer to it with {ref: " + str(name) + "}",
                         ko=f"정의 '{name}'을(를) 쓰는 규칙이 없습니다", hint_ko="지우거나 {ref: " + str(name) + "}로 참조하세요", key=True)
    if compiler.problems:  # every mistake in the methodology's expressions, in the order of the file
        raise RulebookError(sorted(compiler.problems, key=lambda p: (p.location.line, p.location.column)))
    check_versions(document, data.get("versions"))
    versions = _versions(data, parameters, document)
    current = versions[-1].parameters
    return Methodology(
        id=str(data["id"]),
        title=text_field(document, data, (), "title"),
        file=file,
        parameters={name: dataclasses.replace(p, value=current[name]) for name, p in parameters.items()},
        rules=tuple(rules),  # type: ignore[arg-type]
        versions=versions,
        description=text_field(document, data, (), "description") if "description" in data else None,
        source=text_field(document, data, (), "source") if "source" in data else None,
        time_zone=time_zone,
        time_zone_at=time_zone_at,
    )


def _rule(document: Document, c: Compiler, node: Any, path: tuple[Any, ...], parameters: Mapping[str, Parameter]) -> ScreenRule:
    if not isinstance(node, dict):
        raise shape_error(document, path, "a rule is a mapping", ko="규칙은 매핑이어야 합니다")
    role = node.get("role")
    if role not in ROLES:
        raise shape_error(document, path + ("role",) if "role" in node else path,
                     f"role is one of {', '.join(ROLES)}", did_you_mean(str(role), ROLES),
                     ko=f"role은 {', '.join(ROLES)} 중 하나입니다", hint_ko=did_you_mean(str(role), ROLES, "ko"))
    required, optional = ROLE_FIELDS[role]
    known_fields(document, node, path, COMMON_FIELDS + required + optional, f"a rule of role {role}")
    for name in ("id",) + required:
        if name not in node:
            raise shape_error(document, path, f"a rule of role {role} needs '{name}'", ko=f"{role} 규칙에는 '{name}'이(가) 필요합니다")
    rule_id = identifier(document, node, path)
    if "description" in node:
        text_field(document, node, path, "description")
    figure = c.guarded(lambda: c.value(node["figure"], Company, path + ("figure",))) if "figure" in node else None
    fields: dict[str, Any] = {}
    if role == "exclusion":
        fields["condition"] = _typed(c, node, path, "excluded_when", FLAG)
    if role in ("stage", "inclusion"):
        fields["condition"] = _typed(c, node, path, "passes_when", FLAG)
    if role == "inclusion":
        fields["applies_when"] = _typed(c, node, path, "applies_when", FLAG)
    if role in ("inclusion", "selection"):
        fields["order"] = _order(document, c, node["order"], path + ("order",))
    if role == "selection":
        fields["places"] = _typed(c, node, path, "places", Number("count"), whole_index=True)
        _within(c, fields["places"], path + ("places",), "places is a whole number of at least 1", "places는 1 이상의 정수입니다",
                lambda v: is_whole(v) and v >= 1)
    if role == "weighting":
        fields["weight_by"] = _typed(c, node, path, "weight_by", NUMBER)
        fields["cap"] = _typed(c, node, path, "cap", Number("ratio"), whole_index=True)
        _within(c, fields["cap"], path + ("cap",), "cap is a ratio above 0 and at most 1", "cap은 0보다 크고 1 이하인 비율입니다",
                lambda v: is_number(v) and 0 < v <= 1)
    exprs = [e for e in (figure, *fields.values()) if isinstance(e, Expr)] + [k.by for k in fields.get("order", ())]
    return ScreenRule(
        id=rule_id, role=role,
        title=text_field(document, node, path, "title"),
        requirement=text_field(document, node, path, "requirement"),
        citation=text_field(document, node, path, "citation"),
        confirmed=flag(document, node, path, "confirmed"),
        defined_at=document.where(path),
        figure=figure,
        figure_field=_field_read(node.get("figure"), c.definitions) if isinstance(figure, Expr) else None,
        parameters=tuple(sorted(frozenset().union(*(e.params for e in exprs)))),
        source=node,
        **fields,
    )


def _within(c: Compiler, expr: Expr, where: tuple[Any, ...], what: str, what_ko: str, fits: Callable[[Any], bool]) -> None:
    """Refuse, at load, a figure the methodology gives (a number, a parameter, as declared and as
    each version sets it) that ``fits`` refuses."""
    refuse_known(c, [expr], where, lambda value: None if fits(value) else Refusal(f"{what}, not {value}", f"{what_ko}: {value}"))


def _field_read(node: Any, definitions: Mapping[str, Any]) -> str | None:
    """The company field ``node`` reads, when it is exactly one (``{get: company.market_cap_krw}``,
    or a definition that is): a screen reads such a figure from the company directly."""
    seen: set[str] = set()
    while isinstance(node, dict) and len(node) == 1 and isinstance(node.get("ref"), str) and node["ref"] not in seen:
        seen.add(node["ref"])
        node = definitions.get(node["ref"])
    if not (isinstance(node, dict) and len(node) == 1 and isinstance(node.get("get"), str)):
        return None
    root, _, name = node["get"].partition(".")
    return name if root in (POPULATION.item, "item") and name in COMPANY_FIELDS else None


def _typed(c: Compiler, node: Mapping[str, Any], path: tuple[Any, ...], name: str, expected: Type,
           whole_index: bool = False) -> Expr:
    """The rule's expression ``name``, of type ``expected``; ``whole_index``: one figure for the
    whole index (``places``, ``cap``), which cannot read a company's field. A mistake is recorded
    (the methodology is refused with every mistake found) and the broken node returned."""
    where = path + (name,)

    def compiled() -> Expr:
        expr = c.value(node[name], Company, where)
        c.expect(expr, expected, where, name)
        if whole_index and expr.uses_item:
            raise c.error(where, f"{name} is one figure for the whole index: it cannot read a company's field",
                          "use a parameter or a number", ko=f"{name}은(는) 지수 전체의 값입니다. 회사의 필드를 읽을 수 없습니다",
                          hint_ko="매개변수나 숫자를 쓰세요")
        return expr

    return c.guarded(compiled)


def _order(document: Document, c: Compiler, node: Any, path: tuple[Any, ...]) -> tuple[OrderKey, ...]:
    if not isinstance(node, list) or not node:
        raise shape_error(document, path, "order is a list of keys: {by: EXPRESSION, order: ascending or descending}",
                     ko="order는 {by: 식, order: ascending 또는 descending} 키의 목록입니다")
    keys = []
    for i, key in enumerate(node):
        known_fields(document, key, path + (i,), ("by", "order"), "an order key")
        if "by" not in key:
            raise shape_error(document, path + (i,), "an order key needs 'by'", ko="order 키에는 'by'가 필요합니다")
        direction = key.get("order", "descending")
        if direction not in ("ascending", "descending"):
            raise shape_error(document, path + (i, "order"), "order is ascending or descending",
                         did_you_mean(str(direction), ["ascending", "descending"]),
                         ko="order는 ascending 또는 descending입니다", hint_ko=did_you_mean(str(direction), ["ascending", "descending"], "ko"))
        by = _key(c, key["by"], path + (i, "by"))
        keys.append(OrderKey(by, direction == "descending"))
    return tuple(keys)


def _key(c: Compiler, node: Any, where: tuple[Any, ...]) -> Expr:
    """An order key: a number or a date of the company."""
    def compiled() -> Expr:
        expr = c.value(node, Company, where)
        if expr.type != DATE:
            c.expect(expr, NUMBER, where, "by")
        return expr

    return c.guarded(compiled)


def _check_roles(document: Document, rules: list[ScreenRule]) -> None:
    """Rules in the order they run (exclusions, stages, inclusions, the selection, the weighting),
    exactly one selection and at most one weighting."""
    ranks = [ROLES.index(rule.role) for rule in rules]
    for i, (before, after) in enumerate(zip(ranks, ranks[1:]), 1):
        if after < before:
            raise shape_error(document, ("rules", i, "role"),
                         f"a rule of role {rules[i].role} comes after the {rules[i - 1].role} rules",
                         "rules run in this order: " + ", ".join(ROLES),
                         ko=f"{rules[i].role} 규칙이 {rules[i - 1].role} 규칙 뒤에 있습니다",
                         hint_ko="규칙은 이 순서로 실행됩니다: " + ", ".join(ROLES))
    selections = [rule for rule in rules if rule.role == "selection"]
    if len(selections) != 1:
        raise shape_error(document, ("rules",), f"a methodology has exactly one selection rule; this one has {len(selections)}",
                     ko=f"방법론에는 selection 규칙이 정확히 하나 있어야 합니다. 현재 {len(selections)}개")
    if len([rule for rule in rules if rule.role == "weighting"]) > 1:
        raise shape_error(document, ("rules",), "a methodology has at most one weighting rule",
                     ko="방법론에는 weighting 규칙이 최대 하나 있습니다")
