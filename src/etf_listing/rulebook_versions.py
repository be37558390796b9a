"""A rulebook's parameters and versions, checked when it is loaded (listing rulebooks and index
methodologies alike): each parameter's value agrees with its unit, in its declaration and in every
version that sets it, and each version's dates are days in order."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping

from .errors import did_you_mean
from .loading.yaml_source import Document
from .money import MoneyError, parse_krw
from .rule_checks import Text, caveats_of, text_of
from .spellings import SpellingError, share
from .vocabulary.compiler import RulebookError


@dataclass(frozen=True)
class Parameter:
    """A parameter the rulebook declares: its value (the current version's), unit and description."""

    name: str
    value: Any
    unit: str | None
    description: Text
    confirmed: bool
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Version:
    """One version of a rulebook: the dates it is in force and the parameter values it sets."""

    version: str
    effective_from: dt.date
    effective_to: dt.date | None  # the last day in force; None while it is the current version
    effective_from_confirmed: bool
    parameters: Mapping[str, Any]  # every parameter's value in this version
    changes: Mapping[str, Any]  # the values this version sets, for the history
    description: Text | None = None
    # What the version is known not to encode from a date on (a change announced without its
    # figures): (that day, the text), said beside every result on or after it.
    caveats: tuple[tuple[dt.date, Text], ...] = ()

    def in_force_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def caveats_on(self, day: dt.date | None) -> list[tuple[str, str]]:
        """The caveats that apply on ``day``, in the order written (every one without a date: the
        current version applied to no date in particular), each in English and Korean, naming the
        version, as a run's notices say them."""
        return [(f"version {self.version}: {text['en']}", f"버전 {self.version}: {text.get('ko') or text['en']}")
                for start, text in self.caveats if day is None or start <= day]




# What a rulebook of one version says of it at the top level; a rulebook with versions says it of each.
SINGLE_VERSION_FIELDS = ("version", "effective_from", "effective_to", "effective_from_confirmed")


def _versions(data: dict[str, Any], parameters: Mapping[str, Parameter], document: Document) -> tuple[Version, ...]:
    """The rulebook's versions, oldest first, each ending the day before the next begins.

    A rulebook without ``versions`` is one version, named by its top-level ``version`` and
    ``effective_from``; with ``versions``, each entry sets the parameter values that differ from
    the declarations under ``parameters``.
    """
    defaults = {name: p.value for name, p in parameters.items()}
    entries = data.get("versions")
    if not entries:
        if "version" not in data or "effective_from" not in data:
            raise RulebookError.at(document.where(()), "a rulebook names its version and effective_from, or lists versions",
                                   ko="규정집에는 version과 effective_from 또는 versions 목록이 있어야 합니다")
        only = Version(str(data["version"]), _day(document, ("effective_from",)), _day_or_none(document, ("effective_to",)),
                       bool(data.get("effective_from_confirmed", True)), defaults, {})
        _in_force_some_day(only, document, ())
        return (only,)
    beside = [key for key in SINGLE_VERSION_FIELDS if key in data]  # (the schema allows either form: beside versions, ignored)
    if beside:
        raise RulebookError([RulebookError.at(
            document.where_key((key,)), f"{key} is written beside versions, whose entries each say their own",
            "move it into the version it belongs to, or remove it",
            ko=f"{key}이(가) versions와 함께 쓰였습니다. versions의 각 항목이 자신의 값을 씁니다",
            hint_ko="해당 버전 항목 안으로 옮기거나 지우세요").problems[0] for key in beside])
    found = []
    named: dict[str, int] = {}
    for i, entry in enumerate(entries):
        first = named.setdefault(str(entry["version"]), i)
        if first != i:  # a report names the version in force: two alike could not be told apart
            raise RulebookError.at(document.where(("versions", i, "version")),
                                   f"version {entry['version']} is named twice (versions {first + 1} and {i + 1})",
                                   ko=f"버전 {entry['version']}이(가) 두 번 쓰였습니다({first + 1}번째와 {i + 1}번째)")
        changes = {}
        for name, value in (entry.get("parameters") or {}).items():
            where = ("versions", i, "parameters", name)
            if name not in parameters:
                raise RulebookError.at(document.where_key(where), f"no parameter named '{name}'",
                                       did_you_mean(name, parameters) or "declare it under parameters:",
                                       ko=f"'{name}'라는 매개변수가 없습니다",
                                       hint_ko=did_you_mean(name, parameters, "ko") or "parameters: 아래에 선언하세요")
            declared = parameters[name]
            spec = {"value": value, "unit": declared.unit, "description": dict(declared.description),
                    "choices": list(declared.choices)}
            changes[name] = _parameter(name, spec, document, where).value
        found.append(Version(str(entry["version"]), _day(document, ("versions", i, "effective_from")),
                             _day_or_none(document, ("versions", i, "effective_to")),
                             bool(entry.get("effective_from_confirmed", True)), {**defaults, **changes}, changes,
                             text_of(entry["description"]) if "description" in entry else None,
                             caveats_of(entry.get("caveats"), document, ("versions", i, "caveats"))))
    for i, version in enumerate(found):
        _in_force_some_day(version, document, ("versions", i))
    for i, (earlier, later) in enumerate(zip(found, found[1:])):
        if earlier.effective_from == later.effective_from:
            raise RulebookError.at(document.where(("versions",)), f"two versions start on {later.effective_from}",
                                   ko=f"두 버전이 같은 날({later.effective_from}) 시작합니다")
        if later.effective_from < earlier.effective_from:  # a mistyped year would make another version the one in force
            raise RulebookError.at(document.where(("versions", i + 1, "effective_from")),
                                   f"version {later.version} starts {later.effective_from}, before version {earlier.version} "
                                   f"listed above it ({earlier.effective_from})", "list the versions oldest first",
                                   ko=f"버전 {later.version}이(가) 위에 있는 버전 {earlier.version}({earlier.effective_from})보다 "
                                      f"앞선 {later.effective_from}에 시작합니다", hint_ko="버전은 오래된 것부터 쓰세요")
        day_before = later.effective_from - dt.timedelta(days=1)
        if earlier.effective_to is not None and earlier.effective_to > day_before:
            raise RulebookError.at(document.where(("versions", i, "effective_to")),
                                   f"version {earlier.version} ends {earlier.effective_to}, after version {later.version} "
                                   f"starts ({later.effective_from}): two versions would be in force on one day",
                                   f"end it on {day_before}, or leave effective_to out",
                                   ko=f"버전 {earlier.version}이(가) {earlier.effective_to}에 끝나는데 버전 {later.version}은(는) "
                                      f"{later.effective_from}에 시작합니다: 두 버전이 같은 날 효력을 가집니다",
                                   hint_ko=f"{day_before}에 끝내거나 effective_to를 쓰지 마세요")
        if earlier.effective_to is None:
            found[i] = dataclasses.replace(earlier, effective_to=day_before)
    return tuple(found)


def version_values(data: Any, parameters: Mapping[str, Parameter], document: Document) -> tuple[tuple[str, int, dict[str, Any]], ...]:
    """Each version's name, place under ``versions`` and the parameter values it sets, read as
    ``_versions`` reads them, for the compiler to check what a rule's figures are in every version
    (``vocabulary.at_load``). A value ``_versions`` refuses is left out here: it is refused there."""
    entries = data.get("versions") if isinstance(data, dict) else None
    found = []
    for i, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict):
            continue  # (refused where the versions are read)
        sets = entry.get("parameters")
        values = {}
        for name, value in (sets.items() if isinstance(sets, dict) else []):
            declared = parameters.get(name)
            if declared is None:
                continue
            spec = {"value": value, "unit": declared.unit, "description": dict(declared.description), "choices": list(declared.choices)}
            try:
                values[name] = _parameter(name, spec, document, ("versions", i, "parameters", name)).value
            except RulebookError:
                continue
        found.append((str(entry.get("version")), i, values))
    return tuple(found)


def _in_force_some_day(version: Version, document: Document, path: tuple[Any, ...]) -> None:
    """A version that ends before it starts is in force on no day: the dates are a mistake."""
    if version.effective_to is not None and version.effective_to < version.effective_from:
        raise RulebookError.at(document.where(path + ("effective_to",)),
                               f"effective_to {version.effective_to} is before effective_from {version.effective_from}",
                               "a version is in force from effective_from to effective_to, both included",
                               ko=f"effective_to {version.effective_to}이(가) effective_from {version.effective_from}보다 앞섭니다",
                               hint_ko="버전은 effective_from부터 effective_to까지(둘 다 포함) 효력이 있습니다")


def _day(document: Document, path: tuple[Any, ...]) -> dt.date:
    value: Any = document.data
    for step in path:
        value = value[step]
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        name = str(path[-1])
        raise RulebookError.at(document.where(path), f"{name}: '{value}' is not a date", "write YYYY-MM-DD",
                               ko=f"{name}: '{value}'은(는) 날짜가 아닙니다", hint_ko="YYYY-MM-DD 형식으로 쓰십시오") from None


def _day_or_none(document: Document, path: tuple[Any, ...]) -> dt.date | None:
    parent: Any = document.data
    for step in path[:-1]:
        parent = parent[step]
    return None if parent.get(path[-1]) is None else _day(document, path)




def _plain_number(value: Any) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def _parameter(name: str, spec: dict[str, Any], document: Document, path: tuple[Any, ...] | None = None) -> Parameter:
    value, unit = spec["value"], spec.get("unit")
    where = document.where(path or ("parameters", name, "value"))
    if unit == "krw":
        try:
            value = parse_krw(value)
        except MoneyError as error:
            raise RulebookError.at(where, f"parameter {name}: {error}", ko=f"매개변수 {name}: {error.ko}") from None
        if value != int(value):  # no rule's amount is a fraction of a won: 0.3 is a ratio, or a slip
            raise RulebookError.at(where, f"parameter {name}: an amount of KRW is whole won, not {value}",
                                   "for a share, give the parameter unit: ratio", ko=f"매개변수 {name}: 원화 금액은 원 단위 정수입니다. 입력값: {value}",
                                   hint_ko="비율이라면 매개변수의 unit을 ratio로 쓰세요")
    elif unit == "ratio" and isinstance(value, str) and value.strip().endswith("%"):
        try:  # 95% is the ratio 0.95, as everywhere else
            value = share(value)
        except SpellingError as error:
            raise RulebookError.at(where, f"parameter {name}: {error}", ko=f"매개변수 {name}: {error.text_ko()}") from None
    if unit in ("ratio", "number") and (not isinstance(value, (int, Decimal)) or isinstance(value, bool)):
        raise RulebookError.at(where, f"parameter {name}: expected a number, got {value!r}",
                               ko=f"매개변수 {name}: 숫자여야 합니다. 입력값: {value!r}")
    elif unit == "ratio" and not -1 <= value <= 1:  # 85 for 85%: every share above it would pass a cut
        raise RulebookError.at(where, f"parameter {name}: a ratio is from -1 to 1, not {value}",
                               f"for {value}%, write {Decimal(value) / 100} or '{value}%'" if value > 1 else None,
                               ko=f"매개변수 {name}: 비율은 -1부터 1까지입니다. 입력값: {value}",
                               hint_ko=f"{value}%는 {Decimal(value) / 100} 또는 '{value}%'로 씁니다" if value > 1 else None)
    elif unit in ("count", "days", "months") and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise RulebookError.at(where, f"parameter {name}: expected a whole number, got {value!r}",
                               ko=f"매개변수 {name}: 0 이상의 정수여야 합니다. 입력값: {value!r}")
    elif unit == "choice":
        choices = [str(choice) for choice in spec.get("choices") or []]
        if value not in choices:
            raise RulebookError.at(where, f"parameter {name}: {value!r} is not one of {', '.join(choices)}",
                                   did_you_mean(str(value), choices),
                                   ko=f"매개변수 {name}: {value!r}은(는) {', '.join(choices)} 중 하나가 아닙니다",
                                   hint_ko=did_you_mean(str(value), choices, "ko"))
    elif unit == "list" and not isinstance(value, list):
        raise RulebookError.at(where, f"parameter {name}: expected a list", ko=f"매개변수 {name}: 목록이어야 합니다")
    elif unit == "list" and not (all(isinstance(v, str) for v in value) or all(_plain_number(v) for v in value)
                                 or all(isinstance(v, dt.date) for v in value)):
        # a rule compares a value with each item: [KOSPI, 3] or [[KOSPI]] matches what it never can
        written = "[" + ", ".join("null" if v is None else str(v) for v in value) + "]"
        raise RulebookError.at(where, f"parameter {name}: a list of text, of numbers or of dates, not {written}",
                               ko=f"매개변수 {name}: 텍스트, 수 또는 날짜의 목록이어야 합니다. 입력값: {written}")
    elif unit == "date" and not isinstance(value, dt.date):
        raise RulebookError.at(where, f"parameter {name}: '{value}' is not a date", "write YYYY-MM-DD",
                               ko=f"매개변수 {name}: '{value}'은(는) 날짜가 아닙니다", hint_ko="YYYY-MM-DD 형식으로 쓰세요")
    elif unit == "text" and not isinstance(value, str):
        raise RulebookError.at(where, f"parameter {name}: expected text, got {value!r}",
                               ko=f"매개변수 {name}: 텍스트여야 합니다. 입력값: {value!r}")
    if unit != "choice" and spec.get("choices"):  # never read: the parameter's value is not checked against them
        raise RulebookError.at(document.where((path or ("parameters", name, "value"))[:-1] + ("choices",)),
                               f"parameter {name}: choices are for a parameter of unit: choice, not {unit}",
                               ko=f"매개변수 {name}: choices는 unit: choice인 매개변수에만 씁니다. 단위: {unit}")
    return Parameter(name, value, unit, text_of(spec["description"]), bool(spec.get("confirmed", True)),
                     tuple(spec.get("choices") or ()))


