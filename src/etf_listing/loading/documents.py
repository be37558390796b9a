"""The shape of product and index files, as pydantic models.

These models validate what a user wrote and are the source of the editor schemas. They are not
what the rules see: the loader turns them into the plain values of ``etf_listing.model``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..money import parse_krw

Money = Annotated[Decimal, BeforeValidator(parse_krw)]
Ratio = Annotated[Decimal, Field(ge=0, le=1)]

# A path relative to the file, or the data written inline.
Reference = Union[str, list[dict[str, Any]]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ParticipantDocument(_Strict):
    name: str = Field(min_length=1)
    authorized_participant: bool = False
    lp_contract: bool = False


class IndexDocument(_Strict):
    kind: Literal["etf-index"]
    schema_version: Literal[1]
    name: str = Field(min_length=1)
    description: str | None = None
    provider: str | None = None
    asset_class: Literal["equity", "ktb", "bond", "commodity", "currency", "mixed"]
    weighting: Literal["market_cap", "free_float_market_cap", "capped_market_cap", "equal", "price"]
    constituents: Reference
    market_data: Reference | None = None
    sectoral: bool = False


class UnderlyingDocument(_Strict):
    index: Union[str, dict[str, Any]]
    license_signed: bool | None = None


class ProductDocument(_Strict):
    kind: Literal["etf-product"]
    schema_version: Literal[1]
    name: str = Field(min_length=1)
    description: str | None = None
    issuer: str | None = None
    as_of: dt.date | None = None
    fund_form: Literal["trust", "company"] | None = None
    principal_krw: Money | None = None
    units: Annotated[int, Field(ge=0)] | None = None
    management: Literal["passive", "active"] | None = None
    leverage: Decimal | None = None
    creation: Literal["in_kind", "cash"] | None = None
    cash_creation_reason: str | None = None
    underlying: UnderlyingDocument
    participants: list[ParticipantDocument] | None = None
    pdf: Reference | None = None
    linked_assets_ratio: Ratio | None = None
    holdings: Reference | None = None


class WaiverDocument(_Strict):
    rule: str = Field(min_length=1)
    items: list[Union[str, int]] | None = None
    products: list[str] | None = None
    reason: str = Field(min_length=1)
    approved_by: str = Field(min_length=1)
    expires: dt.date


class WaiverFileDocument(_Strict):
    kind: Literal["etf-waivers"]
    schema_version: Literal[1]
    waivers: list[WaiverDocument]
