"""The compiler: rulebook expressions (YAML) to typed, checked ``Expr`` nodes.

An expression is a literal (``0.30``, ``KOSPI``, a list) or a mapping with one operation key and
its options (``{sum: {ref: held_constituents}, of: {ref: weight}}``). The compiler looks the
operation up in the registry (``tree.OPERATIONS``), compiles each option as its signature says
(a value, a collection, a value per item, a name, a list, cases), checks every option's type, and
asks the operation to build its evaluation function. The node's parameters, inputs read and use of
the item follow from its options; an aggregate that reads no item is computed once per product,
or once per index when it reads no product.

A mistake is recorded with its position and compilation goes on (the faulty part gets the type
``ANY``, accepted everywhere, so that one mistake is reported once): the rulebook is refused with
every mistake found (``Compiler.problems``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

from ..errors import InputError, Location, Problem, did_you_mean
from . import runtime
from .at_load import UNKNOWN, refuse_known, value_under, window_length
from .remembered import SERIALS as _SERIALS, per_item
from .runtime import Context, Missing, Unavailable
from .tree import OPERATIONS, ORIGIN, Args, Expr, Option, Signature, union_params, union_reads
from .types import ANY, Collection, ListOf, Number, Text, Type, common, of_literal

if TYPE_CHECKING:
    from .population import Population

# How deep an expression may nest, counting the definitions it refers to: far beyond any real rule
# (the KRX rulebook's deepest is 10), and shallow enough that compiling and evaluating it, which
# recurse once per level, stay clear of Python's recursion limit.
MAX_EXPRESSION_DEPTH = 100

Node = Any
Where = tuple[Any, ...]


class RulebookError(InputError):
    pass


def _broken(ctx: Context, item: Any) -> Any:
    raise AssertionError("a rulebook with a mistake is never evaluated")


BROKEN = Expr(_broken, ANY, reads=frozenset())
RATIO = Number("ratio")


@dataclass
class Compiler:
    """Compiles the expressions of one rulebook. ``locate`` maps a node's path in the rulebook
    document to its position, for error messages."""

    parameters: Mapping[str, Any]
    definitions: Mapping[str, Node]
    locate: Callable[[Where], Location]
    problems: list[Problem] = field(default_factory=list)
    # Rules evaluated for each member of a population (an index methodology's companies), not for
    # one product: see ``vocabulary.population``.
    population: Population | None = None
    # Each version's name, place under versions: and the parameter values it sets (read as the
    # declarations are; a value refused there is left out): what is known at load, in every version.
    versions: Sequence[tuple[str, int, Mapping[str, Any]]] = ()
    _compiled_definitions: dict[tuple[str, Any], Expr] = field(default_factory=dict)
    _compiling: set[str] = field(default_factory=set)
    _depth: int = 0

    @property
    def compiled_definitions(self) -> list[tuple[str, Any]]:
        return list(self._compiled_definitions)

    # --- mistakes ---------------------------------------------------------------------------------

    def error(self, where: Where, message: str, hint: str | None = None, *, ko: str,
              hint_ko: str | None = None) -> RulebookError:
        return RulebookError.at(self.locate(where), message, hint, ko=ko, hint_ko=hint_ko)  # type: ignore[return-value]

    def record(self, error: InputError) -> None:
        for problem in error.problems:
            if problem not in self.problems:  # a definition used in two places is wrong once
                self.problems.append(problem)

    def guarded(self, compile: Callable[[], Expr]) -> Expr:
        """``compile()``, or the broken node when it finds a mistake (recorded)."""
        try:
            return compile()
        except RulebookError as error:
            self.record(error)
            return BROKEN

    def expect(self, expr: Expr, expected: Type, where: Where, what: str) -> None:
        """Refuse ``expr`` where a value of ``expected`` is needed."""
        if expected.accepts(expr.type):
            self.ratio_written(expr, expected, where)
            return
        found = expr.type
        hint = hint_ko = None
        if isinstance(found, Collection) and not isinstance(expected, (Collection, ListOf)):
            hint, hint_ko = "wrap it in count, sum, max or min", "count, sum, max, min 중 하나로 감싸세요"
        elif isinstance(expected, Number) and isinstance(found, Number):
            hint, hint_ko = "the units must agree", "단위가 같아야 합니다"
        elif isinstance(expected, Text) and isinstance(found, Text) and expected.choices and found.choices:
            unknown = [c for c in found.choices if c not in expected.choices]
            hint = did_you_mean(unknown[0], expected.choices) if unknown else None
            hint_ko = did_you_mean(unknown[0], expected.choices, "ko") if unknown else None
        raise self.error(where, f"{what} takes {expected.describe()}; this is {found.describe()}", hint,
                         ko=f"{what}에는 {expected.describe('ko')}이(가) 와야 합니다. 이 값은 {found.describe('ko')}입니다",
                         hint_ko=hint_ko)

    def ratio_written(self, expr: Expr, against: Type, where: Where, beside: Expr | None = None) -> None:
        """Refuse a number written where a part of a whole is meant that no such part is: a cut or
        a cap (an option of type ratio), or a threshold compared with a share, a rank ratio or a
        weight (``beside``, whose type is a part: ``types.Number.part``), or a sum or the largest
        of them: 30 for 30% would make every share pass, as a parameter's would. A ratio of two
        figures (``ratio``, ROE) may be above 1 (a premium, a growth rate): a number beside it is
        taken as written."""
        if against != RATIO or not expr.is_literal or (beside is not None and not getattr(beside.type, "part", False)):
            return
        for value in expr.literal if isinstance(expr.literal, list) else [expr.literal]:
            if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and not -1 <= value <= 1:
                percent = 1 < value <= 100
                raise self.error(where, f"a ratio is from -1 to 1, not {value}",
                                 f"for {value}%, write {Decimal(value) / 100}" if percent else None,
                                 ko=f"비율은 -1부터 1까지입니다. 입력값: {value}",
                                 hint_ko=f"{value}%는 {Decimal(value) / 100}로 씁니다" if percent else None)

    # --- expressions ------------------------------------------------------------------------------

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
            return self._operation(node, scope, where)
        if isinstance(node, list):
            parts = [self.guarded(lambda i=i, part=part: self.compile(part, scope, where + (i,)))  # type: ignore[misc]
                     for i, part in enumerate(node)]
            kind = ListOf(common([p.type for p in parts]))
            if all(p.is_literal for p in parts):
                return constant([p.literal for p in parts], kind)
            return Expr(lambda ctx, item: [p.fn(ctx, item) for p in parts], kind,
                        uses_item=any(p.uses_item for p in parts), params=union_params(parts), reads=union_reads(parts))
        if node is None or isinstance(node, (str, int, Decimal, bool, dt.date)):
            return constant(node)
        raise self.error(where, f"cannot use {node!r} in an expression", ko=f"{node!r}은(는) 식에 쓸 수 없습니다")

    def _operation(self, node: dict[Any, Any], scope: type | None, where: Where) -> Expr:
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
        signature = OPERATIONS[name]
        known = set(signature.options)
        extra = sorted(str(key) for key in set(node) - {name} - known)
        if extra:
            key = extra[0]
            options = ", ".join(sorted(known))
            raise self.error(where + (key,), f"'{key}' is not an option of {name}",
                             did_you_mean(key, known) or (f"{name} takes {options}" if options else f"{name} takes no options"),
                             ko=f"'{key}'은(는) {name}의 옵션이 아닙니다",
                             hint_ko=did_you_mean(key, known, "ko") or
                             (f"{name}의 옵션: {options}" if options else f"{name}에는 옵션이 없습니다"))
        for required in signature.required:
            if required not in node:
                raise self.error(where, f"{name} needs '{required}'", ko=f"{name}에는 '{required}'이(가) 필요합니다")
        if signature.item is not None and scope is None:
            raise self.error(where, f"{name} is a value of an item: use it inside of, by or where",
                             ko=f"{name}은(는) 항목의 값입니다: of, by, where 안에서 쓰세요")
        if signature.item not in (None, object) and scope is not signature.item:
            shown = signature.item.__name__.lower()
            raise self.error(where, f"{name} is a value of an index {shown}: use it inside of, by or where over index.{shown}s",
                             ko=f"{name}은(는) 지수 {shown}의 값입니다: index.{shown}s에 대한 of, by, where 안에서 쓰세요")
        compiled: dict[str, Any] = {}
        every = [(name, signature.main), *signature.options.items()]
        order = [(n, o) for n, o in every if o.kind != "per_item"] + [(n, o) for n, o in every if o.kind == "per_item"]
        for option_name, option in order:
            if option_name not in node:
                continue
            compiled[option_name] = self._option(signature, option_name, option, node, compiled, scope, where)
        args = Args(compiled, scope, where)
        built = signature.build(self, args)
        expr = built if isinstance(built, Expr) else self.node(signature, args, built)
        if expr.many is not None and (self.population is not None or not runtime.COLUMNS):
            # a population's comparisons record what they compare, member by member, in order
            expr = dataclasses.replace(expr, many=None)
        return expr

    def node(self, signature: Signature, args: Args, fn: Any) -> Expr:
        """The node of an operation whose options are compiled: what it reads follows from them."""
        inner = set(id(args[n]) for n, o in signature.options.items() if o.kind == "per_item")
        if signature.main.kind == "per_item":
            inner.add(id(args[signature.name]))
        parts = args.exprs()
        outer = [p for p in parts if id(p) not in inner]
        reads = union_reads(parts) | signature.reads
        if signature.item is not None:
            reads |= {ORIGIN.get(args.scope, "product")}
        path = None
        if signature.path is not None:
            source = args[signature.name if signature.path == "main" else signature.path]
            path = source.path if isinstance(source, Expr) else next((p.path for p in source or [] if p.path), None)
        expr = Expr(fn, signature.result_type(args), uses_item=signature.item is not None or any(p.uses_item for p in outer),
                    path=path, params=union_params(parts), reads=reads, many=_column_form(fn))
        return self.memo(expr) if signature.memo else expr

    def _option(self, signature: Signature, option_name: str, option: Option, node: dict[Any, Any],
                compiled: Mapping[str, Any], scope: type | None, where: Where) -> Any:
        at = where + (option_name,)
        written = node[option_name]
        what = option_name if option_name == signature.name else f"{signature.name}'s {option_name}"
        if option.kind == "name":
            if not isinstance(written, str):
                raise self.error(at, f"{option_name} takes a name, not {written!r}", ko=f"{option_name}에는 이름을 씁니다: {written!r}")
            if option.choices and written not in option.choices:
                listed = ", ".join(option.choices)
                raise self.error(at, f"{what} is one of {listed}, not '{written}'", did_you_mean(written, option.choices),
                                 ko=f"{what}은(는) {listed} 중 하나입니다: '{written}'",
                                 hint_ko=did_you_mean(written, option.choices, "ko"))
            return written
        if option.kind == "cases":
            if not isinstance(written, dict) or not written:
                raise self.error(at, "cases maps values to expressions", ko="cases는 값과 식의 매핑입니다")
            return {key: self.guarded(lambda key=key: self.compile(written[key], scope, at + (key,)))  # type: ignore[misc]
                    for key in written}
        if option.kind == "values":
            if not isinstance(written, list) or len(written) < option.least or (option.most is not None and len(written) > option.most):
                raise self.error(at, f"{option_name} takes {_how_many(option)}", ko=f"{option_name}에는 {_how_many(option, 'ko')}를 씁니다")
            return [self.guarded(lambda i=i, part=part: self._typed(  # type: ignore[misc]
                self.value(part, scope, at + (i,)), option, at + (i,), what)) for i, part in enumerate(written)]
        if option.kind == "expression":
            return self.guarded(lambda: self.compile(written, scope, at))
        if option.kind == "items":
            return self.guarded(lambda: self._typed(self.items(written, scope, at), option, at, what))
        if option.kind == "per_item":
            over = compiled.get(option.over or signature.name)
            element = over.element if isinstance(over, Expr) else None
            if over is None and self.population is not None:  # (rank without among: the population's members)
                element = scope
            return self.guarded(lambda: self._typed(self.value(written, element, at), option, at, what))
        if option.window:
            window = self.guarded(lambda: self._typed(self.whole(written, at, option_name), option, at, what))
            refuse_known(self, [window], at, window_length(what))
            return window
        if option.whole:
            return self.guarded(lambda: self._typed(self.whole(written, at, option_name), option, at, what))
        if option.fixed:
            return self.guarded(lambda: self._typed(self.fixed(written, None, at), option, at, what))
        return self.guarded(lambda: self._typed(self.value(written, scope, at), option, at, what))

    def _typed(self, expr: Expr, option: Option, where: Where, what: str) -> Expr:
        self.expect(expr, option.type, where, what)
        return expr

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
        if not expr.collection and expr.type is not ANY:
            raise self.error(where, "expected a collection here (index.constituents, product.participants, product.pdf ...)",
                             ko="여기에는 컬렉션(index.constituents, product.participants, product.pdf 등)이 와야 합니다")
        return expr

    def fixed(self, node: Node, scope: type | None, where: Where) -> Expr:
        """A value that does not depend on the item (a threshold, a cut, a total)."""
        expr = self.value(node, scope, where)
        if expr.uses_item:
            raise self.error(where, "this must not depend on the item", ko="이 값은 항목(item)에 따라 달라지면 안 됩니다")
        return expr

    def whole(self, node: Node, where: Where, name: str) -> Expr:
        """A whole number of 0 or more (months, days, how many): checked at load where it is written
        as a literal or a parameter, and when it is computed otherwise, so that a rule never fails
        with a Python error."""
        expr = self.fixed(node, None, where)
        what, what_ko = "a whole number of 0 or more", "0 이상의 정수"
        if isinstance(node, dict) and set(node) == {"param"} and node["param"] in self.parameters:
            written = getattr(self.parameters[node["param"]], "value", None)
            if not is_whole(written):
                raise self.error(where, f"{name} is {what}; the parameter {node['param']} is {written!r}",
                                 ko=f"{name}은(는) {what_ko}이어야 합니다. 매개변수 {node['param']}의 값은 {written!r}입니다")
            return expr
        if expr.is_literal:
            if not is_whole(expr.literal):
                raise self.error(where, f"{name} is {what}, not {expr.literal!r}", ko=f"{name}은(는) {what_ko}이어야 합니다: {expr.literal!r}")
            return expr
        fn = expr.fn

        def checked(ctx: Context, item: Any) -> Any:
            found = fn(ctx, item)
            if not is_whole(found):
                raise Missing.one(f"{name} is {what}, not {found!r}", ko=f"{name}은(는) {what_ko}이어야 합니다: {found!r}")
            return found

        return dataclasses.replace(expr, fn=checked, many=None)

    def known(self, expr: Expr) -> Any:
        """The value of ``expr`` when the rulebook alone gives it (a literal, a parameter, a sum of
        them: an expression that reads no input), under the parameters as declared; else ``UNKNOWN``.
        What a rulebook writes can then be refused at load, not found wrong with every product
        (``at_load.refuse_known`` asks it of every version too)."""
        return value_under(expr, {name: getattr(declared, "value", None) for name, declared in self.parameters.items()})

    # --- caches -----------------------------------------------------------------------------------

    def memo(self, expr: Expr) -> Expr:
        """Compute an item-independent value once per product, or once per index when it reads
        no product."""
        if expr.uses_item or expr.is_literal or expr is BROKEN:
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
                    found = Unavailable.of(missing)  # in the product's memo if a reason is its own (window)
                    (ctx.shared if shared else ctx.memo)[key] = found
            if type(found) is Unavailable:
                raise found.missing()
            return found

        return dataclasses.replace(expr, fn=memoised, many=None)  # (a column of it: the value once)

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
                expr = self.guarded(lambda: self.compile(self.definitions[name], scope, ("definitions", name)))
            finally:
                self._compiling.discard(name)
            if not expr.uses_item:
                compiled = self.memo(expr)
            else:  # a population's definitions are evaluated where used: each use records its comparisons
                compiled = expr if self.population is not None else per_item(expr, scope)
            if expr is not BROKEN:
                compiled = dataclasses.replace(compiled, name=name)
            self._compiled_definitions[key if expr.uses_item else (name, None)] = compiled
            return compiled
        return self._compiled_definitions[key]


def _column_form(fn: Any) -> Any:
    """The column form an operation's build attached to its function (``runtime.columnar``), taken
    off it: the node holds both, and a column form that calls the function (one member at a time,
    where it must) would otherwise make a reference cycle, left to the cyclic garbage collector."""
    return fn.__dict__.pop("many", None) if hasattr(fn, "__dict__") else None


def _how_many(option: Option, lang: str = "en") -> str:
    if option.most == option.least:
        return f"a list of {option.least}" if lang == "en" else f"{option.least}개의 목록"
    if option.most is None:
        return f"a list of {option.least} or more" if lang == "en" else f"{option.least}개 이상의 목록"
    return f"a list of {option.least} to {option.most}" if lang == "en" else f"{option.least}~{option.most}개의 목록"


def is_whole(value: Any) -> bool:
    return (isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value >= 0
            and value == int(value))




def constant(value: Any, kind: Type | None = None) -> Expr:
    return Expr(lambda ctx, item: value, kind or of_literal(value), literal=value, is_literal=True, reads=frozenset())


__all__ = ["BROKEN", "UNKNOWN", "Compiler", "MAX_EXPRESSION_DEPTH", "RulebookError", "constant", "is_whole", "per_item"]
