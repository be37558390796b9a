"""Definitions remembered for each item: a value an item's definition has (a weight, a mean) is
computed once per item, though several rules read it, and once per index when the items are the
index's own. Remembered one item at a time (``fn``) or as a whole column (``many``): both keep the
same values, and a column is kept with the collection it is of.
"""

from __future__ import annotations

import dataclasses
import itertools
from itertools import repeat
from operator import is_
from typing import Any, Sequence

from ..records import taken_from
from . import runtime
from .numbers import share_at, taken
from .parts import Part
from .runtime import Context, Missing, Unavailable, column
from .tree import ORIGIN, Expr

# Memo keys are unique in the process, not per rulebook: memos shared through an index may
# hold values of several rulebooks at once.
SERIALS = itertools.count(1)


def per_item(expr: Expr, scope: type | None) -> Expr:
    """Remember an item-level definition per item (a weight is used by several rules); per index
    when the items are the index's own (they live as long as it, so their ids stay theirs).
    Its column form remembers the same values, and computes those not yet known as one column."""
    tag, fn = next(SERIALS), expr.fn
    columns_tag = ("columns", tag)
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
            found = in_columns(memo, item)
            if found is _UNKNOWN:
                try:
                    found = values[key] = fn(ctx, item)
                except Missing as missing:
                    found = Unavailable.of(missing)
                    if shared and ctx.shared is ctx.memo:  # a reason of this product's own (window): kept with it
                        ctx.memo.setdefault(tag, {})[key] = found
                    else:
                        values[key] = found
        if type(found) is Unavailable:
            raise found.missing()
        return found

    def in_columns(memo: dict[Any, Any], item: Any) -> Any:
        """The item's value in a column of this definition already made, or _UNKNOWN."""
        for home, known in memo.get(columns_tag, {}).values():
            place = places(memo, home).get(id(item))
            if place is not None:
                return share_at(known, place)
        return _UNKNOWN

    def remembered_column(ctx: Context, members: Sequence[Any]) -> list[Any]:
        memo = ctx.shared if shared else ctx.memo
        # the whole column, by the collection it is of (kept with it, so its id stays its own)
        columns = memo.setdefault(columns_tag, {})
        whole = columns.get(id(members))
        if whole is not None and whole[0] is members:
            return whole[1]  # type: ignore[no-any-return]
        values = memo.get(tag)
        if not values:
            # a part of a collection whose column is made (the top 85% of the index's issues, those
            # the PDF holds): its members' values, by their places in it, which a part taken by a
            # filter or a ranking knows
            part = (members.home, members.spots) if type(members) is Part else taken_from(members)
            if part is not None:  # (or rows a filter took from the rows of a table: ``records.Rows``)
                whole = columns.get(id(part[0]))
                if whole is not None and whole[0] is part[0]:
                    found = taken(whole[1], part[1])
                    columns[id(members)] = (members, found)
                    return found
            for home, known in list(columns.values()):
                spots = list(map(places(memo, home).get, map(id, members)))
                if None not in spots:
                    found = taken(known, spots)  # type: ignore[arg-type]
                    columns[id(members)] = (members, found)
                    return found
            computed = column(expr, ctx, members)
            if not shared or ctx.shared is memo or Unavailable not in set(map(type, computed)):
                columns[id(members)] = (members, computed)  # by the collection: no value kept by item
                return computed
            # a reason of this product's own (a window that cannot be): kept with it, not where
            # its index's products look
            values = memo.setdefault(tag, {})
            own = ctx.memo.setdefault(tag, {})
            for member, value in zip(members, computed):
                (own if type(value) is Unavailable else values)[id(member)] = value
            return computed
        found = list(map(values.get, map(id, members), repeat(_UNKNOWN)))
        at = [i for i, value in enumerate(found) if value is _UNKNOWN] if any(map(is_, found, repeat(_UNKNOWN))) else []
        for i in at:  # made in a column already
            found[i] = in_columns(memo, members[i])
        at = [i for i in at if found[i] is _UNKNOWN]
        if at:
            todo = [members[i] for i in at] if len(at) < len(members) else members
            computed = column(expr, ctx, todo)
            own = ctx.memo.setdefault(tag, {}) if shared and ctx.shared is ctx.memo else values
            if own is values or Unavailable not in set(map(type, computed)):
                values.update(zip(map(id, todo), computed))
            else:  # a reason of this product's own (a window that cannot be): kept with it
                for member, value in zip(todo, computed):
                    (own if type(value) is Unavailable else values)[id(member)] = value
            for i, value in zip(at, computed):
                found[i] = value
            if own is not values and Unavailable in set(map(type, computed)):
                return found  # not kept where its index's products look
        columns[id(members)] = (members, found)
        return found

    return dataclasses.replace(expr, fn=remembered, many=remembered_column if runtime.COLUMNS else None)


_UNKNOWN = object()  # not yet remembered (None is a value a definition may have)


def places(memo: dict[Any, Any], members: Sequence[Any]) -> dict[int, int]:
    """Each member's place in a collection (by its id), made once for every definition whose
    column over that collection the memo keeps: a part of the collection, or one of its members,
    finds its values there without a dictionary of values for each definition."""
    key = ("places", id(members))
    found = memo.get(key)
    if found is None or found[0] is not members:
        found = memo[key] = (members, dict(zip(map(id, members), range(len(members)))))
    return found[1]  # type: ignore[no-any-return]


__all__ = ["SERIALS", "per_item"]
