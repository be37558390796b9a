"""The shape of product and index files, as pydantic models.

These models validate what a user wrote and are the source of the editor schemas
(``etf_listing.loading.json_schema``): the descriptions here are what an editor shows on hover.
They are not what the rules see: the loader turns them into the plain values of ``etf_listing.model``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, WithJsonSchema

from ..money import parse_krw
from ..spellings import calendar_date, share, whole_count

# What a JSON Schema can say of the spellings that ``parse_krw`` reads (70억원, KRW 7bn, 7e9 ...):
# a number, or text that starts with a digit (after KRW or ₩) and uses only money's characters.
MONEY_PATTERN = r"^\s*(?:KRW|krw|₩)?\s*[0-9][0-9,.\s십백천만억조eE+kKmMbBnNtT]*(?:원|KRW|krw)?\s*$"
NUMBER_PATTERN = r"^\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$"
MONEY_SCHEMA = {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "pattern": MONEY_PATTERN}],
                "description": "KRW: 7000000000, 7,000,000,000, 70억원, 1.5조원, 7bn or KRW 7bn"}
NUMBER_SCHEMA = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": NUMBER_PATTERN}]}
RATIO_SCHEMA = {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1},
                          {"type": "string", "pattern": NUMBER_PATTERN},
                          {"type": "string", "pattern": r"^\s*[0-9]+(?:\.[0-9]+)?\s*%\s*$"}],
                "description": "A share: 0.995, or 99.5%."}

Money = Annotated[Decimal, BeforeValidator(parse_krw), WithJsonSchema(MONEY_SCHEMA)]
Number = Annotated[Decimal, WithJsonSchema(NUMBER_SCHEMA)]
Ratio = Annotated[Decimal, BeforeValidator(share), Field(ge=0, le=1), WithJsonSchema(RATIO_SCHEMA)]
# Dates as people and KRX's downloads write them; a YAML integer 20241031 is that date, never a
# count of seconds since 1970 (which pydantic would make of it).
DATE_SCHEMA = {"anyOf": [{"type": "string", "format": "date"},
                         {"type": "string", "pattern": r"^\s*[0-9]{4}([/.])[0-9]{1,2}\1[0-9]{1,2}\s*$"},
                         {"type": ["string", "integer"], "pattern": r"^[0-9]{8}$", "minimum": 10000101, "maximum": 99991231}],
               "description": "A date: 2024-10-31, 2024/10/31 or 20241031."}
Date = Annotated[dt.date, BeforeValidator(calendar_date), WithJsonSchema(DATE_SCHEMA)]
COUNT_SCHEMA = {"anyOf": [{"type": "integer", "minimum": 0},
                          {"type": "string", "pattern": r"^\s*[0-9]{1,3}(,[0-9]{3})*\s*$"}]}
Count = Annotated[int, BeforeValidator(whole_count), Field(ge=0, le=10**15), WithJsonSchema(COUNT_SCHEMA)]

# A path relative to the file, or the data written inline.
Reference = Union[str, list[dict[str, Any]]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ParticipantDocument(_Strict):
    name: str = Field(min_length=1, description="The securities firm.")
    authorized_participant: bool = Field(False, description="An authorized participant (AP, 지정참가회사).")
    lp_contract: bool = Field(False, description="Holds a liquidity-provider (LP) contract for the ETF.")
    lp_from: dt.date | None = Field(None, description="First day the LP contract is in force (YYYY-MM-DD).")
    lp_to: dt.date | None = Field(None, description="Last day the LP contract is in force; omit while it runs.")


class KrxDailyFiles(_Strict):
    """Market data as the KRX portal's all-issue daily downloads (screen 12001), one file a day."""

    format: Literal["krx-daily"] = Field(description="krx-daily: the KRX portal's all-issue daily prices (screen 12001).")
    files: str = Field(min_length=1, description="The downloads, a glob relative to this file (krx/*.csv); "
                                                 "each file's name gives its trading day (20241031.csv).")


class KrxPdfFile(_Strict):
    """A PDF as the KRX portal publishes it (screen 13108)."""

    format: Literal["krx-pdf"] = Field(description="krx-pdf: an ETF's PDF download from the KRX portal (screen 13108).")
    file: str = Field(min_length=1, description="The download, relative to this file.")
    linked: list[str] | None = Field(None, description="Codes of rows linked to the index besides its issues "
                                                       "(futures on the index, for example).")


class IndexDocument(_Strict):
    kind: Literal["etf-index"]
    schema_version: Literal[1]
    name: str = Field(min_length=1, description="The index's name.")
    description: str | None = None
    provider: str | None = Field(None, description="Who calculates the index.")
    asset_class: Literal["equity", "ktb", "bond", "commodity", "currency", "mixed"] = Field(
        description="Decides which index rules apply (ktb: a Korea Treasury Bond index).")
    weighting: Literal["market_cap", "free_float_market_cap", "capped_market_cap", "equal", "price"] = Field(
        description="The index's own weighting; the 30% test uses market caps whatever it is.")
    constituents: Reference = Field(description="The constituents: a CSV file relative to this file, or a list of rows.")
    market_data: Union[Reference, KrxDailyFiles] | None = Field(
        None, description="Optional daily series (date, code, market_cap_krw, trading_value_krw): a CSV file or a list of "
                          "rows; or KRX portal downloads: {format: krx-daily, files: 'krx/*.csv'}.")
    sectoral: bool = Field(False, description="A sectoral or thematic index (SEBI allows one stock up to 35%).")
    calendar: Reference | None = Field(
        None, description="Optional trading calendar (column date, one trading day a row): a CSV file or a list of rows. "
                          "Without it, the index's trading days are the dates its market data has for any constituent.")
    levels: Reference | None = Field(
        None, description="Optional daily closing levels (date, level): a CSV file or a list of rows.")


class UnderlyingDocument(_Strict):
    index: Union[str, dict[str, Any]] = Field(description="The index file, relative to this file, or the index written inline.")
    license_signed: bool | None = Field(None, description="An index use (licence) contract is signed.")


class ProductDocument(_Strict):
    kind: Literal["etf-product"]
    schema_version: Literal[1]
    name: str = Field(min_length=1, description="The ETF's name.")
    description: str | None = None
    issuer: str | None = Field(None, description="The asset manager.")
    as_of: Date | None = Field(None, description="Evaluation date (2024-10-31): the end of the 3-month data window.")
    fund_form: Literal["trust", "company"] | None = Field(
        None, description="trust: principal_krw is the principal; company: it is the capital.")
    principal_krw: Money | None = Field(None, description="Trust principal, or company capital, in KRW.")
    # Bounds far beyond any real product: they turn a typo such as 1e5000 into an input error.
    units: Count | None = Field(None, description="Units (shares) to be issued: 200000 or 200,000.")
    management: Literal["passive", "active"] | None = None
    leverage: Annotated[Number, Field(ge=-1000, le=1000)] | None = Field(
        None, description="Daily multiple of the index: 1; -1 inverse; 2 leveraged.")
    creation: Literal["in_kind", "cash"] | None = Field(None, description="How units are created.")
    cash_creation_reason: str | None = Field(
        None, description="With creation: cash, why: not_exchange_traded, derivatives or exchange_designated.")
    underlying: UnderlyingDocument
    participants: list[ParticipantDocument] | None = Field(None, description="Securities firms: APs and LPs.")
    pdf: Union[Reference, KrxPdfFile] | None = Field(
        None, description="Portfolio deposit file (code, name, quantity; optional value_krw, linked): a CSV file relative "
                          "to this file, or a list of rows; or a KRX portal download: {format: krx-pdf, file: pdf.csv}.")
    linked_assets_ratio: Ratio | None = Field(
        None, description="Share of the portfolio linked to the index or price (0.995 = 99.5%).")
    holdings: Reference | None = Field(
        None, description="The fund's holdings (code, name, issuer, issuer_type, weight, group): a CSV file or a list of rows.")
    # After listing: what the continued-listing watch reads.
    rulebook: str | None = Field(
        None, min_length=1, description="The rulebook this file is for (e.g. krx-etf-continued-listing); --rules overrides it.")
    listed_on: dt.date | None = Field(None, description="The day the ETF was listed (YYYY-MM-DD).")
    underlying_market: Literal["domestic", "overseas"] | None = Field(
        None, description="Where the underlying assets trade: picks the disparity disclosure line.")
    history: Reference | None = Field(
        None, description="Daily history (date, nav_per_unit, net_assets_krw, principal_krw, close_price; "
                          "principal and close optional per row): a CSV file or a list of rows.")


# Text a waiver is read by: blank text would waive, or explain, nothing a reader could see.
Written = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class WaiverDocument(_Strict):
    rule: Written = Field(description="The id of the rule waived.")
    items: list[Union[Written, int]] | None = Field(None, description="The offenders it covers (codes or participant names).")
    products: list[Written] | None = Field(None, min_length=1, description="The products it is for, by name or by "
                                           "file relative to the waiver file (default: all).")
    reason: Written
    approved_by: Written
    expires: Date = Field(description="The last day the waiver is in force.")


class WaiverFileDocument(_Strict):
    kind: Literal["etf-waivers"]
    schema_version: Literal[1]
    waivers: list[WaiverDocument]
