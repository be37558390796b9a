"""pydantic's validation messages in Korean, by error type.

pydantic writes its messages in English only. The loader keeps that English text and asks here for
the Korean one; an error type without a translation still names the field, and quotes pydantic's
English in parentheses rather than dropping the reason.
"""

from __future__ import annotations

from typing import Any, Mapping

_BY_TYPE = {
    "int_parsing": "정수여야 합니다",
    "int_type": "정수여야 합니다",
    "int_from_float": "소수점 없는 정수여야 합니다",
    "bool_parsing": "true 또는 false여야 합니다",
    "bool_type": "true 또는 false여야 합니다",
    "string_type": "텍스트여야 합니다",
    "string_too_short": "비어 있을 수 없습니다",
    "date_parsing": "YYYY-MM-DD 형식의 날짜여야 합니다",
    "date_type": "YYYY-MM-DD 형식의 날짜여야 합니다",
    "date_from_datetime_parsing": "YYYY-MM-DD 형식의 존재하는 날짜여야 합니다",
    "date_from_datetime_inexact": "YYYY-MM-DD 형식의 날짜여야 합니다",
    "decimal_parsing": "숫자여야 합니다",
    "decimal_type": "숫자여야 합니다",
    "float_parsing": "숫자여야 합니다",
    "float_type": "숫자여야 합니다",
    "finite_number": "유한한 숫자여야 합니다",
    "list_type": "목록이어야 합니다",
    "dict_type": "매핑이어야 합니다",
    "model_type": "매핑이어야 합니다",
    "model_attributes_type": "매핑이어야 합니다",
}
_BOUNDS = {"greater_than_equal": ("ge", "이상"), "greater_than": ("gt", "초과"),
           "less_than_equal": ("le", "이하"), "less_than": ("lt", "미만")}


def message_ko(detail: Mapping[str, Any], name: str) -> str:
    """The Korean message for one pydantic error ``detail`` about the field ``name``."""
    kind = detail["type"]
    context = detail.get("ctx") or {}
    if kind in _BY_TYPE:
        return f"{name}: {_BY_TYPE[kind]}"
    if kind in _BOUNDS:
        key, word = _BOUNDS[kind]
        return f"{name}: {context.get(key)} {word}여야 합니다"
    if kind == "value_error":
        korean = getattr(context.get("error"), "ko", None)  # our validators raise errors that carry Korean
        if korean:
            return f"{name}: {korean}"
    english = str(detail.get("msg", "")).removeprefix("Value error, ")
    return f"{name}: 값이 올바르지 않습니다 ({english})"
