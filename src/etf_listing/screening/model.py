"""The data a screen sees: a universe of listed companies on a review date.

Plain, immutable values built by ``etf_listing.loading.universe``. Every field a methodology may
name (``company.market_cap_krw``) is a field of ``Company``; the methodology compiler reads the
fields and their types (amounts in KRW, ratios, multiples) from here, so a misspelt name or a
figure of the wrong kind fails when the methodology is loaded. A figure the file does not give is
``None``, and a stage that needs it reports ``error`` for that company.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

from ..errors import Location
from ..model import KRW, Market, Multiple, Proportion


@dataclass(frozen=True, slots=True)
class Company:
    """One listed issue of the universe (a row of the company table)."""

    code: str
    name: str
    market: Market
    share_class: str | None
    industry_group: str | None
    listed_on: dt.date | None
    free_float_ratio: Proportion | None
    market_cap_krw: KRW | None
    trading_value_krw: KRW | None
    net_income_krw_y1: KRW | None  # the latest fiscal year; negative for a loss
    net_income_krw_y2: KRW | None
    dividend_krw_y1: KRW | None
    dividend_krw_y2: KRW | None
    treasury_cancelled_krw_y1: KRW | None
    treasury_cancelled_krw_y2: KRW | None
    pbr_y1: Multiple | None
    pbr_y2: Multiple | None
    roe_y1: Proportion | None
    roe_y2: Proportion | None
    administrative_issue: bool | None
    investment_caution: bool | None
    under_review: bool | None
    capital_impaired: bool | None
    unsuitable_reason: str | None
    value_up_disclosed_on: dt.date | None
    # From previous_constituents: the last day a special inclusion keeps the company in.
    special_until: dt.date | None
    location: Location

    def identity(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name}


@dataclass(frozen=True, slots=True)
class PreviousConstituent:
    code: str
    name: str | None
    special_until: dt.date | None
    location: Location


@dataclass(frozen=True)
class Universe:
    file: str
    name: str
    as_of: dt.date | None
    companies: tuple[Company, ...]  # sorted by code: the file's row order never matters
    previous_constituents: tuple[PreviousConstituent, ...] | None
    locations: Mapping[str, Location] = field(default_factory=dict)
    description: str | None = None

    def company(self, code: str) -> Company | None:
        for company in self.companies:
            if company.code == code:
                return company
        return None
