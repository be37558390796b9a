"""Comparisons: order (``>=``, ``>``, ``<=``, ``<``), equality (``==``, ``!=``), membership
(``in``, ``not_in``) and ``between``; also the comparison of a rule's check (value, operator,
threshold), which uses the same function (``holds``) and the same type rules (``comparable``)."""

from __future__ import annotations

import datetime as dt
import operator as _op
from itertools import repeat
from decimal import Decimal
from typing import Any, Callable, Sequence

from ...errors import did_you_mean
from ...model import MARKET_NAMES
from ..at_load import Refusal, refuse_known
from ..compiler import Compiler, Where
from ..known import flags, kinds_of
from ..numbers import Ratio, Shares, common_denominator, is_number, numerators
from ..runtime import Absent, Context, Function, Missing, Unavailable, column, columnar, looped
from ..tree import Args, Expr, operation, values
from ..types import ANY, DATE, FLAG, NUMBER, ListOf, Number, Text, Type

COMPARISONS = (">=", ">", "<=", "<", "==", "!=")
MEMBERSHIP = ("in", "not_in")
OPERATORS = COMPARISONS + MEMBERSHIP + ("between",)
ORDERINGS = (">=", ">", "<=", "<")

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
    if type(left) is dt.date and type(right) is dt.date:  # (a datetime is not a calendar day)
        return _ORDERINGS[operator](left, right)
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



def comparable(c: Compiler, operator: str, left: Type, right: Type, where: Where) -> None:
    """Refuse, at load, a comparison that could never be decided: an order between anything but
    numbers of one unit, equality between values of different types, membership in something
    other than a list of the value's type."""
    problem: tuple[str, str, tuple[str, str] | None] | None = None
    units = ("the units must agree", "단위가 같아야 합니다")
    if operator in ORDERINGS or operator == "between":
        bounds = right.element if operator == "between" and isinstance(right, ListOf) else right
        if operator == "between" and not isinstance(right, ListOf) and right is not ANY:
            problem = (f"between takes [low, high]; the bounds are {right.describe()}",
                       f"between에는 [하한, 상한]을 씁니다. 경계는 {right.describe('ko')}입니다", None)
        elif left == DATE and bounds == DATE:
            pass  # dates are ordered too: a listing date before a cut-off
        elif not NUMBER.accepts(left):
            problem = (f"{operator} compares numbers; the value is {left.describe()}",
                       f"{operator}은(는) 수를 비교합니다. 값은 {left.describe('ko')}입니다", None)
        elif not NUMBER.accepts(bounds):
            problem = (f"{operator} compares numbers; the other side is {bounds.describe()}",
                       f"{operator}은(는) 수를 비교합니다. 다른 쪽은 {bounds.describe('ko')}입니다", None)
        elif not left.accepts(bounds):
            problem = (f"{operator} compares {left.describe()} with {bounds.describe()}",
                       f"{operator}: {left.describe('ko')}와(과) {bounds.describe('ko')}은(는) 비교할 수 없습니다", units)
    elif operator in MEMBERSHIP:
        if not isinstance(right, ListOf) and right is not ANY:
            problem = (f"{operator} needs a list on its right; this is {right.describe()}",
                       f"{operator}의 오른쪽에는 목록이 와야 합니다. 이 값은 {right.describe('ko')}입니다",
                       ("write a list, such as [KOSPI, KOSDAQ]", "[KOSPI, KOSDAQ]처럼 목록으로 쓰세요"))
        elif isinstance(right, ListOf) and not _alike(left, right.element):
            problem = (f"{operator} looks for {left.describe()} in a list of {right.element.describe()}",
                       f"{operator}: {left.describe('ko')}을(를) {right.element.describe('ko')}의 목록에서 찾을 수 없습니다",
                       _spelling(left, right.element))
    elif not _alike(left, right):
        problem = (f"{operator} compares {left.describe()} with {right.describe()}",
                   f"{operator}: {left.describe('ko')}와(과) {right.describe('ko')}은(는) 비교할 수 없습니다",
                   _spelling(left, right) or ("both sides must be of one type", "양쪽의 형식이 같아야 합니다"))
    if problem is not None:
        hint = problem[2]
        raise c.error(where, problem[0], hint[0] if hint else None, ko=problem[1], hint_ko=hint[1] if hint else None)


def known_bounds(c: Compiler, operator: str, value: Expr, bounds: Sequence[Expr], where: Where) -> None:
    """Refuse, at load, the other side of a comparison that the rulebook gives (a literal, a
    parameter, in every version) when it settles the answer for every product: a list written
    empty (``in`` is then never true, ``not_in`` always), a name in the list that the value, a
    choice, never takes (a misspelt market would never match), a range whose low bound is above
    its high one (``between`` is then never true). A parameter's empty list is a reading (no
    market excluded) and is not refused."""
    if operator in MEMBERSHIP:
        (right,) = bounds
        if right.is_literal and right.literal == []:
            never = "never true" if operator == "in" else "always true"
            c.record(c.error(where, f"{operator} looks in an empty list: it is {never}", "list the values, or leave the comparison out",
                             ko=f"{operator}이(가) 빈 목록에서 찾습니다: 언제나 {'거짓' if operator == 'in' else '참'}입니다",
                             hint_ko="값을 나열하거나 비교를 빼세요"))
        choices = value.type.choices if isinstance(value.type, Text) else None
        if choices:
            refuse_known(c, [right], where, lambda found: _not_a_choice(operator, value.type, found))
    elif operator == "between":
        refuse_known(c, bounds, where, _low_above_high)
    elif operator in ("==", "!=") and isinstance(value.type, Text) and value.type.choices and not bounds[0].is_literal:
        # a text parameter compared with a choice: a name the value never takes (a literal is
        # refused as such where the types are compared)
        refuse_known(c, [bounds[0]], where, lambda found: _not_a_choice(operator, value.type, [found]))


def _not_a_choice(operator: str, kind: Type, found: Any) -> Refusal | None:
    assert isinstance(kind, Text) and kind.choices
    unknown = [name for name in found if isinstance(name, str) and name not in kind.choices] if isinstance(found, list) else []
    if not unknown:
        return None
    hint = _spelling(kind, Text((unknown[0],)))
    if operator in ("==", "!="):
        return Refusal(f"{operator} compares {kind.describe()} with '{unknown[0]}', which the value never is",
                       f"{operator}이(가) {kind.describe('ko')}을(를) 값이 될 수 없는 '{unknown[0]}'와 비교합니다",
                       hint[0] if hint else None, hint[1] if hint else None)
    return Refusal(f"{operator}'s list holds '{unknown[0]}', which the value never is: it is {kind.describe()}",
                   f"{operator}의 목록에 있는 '{unknown[0]}'은(는) 값이 될 수 없습니다. 값은 {kind.describe('ko')}입니다",
                   hint[0] if hint else None, hint[1] if hint else None)


def _low_above_high(*found: Any) -> Refusal | None:
    low, high = found if len(found) == 2 else (found[0] if isinstance(found[0], list) and len(found[0]) == 2 else (None, None))
    try:
        above = low is not None and high is not None and holds(low, ">", high)
    except Missing:
        return None
    if not above:
        return None
    return Refusal(f"between's low bound {low} is above its high bound {high}: it is never true",
                   f"between의 하한 {low}이(가) 상한 {high}보다 큽니다: 언제나 거짓입니다",
                   "write [low, high]", "[하한, 상한] 순서로 쓰세요")


def _spelling(left: Type, right: Type) -> tuple[str, str] | None:
    """A 'did you mean' for a text that is not one of a choice's names."""
    if isinstance(left, Text) and isinstance(right, Text) and left.choices and right.choices:
        unknown = [name for name in right.choices if name not in left.choices]
        if unknown and left.choices == MARKET_NAMES:  # (유가증권시장, kospi: read as a market in the data, not here)
            from ...loading.markets import UnknownMarket, market_named

            try:
                market = market_named(unknown[0])
                return (f"'{unknown[0]}' is read as {market} in the data: write {market}",
                        f"'{unknown[0]}'은(는) 데이터에서 {market}(으)로 읽습니다: {market}(으)로 쓰세요")
            except UnknownMarket:
                pass
        if unknown:
            en = did_you_mean(unknown[0], left.choices)
            ko = did_you_mean(unknown[0], left.choices, "ko")
            return (en, ko or en) if en else (f"one of {', '.join(left.choices)}", f"{', '.join(left.choices)} 중 하나")
    return None


def _choice(kind: Type) -> bool:
    """Whether ``kind`` is a text of named choices (a market, an asset class)."""
    return isinstance(kind, Text) and bool(kind.choices)


def _alike(left: Type, right: Type) -> bool:
    """Values of these types may be equal: one type, numbers of one unit, text and a choice."""
    if isinstance(left, Text) and isinstance(right, Text):
        if left.choices and right.choices and len(right.choices) == 1 and right.choices[0] not in left.choices:
            return False  # {"==": [{get: index.asset_class}, ktbb]}: a value the field never takes
        return True
    return left.accepts(right) or right.accepts(left)


def _comparison(name: str) -> Callable[[Compiler, Args], Function]:
    def build(c: Compiler, args: Args) -> Function:
        parts: list[Expr] = args[name]
        if name == "between":
            comparable(c, name, parts[0].type, ListOf(Number(getattr(parts[1].type, "unit", None))), args.where + (name,))
            comparable(c, name, parts[0].type, ListOf(parts[2].type), args.where + (name,))
            for i in (1, 2):
                c.ratio_written(parts[i], parts[0].type, args.where + (name, i), beside=parts[0])
            known_bounds(c, name, parts[0], parts[1:], args.where + (name,))
            return lambda ctx, item: holds(parts[0].fn(ctx, item), "between", (parts[1].fn(ctx, item), parts[2].fn(ctx, item)))
        # equality is symmetric: a choice written on the right ({"==": [{param: home}, {get:
        # item.market}]}, or a name written first) is checked as on the left, a name it never
        # takes refused either way
        swapped = (name in ("==", "!=") and _choice(parts[1].type) and not parts[1].is_literal
                   and (parts[0].is_literal or not _choice(parts[0].type)))
        value, bound = (1, 0) if swapped else (0, 1)
        comparable(c, name, parts[value].type, parts[bound].type, args.where + (name,))
        c.ratio_written(parts[1], parts[0].type, args.where + (name, 1), beside=parts[0])
        c.ratio_written(parts[0], parts[1].type, args.where + (name, 0), beside=parts[1])
        known_bounds(c, name, parts[value], [parts[bound]], args.where + (name, bound))
        if c.population is not None:
            return _traced(name, parts[0], parts[1])
        if parts[1].is_literal:  # {">": [{get: item.quantity}, 0]}, once per item: no call for the 0
            left, right = parts[0].fn, parts[1].literal
            return columnar(lambda ctx, item: holds(left(ctx, item), name, right), _column_of(name, parts[0], parts[1]))
        return columnar(lambda ctx, item: holds(parts[0].fn(ctx, item), name, parts[1].fn(ctx, item)),
                        _column_of(name, parts[0], parts[1]))
    build.__doc__ = _DOCS[name]
    return build


def _column_of(name: str, left: Expr, right: Expr) -> Callable[[Context, Sequence[Any]], list[Any]]:
    """The column form of a comparison: the left side as a column; the right side once when it
    reads no item (a literal, a parameter, a product's figure), else as a column too."""
    def many(ctx: Context, members: Sequence[Any]) -> list[Any]:
        lefts = column(left, ctx, members)
        if type(lefts) is Absent:
            return lefts  # every member's left side is missing, whatever the right side is
        if right.is_literal:
            return compared(lefts, name, right.literal)
        if not right.uses_item:
            first = next((i for i, value in enumerate(lefts) if type(value) is not Unavailable), None)
            if first is None:
                return lefts  # every member's left side is missing: the right side is never read
            try:
                bound = right.fn(ctx, members[first])
            except Missing:  # its reason may name the member: each its own, as one at a time
                return _pairwise(lefts, name, looped(right.fn, ctx, members))
            return compared(lefts, name, bound)
        return _pairwise(lefts, name, column(right, ctx, members))

    return many


def _pairwise(lefts: list[Any], name: str, rights: list[Any]) -> list[Any]:
    """Each member's comparison of its own two sides; the left side's reasons first, as ``fn``
    reads it first."""
    found: list[Any] = []
    for a, b in zip(lefts, rights):
        if type(a) is Unavailable:
            found.append(a)
        elif type(b) is Unavailable:
            found.append(b)
        else:
            try:
                found.append(holds(a, name, b))
            except Missing as missing:
                found.append(Unavailable.of(missing))
    return found


def compared(values: list[Any], operator: str, bound: Any) -> list[Any]:
    """``holds(value, operator, bound)`` for each value of a column: a missing slot stays missing,
    a comparison that cannot be made is missing in its slot. Numbers against a number in one pass:
    shares of one total (an index's weights) by their numerators against the bound times the
    total, exactly as each share compares."""
    if type(values) is Absent:
        return values  # every slot missing, and staying so
    ordering = _ORDERINGS.get(operator)
    if ordering is not None and type(bound) in _NUMBER_TYPES and values:
        if (type(values) is Shares or type(values[0]) is Ratio) and type(bound) is not Ratio:
            den = common_denominator(values)
            if den is not None:
                scaled = bound * den  # a share <= 0.30 is its part <= 0.30 x the total
                return flags(map(ordering, numerators(values), repeat(scaled)))
        kinds = kinds_of(values)
        if kinds <= _PLAIN_NUMBERS:
            if kinds == _DECIMALS and type(bound) is int:
                bound = Decimal(bound)  # the same number (exactly): a Decimal compares faster with a Decimal
            return flags(map(ordering, values, repeat(bound)))  # (in C: no Python call per value)
        if kinds == _MISSING:  # no row has the figure: every slot stays missing
            return list(values)
        if kinds <= _PLAIN_NUMBERS_OR_MISSING:  # rows without the figure stay missing in their slots
            return [v if type(v) is Unavailable else ordering(v, bound) for v in values]
    elif operator in MEMBERSHIP and isinstance(bound, (list, tuple)) and values:
        if kinds_of(values) == _TEXT:
            if set(map(type, bound)) <= _TEXT:  # text among texts: looked up in a set, in C
                inside = flags(map(frozenset(bound).__contains__, values))
                return inside if operator == "in" else flags(map(_op.not_, inside))
            wanted = operator == "in"
            return [(v in bound) is wanted for v in values]
    elif operator in ("==", "!=") and values:
        kinds, equal = kinds_of(values), operator == "=="
        if Unavailable not in kinds:
            if type(bound) is bool or kinds == {bool}:  # a flag equals only a flag (_equal)
                return flags([(v is bound) is equal for v in values])
            if (kinds <= _PLAIN_NUMBERS and type(bound) in _PLAIN_NUMBERS) or (kinds == {str} and type(bound) is str):
                return flags([(v == bound) is equal for v in values])
    found: list[Any] = []
    for value in values:
        if type(value) is Unavailable:
            found.append(value)
            continue
        try:
            found.append(holds(value, operator, bound))
        except Missing as missing:
            found.append(Unavailable.of(missing))
    return found


_PLAIN_NUMBERS = frozenset([int, Decimal])
_DECIMALS = frozenset([Decimal])
_TEXT = frozenset([str])
_PLAIN_NUMBERS_OR_MISSING = frozenset([int, Decimal, Unavailable])
_MISSING = frozenset([Unavailable])


def _traced(name: str, left: Expr, right: Expr) -> Function:
    """A comparison over a population: it records what it compared in the context's trace (a
    ``Measure``), with the member's placement when the left side is a ranking among the population."""
    from ..population import Measure, exact  # a population's rules only: not imported for a rulebook

    kind = left.type if left.type != NUMBER else right.type
    ranking = left.detail
    left_fn, right_fn, shown = left.fn, right.fn, left.name

    def compared(ctx: Context, item: Any) -> bool:
        a, b = left_fn(ctx, item), right_fn(ctx, item)
        result = holds(a, name, b)
        if ranking is not None:  # members not ranked (a figure not given) could change the answer
            ranking.settled(ctx, item, name, b, result, holds)
        trace = getattr(ctx, "trace", None)
        if trace is not None:
            measure = Measure(a if type(a) is not Ratio else exact(a), name, b if type(b) is not Ratio else exact(b), result,
                              kind=kind, name=shown)
            if ranking is not None:
                ranking.measured(ctx, item, measure, holds)
            trace.append(measure)
        return result

    return compared


_DOCS = {
    ">=": "True when the first number is at least the second (exact: 0.30 and 0.3 are equal), or the first date is on or after the second.\n\nExample: {\">=\": [{get: product.units}, {param: min_units}]}",
    ">": "True when the first number is greater than the second, or the first date is after the second.\n\nExample: {\">\": [{get: item.quantity}, 0]}",
    "<=": "True when the first number is at most the second, or the first date is on or before the second.\n\nExample: {\"<=\": [{ref: weight}, 0.30]}",
    "<": "True when the first number is less than the second, or the first date is before the second.\n\nExample: {\"<\": [{ref: weight}, 0.05]}",
    "==": "True when the two values are equal (a flag equals only a flag, text only text).\n\nExample: {\"==\": [{get: index.asset_class}, ktb]}",
    "!=": "True when the two values differ.\n\nExample: {\"!=\": [{get: product.leverage}, 0]}",
    "in": "True when the value is one of a list's.\n\nExample: {in: [{get: index.asset_class}, [equity, mixed]]}",
    "not_in": "True when the value is none of a list's.\n\nExample: {not_in: [{get: item.market}, [KONEX]]}",
    "between": "True when the number is at least the low bound and at most the high one.\n\n"
               "Example: {between: [{get: product.leverage}, -2, 2]}",
}

for _name in OPERATORS:
    _count = 3 if _name == "between" else 2
    _what = "[value, low, high]" if _name == "between" else ("[value, list]" if _name in MEMBERSHIP else "[left, right]")
    operation(_name, family="comparisons", main=values(ANY, _what, least=_count, most=_count), result=FLAG,
              path=None)(_comparison(_name))
