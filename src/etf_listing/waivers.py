"""Waivers: an approved exception to a rule, for a time, with a reason.

A waiver names a rule id and, optionally, the items it covers (constituent codes, participant
names) and the products it is for (by name or file). While it is in force (through its ``expires``
date, both on the day of the run and on the evaluation date) a ``fail`` result it covers becomes
``waived``: reported with its reason and approver, never as
a pass, and not blocking eligibility. A waiver covers a fail only when it covers all of its
offenders; an ``error`` (missing data) is never waived. An expired waiver is ignored with a
notice, and a waiver that matches nothing is reported, so stale waivers do not linger.

Waivers are a step after evaluation: ``apply_waivers(report, waivers, today)`` takes the report
``evaluate`` made and the date its caller gives, and the report it gives back says that date
(``waivers_judged_on``), as does the notice of a waiver ignored as expired. The checker
(``etf_listing.checker``) applies them for every command and format, so all see the same results,
as of the day of the run in the rulebook's time zone (``etf_listing.clock``). Reading a waiver
file is the loader's job (``etf_listing.loading.waiver_file``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any, Sequence

from .errors import Location, Problem
from .results import Notice, Report, Result, Waiver

if TYPE_CHECKING:
    from .rulebook import Rulebook


def given_date(value: object, name: str, rulebook: Rulebook | None = None) -> dt.date:
    """A date a library caller gives (a datetime: its date; an aware one, given as ``today`` with
    the ``rulebook`` that judges, its date in that rulebook's time zone, as the command takes the
    day of the run); TypeError for anything else, before any work: a text or a number compared
    with a date fails deep inside, far from the call."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and rulebook is not None:
            return rulebook.day_of_run(value)  # (an instant on a UTC clock is in Seoul's next day after 15:00)
        return value.date()
    if not isinstance(value, dt.date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__} ({value!r})")
    return value


def apply_waivers(report: Report, waivers: Sequence[Waiver], today: dt.date) -> Report:
    """``report`` with the failures ``waivers`` cover waived, as of ``today`` (a date; an aware
    datetime: its date in the time zone of the report's rulebook)."""
    today = given_date(today, "today", report.rulebook)
    product = report.product
    notices: list[Notice] = []
    in_force: list[Waiver] = []
    for waiver in waivers:
        if not waiver.for_product(product.name, product.file):
            continue
        if waiver.expires < today:
            notices.append(Notice(
                f"the waiver of {waiver.rule} expired on {waiver.expires} and is ignored (waivers judged on {today})",
                f"{waiver.rule} 면제가 {waiver.expires}에 만료되어 적용하지 않습니다 (면제 판단일 {today})", waiver.location))
        elif report.as_of is not None and waiver.expires < report.as_of:
            # a product judged on a later date than the waiver runs to: not waived then
            notices.append(Notice(
                f"the waiver of {waiver.rule} runs to {waiver.expires}, before the evaluation date {report.as_of}, "
                "and is ignored",
                f"{waiver.rule} 면제는 평가일 {report.as_of}보다 이른 {waiver.expires}까지이므로 적용하지 않습니다",
                waiver.location))
        else:
            in_force.append(waiver)
    used: set[int] = set()
    results = []
    for result in report.results:
        waived = None
        if result.status == "fail":
            for n, waiver in enumerate(in_force):
                if waiver.rule == result.rule.id and _covers(waiver, result):
                    waived = waiver
                    used.add(n)
                    break
        results.append(_waived(result, waived) if waived else result)
    rule_ids = {r.rule.id for r in report.results}
    failing = {r.rule.id: r for r in report.results if r.status == "fail"}
    for n, waiver in enumerate(in_force):
        if n in used:
            continue
        uncovered = [item.key for item in failing[waiver.rule].items if item.key not in (waiver.items or ())] \
            if waiver.rule in failing else []
        if not uncovered and waiver.rule in failing and waiver.items is not None and not failing[waiver.rule].items_complete:
            notices.append(Notice(f"the waiver of {waiver.rule} names offenders, but a failing check of the rule names "
                                  "none and is not applied: only a waiver of the whole rule (without items) covers it",
                                  f"{waiver.rule} 면제가 대상을 명시했지만 대상이 없는 미충족 검사가 있어 적용하지 않습니다: "
                                  "규칙 전체의 면제(items 없이)만 이를 포함합니다", waiver.location))
            continue
        if uncovered:  # it names some offenders, not all: the rule stays failed
            shown = ", ".join(uncovered)
            more, more_ko = ("", "") if failing[waiver.rule].items_complete else (  # (naming them would not do either)
                "; a failing check of the rule also names none, which only a waiver of the whole rule covers",
                "; 대상이 없는 미충족 검사도 있어 규칙 전체의 면제만 이를 포함합니다")
            notices.append(Notice(f"the waiver of {waiver.rule} does not name every offender of its failing result "
                                  f"and is not applied: {shown} not named{more}",
                                  f"{waiver.rule} 면제가 미충족 결과의 대상을 모두 명시하지 않아 적용하지 않습니다: "
                                  f"{shown} 누락{more_ko}", waiver.location))
            continue
        why = "" if waiver.rule in rule_ids else " (no such rule in this rulebook)"
        why_ko = "" if waiver.rule in rule_ids else " (이 규정집에 없는 규칙)"
        notices.append(Notice(f"the waiver of {waiver.rule} matches no failing result{why}",
                              f"{waiver.rule} 면제에 해당하는 미충족 결과가 없습니다{why_ko}", waiver.location))
    return dataclasses.replace(report, results=tuple(results), notices=report.notices + tuple(notices),
                               waivers_judged_on=today)


def waived_twice(name: str, file: str, waivers: Sequence[Waiver]) -> list[Problem]:
    """A problem at each waiver that covers the product (``name``, read from ``file``) and an item
    of a rule that an earlier waiver covers too, one of them naming the product and the other its
    file: which would be in force? (The waiver file refuses two that name a product alike.)"""
    mine = [waiver for waiver in waivers if waiver.for_product(name, file)]
    problems = []
    for j, waiver in enumerate(mine):
        first = next((other for other in mine[:j] if other.rule == waiver.rule and (
            other.items is None or waiver.items is None or set(other.items) & set(waiver.items))), None)
        if first is not None:
            line = first.location.line if first.location else "?"
            problems.append(Problem(
                waiver.location or Location("waivers"),
                f"this waiver of {waiver.rule} covers {file} and items that the waiver at line {line} covers too "
                "(one names the product, the other its file)",
                "write one waiver for a rule, product and item, so the one in force is never in doubt",
                ko=f"이 {waiver.rule} 면제는 {line}행의 면제와 같은 상품({file})·항목을 다룹니다(한쪽은 상품명, 다른 쪽은 파일로 지정)",
                hint_ko="규칙·상품·항목마다 면제를 하나만 쓰십시오. 어느 면제가 적용되는지 분명해야 합니다"))
    return problems


def _covers(waiver: Waiver, result: Result) -> bool:
    if waiver.items is None:
        return True
    return bool(result.items) and result.items_complete and all(item.key in waiver.items for item in result.items)


def _waived(result: Result, waiver: Waiver) -> Result:
    message = {
        "en": f"{result.message['en']} Waived: {waiver.reason} (approved by {waiver.approved_by}, until {waiver.expires}).",
        "ko": f"{result.message.get('ko', result.message['en'])} 면제: {waiver.reason} (승인 {waiver.approved_by}, {waiver.expires}까지).",
    }
    return dataclasses.replace(result, status="waived", message=message, waiver=waiver)


def load_waivers(path: str) -> tuple[Waiver, ...]:
    """Read a waiver file (``kind: etf-waivers``); InputError with positions when it is not one.
    (The reader lives with the other readers, in ``etf_listing.loading.waiver_file``.)"""
    from .loading.waiver_file import load_waivers as read

    return read(path)


def waiver_dict(waiver: Waiver) -> dict[str, Any]:
    return {"rule": waiver.rule, "reason": waiver.reason, "approved_by": waiver.approved_by,
            "expires": waiver.expires.isoformat(), "items": list(waiver.items) if waiver.items is not None else None,
            "location": waiver.location.as_dict() if waiver.location else None,
            **({"sha256": waiver.sha256} if waiver.sha256 else {})}


__all__ = ["Notice", "Waiver", "apply_waivers", "load_waivers", "waiver_dict"]
