"""The shape check of a rulebook: its JSON Schema, and the record of shipped rulebooks that passed it.

Importing jsonschema is most of the command's start-up, so the shape of a *shipped* rulebook is
checked when the package is tested, not on every run: ``rules/checked.json`` records the SHA-256 of
each shipped rulebook that passed and of the schema it passed (see ``etf_listing.rulebook``). The
rulebook's ``time_zone`` is looked up in the time-zone database with its shape (``declared_zone``),
so a shipped rulebook's is looked up when the record is written, not on every run either.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import os
from typing import Any, Mapping

from .clock import EXAMPLES, zone_problem
from .errors import Location, Problem, did_you_mean
from .loading.yaml_source import Document
from .vocabulary.compiler import RulebookError

_SCHEMA: dict[str, Any] | None = None


def data_folder(package: str) -> str:
    """The folder of one of the package's data packages (``etf_listing.rulebooks``,
    ``etf_listing.schemas``). It is the folder ``importlib.resources`` names for them, without
    importing what that imports (zipfile, tempfile, shutil) on every start."""
    file = importlib.import_module(package).__file__
    assert file is not None
    return os.path.dirname(file)


def _read(package: str, name: str) -> str:
    with open(os.path.join(data_folder(package), name), encoding="utf-8") as stream:
        return stream.read()


def text_of_schema() -> str:
    return _read("etf_listing.schemas", "rulebook.schema.json")


def rulebook_schema() -> dict[str, Any]:
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = json.loads(text_of_schema())
    return _SCHEMA


CHECKED_SHAPES = "checked.json"  # in etf_listing.rulebooks (rules/)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def checked_shapes(schema: str, rulebooks: Mapping[str, str]) -> set[str]:
    """Which of ``rulebooks`` (name -> text) the record says passed the shape check against
    ``schema`` (its text), text for text."""
    try:
        record = json.loads(_read("etf_listing.rulebooks", CHECKED_SHAPES))
    except (OSError, ValueError):
        return set()
    if not isinstance(record, dict) or record.get("schema") != _sha256(schema):
        return set()
    recorded = record.get("rulebooks") or {}
    return {name for name, text in rulebooks.items() if recorded.get(name) == _sha256(text)}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _validate_shape(document: Document) -> None:
    import jsonschema  # imported here: only loading a rulebook needs it

    if not isinstance(document.data, dict):
        raise RulebookError.at(document.where(()), "a rulebook is a mapping with kind: etf-rulebook",
                               ko="규정집은 kind: etf-rulebook이 있는 매핑입니다")
    validator = jsonschema.Draft202012Validator(rulebook_schema())
    errors = sorted(validator.iter_errors(_jsonable(document.data)), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if not errors:
        return
    problems = []
    seen = set()
    for error in errors:
        best = _specific(error)
        path = tuple(best.absolute_path)
        if path in seen:
            continue
        seen.add(path)
        problems.append(_schema_problem(best, document, path))
    raise RulebookError(problems[:20])


def declared_zone(document: Document, known: bool = False) -> tuple[str | None, Location | None]:
    """The rulebook's ``time_zone`` (an IANA name) and where it is written; (None, None) without
    one. A name that is not a zone of the time-zone database (``Asia/Seol``) is refused at its
    place, unless the text is ``known`` (its shape recorded: see the module's doc)."""
    if not isinstance(document.data, dict) or document.data.get("time_zone") is None:
        return None, None
    name, where = document.data["time_zone"], document.where(("time_zone",))
    if known:
        return str(name), where
    if not isinstance(name, str) or not name.strip():
        raise RulebookError.at(where, f"time_zone: {name!r} is not the name of a time zone", f"an IANA name, such as {EXAMPLES}",
                               ko=f"time_zone: {name!r}은(는) 시간대 이름이 아닙니다", hint_ko=f"IANA 이름을 쓰십시오(예: {EXAMPLES})")
    problem = zone_problem(name)
    if problem is not None:
        message, hint, ko, hint_ko = problem
        raise RulebookError.at(where, message, hint, ko=ko, hint_ko=hint_ko)
    return name, where


def _specific(error: Any) -> Any:
    """For "none of the alternatives matched", the complaint of the alternative that has the
    value's type (an unknown operation, rather than "not valid under any of the given schemas")."""
    while error.validator in ("anyOf", "oneOf") and error.context:
        relevant = [e for e in error.context if e.validator != "type"]
        if not relevant:
            break
        error = max(relevant, key=lambda e: len(e.absolute_path))
    return error


def _schema_problem(error: Any, document: Document, path: tuple[Any, ...]) -> Problem:
    name = ".".join(map(str, path)) or "rulebook"
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extras = [k for k in error.instance if k not in allowed]
        key = extras[0] if extras else "?"
        return Problem(document.where_key(path + (key,)), f"{name}: unknown field '{key}'",
                       did_you_mean(key, allowed) or (f"fields: {', '.join(allowed)}" if allowed else None),
                       ko=f"{name}: 알 수 없는 필드 '{key}'",
                       hint_ko=did_you_mean(key, allowed, "ko") or (f"필드: {', '.join(allowed)}" if allowed else None))
    if error.validator == "required":
        missing = [field for field in error.validator_value if field not in error.instance]
        return Problem(document.where(path), f"{name}: {error.message}",
                       ko=f"{name}: 필수 필드 '{missing[0] if missing else '?'}'이(가) 없습니다")
    if error.validator == "propertyNames" and error.context:
        error = error.context[0]  # the name that is not allowed, with the allowed ones
    if error.validator == "enum":
        allowed = [str(v) for v in error.validator_value]
        listed = f": {', '.join(allowed)}" if len(allowed) <= 10 else ""
        return Problem(document.where(path), f"{name}: '{error.instance}' is not one of the allowed names{listed}",
                       did_you_mean(str(error.instance), allowed),
                       ko=f"{name}: '{error.instance}'은(는) 허용되는 이름이 아닙니다{listed}",
                       hint_ko=did_you_mean(str(error.instance), allowed, "ko"))
    return Problem(document.where(path), f"{name}: {error.message}", ko=f"{name}: {schema_message_ko(error)}")


_SCHEMA_KO = {
    "type": "형식이 맞지 않습니다",
    "const": "허용되는 값이 아닙니다",
    "minLength": "비어 있을 수 없습니다",
    "minItems": "항목이 하나 이상 있어야 합니다",
    "minProperties": "비어 있을 수 없습니다",
    "pattern": "형식이 맞지 않습니다 (영문 소문자, 숫자, '.', '_', '-')",
    "format": "형식이 맞지 않습니다",
    "oneOf": "허용되는 형식 중 정확히 하나에 맞아야 합니다 (예: check와 checks 중 하나만)",
}


def schema_message_ko(error: Any) -> str:
    """A JSON Schema complaint about a rulebook, in Korean; the validator's English follows in parentheses."""
    return f"{_SCHEMA_KO.get(error.validator, '규정집 형식에 맞지 않습니다')} ({error.message})"
