"""Market names as users and KRX's own downloads write them, read as the market they name.

A constituent's ``market`` is what the eligible-market rule tests. KRX's data portal writes its
시장구분 as ``KOSPI``, ``KOSDAQ``, ``KOSDAQ GLOBAL`` or ``KONEX``; people write ``유가증권시장``,
``코스닥`` or ``kospi``. Each known spelling is read as the market's one name (the names the
rulebooks list); a name that is not known is an input error with a did-you-mean, never a verdict,
so that a spelling can no longer fail a compliant index. Markets known to be ineligible (K-OTC,
unlisted securities) keep a name of their own, and the rule then fails them.

Spellings are compared without regard to case, spaces, hyphens, underscores and dots.
"""

from __future__ import annotations

import re
from typing import Any

from ..model import MARKET_NAMES

# The market's name (as rulebooks list it) -> the spellings read as it, besides the name itself.
MARKETS: dict[str, tuple[str, ...]] = {
    "KOSPI": ("유가증권시장", "유가증권", "유가", "코스피", "코스피시장", "KOSPI market", "STK", "KRX KOSPI"),
    "KOSDAQ": ("코스닥", "코스닥시장", "KOSDAQ market", "KOSDAQ GLOBAL", "코스닥글로벌", "코스닥 글로벌 세그먼트",
               "KOSDAQ Global Segment", "KSQ", "KRX KOSDAQ"),
    "KONEX": ("코넥스", "코넥스시장", "KONEX market", "KNX", "KRX KONEX"),
    # KRX's bond market (government bonds listed on the exchange, its 국채전문유통시장 among them)
    "KRX_bond": ("KRX bond market", "KRX bond", "채권시장", "KRX 채권시장", "국채전문유통시장", "일반채권시장",
                 "소매채권시장", "KTS"),
    # an exchange abroad: its own name, or its ISO 10383 market identifier code
    "foreign_exchange": ("foreign exchange", "해외거래소", "해외 거래소", "overseas exchange",
                         "NYSE", "NYSE Arca", "NYSE American", "AMEX", "NASDAQ", "NASDAQ Global Select Market",
                         "NASDAQ Global Market", "NASDAQ Capital Market", "Cboe", "LSE", "London Stock Exchange",
                         "TSE", "JPX", "Tokyo Stock Exchange", "HKEX", "SEHK", "SSE", "SZSE", "Euronext", "XETRA",
                         "Deutsche Börse", "TWSE", "ASX", "TSX", "SIX", "NSE", "BSE", "SGX",
                         "XNYS", "XNAS", "XASE", "ARCX", "XLON", "XTKS", "XHKG", "XSHG", "XSHE", "XETR", "XFRA",
                         "XPAR", "XAMS", "XBRU", "XTAI", "XASX", "XTSE", "XSWX", "XNSE", "XBOM", "XSES"),
    "fsc_designated": ("FSC designated", "FSC-designated market", "금융위원회 지정 시장", "금융위원회지정시장",
                       "금융위 지정 시장"),
    # known, and not eligible: the rule fails them
    "K-OTC": ("KOTC", "K-OTC시장", "케이오티씨", "한국장외시장", "장외시장", "장외"),
    "unlisted": ("비상장", "미상장", "not listed", "OTC", "over the counter"),
}

assert tuple(MARKETS) == MARKET_NAMES, "the names a market is read as are the names the model's field takes"

_SEPARATORS = re.compile(r"[\s_\-.·]+")


def _folded(name: str) -> str:
    return _SEPARATORS.sub("", name).casefold()


_BY_SPELLING: dict[str, str] = {}
for _market, _spellings in MARKETS.items():
    for _spelling in (_market, *_spellings):
        _BY_SPELLING[_folded(_spelling)] = _market


class UnknownMarket(ValueError):
    """A market name the tool does not know, with a suggestion where one is close."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name
        import difflib  # only a mistake needs it: not imported at start-up

        close = difflib.get_close_matches(_folded(name), sorted(_BY_SPELLING), n=1, cutoff=0.6)
        known = ", ".join(MARKETS)
        if close:
            market = _BY_SPELLING[close[0]]
            self.hint = f"did you mean '{market}'? The markets known are {known}"
            self.hint_ko = f"'{market}'을(를) 의도하셨나요? 알려진 시장: {known}"
        else:
            self.hint = f"write one of {known} (or 유가증권시장, 코스닥, ... as KRX writes them)"
            self.hint_ko = f"다음 중 하나로 쓰세요: {known} (유가증권시장, 코스닥 등 한국거래소 표기도 됩니다)"


def market_named(name: str) -> str:
    """The market ``name`` names (``유가증권시장`` -> ``KOSPI``); UnknownMarket when not known."""
    market = _BY_SPELLING.get(_folded(name))
    if market is None:
        raise UnknownMarket(name)
    return market


def market(value: Any) -> str:
    """The market a table's ``market`` cell names (an index's constituent, a company of the
    screen's universe), in any spelling the tool knows; a CellError otherwise."""
    from .tables import CellError, text

    name = text(value)
    try:
        return market_named(name)
    except UnknownMarket as unknown:
        raise CellError(f"'{name}' is not a market the tool knows", unknown.hint,
                        ko=f"'{name}'은(는) 알려진 시장이 아닙니다", hint_ko=unknown.hint_ko) from None
