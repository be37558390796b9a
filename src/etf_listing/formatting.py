"""Figures as people read them, in English or Korean, and the rule messages built from them.

A message template is rulebook text with ``{name}`` placeholders, filled by plain substitution (no
attribute access, so a rulebook cannot reach into objects). Shown figures are rounded for reading;
reports also carry the exact figures. A shown percentage gets more digits when rounding would make it
look equal to its threshold (29.9999% is never shown as 30.00%).
"""

from __future__ import annotations

import re
from decimal import (ROUND_HALF_EVEN, Clamped, Decimal, Inexact, InvalidOperation, Overflow, Rounded, Subnormal,
                     Underflow, getcontext)
from typing import Any, Callable, Iterator, Mapping, Sequence

from .language import LANGUAGES
from .vocabulary.numbers import SHOWN, Ratio, exact, is_number, plain

OPERATOR_WORDS = {
    "en": {">=": "at least", ">": "more than", "<=": "at most", "<": "less than", "==": "equal to",
           "!=": "other than", "in": "one of", "not_in": "none of", "between": "between"},
    "ko": {">=": "이상", ">": "초과", "<=": "이하", "<": "미만", "==": "같음", "!=": "다름",
           "in": "중 하나", "not_in": "해당 없음", "between": "범위"},
}
# A placeholder, and the Korean particle written after it (a whole word: followed by a space,
# punctuation or the end), which must agree with how the filled-in figure is read.
_FILLED = re.compile(r"\{([a-z_][a-z0-9_]*)\}(?:(으로|로|을|를|은|는|이|가|과|와)(?=[\s.,;:)'\"!?]|$))?")
# A brace the message shows as itself is written twice ({{ and }}), as in Python's format strings.
_PIECE = re.compile(r"\{\{|\}\}|" + _FILLED.pattern)
_PARTICLES = {"로": ("으로", "로"), "으로": ("으로", "로"), "을": ("을", "를"), "를": ("을", "를"),
              "은": ("은", "는"), "는": ("은", "는"), "이": ("이", "가"), "가": ("이", "가"),
              "과": ("과", "와"), "와": ("과", "와")}
SHOWN_ITEMS = 5
# Rounding for reading: in a context of its own, as ``localcontext(SHOWN)`` would give, without
# making one for each figure; its flags are nobody's to read.
_SHOWN = SHOWN.copy()
_PLACES = tuple(Decimal(1).scaleb(-places) for places in range(0, 24))  # 1, 0.1, 0.01...


def in_language(text: Mapping[str, str], lang: str) -> str:
    """A rulebook text in ``lang``, or in English where the rulebook has no translation."""
    return text.get(lang) or text["en"]


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
    if value >= 10**6:  # KRW 100m beside KRW 15bn, as the rules' titles write it, not KRW 100,000,000
        return f"KRW {_rounded(value, -6, avoid, 2)}m"
    return f"KRW {_rounded(value, 0, avoid, 0)}"


def _rounded(value: Decimal, scale: int, avoid: Any, places: int) -> str:
    """``value`` x 10^scale with at least ``places`` decimals (trailing zeros dropped), more where
    rounding would make it equal to ``avoid`` without being equal."""
    scaled = value.scaleb(scale)
    target = exact(avoid).scaleb(scale) if is_number(avoid) else None
    for extra in range(0, 10):
        shown = scaled.quantize(_PLACES[places + extra], rounding=ROUND_HALF_EVEN, context=_SHOWN)
        if target is None or shown != target or scaled == target:
            return _trim(shown)
    return _trim(scaled)


def format_percent(ratio: Any, avoid: Any = None) -> str:
    """A ratio as a percentage with 2 decimals, more where rounding would meet ``avoid``."""
    value = exact(ratio) * 100
    if abs(value) >= 10**15:  # (a price over almost nothing) shown, not spelt out beyond the digits kept
        return f"{value:.6E}%"
    target = exact(avoid) * 100 if is_number(avoid) else None
    for places in range(2, 12):
        shown = value.quantize(_PLACES[places], rounding=ROUND_HALF_EVEN, context=_SHOWN)
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
    if "code" in identity:
        return f"{identity['name']} ({identity['code']})"
    return identity.get("name") or identity.get("date", "?")  # a day of a daily series is known by its date


def render_message(template: Mapping[str, str], rule: Any, variables: Mapping[str, Any],
                   extra: Mapping[str, Any]) -> Mapping[str, str]:
    """The message in every language the template has (English fills in for a missing one)."""
    return Message(LANGUAGES, lambda lang: _render(template.get(lang) or template["en"], lang, rule, variables, extra))


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
    pieces, named = _compiled(template)  # only the figures the template names are formatted
    unit = rule.unit
    operator = extra.get("operator") or ""
    threshold = extra.get("threshold")
    items: Sequence[Any] = extra.get("items", ())
    values: dict[str, str] = {}
    context = _context()
    if "observed" in extra and "observed" in named:
        values["observed"] = _shown(extra["observed"], unit, lang, threshold, context)
    if threshold is not None and "threshold" in named:
        if operator == "between":
            values["threshold"] = format_threshold(threshold, operator, unit, lang)
        else:
            values["threshold"] = _shown(threshold, unit, lang, None, context)
    if operator and "operator" in named:
        values["operator"] = OPERATOR_WORDS[lang].get(operator, operator)
    if items:
        if "worst" in named:
            values["worst"] = label(items[0].identity)
        if "worst_value" in named:
            values["worst_value"] = _shown(items[0].observed, unit, lang, threshold, context)
        if "offenders" in named:
            values["offenders"] = _list(items, unit, lang, threshold)
    elif extra.get("unnamed") is not None:  # offenders that cannot be named: why not, never "none"
        why = "; ".join(reason.text(lang) for reason in extra["unnamed"].reasons)
        values["offenders"] = f"not named ({why})" if lang == "en" else f"알 수 없음({why})"
    else:  # a template may name the offenders of a fail that has none to name
        values["offenders"] = "none" if lang == "en" else "없음"
    values["offender_count"] = str(len(items))
    if "count" in extra:
        values["count"] = str(extra["count"])
    avoided = threshold if operator != "between" else None  # (a figure beside the threshold never rounds onto it)
    for name, value in variables.items():
        if name in named:
            values[name] = (value if isinstance(value, str) else _shown(value, unit, lang, avoided, context))
    out = []
    for piece in pieces:
        if piece.__class__ is str:
            out.append(piece)
            continue
        name, particle, written = piece
        value = values.get(name)
        if value is None:  # a placeholder the message has no figure for stays as it is written
            out.append(written)
        elif particle and lang == "ko":
            out.append(value + korean_particle(value, particle))
        else:
            out.append(value + particle)
    return "".join(out)


# Message templates as pieces, read once a template: the text between placeholders, and each
# placeholder as (its name, the particle written after it or "", the placeholder as written).
_COMPILED: dict[str, tuple[tuple[Any, ...], frozenset[str]]] = {}


def _compiled(template: str) -> tuple[tuple[Any, ...], frozenset[str]]:
    """The pieces of a message template, and the names it fills in (``{observed}``,
    ``{offenders}``...): the placeholders ``_FILLED`` finds, found once a template; ``{{`` and
    ``}}`` are a brace shown as itself."""
    found = _COMPILED.get(template)
    if found is None:
        pieces: list[Any] = []
        at, text = 0, ""
        for match in _PIECE.finditer(template):
            text += template[at:match.start()]
            at = match.end()
            if match.group(1) is None:  # {{ or }}
                text += match.group(0)[0]
                continue
            pieces += [text, (match.group(1), match.group(2) or "", match.group(0))]
            text = ""
        pieces.append(text + template[at:])
        named = frozenset(piece[0] for piece in pieces if isinstance(piece, tuple))
        found = _COMPILED[template] = (tuple(piece for piece in pieces if piece != ""), named)
    return found


# Figures of messages as ``format_value`` writes them, each written once: a thousand products on
# ten indices show the same index figures and the same thresholds in every product's messages.
# A figure is known by how it is written (0.3 and 0.30 are different figures to a multiple: 0.3x,
# 0.30x), its unit, language and threshold avoided, and the decimal context it is written in.
_SHOWN_FIGURES: dict[tuple[Any, ...], str] = {}
_SHOWN_FIGURES_KEPT = 10_000
_SIGNALS = (Inexact, Rounded, Overflow, Underflow, Subnormal, Clamped, InvalidOperation)


def _context() -> tuple[Any, ...]:
    """What of the decimal context in force can change how a figure is written, or whether writing
    it raises (a figure of more digits than the context's precision)."""
    context = getcontext()
    traps = context.traps
    return (context.prec, context.rounding, context.Emin, context.Emax, context.capitals, context.clamp,
            *[traps[signal] for signal in _SIGNALS])


def _shown(value: Any, unit: str, lang: str, avoid: Any, context: tuple[Any, ...]) -> str:
    """``format_value(value, unit, lang, avoid)`` in the decimal context ``_context()`` gave: a
    number (a Decimal, an integer or a Ratio; avoiding a Decimal threshold, or none) is written
    once."""
    kind = value.__class__
    if kind is str:
        return value  # type: ignore[no-any-return]
    if kind is Decimal or kind is int:
        written: Any = str(value)
    elif kind is Ratio:
        written = (str(value.num), str(value.den))
    else:
        return format_value(value, unit, lang, avoid)
    if avoid is None:
        avoided = None
    elif avoid.__class__ is Decimal:
        avoided = str(avoid)
    else:
        return format_value(value, unit, lang, avoid)
    key = (kind, written, unit, lang, avoided, context)
    text = _SHOWN_FIGURES.get(key)
    if text is None:
        text = format_value(value, unit, lang, avoid)
        if len(_SHOWN_FIGURES) >= _SHOWN_FIGURES_KEPT:
            _SHOWN_FIGURES.clear()
        _SHOWN_FIGURES[key] = text
    return text


def message_in(message: Mapping[str, str], lang: str) -> str:
    """A result's message in ``lang``, or in English where it has none in ``lang``: the English
    one is written out only then (a message is written when first read)."""
    try:
        return message[lang]
    except KeyError:
        return message["en"]


def korean_particle(word: str, particle: str) -> str:
    """The form of ``particle`` that follows ``word`` as it is read aloud: 100억원으로, 30.00%로,
    200,000으로 (이십만), 1x는 (일 배). A word whose reading is unknown keeps the particle written."""
    after_consonant, after_vowel = _PARTICLES[particle]
    final = _final_consonant(word)
    if final is None:
        return particle
    if particle in ("로", "으로") and final in (0, 8):  # no final consonant, or ㄹ: 로
        return after_vowel
    return after_consonant if final else after_vowel


# Final consonants (jongseong index; 0 for none, 8 for ㄹ) of Korean readings.
_DIGIT_FINALS = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}  # 영 일 이 삼 ...
_SYMBOL_FINALS = {"%": 0, "x": 0}  # 퍼센트, 배
_NUMBER_AT_END = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?$")


def _final_consonant(word: str) -> int | None:
    word = word.rstrip(" )'\"")
    if not word:
        return None
    last = word[-1]
    if "가" <= last <= "힣":
        return (ord(last) - ord("가")) % 28
    if last in _SYMBOL_FINALS:
        return _SYMBOL_FINALS[last]
    number = _NUMBER_AT_END.search(word)
    if number is None:
        return None
    digits = number.group(0).replace(",", "")
    zeros = len(digits) - len(digits.rstrip("0"))
    if "." in digits or not zeros or not digits.strip("0"):
        return _DIGIT_FINALS[last]  # 1.5 (일 점 오), 7 (칠), 0 (영): the last digit is read last
    # a round number is read with its unit last: 십, 백, 천, 만 (to 천만), 억 (to 천억), 조
    return 17 if zeros == 1 else 1 if zeros == 2 else 4 if zeros < 8 else 1 if zeros < 12 else 0


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
        # the sign kept apart: -0.5 has the whole part "-0", which int() reads as 0 (-0.00 is 0)
        digits = whole.lstrip("-")
        sign = "-" if whole.startswith("-") and (fraction or int(digits)) else ""
        return f"{sign}{int(digits):,}.{fraction}" if fraction else f"{sign}{int(digits):,}"
    return f"{int(text):,}"


def _grouped(value: Decimal) -> str:
    if abs(value) >= 10**30:  # no input reaches this; a figure this large is shown, not spelt out
        return f"{value:.6E}"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return _trim(value)


def is_near_miss(result: Any, margin: Decimal) -> bool:
    """A passing figure within ``margin`` of failing. For amounts and counts the margin is a
    fraction of the threshold (KRW 7.2bn is within 10% of KRW 7bn); for a share it is a fraction of
    the room between the threshold and 0% or 100% (27.4% is within 10% of the 30 points below a 30%
    cap, while 99.5% is not close to a 95% floor that leaves 5 points of room)."""
    if result.headroom is None or not is_number(result.threshold):
        return False
    threshold = exact(result.threshold)
    if result.rule.unit == "ratio":
        room = (1 - threshold) if result.operator in (">=", ">") else threshold
    else:
        room = abs(threshold)
    if room <= 0:
        return False
    return bool(0 <= result.headroom <= room * margin)


def describe_headroom(headroom: Any, operator: str, threshold: Any, unit: str, lang: str) -> str:
    """``KRW 0.2bn above KRW 7bn`` / ``2.60 points below 30.00%``: the distance to the threshold."""
    if headroom is None:
        return "-"
    if headroom == 0:  # not "0 above 1": the figure is the threshold itself
        limit = format_threshold(threshold, operator, unit, lang)
        return f"{limit}과(와) 같아 여유가 없음" if lang == "ko" else f"exactly {limit}, with nothing to spare"
    distance = abs(exact(headroom))
    # (a distance that is not none is never shown as 0, which reads as the threshold itself)
    points = _rounded(distance * 100, 0, 0, 2) if unit == "ratio" else ""
    shown = f"{points} points" if unit == "ratio" else format_value(distance, unit, lang, avoid=0)
    if unit == "ratio" and lang == "ko":
        shown = f"{points}%p"
    limit = format_threshold(threshold, operator, unit, lang)
    upper = operator in ("<=", "<")
    short = headroom < 0
    if lang == "ko":
        side = ("초과" if upper else "미달") if short else "여유"
        return f"{limit} 대비 {shown} {side}"
    side = ("above" if upper else "below") if short else ("below" if upper else "above")
    return f"{shown} {side} {limit}"
