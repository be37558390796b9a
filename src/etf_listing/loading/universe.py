"""Universe files (``kind: index-universe``) to the values a screen sees (``screening.model``).

A universe is read with the same care as a product: its fields are validated as a product's are
(directly in the usual spellings, else by a pydantic model that gives did-you-mean for a misspelt
field), its company table (CSV or inline) by column readers that take
money as ``5,000억원`` and ratios as ``12%``, every problem is reported with its file, line and
column, and a code listed twice is refused (also as another row's code with its leading zeros dropped:
``5930`` beside ``005930``). A figure a row leaves empty is ``None``: the stage that
needs it reports ``error`` for that company, by name.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from ..errors import InputError, Location, Problem
from ..screening.model import Company, PreviousConstituent, Universe
from .codes import A_SHORT_CODE, OF_THE_UNIVERSE, zeros_dropped, zeros_dropped_problem
from .files import SourceFile, default_root, named_file, read_text, resolve_reference
from .markets import market
from .tables import CellError, Column, Row, boolean, code, decimal, iso_date, listed_twice, money, ratio, read_csv, read_inline, text
from .shapes import REFERENCE, REQUIRED, Record, choice, day, optional, quick_read
from .shapes import text as shape_text
from .yaml_source import Document, Path, parse_yaml


# The spellings most cells use, read directly: at most 18 digits (below the largest amount money
# accepts, and within the digits every number may have), so these paths are never more lenient than
# the general readers they stand in front of.
_PLAIN_FIGURE = re.compile(r"(-?[0-9]{1,9}(?:\.[0-9]{1,9})?)(%?)")
_PLAIN_SHARE = re.compile(r"0(?:\.[0-9]{1,18})?|1|0?\.[0-9]{1,18}")


def _whole(value: str) -> bool:
    """At most 18 ASCII digits: a whole number of won written plainly (12000000000)."""
    return value.isdigit() and value.isascii() and len(value) <= 18


def amount(value: Any) -> Decimal:
    """An amount of KRW, as ``tables.money`` reads it (a whole number of KRW directly)."""
    if type(value) is str and value.isdigit() and value.isascii() and len(value) <= 18:  # _whole(value)
        return Decimal(value)
    return money(value)


def signed_money(value: Any) -> Decimal:
    """An amount of KRW that may be negative (a net loss): ``-120억원``, ``-12,000,000,000``."""
    if type(value) is str:
        if value.isdigit() and value.isascii() and len(value) <= 18:  # _whole(value)
            return Decimal(value)
        if value[:1] == "-" and _whole(value[1:]) and value.strip("-0"):  # a loss in whole won (not -0: that is 0)
            return Decimal(value)
    if isinstance(value, str) and value.strip()[:1] in ("-", "−"):
        return -money(value.strip()[1:])
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value < 0:
        return -money(-value)
    return money(value)


def share(value: Any) -> Decimal:
    """A share between 0 and 1, as ``tables.ratio`` reads it (0.35 or 35%)."""
    if type(value) is str and _PLAIN_SHARE.fullmatch(value):
        return Decimal(value)
    return ratio(value)


def figure(value: Any) -> Decimal:
    """A signed figure such as a PBR (1.35) or an ROE (0.12, or 12%); a percentage written with %
    is read as a ratio. Unlike a share, it may be negative or above 1."""
    if type(value) is str:
        plain = _PLAIN_FIGURE.fullmatch(value)
        if plain is not None:
            number, percent = plain.groups()
            return Decimal(number) / 100 if percent else Decimal(value)  # 12.5%: as the general reader below reads it
    if isinstance(value, str) and value.strip().endswith("%"):
        try:
            return decimal(value.strip()[:-1]) / 100
        except CellError:
            raise CellError(f"'{value}' is not a number", "write 0.12 or 12%",
                            ko=f"'{value}'은(는) 숫자가 아닙니다", hint_ko="0.12 또는 12%로 쓰세요") from None
    return decimal(value)


def flag(value: Any) -> bool:
    """True or false, as ``tables.boolean`` reads it (``true`` and ``false`` directly)."""
    if value == "false":
        return False
    if value == "true":
        return True
    return boolean(value)


# Share classes as people and KRX's downloads write them (주식종류 보통주 / 우선주), read as the
# names the rulebook tests; any other class is kept as written (the screen excludes it).
SHARE_CLASSES = {"common": ("보통주", "보통", "common stock", "common share", "common shares", "ordinary", "ordinary shares"),
                 "preferred": ("우선주", "preferred stock", "preferred share", "preferred shares", "preference shares",
                               "pref")}
_SHARE_CLASS = {spelling.casefold(): name for name, spellings in SHARE_CLASSES.items() for spelling in (name, *spellings)}


def share_class(value: Any) -> str:
    """The share class a cell names: ``보통주`` and ``Common`` are ``common``, ``우선주`` is
    ``preferred``; another class as written."""
    written = text(value)
    return _SHARE_CLASS.get(" ".join(written.split()).casefold(), written)


# What people write in a reason column for "no reason": a dash (KRX's "nothing here"), a flag
# that says no, or "none" (an empty cell means the same).
NO_REASON = frozenset(["-", "\u2212", "\u2013", "\u2014", "false", "no", "n", "none", "n/a", "없음", "해당없음", "해당 없음"])


def reason(value: Any) -> str | None:
    """A reason the cell gives, or None for a cell that says there is none (``-``, ``false``,
    ``none``, ``없음``), so that it is not read as a reason to exclude."""
    written = text(value) if not isinstance(value, bool) else ("true" if value else "false")
    return None if written.casefold() in NO_REASON else written


COMPANY_COLUMNS = {
    "code": Column(code),
    "name": Column(text),
    "market": Column(market),
    "share_class": Column(share_class, required=False),
    "industry_group": Column(text, required=False),
    "listed_on": Column(iso_date, required=False),
    "free_float_ratio": Column(share, required=False),
    "market_cap_krw": Column(amount, required=False),
    "trading_value_krw": Column(amount, required=False),
    "net_income_krw_y1": Column(signed_money, required=False),
    "net_income_krw_y2": Column(signed_money, required=False),
    "dividend_krw_y1": Column(amount, required=False),
    "dividend_krw_y2": Column(amount, required=False),
    "treasury_cancelled_krw_y1": Column(amount, required=False),
    "treasury_cancelled_krw_y2": Column(amount, required=False),
    "pbr_y1": Column(figure, required=False),
    "pbr_y2": Column(figure, required=False),
    "roe_y1": Column(figure, required=False),
    "roe_y2": Column(figure, required=False),
    "administrative_issue": Column(flag, required=False),
    "investment_caution": Column(flag, required=False),
    "under_review": Column(flag, required=False),
    "capital_impaired": Column(flag, required=False),
    "unsuitable_reason": Column(reason, required=False),
    "value_up_disclosed_on": Column(iso_date, required=False),
}
PREVIOUS_COLUMNS = {
    "code": Column(code),
    "name": Column(text, required=False),
    "special_until": Column(iso_date, required=False),
}


class UniverseRecord(Record):
    """The universe file's fields, read directly in the usual spellings (``loading.shapes``); in any
    other, the pydantic model ``UniverseDocument`` (``loading.universe_document``) decides and says
    what is wrong. Either way the same values."""

    FIELDS = {
        "kind": (choice("index-universe"), REQUIRED),
        "schema_version": (choice(1), REQUIRED),
        "name": (shape_text(1), REQUIRED),
        "description": (optional(shape_text()), None),
        "as_of": (optional(day), None),
        "companies": (REFERENCE, REQUIRED),
        "previous_constituents": (optional(REFERENCE), None),
    }


def _document(document: Document) -> Any:
    quick = quick_read(UniverseRecord, document.data)
    if quick is not None:
        return quick
    from .universe_document import UniverseDocument
    from .validation import validated

    return validated(UniverseDocument, document, ())


def load_universe(path: str, root: str | None = None) -> Universe:
    """Read the universe file at ``path`` and the tables it refers to; ``InputError`` lists every
    problem found, each with its file, line and column."""
    source = named_file(path)
    root = root or default_root(path)
    document = parse_yaml(read_text(source), source.display)
    if document.data is None:
        raise InputError.at(document.where(()), "the file is empty", "a universe file starts with kind: index-universe",
                            ko="파일이 비어 있습니다", hint_ko="유니버스 파일은 kind: index-universe로 시작합니다")
    if not isinstance(document.data, dict):
        raise InputError.at(document.where(()), "expected a universe file: a mapping with kind: index-universe",
                            ko="유니버스 파일이어야 합니다: kind: index-universe가 있는 매핑")
    kind = document.data.get("kind")
    if kind != "index-universe":
        hint = {"etf-product": "this is a product file: check it with etf-check PRODUCT",
                "etf-index": "this is an index file: a screen reads the companies an index is chosen from"}
        hint_ko = {"etf-product": "상품 파일입니다: etf-check PRODUCT로 확인하세요",
                   "etf-index": "지수 파일입니다: 스크리닝은 지수 종목을 고를 상장사 목록을 읽습니다"}
        raise InputError.at(document.where(("kind",)), f"not a universe file (kind: {kind!r})",
                            hint.get(str(kind), "add kind: index-universe"),
                            ko=f"유니버스 파일이 아닙니다 (kind: {kind!r})",
                            hint_ko=hint_ko.get(str(kind), "kind: index-universe를 추가하세요"))
    parsed = _document(document)
    problems: list[Problem] = []
    companies: list[Company] = []
    previous: tuple[PreviousConstituent, ...] | None = None
    special: dict[str, dt.date] = {}
    if parsed.previous_constituents is not None:
        try:
            rows = _table(parsed.previous_constituents, source, root, document, ("previous_constituents",), PREVIOUS_COLUMNS)
            previous = _previous(rows)
            special = {p.code: p.special_until for p in previous if p.special_until is not None}
        except InputError as error:
            problems.extend(error.problems)
    try:
        rows = _table(parsed.companies, source, root, document, ("companies",), COMPANY_COLUMNS)
        companies = _companies(rows, special)
        if not rows:  # a header alone: a screen of nothing would select nothing and say it had succeeded
            problems.append(Problem(document.where(("companies",)), "companies: the universe lists no company",
                                    "a universe lists the companies listed on the review date, one a row",
                                    ko="companies: 유니버스에 기업이 없습니다",
                                    hint_ko="유니버스에는 심사일 현재 상장 기업을 한 행에 하나씩 씁니다"))
    except InputError as error:
        problems.extend(error.problems)
    if previous and companies and not problems:
        problems.extend(_codes_without_zeros(previous, companies))
    if problems:
        raise InputError(problems)
    return Universe(
        file=source.display,
        name=parsed.name,
        as_of=parsed.as_of,
        companies=tuple(sorted(companies, key=lambda c: c.code)),
        previous_constituents=tuple(sorted(previous, key=lambda p: p.code)) if previous is not None else None,
        locations=_field_locations(document),
        description=parsed.description,
    )


def _table(reference: Any, base: SourceFile, root: str, document: Document, path: Path, columns: dict[str, Column]
           ) -> list[Row]:
    """A table the universe refers to, as a product's (``loading.load``): a CSV file beside it
    (under ``root``), or rows written in the universe file."""
    if isinstance(reference, str):
        source = resolve_reference(base, reference, root, document.where(path))
        return read_csv(read_text(source, document.where(path)), source.display, columns)
    return read_inline(document, path, columns)


def _field_locations(document: Document) -> dict[str, Location]:
    """Positions of the universe's fields by dotted name (``as_of``), as a product's."""
    return {".".join(str(part) for part in path): location for path, location in document.values.items()
            if 0 < len(path) <= 2 and all(isinstance(part, str) for part in path)}


def _twice(rows: list[Row]) -> list[Problem]:
    return listed_twice(rows, "the code {code} is listed twice (first at line {first})", "코드 {code}이(가) 두 번 나옵니다 (처음: {first}행)",
                        "write one row per company", "회사마다 한 행을 쓰세요")[0] + _twice_without_zeros(rows)


def _with_zeros(code: str) -> str:
    """A code as KRX writes it: a number of fewer than six digits with its leading zeros back."""
    return code.zfill(6) if code.isascii() and code.isdigit() and len(code) < 6 else code


def _twice_without_zeros(rows: list[Row]) -> list[Problem]:
    """Two rows of one list whose codes are one code with and without its leading zeros (``005930``
    and ``5930``): the same issue listed twice, which would be screened (and selected) twice.
    Refused at the later row, naming the first."""
    seen: dict[str, tuple[str, int | None]] = {}
    problems: list[Problem] = []
    for row in rows:
        code = row.values["code"]
        key = _with_zeros(code)
        first = seen.get(key)
        if first is None:
            seen[key] = (code, row.location.line)
            continue
        written, line = first
        if written == code:
            continue  # the same spelling twice: listed_twice says so
        problems.append(Problem(
            row.where("code"),
            f"the code {code} is listed twice: line {line} writes it {written}, "
            f"{'without' if len(written) < len(code) else 'with'} its leading zeros",
            f"write one row per company, its code with its leading zeros ({key}): a spreadsheet drops the "
            "leading zeros of a code it takes for a number, so keep the column as text",
            ko=f"코드 {code}이(가) 두 번 나옵니다: {line}행에 앞자리 0을 {'뺀' if len(written) < len(code) else '붙인'} "
               f"{written}(으)로 적혀 있습니다",
            hint_ko=f"회사마다 한 행을 쓰고 코드는 앞자리 0을 붙여 쓰세요({key}). 스프레드시트는 숫자로 여긴 코드의 "
                    "앞자리 0을 지우므로 열을 텍스트 형식으로 두십시오"))
    return problems


def _companies(rows: list[Row], special: dict[str, dt.date]) -> list[Company]:
    problems = _twice(rows)
    if problems:
        raise InputError(problems)
    return [Company(**row.values, special_until=special.get(row.values["code"]), location=row.location) for row in rows]


def _codes_without_zeros(previous: tuple[PreviousConstituent, ...], companies: list[Company]) -> list[Problem]:
    """A previous constituent's code that is a company's with its leading zeros dropped (``5930``
    for ``005930``), or the other way round: the same issue, which would otherwise count once as a
    deletion and once as an addition (turnover) and lose its special inclusion date. Refused at the
    row that lost them, naming the code meant."""
    names = {c.code: c.name for c in companies}
    before = {p.code: p for p in previous}
    problems = []
    for constituent in previous:
        meant = zeros_dropped(constituent.code, names) if constituent.code not in names else None
        if meant is not None:
            problems.append(zeros_dropped_problem(constituent.location, "code", constituent.code, meant, names[meant],
                                                  of=OF_THE_UNIVERSE))
    for company in companies:  # the universe's own code lost them, the list before keeps them
        meant = zeros_dropped(company.code, before) if company.code not in before else None
        if meant is not None:
            problems.append(zeros_dropped_problem(company.location, "code", company.code, meant, of=A_SHORT_CODE))
    return problems


def _previous(rows: list[Row]) -> tuple[PreviousConstituent, ...]:
    problems = _twice(rows)
    if problems:
        raise InputError(problems)
    return tuple(PreviousConstituent(location=row.location, **row.values) for row in rows)
