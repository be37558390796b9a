"""Collections of items: how many, totals, extremes, the items that meet a condition, membership,
items grouped by a key, and a collection that must list something."""

from __future__ import annotations

import dataclasses
from itertools import compress, repeat
from operator import is_not
from typing import Any, Callable, Sequence

from ...errors import Location, did_you_mean
from ...records import field_of_each
from ..compiler import Compiler
from ..known import flags as known_flags, kinds_of
from ..numbers import add_all
from ..parts import chosen as part_chosen
from ..runtime import Absent, Context, Function, Missing, Unavailable, column, columnar, gather, values_of
from ..tree import Args, Expr, fields_of, items, name, operation, per_item
from ..types import ANY, FLAG, NUMBER, Collection, Number, Type
from .logic import truth


@operation("count", family="collections", main=items("the collection to count"), result=Number("count"), memo=True)
def count(c: Compiler, args: Args) -> Function:
    """How many items a collection has.

    Example: {count: {get: index.constituents}}
    """
    members = args["count"].fn
    return lambda ctx, item: len(members(ctx, item))


@operation("not_empty", family="collections", main=items("the collection that must list an item"),
           result=lambda args: args.type("not_empty"), memo=True, result_doc="the same collection")
def not_empty(c: Compiler, args: Args) -> Function:
    """The collection itself when it lists at least one item; missing, naming the field it is
    read from, when it lists none: what a table of nothing would pass (a fund's limits over no
    holdings) cannot be judged.

    Example: {not_empty: {get: product.holdings}}
    """
    members = args["not_empty"]
    field = members.path or members.name or "the collection"

    def listed(ctx: Context, item: Any) -> Any:
        found = members.fn(ctx, item)
        if not found:
            raise Missing.one(f"{field} lists no items", location=ctx.location_of(members.path),
                              ko=f"{field}에 항목이 하나도 없습니다")
        return found

    return listed


def _of_type(args: Args) -> Type:
    return args.type("of")


def _sum_type(args: Args) -> Type:
    """The unit of ``of``: a total of weights may pass 1 (a fund's holdings add up to 0.99 to
    1.01), so a sum of parts of a whole is no part (``types.Number.part``)."""
    found = args.type("of")
    return Number(found.unit) if isinstance(found, Number) and found.part else found


@operation("sum", family="collections", main=items("the items to add up"),
           of=per_item(NUMBER, "the figure of each item"), result=_sum_type, memo=True, result_doc="a number in the unit of `of`")
def sum_(c: Compiler, args: Args) -> Function:
    """The total of a figure over a collection's items (0 for no items), exact.

    Example: {sum: {ref: held_constituents}, of: {ref: weight}}
    """
    members, of = args["sum"].fn, args["of"]

    def total(ctx: Context, item: Any) -> Any:
        return add_all(values_of(of, ctx, members(ctx, item)))

    return total


def _extreme(pick: Callable[..., Any], name: str) -> Callable[[Compiler, Args], Function]:
    def build(c: Compiler, args: Args) -> Function:
        collection, of = args[name], args["of"]

        def extreme(ctx: Context, item: Any) -> Any:
            values = values_of(of, ctx, collection.fn(ctx, item))
            if not values:
                raise Missing.one(f"{name} of no items", location=ctx.location_of(collection.path),
                                  ko=f"항목이 없어 {name}을(를) 구할 수 없습니다")
            return pick(values)

        return extreme
    return build


_max = _extreme(max, "max")
_max.__doc__ = """The largest of a figure over a collection's items; missing when there are none.

    Example: {max: {get: index.constituents}, of: {get: item.weight}}
    """
operation("max", family="collections", main=items("the items"), of=per_item(NUMBER, "the figure of each item"),
          result=_of_type, memo=True, result_doc="a number in the unit of `of`")(_max)
_min = _extreme(min, "min")
_min.__doc__ = """The smallest of a figure over a collection's items; missing when there are none.

    Example: {min: {get: index.constituents}, of: {get: item.tenor_years}}
    """
operation("min", family="collections", main=items("the items"), of=per_item(NUMBER, "the figure of each item"),
          result=_of_type, memo=True, result_doc="a number in the unit of `of`")(_min)


@operation("filter", family="collections", main=items("the items to choose from"),
           where=per_item(FLAG, "the condition each chosen item meets"), result=lambda args: args.type("filter"),
           memo=True, result_doc="a collection of the same items")
def filter_(c: Compiler, args: Args) -> Function:
    """The items of a collection for which a condition holds, in the collection's order.

    Example: {filter: {get: product.participants}, where: {get: item.authorized_participant}}
    """
    members, keep = args["filter"].fn, args["where"]

    def select(ctx: Context, item: Any) -> Sequence[Any]:
        chosen = members(ctx, item)
        flags = column(keep, ctx, chosen)
        if type(flags) is Absent and flags:  # no member decided
            raise Missing.of(flags)
        kinds = kinds_of(flags)
        if kinds <= _FLAGS:  # every member decided: chosen in one pass in C
            return part_chosen(chosen, flags)
        if kinds <= _FLAGS_OR_MISSING:  # the missing slots, in one pass in C
            raise Missing.of(list(compress(flags, map(is_not, map(type, flags), repeat(bool)))))
        undecided = [flag for flag in flags if flag is not True and flag is not False]
        if undecided:  # each member's reasons once, in order; a value that is not a flag is one
            raise Missing.of([flag if type(flag) is Unavailable else Unavailable.of(_not_a_flag(flag))
                              for flag in undecided])
        return tuple([member for member, flag in zip(chosen, flags) if flag is True])

    return select


_FLAGS = frozenset([bool])
_FLAGS_OR_MISSING = frozenset([bool, Unavailable])


def _not_a_flag(value: Any) -> Missing:
    try:
        truth(value)
    except Missing as missing:
        return missing
    raise AssertionError(f"{value!r} is a flag")


@operation("member_of", family="collections", main=items("the collection to look in (not per item)"),
           key=name("the field that identifies an item in both collections, such as code"),
           result=FLAG, item=object, path=None)
def member_of(c: Compiler, args: Args) -> Expr | Function:
    """Whether the item's field ``key`` appears among the same field of a collection's items.

    Example: {member_of: {filter: {get: product.pdf}, where: {">": [{get: item.quantity}, 0]}}, key: code}
    """
    collection, key = args["member_of"], args["key"]
    if collection.uses_item:
        raise c.error(args.where + ("member_of",), "the collection of member_of must not depend on the item",
                      ko="member_of의 컬렉션은 항목(item)에 따라 달라지면 안 됩니다")
    for record in (args.scope, collection.element):
        if record is not None and key not in fields_of(record):
            raise c.error(args.where + ("key",), f"{record.__name__.lower()} has no field '{key}'",
                          did_you_mean(str(key), fields_of(record)),
                          ko=f"{record.__name__.lower()}에는 '{key}' 필드가 없습니다",
                          hint_ko=did_you_mean(str(key), fields_of(record), "ko"))
    keys = c.memo(Expr(lambda ctx, item: frozenset(field_of_each(collection.fn(ctx, None), key)), ANY,
                       params=collection.params, reads=collection.reads))

    def many(ctx: Context, members: Sequence[Any]) -> list[Any]:
        if not members:
            return []
        try:
            found = keys.fn(ctx, None)
        except Missing as missing:
            return [Unavailable.of(missing)] * len(members)
        return known_flags(map(found.__contains__, field_of_each(members, key)))

    return columnar(lambda ctx, item: getattr(item, key) in keys.fn(ctx, None), many)


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


def _groups(args: Args) -> Type:
    element = args["group"].element if isinstance(args["group"], Expr) else None
    return Collection(group_type(element)) if element is not None else ANY


@operation("group", family="collections", main=items("the items to group"),
           by=per_item(ANY, "the key of each item (its group's name)"), result=_groups, memo=True, result_doc="a collection of groups")
def group(c: Compiler, args: Args) -> Function:
    """The items grouped by a key: a collection of groups, each with ``key`` (text), ``members`` (a
    collection, in the order of the members' keys) and the position of its first member; groups in
    key order.

    Example: {group: {get: index.constituents}, by: {get: item.sector}}
    """
    collection, by = args["group"], args["by"]
    if collection.element is None:
        raise c.error(args.where + ("group",), "group needs a collection of records", ko="group에는 레코드 모음이 필요합니다")
    kind = group_type(collection.element)

    def grouped(ctx: Context, item: Any) -> tuple[Any, ...]:
        members = collection.fn(ctx, item)
        keys = gather(members, lambda member: by.fn(ctx, member))
        buckets: dict[str, list[Any]] = {}
        for member, key in zip(members, keys):
            buckets.setdefault(str(key), []).append(member)
        found = []
        for key, bucket in sorted(buckets.items()):
            members_ = tuple(sorted(bucket, key=lambda m: m.key))
            # the position of its first member by key, not of the row the file gives first: a
            # group's finding points at the same row whatever the order of the rows
            found.append(kind(key, members_, members_[0].location))
        return tuple(found)

    return grouped
