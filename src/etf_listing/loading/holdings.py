"""PDF rows read against the index they are meant to replicate.

Two things about a PDF row can only be decided once the index is known:

- its code may spell an index code another way (an ISIN, the ``A`` prefix, zeros a spreadsheet
  dropped): it is read as the index's code, or refused with the code it was probably meant to be;
- its quantity may be negative only when it is not an index issue. A short futures position
  (``-14`` contracts) or a payable in cash is a real row of a PDF; an index issue held short is not
  how a fund replicates its index, so it is an input error at the quantity's cell.
"""

from __future__ import annotations

import dataclasses
import weakref
from typing import Sequence

from ..errors import InputError, Problem
from ..model import Index
from .codes import IndexCodes, zeros_dropped
from .tables import Row


# id(index) -> (the index's codes and names, their reader), for as long as the index lives: the
# products on one index read their PDFs against it without building these again.
_CODES: dict[int, tuple[dict[str, str], IndexCodes]] = {}


def _codes_of(index: Index) -> tuple[dict[str, str], IndexCodes]:
    found = _CODES.get(id(index))
    if found is None:
        names = {c.code: c.name for c in index.constituents}
        found = _CODES[id(index)] = (names, IndexCodes(names))
        weakref.finalize(index, _CODES.pop, id(index), None)
    return found


def pdf_rows(rows: Sequence[Row], index: Index | None) -> list[Row]:
    """``rows`` with their codes read as ``index`` writes them; ``InputError`` for a code that lost
    its leading zeros, a negative quantity of an index issue, or two rows that are one issue."""
    if index is None:  # the index could not be read: its own problems are reported
        return list(rows)
    names, codes = _codes_of(index)
    problems: list[Problem] = []
    result: list[Row] = []
    first: dict[str, tuple[Row, str]] = {}  # the first row of each code, and how it was written
    for row in rows:
        written = row.values["code"]
        if len(written) >= 6 and written in names:  # an index code as the index writes it: the common case
            quantity = row.values["quantity"]
            if quantity >= 0 and written not in first:
                first[written] = (row, written)
                result.append(row)
                continue
        padded = zeros_dropped(written, names)
        if padded is not None:
            problems.append(Problem(
                row.where("code"), f"code: '{written}' is not a code of the index; did you mean {padded} ({names[padded]})?",
                "a spreadsheet drops the leading zeros of a code it takes for a number: keep the column as text",
                ko=f"code: '{written}'은(는) 지수의 종목코드가 아닙니다. {padded}({names[padded]})을(를) 의도하셨나요?",
                hint_ko="스프레드시트는 숫자로 여긴 코드의 앞자리 0을 지웁니다. 열을 텍스트 형식으로 두십시오"))
            continue
        code = codes.read(written)
        if code != written:
            row = dataclasses.replace(row, values={**row.values, "code": code})
        quantity = row.values["quantity"]
        if code in names and quantity < 0:
            problems.append(Problem(
                row.where("quantity"),
                f"quantity: {names[code]} ({code}) is an index issue; its quantity {quantity} cannot be negative",
                "an index issue is held (above 0) or not (0); only other rows (futures, cash, payables) may be negative",
                ko=f"quantity: {names[code]}({code})은(는) 지수 구성종목이므로 수량 {quantity}이(가) 음수일 수 없습니다",
                hint_ko="지수 구성종목은 보유(0 초과)하거나 보유하지 않습니다(0). 음수는 선물·현금·미지급금 등 그 밖의 행만 가능합니다"))
        seen, seen_written = first.setdefault(code, (row, written))
        if seen is not row and (seen_written != code or written != code):
            # Two spellings of one issue (005930 and KR7005930003): which quantity is meant?
            problems.append(Problem(
                row.where("code"),
                f"code: '{written}' is {code}, already listed at line {seen.location.line}",
                "write one row per issue with its whole quantity",
                ko=f"code: '{written}'은(는) {code}이며 {seen.location.line}행에 이미 있습니다",
                hint_ko="종목마다 한 행에 전체 수량을 쓰십시오"))
        result.append(row)
    if problems:
        raise InputError(problems)
    return result

