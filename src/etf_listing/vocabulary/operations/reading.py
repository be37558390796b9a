"""Reading the input: a field of the product, the index or the item, a parameter, a definition."""

from __future__ import annotations

from itertools import repeat
from types import NoneType
from typing import Any, Sequence

from ...errors import did_you_mean
from ...records import few_of, field_of_each
from ..compiler import Compiler
from ..known import Known
from ..runtime import Absent, Context, Missing, Unavailable
from ..tree import ORIGIN, ROOTS, Args, Expr, fields_of, name, operation
from ..types import ANY, Record, of_annotation, of_parameter


_NONE = frozenset([NoneType])


@operation("get", family="reading", result=ANY, result_doc="the field's type",
           main=name("a dotted name: product.FIELD, index.FIELD or item.FIELD (inside of, by, where)"))
def get(c: Compiler, args: Args) -> Expr:
    """A field of the product, the index, or the item: its type is the data model's.

    A field the input does not give is missing: a rule that needs it is an ``error`` result that
    names the field and points at the file.

    Example: {get: product.principal_krw}
    Example: {get: item.market}
    """
    where = args.where + ("get",)
    path = args["get"]
    scope = args.scope
    if not path:
        raise c.error(where, "get takes a dotted name such as product.principal_krw or item.market",
                      ko="get에는 product.principal_krw나 item.market처럼 점으로 이은 이름을 씁니다")
    root, *steps = path.split(".")
    # A population's rules name their member (company) and their own records (universe).
    population = c.population
    roots = population.roots if population is not None else ROOTS
    item_names = ("item",) if population is None else (population.item, "item")
    if root in item_names:
        if scope is None:
            raise c.error(where, f"'{root}' is only defined inside of, by and where",
                          ko=f"'{root}'은(는) of, by, where 안에서만 쓸 수 있습니다")
        current: Any = scope
        root = "item"
    elif root in roots:
        current = roots[root]
    else:
        known = [*item_names, *roots] if population is not None else [*ROOTS, "item"]
        listed = ", ".join(known)
        raise c.error(where, f"unknown root '{root}'", did_you_mean(root, known) or f"roots: {listed}",
                      ko=f"알 수 없는 시작 이름 '{root}'",
                      hint_ko=did_you_mean(root, known, "ko") or f"시작 이름: {listed}")
    kind = field_type(c, current, path, steps, where)
    uses_item = root == "item"
    shown = path if not uses_item else None
    field_shown = ".".join(steps) if uses_item else path
    missing_message = f"{field_shown} is not given"
    missing_message_ko = f"{field_shown} 값이 없습니다"
    reads = frozenset([ORIGIN.get(scope, "product") if uses_item else root])

    def get(ctx: Context, item: Any) -> Any:
        value = item if uses_item else (ctx.product if root == "product" else ctx.index if root == "index"
                                        else ctx.record(root))  # type: ignore[attr-defined] # a population's
        for step in steps:
            value = getattr(value, step)
            if value is None:
                if uses_item:
                    raise Missing.about(item, missing_message, getattr(item, "location", None), ko=missing_message_ko)
                raise Missing.one(missing_message, location=ctx.location_of(path), ko=missing_message_ko)
        return value

    many = None
    if uses_item and len(steps) == 1:  # item.quantity, item.market: read for every item, so directly
        field_name = steps[0]
        why = (missing_message, missing_message_ko)

        def get(ctx: Context, item: Any) -> Any:
            value = getattr(item, field_name)
            if value is None:
                raise Missing.about(item, missing_message, getattr(item, "location", None), ko=missing_message_ko)
            return value

        def many(ctx: Context, members: Sequence[Any]) -> list[Any]:
            values = Known(field_of_each(members, field_name))  # (a PDF's rows kept as columns: the column)
            kinds = set(map(type, values))
            if kinds == _NONE:  # no row gives the field: its slots, made when read
                return Absent(members, why)
            if NoneType in kinds:  # a row without the field: its reason, made when read
                # (not ``None in values``: each Decimal's == None asks whether None is a Rational;
                # a member read by its place: of a PDF's many rows, only the few without the field made)
                member = few_of(members, list(map(type, values)).count(NoneType)).__getitem__
                return [value if value is not None else Unavailable(None, member(i), why)
                        for i, value in enumerate(values)]
            values.kinds = kinds  # (what reads the column asks for them, not again)
            return values

    return Expr(get, kind, uses_item=uses_item, path=shown, reads=reads, name=steps[-1] if steps else root, many=many)


def field_type(c: Compiler, current: Any, path: str, steps: Sequence[str], where: tuple[Any, ...]) -> Any:
    """The type of the field ``steps`` lead to from ``current`` (a record's class), written ``path``;
    a step that names no field is refused with a did-you-mean. Also where a check names the field
    its findings point at (``location``), which must be one of the input too."""
    kind = of_annotation(current)
    for step in steps:
        if not isinstance(kind, Record):
            raise c.error(where, f"'{path}': cannot look inside a value to find '{step}'",
                          ko=f"'{path}': 값 안에서 '{step}'을(를) 찾을 수 없습니다")
        available = fields_of(kind.cls)
        if step not in available:
            record = kind.cls.__name__.lower()
            raise c.error(where, f"'{path}': {record} has no field '{step}'",
                          did_you_mean(step, available) or f"fields: {', '.join(available)}",
                          ko=f"'{path}': {record}에는 '{step}' 필드가 없습니다",
                          hint_ko=did_you_mean(step, available, "ko") or f"필드: {', '.join(available)}")
        kind = of_annotation(available[step])
    return kind


@operation("param", family="reading", result=ANY, result_doc="its unit's type", main=name("the name of a parameter under parameters:"))
def param(c: Compiler, args: Args) -> Expr:
    """A parameter of the rulebook, with the value of the version in force: its type is its unit's
    (``krw``, ``ratio``, ``count``, ``days``, ``months``, ``number``, ``text``, ``list``, or a
    ``choice`` among its ``choices``).

    Example: {param: min_principal_krw}
    """
    found = args["param"]
    if found not in c.parameters:
        raise c.error(args.where + ("param",), f"no parameter named '{found}'",
                      did_you_mean(str(found), c.parameters) or "add it under parameters:",
                      ko=f"'{found}'(이)라는 매개변수가 없습니다",
                      hint_ko=did_you_mean(str(found), c.parameters, "ko") or "parameters: 아래에 추가하세요")
    declared = c.parameters[found]
    kind = of_parameter(getattr(declared, "unit", None), getattr(declared, "value", None), tuple(getattr(declared, "choices", ())))
    return Expr(lambda ctx, item: ctx.params[found], kind, params=frozenset([found]), reads=frozenset())


@operation("ref", family="reading", result=ANY, result_doc="its expression's type", main=name("the name of a definition under definitions:"))
def ref(c: Compiler, args: Args) -> Expr:
    """A named definition of the rulebook, compiled where it is used (inside of, by or where its
    ``item`` is the item there); its type is its expression's.

    Example: {ref: held_constituents}
    """
    return c.definition(args["ref"], args.scope, args.where + ("ref",))
