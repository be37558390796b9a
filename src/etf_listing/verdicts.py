"""What every rule's result is made of, whoever decides the rule: the message for a status, the
figures a template names, the distance from the threshold, and the ``error`` result that names
what is missing. Used by the evaluation of listing rules (``etf_listing.evaluation``) and of rules
decided over days (``etf_listing.watch``), below both.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any, Mapping

from .language import LANGUAGES
from .results import ItemFinding, Result, public_figure
from .rule_checks import Check, Rule, Text
from .vocabulary.runtime import Context, Missing, Reason
from .vocabulary.numbers import as_ratio, is_number


def _variables(rule: Rule, context: Context) -> dict[str, Any]:
    values = {}
    for name, expr in rule.vars.items():
        try:
            values[name] = expr.fn(context, None)
        except Missing:
            values[name] = None
    return values


def headroom(observed: Any, operator: str, threshold: Any) -> Any:
    """How far ``observed`` is from failing: observed - threshold for a lower limit, threshold -
    observed for an upper one, the nearer bound for ``between``; negative when it fails. None for
    comparisons that have no distance (equality, membership). Taken from ``observed`` as results
    give it (a Decimal), so that headroom == threshold - observed holds exactly for a reader."""
    observed = public_figure(observed)
    if type(observed) in _PLAIN and type(threshold) in _PLAIN and operator in _LIMITS:
        # Decimals: the very sum the Ratios below come to over a denominator of 1
        upper = _LIMITS[operator]
        return Decimal(threshold) + -Decimal(observed) if upper else Decimal(observed) + -Decimal(threshold)
    if operator == "between" and is_number(observed) and all(is_number(t) for t in threshold):
        low, high = threshold
        return min(as_ratio(observed) - low, as_ratio(high) - observed, key=as_ratio)
    if not (is_number(observed) and is_number(threshold)):
        return None
    if operator in (">=", ">"):
        return as_ratio(observed) - threshold
    if operator in ("<=", "<"):
        return as_ratio(threshold) - observed
    return None


_PLAIN = frozenset([int, Decimal])  # (not bool: a flag has no distance)
_LIMITS = {">=": False, ">": False, "<=": True, "<": True}  # whether the threshold is an upper limit


def operator_in_force(check: Check, context: Context) -> Check:
    """The check with its operator, where the rulebook leaves it to a parameter."""
    if check.operator_parameter is None:
        return check
    return dataclasses.replace(check, operator=context.params[check.operator_parameter])


def _template(rule: Rule, check: Check, status: str) -> Text:
    found = (check.messages or {}).get(status) or rule.messages.get(status)
    if found is None and status == "at_risk":
        found = (check.messages or {}).get("fail") or rule.messages.get("fail")
    return found or _default_message(status)


def _default_message(status: str) -> Text:
    if status == "pass":
        return {"en": "{observed} meets the requirement ({operator} {threshold}).",
                "ko": "{observed}: 요건({threshold} {operator})을 충족합니다."}
    return {"en": "{observed} does not meet the requirement ({operator} {threshold}).",
            "ko": "{observed}: 요건({threshold} {operator})을 충족하지 못합니다."}


def _in_order(reasons: list[Reason]) -> list[Reason]:
    """Each reason once, ordered by the item it is about (by key, as offenders are), so that neither
    the order of rows nor a reason that every item shares (no evaluation date) changes a message."""
    unique: dict[tuple[str, str], Reason] = {}
    for reason in reasons:
        key = getattr(reason.item, "key", None)
        unique.setdefault((key if isinstance(key, str) else "", reason.message), reason)
    return [unique[key] for key in sorted(unique)]


def _error(rule: Rule, missing: Missing, parameters: Mapping[str, Any], context: Context,
           check: Check | None = None) -> Result:
    reasons = _in_order(missing.reasons)
    items = tuple(ItemFinding(r.item.identity(), None, r.location) for r in reasons if r.item is not None)
    location = next((r.location for r in reasons if r.location is not None), None)
    if location is None and check is not None:
        location = context.location_of(*check.locations)
    more = len(reasons) - 10
    message = {}
    for lang in LANGUAGES:
        details = "; ".join(r.text(lang) for r in reasons[:10])
        if lang == "ko":
            message[lang] = f"판단할 수 없습니다: {details}" + (f" (외 {more}건)" if more > 0 else "")
        else:
            message[lang] = f"Cannot be decided: {details}" + (f" (and {more} more)" if more > 0 else "")
    return Result(rule, "error", message, operator=check.operator if check else None, items=items,
                  location=location, parameters=parameters)
