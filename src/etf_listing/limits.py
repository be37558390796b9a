"""How large an input may be, and why: the bounds that keep a hostile or broken file from
exhausting the machine that checks it.

The hook runs on files from anyone who opens a pull request, and the library runs inside other
tools, so every input is bounded before it can cost much. The limits on files, YAML documents and
CSV tables live with their readers (``loading.files.MAX_FILE_BYTES``, ``loading.yaml_source.MAX_NODES``
...); the limits here are shared by several readers. ``docs/robustness.md`` lists them all.
"""

from __future__ import annotations

from decimal import Decimal

# Digits a number may have before and after its decimal point. Exact arithmetic runs with 120
# digits (``vocabulary.numbers.EXACT``), so the product of any two figures stays exact; and no
# figure in a listing check comes near 10^30 (the largest amount of KRW allowed is 10^18).
MAX_NUMBER_DIGITS = 30


def number_problem(number: Decimal) -> tuple[str, str] | None:
    """Why ``number`` is out of range, in English and Korean; None when it is within it."""
    if not number.is_finite():
        return "is not a finite number", "유한한 수가 아닙니다"
    if number and number.adjusted() >= MAX_NUMBER_DIGITS:
        return (f"is too large: at most {MAX_NUMBER_DIGITS} digits before the decimal point",
                f"너무 큽니다: 소수점 앞은 {MAX_NUMBER_DIGITS}자리까지입니다")
    if not number:
        return None
    _, digits, exponent = number.as_tuple()
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    if int(exponent) + trailing_zeros < -MAX_NUMBER_DIGITS:  # 0.300...0 is 0.3, whatever its zeros
        return (f"has too many decimal places: at most {MAX_NUMBER_DIGITS}",
                f"소수점 아래 자릿수가 너무 많습니다: {MAX_NUMBER_DIGITS}자리까지입니다")
    return None
