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


# The same messages in English, each with a hint of what to write: pydantic's own text says what
# is wrong in its terms ("Input should be a valid integer"), not what the file should hold.
_EN_BY_TYPE: dict[str, tuple[str, str, str]] = {  # type -> (message, hint, Korean hint)
    "int_parsing": ("expected a whole number", "write 200000 or 200,000", "200000 또는 200,000처럼 쓰세요"),
    "int_type": ("expected a whole number", "write 200000 or 200,000", "200000 또는 200,000처럼 쓰세요"),
    "int_from_float": ("expected a whole number, without decimals", "write 200000 or 200,000",
                       "200000 또는 200,000처럼 쓰세요"),
    "bool_parsing": ("expected true or false", "write true or false", "true 또는 false로 쓰세요"),
    "bool_type": ("expected true or false", "write true or false", "true 또는 false로 쓰세요"),
    "string_type": ("expected text", "write the text, quoted if it looks like a number: '005930'",
                    "텍스트로 쓰세요. 숫자처럼 보이면 따옴표로 감싸세요: '005930'"),
    "string_too_short": ("is empty", "write a value, or leave the field out", "값을 쓰거나 필드를 빼세요"),
    "date_parsing": ("expected a date", "write 2024-10-31, 2024/10/31 or 20241031",
                     "2024-10-31, 2024/10/31 또는 20241031 형식으로 쓰세요"),
    "date_type": ("expected a date", "write 2024-10-31, 2024/10/31 or 20241031",
                  "2024-10-31, 2024/10/31 또는 20241031 형식으로 쓰세요"),
    "date_from_datetime_parsing": ("expected a date that exists", "write 2024-10-31, 2024/10/31 or 20241031",
                                   "2024-10-31, 2024/10/31 또는 20241031 형식으로 쓰세요"),
    "date_from_datetime_inexact": ("expected a date without a time of day", "write 2024-10-31",
                                   "2024-10-31 형식으로 쓰세요"),
    "decimal_parsing": ("expected a number", "write 1.5, 2 or 1,000", "1.5, 2, 1,000처럼 쓰세요"),
    "decimal_type": ("expected a number", "write 1.5, 2 or 1,000", "1.5, 2, 1,000처럼 쓰세요"),
    "float_parsing": ("expected a number", "write 1.5, 2 or 1,000", "1.5, 2, 1,000처럼 쓰세요"),
    "float_type": ("expected a number", "write 1.5, 2 or 1,000", "1.5, 2, 1,000처럼 쓰세요"),
    "finite_number": ("expected a finite number", "write an ordinary number such as 1.5", "1.5 같은 보통의 숫자로 쓰세요"),
    "decimal_max_digits": ("has more digits than any real figure", "check for a typo", "오타가 없는지 확인하세요"),
    "decimal_max_places": ("has more decimal places than any real figure", "check for a typo", "오타가 없는지 확인하세요"),
    "list_type": ("expected a list", "write one item a line, each starting with '- '", "항목마다 한 줄에 '- '로 시작해 쓰세요"),
    "dict_type": ("expected a mapping of fields", "write 'field: value' lines, indented under this one",
                  "이 줄 아래에 들여 써서 '필드: 값' 줄로 쓰세요"),
    "model_type": ("expected a mapping of fields", "write 'field: value' lines, indented under this one",
                   "이 줄 아래에 들여 써서 '필드: 값' 줄로 쓰세요"),
    "model_attributes_type": ("expected a mapping of fields", "write 'field: value' lines, indented under this one",
                              "이 줄 아래에 들여 써서 '필드: 값' 줄로 쓰세요"),
}
_EN_BOUNDS = {"greater_than_equal": ("ge", "at least"), "greater_than": ("gt", "more than"),
              "less_than_equal": ("le", "at most"), "less_than": ("lt", "less than")}
GENERAL_HINT = "see 'Input files' in the README, or the file's schema (etf-check schema)"
GENERAL_HINT_KO = "README의 'Input files' 또는 파일의 스키마(etf-check schema)를 참고하세요"


def message_en(detail: Mapping[str, Any], name: str) -> tuple[str, str | None, str | None]:
    """The English message for one pydantic error ``detail`` about the field ``name``, with a hint
    in English and in Korean (None where the message is one of this project's and says it all)."""
    kind = detail["type"]
    context = detail.get("ctx") or {}
    got = detail.get("input")
    shown = (f", got {got!r}" if isinstance(got, (str, int, float)) and not isinstance(got, bool)
             and kind != "string_too_short" else "")
    if kind in _EN_BY_TYPE:
        message, hint, hint_ko = _EN_BY_TYPE[kind]
        if name.endswith("ratio") and kind.startswith(("decimal", "float", "finite")):
            hint, hint_ko = "write a share: 0.95 or 95%", "비율로 쓰세요: 0.95 또는 95%"
        return f"{name}: {message}{shown}", hint, hint_ko
    if kind in _EN_BOUNDS:
        key, word = _EN_BOUNDS[kind]
        bound = context.get(key)
        if name.endswith("ratio"):
            hint, hint_ko = "write a share from 0 to 1: 0.95 or 95%", "0에서 1 사이의 비율로 쓰세요: 0.95 또는 95%"
        elif kind.startswith("greater") and bound == 0:
            hint, hint_ko = "a count or an amount is never negative: check the sign", "개수나 금액은 음수가 아닙니다: 부호를 확인하세요"
        else:
            hint, hint_ko = f"write a value {word} {bound}", f"{bound} {_BOUNDS[kind][1]}인 값을 쓰세요"
        return f"{name}: must be {word} {bound}{shown}", hint, hint_ko
    english = str(detail.get("msg", "")).removeprefix("Value error, ")
    if kind == "value_error":
        error = context.get("error")  # our validators raise errors that carry their hint apart
        said, own_hint = getattr(error, "message", None), getattr(error, "hint", None)
        if said and own_hint:
            return f"{name}: {said}", str(own_hint), getattr(error, "hint_ko", None)
        return f"{name}: {english}", None, None
    return f"{name}: {english}", GENERAL_HINT, GENERAL_HINT_KO
