"""A methodology's expressions, typed and compiled once: figures, conditions and rankings of a company.

An expression is a literal (``0.5``, ``common``, a list) or a mapping with one operation key::

    {get: company.market_cap_krw}            a field of the company (or universe.as_of: the review date)
    {param: constituent_count}               a parameter of the methodology's version in force
    {ref: mean_roe}                          a named definition
    {mean: [A, B, ...]} {sum: [A, B, ...]}   exact mean / total of figures of one kind
    {product: [A, B]}                        A x B (an amount times a ratio is an amount)
    {months_before: [DATE, COUNT]}           the date COUNT months before DATE (end of month kept)
    {rank: FIGURE, order: descending, within: GROUP}
                                             the company's shared ("1224") rank among the companies
                                             the rule ranks (those still in), best first; within a
                                             group when ``within`` names one (the industry group)
    {rank_ratio: FIGURE, order: ..., within: ...}   rank / number ranked
    {all: [...]} {any: [...]} {not: P} {given: EXPR}
    {">=": [A, B]} (also >, <=, <, ==, !=) {in: [TEXT, LIST]} {not_in: [TEXT, LIST]}

Every expression has a type, known when it is compiled: ``money`` (KRW), ``number`` (a ratio, a
PBR), ``count`` (a rank), ``date``, ``flag``, ``text`` or ``texts`` (a list of text). A comparison
of an amount with a ratio, a rank of a date-less text, the mean of flags, an unknown field or
parameter: each is refused when the methodology is loaded, at its line and column.

``all`` and ``any`` follow three-valued logic: a figure that is not given makes a condition unknown,
and ``any`` of a true and an unknown condition is true, ``all`` of a false and an unknown is false;
only a decision that depends on the missing figure is an ``error`` result.

Length: the compiler and every operation a methodology uses over one company's record, kept
together while the screen's vocabulary settles; split by family as ``etf_listing.vocabulary`` is.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import operator as _op
import typing
from dataclasses import dataclass
from decimal import Decimal, Inexact
from fractions import Fraction
from typing import Any, Callable, Mapping

from ..errors import Location, did_you_mean
from ..vocabulary.compiler import RulebookError
from ..vocabulary.numbers import EXACT
from ..vocabulary.rankings import Placement, last_within, rank
from .model import Company

MONEY, NUMBER, COUNT, DATE, FLAG, TEXT, TEXTS = "money", "number", "count", "date", "flag", "text", "texts"
NUMERIC = (MONEY, NUMBER, COUNT)
ORDERED = (MONEY, NUMBER, COUNT, DATE)
LITERAL_NUMBER = "literal number"  # a number written in the methodology: fits money, number or count
TYPE_NAMES = {MONEY: "an amount of KRW", NUMBER: "a number (a ratio)", COUNT: "a count (a rank)", DATE: "a date",
              FLAG: "true or false", TEXT: "text", TEXTS: "a list of text", LITERAL_NUMBER: "a number"}
TYPE_NAMES_KO = {MONEY: "원화 금액", NUMBER: "수(비율)", COUNT: "개수(순위)", DATE: "날짜", FLAG: "참/거짓",
                 TEXT: "텍스트", TEXTS: "텍스트 목록", LITERAL_NUMBER: "수"}
PARAMETER_TYPES = {"krw": MONEY, "ratio": NUMBER, "number": NUMBER, "count": COUNT, "days": COUNT, "months": COUNT,
                   "date": DATE, "list": TEXTS, "text": TEXT, "choice": TEXT}
MAX_DEPTH = 100


def field_types(record: type) -> dict[str, str]:
    """The methodology type of each field of ``record`` (amounts are the fields whose name has ``_krw``)."""
    types = {}
    for name, hint in typing.get_type_hints(record).items():
        if name in ("location",):
            continue
        base = next((a for a in typing.get_args(hint) if a is not type(None)), hint)
        if base is bool:
            types[name] = FLAG
        elif base is Decimal:
            types[name] = MONEY if "_krw" in name else NUMBER
        elif base is dt.date:
            types[name] = DATE
        elif base is str:
            types[name] = TEXT
    return types


COMPANY_FIELDS = field_types(Company)
UNIVERSE_FIELDS = {"as_of": DATE}


class NotGiven(Exception):
    """A figure an expression needs is not given for this company: the rule's result is ``error``."""

    def __init__(self, fields: list[tuple[str, str]]):
        self.fields = list(dict.fromkeys(fields))  # (English, Korean) descriptions, each once
        super().__init__("; ".join(en for en, _ in self.fields))


@dataclass
class Measure:
    """One comparison as a company met it: the figures on both sides and, for a ranking, the
    company's place, the number ranked, its group, and the figure at the line (what it would need)."""

    left: Any
    operator: str
    right: Any
    holds: bool
    measure: str | None = None  # "rank" or "rank_ratio" when the left side is a ranking
    figure: Any = None  # the ranked figure
    placement: Placement | None = None
    needs: Any = None  # the figure of the last company inside the line (of its group)
    label: Any = None  # the ranking, for naming it
    kind: str | None = None  # the type of the figures compared
    name: str | None = None  # what the left side is (a field or definition), where it has a name


class Scope:
    """What a rule's expressions see: the companies the rule ranks among (those still in), the
    parameters in force, the review date, a memo of rankings and the trace of comparisons met."""

    __slots__ = ("population", "params", "as_of", "memo", "trace")

    def __init__(self, population: tuple[Company, ...], params: Mapping[str, Any], as_of: dt.date):
        self.population = population
        self.params = params
        self.as_of = as_of
        self.memo: dict[Any, Any] = {}
        self.trace: list[Measure] | None = None


Function = Callable[[Scope, Company], Any]


@dataclass(frozen=True, eq=False)
class Expr:
    type: str
    fn: Function
    literal: Any = None
    is_literal: bool = False
    ranking: "Ranking | None" = None  # set on rank and rank_ratio
    field: str | None = None  # the company field it reads directly
    name: str | None = None  # the field or definition it is, for naming it in reports


@dataclass(frozen=True, eq=False)
class Ranking:
    """A rank or rank ratio over the scope's population: ``key`` ranked best first (``descending``:
    the largest), within the groups ``within`` gives; ``ratio`` asks for rank / number ranked."""

    key: Expr
    descending: bool
    within: Expr | None
    ratio: bool

    def table(self, scope: Scope) -> tuple[dict[str, Placement], dict[str, Any]]:
        """The placements and figures of every company of the population that has the figure (and
        its group): computed once per scope."""
        found = scope.memo.get(self)
        if found is None:
            figures: dict[str, Any] = {}
            groups: dict[str, Any] = {}
            for company in scope.population:
                try:
                    value = self.key.fn(scope, company)
                    group = self.within.fn(scope, company) if self.within is not None else None
                except NotGiven:
                    continue  # not ranked: its own result is an error naming the missing figure
                figures[company.code] = value
                groups[company.code] = group
            placements = rank(figures, descending=self.descending, within=groups if self.within is not None else None)
            found = scope.memo[self] = (placements, figures)
        return found

    def value(self, placement: Placement) -> Any:
        return placement.ratio if self.ratio else placement.rank

    def needs(self, scope: Scope, group: Any, operator: str, threshold: Any) -> Any:
        """The figure of the worst-placed company of ``group`` still within ``operator threshold``."""
        key = (self, group, operator, _hashable(threshold))
        if key not in scope.memo:
            placements, figures = self.table(scope)
            scope.memo[key] = last_within(placements, figures,
                                          lambda p: compare(self.value(p), operator, threshold), group)
        return scope.memo[key]


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def exact(value: Any) -> Any:
    """Numbers as Fractions for arithmetic (a Decimal and a Fraction do not add)."""
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return Fraction(value)
    return value


_ORDERINGS = {">=": _op.ge, ">": _op.gt, "<=": _op.le, "<": _op.lt, "==": _op.eq, "!=": _op.ne}


def compare(left: Any, operator: str, right: Any) -> bool:
    if operator in ("in", "not_in"):
        return (left in right) is (operator == "in")
    if isinstance(left, Fraction) or isinstance(right, Fraction):
        left, right = exact(left), exact(right)
    return bool(_ORDERINGS[operator](left, right))


Node = Any
Where = tuple[Any, ...]


@dataclass
class Compiler:
    """Compiles the expressions of one methodology; ``parameters`` maps each name to its declared
    unit, ``locate`` a path in the document to its position."""

    parameters: Mapping[str, str | None]
    definitions: Mapping[str, Node]
    locate: Callable[[Where], Location]
    _compiled: dict[str, Expr] = dataclasses.field(default_factory=dict)
    _compiling: set[str] = dataclasses.field(default_factory=set)
    _depth: int = 0

    def error(self, where: Where, message: str, hint: str | None = None, *, ko: str, hint_ko: str | None = None) -> RulebookError:
        return RulebookError.at(self.locate(where), message, hint, ko=ko, hint_ko=hint_ko)  # type: ignore[return-value]

    def typed(self, node: Node, where: Where, *expected: str) -> Expr:
        """An expression that must be of one of the ``expected`` types."""
        expr = self.compile(node, where)
        if expr.type == LITERAL_NUMBER and any(t in NUMERIC for t in expected):
            return expr
        if expr.type not in expected:
            wanted = " or ".join(TYPE_NAMES[t] for t in expected)
            wanted_ko = " 또는 ".join(TYPE_NAMES_KO[t] for t in expected)
            raise self.error(where, f"expected {wanted} here, found {TYPE_NAMES[expr.type]}",
                             ko=f"여기에는 {wanted_ko}이(가) 와야 하는데 {TYPE_NAMES_KO[expr.type]}입니다")
        return expr

    def compile(self, node: Node, where: Where) -> Expr:
        if self._depth >= MAX_DEPTH:
            raise self.error(where, f"the expression nests more than {MAX_DEPTH} levels deep",
                             ko=f"식이 {MAX_DEPTH}단계보다 깊게 중첩되어 있습니다")
        self._depth += 1
        try:
            return self._compile(node, where)
        finally:
            self._depth -= 1

    def _compile(self, node: Node, where: Where) -> Expr:
        if isinstance(node, dict):
            names = [key for key in node if key in OPERATIONS]
            if len(names) != 1:
                found = ", ".join(map(str, node)) or "nothing"
                close = next((did_you_mean(str(k), OPERATIONS) for k in node if did_you_mean(str(k), OPERATIONS)), None)
                close_ko = next((did_you_mean(str(k), OPERATIONS, "ko") for k in node if did_you_mean(str(k), OPERATIONS)), None)
                listed = ", ".join(sorted(OPERATIONS))
                raise self.error(where, f"an expression needs exactly one operation; found {found}",
                                 close or f"operations: {listed}",
                                 ko=f"식에는 연산이 정확히 하나 있어야 합니다. 발견: {found}",
                                 hint_ko=close_ko or f"연산: {listed}")
            name = names[0]
            build, options = OPERATIONS[name]
            extra = sorted(set(map(str, node)) - {name} - set(options))
            if extra:
                raise self.error(where + (extra[0],), f"'{extra[0]}' is not an option of {name}",
                                 did_you_mean(extra[0], options) or (f"{name} takes {', '.join(options)}" if options else f"{name} takes no options"),
                                 ko=f"'{extra[0]}'은(는) {name}의 옵션이 아닙니다",
                                 hint_ko=did_you_mean(extra[0], options, "ko") or (f"{name}의 옵션: {', '.join(options)}" if options else f"{name}에는 옵션이 없습니다"))
            return build(self, node, where)
        if isinstance(node, bool):
            return constant(node, FLAG)
        if isinstance(node, (int, Decimal)):
            return constant(node, LITERAL_NUMBER)
        if isinstance(node, dt.date):
            return constant(node, DATE)
        if isinstance(node, str):
            return constant(node, TEXT)
        if isinstance(node, list) and all(isinstance(v, str) for v in node):
            return constant(tuple(node), TEXTS)
        raise self.error(where, f"cannot use {node!r} in an expression", ko=f"{node!r}은(는) 식에 쓸 수 없습니다")

    def definition(self, name: str, where: Where) -> Expr:
        if name not in self.definitions:
            raise self.error(where, f"no definition named '{name}'", did_you_mean(name, self.definitions) or "add it under definitions:",
                             ko=f"'{name}'(이)라는 정의가 없습니다",
                             hint_ko=did_you_mean(name, self.definitions, "ko") or "definitions: 아래에 추가하세요")
        if name not in self._compiled:
            if name in self._compiling:
                raise self.error(where, f"the definition '{name}' refers to itself", ko=f"정의 '{name}'이(가) 자기 자신을 참조합니다")
            self._compiling.add(name)
            try:
                compiled = self.compile(self.definitions[name], ("definitions", name))
                self._compiled[name] = dataclasses.replace(compiled, name=name)
            finally:
                self._compiling.discard(name)
        return self._compiled[name]

    @property
    def used_definitions(self) -> set[str]:
        return set(self._compiled)


def constant(value: Any, type_: str) -> Expr:
    return Expr(type_, lambda scope, company: value, literal=value, is_literal=True)


Build = Callable[[Compiler, dict[str, Any], Where], Expr]
OPERATIONS: dict[str, tuple[Build, tuple[str, ...]]] = {}


def operation(name: str, options: tuple[str, ...] = ()) -> Callable[[Build], Build]:
    def register(build: Build) -> Build:
        OPERATIONS[name] = (build, options)
        return build
    return register


def _listed(c: Compiler, node: dict[str, Any], name: str, where: Where, least: int, most: int | None = None) -> list[Any]:
    parts = node[name]
    if not isinstance(parts, list) or len(parts) < least or (most is not None and len(parts) > most):
        size = f"{least}" if most == least else (f"{least} or more" if most is None else f"{least} to {most}")
        size_ko = f"{least}개" if most == least else (f"{least}개 이상" if most is None else f"{least}~{most}개")
        raise c.error(where + (name,), f"{name} takes a list of {size} operands", ko=f"{name}에는 피연산자 {size_ko}의 목록을 씁니다")
    return parts


@operation("get")
def _get(c: Compiler, node: dict[str, Any], where: Where) -> Expr:
    path = node["get"]
    roots = {"company": COMPANY_FIELDS, "universe": UNIVERSE_FIELDS}
    root, _, name = str(path).partition(".")
    if root not in roots:
        raise c.error(where + ("get",), f"unknown root '{root}'", did_you_mean(root, roots) or "roots: company, universe",
                      ko=f"알 수 없는 시작 이름 '{root}'", hint_ko=did_you_mean(root, roots, "ko") or "시작 이름: company, universe")
    fields = roots[root]
    if name not in fields:
        raise c.error(where + ("get",), f"'{path}': {root} has no field '{name}'",
                      did_you_mean(name, fields) or f"fields: {', '.join(fields)}",
                      ko=f"'{path}': {root}에는 '{name}' 필드가 없습니다",
                      hint_ko=did_you_mean(name, fields, "ko") or f"필드: {', '.join(fields)}")
    if root == "universe":
        return Expr(DATE, lambda scope, company: scope.as_of, name="as_of")
    field_type = fields[name]
    missing = [(f"{name} is not given", f"{name} 값이 없습니다")]

    def get(scope: Scope, company: Company) -> Any:
        value = getattr(company, name)
        if value is None:
            raise NotGiven(missing)
        return value

    return Expr(field_type, get, field=name, name=name)


@operation("param")
def _param(c: Compiler, node: dict[str, Any], where: Where) -> Expr:
    name = node["param"]
    if not isinstance(name, str) or name not in c.parameters:
        raise c.error(where + ("param",), f"no parameter named '{name}'", did_you_mean(str(name), c.parameters) or "add it under parameters:",
                      ko=f"'{name}'(이)라는 매개변수가 없습니다",
                      hint_ko=did_you_mean(str(name), c.parameters, "ko") or "parameters: 아래에 추가하세요")
    unit = c.parameters[name]
    return Expr(PARAMETER_TYPES.get(unit or "", NUMBER), lambda scope, company: scope.params[name], name=name)


@operation("ref")
def _ref(c: Compiler, node: dict[str, Any], where: Where) -> Expr:
    return c.definition(str(node["ref"]), where + ("ref",))


def _numeric_kind(c: Compiler, parts: list[Expr], where: Where, name: str) -> str:
    kinds = {p.type for p in parts} - {LITERAL_NUMBER}
    if len(kinds) > 1:
        shown = " and ".join(sorted(TYPE_NAMES[k] for k in kinds))
        raise c.error(where, f"{name} of {shown}: the figures must be of one kind",
                      ko=f"{name}: {' 및 '.join(sorted(TYPE_NAMES_KO[k] for k in kinds))}을(를) 함께 쓸 수 없습니다")
    return kinds.pop() if kinds else LITERAL_NUMBER


def _gathered(parts: list[Expr], scope: Scope, company: Company) -> list[Any]:
    values, missing = [], []
    for part in parts:
        try:
            values.append(part.fn(scope, company))
        except NotGiven as error:
            missing.extend(error.fields)
    if missing:
        raise NotGiven(missing)
    return values


def _total(values: list[Any]) -> Any:
    """The exact sum: a Decimal while every figure is one (the usual case), else a Fraction."""
    if all(type(v) is Decimal for v in values):
        try:
            total = Decimal(0)
            for value in values:
                total = EXACT.add(total, value)
            return total
        except Inexact:
            pass
    return sum((exact(v) for v in values), Fraction(0))


def _divided(value: Any, count: int) -> Any:
    if type(value) is Decimal:
        try:
            return EXACT.divide(value, Decimal(count))  # a mean of two figures ends: it stays a Decimal
        except Inexact:
            pass
    return exact(value) / count


@operation("mean")
def _mean(c: Compiler, node: dict[str, Any], where: Where) -> Expr:
    parts = [c.typed(p, where + ("mean", i), MONEY, NUMBER) for i, p in enumerate(_listed(c, node, "mean", where, 1))]
    kind = _numeric_kind(c, parts, where, "mean")
    count = len(parts)
    return Expr(kind, lambda scope, company: _divided(_total(_gathered(parts, scope, company)), count))


@operation("sum")
def _sum(c: Compiler, node: dict[str, Any], where: Where) -> Expr:
    parts = [c.typed(p, where + ("sum", i), MONEY, NUMBER) for i, p in enumerate(_listed(c, node, "sum", where, 1))]
    kind = _numeric_kind(c, parts, where, "sum")
    return Expr(kind, lambda scope, company: _total(_gathered(parts, scope, company)))


@operation("product")
def _product(c: Compiler, node: dict[str, Any], where: Where) -> Expr:
    parts = [c.typed(p, where + ("product", i), MONEY, NUMBER) for i, p in enumerate(_listed(c, node, "product", where, 2, 2))]
    amounts = [p for p in parts if p.type == MONEY]
    if len(amounts) > 1:
        raise c.error(where, "an amount of KRW times an amount of KRW is not a figure a methodology uses",
                      "multiply an amount by a ratio (market cap x free-float ratio)",
                      ko="원화 금액끼리 곱할 수 없습니다", hint_ko="금액에 비율을 곱하세요(시가총액 x 유동비율)")
    kind = MONEY if amounts else NUMBER

    def product(scope: Scope, company: Company) -> Any:
        left, right = _gathered(parts, scope, company)
        if type(left) is Decimal and type(right) is Decimal:
            try:
                return EXACT.multiply(left, right)
            except Inexact:
                pass
        return exact(left) * exact(right)

    return Expr(kind, product)


@operation("months_before")
def _months_before(c: Compiler, node: dict[str, Any], where: Where) -> Expr:
    day_node, months_node = _listed(c, node, "months_before", where, 2, 2)
    day = c.typed(day_node, where + ("months_before", 0), DATE)
    months = c.typed(months_node, where + ("months_before", 1), COUNT)

    def before(scope: Scope, company: Company) -> dt.date:
        return months_earlier(day.fn(scope, company), int(months.fn(scope, company)))

    return Expr(DATE, before)


def months_earlier(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier; the last day of the month where it has no such day
    (12 months before 2024-02-29 is 2023-02-28)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _ranking(c: Compiler, node: dict[str, Any], where: Where, name: str) -> Ranking:
    key = c.typed(node[name], where + (name,), MONEY, NUMBER, COUNT, DATE)
    if key.type == LITERAL_NUMBER or key.is_literal:
        raise c.error(where + (name,), f"{name} ranks a figure of each company, not a constant",
                      ko=f"{name}은(는) 상수가 아니라 회사마다 다른 수치를 순위 매깁니다")
    order = node.get("order", "descending")
    if order not in ("descending", "ascending"):
        raise c.error(where + ("order",), "order is descending (the largest first) or ascending",
                      did_you_mean(str(order), ["descending", "ascending"]),
                      ko="order는 descending(큰 값이 먼저) 또는 ascending입니다",
                      hint_ko=did_you_mean(str(order), ["descending", "ascending"], "ko"))
    within = c.typed(node["within"], where + ("within",), TEXT) if "within" in node else None
    return Ranking(key, order == "descending", within, name == "rank_ratio")


def _rank_operation(name: str) -> Build:
    def build(c: Compiler, node: dict[str, Any], where: Where) -> Expr:
        ranking = _ranking(c, node, where, name)

        def placed(scope: Scope, company: Company) -> Any:
            ranking.key.fn(scope, company)  # a missing figure (or group) is named, not just absent
            if ranking.within is not None:
                ranking.within.fn(scope, company)
            placements, _ = ranking.table(scope)
            return ranking.value(placements[company.code])

        return Expr(NUMBER if ranking.ratio else COUNT, placed, ranking=ranking)
    return build


operation("rank", ("order", "within"))(_rank_operation("rank"))
operation("rank_ratio", ("order", "within"))(_rank_operation("rank_ratio"))


def _logic(name: str) -> Build:
    def build(c: Compiler, node: dict[str, Any], where: Where) -> Expr:
        parts = [c.typed(p, where + (name, i), FLAG) for i, p in enumerate(_listed(c, node, name, where, 1))]
        decisive = name == "any"  # any is decided by a true condition, all by a false one

        def fn(scope: Scope, company: Company) -> bool:
            # Every condition is met (not stopped at the first decisive one) so that a report shows
            # each figure the company was measured on; a missing figure matters only when nothing decided.
            decided, missing = False, []
            for part in parts:
                try:
                    if part.fn(scope, company) is decisive:
                        decided = True
                except NotGiven as error:
                    missing.extend(error.fields)
            if decided:
                return decisive
            if missing:
                raise NotGiven(missing)
            return not decisive

        return Expr(FLAG, fn)
    return build


operation("all")(_logic("all"))
operation("any")(_logic("any"))


@operation("not")
def _not(c: Compiler, node: dict[str, Any], where: Where) -> Expr:
    inner = c.typed(node["not"], where + ("not",), FLAG)
    return Expr(FLAG, lambda scope, company: not inner.fn(scope, company))


@operation("given")
def _given(c: Compiler, node: dict[str, Any], where: Where) -> Expr:
    inner = c.compile(node["given"], where + ("given",))
    if inner.field is not None:  # a field of the company: read, not raised and caught, once per company
        field = inner.field
        return Expr(FLAG, lambda scope, company: getattr(company, field) is not None)

    def given(scope: Scope, company: Company) -> bool:
        try:
            inner.fn(scope, company)
        except NotGiven:
            return False
        return True

    return Expr(FLAG, given)


def _comparison(name: str) -> Build:
    def build(c: Compiler, node: dict[str, Any], where: Where) -> Expr:
        left_node, right_node = _listed(c, node, name, where, 2, 2)
        if name in ("in", "not_in"):
            left = c.typed(left_node, where + (name, 0), TEXT)
            right = c.typed(right_node, where + (name, 1), TEXTS)
        else:
            left, right = c.compile(left_node, where + (name, 0)), c.compile(right_node, where + (name, 1))
            kinds = {left.type, right.type}
            numeric = kinds <= {*NUMERIC, LITERAL_NUMBER}
            if name not in ("==", "!=") and not (kinds <= {*ORDERED, LITERAL_NUMBER}):
                raise c.error(where + (name,), f"{name} orders numbers, amounts or dates; found {' and '.join(TYPE_NAMES[k] for k in (left.type, right.type))}",
                              ko=f"{name}은(는) 수, 금액, 날짜를 비교합니다. 발견: {' 및 '.join(TYPE_NAMES_KO[k] for k in (left.type, right.type))}")
            if len(kinds - {LITERAL_NUMBER}) > 1 or (not numeric and LITERAL_NUMBER in kinds):
                raise c.error(where + (name,), f"cannot compare {TYPE_NAMES[left.type]} with {TYPE_NAMES[right.type]}",
                              ko=f"{TYPE_NAMES_KO[left.type]}와(과) {TYPE_NAMES_KO[right.type]}을(를) 비교할 수 없습니다")
        ranking = left.ranking
        kind = left.type if left.type != LITERAL_NUMBER else right.type
        shown = left.name

        def fn(scope: Scope, company: Company) -> bool:
            a, b = left.fn(scope, company), right.fn(scope, company)
            holds = compare(a, name, b)
            if scope.trace is not None:
                measure = Measure(a, name, b, holds, kind=kind, name=shown)
                if ranking is not None:
                    placements, figures = ranking.table(scope)
                    place = placements[company.code]
                    measure.measure = "rank_ratio" if ranking.ratio else "rank"
                    measure.figure, measure.placement, measure.label = figures[company.code], place, ranking
                    measure.needs = ranking.needs(scope, place.group, name, b)
                scope.trace.append(measure)
            return holds

        return Expr(FLAG, fn)
    return build


for _name in (">=", ">", "<=", "<", "==", "!=", "in", "not_in"):
    operation(_name)(_comparison(_name))
