"""Logic: conditions combined, whether a value is given, the first given value, and a choice of
expressions by a value (``choose``)."""

from __future__ import annotations

from itertools import compress, repeat
from operator import is_, not_ as negation
from typing import Any, Callable, Sequence

from ...errors import did_you_mean
from ...records import rows_at
from ..compiler import Compiler
from ..known import flags, kinds_of
from ..runtime import Context, Function, Missing, Reason, Unavailable, column, columnar, looped, unique
from ..tree import Args, Expr, cases, expression, operation, union_params, union_reads, value, values
from ..types import ANY, FLAG, Text, Type, common


def truth(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Missing.one(f"expected true or false, got {value!r}", ko=f"true 또는 false여야 합니다. 입력값: {value!r}")
    return value


def truths(values: list[Any]) -> list[Any]:
    """``truth`` over a column: a value that is not a flag is missing in its slot."""
    if kinds_of(values) <= _FLAGS:  # (by type, in one pass in C: a bool is True or False)
        return values
    found: list[Any] = []
    for value in values:
        if value is True or value is False or type(value) is Unavailable:
            found.append(value)
        else:
            try:
                truth(value)
            except Missing as missing:
                found.append(Unavailable.of(missing))
    return found


_FLAGS = frozenset([bool])


def _logic(name: str) -> Callable[[Compiler, Args], Function]:
    def build(c: Compiler, args: Args) -> Function:
        parts: list[Expr] = args[name]
        tests, decisive = [p.fn for p in parts], name == "any"  # all stops at a false, any at a true
        if c.population is not None:
            return _three_valued(tests, decisive)

        def fn(ctx: Context, item: Any) -> bool:  # a loop, not a generator: it runs once per item
            for test in tests:
                if truth(test(ctx, item)) is decisive:
                    return decisive
            return not decisive

        def many(ctx: Context, members: Sequence[Any]) -> list[Any]:
            """Each condition over the members still undecided only, as ``fn`` stops at the first
            that decides (or is missing) for each member."""
            found: list[Any] = [not decisive] * len(members)
            open_ = list(range(len(members)))
            for part in parts:
                if not open_:
                    break
                values = truths(column(part, ctx, rows_at(members, open_) if len(open_) < len(members) else members))
                if kinds_of(values) <= _FLAGS:  # flags only: the members it decides, in one pass in C
                    hits = list(map(is_, values, repeat(decisive)))
                    for i in compress(open_, hits):
                        found[i] = decisive
                    open_ = list(compress(open_, map(negation, hits)))
                    continue
                still = []
                for i, value in zip(open_, values):
                    if value is decisive or type(value) is Unavailable:
                        found[i] = value
                    else:
                        still.append(i)
                open_ = still
            return found

        return columnar(fn, many)
    return build


def _three_valued(tests: list[Function], decisive: bool) -> Function:
    """``all`` (``decisive`` false) or ``any`` (true) over a population (``vocabulary.population``):
    every condition is evaluated; one that holds the decisive value decides, whatever else is
    missing; missing only when nothing decides and a condition is missing."""
    def fn(ctx: Context, item: Any) -> bool:
        decided, reasons = False, []
        trace = getattr(ctx, "trace", None)
        idle: list[tuple[int, int]] = []  # where in the trace the conditions that did not decide met theirs
        for test in tests:
            start = len(trace) if trace is not None else 0
            try:
                if truth(test(ctx, item)) is decisive:
                    decided = True
                    continue
            except Missing as missing:
                reasons.extend(missing.reasons)
            if trace is not None:
                idle.append((start, len(trace)))
        if decided:
            if trace is not None:  # the comparisons of the others did not decide it: a report leads with those that did
                for start, end in idle:
                    for measure in trace[start:end]:
                        measure.decided = False
            return decisive
        if reasons:
            raise Missing(unique(reasons))
        return not decisive

    return fn


_all = _logic("all")
_all.__doc__ = """True when every condition holds (evaluated in order, stopping at the first that does not).

    Over a population, three-valued: false when one condition is false, even where another is
    missing (``vocabulary.population``); the comparisons of a condition that did not decide (true,
    or missing, beside a false one) are marked so.

    Example: {all: [{get: item.authorized_participant}, {get: item.lp_contract}]}
    """
operation("all", family="logic", main=values(FLAG, "the conditions", least=1), result=FLAG, path=None)(_all)
_any = _logic("any")
_any.__doc__ = """True when at least one condition holds (evaluated in order, stopping at the first that does).

    Over a population, three-valued: true when one condition is true, even where another is
    missing (``vocabulary.population``); the comparisons of a condition that did not decide (false,
    or missing, beside a true one) are marked so.

    Example: {any: [{get: item.authorized_participant}, {get: item.lp_contract}]}
    """
operation("any", family="logic", main=values(FLAG, "the conditions", least=1), result=FLAG, path=None)(_any)


@operation("not", family="logic", main=value(FLAG, "the condition"), result=FLAG, path=None)
def not_(c: Compiler, args: Args) -> Function:
    """True when the condition does not hold.

    Example: {not: {ref: held_in_pdf}}
    """
    inner = args["not"]
    if c.population is not None:
        return _negated(inner.fn)

    def many(ctx: Context, members: Sequence[Any]) -> list[Any]:
        values = truths(column(inner, ctx, members))
        if kinds_of(values) <= _FLAGS:
            return flags(map(negation, values))
        return [v if type(v) is Unavailable else not v for v in values]

    return columnar(lambda ctx, item: not truth(inner.fn(ctx, item)), many)


def _negated(inner: Function) -> Function:
    """``not`` over a population: the comparisons the condition met are marked as counting the
    other way (a report shows what decided, each as it counts: ``vocabulary.population.Measure``)."""
    def fn(ctx: Context, item: Any) -> bool:
        trace = getattr(ctx, "trace", None)
        start = len(trace) if trace is not None else 0
        result = not truth(inner(ctx, item))
        if trace is not None:
            for measure in trace[start:]:
                measure.negated = not measure.negated
        return result

    return fn


@operation("given", family="logic", main=expression("the value or collection"), result=FLAG, path=None)
def given(c: Compiler, args: Args) -> Function:
    """True when the value is given (the input has it), false when it is missing.

    Example: {given: {get: product.linked_assets_ratio}}
    """
    inner = args["given"].fn

    def given(ctx: Context, item: Any) -> bool:
        try:
            return inner(ctx, item) is not None
        except Missing:
            return False

    return given


def _first_type(args: Args) -> Type:
    return common([p.type for p in args["first_given"]])


@operation("first_given", family="logic", main=values(ANY, "two or more values of one type", least=2),
           result=_first_type, path="main", result_doc="the values' type")
def first_given(c: Compiler, args: Args) -> Function:
    """The first of the values that is given; missing, with every reason, when none is.

    Example: {first_given: [{get: item.weight}, {ref: weight}]}
    """
    parts = args["first_given"]
    if _first_type(args) is ANY and all(p.type is not ANY for p in parts):
        raise c.error(args.where + ("first_given",), "first_given takes values of one type",
                      ko="first_given에는 같은 형식의 값을 씁니다")

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

    def many(ctx: Context, members: Sequence[Any]) -> list[Any]:
        """Each part over the members still without a value, as ``first`` tries them in turn."""
        found: list[Any] = [None] * len(members)
        gaps: list[list[Unavailable]] = [[] for _ in range(len(members))]  # each member's missing parts, in order
        open_ = list(range(len(members)))
        for part in parts:
            if not open_:
                break
            values = column(part, ctx, rows_at(members, open_) if len(open_) < len(members) else members)
            still = []
            for i, value in zip(open_, values):
                if type(value) is Unavailable:
                    gaps[i].append(value)
                    still.append(i)
                elif value is None:
                    still.append(i)
                else:
                    found[i] = value
            open_ = still
        for i in open_:
            found[i] = Unavailable(None, gaps[i])  # every part's reasons, each once (unique)
        return found

    return columnar(first, many)


def _case(key: Any) -> str:
    return str(key).lower() if isinstance(key, bool) else str(key)


def case_names(subject: Type) -> tuple[str, ...] | None:
    """The values a subject can take, where they are known: a choice's names, true and false."""
    if subject == FLAG:
        return ("true", "false")
    if isinstance(subject, Text):
        return subject.choices
    return None


@operation("choose", family="logic", main=value(ANY, "the value that chooses (a choice, a flag, text)"),
           cases=cases("each possible value of the subject and the expression it chooses"),
           default=expression("the expression for any other value, or when the subject is not given", required=False),
           result=ANY, result_doc="the cases' type")
def choose(c: Compiler, args: Args) -> Expr:
    """The expression of the case named by a value; ``default`` for any other value and when the
    value is not given. Every case must be a value the subject can take (a parameter's
    ``choices``, a field's allowed values), and every branch must have one type.

    Example: {choose: {param: market_cap_basis}, cases: {mean: {ref: mean_market_cap}, as_of: {ref: market_cap_on_as_of}}}
    """
    subject, branches_by_key, default = args["choose"], args["cases"], args["default"]
    where = args.where
    names = case_names(subject.type)
    if names is not None:
        for key in branches_by_key:
            if _case(key) not in names:
                raise c.error(where + ("cases", key), f"'{key}' is not a value of the subject: it is one of {', '.join(names)}",
                              did_you_mean(str(key), names),
                              ko=f"'{key}'은(는) 선택 대상의 값이 아닙니다: {', '.join(names)} 중 하나입니다",
                              hint_ko=did_you_mean(str(key), names, "ko"))
    cases = {_case(k): v for k, v in branches_by_key.items()}
    branches = [*branches_by_key.values(), *([default] if default else [])]
    if len({b.collection for b in branches}) > 1:
        raise c.error(where, "the cases of choose must all be collections or all single values",
                      ko="choose의 cases는 모두 컬렉션이거나 모두 단일 값이어야 합니다")
    kind = common([b.type for b in branches])
    if kind is ANY and all(b.type is not ANY for b in branches):
        shown = ", ".join(sorted({b.type.describe() for b in branches}))
        raise c.error(where, f"the cases of choose must be of one type; found {shown}",
                      ko=f"choose의 cases는 모두 같은 형식이어야 합니다. 발견: {shown}")

    def choose(ctx: Context, item: Any) -> Any:
        try:
            key = subject.fn(ctx, item)
        except Missing:
            if default is None:
                raise
            return default.fn(ctx, item)  # the default also stands for a value that is not given
        branch = cases.get(_case(key), default)
        if branch is None:
            raise Missing.one(f"no case for {key!r}", item, ctx.location_of(subject.path),
                              ko=f"{key!r}에 해당하는 case가 없습니다")
        return branch.fn(ctx, item)

    def many(ctx: Context, members: Sequence[Any]) -> list[Any]:
        """With a subject that reads no item (a parameter), one branch's column for every member."""
        if subject.uses_item or not members:
            return looped(choose, ctx, members)
        try:
            key = subject.fn(ctx, members[0])  # (a reason it gives may name the member: the first)
        except Missing:
            return looped(choose, ctx, members)
        branch = cases.get(_case(key), default)
        if branch is None:  # "no case" names each member
            return looped(choose, ctx, members)
        return column(branch, ctx, members)

    first = branches[0]
    parts = [subject, *branches]
    return Expr(choose, kind, uses_item=any(p.uses_item for p in parts), path=first.path,
                params=union_params(parts), reads=union_reads(parts), many=many)
