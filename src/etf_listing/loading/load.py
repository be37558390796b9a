"""Product and index files to the values the rules see (``etf_listing.model``).

A ``Loader`` reads one or more products; an index file that several products name is read once.
Every problem with a file becomes a ``Problem`` with its position; a file with problems raises
``InputError`` carrying all of them, so one run shows everything that is wrong.

Length: one builder per table a product or an index names (constituents, holdings, PDF, daily
market data), beside the loader that resolves their files. Validation errors become problems
in ``validation``, the waiver file is read in ``waiver_file`` and large market data in ``columnar``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import threading
import typing
from decimal import Decimal
from itertools import compress, count as counting
from operator import not_
from typing import Any, Mapping, Sequence

from ..errors import InputError, Location, Problem, did_you_mean
from ..kinds import close_kind, kind_problem
from ..model import Constituent, Holding, Index, Participant, PortfolioHolding, Product, Series, Underlying
from ..records import Rows, field_of_each
from .shapes import IndexDocument, KrxDailyFiles, KrxPdfFile, ProductDocument
from .codes import index_zeros_dropped_problem, zeros_dropped, zeros_dropped_problem, zeros_kept
from .holdings import RowPositions, names_by_code, pdf_rows, plain_holdings
from .history import check_lp_dates, read_history, read_levels
from .columnar import read_market_data_file, smallest_columnar
from .files import (RealPaths, SourceFile, default_root, file_digest, named_file, read_text, record_digest, recording,
                    resolve_reference)
from .markets import market
from .tables import (Collector, Column, CsvTable, Row, boolean, code, decimal, iso_date, listed_twice, money,
                     quantity, ratio, read_columns, read_csv, read_inline, signed_krw, text)
from .validation import validated as _validated
from .yaml_source import Document, Path, parse_yaml

CONSTITUENT_COLUMNS = {
    "code": Column(code),
    "name": Column(text),
    "market": Column(market, required=False),  # may come from KRX daily downloads (시장구분)
    "sector": Column(text, required=False),
    "ktb_futures_basket": Column(boolean, required=False),
    "tenor_years": Column(decimal, required=False),
    "market_cap_krw": Column(money, required=False),
    "trading_value_krw": Column(money, required=False),
    "weight": Column(ratio, required=False),
    "impact_cost": Column(ratio, required=False),
    "traded_days_ratio": Column(ratio, required=False),
}
HOLDING_COLUMNS = {
    "code": Column(code),
    "name": Column(text),
    "issuer": Column(text),
    "issuer_type": Column(text),
    "weight": Column(ratio),
    "group": Column(text, required=False),
}
MARKET_DATA_COLUMNS = {
    "date": Column(iso_date),
    "code": Column(code),
    "market_cap_krw": Column(money),
    "trading_value_krw": Column(money),
}
CALENDAR_COLUMNS = {"date": Column(iso_date)}
PDF_COLUMNS = {
    "code": Column(code),
    "name": Column(text),
    "quantity": Column(quantity),
    "value_krw": Column(signed_krw, required=False),
    "linked": Column(boolean, required=False),
}


class Loader:
    """Reads product files; an index is read once for all the products that name it alike: the
    same file (its real path), by the same path and under the same root. A product that names it
    another way (through a link, or from another tree) reads it as it names it, so that what a
    product's report says of its index never depends on which product was read first."""

    def __init__(self, root: str | None = None, calendar: str | None = None, home: str | None = None):
        """``calendar``: a CSV file of the exchange's trading days (column ``date``) that every
        index read is measured against, in place of the dates of its own series or its own
        ``calendar`` field. InputError at once when that file cannot be read. ``home``: the tree
        that stands for the working directory where there is no ``root`` (``files.default_root``)."""
        self.root = root
        self.home = home
        self._indices: dict[tuple[str, str, str], Index] = {}  # by real path, path as named, root
        self._real_paths = RealPaths()  # the root, and an index's path, are resolved once
        with recording() as digests:
            self.calendar = read_calendar(calendar) if calendar is not None else None
        self._calendar_inputs = tuple(digests.items())

    def load_product(self, path: str | os.PathLike[str] | Mapping[str, Any],
                     overrides: Mapping[str, Any] | None = None, *, directory: str | None = None,
                     overrides_at: Mapping[str, Location] | None = None) -> Product:
        """Read the product file at ``path`` and everything it refers to; ``InputError`` lists
        every problem found, each with its file, line and column. ``overrides`` replaces fields of
        the file before it is checked (dotted names reach into mappings:
        ``underlying.license_signed``); rule tests use it to vary one figure of a base product,
        and ``overrides_at`` says where each was written, for the problems it may have.
        The product's ``inputs`` are the files read for it, each with its SHA-256.

        ``path`` may instead be the product itself, as a mapping of the file's fields (what a
        YAML file holds, built in Python): the paths it names are then relative to ``directory``
        (default: the working directory), and problems name its fields under ``<product>``."""
        with recording() as digests:
            if isinstance(path, Mapping):
                return self._load_product(os.path.join(directory or os.curdir, "<product>"), overrides, digests,
                                          data=_plain_data(path, ()), overrides_at=overrides_at)
            return self._load_product(os.fspath(path), overrides, digests, overrides_at=overrides_at)

    def _load_product(self, path: str, overrides: Mapping[str, Any] | None, digests: dict[str, str],
                      data: Any = None, overrides_at: Mapping[str, Location] | None = None) -> Product:
        """The product at ``path``; its ``inputs``: the files read for it, as ``digests`` has them
        when it is built, after the last of them."""
        source = named_file(path, self._real_paths)
        root = self.root or default_root(path, source.real, self._real_paths, self.home)
        document = Document(source.display, data) if data is not None else parse_yaml(read_text(source), source.display)
        if document.data is None:
            raise InputError.at(document.where(()), "the file is empty", "a product file starts with kind: etf-product",
                                ko="파일이 비어 있습니다", hint_ko="상품 파일은 kind: etf-product로 시작합니다")
        if overrides and isinstance(document.data, dict):
            document.data = _overridden(document.data, overrides)
            if overrides_at:
                document = _relocated(document, overrides_at)
        if not isinstance(document.data, dict):
            raise InputError.at(document.where(()), "expected a product file: a mapping with kind: etf-product",
                                ko="상품 파일이어야 합니다: kind: etf-product가 있는 매핑")
        kind = document.data.get("kind")
        known = close_kind(kind) if isinstance(kind, str) else None
        if known is not None:
            raise InputError([kind_problem(document.where(("kind",)), str(kind), known)])
        if kind != "etf-product":
            index = kind == "etf-index"
            raise InputError.at(document.where(("kind",)), f"not a product file (kind: {kind!r})",
                                "this is an index file; name the product that tracks it" if index else "add kind: etf-product",
                                ko=f"상품 파일이 아닙니다 (kind: {kind!r})",
                                hint_ko="지수 파일입니다. 이 지수를 추적하는 상품 파일을 지정하세요" if index else "kind: etf-product를 추가하세요")
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
        if isinstance(parsed.pdf, KrxPdfFile):
            from .krx import krx_pdf  # KRX downloads only: not imported at start-up

            rows = attempt(lambda: krx_pdf(parsed.pdf, source, root, document.where(("pdf", "file"))))
            if rows is not None:
                pdf = attempt(lambda: _holdings(pdf_rows(rows, index)))
        elif parsed.pdf is not None:
            pdf = attempt(lambda: _pdf(parsed.pdf, source, root, document, index, self._real_paths))
        holdings = None
        if parsed.holdings is not None:
            rows = attempt(lambda: _rows(parsed.holdings, source, root, document, ("holdings",), HOLDING_COLUMNS))
            if rows is not None:
                holdings = attempt(lambda: _portfolio(rows))
        history = None
        if parsed.history is not None:
            history = attempt(lambda: read_history(parsed.history, source, root, document, ("history",)))
        participants = None
        if parsed.participants is not None:
            participants = tuple(
                Participant(p.name, p.authorized_participant, p.lp_contract, document.where(("participants", i)),
                            p.lp_from, p.lp_to)
                for i, p in enumerate(parsed.participants)
            )
            attempt(lambda: check_lp_dates(participants, document))
        if problems:
            raise InputError(problems)
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
            holdings=holdings,
            listed_on=parsed.listed_on,
            underlying_market=parsed.underlying_market,
            history=history,
            rulebook=parsed.rulebook,
            inputs=tuple(digests.items()),
        )

    def _index(self, reference: Any, base: SourceFile, root: str, document: Document, path: Path) -> Index:
        if isinstance(reference, dict):
            return dataclasses.replace(_build_index(document, path, base, root, self.calendar), inputs=self._calendar_inputs)
        source = resolve_reference(base, reference, root, document.where(path), self._real_paths)
        if source.real == base.real:
            raise InputError.at(document.where(path), "the product names itself as its index",
                                "underlying.index names the index file (kind: etf-index) that the product tracks",
                                ko="상품이 자기 자신을 기초지수로 지정하고 있습니다",
                                hint_ko="underlying.index에는 상품이 추종하는 지수 파일(kind: etf-index)을 지정하십시오")
        return self._read_index(source, root, document.where(path))

    def read_indices(self, files: typing.Iterable[str], heads: dict[str, str | None] | None = None) -> dict[str, str]:
        """Read now the index files that ``files`` name on a plain ``index:`` line (a quick look at
        each, ``discovery.named_index``), as their products' loads would read them (the same path,
        the same root): a run over many products reads them once, before its first product (and a
        run in several processes before the worker processes start with them). One that cannot be
        read is left to its products' loads, which say why. The indices are built one after
        another, and the market data of those next in turn is read meanwhile (``READ_AHEAD_BYTES``).
        ``heads``: the run's heads of the files (``discovery.Heads``), each file read once for all looks.
        Returns the real path of the index file each file names, for the files whose look found one."""
        from ..discovery import named_index
        from .columnar import many_indices

        many_indices()
        named: dict[tuple[str, str, str], tuple[SourceFile, str, Location]] = {}
        indices: dict[str, str] = {}
        for file in files:
            reference = named_index(file, heads)
            if reference is None:
                continue
            try:
                base = named_file(file, self._real_paths)
                root = self.root or default_root(file, base.real, self._real_paths, self.home)
                source = resolve_reference(base, reference, root, Location(file), self._real_paths)
            except InputError:
                continue
            named.setdefault((source.real, source.display, root), (source, root, Location(file)))
            indices[file] = source.real
        # The market data of the indices next in turn is read in columns while one is built, each
        # file on its thread (pyarrow reads without the interpreter's lock): always the next one,
        # and more while those started hold less than READ_AHEAD_BYTES, at most READ_AHEAD_FILES.
        keys = [key for key in named if key not in self._indices]
        started: dict[tuple[str, str, str], _EarlyMarketData | None] = {}
        ahead = 0
        for at, key in enumerate(keys):
            while ahead < len(keys) and (ahead <= at + 1 or (
                    ahead <= at + READ_AHEAD_FILES and _bytes_read_ahead(started, keys[at:ahead]) < READ_AHEAD_BYTES)):
                started[keys[ahead]] = _start_market_data(*named[keys[ahead]][:2])
                ahead += 1
            try:
                self._read_index(*named[key], started)
            except InputError:
                pass
            early = started.pop(key, None)
            if early is not None:  # an index refused before its market data was read: its reading ends here
                early.taken()
        return indices

    def _read_index(self, source: SourceFile, root: str, where: Location,
                    started: Mapping[tuple[str, str, str], _EarlyMarketData | None] | None = None) -> Index:
        """The index file ``source``, read once (``where``: the reference to it, for a file that
        cannot be read; ``started``: the reading of its market data, where ``read_indices`` began it)."""
        key = (source.real, source.display, root)
        cached = self._indices.get(key)
        if cached is None:
            with recording() as digests:  # the index's own files, apart from the product's
                index_document = parse_yaml(read_text(source, where), source.display)
                kind = index_document.data.get("kind") if isinstance(index_document.data, dict) else None
                known = close_kind(kind) if isinstance(kind, str) else None
                if known is not None:
                    raise InputError([kind_problem(index_document.where(("kind",)), str(kind), known)])
                if kind != "etf-index":
                    raise InputError.at(index_document.where(("kind",)), "not an index file",
                                        "an index file starts with kind: etf-index",
                                        ko="지수 파일이 아닙니다", hint_ko="지수 파일은 kind: etf-index로 시작합니다")
                early = started.get(key) if started else None
                built = _build_index(index_document, (), source, root, self.calendar, early)
            cached = self._indices[key] = dataclasses.replace(
                built, inputs=tuple(digests.items()) + self._calendar_inputs)
        return cached


def _overridden(data: dict[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(data)
    for dotted, value in overrides.items():
        *parents, last = dotted.split(".")
        target = result
        for name in parents:
            child = target.get(name)
            target[name] = dict(child) if isinstance(child, dict) else {}
            target = target[name]
        if value is None:
            target.pop(last, None)  # null removes the field: the case of a figure not given
        else:
            target[last] = value
    return result


def _relocated(document: Document, written: Mapping[str, Location]) -> Document:
    """``document`` with each overridden field (a dotted name) placed where the override was
    written, and nothing under it placed in the file it replaced."""
    values, keys = dict(document.values), dict(document.keys)
    for dotted, where in written.items():
        path = tuple(dotted.split("."))
        for placed in (values, keys):
            for old in [p for p in placed if p[:len(path)] == path]:
                del placed[old]
            placed[path] = where
    return Document(document.file, document.data, values, keys)


def index_codes(path: str, root: str | None = None) -> list[str]:
    """The constituents' codes of the index file at ``path`` (its market data is not read)."""
    source = named_file(path)
    document = parse_yaml(read_text(source), source.display)
    if not isinstance(document.data, dict) or document.data.get("kind") != "etf-index":
        raise InputError.at(document.where(("kind",)), "not an index file", "an index file starts with kind: etf-index",
                            ko="지수 파일이 아닙니다", hint_ko="지수 파일은 kind: etf-index로 시작합니다")
    parsed = _validated(IndexDocument, document, ())
    rows = _rows(parsed.constituents, source, root or default_root(path), document, ("constituents",), CONSTITUENT_COLUMNS)
    return [row.values["code"] for row in rows]


def load_product(path: str | os.PathLike[str] | Mapping[str, Any], root: str | None = None, *,
                 directory: str | None = None) -> Product:
    """Read one product file (or a product given as a mapping, whose paths are relative to
    ``directory``) and everything it refers to."""
    return Loader(root).load_product(path, directory=directory)


def _plain_data(value: Any, at: tuple[str | int, ...]) -> Any:
    """A product given in Python as the plain data a YAML file holds: mappings with text keys,
    lists, and numbers exact (a float is read as the decimal it prints as: 0.995, never
    0.99499999999999999555910790149937)."""
    if isinstance(value, Mapping):
        return {str(key): _plain_data(item, at + (str(key),)) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_data(item, at + (i,)) for i, item in enumerate(value)]
    if isinstance(value, float):
        number = Decimal(repr(value))
        if not number.is_finite():
            name = ".".join(str(part) for part in at) or "product"
            raise InputError.at(Location("<product>"), f"{name}: {value!r} is not a finite number",
                                ko=f"{name}: {value!r}은(는) 유한한 숫자가 아닙니다")
        return number
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate ('\ud800'): no file can hold it, and no reader takes it
            name = ".".join(str(part) for part in at) or "product"
            raise InputError.at(Location("<product>"), f"{name}: {ascii(value)} is not text (it holds a lone surrogate)",
                                "give the text as it is written, in UTF-8",
                                ko=f"{name}: {ascii(value)}은(는) 텍스트가 아닙니다(짝이 없는 서로게이트 문자가 있습니다)",
                                hint_ko="텍스트를 UTF-8로 적힌 그대로 주십시오") from None
    return value


def read_calendar(path: str) -> tuple[dt.date, ...]:
    """A trading calendar file: a CSV with a ``date`` column, one trading day a row."""
    source = named_file(path)
    return _calendar_days(read_csv(read_text(source), source.display, CALENDAR_COLUMNS))


def _zeros_dropped_in_series(series: Mapping[str, Series], names: Mapping[str, str], file: str) -> list[Problem]:
    """A problem for each issue of the market data whose code is a constituent's without its
    leading zeros (``270`` for ``000270``, as a spreadsheet saves it): its rows would be left out
    as another issue's, and the constituent's days found missing, or not even that. ``names``: the
    constituents' names by code."""
    found = []
    for written in series:
        meant = zeros_dropped(written, names) if written not in names else None
        if meant is not None:
            found.append(zeros_dropped_problem(series[written].location or Location(file), "code", written, meant,
                                               names[meant]))
    return found


def _zeros_kept_in_series(series: Mapping[str, Series], names: Mapping[str, str]) -> dict[str, str]:
    """The constituents whose code the market data writes with leading zeros the constituent list
    dropped (``005930`` for ``5930``), each with the code the market data writes: the rows of
    ``005930`` are no issue of the index, and ``5930`` would be found to have none. ``names``: the
    constituents' names by code."""
    found: dict[str, str] = {}
    for written in series:
        meant = zeros_kept(written, names) if written not in names else None
        if meant is not None:
            found.setdefault(meant, written)
    return found


def _those(constituents: Sequence[Constituent], flags: typing.Iterable[bool]) -> typing.Iterator[Constituent]:
    """The constituents whose flag is True, each read by its place."""
    return map(constituents.__getitem__, compress(counting(), flags))


def _calendar_days(rows: list[Row]) -> tuple[dt.date, ...]:
    return tuple(sorted({row.values["date"] for row in rows}))


def _build_index(document: Document, path: Path, source: SourceFile, root: str,
                 calendar: tuple[dt.date, ...] | None = None, early: _EarlyMarketData | None = None) -> Index:
    parsed = _validated(IndexDocument, document, path)
    problems: list[Problem] = []
    if calendar is None and parsed.calendar is not None:
        try:
            calendar = _calendar_days(_rows(parsed.calendar, source, root, document, path + ("calendar",),
                                            CALENDAR_COLUMNS))
        except InputError as error:
            problems.extend(error.problems)
    constituents: Sequence[Constituent] = ()
    series: dict[str, Series] = {}
    rows: list[Row] = []
    if isinstance(parsed.market_data, KrxDailyFiles):
        early = None
    elif early is None:  # (not begun by ``Loader.read_indices``)
        early = _early_market_data(parsed.market_data, source, root)
    try:
        constituents, rows = _constituent_list(parsed.constituents, source, root, document, path + ("constituents",))
    except InputError as error:
        problems.extend(error.problems)
    else:
        if not constituents and parsed.asset_class not in ("commodity", "currency"):
            # (a securities index of no issue: every rule over its issues would hold of none)
            problems.append(Problem(document.where(path + ("constituents",)), "the index lists no constituents",
                                    "list its issues, one a row (a file with its header alone lists none)",
                                    ko="지수에 구성종목이 없습니다", hint_ko="구성종목을 한 행에 하나씩 쓰세요(머리글만 있는 파일에는 종목이 없습니다)"))
    if isinstance(parsed.market_data, KrxDailyFiles):
        if not problems:  # the constituents say which rows to keep
            from .krx import krx_market_data  # KRX downloads only: not imported at start-up

            try:
                series, constituents = krx_market_data(parsed.market_data.files, constituents, source, root,
                                                       document.where(path + ("market_data", "files")))
            except InputError as error:
                problems.extend(error.problems)
    elif parsed.market_data is not None:
        try:
            series = _market_data(parsed.market_data, source, root, document, path + ("market_data",), early)
        except InputError as error:
            problems.extend(error.problems)
    levels = None
    if parsed.levels is not None:
        try:
            levels = read_levels(parsed.levels, source, root, document, path + ("levels",))
        except InputError as error:
            problems.extend(error.problems)
    if not problems and None in field_of_each(constituents, "market"):
        from .krx import without_market  # a market left to KRX downloads: not imported at start-up

        problems.extend(without_market(rows, constituents))
    names = names_by_code(constituents) if not problems else {}
    kept = _zeros_kept_in_series(series, names) if not problems else {}
    # (read from the constituents' columns: only those a problem names are made, ``records.Rows``)
    codes = list(field_of_each(constituents, "code"))
    problems.extend(index_zeros_dropped_problem(c.location, c.code, kept[c.code], series[kept[c.code]].location
                                                or Location(document.file), c.name)
                    for c in _those(constituents, map(kept.__contains__, codes)))
    if not problems:
        caps, values = list(field_of_each(constituents, "market_cap_krw")), list(field_of_each(constituents, "trading_value_krw"))
        without_data = [at for at in compress(counting(), map(not_, map(series.__contains__, codes)))
                        if caps[at] is None and values[at] is None]
        problems.extend(
            Problem(c.location, f"{c.name} ({c.code}) has neither daily market data nor 3-month means",
                    "add its rows to the market data, or give market_cap_krw and trading_value_krw",
                    ko=f"{c.name} ({c.code})에 일별 시장 데이터도 3개월 평균도 없습니다",
                    hint_ko="시장 데이터에 이 종목의 행을 추가하거나 market_cap_krw와 trading_value_krw를 쓰세요")
            for c in map(constituents.__getitem__, without_data)
        )
    if not problems:
        problems.extend(_zeros_dropped_in_series(series, names, document.file))
    if problems:
        raise InputError(problems)
    members = set(codes)  # once: built per series it made loading quadratic in N
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
        sectoral=parsed.sectoral,
        calendar=calendar,
        levels=levels,
    )


def _rows(reference: Any, base: SourceFile, root: str, document: Document, path: Path,
          columns: dict[str, Column]) -> list[Row]:
    if isinstance(reference, str):
        source = resolve_reference(base, reference, root, document.where(path))
        return read_csv(read_text(source, document.where(path)), source.display, columns)
    return read_inline(document, path, columns)


def _pdf(reference: Any, base: SourceFile, root: str, document: Document, index: Index | None,
         real_paths: RealPaths) -> Sequence[Holding]:
    """The product's PDF: a plainly written file read in one pass (``holdings.plain_holdings``),
    any other (or one read before its index) by the general path, which positions every problem."""
    if isinstance(reference, str) and index is not None:
        where = document.where(("pdf",))
        source = resolve_reference(base, reference, root, where, real_paths)
        text_ = read_text(source, where)
        plain = plain_holdings(text_, source.display, index, PDF_COLUMNS)
        if plain is not None:
            return plain
        rows = read_csv(text_, source.display, PDF_COLUMNS)
    else:
        rows = _rows(reference, base, root, document, ("pdf",), PDF_COLUMNS)
    return _holdings(pdf_rows(rows, index))


def _constituent_list(reference: Any, base: SourceFile, root: str, document: Document,
                      path: Path) -> tuple[Sequence[Constituent], list[Row]]:
    """The index's constituents, and the rows they were read from where they were read a row at a
    time. A list file written plainly, whose every cell reads, each code once and each with its
    market, is read a column at a time and its constituents kept as those columns (``records.Rows``:
    an index of 10,000 issues makes no row object each, nor a constituent each, until something reads
    them one by one; the rules read the columns); any other by rows, which place each problem
    (``_constituents``)."""
    if not isinstance(reference, str):
        rows = read_inline(document, path, CONSTITUENT_COLUMNS)
        return _constituents(rows), rows
    source = resolve_reference(base, reference, root, document.where(path))
    text_ = read_text(source, document.where(path))
    # (a list without markets, left to KRX downloads, is read by rows: the markets are told by row)
    header = [name.strip() for name in text_.partition("\n")[0].split(",")]
    found = read_columns(text_, source.display, CONSTITUENT_COLUMNS) if "market" in header else None
    if found is not None:
        values, count = found
        named = dict(zip(CONSTITUENT_COLUMNS, values))
        if len(set(named["code"])) == count and None not in named["market"]:
            return Rows(Constituent, count, {**named, "location": RowPositions(source.display, 2, count)}), []
    rows = read_csv(text_, source.display, CONSTITUENT_COLUMNS)
    return _constituents(rows), rows


def constituents_twice(rows: list[Row]) -> tuple[list[Problem], list[Row]]:
    """A problem at each constituent row whose code an earlier row has, and the rows, each code once."""
    return listed_twice(rows, "the code {code} is listed twice (first at line {first})",
                        "코드 {code}이(가) 두 번 나옵니다 (처음: {first}행)")


def _constituents(rows: list[Row]) -> tuple[Constituent, ...]:
    problems, once = constituents_twice(rows)
    result = []
    for row in once:
        v = row.values
        result.append(Constituent(
            code=v["code"], name=v["name"], market=v["market"], sector=v["sector"],
            ktb_futures_basket=v["ktb_futures_basket"], tenor_years=v["tenor_years"],
            market_cap_krw=v["market_cap_krw"], trading_value_krw=v["trading_value_krw"],
            location=row.location, weight=v["weight"], impact_cost=v["impact_cost"],
            traded_days_ratio=v["traded_days_ratio"],
        ))
    if problems:
        raise InputError(problems)
    return tuple(result)


ISSUER_TYPES = ("corporate", "government", "covered_bond", "deposit", "derivative_credit_institution",
                "derivative_other")


def _portfolio(rows: list[Row]) -> tuple[PortfolioHolding, ...]:
    """A fund's holdings: each code once, a known issuer type, and one group per issuer (a body
    that appears under two groups, or with and without one, would be split in two)."""
    problems = []
    codes: dict[str, Location] = {}
    groups: dict[str, tuple[str | None, Location]] = {}
    spelt: dict[tuple[str, str], tuple[str, Location]] = {}  # (field, name folded) -> the first spelling
    counterparties: dict[str, tuple[str, Location]] = {}  # issuer -> its kind of OTC counterparty, first row
    for row in rows:
        v = row.values
        if v["issuer_type"] in _COUNTERPARTY_KINDS:  # one counterparty is a credit institution or it is not
            kind = counterparties.setdefault(v["issuer"], (v["issuer_type"], row.location))
            if kind[0] != v["issuer_type"]:
                problems.append(Problem(row.location, f"the counterparty {v['issuer']} is {v['issuer_type']} here "
                                        f"but {kind[0]} at line {kind[1].line}",
                                        "give every OTC derivative with one counterparty the same issuer_type: its "
                                        "exposure is added up and held to one limit",
                                        ko=f"거래상대방 {v['issuer']}의 issuer_type이 {kind[1].line}행({kind[0]})과 "
                                           f"다릅니다({v['issuer_type']})",
                                        hint_ko="같은 거래상대방의 장외파생상품에는 같은 issuer_type을 쓰세요: "
                                                "익스포저를 합산해 한 한도로 봅니다"))
        for field in ("issuer", "group"):
            problems.extend(_spelt_otherwise(field, v[field], row.location, spelt))
        if v["code"] in codes:
            first = codes[v["code"]].line
            problems.append(Problem(row.location, f"the code {v['code']} is listed twice (first at line {first})",
                                    "write one row per holding with its whole weight",
                                    ko=f"코드 {v['code']}이(가) 두 번 나옵니다 (처음: {first}행)",
                                    hint_ko="보유 종목마다 한 행에 전체 비중을 쓰세요"))
        codes.setdefault(v["code"], row.location)
        if v["issuer_type"] not in ISSUER_TYPES:
            problems.append(Problem(row.location, f"issuer_type: '{v['issuer_type']}' is not one of {', '.join(ISSUER_TYPES)}",
                                    did_you_mean(v["issuer_type"].lower(), ISSUER_TYPES),
                                    ko=f"issuer_type: '{v['issuer_type']}'은(는) {', '.join(ISSUER_TYPES)} 중 하나가 아닙니다",
                                    hint_ko=did_you_mean(v["issuer_type"].lower(), ISSUER_TYPES, "ko")))
        seen = groups.setdefault(v["issuer"], (v["group"], row.location))
        if seen[0] != v["group"]:
            problems.append(Problem(row.location, f"the issuer {v['issuer']} is in group {v['group'] or '(none)'} here "
                                    f"but in {seen[0] or '(none)'} at line {seen[1].line}",
                                    "give every row of an issuer the same group",
                                    ko=f"발행인 {v['issuer']}의 기업집단이 {seen[1].line}행({seen[0] or '없음'})과 "
                                       f"다릅니다({v['group'] or '없음'})",
                                    hint_ko="같은 발행인의 행에는 같은 기업집단을 쓰세요"))
    if problems:
        raise InputError(problems)
    return tuple(PortfolioHolding(location=r.location, **r.values) for r in rows)


_COUNTERPARTY_KINDS = frozenset(["derivative_credit_institution", "derivative_other"])


def _spelt_otherwise(field: str, name: str | None, location: Location,
                     spelt: dict[tuple[str, str], tuple[str, Location]]) -> list[Problem]:
    """A problem where ``name`` differs from an earlier row's only in case, spacing, width or an
    invisible character (``EXAMPLE CORP`` after ``Example Corp``, full-width ``ＳＫ`` after ``SK``,
    a zero-width space), an issuer's or a group's alike: the limits add up a body's rows by its
    name (its group's, else its own), so two spellings would split one body in two."""
    if name is None:
        return []
    first = spelt.setdefault(("body", _folded(name)), (name, location))
    if first[0] == name:
        return []
    return [Problem(location, f"the {field} '{name}' is written '{first[0]}' at line {first[1].line}",
                    f"write one {field} the same way on every row: the limits add up its rows by its name",
                    ko=f"{field} '{name}'이(가) {first[1].line}행에서는 '{first[0]}'(으)로 쓰여 있습니다",
                    hint_ko=f"같은 {field}은(는) 모든 행에 같은 표기로 쓰세요: 한도는 이름으로 행을 합산합니다")]


def _folded(name: str) -> str:
    """``name`` as compared for another spelling of it: compatibility forms folded (NFKC: full-width
    letters), invisible format characters dropped, spacing and case ignored."""
    import unicodedata

    folded = "".join(c for c in unicodedata.normalize("NFKC", name) if unicodedata.category(c) != "Cf")
    return " ".join(folded.split()).casefold()


def pdf_codes_twice(rows: list[Row]) -> list[Problem]:
    """A problem at each PDF row whose code an earlier row has: a copy-paste or an export that
    splits one holding, never silently added up or counted twice."""
    return listed_twice(rows, "the code {code} is listed twice in the PDF (first at line {first})",
                        "PDF에 코드 {code}이(가) 두 번 나옵니다 (처음: {first}행)",
                        "write one row per holding with its whole quantity", "보유 종목마다 한 행에 전체 수량을 쓰세요")[0]


def _holdings(rows: list[Row]) -> tuple[Holding, ...]:
    """The PDF's rows, each code once (``pdf_codes_twice``)."""
    problems = pdf_codes_twice(rows)
    if problems:
        raise InputError(problems)
    return tuple([Holding(v["code"], v["name"], v["quantity"], r.location, v.get("value_krw"), v.get("linked"))
                  for r in rows for v in (r.values,)])


class _EarlyMarketData:
    """A large market-data file read in columns on a thread of its own while the loader reads the
    index's constituent list (or, in ``Loader.read_indices``, builds the indices before it): pyarrow
    parses and sorts without holding the interpreter's lock, so the two overlap. Only the reading
    is early: its series are taken, and its file recorded, where the market data is read in turn
    (``_market_data``), and a file it does not read in columns (or any failure at all) is read
    there by rows, with positions, as it always was."""

    def __init__(self, source: SourceFile, size: int = 0):
        self.source = source
        self.size = size  # the file's bytes
        self._found: tuple[dict[str, Series] | None, str | None] = (None, None)
        self._thread = threading.Thread(target=self._read, name="etf-check market data", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        try:
            series = read_market_data_file(self.source)
            self._found = (series, file_digest(self.source) if series is not None else None)
        except Exception:  # noqa: BLE001 - left to the reading in turn, which explains any problem
            self._found = (None, None)

    def taken(self) -> tuple[dict[str, Series] | None, str | None]:
        """The series read in columns (None: the file is to be read by rows) and the file's digest."""
        self._thread.join()
        return self._found


def _early_market_data(reference: Any, base: SourceFile, root: str) -> _EarlyMarketData | None:
    """A large market-data file's reading started (``_EarlyMarketData``), or None: a small file, an
    inline table, or a reference that does not resolve (``_market_data`` says why, in turn)."""
    if not isinstance(reference, str):
        return None
    try:
        source = resolve_reference(base, reference, root, Location(base.display))
        size = os.stat(source.real).st_size
        if size < smallest_columnar():
            return None
    except (InputError, OSError, ValueError):
        return None
    return _EarlyMarketData(source, size)


# How far ``Loader.read_indices`` reads market data ahead: it starts another file while the files
# started and not yet taken, the one of the index being built included, are smaller than this in
# all (so one more file, up to the input limit, may pass it), and at most this many beyond the one
# being built. Each file's table is in memory until its index takes it.
READ_AHEAD_BYTES = 16 << 20
READ_AHEAD_FILES = 4


def _bytes_read_ahead(started: Mapping[Any, _EarlyMarketData | None], keys: Sequence[Any]) -> int:
    return sum(early.size for key in keys if (early := started.get(key)) is not None)


def _start_market_data(source: SourceFile, root: str) -> _EarlyMarketData | None:
    """The reading of the market data that the index file ``source`` names begun, as its build
    would begin it (``_early_market_data``), from a parse of the file of its own; None where there
    is nothing to begin (the build then reads the file and says what is wrong with it)."""
    try:
        data = parse_yaml(read_text(source), source.display).data
        return _early_market_data(data.get("market_data"), source, root) if isinstance(data, dict) else None
    except (InputError, OSError, ValueError):
        return None


def _market_data(reference: Any, base: SourceFile, root: str, document: Document, path: Path,
                 early: _EarlyMarketData | None = None) -> dict[str, Series]:
    """Daily rows grouped by issue and sorted by date. The CSV path is the hot one (an index of
    10,000 issues has 630,000 rows over three months): a large file spelt plainly is read in
    columns by ``loading.columnar`` (its reading started ``early`` where it was), any other row by
    row (``market_data_rows``), which also explains every bad cell with its position."""
    if isinstance(reference, str):
        source = resolve_reference(base, reference, root, document.where(path))
        if early is not None and early.source == source:
            columnar, digest = early.taken()
        else:
            columnar, digest = read_market_data_file(source), None  # a large, plainly spelt file: read in C
        if columnar is not None:
            record_digest(source, digest)  # the evidence names it, as every file read as text
            return columnar
        return market_data_rows(read_text(source, document.where(path)), source.display)
    points: dict[str, _Points] = {}
    for row in read_inline(document, path, MARKET_DATA_COLUMNS):
        v = row.values
        issue = points.get(v["code"])
        if issue is None:
            issue = points[v["code"]] = _Points(document.file)
        issue.dates.append(v["date"])
        issue.caps.append(v["market_cap_krw"])
        issue.values.append(v["trading_value_krw"])
        issue.wheres.append(row.location)
    return _grouped(points)


def market_data_rows(text_: str, file: str) -> dict[str, Series]:
    """A market-data CSV file read row by row: reads cells directly and falls back to the column
    readers only to explain a bad cell."""
    points: dict[str, _Points] = {}
    table = CsvTable(text_, file, MARKET_DATA_COLUMNS)
    collector = Collector()
    i_date, i_code = table.index["date"], table.index["code"]
    i_cap, i_value = table.index["market_cap_krw"], table.index["trading_value_krw"]
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
            explained = False
            for name in MARKET_DATA_COLUMNS:
                try:
                    MARKET_DATA_COLUMNS[name].read(cells[table.index[name]])
                except ValueError as error:
                    collector.add(Problem(table.where(line, name), f"{name}: {error}", getattr(error, "hint", None),
                                          ko=f"{name}: {getattr(error, 'ko', error)}",
                                          hint_ko=getattr(error, "hint_ko", None)))
                    explained = True
            if not explained:  # never drop a row in silence
                collector.add(Problem(Location(file, line, 1), "this row could not be read",
                                      ko="이 행을 읽을 수 없습니다"))
            continue
        issue = points.get(key)
        if issue is None:
            issue = points[key] = _Points(file)
        issue.dates.append(day)
        issue.caps.append(cap)
        issue.values.append(value)
        issue.wheres.append(line)
    collector.raise_if_any(file)
    return _grouped(points)


def _grouped(points: dict[str, "_Points"]) -> dict[str, Series]:
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
        if all(before < after for before, after in zip(dates, dates[1:])):  # the usual case: in date order
            return Series(tuple(dates), tuple(self.caps), tuple(self.values), self.location(wheres[0]))
        order = sorted(range(len(dates)), key=lambda i: (dates[i], wheres[i]))
        # the row of the issue's first date, wherever the file puts it: not the row the file happens
        # to name first, which would move with the order of the rows
        first = self.location(wheres[order[0]])
        for before, after in zip(order, order[1:]):
            if dates[before] == dates[after]:
                first_line = self.location(wheres[before]).line
                problems.append(Problem(self.location(wheres[after]),
                                        f"{key} has two rows for {dates[after]} (first at line {first_line})",
                                        ko=f"{key}의 {dates[after]} 행이 두 개입니다 (처음: {first_line}행)"))
        return Series(tuple(dates[i] for i in order), tuple(self.caps[i] for i in order),
                      tuple(self.values[i] for i in order), first)


def _amount(cell: str) -> int | Decimal:
    """A market-data amount, exactly as ``money`` reads it: a whole number of KRW written in ASCII
    digits (the common case) as an int, read and summed several times faster than a Decimal and a
    third of its size; at most 18 digits, so below the largest amount ``money`` accepts. Any other
    spelling is read by ``money`` itself, so this path is never more lenient than the general one
    (Python's Decimal would also take ``1_000``, ``+5``, ``.5``, ``-0`` or non-ASCII digits)."""
    if len(cell) <= 18 and cell.isascii() and cell.isdigit():
        return int(cell)
    return money(cell)


def _field_locations(document: Document, prefix: Path) -> dict[str, Location]:
    """Positions of a document's fields by dotted name (``principal_krw``, ``underlying.license_signed``)."""
    result = {}
    start = len(prefix)
    for path, location in document.values.items():
        depth = len(path) - start
        if (0 < depth <= 2 and isinstance(path[start], str) and (depth == 1 or isinstance(path[start + 1], str))
                and path[:start] == prefix):
            result[".".join(typing.cast(tuple[str, ...], path[start:]))] = location
    return result
