"""The rule vocabulary: expressions written in YAML, compiled once into Python closures.

An expression is a literal (``0.30``, ``KOSPI``, a list) or a mapping with one operation key::

    {get: product.principal_krw}                       a field of the product, the index or the item
    {param: min_principal_krw}                         a rulebook parameter
    {ref: weight}                                      a named definition of the rulebook
    {count: COLLECTION}                                how many items
    {sum: COLLECTION, of: ITEM_EXPR}                   total over the items
    {max: COLLECTION, of: ITEM_EXPR} / {min: ...}      largest / smallest
    {ratio: [A, B]}                                    A / B, exact
    {share: ITEM_EXPR, within: COLLECTION}             the item's part of the collection's total
    {window_mean: FIELD, months: N, tolerance_days: D} an issue's mean over the window ending as_of
    {value_on_as_of: FIELD, tolerance_days: D}          an issue's value on the evaluation date
    {choose: EXPR, cases: {value: EXPR}, default: EXPR}  default also when EXPR is not given
    {filter: COLLECTION, where: PREDICATE}             the items for which the predicate holds
    {top: N, of: COLLECTION, by: ITEM_EXPR}            the N largest
    {top_cumulative_share: COLLECTION, by: ITEM_EXPR, cut: 0.85, straddling: include}
    {member_of: COLLECTION, key: FIELD}                the item's FIELD appears among the collection's
    {group: COLLECTION, by: ITEM_EXPR}                 items grouped by a key: each group has key and members
    {first_given: [A, B, ...]}                         the first of the values that is given
    {window_active_share: FIELD, months: N, tolerance_days: D}
                                                       share of the window's trading days with FIELD above 0
    {all: [P...]} {any: [P...]} {not: P} {given: EXPR}
    {">=": [A, B]} (also >, <=, <, ==, !=) {in: [A, LIST]} {not_in: [A, LIST]} {between: [A, LO, HI]}

Inside ``of``, ``by`` and ``where`` the item is the collection's element (``{get: item.market}``).
Names are checked when the rulebook is compiled: a field, parameter or definition that does not
exist is an error at load, with its position, never a surprise during evaluation.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime as dt
import functools
import itertools
import operator as _op
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Mapping

from ..errors import InputError, Location, did_you_mean
from ..model import Constituent, Holding, Index, Participant, Product
from .numbers import Ratio, add_all, as_ratio, is_number
from .window import NotCovered, Window, check_cover, value_on, window_mean

COMPARISONS = (">=", ">", "<=", "<", "==", "!=")
MEMBERSHIP = ("in", "not_in")
OPERATORS = COMPARISONS + MEMBERSHIP + ("between",)
ROOTS: dict[str, type] = {"product": Product, "index": Index}
HIDDEN_FIELDS = {"location", "locations", "file", "series", "summaries"}
# How deep an expression may nest, counting the definitions it refers to: far beyond any real rule
# (the KRX rulebook's deepest is 10), and shallow enough that compiling and evaluating it, which
# recurse once per level, stay clear of Python's recursion limit.
MAX_EXPRESSION_DEPTH = 100


# --- values that could not be computed ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Reason:
    """Why a value is missing: the item it is about (if any), what (in English and Korean), and where."""

    message: str
    item: Any = None
    location: Location | None = None
    ko: str | None = None

    def text(self, lang: str = "en") -> str:
        return self.ko if lang == "ko" and self.ko else self.message


class Missing(Exception):
    """A value a rule needs is not in the input; the rule's result is ``error``."""

    def __init__(self, reasons: list[Reason]):
        super().__init__("; ".join(r.message for r in reasons))
        self.reasons = reasons

    @staticmethod
    def one(message: str, item: Any = None, location: Location | None = None, *, ko: str) -> "Missing":
        return Missing([Reason(message, item, location, ko)])


class Unavailable:
    """A memo's note that a value is missing, and why. Not the exception itself: a caught
    exception holds the frames it passed through (the evaluation context among them), so a memo
    keeping one would keep its whole evaluation alive until the garbage collector's next full pass."""

    __slots__ = ("reasons",)

    def __init__(self, reasons: list[Reason]):
        self.reasons = reasons


def gather(items: typing.Iterable[Any], function: Callable[[Any], Any]) -> list[Any]:
    """``function`` over every item; a Missing for any item becomes one Missing naming them all."""
    values, reasons = [], []
    for item in items:
        try:
            values.append(function(item))
        except Missing as missing:
            reasons.extend(missing.reasons)
    if reasons:
        raise Missing(unique(reasons))
    return values


def each_of(ctx: "Context", members: typing.Iterable[Any], function: "Function") -> list[Any]:
    """``function(ctx, member)`` for every member, as ``gather`` does; called once per constituent,
    so without a lambda in between."""
    values: list[Any] = []
    reasons: list[Reason] = []
    append = values.append
    for member in members:
        try:
            append(function(ctx, member))
        except Missing as missing:
            reasons.extend(missing.reasons)
    if reasons:
        raise Missing(unique(reasons))
    return values


def unique(reasons: list[Reason]) -> list[Reason]:
    """Each reason once (the same missing value can stop several items), in first-seen order."""
    seen: dict[tuple[str, int], Reason] = {}
    for reason in reasons:
        seen.setdefault((reason.message, id(reason.item)), reason)
    return list(seen.values())


# --- evaluation context ---------------------------------------------------------------------------

SUMMARIES_KEPT = 8  # per index: dates and parameter sets whose summaries are kept


class Context:
    """One product under evaluation: its data, the parameters in force, and a memo of the values
    that do not depend on an item (a total is computed once, not once per constituent).

    Values that read only the index, the evaluation date and the parameters (3-month means,
    weights, totals, the top-85% ranking) go to ``shared`` instead: a memo kept with the index and
    keyed by the evaluation date and every parameter's value, so the products that track one index
    summarise it once, and a product with another date or another parameter gets its own."""

    __slots__ = ("product", "index", "params", "as_of", "memo", "shared", "_windows")

    def __init__(self, product: Product, params: Mapping[str, Any], as_of: dt.date | None):
        self.product = product
        self.index = product.index
        self.params = params
        self.as_of = as_of
        self.memo: dict[Any, Any] = {}
        # Without a date the window's "no evaluation date" points at this product's file: not shared.
        self.shared: dict[Any, Any] = self.memo if as_of is None else self._summary(as_of, params)
        self._windows: dict[tuple[int, int], Window] = {}

    def _summary(self, as_of: dt.date, params: Mapping[str, Any]) -> dict[Any, Any]:
        """The index's summary for this date and these parameters. An index kept in a long-lived
        process (a tool checking many dates) keeps only its latest few summaries."""
        summaries = self.index.summaries
        key = (as_of, frozen(params))
        summary = summaries.get(key)
        if summary is None:
            while len(summaries) >= SUMMARIES_KEPT:
                del summaries[next(iter(summaries))]  # the oldest
            summary = summaries[key] = {}
        return summary

    def evaluation_date(self) -> dt.date:
        if self.as_of is None:
            raise Missing.one("no evaluation date: set as_of in the product file or --as-of",
                              location=self.product.locations.get("as_of", Location(self.product.file)),
                              ko="평가일이 없습니다: 상품 파일에 as_of를 쓰거나 --as-of를 지정하세요")
        return self.as_of

    def window(self, months: int, tolerance_days: int) -> Window:
        self.evaluation_date()
        key = (months, tolerance_days)
        window = self._windows.get(key)
        if window is None:
            try:
                window = self._windows[key] = Window.ending(self.as_of, months, tolerance_days)
            except (ValueError, OverflowError):  # the calendar ends at the year 1 (and 9999)
                # The reason points at this product's as_of: from here on, what this product
                # finds missing is kept in its own memo, not in the summary its index shares.
                self.shared = self.memo
                raise Missing.one(f"a window of {months} months ending {self.as_of} would start before the calendar does",
                                  location=self.product.locations.get("as_of", Location(self.product.file)),
                                  ko=f"{self.as_of}에 끝나는 {months}개월 기간은 달력이 시작되기 전에 시작합니다") from None
        return window

    def location_of(self, path: str | None) -> Location | None:
        if not path:
            return None
        root, _, rest = path.partition(".")
        if root == "product":
            return self.product.locations.get(rest) or Location(self.product.file)
        if root == "index":
            return self.index.locations.get(rest) or Location(self.index.file)
        return None


def frozen(value: Any) -> Any:
    """A hashable image of parameter values that tells apart what prints differently (0.30 and
    0.3, true and 1), so a memo keyed by it never hands one rulebook's figure to another."""
    if isinstance(value, (list, tuple)):
        return tuple(frozen(v) for v in value)
    if isinstance(value, collections.abc.Mapping):  # (not typing.Mapping: its isinstance is slow)
        return tuple(sorted((str(k), frozen(v)) for k, v in value.items()))
    return (type(value).__name__, str(value))


# --- compiled expressions -------------------------------------------------------------------------

Function = Callable[[Context, Any], Any]
PRODUCT = frozenset(["product"])


@dataclass(frozen=True)
class Expr:
    """A compiled expression: ``fn(context, item)``; ``collection`` tells whether it yields items."""

    fn: Function
    collection: bool = False
    element: type | None = None  # the type of a collection's items
    uses_item: bool = False
    path: str | None = None  # the input field it reads, for locating findings
    params: frozenset[str] = frozenset()
    literal: Any = dataclasses.field(default=None, compare=False)
    is_literal: bool = False
    # The inputs it reads besides parameters: "product", "index", "as_of". Whatever does not
    # say is taken to read the product, so an expression is shared across products only when
    # every part of it is known not to read one.
    reads: frozenset[str] = PRODUCT


class RulebookError(InputError):
    pass


Node = Any
Where = tuple[Any, ...]


@dataclass
class Compiler:
    """Compiles expression nodes of one rulebook. ``locate`` maps a node's path in the rulebook
    document to its position, for error messages."""

    parameters: Mapping[str, Any]
    definitions: Mapping[str, Node]
    locate: Callable[[Where], Location]
    _compiled_definitions: dict[tuple[str, Any], Expr] = field(default_factory=dict)
    _compiling: set[str] = field(default_factory=set)
    _depth: int = 0

    @property
    def compiled_definitions(self) -> list[tuple[str, Any]]:
        return list(self._compiled_definitions)

    def error(self, where: Where, message: str, hint: str | None = None, *, ko: str,
              hint_ko: str | None = None) -> RulebookError:
        return RulebookError.at(self.locate(where), message, hint, ko=ko, hint_ko=hint_ko)  # type: ignore[return-value]

    def compile(self, node: Node, scope: type | None, where: Where) -> Expr:
        if self._depth >= MAX_EXPRESSION_DEPTH:
            raise self.error(where, f"the expression nests more than {MAX_EXPRESSION_DEPTH} levels deep, counting the definitions it refers to",
                             ko=f"식이 참조하는 정의까지 세어 {MAX_EXPRESSION_DEPTH}단계보다 깊게 중첩되어 있습니다")
        self._depth += 1
        try:
            return self._compile(node, scope, where)
        finally:
            self._depth -= 1

    def _compile(self, node: Node, scope: type | None, where: Where) -> Expr:
        if isinstance(node, dict):
            operations = [key for key in node if key in OPERATIONS]
            if len(operations) != 1:
                found = ", ".join(map(str, node)) or "nothing"
                close = next((str(k) for k in node if did_you_mean(str(k), OPERATIONS)), None)
                listed = ", ".join(sorted(OPERATIONS))
                raise self.error(where, f"an expression needs exactly one operation; found {found}",
                                 did_you_mean(close, OPERATIONS) if close else f"operations: {listed}",
                                 ko=f"식에는 연산이 정확히 하나 있어야 합니다. 발견: {found}",
                                 hint_ko=did_you_mean(close, OPERATIONS, "ko") if close else f"연산: {listed}")
            name = operations[0]
            operation = OPERATIONS[name]
            extra = set(node) - {name} - operation.options
            if extra:
                key = sorted(extra)[0]
                options = ", ".join(sorted(operation.options))
                raise self.error(where + (key,), f"'{key}' is not an option of {name}",
                                 did_you_mean(key, operation.options) or
                                 (f"{name} takes {options}" if options else f"{name} takes no options"),
                                 ko=f"'{key}'은(는) {name}의 옵션이 아닙니다",
                                 hint_ko=did_you_mean(key, operation.options, "ko") or
                                 (f"{name}의 옵션: {options}" if options else f"{name}에는 옵션이 없습니다"))
            for required in operation.required:
                if required not in node:
                    raise self.error(where, f"{name} needs '{required}'", ko=f"{name}에는 '{required}'이(가) 필요합니다")
            return operation.compile(self, node, scope, where)
        if isinstance(node, list):
            parts = [self.compile(part, scope, where + (i,)) for i, part in enumerate(node)]
            if all(p.is_literal for p in parts):
                return constant([p.literal for p in parts])
            return Expr(lambda ctx, item: [p.fn(ctx, item) for p in parts],
                        uses_item=any(p.uses_item for p in parts), params=_params(*parts), reads=_reads(*parts))
        if node is None or isinstance(node, (str, int, Decimal, bool, dt.date)):
            return constant(node)
        raise self.error(where, f"cannot use {node!r} in an expression", ko=f"{node!r}은(는) 식에 쓸 수 없습니다")

    def value(self, node: Node, scope: type | None, where: Where) -> Expr:
        expr = self.compile(node, scope, where)
        if expr.collection:
            raise self.error(where, "expected a single value here, found a collection",
                             "wrap it in count, sum, max or min",
                             ko="여기에는 단일 값이 와야 하는데 컬렉션이 있습니다",
                             hint_ko="count, sum, max, min 중 하나로 감싸세요")
        return expr

    def items(self, node: Node, scope: type | None, where: Where) -> Expr:
        expr = self.compile(node, scope, where)
        if not expr.collection:
            raise self.error(where, "expected a collection here (index.constituents, product.participants, product.pdf ...)",
                             ko="여기에는 컬렉션(index.constituents, product.participants, product.pdf 등)이 와야 합니다")
        return expr

    def fixed(self, node: Node, scope: type | None, where: Where) -> Expr:
        """A value that does not depend on the item (a threshold, a cut, a total)."""
        expr = self.value(node, scope, where)
        if expr.uses_item:
            raise self.error(where, "this must not depend on the item", ko="이 값은 항목(item)에 따라 달라지면 안 됩니다")
        return expr

    def memo(self, expr: Expr) -> Expr:
        """Compute an item-independent value once per product, or once per index when it reads
        no product."""
        if expr.uses_item or expr.is_literal:
            return expr
        key, fn = ("memo", next(_SERIALS)), expr.fn
        shared = "product" not in expr.reads

        def memoised(ctx: Context, item: Any) -> Any:
            memo = ctx.shared if shared else ctx.memo
            try:
                found = memo[key]
            except KeyError:
                try:
                    found = memo[key] = fn(ctx, item)
                except Missing as missing:
                    found = Unavailable(missing.reasons)  # in the product's memo if a reason is its own (window)
                    (ctx.shared if shared else ctx.memo)[key] = found
            if type(found) is Unavailable:
                raise Missing(found.reasons)
            return found

        return dataclasses.replace(expr, fn=memoised)

    def definition(self, name: str, scope: type | None, where: Where) -> Expr:
        if name not in self.definitions:
            raise self.error(where, f"no definition named '{name}'",
                             did_you_mean(name, self.definitions) or "add it under definitions:",
                             ko=f"'{name}'(이)라는 정의가 없습니다",
                             hint_ko=did_you_mean(name, self.definitions, "ko") or "definitions: 아래에 추가하세요")
        shared = self._compiled_definitions.get((name, None))
        if shared is not None and not shared.uses_item:
            return shared  # a definition that reads no item is the same in every scope
        key = (name, scope)
        if key not in self._compiled_definitions:
            if name in self._compiling:
                raise self.error(where, f"the definition '{name}' refers to itself", ko=f"정의 '{name}'이(가) 자기 자신을 참조합니다")
            self._compiling.add(name)
            try:
                expr = self.compile(self.definitions[name], scope, ("definitions", name))
            finally:
                self._compiling.discard(name)
            compiled = self.memo(expr) if not expr.uses_item else _per_item(expr, scope)
            self._compiled_definitions[key if expr.uses_item else (name, None)] = compiled
            return compiled
        return self._compiled_definitions[key]


# Memo keys are unique in the process, not per rulebook: memos shared through an index may
# hold values of several rulebooks at once.
_SERIALS = itertools.count(1)


def constant(value: Any) -> Expr:
    return Expr(lambda ctx, item: value, literal=value, is_literal=True, reads=frozenset())


def _params(*exprs: Expr) -> frozenset[str]:
    return frozenset().union(*(e.params for e in exprs))


def _reads(*exprs: Expr) -> frozenset[str]:
    return frozenset().union(*(e.reads for e in exprs))


def _per_item(expr: Expr, scope: type | None) -> Expr:
    """Remember an item-level definition per item (a weight is used by several rules); per index
    when the items are the index's own (they live as long as it, so their ids stay theirs)."""
    tag, fn = next(_SERIALS), expr.fn
    shared = "product" not in expr.reads and ORIGIN.get(scope) == "index"

    def remembered(ctx: Context, item: Any) -> Any:
        memo = ctx.shared if shared else ctx.memo
        try:
            values = memo[tag]  # this definition's values, by item
        except KeyError:
            values = memo[tag] = {}
        key = id(item)
        try:
            found = values[key]
        except KeyError:
            try:
                found = values[key] = fn(ctx, item)
            except Missing as missing:
                found = Unavailable(missing.reasons)
                if shared and ctx.shared is ctx.memo:  # a reason of this product's own (window): kept with it
                    ctx.memo.setdefault(tag, {})[key] = found
                else:
                    values[key] = found
        if type(found) is Unavailable:
            raise Missing(found.reasons)
        return found

    return dataclasses.replace(expr, fn=remembered)


# --- operations -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Operation:
    compile: Callable[[Compiler, dict[str, Any], type | None, Where], Expr]
    options: frozenset[str] = frozenset()
    required: frozenset[str] = frozenset()


OPERATIONS: dict[str, Operation] = {}


def operation(name: str, options: tuple[str, ...] = (), required: tuple[str, ...] = ()) -> Callable[[Any], Any]:
    def register(function: Callable[[Compiler, dict[str, Any], type | None, Where], Expr]) -> Any:
        OPERATIONS[name] = Operation(function, frozenset(options), frozenset(required))
        return function
    return register


SERIES = frozenset(["index", "as_of"])  # what window_mean and value_on_as_of read


@functools.cache  # a model's fields never change; resolving their hints was a third of compiling a rulebook
def fields_of(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls) if f.name not in HIDDEN_FIELDS}


def _element_type(annotation: Any) -> type | None:
    """``tuple[Constituent, ...] | None`` -> Constituent; None when it is not a collection."""
    for candidate in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(candidate) is tuple:
            args = typing.get_args(candidate)
            return args[0] if args else None
    return None


def _record_type(annotation: Any) -> type | None:
    for candidate in (annotation, *typing.get_args(annotation)):
        if dataclasses.is_dataclass(candidate) and isinstance(candidate, type):
            return candidate
    return None


# Where the items of each collection come from: a constituent is the index's, a participant or a
# PDF row the product's. A value computed from an index's items alone can be shared by its products.
ORIGIN: dict[type | None, str] = {
    element: root for root, record in ROOTS.items() for annotation in fields_of(record).values()
    if (element := _element_type(annotation)) is not None
}


@operation("get")
def _get(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    path = node["get"]
    if not isinstance(path, str) or not path:
        raise c.error(where + ("get",), "get takes a dotted name such as product.principal_krw or item.market",
                      ko="get에는 product.principal_krw나 item.market처럼 점으로 이은 이름을 씁니다")
    root, *steps = path.split(".")
    if root == "item":
        if scope is None:
            raise c.error(where + ("get",), "'item' is only defined inside of, by and where",
                          ko="'item'은 of, by, where 안에서만 쓸 수 있습니다")
        current: Any = scope
    elif root in ROOTS:
        current = ROOTS[root]
    else:
        raise c.error(where + ("get",), f"unknown root '{root}'", did_you_mean(root, [*ROOTS, "item"]) or "roots: product, index, item",
                      ko=f"알 수 없는 시작 이름 '{root}'",
                      hint_ko=did_you_mean(root, [*ROOTS, "item"], "ko") or "시작 이름: product, index, item")
    annotation: Any = current
    for step in steps:
        record = _record_type(annotation)
        if record is None:
            raise c.error(where + ("get",), f"'{path}': cannot look inside a value to find '{step}'",
                          ko=f"'{path}': 값 안에서 '{step}'을(를) 찾을 수 없습니다")
        available = fields_of(record)
        if step not in available:
            raise c.error(where + ("get",), f"'{path}': {record.__name__.lower()} has no field '{step}'",
                          did_you_mean(step, available) or f"fields: {', '.join(available)}",
                          ko=f"'{path}': {record.__name__.lower()}에는 '{step}' 필드가 없습니다",
                          hint_ko=did_you_mean(step, available, "ko") or f"필드: {', '.join(available)}")
        annotation = available[step]
    element = _element_type(annotation)
    uses_item = root == "item"
    shown = path if not uses_item else None
    missing_message = f"{path.removeprefix('item.')} is not given"
    missing_message_ko = f"{path.removeprefix('item.')} 값이 없습니다"

    reads = frozenset([ORIGIN.get(scope, "product") if uses_item else root])

    def get(ctx: Context, item: Any) -> Any:
        value = item if uses_item else (ctx.product if root == "product" else ctx.index)
        for step in steps:
            value = getattr(value, step)
            if value is None:
                if uses_item:
                    raise Missing.one(f"{_label(item)}: {missing_message}", item, getattr(item, "location", None),
                                      ko=f"{_label(item)}: {missing_message_ko}")
                raise Missing.one(missing_message, location=ctx.location_of(path), ko=missing_message_ko)
        return value

    if uses_item and len(steps) == 1:  # item.quantity, item.market: read for every item, so directly
        field_name = steps[0]

        def get(ctx: Context, item: Any) -> Any:
            value = getattr(item, field_name)
            if value is None:
                raise Missing.one(f"{_label(item)}: {missing_message}", item, getattr(item, "location", None),
                                  ko=f"{_label(item)}: {missing_message_ko}")
            return value

    return Expr(get, collection=element is not None, element=element, uses_item=uses_item, path=shown, reads=reads)


def _label(item: Any) -> str:
    identity = item.identity() if hasattr(item, "identity") else {}
    if "code" in identity:
        return f"{identity['name']} ({identity['code']})"
    return identity.get("name", str(item))


def _named(c: Compiler, node: dict[str, Any], option: str, where: Where) -> str:
    """An option that names something (a parameter, a definition, a field): text, not a structure."""
    value = node[option]
    if not isinstance(value, str):
        raise c.error(where + (option,), f"{option} takes a name, not {value!r}", ko=f"{option}에는 이름을 씁니다: {value!r}")
    return value


@operation("param")
def _param(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    name = _named(c, node, "param", where)
    if name not in c.parameters:
        raise c.error(where + ("param",), f"no parameter named '{name}'",
                      did_you_mean(str(name), c.parameters) or "add it under parameters:",
                      ko=f"'{name}'(이)라는 매개변수가 없습니다",
                      hint_ko=did_you_mean(str(name), c.parameters, "ko") or "parameters: 아래에 추가하세요")
    return Expr(lambda ctx, item: ctx.params[name], params=frozenset([name]), reads=frozenset())


@operation("ref")
def _ref(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    return c.definition(_named(c, node, "ref", where), scope, where + ("ref",))


@operation("count")
def _count(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    items = c.items(node["count"], scope, where + ("count",))
    return c.memo(Expr(lambda ctx, item: len(items.fn(ctx, item)), uses_item=items.uses_item,
                       path=items.path, params=items.params, reads=items.reads))


@operation("sum", options=("of",), required=("of",))
def _sum(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    items = c.items(node["sum"], scope, where + ("sum",))
    of = c.value(node["of"], items.element, where + ("of",))

    def total(ctx: Context, item: Any) -> Any:
        return add_all(each_of(ctx, items.fn(ctx, item), of.fn))

    return c.memo(Expr(total, uses_item=items.uses_item, path=items.path, params=_params(items, of),
                       reads=_reads(items, of)))


def _extreme(pick: Callable[..., Any]) -> Callable[[Compiler, dict[str, Any], type | None, Where], Expr]:
    def build(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
        name = "max" if pick is max else "min"
        items = c.items(node[name], scope, where + (name,))
        of = c.value(node["of"], items.element, where + ("of",))

        def extreme(ctx: Context, item: Any) -> Any:
            values = each_of(ctx, items.fn(ctx, item), of.fn)
            if not values:
                raise Missing.one(f"{name} of no items", location=ctx.location_of(items.path),
                                  ko=f"항목이 없어 {name}을(를) 구할 수 없습니다")
            return pick(values)

        return c.memo(Expr(extreme, uses_item=items.uses_item, path=items.path, params=_params(items, of),
                           reads=_reads(items, of)))
    return build


operation("max", options=("of",), required=("of",))(_extreme(max))
operation("min", options=("of",), required=("of",))(_extreme(min))


@operation("ratio")
def _ratio(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    pair = node["ratio"]
    if not isinstance(pair, list) or len(pair) != 2:
        raise c.error(where + ("ratio",), "ratio takes [numerator, denominator]", ko="ratio에는 [분자, 분모]를 씁니다")
    top, bottom = (c.value(p, scope, where + ("ratio", i)) for i, p in enumerate(pair))

    def ratio(ctx: Context, item: Any) -> Ratio:
        denominator = bottom.fn(ctx, item)
        if denominator == 0:
            raise Missing.one("the ratio's denominator is zero", item, ctx.location_of(bottom.path),
                              ko="비율의 분모가 0입니다")
        return Ratio.of(top.fn(ctx, item), denominator)

    return c.memo(Expr(ratio, uses_item=top.uses_item or bottom.uses_item, path=top.path or bottom.path,
                       params=_params(top, bottom), reads=_reads(top, bottom)))


@operation("share", options=("within",), required=("within",))
def _share(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    within = c.items(node["within"], scope, where + ("within",))
    if within.uses_item:
        raise c.error(where + ("within",), "the collection of a share must not depend on the item",
                      ko="share의 컬렉션은 항목(item)에 따라 달라지면 안 됩니다")
    if scope is None:
        raise c.error(where, "share is an item's part of a total: use it inside of, by or where",
                      ko="share는 합계 중 항목의 몫입니다: of, by, where 안에서 쓰세요")
    part = c.value(node["share"], within.element, where + ("share",))
    total = c.memo(Expr(lambda ctx, item: add_all(each_of(ctx, within.fn(ctx, None), part.fn)),
                        params=_params(within, part), reads=_reads(within, part)))

    def share(ctx: Context, item: Any) -> Ratio:
        whole = total.fn(ctx, None)
        if whole == 0:
            raise Missing.one("the total is zero, so no share can be taken", location=ctx.location_of(within.path),
                              ko="합계가 0이라 비중을 구할 수 없습니다")
        return Ratio.of(part.fn(ctx, item), whole)

    return Expr(share, uses_item=True, path=within.path, params=_params(within, part), reads=_reads(within, part))


def _series_field(c: Compiler, node: dict[str, Any], scope: type | None, where: Where, name: str) -> str:
    """The daily series an operation reads (a constituent's market cap or trading value)."""
    if scope is not Constituent:
        raise c.error(where, f"{name} is a value of an index constituent: use it inside of, by or where over index.constituents",
                      ko=f"{name}은(는) 지수 구성종목의 값입니다: index.constituents에 대한 of, by, where 안에서 쓰세요")
    series_field = node[name]
    if series_field not in ("market_cap_krw", "trading_value_krw"):
        raise c.error(where + (name,), f"{name} takes market_cap_krw or trading_value_krw",
                      did_you_mean(str(series_field), ["market_cap_krw", "trading_value_krw"]),
                      ko=f"{name}에는 market_cap_krw나 trading_value_krw를 씁니다",
                      hint_ko=did_you_mean(str(series_field), ["market_cap_krw", "trading_value_krw"], "ko"))
    return str(series_field)


def _window_arguments(c: Compiler, node: dict[str, Any], scope: type | None, where: Where, name: str) -> tuple[str, Expr, Expr]:
    series_field = _series_field(c, node, scope, where, name)
    months = _whole(c, node["months"], where + ("months",), "months")
    tolerance = _whole(c, node["tolerance_days"], where + ("tolerance_days",), "tolerance_days")
    return series_field, months, tolerance


def _is_whole(value: Any) -> bool:
    return (isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value >= 0
            and value == int(value))


def _checked_option(c: Compiler, node: Node, where: Where, name: str, fits: Callable[[Any], bool],
                    what: str, what_ko: str) -> Expr:
    """An option that must be of one kind (a count, a ratio): checked at load where it is written as
    a literal or a parameter, and when it is computed otherwise, so that a rule never fails with a
    Python error."""
    expr = c.fixed(node, None, where)
    written = expr.literal if expr.is_literal else None
    if isinstance(node, dict) and set(node) == {"param"} and node["param"] in c.parameters:
        written = getattr(c.parameters[node["param"]], "value", None)
        if not fits(written):
            raise c.error(where, f"{name} is {what}; the parameter {node['param']} is {written!r}",
                          ko=f"{name}은(는) {what_ko}이어야 합니다. 매개변수 {node['param']}의 값은 {written!r}입니다")
        return expr
    if expr.is_literal:
        if not fits(written):
            raise c.error(where, f"{name} is {what}, not {written!r}", ko=f"{name}은(는) {what_ko}이어야 합니다: {written!r}")
        return expr
    fn = expr.fn

    def checked(ctx: Context, item: Any) -> Any:
        value = fn(ctx, item)
        if not fits(value):
            raise Missing.one(f"{name} is {what}, not {value!r}", ko=f"{name}은(는) {what_ko}이어야 합니다: {value!r}")
        return value

    return dataclasses.replace(expr, fn=checked)


def _whole(c: Compiler, node: Node, where: Where, name: str) -> Expr:
    return _checked_option(c, node, where, name, _is_whole, "a whole number of 0 or more", "0 이상의 정수")


@operation("window_mean", options=("months", "tolerance_days"), required=("months", "tolerance_days"))
def _window_mean(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    series_field, months, tolerance = _window_arguments(c, node, scope, where, "window_mean")

    def mean(ctx: Context, constituent: Constituent) -> Any:
        series = ctx.index.series.get(constituent.code)
        if series is None:
            given = getattr(constituent, series_field)
            if given is None:
                raise Missing.one(f"{_label(constituent)}: no daily {series_field} and no 3-month mean given",
                                  constituent, constituent.location,
                                  ko=f"{_label(constituent)}: 일별 {series_field}도 3개월 평균도 없습니다")
            return given
        window = ctx.window(int(months.fn(ctx, None)), int(tolerance.fn(ctx, None)))
        try:
            return window_mean(series.dates, getattr(series, series_field), window)
        except NotCovered as gap:
            raise Missing.one(f"{_label(constituent)}: {gap}", constituent, series.location,
                              ko=f"{_label(constituent)}: {gap.ko}") from None

    return Expr(mean, uses_item=True, params=_params(months, tolerance), reads=SERIES | _reads(months, tolerance))


@operation("value_on_as_of", options=("tolerance_days",), required=("tolerance_days",))
def _value_on_as_of(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    series_field = _series_field(c, node, scope, where, "value_on_as_of")
    tolerance = _whole(c, node["tolerance_days"], where + ("tolerance_days",), "tolerance_days")

    def value(ctx: Context, constituent: Constituent) -> Any:
        series = ctx.index.series.get(constituent.code)
        if series is None:
            raise Missing.one(f"{_label(constituent)}: no daily {series_field}, so no value on the evaluation date",
                              constituent, constituent.location,
                              ko=f"{_label(constituent)}: 일별 {series_field}이(가) 없어 평가일의 값이 없습니다")
        as_of = ctx.evaluation_date()
        try:
            return value_on(series.dates, getattr(series, series_field), as_of, int(tolerance.fn(ctx, None)))
        except NotCovered as gap:
            raise Missing.one(f"{_label(constituent)}: {gap}", constituent, series.location,
                              ko=f"{_label(constituent)}: {gap.ko}") from None

    return Expr(value, uses_item=True, params=tolerance.params, reads=SERIES | tolerance.reads)


@operation("choose", options=("cases", "default"), required=("cases",))
def _choose(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    subject = c.value(node["choose"], scope, where + ("choose",))
    cases_node = node["cases"]
    if not isinstance(cases_node, dict) or not cases_node:
        raise c.error(where + ("cases",), "cases maps values to expressions", ko="cases는 값과 식의 매핑입니다")
    cases = {key: c.compile(value, scope, where + ("cases", key)) for key, value in cases_node.items()}
    default = c.compile(node["default"], scope, where + ("default",)) if "default" in node else None
    branches = [*cases.values(), *([default] if default else [])]
    if len({b.collection for b in branches}) > 1:
        raise c.error(where, "the cases of choose must all be collections or all single values",
                      ko="choose의 cases는 모두 컬렉션이거나 모두 단일 값이어야 합니다")

    def choose(ctx: Context, item: Any) -> Any:
        try:
            key = subject.fn(ctx, item)
        except Missing:
            if default is None:
                raise
            return default.fn(ctx, item)  # the default also stands for a value that is not given
        branch = cases.get(str(key).lower() if isinstance(key, bool) else str(key), default)
        if branch is None:
            raise Missing.one(f"no case for {key!r}", item, ctx.location_of(subject.path),
                              ko=f"{key!r}에 해당하는 case가 없습니다")
        return branch.fn(ctx, item)

    first = branches[0]
    return Expr(choose, collection=first.collection, element=first.element,
                uses_item=any(b.uses_item for b in [subject, *branches]), path=first.path,
                params=_params(subject, *branches), reads=_reads(subject, *branches))


@operation("filter", options=("where",), required=("where",))
def _filter(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    items = c.items(node["filter"], scope, where + ("filter",))
    keep = c.value(node["where"], items.element, where + ("where",))

    def select(ctx: Context, item: Any) -> tuple[Any, ...]:
        members = items.fn(ctx, item)
        test = keep.fn
        chosen: list[Any] = []
        reasons: list[Reason] = []
        for member in members:  # as gather(members, _truth(keep)), in one loop: once per constituent
            try:
                flag = test(ctx, member)
                if flag is True:
                    chosen.append(member)
                elif flag is not False:
                    _truth(flag)
            except Missing as missing:
                reasons.extend(missing.reasons)
        if reasons:
            raise Missing(unique(reasons))
        return tuple(chosen)

    return c.memo(Expr(select, collection=True, element=items.element, uses_item=items.uses_item,
                       path=items.path, params=_params(items, keep), reads=_reads(items, keep)))


def ranked(values: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """(item, value) pairs, largest value first; ties by the item's key, so file order never matters."""
    by_key = sorted(values, key=lambda pair: pair[0].key)
    if by_key and all(type(v) is Ratio for _, v in by_key) and len({v.den for _, v in by_key}) == 1:
        # means over the same number of days: they order as their sums, without a Ratio comparison
        return sorted(by_key, key=lambda pair: pair[1].num, reverse=True)
    return sorted(by_key, key=lambda pair: pair[1], reverse=True)  # stable: ties keep key order


@operation("top", options=("of", "by"), required=("of", "by"))
def _top(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    count = _whole(c, node["top"], where + ("top",), "top")
    items = c.items(node["of"], scope, where + ("of",))
    by = c.value(node["by"], items.element, where + ("by",))

    def top(ctx: Context, item: Any) -> tuple[Any, ...]:
        members = items.fn(ctx, item)
        values = each_of(ctx, members, by.fn)
        return tuple(member for member, _ in ranked(list(zip(members, values)))[: int(count.fn(ctx, None))])

    return c.memo(Expr(top, collection=True, element=items.element, uses_item=items.uses_item,
                       path=items.path, params=_params(count, items, by), reads=_reads(count, items, by)))


@operation("top_cumulative_share", options=("by", "cut", "straddling"), required=("by", "cut", "straddling"))
def _top_cumulative_share(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    items = c.items(node["top_cumulative_share"], scope, where + ("top_cumulative_share",))
    by = c.value(node["by"], items.element, where + ("by",))
    cut = _checked_option(c, node["cut"], where + ("cut",), "cut", is_number, "a number (a ratio such as 0.85)",
                          "수(0.85 같은 비율)")
    straddling = c.fixed(node["straddling"], None, where + ("straddling",))
    if straddling.is_literal and straddling.literal not in ("include", "exclude"):
        raise c.error(where + ("straddling",), "straddling is include or exclude",
                      ko="straddling은 include 또는 exclude입니다")

    def top_share(ctx: Context, item: Any) -> tuple[Any, ...]:
        members = items.fn(ctx, item)
        values = each_of(ctx, members, by.fn)
        total = add_all(values)
        if total == 0:  # every issue's part of nothing: no issue is inside any cut, so nothing can be said
            raise Missing.one("the total is zero, so no cumulative share can be taken", location=ctx.location_of(items.path),
                              ko="합계가 0이라 누적 비중을 구할 수 없습니다")
        line, include = cut.fn(ctx, None), straddling.fn(ctx, None)
        if include not in ("include", "exclude"):
            raise Missing.one(f"straddling is include or exclude, not {include!r}",
                              ko=f"straddling은 include 또는 exclude입니다. 입력값: {include!r}")
        # share < line is part < line x total when the total is positive: one product, not a Ratio per issue
        bound = as_ratio(total) * line if total > 0 and is_number(line) else None
        chosen, above = [], Decimal(0)
        for member, value in ranked(list(zip(members, values))):
            through = above + value
            if bound is not None:
                inside = above < bound if include == "include" else through <= bound
            else:
                inside = Ratio.of(above, total) < line if include == "include" else Ratio.of(through, total) <= line
            if not inside:
                break
            chosen.append(member)
            above = through
        return tuple(chosen)

    return c.memo(Expr(top_share, collection=True, element=items.element, uses_item=items.uses_item,
                       path=items.path, params=_params(items, by, cut, straddling),
                       reads=_reads(items, by, cut, straddling)))


@operation("member_of", options=("key",), required=("key",))
def _member_of(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    items = c.items(node["member_of"], None, where + ("member_of",))
    key = _named(c, node, "key", where)
    if scope is None:
        raise c.error(where, "member_of tests an item: use it inside of, by or where",
                      ko="member_of는 항목을 검사합니다: of, by, where 안에서 쓰세요")
    for record in (scope, items.element):
        if record is not None and key not in fields_of(record):
            raise c.error(where + ("key",), f"{record.__name__.lower()} has no field '{key}'",
                          did_you_mean(str(key), fields_of(record)),
                          ko=f"{record.__name__.lower()}에는 '{key}' 필드가 없습니다",
                          hint_ko=did_you_mean(str(key), fields_of(record), "ko"))
    keys = c.memo(Expr(lambda ctx, item: frozenset(getattr(m, key) for m in items.fn(ctx, None)), params=items.params,
                       reads=items.reads))
    return Expr(lambda ctx, item: getattr(item, key) in keys.fn(ctx, None), uses_item=True, params=items.params,
                reads=items.reads | {ORIGIN.get(scope, "product")})


_GROUP_TYPES: dict[type, type] = {}


def group_type(member: type) -> type:
    """The record type of groups of ``member`` items: ``key``, ``members`` (a collection), ``location``."""
    found = _GROUP_TYPES.get(member)
    if found is None:
        found = dataclasses.make_dataclass(
            f"{member.__name__}Group",
            [("key", str), ("members", tuple[member, ...]), ("location", Location)],  # type: ignore[valid-type]
            frozen=True,
            namespace={"identity": lambda self: {"name": self.key}},
        )
        _GROUP_TYPES[member] = found
    return found


@operation("group", options=("by",), required=("by",))
def _group(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    items = c.items(node["group"], scope, where + ("group",))
    if items.element is None:
        raise c.error(where + ("group",), "group needs a collection of records", ko="group에는 레코드 모음이 필요합니다")
    by = c.value(node["by"], items.element, where + ("by",))
    kind = group_type(items.element)

    def grouped(ctx: Context, item: Any) -> tuple[Any, ...]:
        members = items.fn(ctx, item)
        keys = gather(members, lambda member: by.fn(ctx, member))
        buckets: dict[str, list[Any]] = {}
        for member, key in zip(members, keys):
            buckets.setdefault(str(key), []).append(member)
        return tuple(kind(key, tuple(sorted(bucket, key=lambda m: m.key)), min(m.location for m in bucket))
                     for key, bucket in sorted(buckets.items()))

    return c.memo(Expr(grouped, collection=True, element=kind, uses_item=items.uses_item, path=items.path,
                       params=_params(items, by), reads=_reads(items, by)))


@operation("first_given")
def _first_given(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    options = node["first_given"]
    if not isinstance(options, list) or len(options) < 2:
        raise c.error(where + ("first_given",), "first_given takes a list of two or more values",
                      ko="first_given에는 값 두 개 이상의 목록이 필요합니다")
    parts = [c.value(p, scope, where + ("first_given", i)) for i, p in enumerate(options)]

    def first(ctx: Context, item: Any) -> Any:
        reasons: list[Reason] = []
        for part in parts:
            try:
                value = part.fn(ctx, item)
            except Missing as missing:
                reasons.extend(missing.reasons)
                continue
            if value is not None:
                return value
        raise Missing(unique(reasons))

    return Expr(first, uses_item=any(p.uses_item for p in parts), path=parts[0].path, params=_params(*parts),
                reads=_reads(*parts))


@operation("window_active_share", options=("months", "tolerance_days"), required=("months", "tolerance_days"))
def _window_active_share(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    series_field, months, tolerance = _window_arguments(c, node, scope, where, "window_active_share")

    def trading_days(ctx: Context, window: Window) -> list[dt.date]:
        key = ("trading_days", window)  # the index's and the date's alone: shared by its products
        if key not in ctx.shared:
            ctx.shared[key] = sorted({day for s in ctx.index.series.values() for day in s.dates
                                      if window.first <= day <= window.last})
        return list(ctx.shared[key])

    def active_share(ctx: Context, constituent: Constituent) -> Any:
        series = ctx.index.series.get(constituent.code)
        if series is None:
            raise Missing.one(f"{_label(constituent)}: no daily {series_field} to count trading days",
                              constituent, constituent.location,
                              ko=f"{_label(constituent)}: 거래일을 셀 일별 {series_field}가 없습니다")
        window = ctx.window(int(months.fn(ctx, None)), int(tolerance.fn(ctx, None)))
        days = trading_days(ctx, window)
        if not days:
            raise Missing.one(f"no market data between {window.first} and {window.last}", location=series.location,
                              ko=f"{window.first}부터 {window.last}까지 시장 데이터가 없습니다")
        try:  # the index's trading days must cover the window, as an issue's must for a mean
            check_cover(days[0], days[-1], window)
        except NotCovered as gap:
            raise Missing.one(f"the index's {gap}", location=series.location, ko=f"지수의 {gap.ko}") from None
        values = getattr(series, series_field)
        active = sum(1 for day, value in zip(series.dates, values) if window.first <= day <= window.last and value > 0)
        return Ratio(Decimal(active), Decimal(len(days)))

    return Expr(active_share, uses_item=True, params=_params(months, tolerance),
                reads=SERIES | _reads(months, tolerance))


@operation("given")
def _given(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    inner = c.compile(node["given"], scope, where + ("given",))

    def given(ctx: Context, item: Any) -> bool:
        try:
            return inner.fn(ctx, item) is not None
        except Missing:
            return False

    return Expr(given, uses_item=inner.uses_item, params=inner.params, reads=inner.reads)


def _truth(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Missing.one(f"expected true or false, got {value!r}", ko=f"true 또는 false여야 합니다. 입력값: {value!r}")
    return value


def _logic(name: str) -> Callable[[Compiler, dict[str, Any], type | None, Where], Expr]:
    def build(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
        parts_node = node[name]
        if not isinstance(parts_node, list) or not parts_node:
            raise c.error(where + (name,), f"{name} takes a list of conditions", ko=f"{name}에는 조건의 목록을 씁니다")
        parts = [c.value(p, scope, where + (name, i)) for i, p in enumerate(parts_node)]
        tests, decisive = [p.fn for p in parts], name == "any"  # all stops at a false, any at a true

        def fn(ctx: Context, item: Any) -> bool:  # a loop, not a generator: it runs once per item
            for test in tests:
                if _truth(test(ctx, item)) is decisive:
                    return decisive
            return not decisive

        return Expr(fn, uses_item=any(p.uses_item for p in parts), params=_params(*parts), reads=_reads(*parts))
    return build


operation("all")(_logic("all"))
operation("any")(_logic("any"))


@operation("not")
def _not(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    inner = c.value(node["not"], scope, where + ("not",))
    return Expr(lambda ctx, item: not _truth(inner.fn(ctx, item)), uses_item=inner.uses_item, params=inner.params,
                reads=inner.reads)


_ORDERINGS: dict[str, Callable[[Any, Any], bool]] = {">=": _op.ge, ">": _op.gt, "<=": _op.le, "<": _op.lt}
_NUMBER_TYPES = (int, Decimal, Ratio)


def holds(left: Any, operator: str, right: Any) -> bool:
    """Whether ``left operator right``; numbers compare exactly (Decimal, int and Ratio)."""
    ordering = _ORDERINGS.get(operator)
    if ordering is not None and type(left) in _NUMBER_TYPES and type(right) in _NUMBER_TYPES:
        return ordering(left, right)  # the common case, once per constituent: numbers, exactly
    if type(left) is str and operator in ("in", "not_in") and isinstance(right, (list, tuple)):
        return (left in right) is (operator == "in")  # a text equals only text: _equal's answer
    if operator in ("in", "not_in"):
        if not isinstance(right, (list, tuple, set, frozenset)):
            raise Missing.one(f"{operator} needs a list on its right, got {right!r}",
                              ko=f"{operator}의 오른쪽에는 목록이 와야 합니다. 입력값: {right!r}")
        found = any(_equal(left, r) for r in right)
        return found if operator == "in" else not found
    if operator == "between":
        low, high = right
        return holds(left, ">=", low) and holds(left, "<=", high)
    if operator == "==":
        return _equal(left, right)
    if operator == "!=":
        return not _equal(left, right)
    if not (is_number(left) and is_number(right)):
        raise Missing.one(f"cannot compare {left!r} {operator} {right!r}: both must be numbers",
                          ko=f"{left!r} {operator} {right!r}을(를) 비교할 수 없습니다: 둘 다 숫자여야 합니다")
    if operator == ">=":
        return left >= right
    if operator == ">":
        return left > right
    if operator == "<=":
        return left <= right
    return left < right


def _equal(left: Any, right: Any) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    return bool(left == right)


def _comparison(name: str) -> Callable[[Compiler, dict[str, Any], type | None, Where], Expr]:
    arity = 3 if name == "between" else 2

    def build(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
        operands = node[name]
        if not isinstance(operands, list) or len(operands) != arity:
            raise c.error(where + (name,), f"{name} takes a list of {arity} operands",
                          ko=f"{name}에는 피연산자 {arity}개의 목록을 씁니다")
        parts = [c.value(p, scope, where + (name, i)) for i, p in enumerate(operands)]
        if name == "between":
            fn: Function = lambda ctx, item: holds(parts[0].fn(ctx, item), "between",
                                                   (parts[1].fn(ctx, item), parts[2].fn(ctx, item)))
        elif parts[1].is_literal:  # {">": [{get: item.quantity}, 0]}, once per item: no call for the 0
            left, right = parts[0].fn, parts[1].literal
            fn = lambda ctx, item: holds(left(ctx, item), name, right)
        else:
            fn = lambda ctx, item: holds(parts[0].fn(ctx, item), name, parts[1].fn(ctx, item))
        return Expr(fn, uses_item=any(p.uses_item for p in parts), params=_params(*parts), reads=_reads(*parts))
    return build


for _name in OPERATORS:
    operation(_name)(_comparison(_name))
