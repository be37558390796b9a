"""Pydantic's validation errors as positioned problems: each at the line and column of the value
(or of the key, for an unknown or missing field) in the user's file, with "did you mean" for a
misspelt field or choice, in English and Korean."""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING, Any

from ..errors import InputError, Problem, did_you_mean
from .shapes import Record, quick_read, record_of
from .validation_ko import message_en, message_ko
from .yaml_source import Document, Path

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError


def validated(shape: type[Record] | type[BaseModel], document: Document, prefix: Path) -> Any:
    """The document (or its part at ``prefix``) validated by a pydantic model, or read as the
    record ``shape``: directly in the usual spellings (``loading.shapes``), else by the model of
    the same name, which says what is wrong."""
    data = document.data
    for step in prefix:
        data = data[step]
    if issubclass(shape, Record):
        quick = quick_read(shape, data)
        if quick is not None:
            return quick
        from . import documents

        model = getattr(documents, shape.__name__)
    else:
        model = shape
    from pydantic import ValidationError

    try:
        parsed = model.model_validate(data)
    except ValidationError as error:
        raise InputError(validation_problems(error, model, document, prefix, data)) from None
    return record_of(parsed) if model is not shape else parsed


def validation_problems(error: ValidationError, model: type[BaseModel], document: Document, prefix: Path, data: Any) -> list[Problem]:
    problems: dict[tuple[Path, str], Problem] = {}
    for detail in error.errors(include_url=False):
        kind = detail["type"]
        path = _data_path(data, detail["loc"], keep_last=kind in ("missing", "extra_forbidden"))
        full = prefix + path
        name = ".".join(str(p) for p in path) or "document"
        if kind == "extra_forbidden":
            field = str(path[-1])
            fields = _fields_at(model, path[:-1])
            problem = Problem(document.where_key(full), f"unknown field '{field}'",
                              did_you_mean(field, fields) or (f"the fields here are {', '.join(fields)}" if fields else None),
                              ko=f"알 수 없는 필드 '{field}'",
                              hint_ko=did_you_mean(field, fields, "ko") or (f"이 위치의 필드: {', '.join(fields)}" if fields else None))
        elif kind == "missing":
            problem = Problem(document.where(full[:-1]), f"the required field '{path[-1]}' is missing",
                              ko=f"필수 필드 '{path[-1]}'이(가) 없습니다")
        elif kind in ("literal_error", "enum"):
            expected = detail.get("ctx", {}).get("expected", "")
            got = detail.get("input")
            choices = [w.strip(" '") for w in expected.replace(" or ", ",").split(",")]
            hint: str | None
            hint_ko: str | None
            if str(got) in choices:  # the value is right but of another type: schema_version: "1"
                hint, hint_ko = f"write {str(got)} without quotes", f"따옴표 없이 {str(got)}(으)로 쓰세요"
            else:
                hint, hint_ko = did_you_mean(str(got), choices), did_you_mean(str(got), choices, "ko")
            problem = Problem(document.where(full), f"{name}: expected {expected}; got {got!r}", hint,
                              ko=f"{name}: {expected.replace(' or ', ' 또는 ')} 중 하나여야 합니다. 입력값: {got!r}",
                              hint_ko=hint_ko)
        else:
            message, hint, hint_ko = message_en(detail, name)
            problem = Problem(document.where(full), message, hint, ko=message_ko(detail, name), hint_ko=hint_ko)
        problems.setdefault((full, kind), problem)
    # Union members can each complain about one value; one message per place is enough. A value
    # with problems inside it (a mapping without its required field) was meant as the member that
    # has fields: another member's "expected text" there says nothing the user meant.
    inside = {full[:i] for full, kind in problems for i in range(len(full))}
    seen: set[Path] = set()
    result = []
    for (full, kind), problem in sorted(problems.items(), key=lambda kv: (kv[1].location, str(kv[0][0]))):
        if kind.endswith("_type") and full in inside:
            continue
        if full not in seen:
            seen.add(full)
            result.append(problem)
    return result


def _data_path(data: Any, loc: tuple[Any, ...], keep_last: bool) -> Path:
    """The path in the data that an error's ``loc`` names, without pydantic's union-member tags."""
    path: list[str | int] = []
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
            path.append(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
            path.append(part)
        elif last and keep_last:
            path.append(part)
    return tuple(path)


def _fields_at(model: type[BaseModel], path: Path) -> list[str]:
    """The field names of the model found at ``path`` (for 'did you mean')."""
    from pydantic import BaseModel

    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        current = _model_in(current.model_fields[part].annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


__all__ = ["validated", "validation_problems"]
