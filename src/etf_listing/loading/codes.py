"""Issue codes written another way, read as the code the index uses.

KRX knows a listed share by a six-character short code (``005930``; since 2024 letters may appear,
``0015G0``). Portfolio deposit files and other downloads also write it as an ISIN (``KR7005930003``:
``KR7``, the issuer's five characters, three for the kind of share and its issue, and a check
digit), or with the ``A`` prefix of trading systems (``A005930``); a spreadsheet that took the code
for a number drops its leading zeros (``5930``). A PDF written any of those ways must still match an
index written in short codes.

A common share's ISIN (kind ``000``) spells its short code: the issuer and ``0``. Any other share's
does not: 삼성전자우 is ``KR7005931001`` and ``005935``, and the short code's last character is
assigned by issue (``5``, ``7``, ``9``, a letter), not derived. Such an ISIN matches the index's issue
of the same issuer and the same name, where there is exactly one; otherwise it is a code of its own.
"""

from __future__ import annotations

import re
from typing import Mapping

from ..errors import Location, Problem

# A KRX short code: six characters, digits and capital letters, starting with a digit.
SHORT_CODE = re.compile(r"[0-9][0-9A-Z]{5}")
_KOREAN_SHARE_ISIN = re.compile(r"KR7(([0-9][0-9A-Z]{4})[0-9A-Z])([0-9A-Z]{2})[0-9]")
_PREFIXED = re.compile(r"A([0-9][0-9A-Z]{5})")


def isin_check_digit(body: str) -> int:
    """The check digit of an ISIN's first eleven characters (ISO 6166: letters as 10 to 35, then
    the Luhn sum, doubling every second digit from the right)."""
    digits = "".join(str(int(character, 36)) for character in body)
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def short_code(code: str) -> str | None:
    """The KRX short code that ``code`` spells another way, or None: a Korean common share's ISIN
    with a valid check digit (``KR7005930003`` -> ``005930``), or ``A`` and a short code
    (``A005930``). Other ISINs (``KRD010010001``, KRW cash; ``KR4...`` derivatives; a preferred or
    new share's, ``KR7005931001``, which spells no short code) are codes of their own."""
    isin = _korean_share(code)
    if isin is not None:
        return isin.group(1) if isin.group(1)[-1] == "0" and isin.group(3) == "00" else None
    prefixed = _PREFIXED.fullmatch(code)
    if prefixed:
        return prefixed.group(1)
    return None


def _korean_share(code: str) -> re.Match[str] | None:
    isin = _KOREAN_SHARE_ISIN.fullmatch(code)
    return isin if isin and isin_check_digit(code[:11]) == int(code[11]) else None


def share_issuer(code: str) -> str | None:
    """The issuer's five characters of a Korean share ISIN that is not a common share's (a
    preferred or a new share: its short code cannot be derived), or None."""
    isin = _korean_share(code)
    if isin is None or short_code(code) is not None:
        return None
    return isin.group(2)


def zeros_dropped(code: str, known: Mapping[str, object]) -> str | None:
    """The code of ``known`` that ``code`` is with its leading zeros dropped (``5930`` for
    ``005930``), or None. Only a code of the index is recognised: a short number may be a code of
    another market (``7203`` in Tokyo)."""
    if code.isascii() and code.isdigit() and len(code) < 6:
        padded = code.zfill(6)
        if padded in known:
            return padded
    return None


def zeros_kept(code: str, known: Mapping[str, object]) -> str | None:
    """The code of ``known`` that is ``code`` with its leading zeros dropped (the index writes
    ``5930`` where this file writes ``005930``), or None: the other way round from ``zeros_dropped``."""
    if code[:1] == "0" and code.isascii() and code.isdigit():
        for start in range(1, len(code) - len(code.lstrip("0")) + 1):
            if code[start:] in known:
                return code[start:]
    return None


def index_zeros_dropped_problem(where: Location, written: str, kept: str, elsewhere: Location, name: str) -> Problem:
    """The problem of an index code ``written`` that another file writes with its leading zeros,
    ``kept`` (``zeros_kept``), at ``elsewhere``: the index's own code lost them, so that file's rows
    would be read as another issue's. Pointed at the index's row, where the code is to be mended."""
    return Problem(where, f"code: {name} is written '{written}' here and {kept} in {elsewhere}; a KRX code keeps its "
                          f"leading zeros", f"write the code as {kept}: a spreadsheet drops the leading zeros of a "
                          "code it takes for a number, so keep the column as text",
                   ko=f"code: {name}이(가) 여기에는 '{written}', {elsewhere}에는 {kept}(으)로 적혀 있습니다. 한국거래소 "
                      f"종목코드는 앞자리 0을 유지합니다",
                   hint_ko=f"코드를 {kept}(으)로 쓰십시오. 스프레드시트는 숫자로 여긴 코드의 앞자리 0을 지우므로 열을 "
                           "텍스트 형식으로 두십시오")


# What a code that lost its zeros is not, in English and Korean: a code of the index, or of any KRX
# download (every code there is a short code).
OF_THE_INDEX = ("a code of the index", "지수의 종목코드")
A_SHORT_CODE = ("a KRX short code", "KRX 단축코드")
OF_THE_UNIVERSE = ("a code of the universe", "유니버스의 종목코드")  # a screen's companies


def zeros_dropped_problem(where: Location, column: str, written: str, meant: str, name: str | None = None, *,
                          of: tuple[str, str] = OF_THE_INDEX) -> Problem:
    """The problem of a code ``written`` that is the index's ``meant`` with its leading zeros
    dropped (``zeros_dropped``), in the column the file names ``column``: never left out in silence.
    ``of``: what the code is not (``OF_THE_INDEX``, ``A_SHORT_CODE``, ``OF_THE_UNIVERSE``)."""
    shown, shown_ko = (f"{meant} ({name})", f"{meant}({name})") if name is not None else (meant, meant)
    return Problem(where, f"{column}: '{written}' is not {of[0]}; did you mean {shown}?",
                   "a spreadsheet drops the leading zeros of a code it takes for a number: keep the column as text",
                   ko=f"{column}: '{written}'은(는) {of[1]}가 아닙니다. {shown_ko}을(를) 의도하셨나요?",
                   hint_ko="스프레드시트는 숫자로 여긴 코드의 앞자리 0을 지웁니다. 열을 텍스트 형식으로 두십시오")


class IndexCodes:
    """The codes of an index, and the short codes they spell (an index may itself be written in
    ISINs), to read another file's codes as the index writes them."""

    def __init__(self, codes: Mapping[str, object]):
        """``codes``: the index's codes, each with its issue's name."""
        self.codes = codes
        self._by_short: dict[str, str] = {}
        self._by_issuer_and_name: dict[tuple[str, str], str | None] = {}  # None: two issues alike
        for code in codes:
            short = short_code(code)
            if short is not None:
                self._by_short.setdefault(short, code)
            short = short or code
            # a preferred or new share: by its short code, or by its ISIN when the index writes one
            issuer = short[:5] if SHORT_CODE.fullmatch(short) and short[-1] != "0" else share_issuer(code)
            if issuer is not None:
                key = (issuer, str(codes[code]).strip())
                self._by_issuer_and_name[key] = None if key in self._by_issuer_and_name else code

    def read(self, code: str, name: str | None = None) -> str:
        """``code`` as the index writes it: unchanged when the index has it as written, else the
        index's code for the same share, else its short code where it spells one. A preferred or
        new share, with its ``name``, is the index's one issue of that issuer and name other than
        its common share, whichever of an ISIN and a short code each writes."""
        if code in self.codes:
            return code
        if name is not None:  # a preferred or new share, in an ISIN or in a short code
            in_isin = share_issuer(code)
            issuer = in_isin or (code[:5] if SHORT_CODE.fullmatch(code) and code[-1] != "0" else None)
            found = self._by_issuer_and_name.get((issuer, name.strip())) if issuer is not None else None
            if found is not None:
                return found
            if in_isin is not None:
                return code  # an ISIN that spells no short code: a code of its own
        short = short_code(code) or code
        if short in self.codes:
            return short
        return self._by_short.get(short, short)
