"""Product and index files to the values the rules see (``etf_listing.model``).

A ``Loader`` reads one or more products; an index file that several products name is read once.
Every problem with a file becomes a ``Problem`` with its position; a file with problems raises
``InputError`` carrying all of them, so one run shows everything that is wrong.
"""

from __future__ import annotations

import typing
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InputError, Location, Problem, did_you_mean
from ..model import Constituent, Holding, Index, Participant, Product, Series, Underlying
from .documents import IndexDocument, ProductDocument
from .files import SourceFile, default_root, named_file, read_text, resolve_reference
from .tables import (Collector, Column, CsvTable, Row, boolean, code, decimal, iso_date, money,
                     quantity, read_csv, read_inline, text)
from .yaml_source import Document, Path, parse_yaml

CONSTITUENT_COLUMNS = {
    "code": Column(code),
    "name": Column(text),
    "market": Column(text),
    "sector": Column(text, required=False),
    "ktb_futures_basket": Column(boolean, required=False),
    "tenor_years": Column(decimal, required=False),
    "market_cap_krw": Column(money, required=False),
    "trading_value_krw": Column(money, required=False),
}
MARKET_DATA_COLUMNS = {
    "date": Column(iso_date),
    "code": Column(code),
    "market_cap_krw": Column(money),
    "trading_value_krw": Column(money),
}
PDF_COLUMNS = {
    "code": Column(code),
    "name": Column(text),
    "quantity": Column(quantity),
}


class Loader:
    """Reads product files; indices are cached by their real path, so each is read once."""

    def __init__(self, root: str | None = None):
        self.root = root
        self._indices: dict[str, Index] = {}

    def load_product(self, path: str) -> Product:
        source = named_file(path)
        root = self.root or default_root(path)
        document = parse_yaml(read_text(source), source.display)
        if not isinstance(document.data, dict):
            raise InputError.at(document.where(()), "expected a product file: a mapping with kind: etf-product")
        kind = document.data.get("kind")
        if kind != "etf-product":
            hint = "this is an index file; name the product that tracks it" if kind == "etf-index" else "add kind: etf-product"
            raise InputError.at(document.where(("kind",)), f"not a product file (kind: {kind!r})", hint)
        parsed = _validated(ProductDocument, document, ())
        problems: list[Problem] = []

        def attempt(function: typing.Callable[[], Any]) -> Any:
            try:
                return function()
            except InputError as error:
                problems.extend(error.problems)
                return None

        index = attempt(lambda: self._index(parsed.underlying.index, source, root, document, ("underlying", "index")))
        pdf = None
        if parsed.pdf is not None:
            rows = attempt(lambda: _rows(parsed.pdf, source, root, document, ("pdf",), PDF_COLUMNS))
            if rows is not None:
                pdf = attempt(lambda: _holdings(rows))
        if problems:
            raise InputError(problems)
        participants = None
        if parsed.participants is not None:
            participants = tuple(
                Participant(p.name, p.authorized_participant, p.lp_contract, document.where(("participants", i)))
                for i, p in enumerate(parsed.participants)
            )
        return Product(
            file=source.display,
            name=parsed.name,
            issuer=parsed.issuer,
            as_of=parsed.as_of,
            fund_form=parsed.fund_form,
            principal_krw=parsed.principal_krw,
            units=parsed.units,
            management=parsed.management,
            leverage=parsed.leverage,
            creation=parsed.creation,
            cash_creation_reason=parsed.cash_creation_reason,
            underlying=Underlying(index, parsed.underlying.license_signed),
            participants=participants,
            pdf=pdf,
            linked_assets_ratio=parsed.linked_assets_ratio,
            locations=_field_locations(document, ()),
            description=parsed.description,
        )

    def _index(self, reference: Any, base: SourceFile, root: str, document: Document, path: Path) -> Index:
        if isinstance(reference, dict):
            return _build_index(document, path, base, root)
        source = resolve_reference(base, reference, root, document.where(path))
        cached = self._indices.get(source.real)
        if cached is None:
            index_document = parse_yaml(read_text(source, document.where(path)), source.display)
            if not isinstance(index_document.data, dict) or index_document.data.get("kind") != "etf-index":
                raise InputError.at(index_document.where(("kind",)), "not an index file",
                                    "an index file starts with kind: etf-index")
            cached = self._indices[source.real] = _build_index(index_document, (), source, root)
        return cached


def load_product(path: str, root: str | None = None) -> Product:
    """Read one product file and everything it refers to."""
    return Loader(root).load_product(path)


def _build_index(document: Document, path: Path, source: SourceFile, root: str) -> Index:
    parsed = _validated(IndexDocument, document, path)
    problems: list[Problem] = []
    constituents: tuple[Constituent, ...] = ()
    series: dict[str, Series] = {}
    try:
        rows = _rows(parsed.constituents, source, root, document, path + ("constituents",), CONSTITUENT_COLUMNS)
        constituents = _constituents(rows)
    except InputError as error:
        problems.extend(error.problems)
    if parsed.market_data is not None:
        try:
            series = _market_data(parsed.market_data, source, root, document, path + ("market_data",))
        except InputError as error:
            problems.extend(error.problems)
    if not problems:
        problems.extend(
            Problem(c.location, f"{c.name} ({c.code}) has neither daily market data nor 3-month means",
                    "add its rows to the market data, or give market_cap_krw and trading_value_krw")
            for c in constituents
            if c.code not in series and c.market_cap_krw is None and c.trading_value_krw is None
        )
    if problems:
        raise InputError(problems)
    members = {c.code for c in constituents}  # once: built per series it made loading quadratic in N
    return Index(
        file=document.file,
        name=parsed.name,
        provider=parsed.provider,
        asset_class=parsed.asset_class,
        weighting=parsed.weighting,
        constituents=constituents,
        series={code_: s for code_, s in series.items() if code_ in members},
        locations=_field_locations(document, path),
        description=parsed.description,
    )


def _rows(reference: Any, base: SourceFile, root: str, document: Document, path: Path,
          columns: dict[str, Column]) -> list[Row]:
    if isinstance(reference, str):
        source = resolve_reference(base, reference, root, document.where(path))
        return read_csv(read_text(source, document.where(path)), source.display, columns)
    return read_inline(document, path, columns)


def _constituents(rows: list[Row]) -> tuple[Constituent, ...]:
    seen: dict[str, Location] = {}
    problems = []
    result = []
    for row in rows:
        v = row.values
        if v["code"] in seen:
            problems.append(Problem(row.location, f"the code {v['code']} is listed twice (first at line {seen[v['code']].line})"))
            continue
        seen[v["code"]] = row.location
        result.append(Constituent(
            code=v["code"], name=v["name"], market=v["market"], sector=v["sector"],
            ktb_futures_basket=v["ktb_futures_basket"], tenor_years=v["tenor_years"],
            market_cap_krw=v["market_cap_krw"], trading_value_krw=v["trading_value_krw"],
            location=row.location,
        ))
    if problems:
        raise InputError(problems)
    return tuple(result)


def _holdings(rows: list[Row]) -> tuple[Holding, ...]:
    return tuple(Holding(r.values["code"], r.values["name"], r.values["quantity"], r.location) for r in rows)


def _market_data(reference: Any, base: SourceFile, root: str, document: Document, path: Path) -> dict[str, Series]:
    """Daily rows grouped by issue and sorted by date. The CSV path is the hot one (an index of
    10,000 issues has 630,000 rows over three months), so it reads cells directly and falls back to
    the column readers only to explain a bad cell."""
    points: dict[str, _Points] = {}
    if isinstance(reference, str):
        source = resolve_reference(base, reference, root, document.where(path))
        table = CsvTable(read_text(source, document.where(path)), source.display, MARKET_DATA_COLUMNS)
        collector = Collector()
        i_date, i_code = table.index["date"], table.index["code"]
        i_cap, i_value = table.index["market_cap_krw"], table.index["trading_value_krw"]
        file = source.display
        # A file has a few dozen dates and a few thousand codes over hundreds of thousands of rows:
        # each distinct cell is read once.
        dates: dict[str, Any] = {}
        codes: dict[str, str] = {}
        for line, cells in table.rows(collector):
            try:
                raw = cells[i_date]
                day = dates.get(raw)
                if day is None:
                    day = dates[raw] = iso_date(raw)
                raw = cells[i_code]
                key = codes.get(raw)
                if key is None:
                    key = codes[raw] = code(raw)
                cap, value = _amount(cells[i_cap]), _amount(cells[i_value])
            except Exception:  # explain the bad cell with the column readers
                for name in MARKET_DATA_COLUMNS:
                    try:
                        MARKET_DATA_COLUMNS[name].read(cells[table.index[name]])
                    except ValueError as error:
                        collector.add(Problem(table.where(line, name), f"{name}: {error}", getattr(error, "hint", None)))
                continue
            issue = points.get(key)
            if issue is None:
                issue = points[key] = _Points(file)
            issue.dates.append(day)
            issue.caps.append(cap)
            issue.values.append(value)
            issue.wheres.append(line)
        collector.raise_if_any(file)
    else:
        for row in read_inline(document, path, MARKET_DATA_COLUMNS):
            v = row.values
            issue = points.get(v["code"])
            if issue is None:
                issue = points[v["code"]] = _Points(document.file)
            issue.dates.append(v["date"])
            issue.caps.append(v["market_cap_krw"])
            issue.values.append(v["trading_value_krw"])
            issue.wheres.append(row.location)
    series = {}
    problems: list[Problem] = []
    for key, issue in points.items():
        series[key] = issue.series(key, problems)
    if problems:
        raise InputError(problems[:50])
    return series


class _Points:
    """One issue's daily rows as read, in file order: parallel lists, and where each row is (a
    line of the CSV file, or the row's position in YAML). Positions become ``Location`` objects only
    where a message or the series needs one, not once for each of 630,000 rows."""

    __slots__ = ("file", "dates", "caps", "values", "wheres")

    def __init__(self, file: str) -> None:
        self.file = file
        self.dates: list[Any] = []
        self.caps: list[int | Decimal] = []
        self.values: list[int | Decimal] = []
        self.wheres: list[int | Location] = []

    def location(self, where: int | Location) -> Location:
        return where if isinstance(where, Location) else Location(self.file, where, 1)

    def series(self, key: str, problems: list[Problem]) -> Series:
        dates, wheres = self.dates, self.wheres
        first = self.location(wheres[0])  # rows are kept in file order: the issue's first row
        if all(before < after for before, after in zip(dates, dates[1:])):  # the usual case: in date order
            return Series(tuple(dates), tuple(self.caps), tuple(self.values), first)
        order = sorted(range(len(dates)), key=lambda i: (dates[i], wheres[i]))
        for before, after in zip(order, order[1:]):
            if dates[before] == dates[after]:
                problems.append(Problem(self.location(wheres[after]),
                                        f"{key} has two rows for {dates[after]} (first at line {self.location(wheres[before]).line})"))
        return Series(tuple(dates[i] for i in order), tuple(self.caps[i] for i in order),
                      tuple(self.values[i] for i in order), first)


def _amount(cell: str) -> int | Decimal:
    """A market-data amount, exactly: a whole number of KRW as an int (the common case, read and
    summed several times faster than a Decimal and a third of its size), anything else as
    ``money`` reads it. At most 18 digits, so never above the largest plausible amount."""
    if cell.isdigit() and cell.isascii() and len(cell) <= 18:
        return int(cell)
    return _fast_money(cell)


def _fast_money(cell: str) -> Decimal:
    try:
        amount = Decimal(cell)
    except Exception:
        return money(cell)
    if not amount.is_finite() or amount < 0 or amount > 10**18:
        return money(cell)  # raises with the reason
    return amount


def _field_locations(document: Document, prefix: Path) -> dict[str, Location]:
    """Positions of a document's fields by dotted name (``principal_krw``, ``underlying.license_signed``)."""
    result = {}
    for path, location in document.values.items():
        if path[: len(prefix)] == prefix and 0 < len(path) - len(prefix) <= 2:
            rest = path[len(prefix):]
            if all(isinstance(p, str) for p in rest):
                result[".".join(typing.cast(tuple[str, ...], rest))] = location
    return result


# --- pydantic errors as positioned problems -------------------------------------------------------

def _validated(model: type[BaseModel], document: Document, prefix: Path) -> Any:
    data = document.data
    for step in prefix:
        data = data[step]
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InputError(_problems(error, model, document, prefix, data)) from None


def _problems(error: ValidationError, model: type[BaseModel], document: Document, prefix: Path, data: Any) -> list[Problem]:
    problems: dict[tuple[Path, str], Problem] = {}
    for detail in error.errors(include_url=False):
        kind = detail["type"]
        path = _data_path(data, detail["loc"], keep_last=kind in ("missing", "extra_forbidden"))
        full = prefix + path
        name = ".".join(str(p) for p in path) or "document"
        if kind == "extra_forbidden":
            field = str(path[-1])
            fields = _fields_at(model, path[:-1])
            problem = Problem(document.where_key(full), f"unknown field '{field}'",
                              did_you_mean(field, fields) or (f"the fields here are {', '.join(fields)}" if fields else None))
        elif kind == "missing":
            problem = Problem(document.where(full[:-1]), f"the required field '{path[-1]}' is missing")
        elif kind in ("literal_error", "enum"):
            expected = detail.get("ctx", {}).get("expected", "")
            got = detail.get("input")
            hint = did_you_mean(str(got), [w.strip(" '") for w in expected.replace(" or ", ",").split(",")])
            problem = Problem(document.where(full), f"{name}: expected {expected}; got {got!r}", hint)
        else:
            message = detail["msg"].removeprefix("Value error, ")
            problem = Problem(document.where(full), f"{name}: {message}")
        problems.setdefault((full, kind), problem)
    # Union members can each complain about one value; one message per place is enough.
    seen: set[Path] = set()
    result = []
    for (full, _), problem in sorted(problems.items(), key=lambda kv: (kv[1].location, str(kv[0][0]))):
        if full not in seen:
            seen.add(full)
            result.append(problem)
    return result


def _data_path(data: Any, loc: tuple[Any, ...], keep_last: bool) -> Path:
    """The path in the data that an error's ``loc`` names, without pydantic's union-member tags."""
    path: list[str | int] = []
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
            path.append(part)
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
            path.append(part)
        elif last and keep_last:
            path.append(part)
    return tuple(path)


def _fields_at(model: type[BaseModel], path: Path) -> list[str]:
    """The field names of the model found at ``path`` (for 'did you mean')."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        current = _model_in(current.model_fields[part].annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
