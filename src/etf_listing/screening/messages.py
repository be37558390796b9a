"""What a screen's results say, in English and Korean: each rule's figure, rank, rank ratio and
threshold for one company, where it stopped, and what it would need to get through."""

from __future__ import annotations

import datetime as dt
from decimal import Context, Decimal
from fractions import Fraction
from typing import Any

from ..formatting import OPERATOR_WORDS, format_krw
from .evaluate import ERROR, FAIL, NOT_APPLICABLE, NOT_REACHED, PASS, ScreenReport, Step
from ..vocabulary.numbers import Ratio
from ..vocabulary.population import Measure, exact
from ..vocabulary.types import Number
from .figures import as_decimal


_DISPLAY = Context(prec=28)
MONEY, COUNT = Number("krw"), Number("count")  # amounts are shown in won, counts as whole numbers


def _krw(number: Decimal, lang: str) -> str:
    # A company's market cap is shown by several of its rules, the figure at a line by every company
    # outside it: each amount is written once (the text depends on the amount, not on its digits).
    key = (number, lang)
    found = _AMOUNTS.get(key)
    if found is None:
        if len(_AMOUNTS) > 65536:
            _AMOUNTS.clear()
        size = abs(number)
        text = _whole_krw(int(size), lang) if size < _WHOLE_LIMIT and size == size.to_integral_value() else format_krw(size, lang)
        found = _AMOUNTS[key] = "-" + text if number < 0 else text
    return found


_AMOUNTS: dict[tuple[Decimal, str], str] = {}
_WHOLE_LIMIT = Decimal(10) ** 24


def _whole_krw(won: int, lang: str) -> str:
    """``formatting.format_krw`` of a whole, non-negative number of won, in integers: the amounts
    of a universe are whole won, and there are thousands of them (a test keeps the two equal)."""
    if lang == "ko":
        if won >= 10**12 and won % 10**8 == 0:
            jo, eok = divmod(won // 10**8, 10**4)
            return f"{jo:,}조 {eok:,}억원" if eok else f"{jo:,}조원"
        if won >= 10**8:
            return f"{_hundredths(won, 10**6)}억원"
        return f"{won:,}원"
    if won >= 10**9:
        return f"KRW {_hundredths(won, 10**7)}bn"
    if won >= 10**6:
        return f"KRW {_hundredths(won, 10**4)}m"
    return f"KRW {won:,}"


def _hundredths(won: int, unit: int) -> str:
    """``won / (100 * unit)`` rounded half to even to two decimals, grouped, trailing zeros dropped."""
    cents, rest = divmod(won, unit)
    if rest * 2 > unit or (rest * 2 == unit and cents % 2):
        cents += 1
    whole, part = divmod(cents, 100)
    decimals = f"{part:02d}".rstrip("0")
    return f"{whole:,}.{decimals}" if decimals else f"{whole:,}"


def shown(value: Any, kind: Any, lang: str = "en") -> str:
    """A figure for a person: amounts in KRW, ratios to four decimal places, dates as ISO."""
    money = type(kind) is Number and kind.unit == "krw"
    if type(value) is Decimal:
        if money:
            return _krw(value, lang)
        text = format(value, "f")
        point = text.find(".")
        if point < 0 or len(text) - point <= 5:  # at most four decimal places, written as they are
            return text
    elif type(value) is int and kind is None:
        return f"{value:,}"
    if value is None:
        return "-"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return ", ".join(shown(v, None, lang) for v in value)
    if isinstance(value, str):
        return value
    number = _DISPLAY.divide(Decimal(value.numerator), Decimal(value.denominator)) if type(value) is Fraction else as_decimal(value)
    if money:
        return _krw(number, lang)
    if kind == COUNT or (isinstance(value, int) and kind is None):
        return f"{int(number):,}"
    rounded = number.quantize(Decimal("0.0001")) if number == number.quantize(Decimal("0.0001")) or abs(number) < 10**12 else number
    text = format(rounded.normalize(), "f") if rounded != 0 else "0"
    if rounded != number:
        text = "≈" + text
    return text


def apart(value: Any, other: Any, kind: Any, lang: str = "en") -> str:
    """``shown(value)``, written in full where rounding would show it as ``other`` though the two
    differ (a free float of 0.0999999999 beside the line 0.10, a cap of KRW 999,999,999,999 beside
    the KRW 1,000bn of the last company inside): a figure never reads as the line it misses."""
    text = shown(value, kind, lang)
    if not _is_figure(value) or not _is_figure(other) or _fraction(value) == _fraction(other):
        return text
    if not _same_text(text, shown(other, kind, lang)):
        return text
    number = _fraction(value)
    if type(kind) is Number and kind.unit == "krw" and number.denominator == 1:
        return f"{number.numerator:,}원" if lang == "ko" else f"KRW {number.numerator:,}"
    written = _DISPLAY.divide(Decimal(number.numerator), Decimal(number.denominator))
    full = format(written.normalize(), "f")
    return full if Fraction(written) == number else "≈" + full


def _is_figure(value: Any) -> bool:
    return type(value) in (int, Decimal, Fraction, Ratio)


def _fraction(value: Any) -> Fraction:
    return Fraction(exact(value))  # (a Ratio as its Fraction)


def _same_text(one: str, other: str) -> bool:
    """Whether two figures as written read as one (``≈0.1`` and ``0.10``; ``10,000억원`` and
    ``1조원``)."""
    from ..money import MoneyError, parse_krw

    one, other = one.removeprefix("≈"), other.removeprefix("≈")
    if one == other:
        return True
    try:
        return Decimal(one.replace(",", "")) == Decimal(other.replace(",", ""))
    except ArithmeticError:
        pass
    try:
        return parse_krw(one.removeprefix("-")) == parse_krw(other.removeprefix("-")) and one[:1] == other[:1]
    except (MoneyError, ArithmeticError, ValueError):
        return False


def shared(value: Any, kind: Any, lang: str = "en") -> str:
    """``shown`` of a value many results share (a threshold, a parameter, the figure at a line),
    written once: a date, a whole number or a text by its value, anything else by the object
    (held here, so that it is never taken for another)."""
    by_value = type(value) in _BY_VALUE
    key = (type(value), value, id(kind), lang) if by_value else (id(value), id(kind), lang)
    found = _SHARED.get(key)
    if found is not None and found[1] is kind and (by_value or found[0] is value):
        return found[2]
    if len(_SHARED) > 4096:
        _SHARED.clear()
    text = shown(value, kind, lang)
    _SHARED[key] = (value, kind, text)
    return text


_BY_VALUE = frozenset([dt.date, int, str])
_SHARED: dict[tuple[Any, ...], tuple[Any, Any, str]] = {}


def _measure(m: Measure, lang: str) -> str:
    if m.placement is None or m.label is None:
        return _comparison(m.name, m.left, m.operator, m.right, m.holds, m.kind, lang)
    words = OPERATOR_WORDS[lang]
    # A ranking: the company's place, the line, and what it would need to be inside it.
    ranking = m.label
    figure_name = ranking.key.name or ("figure" if lang == "en" else "값")
    place = m.placement
    where = ""
    if place.group is not None:
        where = f" in {place.group}" if lang == "en" else f" ({place.group} 내)"
    limit = shared(m.right, COUNT if m.measure == "rank" else None, lang)
    needs = shared(m.needs, ranking.key.type, lang) if m.needs is not None and not m.holds else None
    figure = apart(m.figure, m.needs, ranking.key.type, lang) if needs is not None else shown(m.figure, ranking.key.type, lang)
    if m.measure != "rank":
        value = shown(m.left, None, lang)
        measure = "rank ratio" if m.measure == "rank_ratio" else "rank"
        if lang == "ko":
            measure = "순위비율" if m.measure == "rank_ratio" else "순위"
    if lang == "ko":
        if m.measure == "rank":
            text = f"{figure_name} {figure}: {place.rank:,}/{place.of:,}위{where}, 기준 {limit}위 {words[m.operator]}"
        else:
            text = f"{figure_name} {figure}: {measure} {value}{where} ({place.rank:,}/{place.of:,}위), 기준 {limit} {words[m.operator]}"
        if needs is not None:
            text += f"; 기준 안의 마지막 기업은 {figure_name} {needs}"
        return text
    if m.measure == "rank":
        text = f"{figure_name} {figure}: rank {place.rank:,} of {place.of:,}{where}; {words[m.operator]} {limit} passes"
    else:
        text = f"{figure_name} {figure}: {measure} {value}{where} (rank {place.rank:,} of {place.of:,}); {words[m.operator]} {limit} passes"
    if needs is not None:
        text += f"; the last company inside the line has {figure_name} {needs}"
    return text


_OPERATORS = {"in": "in", "not_in": "not in"}


def _comparison(name: str | None, left: Any, operator: str, right: Any, holds: bool, kind: str | None, lang: str) -> str:
    """A comparison as met: ``free_float_ratio 0.35 < 0.10? no``. The right side (a parameter, a
    limit) is the same for every company: written once."""
    name = name or ("figure" if lang == "en" else "값")
    answer = ("yes" if holds else "no") if lang == "en" else ("예" if holds else "아니오")
    return f"{name} {apart(left, right, kind, lang)} {_OPERATORS.get(operator, operator)} {shared(right, kind, lang)}? {answer}"


def describe(step: Step, report: ScreenReport, lang: str = "en") -> str:
    """One rule's result for one company, as a sentence."""
    rule = step.rule
    if step.status == NOT_REACHED:
        return "not reached: the company stopped at an earlier rule" if lang == "en" else "도달하지 않음: 앞선 규칙에서 멈췄습니다"
    if step.status == ERROR:
        fields = ", ".join((en if lang == "en" else ko) for en, ko in step.missing) or (
            "a figure is not given" if lang == "en" else "값이 없습니다")
        return f"cannot be decided: {fields}" if lang == "en" else f"판단할 수 없습니다: {fields}"
    if rule.role == "selection":
        return _selection(step, report, lang)
    if rule.role == "weighting":
        weight = shown(step.weight, None, lang)
        cap = shown(step.measures[0].right, None, lang) if step.measures else "-"
        capped = step.note == "capped"
        if lang == "ko":
            return f"비중 {weight} (상한 {cap}{', 상한 적용' if capped else ''})"
        return f"weight {weight} (cap {cap}{', capped' if capped else ''})"
    if step.status == NOT_APPLICABLE:
        return "does not apply to this company" if lang == "en" else "이 기업에는 적용되지 않습니다"
    measures = step.measures
    details = "; ".join([_measure(m, lang) for m in measures]) if len(measures) > 1 else _measure(measures[0], lang) if measures else ""
    if rule.role == "exclusion":
        head = details
        if not details:
            name = rule.figure.name if rule.figure and rule.figure.name else None
            head = f"{name}: {shown(step.observed, rule.figure.type if rule.figure else None, lang)}" if name else ""
        if lang == "ko":
            return ("제외" if step.status == FAIL else "제외 대상 아님") + (f": {head}" if head else "")
        return ("excluded" if step.status == FAIL else "not excluded") + (f": {head}" if head else "")
    verdict = {PASS: ("passes", "통과"), FAIL: ("fails", "미통과")}[step.status][0 if lang == "en" else 1]
    if rule.role == "inclusion" and step.status == PASS and step.note == "over_places":
        verdict = "qualifies, but no place is left" if lang == "en" else "요건 충족, 남은 자리 없음"
    if not details and rule.figure is not None:
        details = f"{rule.figure.name or 'figure'} {shown(step.observed, rule.figure.type, lang)}"
    return f"{verdict}: {details}" if details else verdict


def _selection(step: Step, report: ScreenReport, lang: str) -> str:
    cut = report.cut
    place = step.placement
    rank_text = ""
    if place is not None:
        group = f" in {place.group}" if place.group is not None and lang == "en" else (f" ({place.group} 내)" if place.group is not None else "")
        rank_text = (f"rank ratio {shown(place.ratio, None, lang)}{group} (rank {place.rank:,} of {place.of:,})" if lang == "en"
                     else f"순위비율 {shown(place.ratio, None, lang)}{group} ({place.rank:,}/{place.of:,}위)")
    if step.note == "included":
        return (f"already included by special inclusion; {rank_text}" if lang == "en" else f"특례 편입으로 이미 편입됨; {rank_text}").rstrip("; ")
    competing_place = step.position or 0
    places = len(report.selected)
    needed = ""
    if cut is not None:
        key = shown(cut.keys[0], None, lang)
        in_group = cut.placement is not None and cut.placement.group is not None
        if lang == "en":
            what = "a rank ratio of " if cut.placement is not None and cut.placement.ratio == cut.keys[0] else ""
            needed = f"the {_ordinal(places)} place needs {what}{key}" + (" in its group" if in_group else "")
        else:
            needed = f"{places}번째 자리의 기준은 {key}" + (" (그룹 내 순위비율)" if in_group else "")
    elif step.status == FAIL:  # no company was selected by the order: the special inclusions took every place
        needed = (f"no place is left after the {places:,} special inclusions" if lang == "en"
                  else f"특례 편입 {places:,}개로 남은 자리가 없습니다")
    if step.status == PASS:
        if lang == "ko":
            return f"선정 (경쟁 순서 {competing_place:,}위): {rank_text}"
        return f"selected (place {competing_place:,} of those competing): {rank_text}"
    if cut is not None and place is not None and cut.placement is not None and place.ratio == cut.placement.ratio:
        needed += _tie_broken(step, lang)  # it meets the figure the last place needs: the tie-break decided
    said = "; ".join(part for part in (rank_text, needed) if part)
    tail = f": {said}" if said else ""
    if lang == "ko":
        return f"선정되지 않음 (경쟁 순서 {competing_place:,}위){tail}"
    return f"not selected (place {competing_place:,} of those competing){tail}"


def _tie_broken(step: Step, lang: str) -> str:
    """What put a company that ties the last place's figure behind it: the rule's next order keys,
    then the code."""
    keys = [(key.by.name or "figure", key.descending) for key in step.rule.order[1:]]
    if lang == "ko":
        order = "".join(f"{name}({'큰' if descending else '작은'} 순), " for name, descending in keys)
        return f"; 같은 값이며 {order}종목코드 순에서 뒤입니다"
    order = "".join(f"{name} ({'larger' if descending else 'smaller'} first), then " for name, descending in keys)
    return f"; it ties that and comes after it on {order}code"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"

