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
import itertools
import operator as _op
import typing
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Mapping

from ..errors import InputError, Location, did_you_mean
from ..model import Constituent, Holding, Index, Participant, Product
from .numbers import Ratio, add_all, as_ratio, is_number
from .window import NotCovered, Window, value_on, window_mean

COMPARISONS = (">=", ">", "<=", "<", "==", "!=")
MEMBERSHIP = ("in", "not_in")
OPERATORS = COMPARISONS + MEMBERSHIP + ("between",)
ROOTS: dict[str, type] = {"product": Product, "index": Index}
HIDDEN_FIELDS = {"location", "locations", "file", "series", "summaries"}


# --- values that could not be computed ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Reason:
    """Why a value is missing: the item it is about (if any), what, and where."""

    message: str
    item: Any = None
    location: Location | None = None


class Missing(Exception):
    """A value a rule needs is not in the input; the rule's result is ``error``."""

    def __init__(self, reasons: list[Reason]):
        super().__init__("; ".join(r.message for r in reasons))
        self.reasons = reasons

    @staticmethod
    def one(message: str, item: Any = None, location: Location | None = None) -> "Missing":
        return Missing([Reason(message, item, location)])


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
        raise Missing(_unique(reasons))
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
        raise Missing(_unique(reasons))
    return values


def _unique(reasons: list[Reason]) -> list[Reason]:
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

    def window(self, months: int, tolerance_days: int) -> Window:
        if self.as_of is None:
            raise Missing.one("no evaluation date: set as_of in the product file or --as-of",
                              location=self.product.locations.get("as_of", Location(self.product.file)))
        key = (months, tolerance_days)
        window = self._windows.get(key)
        if window is None:
            window = self._windows[key] = Window.ending(self.as_of, months, tolerance_days)
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

    @property
    def compiled_definitions(self) -> list[tuple[str, Any]]:
        return list(self._compiled_definitions)

    def error(self, where: Where, message: str, hint: str | None = None) -> RulebookError:
        return RulebookError.at(self.locate(where), message, hint)  # type: ignore[return-value]

    def compile(self, node: Node, scope: type | None, where: Where) -> Expr:
        if isinstance(node, dict):
            operations = [key for key in node if key in OPERATIONS]
            if len(operations) != 1:
                found = ", ".join(map(str, node)) or "nothing"
                close = next((h for h in (did_you_mean(str(k), OPERATIONS) for k in node) if h), None)
                raise self.error(where, f"an expression needs exactly one operation; found {found}",
                                 close or f"operations: {', '.join(sorted(OPERATIONS))}")
            name = operations[0]
            operation = OPERATIONS[name]
            extra = set(node) - {name} - operation.options
            if extra:
                key = sorted(extra)[0]
                raise self.error(where + (key,), f"'{key}' is not an option of {name}",
                                 did_you_mean(key, operation.options) or
                                 (f"{name} takes {', '.join(sorted(operation.options))}" if operation.options else f"{name} takes no options"))
            for required in operation.required:
                if required not in node:
                    raise self.error(where, f"{name} needs '{required}'")
            return operation.compile(self, node, scope, where)
        if isinstance(node, list):
            parts = [self.compile(part, scope, where + (i,)) for i, part in enumerate(node)]
            if all(p.is_literal for p in parts):
                return constant([p.literal for p in parts])
            return Expr(lambda ctx, item: [p.fn(ctx, item) for p in parts],
                        uses_item=any(p.uses_item for p in parts), params=_params(*parts), reads=_reads(*parts))
        if node is None or isinstance(node, (str, int, Decimal, bool, dt.date)):
            return constant(node)
        raise self.error(where, f"cannot use {node!r} in an expression")

    def value(self, node: Node, scope: type | None, where: Where) -> Expr:
        expr = self.compile(node, scope, where)
        if expr.collection:
            raise self.error(where, "expected a single value here, found a collection",
                             "wrap it in count, sum, max or min")
        return expr

    def items(self, node: Node, scope: type | None, where: Where) -> Expr:
        expr = self.compile(node, scope, where)
        if not expr.collection:
            raise self.error(where, "expected a collection here (index.constituents, product.participants, product.pdf ...)")
        return expr

    def fixed(self, node: Node, scope: type | None, where: Where) -> Expr:
        """A value that does not depend on the item (a threshold, a cut, a total)."""
        expr = self.value(node, scope, where)
        if expr.uses_item:
            raise self.error(where, "this must not depend on the item")
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
                    found = memo[key] = Unavailable(missing.reasons)
            if type(found) is Unavailable:
                raise Missing(found.reasons)
            return found

        return dataclasses.replace(expr, fn=memoised)

    def definition(self, name: str, scope: type | None, where: Where) -> Expr:
        if name not in self.definitions:
            raise self.error(where, f"no definition named '{name}'",
                             did_you_mean(name, self.definitions) or "add it under definitions:")
        shared = self._compiled_definitions.get((name, None))
        if shared is not None and not shared.uses_item:
            return shared  # a definition that reads no item is the same in every scope
        key = (name, scope)
        if key not in self._compiled_definitions:
            if name in self._compiling:
                raise self.error(where, f"the definition '{name}' refers to itself")
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
                found = values[key] = Unavailable(missing.reasons)
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
        raise c.error(where + ("get",), "get takes a dotted name such as product.principal_krw or item.market")
    root, *steps = path.split(".")
    if root == "item":
        if scope is None:
            raise c.error(where + ("get",), "'item' is only defined inside of, by and where")
        current: Any = scope
    elif root in ROOTS:
        current = ROOTS[root]
    else:
        raise c.error(where + ("get",), f"unknown root '{root}'", did_you_mean(root, [*ROOTS, "item"]) or "roots: product, index, item")
    annotation: Any = current
    for step in steps:
        record = _record_type(annotation)
        if record is None:
            raise c.error(where + ("get",), f"'{path}': cannot look inside a value to find '{step}'")
        available = fields_of(record)
        if step not in available:
            raise c.error(where + ("get",), f"'{path}': {record.__name__.lower()} has no field '{step}'",
                          did_you_mean(step, available) or f"fields: {', '.join(available)}")
        annotation = available[step]
    element = _element_type(annotation)
    uses_item = root == "item"
    shown = path if not uses_item else None
    missing_message = f"{path.removeprefix('item.')} is not given"

    reads = frozenset([ORIGIN.get(scope, "product") if uses_item else root])

    def get(ctx: Context, item: Any) -> Any:
        value = item if uses_item else (ctx.product if root == "product" else ctx.index)
        for step in steps:
            value = getattr(value, step)
            if value is None:
                if uses_item:
                    raise Missing.one(f"{_label(item)}: {missing_message}", item, getattr(item, "location", None))
                raise Missing.one(missing_message, location=ctx.location_of(path))
        return value

    if uses_item and len(steps) == 1:  # item.quantity, item.market: read for every item, so directly
        field_name = steps[0]

        def get(ctx: Context, item: Any) -> Any:
            value = getattr(item, field_name)
            if value is None:
                raise Missing.one(f"{_label(item)}: {missing_message}", item, getattr(item, "location", None))
            return value

    return Expr(get, collection=element is not None, element=element, uses_item=uses_item, path=shown, reads=reads)


def _label(item: Any) -> str:
    identity = item.identity() if hasattr(item, "identity") else {}
    if "code" in identity:
        return f"{identity['name']} ({identity['code']})"
    return identity.get("name", str(item))


@operation("param")
def _param(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    name = node["param"]
    if name not in c.parameters:
        raise c.error(where + ("param",), f"no parameter named '{name}'",
                      did_you_mean(str(name), c.parameters) or "add it under parameters:")
    return Expr(lambda ctx, item: ctx.params[name], params=frozenset([name]), reads=frozenset())


@operation("ref")
def _ref(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    return c.definition(node["ref"], scope, where + ("ref",))


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
                raise Missing.one(f"{name} of no items", location=ctx.location_of(items.path))
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
        raise c.error(where + ("ratio",), "ratio takes [numerator, denominator]")
    top, bottom = (c.value(p, scope, where + ("ratio", i)) for i, p in enumerate(pair))

    def ratio(ctx: Context, item: Any) -> Ratio:
        denominator = bottom.fn(ctx, item)
        if denominator == 0:
            raise Missing.one("the ratio's denominator is zero", item, ctx.location_of(bottom.path))
        return Ratio.of(top.fn(ctx, item), denominator)

    return c.memo(Expr(ratio, uses_item=top.uses_item or bottom.uses_item, path=top.path or bottom.path,
                       params=_params(top, bottom), reads=_reads(top, bottom)))


@operation("share", options=("within",), required=("within",))
def _share(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    within = c.items(node["within"], scope, where + ("within",))
    if within.uses_item:
        raise c.error(where + ("within",), "the collection of a share must not depend on the item")
    if scope is None:
        raise c.error(where, "share is an item's part of a total: use it inside of, by or where")
    part = c.value(node["share"], within.element, where + ("share",))
    total = c.memo(Expr(lambda ctx, item: add_all(each_of(ctx, within.fn(ctx, None), part.fn)),
                        params=_params(within, part), reads=_reads(within, part)))

    def share(ctx: Context, item: Any) -> Ratio:
        whole = total.fn(ctx, None)
        if whole == 0:
            raise Missing.one("the total is zero, so no share can be taken", location=ctx.location_of(within.path))
        return Ratio.of(part.fn(ctx, item), whole)

    return Expr(share, uses_item=True, path=within.path, params=_params(within, part), reads=_reads(within, part))


def _window_arguments(c: Compiler, node: dict[str, Any], scope: type | None, where: Where, name: str) -> tuple[str, Expr, Expr]:
    if scope is not Constituent:
        raise c.error(where, f"{name} is a value of an index constituent: use it inside of, by or where over index.constituents")
    series_field = node[name]
    if series_field not in ("market_cap_krw", "trading_value_krw"):
        raise c.error(where + (name,), f"{name} takes market_cap_krw or trading_value_krw",
                      did_you_mean(str(series_field), ["market_cap_krw", "trading_value_krw"]))
    months = c.fixed(node.get("months", 3), None, where + ("months",))
    tolerance = c.fixed(node.get("tolerance_days", 0), None, where + ("tolerance_days",))
    return series_field, months, tolerance


@operation("window_mean", options=("months", "tolerance_days"), required=("months", "tolerance_days"))
def _window_mean(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    series_field, months, tolerance = _window_arguments(c, node, scope, where, "window_mean")

    def mean(ctx: Context, constituent: Constituent) -> Any:
        series = ctx.index.series.get(constituent.code)
        if series is None:
            given = getattr(constituent, series_field)
            if given is None:
                raise Missing.one(f"{_label(constituent)}: no daily {series_field} and no 3-month mean given",
                                  constituent, constituent.location)
            return given
        window = ctx.window(int(months.fn(ctx, None)), int(tolerance.fn(ctx, None)))
        try:
            return window_mean(series.dates, getattr(series, series_field), window)
        except NotCovered as gap:
            raise Missing.one(f"{_label(constituent)}: {gap}", constituent, series.location) from None

    return Expr(mean, uses_item=True, params=_params(months, tolerance), reads=SERIES | _reads(months, tolerance))


@operation("value_on_as_of", options=("tolerance_days",), required=("tolerance_days",))
def _value_on_as_of(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    node = {**node, "months": 3}
    series_field, _, tolerance = _window_arguments(c, node, scope, where, "value_on_as_of")

    def value(ctx: Context, constituent: Constituent) -> Any:
        series = ctx.index.series.get(constituent.code)
        if series is None:
            raise Missing.one(f"{_label(constituent)}: no daily {series_field}, so no value on the evaluation date",
                              constituent, constituent.location)
        window = ctx.window(3, int(tolerance.fn(ctx, None)))
        try:
            return value_on(series.dates, getattr(series, series_field), window)
        except NotCovered as gap:
            raise Missing.one(f"{_label(constituent)}: {gap}", constituent, series.location) from None

    return Expr(value, uses_item=True, params=tolerance.params, reads=SERIES | tolerance.reads)


@operation("choose", options=("cases", "default"), required=("cases",))
def _choose(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
    subject = c.value(node["choose"], scope, where + ("choose",))
    cases_node = node["cases"]
    if not isinstance(cases_node, dict) or not cases_node:
        raise c.error(where + ("cases",), "cases maps values to expressions")
    cases = {key: c.compile(value, scope, where + ("cases", key)) for key, value in cases_node.items()}
    default = c.compile(node["default"], scope, where + ("default",)) if "default" in node else None
    branches = [*cases.values(), *([default] if default else [])]
    if len({b.collection for b in branches}) > 1:
        raise c.error(where, "the cases of choose must all be collections or all single values")

    def choose(ctx: Context, item: Any) -> Any:
        try:
            key = subject.fn(ctx, item)
        except Missing:
            if default is None:
                raise
            return default.fn(ctx, item)  # the default also stands for a value that is not given
        branch = cases.get(str(key).lower() if isinstance(key, bool) else str(key), default)
        if branch is None:
            raise Missing.one(f"no case for {key!r}", item, ctx.location_of(subject.path))
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
            raise Missing(_unique(reasons))
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
    count = c.fixed(node["top"], scope, where + ("top",))
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
    cut = c.fixed(node["cut"], None, where + ("cut",))
    straddling = c.fixed(node["straddling"], None, where + ("straddling",))
    if straddling.is_literal and straddling.literal not in ("include", "exclude"):
        raise c.error(where + ("straddling",), "straddling is include or exclude")

    def top_share(ctx: Context, item: Any) -> tuple[Any, ...]:
        members = items.fn(ctx, item)
        values = each_of(ctx, members, by.fn)
        total = add_all(values)
        if total == 0:
            return ()
        line, include = cut.fn(ctx, None), straddling.fn(ctx, None)
        if include not in ("include", "exclude"):
            raise Missing.one(f"straddling is include or exclude, not {include!r}")
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
    key = node["key"]
    if scope is None:
        raise c.error(where, "member_of tests an item: use it inside of, by or where")
    for record in (scope, items.element):
        if record is not None and key not in fields_of(record):
            raise c.error(where + ("key",), f"{record.__name__.lower()} has no field '{key}'",
                          did_you_mean(str(key), fields_of(record)))
    keys = c.memo(Expr(lambda ctx, item: frozenset(getattr(m, key) for m in items.fn(ctx, None)), params=items.params,
                       reads=items.reads))
    return Expr(lambda ctx, item: getattr(item, key) in keys.fn(ctx, None), uses_item=True, params=items.params,
                reads=items.reads | {ORIGIN.get(scope, "product")})


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
        raise Missing.one(f"expected true or false, got {value!r}")
    return value


def _logic(name: str) -> Callable[[Compiler, dict[str, Any], type | None, Where], Expr]:
    def build(c: Compiler, node: dict[str, Any], scope: type | None, where: Where) -> Expr:
        parts_node = node[name]
        if not isinstance(parts_node, list) or not parts_node:
            raise c.error(where + (name,), f"{name} takes a list of conditions")
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
            raise Missing.one(f"{operator} needs a list on its right, got {right!r}")
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
        raise Missing.one(f"cannot compare {left!r} {operator} {right!r}: both must be numbers")
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
            raise c.error(where + (name,), f"{name} takes a list of {arity} operands")
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
