"""Evaluation: a product and a rulebook in, one result per rule out. Pure: no files, no output, no
clock (waivers are a later step, given today's date by the caller: ``etf_listing.waivers``).

Each rule is first tested for applicability (``not_applicable`` when its ``applies_when`` is false),
then its checks run in order, each of them (a rule several of whose checks fail names every
failing check's offenders, so that a waiver must name them all). A check over ``each`` item of a
collection fails with every item that does not meet the threshold; a single-value check compares
one figure. A value the input does not
give makes the result ``error``, naming what is missing, even when other items fail: a missing
figure never passes, and a waiver (which covers fails only) never passes it either. A rulebook
that watches a listed product (one with a clock) is not asked about a day before its ``listed_on``
(``before_listing``): an InputError, as its history before listing is no listed ETF's record; and
for the same reason it reads the history from ``listed_on`` on (``listed_record``): a row before
listing starts no clock and enters no figure (a correlation's window, a disparity's days).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal, DecimalException, localcontext
from itertools import compress, repeat
from operator import not_
from typing import Any, Mapping, Sequence

from .errors import InputError, Location, Problem
from .formatting import render_message
from .model import Product
from .records import few_of
from .results import BLOCKING, STATUSES, Figures, ItemFinding, Notice, Report, Result, Waiver
from .rulebook import Check, Rule, Rulebook, Version
from .verdicts import _error, _template, _variables, headroom, operator_in_force
from .vocabulary.operations.comparisons import compared, holds
from .vocabulary.runtime import Absent, Context, Missing, Unavailable, column, frozen, gaps, parameters_key
from .vocabulary.known import FLAGS, kinds_of
from .vocabulary.numbers import EXACT, Ratio, Shares, extreme, is_number, order_keys, share_at
from .waivers import apply_waivers, given_date

__all__ = ["BLOCKING", "STATUSES", "ItemFinding", "Notice", "Report", "Result", "Waiver", "evaluate", "evaluate_rule",
           "headroom"]


def caveats(version: Version, day: dt.date | None) -> tuple[Notice, ...]:
    """What the version in force is known not to encode on ``day`` (its ``caveats``), said beside
    the results."""
    return tuple(Notice(en, ko) for en, ko in version.caveats_on(day))


def evaluate(product: Product | Mapping[str, Any] | str, rulebook: Rulebook, as_of: dt.date | None = None,
             waivers: Sequence[Waiver] = (), today: dt.date | None = None) -> Report:
    """Evaluate every rule of ``rulebook`` in force on the evaluation date (``as_of``, else the
    product's) on ``product``. With ``waivers``, apply them as of ``today``, which the caller gives
    (evaluation never reads the clock): the same as ``apply_waivers(evaluate(...), waivers, today)``.

    Raises ``NoVersionInForce`` when the rulebook has no version for the date, and ``TypeError``
    when waivers come without today's date. ``product`` is a loaded Product, or what
    ``Loader.load_product`` reads: a product file's path, or the product as a mapping of its fields
    (paths in it relative to the working directory); ``InputError`` when it cannot be read.
    ``as_of`` and ``today`` are dates (a datetime counts as its date; an aware ``today``, as its
    date in the rulebook's time zone); TypeError for anything else."""
    if as_of is not None:
        as_of = given_date(as_of, "as_of")
    if today is not None:
        today = given_date(today, "today", rulebook)
    if not isinstance(product, Product):
        from .loading.load import Loader

        product = Loader().load_product(product)
    when = as_of or product.as_of
    version = rulebook.in_force(when)
    before_listing(product, rulebook, when)
    product = listed_record(product, rulebook)
    if any(rule.clock is not None for rule in rulebook.rules):
        from .watch.evaluate import WatchContext

        context: Context = WatchContext(product, version.parameters, when, parameters_key(version))
    else:
        context = Context(product, version.parameters, when, parameters_key(version))
    with localcontext(EXACT):
        results = tuple(_evaluated(rule, context) for rule in rulebook.rules)
    report = Report(product, rulebook, when, results, version, notices=caveats(version, when))
    if waivers:
        if today is None:
            raise TypeError("evaluate() applies waivers as of a date: give today=")
        report = apply_waivers(report, waivers, today)
    return report


def before_listing(product: Product, rulebook: Rulebook, day: dt.date | None,
                   option: tuple[str, str] = ("an evaluation date", "평가일"),
                   what: tuple[str, str] = ("the evaluation date", "평가일"), at: Location | None = None) -> None:
    """An InputError where a rulebook that watches a listed product (one with a clock) is asked
    about ``day``, before the product's ``listed_on``: at ``at`` where the day was written, else at
    ``listed_on``; ``option``: what the user gives instead (English, Korean). A day for which the rulebook has no
    version is left to be told as such."""
    from .rulebook import NoVersionInForce

    listed = product.listed_on
    if listed is None or day is None or day >= listed or all(rule.clock is None for rule in rulebook.rules):
        return
    try:
        rulebook.in_force(day)
    except NoVersionInForce:
        return
    raise InputError([Problem(at or product.locations.get("listed_on") or Location(product.file),
                              f"listed_on {listed} is after {what[0]}, {day}: a listed ETF is watched from its listing",
                              f"check listed_on, or give {option[0]} on or after {listed}",
                              ko=f"listed_on {listed}이(가) {what[1]} {day}보다 뒤입니다: 상장된 ETF는 상장일부터 점검합니다",
                              hint_ko=f"listed_on을 확인하거나, {option[1]} 값을 {listed} 이후로 지정하세요")])


def listed_record(product: Product, rulebook: Rulebook) -> Product:
    """``product`` as a rulebook that watches a listed product (one with a clock) reads it: its
    history from ``listed_on`` on, the rows before it left out (they are no listed ETF's record: a
    run below a line could start before listing, and a figure after it mix them in). The product
    itself where nothing is left out (no ``listed_on``, no history, or none of its rows before)."""
    listed, history = product.listed_on, product.history
    if listed is None or not history or history[0].date >= listed or all(rule.clock is None for rule in rulebook.rules):
        return product
    return dataclasses.replace(product, history=tuple(row for row in history if row.date >= listed))


def _evaluated(rule: Rule, context: Context) -> Result:
    """``_decided``, once for every product on an index, date and parameters where the rule reads
    no product (``Rule.reads_product``): its result is kept in the index's summary for them."""
    if rule.reads_product:
        return _decided(rule, context)
    key = (_RESULT, id(rule))
    found = context.shared.get(key)
    if found is None or found[0] is not rule:  # (the rule kept beside it: an id is not reused while it lives)
        result = _decided(rule, context)
        # context.shared is read again: deciding may have made it this product's own memo (a
        # reason that points at its file, such as its as_of before the calendar)
        context.shared[key] = (rule, result)
        return result
    return found[1]


_RESULT = "result"  # a summary's key for a rule's result


def _decided(rule: Rule, context: Context) -> Result:
    """``evaluate_rule``, where a figure that cannot be computed is an ``error`` result naming why,
    never an exception: a figure beyond exact arithmetic's 120 digits, or a rulebook expression that
    does not fit the values it meets (text where a number is needed)."""
    try:
        return evaluate_rule(rule, context)
    except DecimalException:
        en = "the figures need more than 120 significant digits to be computed exactly"
        ko = "정확히 계산하려면 유효숫자 120자리를 넘는 수가 필요합니다"
    except (ArithmeticError, TypeError, ValueError, RecursionError) as failure:
        en = f"the rule's expression cannot be computed on these values ({failure})"
        ko = f"이 값으로는 규칙의 식을 계산할 수 없습니다({failure})"
    message = {"en": f"Cannot be decided: {en}", "ko": f"판단할 수 없습니다: {ko}"}
    parameters = {name: context.params[name] for name in rule.parameters}
    return Result(rule, "error", message, parameters=parameters)


def evaluate_rule(rule: Rule, context: Context) -> Result:
    parameters = {name: context.params[name] for name in rule.parameters}
    if rule.clock is not None:
        from .watch.evaluate import evaluate_watched

        return evaluate_watched(rule, context, parameters)
    variables = _variables(rule, context)
    if rule.applies_when is not None:
        try:
            applies = rule.applies_when.fn(context, None)
        except Missing as missing:
            return _error(rule, missing, parameters, context)
        if applies is not True:
            message = render_message(rule.not_applicable or _DEFAULT_NOT_APPLICABLE, rule, variables, {})
            return Result(rule, "not_applicable", message, parameters=parameters)
    passed: list[tuple[Check, Result]] = []
    failed: list[Result] = []
    # Every check is decided, also after one fails, and the offenders of every failing check are
    # the rule's: a waiver must name them all. After a fail that names offenders, a check that
    # cannot be decided makes the rule an error (a waiver of those would pass what is not known);
    # after one that names none (a guard: "no reason is given"), the checks it guards do not count.
    for check in rule.checks:
        check = operator_in_force(check, context)
        try:
            result = _run_check(rule, check, context, parameters, variables)
        except Missing as missing:
            if failed and not any(f.items for f in failed):
                continue
            return _error(rule, missing, parameters, context, check)
        if result.status == "fail" and rule.fails_as != "fail":
            message = render_message(_template(rule, check, rule.fails_as), rule, variables,
                                     {"observed": result.observed, "threshold": result.threshold,
                                      "operator": check.operator, "items": result.items})
            result = dataclasses.replace(result, status=rule.fails_as, message=message)
        if result.status != "pass":
            failed.append(result)
        else:
            passed.append((check, result))
    if failed:
        return failed[0] if len(failed) == 1 else _together(failed)
    # A rule of several checks passes with a check that says what passed in its own words ("Cash
    # creation with an allowed reason"), not with a guard whose only message is for a fail, which
    # would fall back to the general wording ("true meets the requirement (equal to true)"); of
    # several, the one with a figure nearest its limit (OTC exposure to other counterparties at
    # exactly 5%, not to credit institutions, of which there is none: its near miss is told).
    worded = [result for check, result in passed if "pass" in (check.messages or {}) or "pass" in rule.messages]
    return _nearest(worded or [result for _, result in passed])


def _nearest(results: list[Result]) -> Result:
    """The result of ``results`` whose figure is nearest its limit (least headroom, the first of
    equals), among those with a figure and a headroom; the first where none or one has."""
    measured = [r for r in results if r.observed is not None and r.headroom is not None and is_number(r.headroom)]
    if not measured:
        return results[0]
    if len(measured) == 1:
        return measured[0] if results[0].observed is None else results[0]
    return min(measured, key=lambda r: r.headroom)  # (Decimals, as results give them: public_figure)


_DEFAULT_NOT_APPLICABLE = {"en": "Not applicable to this product.", "ko": "이 상품에는 적용되지 않습니다."}


def _together(failed: list[Result]) -> Result:
    """The result of a rule several of whose checks fail: the first's figures, every failing
    check's message, and their offenders, each once."""
    first = failed[0]
    items = tuple({item.key: item for result in failed for item in result.items}.values())
    message = {lang: " ".join(result.message[lang] for result in failed) for lang in first.message}
    return dataclasses.replace(first, items=items, message=message, items_complete=all(r.items for r in failed))


def _run_check(rule: Rule, check: Check, context: Context, parameters: Mapping[str, Any],
               variables: Mapping[str, Any]) -> Result:
    threshold = check.threshold.fn(context, None)
    if check.operator == "between":
        threshold = tuple(threshold)
    if check.each is not None:
        return _run_each(rule, check, context, threshold, parameters, variables)
    observed = check.value.fn(context, None)
    passed = holds(observed, check.operator, threshold)
    items: tuple[ItemFinding, ...] = ()
    unnamed: Missing | None = None
    if not passed and check.offenders is not None:
        members, unnamed = _offenders(check, context)
        values = _shown_all(check, context, members)
        # the offenders of a single-value check are listed largest figure first (the biggest omissions);
        # ordering or showing them never changes the status: one whose figure is missing is shown
        # without it, after those with a figure
        items = tuple(ItemFinding(m.identity(), v, m.location) for m, v in _ordered(list(zip(members, values)), "<="))
    location = items[0].location if items and not check.location_named else context.location_of(*check.locations)
    status = "pass" if passed else "fail"
    message = render_message(_template(rule, check, status), rule, variables,
                             {"observed": observed, "threshold": threshold, "operator": check.operator, "items": items,
                              "unnamed": unnamed})
    return Result(rule, status, message, observed, check.operator, threshold, items, location, parameters,
                  headroom(observed, check.operator, threshold))


def _run_each(rule: Rule, check: Check, context: Context, threshold: Any, parameters: Mapping[str, Any],
              variables: Mapping[str, Any]) -> Result:
    members, items, observed, figures = _judged(check, context, threshold)
    status = "fail" if items else "pass"
    location = items[0].location if items else context.location_of(*check.locations)
    extra = {"observed": observed, "threshold": threshold, "operator": check.operator, "items": items,
             "count": len(members)}
    message = render_message(_template(rule, check, status), rule, variables, extra)
    return Result(rule, status, message, observed, check.operator, threshold, items, location, parameters,
                  headroom(observed, check.operator, threshold), figures=figures)


def _judged(check: Check, context: Context, threshold: Any) -> tuple[Any, tuple[ItemFinding, ...], Any,
                                                                     Figures]:
    """The members, the offenders worst first, the figure to report and every member with its
    figure, of a check over each item;
    Missing when any member's figure is missing. A check that reads no product (the 30% cap, the
    top-85% tests, the eligible market) is about the index alone: judged once per index, date,
    parameters and threshold, and shared by the products that track it."""
    assert check.each is not None
    if "product" in check.each.reads | check.value.reads:
        return _judge(check, context, threshold)
    key = ("each", check.each, check.value, check.operator, frozen(threshold), check.if_empty)
    found: Any = context.shared.get(key)
    if found is None:
        try:
            found = _judge(check, context, threshold)
        except Missing as missing:
            found = Unavailable.of(missing)
        context.shared[key] = found
    if isinstance(found, Unavailable):
        raise found.missing()
    judged: tuple[Any, tuple[ItemFinding, ...], Any, Figures] = found
    return judged


def _judge(check: Check, context: Context, threshold: Any) -> tuple[Any, tuple[ItemFinding, ...], Any,
                                                                    Figures]:
    assert check.each is not None
    members = check.each.fn(context, None)
    if not members and check.if_empty == "error":
        path = check.each.path or "the collection"
        raise Missing.one(f"{path} lists none: there is nothing to judge", location=context.location_of(check.each.path),
                          ko=f"{path}에 항목이 없어 판단할 대상이 없습니다")
    operator = check.operator
    values = column(check.value, context, members)
    verdicts = compared(values, operator, threshold)
    if not kinds_of(verdicts) <= FLAGS:  # (flags, or missing slots)
        for value, verdict in zip(values, verdicts):  # a figure that cannot be compared with the threshold
            if type(verdict) is Unavailable and type(value) is not Unavailable:
                raise verdict.missing()  # (stops there, as when members were judged one at a time)
        # An item whose figure is missing is undecided, whatever the others show: the result is an
        # error naming each missing issue once (a total that cannot be taken stops every share
        # alike), never a fail of the others alone, which a waiver of those others would pass.
        raise Missing.of(gaps(values))
    places = list(compress(range(len(verdicts)), map(not_, verdicts)))  # (every verdict a flag here)
    # (an index's weights: only the offenders'; of rows kept as columns, only the offenders made)
    member = few_of(members, len(places)).__getitem__
    offenders = [(member(i), share_at(values, i)) for i in places]
    ordered = _ordered(offenders, operator)
    items = tuple(ItemFinding(m.identity(), v, m.location) for m, v in ordered)
    observed = _worst(values if not offenders else [v for _, v in offenders], operator)
    # the figures as results give them (Decimals), made once when a report first reads them, so
    # that products sharing this index's judgement share the very same figures (drawn once)
    return members, items, observed, Figures(members, values)


def _offenders(check: Check, context: Context) -> tuple[Any, Missing | None]:
    """The items a failing single-value check lists, or none and why they cannot be told (a ratio
    given without the PDF whose rows they would be): showing them never changes the status."""
    assert check.offenders is not None
    try:
        return check.offenders.fn(context, None), None
    except Missing as missing:
        return (), missing


def _shown(check: Check, context: Context, member: Any) -> Any:
    """The figure shown beside an offender of a single-value check; None where it is missing."""
    if check.offender_value is None:
        return None
    try:
        return check.offender_value.fn(context, member)
    except Missing:
        return None


def _shown_all(check: Check, context: Context, members: Sequence[Any]) -> list[Any]:
    """``_shown`` of each offender, its figure read as a column (a PDF's hundreds of missing
    holdings: each one's weight is not looked up by itself)."""
    if check.offender_value is None or not members:
        return [None] * len(members)
    try:
        values = column(check.offender_value, context, members)
    except Missing:  # (a reason for the whole column: each member's own, as one at a time)
        return [_shown(check, context, m) for m in members]
    if type(values) is Absent:
        return [None] * len(members)
    return [None if type(value) is Unavailable else value for value in map(share_at, repeat(values), range(len(values)))]


def _ordered(pairs: list[tuple[Any, Any]], operator: str) -> list[tuple[Any, Any]]:
    """Offenders worst first (largest for an upper limit, smallest for a lower one), ties by key;
    offenders without a figure come last, by key."""
    by_key = sorted(pairs, key=lambda pair: pair[0].key)
    if any(v is None for _, v in by_key) and any(v is not None for _, v in by_key):
        return ([pair for pair in _ordered([p for p in by_key if p[1] is not None], operator)]
                + [pair for pair in by_key if pair[1] is None])
    values = [v for _, v in by_key]
    if operator in ("<=", "<", ">=", ">") and _numbers(values):
        keys = order_keys(values)  # (ties keep the order by key: a sort is stable, reversed too)
        return [by_key[i] for i in sorted(range(len(by_key)), key=keys.__getitem__, reverse=operator in ("<=", "<"))]
    return by_key


def _numbers(values: list[Any]) -> bool:
    """Whether every value is a number (by their types first: one pass in C for a column; shares
    of a total, without making them)."""
    return type(values) is Shares or kinds_of(values) <= _NUMBER_TYPES or all(is_number(v) for v in values)


_NUMBER_TYPES = frozenset([int, Decimal, Ratio])


def _worst(values: list[Any], operator: str) -> Any:
    """The figure a collection check reports: the extreme value, or the distinct values seen."""
    if not values:
        return None
    if operator in ("<=", "<") and _numbers(values):
        return extreme(values, max)
    if operator in (">=", ">") and _numbers(values):
        return extreme(values, min)
    return sorted(set(values), key=str)


