"""Figures as people read them, in English or Korean, and the rule messages built from them.

A message template is rulebook text with ``{name}`` placeholders, filled by plain substitution (no
attribute access, so a rulebook cannot reach into objects). Shown figures are rounded for reading;
reports also carry the exact figures. A shown percentage gets more digits when rounding would make it
look equal to its threshold (29.9999% is never shown as 30.00%).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from typing import Any, Callable, Iterator, Mapping, Sequence

from .vocabulary.numbers import SHOWN, Ratio, exact, is_number, plain

OPERATOR_WORDS = {
    "en": {">=": "at least", ">": "more than", "<=": "at most", "<": "less than", "==": "equal to",
           "!=": "other than", "in": "one of", "not_in": "none of", "between": "between"},
    "ko": {">=": "이상", ">": "초과", "<=": "이하", "<": "미만", "==": "같음", "!=": "다름",
           "in": "중 하나", "not_in": "해당 없음", "between": "범위"},
}
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
SHOWN_ITEMS = 5


def format_krw(amount: Any, lang: str = "en", avoid: Any = None) -> str:
    """70억원 / 1조 5,000억원 / 90,247.21억원 in Korean; KRW 7bn / KRW 46,872,118 in English.
    Means of daily figures are rarely whole won: they are shown rounded, never so that a figure
    below its threshold reads as the threshold."""
    value = exact(amount)
    if lang == "ko":
        if value >= 10**12 and value % 10**8 == 0:
            jo, eok = divmod(int(value) // 10**8, 10**4)
            return f"{jo:,}조 {eok:,}억원" if eok else f"{jo:,}조원"
        if value >= 10**8:
            return f"{_rounded(value, -8, avoid, 2)}억원"
        return f"{_rounded(value, 0, avoid, 0)}원"
    if value >= 10**9:
        return f"KRW {_rounded(value, -9, avoid, 2)}bn"
    return f"KRW {_rounded(value, 0, avoid, 0)}"


def _rounded(value: Decimal, scale: int, avoid: Any, places: int) -> str:
    """``value`` x 10^scale with at least ``places`` decimals (trailing zeros dropped), more where
    rounding would make it equal to ``avoid`` without being equal."""
    scaled = value.scaleb(scale)
    target = exact(avoid).scaleb(scale) if is_number(avoid) else None
    for extra in range(0, 10):
        with localcontext(SHOWN):
            shown = scaled.quantize(Decimal(1).scaleb(-(places + extra)), rounding=ROUND_HALF_EVEN)
        if target is None or shown != target or scaled == target:
            return _trim(shown)
    return _trim(scaled)


def format_percent(ratio: Any, avoid: Any = None) -> str:
    """A ratio as a percentage with 2 decimals, more where rounding would meet ``avoid``."""
    value = exact(ratio) * 100
    target = exact(avoid) * 100 if is_number(avoid) else None
    for places in range(2, 12):
        with localcontext(SHOWN):
            shown = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
        if target is None or shown != target or value == target:
            return f"{shown}%"
    return f"{value}%"


def format_value(value: Any, unit: str, lang: str, avoid: Any = None) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return ("true" if value else "false") if lang == "en" else ("예" if value else "아니오")
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(v, unit, lang) for v in value)
    if is_number(value):
        if unit == "ratio":
            return format_percent(value, avoid)
        if unit == "krw":
            return format_krw(value, lang, avoid)
        if unit == "multiple":
            return f"{plain(exact(value))}x"
        return _grouped(exact(value))
    return str(value)


def format_threshold(threshold: Any, operator: str, unit: str, lang: str) -> str:
    if operator == "between":
        low, high = threshold
        return f"{format_value(low, unit, lang)} – {format_value(high, unit, lang)}"
    return format_value(threshold, unit, lang)


def label(identity: Mapping[str, str]) -> str:
    return f"{identity['name']} ({identity['code']})" if "code" in identity else identity.get("name", "?")


def render_message(template: Mapping[str, str], rule: Any, variables: Mapping[str, Any],
                   extra: Mapping[str, Any]) -> Mapping[str, str]:
    """The message in every language the template has (English fills in for a missing one)."""
    languages = ("en", "ko")
    return Message(languages, lambda lang: _render(template.get(lang) or template["en"], lang, rule, variables, extra))


class Message(Mapping[str, str]):
    """A message by language, each written out when first read: a report shows one language, and
    formatting every figure of every result in both took half of an evaluation's time."""

    __slots__ = ("_languages", "_render", "_texts")

    def __init__(self, languages: Sequence[str], render: Callable[[str], str]) -> None:
        self._languages = tuple(languages)
        self._render = render
        self._texts: dict[str, str] = {}

    def __getitem__(self, lang: str) -> str:
        text = self._texts.get(lang)
        if text is None:
            if lang not in self._languages:
                raise KeyError(lang)
            text = self._texts[lang] = self._render(lang)
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(self._languages)

    def __len__(self) -> int:
        return len(self._languages)

    def __repr__(self) -> str:
        return repr(dict(self))


def _render(template: str, lang: str, rule: Any, variables: Mapping[str, Any], extra: Mapping[str, Any]) -> str:
    unit = rule.unit
    operator = extra.get("operator") or ""
    threshold = extra.get("threshold")
    items: Sequence[Any] = extra.get("items", ())
    values: dict[str, str] = {}
    if "observed" in extra:
        values["observed"] = format_value(extra["observed"], unit, lang, avoid=threshold)
    if threshold is not None:
        values["threshold"] = format_threshold(threshold, operator, unit, lang)
    if operator:
        values["operator"] = OPERATOR_WORDS[lang].get(operator, operator)
    if items:
        values["worst"] = label(items[0].identity)
        values["worst_value"] = format_value(items[0].observed, unit, lang, avoid=threshold)
        values["offenders"] = _list(items, unit, lang, threshold)
    values["offender_count"] = str(len(items))
    if "count" in extra:
        values["count"] = str(extra["count"])
    for name, value in variables.items():
        values[name] = format_value(value, "text" if isinstance(value, str) else unit, lang)
    text = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)
    undecided = extra.get("undecided") or ()
    if undecided:
        names = "; ".join(r.message for r in undecided[:SHOWN_ITEMS])
        more = len(undecided) - SHOWN_ITEMS
        if lang == "ko":
            text += f" 판단할 수 없는 종목: {names}" + (f" 외 {more}건" if more > 0 else "")
        else:
            text += f" Also undecided: {names}" + (f" and {more} more" if more > 0 else "")
    return text


def _list(items: Sequence[Any], unit: str, lang: str, threshold: Any) -> str:
    shown = []
    for item in items[:SHOWN_ITEMS]:
        shown_figure = item.observed is not None and unit not in ("flag", "text")
        figure = f" {format_value(item.observed, unit, lang, avoid=threshold)}" if shown_figure else ""
        if item.observed is not None and unit == "text":
            figure = f" ({item.observed})"
        shown.append(f"{label(item.identity)}{figure}")
    more = len(items) - SHOWN_ITEMS
    if more > 0:
        shown.append(f"외 {more}개" if lang == "ko" else f"and {more} more")
    return ", ".join(shown)


def _trim(value: Decimal) -> str:
    text = plain(value)
    if "." in text:
        whole, fraction = text.split(".")
        fraction = fraction.rstrip("0")
        return f"{int(whole):,}.{fraction}" if fraction else f"{int(whole):,}"
    return f"{int(text):,}"


def _grouped(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return _trim(value)
