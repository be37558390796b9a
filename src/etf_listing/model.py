"""The data the rules see: a product, the index it tracks, and their collections.

These are plain, immutable values built by the loaders (``etf_listing.loading``). Every field a
rulebook may name (``product.principal_krw``, ``item.market``) is a field here; the rulebook
compiler reads the field names from these classes, so a misspelt name fails when the rulebook is
loaded. A value that the file does not give is ``None``, and a rule that needs it reports ``error``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Literal, Mapping, Protocol, Sequence

from .errors import Location


class Unit(str):
    """The unit of a number field (``Annotated[Decimal, Unit("krw")]``), which the rulebook compiler
    reads: a rule that compares an amount in KRW with a ratio is refused when it is loaded."""


class Choices(tuple):  # type: ignore[type-arg]
    """The names a text field takes (``Annotated[str, Choices(MARKET_NAMES)]``), which the rulebook
    compiler reads as it reads a ``Literal``: a rule that lists a name the field never takes (a
    misspelt market) is refused when it is loaded, rather than never matching."""


class PartOfWhole:
    """A ratio field that is an item's part of a whole (``Weight``): never above 1, so the rulebook
    compiler refuses a number above 1 written beside it (30 for 30%)."""


# The markets a constituent's or a company's ``market`` is read as (``loading.markets`` reads every
# spelling as one of these names, and refuses any other).
MARKET_NAMES = ("KOSPI", "KOSDAQ", "KONEX", "KRX_bond", "foreign_exchange", "fsc_designated", "K-OTC", "unlisted")
Market = Annotated[str, Choices(MARKET_NAMES)]
KRW = Annotated[Decimal, Unit("krw")]
DailyKRW = Annotated[int | Decimal, Unit("krw")]  # a whole number of won is an int (cheaper to keep and sum)
Proportion = Annotated[Decimal, Unit("ratio")]
Weight = Annotated[Decimal, Unit("ratio"), PartOfWhole()]  # an issue's part of an index or a fund
Multiple = Annotated[Decimal, Unit("multiple")]
Years = Annotated[Decimal, Unit("years")]
Quantity = Annotated[Decimal, Unit("count")]
AssetClass = Literal["equity", "ktb", "bond", "commodity", "currency", "mixed"]
Weighting = Literal["market_cap", "free_float_market_cap", "capped_market_cap", "equal", "price"]


class _Coded:
    """An item known by its code: the key that orders it, and what a report names it by."""

    __slots__ = ()
    code: str
    name: str

    @property
    def key(self) -> str:
        return self.code

    def identity(self) -> dict[str, str]:
        return {"code": self.code, "name": self.name}


@dataclass(frozen=True, slots=True)
class Constituent(_Coded):
    """An issue in an index (one row of the constituent list)."""

    code: str
    name: str
    market: Market
    sector: str | None
    ktb_futures_basket: bool | None
    tenor_years: Years | None
    market_cap_krw: KRW | None  # a given 3-month mean, where no daily series is given
    trading_value_krw: KRW | None  # likewise
    location: Location
    weight: Weight | None = None  # the index's own weight of the issue, where the provider gives it
    impact_cost: Proportion | None = None  # average impact cost (a ratio), where given
    traded_days_ratio: Proportion | None = None  # share of trading days it traded on, where given


@dataclass(frozen=True, slots=True)
class Series:
    """One issue's daily market data, in date order. Amounts are exact: an ``int`` for a whole
    number of KRW (the usual case, and much the cheaper to keep and sum), else a ``Decimal``."""

    dates: tuple[dt.date, ...]
    market_cap_krw: tuple[DailyKRW, ...]
    trading_value_krw: tuple[DailyKRW, ...]
    location: Location  # the row of the issue's first date (whatever the order of the file's rows)

    def total(self, field: str, start: int, end: int) -> int | Decimal:
        """The exact sum of the daily ``field`` (``market_cap_krw`` or ``trading_value_krw``) on
        the days at positions ``start`` to ``end - 1`` of ``dates``."""
        return sum(getattr(self, field)[start:end])  # type: ignore[no-any-return]


class DailyColumns(Protocol):
    """The amounts of many issues kept in columns (``loading.columnar``): what a ``ColumnSeries``
    asks of them."""

    def location(self, issue: int) -> Location: ...

    def values(self, field: str, issue: int) -> tuple[DailyKRW, ...]: ...

    def total(self, field: str, issue: int, start: int, end: int) -> int | Decimal: ...


class ColumnSeries(Series):
    """A ``Series`` whose amounts stay in the columns a large file was read into until something
    reads them one by one: a window's total is then taken from the columns' running sums (exact,
    in 64-bit integers), without making a Python int of every amount. It equals, hashes and
    pickles as the ``Series`` of the same values, and reads the same."""

    __slots__ = ("_columns", "_issue")
    _columns: DailyColumns
    _issue: int

    def __init__(self, dates: tuple[dt.date, ...], columns: DailyColumns, issue: int):
        object.__setattr__(self, "dates", dates)
        object.__setattr__(self, "_columns", columns)
        object.__setattr__(self, "_issue", issue)

    @property  # type: ignore[override]
    def location(self) -> Location:
        return self._columns.location(self._issue)

    @property  # type: ignore[override]
    def market_cap_krw(self) -> tuple[DailyKRW, ...]:
        return self._columns.values("market_cap_krw", self._issue)

    @property  # type: ignore[override]
    def trading_value_krw(self) -> tuple[DailyKRW, ...]:
        return self._columns.values("trading_value_krw", self._issue)

    def total(self, field: str, start: int, end: int) -> int | Decimal:
        return self._columns.total(field, self._issue, start, end)

    def _fields(self) -> tuple[object, ...]:
        return self.dates, self.market_cap_krw, self.trading_value_krw, self.location

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Series):
            return NotImplemented
        return self._fields() == (other.dates, other.market_cap_krw, other.trading_value_krw, other.location)

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return "Series(dates={!r}, market_cap_krw={!r}, trading_value_krw={!r}, location={!r})".format(*self._fields())

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return Series, self._fields()


class _Dated:
    """A row of a daily series, known by its date."""

    __slots__ = ()
    date: dt.date

    @property
    def key(self) -> str:
        return self.date.isoformat()

    def identity(self) -> dict[str, str]:
        return {"date": self.date.isoformat()}


@dataclass(frozen=True, slots=True)
class DailyRecord(_Dated):
    """One trading day of a listed product's history (its NAV, size and closing price)."""

    date: dt.date
    nav_per_unit: Decimal
    net_assets_krw: KRW
    principal_krw: KRW | None  # given on the days it is known (at least the half-year ends)
    close_price: Decimal | None
    location: Location


@dataclass(frozen=True, slots=True)
class IndexLevel(_Dated):
    """The index's closing level on one day."""

    date: dt.date
    level: Decimal
    location: Location


@dataclass(frozen=True)
class Index:
    """An index: its description, constituents and (optionally) daily market data by code.

    Not slotted, so that it can be weakly referenced: the summary its products share
    (``etf_listing.summaries``) lives exactly as long as the index."""

    file: str
    name: str
    provider: str | None
    asset_class: AssetClass
    weighting: Weighting
    constituents: Sequence[Constituent]
    series: Mapping[str, Series]
    locations: Mapping[str, Location]
    description: str | None = None
    sectoral: bool = False  # a sectoral or thematic index
    # The exchange's trading days, where the user gives them (index field calendar, or --calendar);
    # otherwise the dates on which the series has data for any constituent are the trading days.
    calendar: tuple[dt.date, ...] | None = None
    # The files the index was read from (the index file, its constituents, market data and
    # calendar), each with the SHA-256 of its bytes, in the order read.
    inputs: tuple[tuple[str, str], ...] = ()
    levels: tuple[IndexLevel, ...] | None = None  # daily closing levels, in date order


@dataclass(frozen=True, slots=True)
class Participant:
    """A securities firm named in the product file."""

    name: str
    authorized_participant: bool
    lp_contract: bool
    location: Location
    lp_from: dt.date | None = None  # the LP contract's first day in force, where dated
    lp_to: dt.date | None = None  # its last day in force; None while it runs

    @property
    def key(self) -> str:
        return self.name

    def identity(self) -> dict[str, str]:
        return {"name": self.name}


@dataclass(frozen=True, slots=True)
class Holding(_Coded):
    """A row of the portfolio deposit file (PDF)."""

    code: str
    name: str
    quantity: Quantity  # per creation unit; negative for a short position or a payable (never an index issue)
    location: Location
    value_krw: KRW | None = None  # valuation amount (negative for a short position or a payable)
    linked: bool | None = None  # marked as linked to the index besides its issues (futures on the index)


@dataclass(frozen=True, slots=True)
class PortfolioHolding(_Coded):
    """A position of the fund, as a share of its assets (for diversification rules)."""

    code: str
    name: str
    issuer: str
    issuer_type: str  # e.g. corporate, government, covered_bond, deposit
    weight: Weight  # share of the fund's assets
    group: str | None  # the group of companies the issuer belongs to, where it matters
    location: Location


@dataclass(frozen=True, slots=True)
class Underlying:
    index: Index
    license_signed: bool | None


@dataclass(frozen=True, slots=True)
class Product:
    """An ETF product as its file describes it."""

    file: str
    name: str
    issuer: str | None
    as_of: dt.date | None
    fund_form: Literal["trust", "company"] | None
    principal_krw: KRW | None
    units: int | None
    management: Literal["passive", "active"] | None
    leverage: Multiple | None
    creation: Literal["in_kind", "cash"] | None
    cash_creation_reason: str | None
    underlying: Underlying
    participants: tuple[Participant, ...] | None
    # its rows in order: a tuple, or the same rows kept as columns (``records.Rows``) when read from a plain file
    pdf: Sequence[Holding] | None
    linked_assets_ratio: Proportion | None
    locations: Mapping[str, Location] = field(default_factory=dict)
    description: str | None = None
    holdings: tuple[PortfolioHolding, ...] | None = None
    # The files the product was read from (the product file, its PDF...), each with the SHA-256
    # of its bytes; ``input_files`` adds its index's.
    inputs: tuple[tuple[str, str], ...] = ()
    # After listing (the continued-listing watch): all optional for the listing check.
    listed_on: dt.date | None = None
    underlying_market: Literal["domestic", "overseas"] | None = None
    history: tuple[DailyRecord, ...] | None = None  # one row a trading day, in date order
    rulebook: str | None = None  # the rulebook the file is for, when it says

    @property
    def index(self) -> Index:
        return self.underlying.index

    @property
    def input_files(self) -> tuple[tuple[str, str], ...]:
        """Every file this product's evaluation read, with its SHA-256: its own, then its index's."""
        seen = dict(self.inputs)
        return self.inputs + tuple((file, digest) for file, digest in self.index.inputs if file not in seen)
