"""The shape of an index methodology, checked by hand as the JSON Schema checks a listing
rulebook's (a methodology has no schema): known fields only, text where text is meant (an id, a
title, a description), true or false where a flag is (``confirmed``: ``nope`` is not true), dates
that are dates, and each parameter's value agreeing with its unit (``rulebook_versions``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Mapping

from ..errors import did_you_mean
from ..loading.yaml_source import Document
from ..rulebook_versions import Parameter, _parameter
from ..rule_checks import text_of
from ..vocabulary.compiler import RulebookError

PARAMETER_UNITS = ("krw", "ratio", "number", "count", "days", "months", "date", "text", "choice", "list")


def shape_error(document: Document, path: tuple[Any, ...], message: str, hint: str | None = None, *, ko: str,
           hint_ko: str | None = None, key: bool = False) -> RulebookError:
    where = document.where_key(path) if key else document.where(path)
    return RulebookError.at(where, message, hint, ko=ko, hint_ko=hint_ko)  # type: ignore[return-value]


def known_fields(document: Document, node: Any, path: tuple[Any, ...], allowed: tuple[str, ...], what: str) -> None:
    if not isinstance(node, dict):
        raise shape_error(document, path, f"{what} is a mapping", ko=f"{what}은(는) 매핑이어야 합니다")
    for key in node:
        if key not in allowed:
            raise shape_error(document, path + (key,), f"unknown field '{key}' in {what}",
                         did_you_mean(str(key), allowed) or f"fields: {', '.join(allowed)}",
                         ko=f"{what}에 알 수 없는 필드 '{key}'",
                         hint_ko=did_you_mean(str(key), allowed, "ko") or f"필드: {', '.join(allowed)}", key=True)


def text_field(document: Document, node: Mapping[str, Any], path: tuple[Any, ...], name: str) -> Mapping[str, str]:
    value = node.get(name)
    if value is None:
        raise shape_error(document, path, f"the required field '{name}' is missing", ko=f"필수 필드 '{name}'이(가) 없습니다")
    if isinstance(value, dict):
        if "en" not in value or any(lang not in ("en", "ko") for lang in value):
            raise shape_error(document, path + (name,), f"{name} is text, or a mapping with en (and ko)",
                         ko=f"{name}은(는) 텍스트이거나 en(과 ko)이 있는 매핑입니다")
    elif not isinstance(value, str):
        raise shape_error(document, path + (name,), f"{name} is text", ko=f"{name}은(는) 텍스트입니다")
    return text_of(value)


def flag(document: Document, node: Mapping[str, Any], path: tuple[Any, ...], name: str) -> bool:
    """The field ``name`` of ``node``, true or false (true when it is not written): ``nope`` or
    ``"no"`` would otherwise be read as true, an unconfirmed reading shown as confirmed."""
    value = node.get(name, True)
    if not isinstance(value, bool):
        raise shape_error(document, path + (name,), f"{name} is true or false, not {value!r}",
                          ko=f"{name}은(는) true 또는 false입니다: {value!r}")
    return value


def identifier(document: Document, node: Mapping[str, Any], path: tuple[Any, ...]) -> str:
    """The ``id`` of ``node``: text of lower-case letters, digits, '.', '_' and '-', as a listing
    rulebook's schema has it (a number is not an id: reports and waivers name rules by text)."""
    value = node.get("id")
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise shape_error(document, path + ("id",), f"id is text of lower-case letters, digits, '.', '_' and '-', not {value!r}",
                          ko=f"id는 영문 소문자, 숫자, '.', '_', '-'로 된 텍스트입니다: {value!r}")
    return value


_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")


VERSION_FIELDS = ("version", "effective_from", "effective_to", "effective_from_confirmed", "description", "parameters",
                  "caveats")


def check_versions(document: Document, node: Any) -> None:
    """The versions' entries, as a listing rulebook's schema checks them: a misspelt field
    (``efective_to``) is refused, never ignored, and the dates are dates."""
    if node is None:
        return
    if not isinstance(node, list):
        raise shape_error(document, ("versions",), "versions is a list of versions", ko="versions는 버전의 목록입니다")
    for i, entry in enumerate(node):
        path = ("versions", i)
        known_fields(document, entry, path, VERSION_FIELDS, "a version")
        for name in ("version", "effective_from"):
            if name not in entry:
                raise shape_error(document, path, f"a version needs {name}", ko=f"버전에는 {name}이(가) 필요합니다")
        for name in ("effective_from", "effective_to"):
            if name in entry and not isinstance(entry[name], dt.date):
                raise shape_error(document, path + (name,), f"{name}: '{entry[name]}' is not a date", "write YYYY-MM-DD",
                             ko=f"{name}: '{entry[name]}'은(는) 날짜가 아닙니다", hint_ko="YYYY-MM-DD 형식으로 쓰세요")
        if "effective_from_confirmed" in entry and not isinstance(entry["effective_from_confirmed"], bool):
            raise shape_error(document, path + ("effective_from_confirmed",), "effective_from_confirmed is true or false",
                         ko="effective_from_confirmed는 true 또는 false입니다")
        if "description" in entry:
            text_field(document, entry, path, "description")
        if not isinstance(entry.get("parameters") or {}, dict):
            raise shape_error(document, path + ("parameters",), "a version's parameters map names to values",
                         ko="버전의 parameters는 이름과 값의 매핑입니다")


def declared_parameters(document: Document, node: Any) -> dict[str, Parameter]:
    if not isinstance(node, dict):
        raise shape_error(document, ("parameters",), "parameters is a mapping of names to declarations",
                     ko="parameters는 이름과 선언의 매핑입니다")
    found = {}
    for name, spec in node.items():
        path = ("parameters", name)
        known_fields(document, spec, path, ("value", "unit", "description", "confirmed", "choices"), f"parameter {name}")
        if "value" not in spec or "description" not in spec:
            raise shape_error(document, path, f"parameter {name} needs a value and a description",
                         ko=f"매개변수 {name}에는 value와 description이 필요합니다")
        unit = spec.get("unit")
        if unit not in PARAMETER_UNITS:
            raise shape_error(document, path + ("unit",), f"parameter {name}: unit '{unit}' is not one of {', '.join(PARAMETER_UNITS)}",
                         did_you_mean(str(unit), PARAMETER_UNITS),
                         ko=f"매개변수 {name}: 단위 '{unit}'은(는) {', '.join(PARAMETER_UNITS)} 중 하나가 아닙니다",
                         hint_ko=did_you_mean(str(unit), PARAMETER_UNITS, "ko"))
        if unit == "date" and not isinstance(spec["value"], dt.date):
            raise shape_error(document, path + ("value",), f"parameter {name}: '{spec['value']}' is not a date", "write YYYY-MM-DD",
                         ko=f"매개변수 {name}: '{spec['value']}'은(는) 날짜가 아닙니다", hint_ko="YYYY-MM-DD 형식으로 쓰세요")
        if unit == "text" and not isinstance(spec["value"], str):
            raise shape_error(document, path + ("value",), f"parameter {name}: expected text", ko=f"매개변수 {name}: 텍스트여야 합니다")
        if unit == "list" and isinstance(spec["value"], list) and not all(isinstance(v, str) for v in spec["value"]):
            raise shape_error(document, path + ("value",), f"parameter {name}: expected a list of text",
                         ko=f"매개변수 {name}: 텍스트 목록이어야 합니다")
        spec = {**spec, "description": text_field(document, spec, path, "description"), "confirmed": flag(document, spec, path, "confirmed")}
        found[name] = _parameter(name, spec, document, path + ("value",))
    return found


