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


def spreadsheet_exponent(text: str) -> tuple[str, str, str, str] | None:
    """Why ``text`` is refused where it is a figure in a spreadsheet's scientific notation
    (``1.50E+10``: an upper-case E, as spreadsheets show a figure too wide for its column, rounded
    to the digits shown; read as exact, it would be a figure nobody gave), in English, its hint, in
    Korean and its hint; None for any other text. A program's lower-case ``5e-05`` (pandas writing
    a float) is the number it spells, and is read."""
    if "E" not in text or not any(c.isdigit() for c in text):
        return None
    shown = text.strip()
    return (f"'{shown}' is written in a spreadsheet's scientific notation, rounded to the digits shown",
            "write the figure in full, as its source gives it: 15000000000, not 1.50E+10",
            f"'{shown}'은(는) 스프레드시트의 지수 표기로, 보이는 자릿수로 반올림되어 있습니다",
            "값을 원자료대로 모두 쓰세요(1.50E+10이 아니라 15000000000)")
