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

from . import runtime
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

    def remembered_column(ctx: Context, members: Sequence[Any]) -> list[Any]:
        memo = ctx.shared if shared else ctx.memo
        try:
            values = memo[tag]
        except KeyError:
            values = memo[tag] = {}
        # the whole column, by the collection it is of (kept with it, so its id stays its own)
        columns = memo.setdefault(columns_tag, {})
        whole = columns.get(id(members))
        if whole is not None and whole[0] is members:
            return whole[1]
        if values:
            found = list(map(values.get, map(id, members), repeat(_UNKNOWN)))
            at = [i for i, value in enumerate(found) if value is _UNKNOWN] if any(map(is_, found, repeat(_UNKNOWN))) else []
            todo = [members[i] for i in at] if len(at) < len(members) else members
        else:  # nothing known yet: the whole column
            found, at, todo = [], list(range(len(members))), members
        if at:
            computed = column(expr, ctx, todo)
            own = ctx.memo.setdefault(tag, {}) if shared and ctx.shared is ctx.memo else values
            if own is values or Unavailable not in set(map(type, computed)):
                values.update(zip(map(id, todo), computed))
            else:  # a reason of this product's own (a window that cannot be): kept with it
                for member, value in zip(todo, computed):
                    (own if type(value) is Unavailable else values)[id(member)] = value
            if todo is members:
                found = computed
            else:
                for i, value in zip(at, computed):
                    found[i] = value
            if own is not values and Unavailable in set(map(type, computed)):
                return found  # not kept where its index's products look
        columns[id(members)] = (members, found)
        return found

    return dataclasses.replace(expr, fn=remembered, many=remembered_column if runtime.COLUMNS else None)


_UNKNOWN = object()  # not yet remembered (None is a value a definition may have)


__all__ = ["SERIALS", "per_item"]
