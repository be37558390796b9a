"""KRX data portal downloads, read as users download them.

Two screens of the portal (정보데이터시스템, data.krx.co.kr) give what a listing check needs:

- **12001, all issues' daily prices** (전종목 시세): one file a trading day, the date only in the
  file's name; columns 종목코드, 종목명, 시장구분, 소속부, 종가, 대비 (newer downloads: 등락폭), 등락률,
  시가, 고가, 저가, 거래량, 거래대금, 시가총액, 상장주식수. ``read_daily`` keeps the rows of the
  issues asked for and gives their daily series, and the market (시장구분) each was on.
- **13108, an ETF's portfolio deposit file** (PDF): 종목코드, 구성종목명, 주식수(계약수), 평가금액,
  시가총액, 시가총액 구성비중; ``-`` for a figure not given; amounts may be negative (payables, short
  futures). ``read_pdf`` gives its rows as the PDF rows of the documented format.

Downloads are CP949 (EUC-KR) or UTF-8 with or without a byte order mark; every field may be quoted;
amounts may have thousands separators (the Excel variant). pykrx's frames saved with
``DataFrame.to_csv`` read the same (their index column 티커, and 계약수, 금액, 비중 for a PDF).
Every problem is positioned at the file, line and column of the cell.

Length: the three layouts (screen 12001, screen 13108, pykrx's per-issue frame) share one
decoder, one header check that names the screen a wrong file comes from, and one cell locator for
quoted fields; split apart, each would repeat them.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import glob
import io
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterator, Mapping, Sequence

from ..errors import InputError, Location, Problem
from ..model import Constituent, Series
from .files import SourceFile, composed, open_regular, read_bytes, resolve_reference
from .codes import A_SHORT_CODE, OF_THE_INDEX, SHORT_CODE, share_issuer, short_code, zeros_dropped_problem
from .shapes import KrxPdfFile
from .tables import MAX_LINE_CHARS, MAX_PROBLEMS, CellError, Collector, Row, _long_line, decimal, text

BOM = b"\xef\xbb\xbf"
SCREEN_DAILY = "12001"
SCREEN_PDF = "13108"

# Columns by what they hold: the portal's name first, then the names of pykrx's frames.
DAILY_COLUMNS = {
    "code": ("종목코드", "티커"),
    "name": ("종목명",),
    "market": ("시장구분",),
    "market_cap_krw": ("시가총액",),
    "trading_value_krw": ("거래대금",),
}
DAILY_REQUIRED = ("code", "market_cap_krw", "trading_value_krw")
DAILY_HEADER = ("종목코드,종목명,시장구분,소속부,종가,대비 (or 등락폭),등락률,시가,고가,저가,거래량,거래대금,"
                "시가총액,상장주식수")
PDF_COLUMNS = {
    "code": ("종목코드", "티커"),
    "name": ("구성종목명", "종목명"),
    "quantity": ("주식수(계약수)", "계약수"),
    "valuation": ("평가금액", "금액"),
    "amount": ("시가총액",),
}
PDF_REQUIRED = ("code", "name", "quantity")
PDF_HEADER = "종목코드,구성종목명,주식수(계약수),평가금액,시가총액,시가총액 구성비중"
# The PDF's 설정현금액 row: the cash paid in for a creation unit, not a holding (the cash held is
# its own row, 원화예금 or 원화현금, KRD010010001). Counting it would count that cash twice.
CREATION_CASH = "CASH00000001"

_DATE_IN_NAME = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})([01][0-9])([0-3][0-9])(?![0-9])")
_SEPARATED = re.compile(r"-?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")


# --- text and cells -------------------------------------------------------------------------------

def decode(data: bytes, file: str) -> str:
    """A download's text: UTF-8 (with or without a BOM) or else CP949, the portal's encoding."""
    if data.startswith(BOM):
        candidates: Sequence[str] = ("utf-8",)
        data = data[len(BOM):]
    else:
        candidates = ("utf-8", "cp949")
    failure: UnicodeDecodeError | None = None
    for encoding in candidates:
        try:
            decoded = data.decode(encoding)
            break
        except UnicodeDecodeError as error:
            failure = error  # the last tried: CP949 for a file without a BOM
    else:
        assert failure is not None
        line = data.count(b"\n", 0, failure.start) + 1
        column = failure.start - (data.rfind(b"\n", 0, failure.start) + 1) + 1
        raise InputError.at(Location(file, line, column), "the file is neither UTF-8 nor CP949 (EUC-KR) text",
                            "KRX downloads are CP949 or UTF-8: download it again, or save it in one of them",
                            ko="파일이 UTF-8도 CP949(EUC-KR)도 아닙니다",
                            hint_ko="KRX 다운로드 파일은 CP949 또는 UTF-8입니다. 다시 내려받거나 둘 중 하나로 저장하십시오")
    nul = decoded.find("\0")
    if nul >= 0:
        line = decoded.count("\n", 0, nul) + 1
        raise InputError.at(Location(file, line, 1), "the file holds a NUL character, which text never does",
                            "is it an Excel (.xlsx) file, or UTF-16? Download the CSV, or save it as CSV in UTF-8 or CP949",
                            ko="파일에 NUL 문자가 있습니다. 텍스트 파일에는 없는 문자입니다",
                            hint_ko="엑셀(.xlsx) 파일이거나 UTF-16 파일입니까? CSV로 내려받거나 UTF-8 또는 CP949 CSV로 저장하십시오")
    return composed(decoded)  # (a download re-saved on a Mac may spell its Korean decomposed)


def amount(cell: str, *, signed: bool = False) -> int | Decimal | None:
    """An amount as the portal writes it: ``1306838265``, ``1,306,838,265``, ``-375,184,000``
    (where ``signed``), ``8,140.00``; ``-`` or nothing for a figure not given (None)."""
    cell = cell.strip()
    if cell in ("", "-"):
        return None
    if _SEPARATED.fullmatch(cell):
        cell = cell.replace(",", "")
    if cell.isascii() and cell.isdigit() and len(cell) <= 18:
        return int(cell)
    number = decimal(cell)
    if number < 0 and not signed:
        raise CellError(f"the amount {cell} is negative", "a market cap or a trading value is 0 or more",
                        ko=f"금액 {cell}이(가) 음수입니다", hint_ko="시가총액과 거래대금은 0 이상입니다")
    return number


def date_in_name(path: str) -> dt.date | None:
    """The trading day a daily download's file name gives (``20241031.csv``, ``data_20241031.csv``)."""
    found = [m for m in _DATE_IN_NAME.finditer(os.path.basename(path))]
    days = set()
    for match in found:
        try:
            days.add(dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))))
        except ValueError:
            continue
    return days.pop() if len(days) == 1 else None


def cell_column(raw: str, index: int) -> int:
    """The column (from 1) where cell ``index`` of a CSV line starts, quoted fields included."""
    if index == 0:
        return 1
    quoted = False
    cells = 0
    for position, character in enumerate(raw):
        if character == '"':
            quoted = not quoted
        elif character == "," and not quoted:
            cells += 1
            if cells == index:
                return position + 2
    return 1


class Table:
    """A download's header, the columns it has by what they hold, and its rows with positions."""

    def __init__(self, text_: str, file: str, wanted: Mapping[str, tuple[str, ...]], required: Sequence[str],
                 describe: Callable[[list[str], list[str]], InputError]):
        self.file = file
        self.lines = text_.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        too_long = _long_line(text_)
        if too_long:
            raise InputError.at(Location(file, too_long, 1), f"this line is longer than {MAX_LINE_CHARS:,} characters",
                                "is this a KRX download?",
                                ko=f"이 줄이 {MAX_LINE_CHARS:,}자보다 깁니다", hint_ko="KRX 다운로드 파일이 맞습니까?")
        self.reader = csv.reader(io.StringIO(text_, newline=None))
        try:
            header = next(self.reader)
        except StopIteration:
            raise InputError.at(Location(file), "the file is empty", ko="파일이 비어 있습니다") from None
        except csv.Error as error:
            raise InputError.at(Location(file), f"not valid CSV: {error}", ko=f"올바른 CSV가 아닙니다 (파서: {error})") from None
        self.names = [name.strip().lstrip("\ufeff") for name in header]
        self.index: dict[str, int] = {}
        for purpose, spellings in wanted.items():
            for spelling in spellings:
                if spelling in self.names:
                    self.index[purpose] = self.names.index(spelling)
                    break
        missing = [wanted[p][0] for p in required if p not in self.index]
        if missing:
            raise describe(missing, self.names)

    def where(self, line: int, purpose: str) -> Location:
        raw = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return Location(self.file, line, cell_column(raw, self.index.get(purpose, 0)))

    def rows(self, collector: Collector) -> Iterator[tuple[int, list[str]]]:
        width = len(self.names)
        ended = self.reader.line_num
        try:
            for cells in self.reader:
                line, ended = ended + 1, self.reader.line_num
                if collector.full:
                    collector.stop(Location(self.file, line, 1))
                    return
                if not cells or all(not cell.strip() for cell in cells):
                    continue  # a blank line, or an empty row an export left at the end (,,,)
                if len(cells) != width:
                    collector.add(Problem(Location(self.file, line, 1),
                                          f"this row has {len(cells)} cells; the header names {width} columns",
                                          ko=f"이 행의 칸은 {len(cells)}개인데 머리행의 열은 {width}개입니다"))
                    continue
                yield line, cells
        except csv.Error as error:
            collector.add(Problem(Location(self.file, ended + 1, 1), f"not valid CSV: {error}",
                                  ko=f"올바른 CSV가 아닙니다 (파서: {error})"))


def _other_screen(found: Sequence[str]) -> tuple[str, str] | None:
    """Which other download a header looks like, in English and Korean."""
    names = set(found)
    if names & {"구성종목명", "주식수(계약수)", "계약수"}:
        return (f"an ETF's PDF (screen {SCREEN_PDF})", f"ETF PDF(화면 {SCREEN_PDF})")
    if names & {"종가", "시가총액", "거래대금"} and "종목코드" in names:
        return (f"an all-issue daily download (screen {SCREEN_DAILY})", f"전종목 시세(화면 {SCREEN_DAILY})")
    if "지수명" in names:
        return ("an index download (지수명)", "지수 다운로드(지수명)")
    return None


def _daily_header_error(file: str) -> Callable[[list[str], list[str]], InputError]:
    return _header_error(file, "PDF", (f"the all-issue daily prices of screen {SCREEN_DAILY}", f"화면 {SCREEN_DAILY}의 전종목 시세"),
                         (f"market_data with format: krx-daily reads one download of screen {SCREEN_DAILY} a trading day",
                          f"format: krx-daily인 market_data는 거래일마다 화면 {SCREEN_DAILY}의 다운로드 파일 하나를 읽습니다"),
                         (f"an all-issue daily download (screen {SCREEN_DAILY}) has the columns {DAILY_HEADER}",
                          f"전종목 시세(화면 {SCREEN_DAILY})의 열: {DAILY_HEADER}"))


def _pdf_header_error(file: str) -> Callable[[list[str], list[str]], InputError]:
    return _header_error(file, "daily", (f"an ETF's PDF (screen {SCREEN_PDF})", f"ETF PDF(화면 {SCREEN_PDF})"),
                         (f"pdf with format: krx-pdf reads the PDF download of screen {SCREEN_PDF}",
                          f"format: krx-pdf인 pdf는 화면 {SCREEN_PDF}의 PDF 다운로드 파일을 읽습니다"),
                         (f"an ETF's PDF download (screen {SCREEN_PDF}) has the columns {PDF_HEADER}",
                          f"ETF PDF(화면 {SCREEN_PDF})의 열: {PDF_HEADER}"))


def _header_error(file: str, mistaken: str, wanted: tuple[str, str], reads: tuple[str, str],
                  columns: tuple[str, str]) -> Callable[[list[str], list[str]], InputError]:
    """How to say that a download lacks columns: that it looks like the ``mistaken`` other screen
    (what it is, what this option reads), or which columns are missing (and which it should have),
    in English and Korean."""
    def describe(missing: list[str], found: list[str]) -> InputError:
        listed = ", ".join(found) or "(none)"
        other = _other_screen(found)
        if other and mistaken in other[0]:
            return InputError.at(Location(file), f"this looks like {other[0]}, not {wanted[0]}", reads[0],
                                 ko=f"{other[1]}로 보입니다. {wanted[1]}가 아닙니다", hint_ko=reads[1])
        return InputError.at(Location(file), f"the column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                             f"{'are' if len(missing) > 1 else 'is'} missing; the columns found: {listed}",
                             columns[0], ko=f"열 {', '.join(missing)}이(가) 없습니다. 있는 열: {listed}", hint_ko=columns[1])
    return describe


def _cell_problem(table: Table, line: int, purpose: str, error: CellError) -> Problem:
    column = table.names[table.index[purpose]]
    return Problem(table.where(line, purpose), f"{column}: {error}", error.hint, ko=f"{column}: {error.ko}",
                   hint_ko=error.hint_ko)


# --- daily prices (screen 12001) ------------------------------------------------------------------

def matching_files(pattern: str, base: SourceFile, root: str, where: Location) -> list[SourceFile]:
    """The files a glob written in ``base`` names, relative to it and inside ``root``."""
    if os.path.isabs(pattern) or pattern.startswith("~"):
        raise InputError.at(where, f"'{pattern}' is an absolute path", "name the files relative to the file that refers to them",
                            ko=f"'{pattern}'은(는) 절대 경로입니다", hint_ko="참조하는 파일을 기준으로 한 상대 경로로 지정하세요")
    folder = os.path.dirname(base.real)
    found = sorted(glob.glob(os.path.join(glob.escape(folder), pattern)))
    if not found:
        raise InputError.at(where, f"no file matches '{pattern}'",
                            f"put the daily downloads (screen {SCREEN_DAILY}) there, one a trading day, named by date: 20241031.csv",
                            ko=f"'{pattern}'에 맞는 파일이 없습니다",
                            hint_ko=f"거래일마다 내려받은 전종목 시세(화면 {SCREEN_DAILY})를 날짜 이름(20241031.csv)으로 두십시오")
    return [resolve_reference(base, os.path.relpath(path, folder), root, where) for path in found]


@dataclass
class DailyFile:
    """What one daily download gave: its rows, those kept, and those left out and why; and the line
    of each issue's row in a daily download (``lines``, by code), of each date's in a per-issue
    frame (``days``)."""

    file: str
    date: dt.date | None  # None for a per-issue frame, whose dates are in a column
    rows: int = 0
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    lines: dict[str, int] = field(default_factory=dict)
    days: dict[dt.date, int] = field(default_factory=dict)


@dataclass
class DailyData:
    """The daily series of the issues kept, the market each was on (its latest file's 시장구분, and
    where that was read), and a summary of every file read."""

    series: dict[str, Series]
    markets: dict[str, tuple[str, Location]]
    names: dict[str, str]
    files: list[DailyFile]


NOT_WANTED = "not a constituent"
NO_FIGURE = "no figure ('-')"


def dated_files(sources: Sequence[SourceFile]) -> list[tuple[dt.date, SourceFile]]:
    """Each download with the trading day its name gives, in date order; ``InputError`` for a name
    with no date and for two files of one day."""
    problems: list[Problem] = []
    by_day: dict[dt.date, SourceFile] = {}
    for source in sorted(sources, key=lambda s: s.display):
        day = date_in_name(source.display)
        if day is None:
            problems.append(Problem(Location(source.display),
                                    "the file name carries no date, so its trading day is not known",
                                    "name each day's download by its date, YYYYMMDD: 20241031.csv or data_20241031.csv",
                                    ko="파일 이름에 날짜가 없어 거래일을 알 수 없습니다",
                                    hint_ko="거래일마다 내려받은 파일의 이름에 날짜를 YYYYMMDD로 넣으십시오: 20241031.csv, data_20241031.csv"))
            continue
        first = by_day.setdefault(day, source)
        if first is not source:
            problems.append(Problem(Location(source.display), f"a second file for {day} (the first is {first.display})",
                                    "keep one download a trading day",
                                    ko=f"{day}의 파일이 두 개입니다 (첫 파일: {first.display})",
                                    hint_ko="거래일마다 다운로드 파일 하나만 두십시오"))
    if problems:
        raise InputError(problems)
    return sorted(by_day.items(), key=lambda pair: pair[0])


def read_daily(sources: Sequence[SourceFile], keep: Callable[[str], str | None] | None,
               where: Location | None = None, *, lenient: bool = False) -> DailyData:
    """The daily series of the issues ``keep`` names (it gives the code to keep a row under, or
    None to leave it out; ``keep`` None: every issue, the whole market) from one download a trading
    day. A kept row without a figure (``-``) is an input error, or with ``lenient`` (converting the
    whole market) a row left out. A code that lost its leading zeros (``5930``) is an input error
    naming the code meant, where it is one ``keep`` keeps, or any code for the whole market: every
    code of a KRX download is a six-character short code."""
    problems: list[Problem] = []
    dates: dict[str, list[dt.date]] = {}
    caps: dict[str, list[int | Decimal]] = {}
    values: dict[str, list[int | Decimal]] = {}
    firsts: dict[str, Location] = {}
    markets: dict[str, tuple[str, Location]] = {}
    names: dict[str, str] = {}
    summaries: list[DailyFile] = []
    for day, source in dated_files(sources):
        try:
            table = Table(decode(read_bytes(source, where), source.display), source.display, DAILY_COLUMNS,
                          DAILY_REQUIRED, _daily_header_error(source.display))
        except InputError as error:
            problems.extend(error.problems)
            continue
        summary = DailyFile(source.display, day)
        summaries.append(summary)
        collector = Collector()
        i_code, i_cap, i_value = table.index["code"], table.index["market_cap_krw"], table.index["trading_value_krw"]
        i_market, i_name = table.index.get("market"), table.index.get("name")
        seen = summary.lines
        for line, cells in table.rows(collector):
            summary.rows += 1
            raw = cells[i_code].strip()
            if not raw:
                collector.add(Problem(table.where(line, "code"), f"{table.names[i_code]}: a value is required",
                                      ko=f"{table.names[i_code]}: 값이 필요합니다"))
                continue
            if keep is not None:
                code = keep(raw)
            else:  # the whole market: every code but one that lost its leading zeros
                code = raw if len(raw) >= 6 or not (raw.isascii() and raw.isdigit()) else None
            if code is None:
                zeros_lost = raw.isascii() and raw.isdigit() and len(raw) < 6
                meant = (raw.zfill(6) if keep is None else keep(raw.zfill(6))) if zeros_lost else None
                if meant is not None:  # a code that lost its leading zeros: never dropped, nor kept, in silence
                    collector.add(zeros_dropped_problem(table.where(line, "code"), table.names[i_code], raw, meant,
                                                        of=A_SHORT_CODE if keep is None else OF_THE_INDEX))
                    continue
                summary.dropped[NOT_WANTED] += 1
                continue
            if code in seen:
                collector.add(Problem(table.where(line, "code"), f"{raw} is listed twice in this file (first at line {seen[code]})",
                                      ko=f"{raw}이(가) 이 파일에 두 번 나옵니다 (처음: {seen[code]}행)"))
                continue
            seen[code] = line
            try:
                cap = amount(cells[i_cap])
            except CellError as error:
                collector.add(_cell_problem(table, line, "market_cap_krw", error))
                continue
            try:
                value = amount(cells[i_value])
            except CellError as error:
                collector.add(_cell_problem(table, line, "trading_value_krw", error))
                continue
            if (cap is None or value is None) and lenient:
                summary.dropped[NO_FIGURE] += 1
                continue
            if cap is None or value is None:
                collector.add(_no_figure(table, line, cells, "market_cap_krw" if cap is None else "trading_value_krw", raw, day))
                continue
            summary.kept += 1
            if code not in dates:
                dates[code], caps[code], values[code] = [], [], []
                firsts[code] = Location(source.display, line, 1)
            dates[code].append(day)
            caps[code].append(cap)
            values[code].append(value)
            if i_market is not None and cells[i_market].strip():
                markets[code] = (cells[i_market].strip(), table.where(line, "market"))
            if i_name is not None and cells[i_name].strip():
                names[code] = cells[i_name].strip()
        if summary.rows == 0 or (keep is not None and not lenient and summary.kept == 0 and not collector.problems):
            # a day's download with no row (its header alone), or none of the index's issues: read
            # as it is, the day would drop out of every issue's window in silence
            what = "no row" if summary.rows == 0 else "no row of the index's constituents"
            collector.add(Problem(Location(source.display, 1, 1), f"{what} in this download for {day}",
                                  "download the day again, whole (a trading day gives every issue's figures), "
                                  "or remove the file if the market did not trade that day",
                                  ko=f"{day} 다운로드에 {'행이 없습니다' if summary.rows == 0 else '지수 구성종목의 행이 없습니다'}",
                                  hint_ko="그날 자료를 전체로 다시 받거나, 거래일이 아니면 파일을 지우세요"))
        try:
            collector.raise_if_any(source.display)
        except InputError as error:
            problems.extend(error.problems)
        if len(problems) >= MAX_PROBLEMS:  # downloads wrong throughout: say so once, not per file
            problems = problems[:MAX_PROBLEMS]
            problems.append(Problem(Location(source.display), f"reading stopped after {MAX_PROBLEMS} problems",
                                    "fix these and check again", ko=f"문제가 {MAX_PROBLEMS}개를 넘어 읽기를 멈췄습니다",
                                    hint_ko="위 문제를 고친 뒤 다시 확인하십시오"))
            break
    if problems:
        raise InputError(problems)
    series = {code: Series(tuple(dates[code]), tuple(caps[code]), tuple(values[code]), firsts[code]) for code in dates}
    return DailyData(series, markets, names, summaries)


# --- an ETF's PDF (screen 13108) ------------------------------------------------------------------

def without_quantity(name: str, code: str, value: int | Decimal | None) -> CellError | None:
    """Why a PDF row without a quantity cannot be read, or None for cash, which is held at its
    amount: a row with no figure at all names a holding and says nothing of it, and a share's
    amount is no number of shares."""
    if value is None:
        en, ko = "the row gives neither a quantity nor an amount", "이 행에는 수량도 금액도 없습니다"
        hint = "the download names the holding but gives no figure for it"
        hint_ko = "다운로드에 종목은 있으나 값이 없습니다"
    elif SHORT_CODE.fullmatch(code) or short_code(code) is not None or share_issuer(code) is not None:
        en, ko = "a share's row gives an amount but no quantity", "주식 행에 금액만 있고 수량이 없습니다"
        hint, hint_ko = "only cash is held at its amount", "금액으로 보유하는 것은 현금뿐입니다"
    else:
        return None
    return CellError(f"{name} ({code}): {en}", f"{hint}: download the PDF again, or write its quantity (0 when it is "
                     "not held)", ko=f"{name}({code}): {ko}",
                     hint_ko=f"{hint_ko}. PDF를 다시 내려받거나 수량을 쓰십시오(보유하지 않으면 0)")


def read_pdf(source: SourceFile, where: Location | None = None) -> list[Row]:
    """The rows of a PDF download as PDF rows (code, name, quantity, value_krw). A figure given as
    ``-`` is not given; a row with no quantity but an amount (the cash rows, 원화예금) is held at
    that amount in KRW, while a share's row without a quantity is an input error (its amount is no
    number of shares), as is a row with neither (the download names a holding but
    says nothing of it: not held is not what it says); the 설정현금액 row is not a holding and is
    left out."""
    table = Table(decode(read_bytes(source, where), source.display), source.display, PDF_COLUMNS, PDF_REQUIRED,
                  _pdf_header_error(source.display))
    collector = Collector()
    rows: list[Row] = []
    for line, cells in table.rows(collector):
        values: dict[str, object] = {}
        ok = True
        for purpose in ("code", "name"):
            try:
                values[purpose] = text(cells[table.index[purpose]])
            except CellError as error:
                collector.add(_cell_problem(table, line, purpose, error))
                ok = False
        figures: dict[str, int | Decimal | None] = {}
        for purpose in ("quantity", "valuation", "amount"):
            i = table.index.get(purpose)
            try:
                figures[purpose] = amount(cells[i], signed=True) if i is not None else None
            except CellError as error:
                collector.add(_cell_problem(table, line, purpose, error))
                ok = False
        if not ok or values["code"] == CREATION_CASH:
            continue
        value = figures["valuation"] if figures["valuation"] is not None else figures["amount"]
        quantity = figures["quantity"]
        if quantity is None:
            unheld = without_quantity(str(values["name"]), str(values["code"]), value)
            if unheld is not None:
                collector.add(_cell_problem(table, line, "quantity", unheld))
                continue
            assert value is not None  # (a row with no figure is refused above)
            quantity = value  # cash (원화현금, 원화예금) is held at its amount
        values["quantity"] = Decimal(quantity)
        values["value_krw"] = Decimal(value) if value is not None else None
        values["linked"] = None
        rows.append(Row(values, Location(source.display, line, 1), functools.partial(_pdf_cell, table, line)))
    collector.raise_if_any(source.display)
    return rows


_PDF_PURPOSE = {"value_krw": "valuation"}


def _pdf_cell(table: Table, line: int, name: str) -> Location:
    """Where a PDF row's field ``name`` (as the documented format names it) is in the download."""
    return table.where(line, _PDF_PURPOSE.get(name, name))


# --- an index's market data from daily downloads --------------------------------------------------

def krx_market_data(pattern: str, constituents: Sequence[Constituent], base: SourceFile, root: str,
                    where: Location) -> tuple[dict[str, Series], tuple[Constituent, ...]]:
    """The constituents' daily series from the downloads ``pattern`` names, and the constituents
    with the market (시장구분) of their latest download where their own row gives none."""
    codes = {c.code: c.code for c in constituents}
    for c in constituents:  # an index in ISINs still matches the downloads' short codes
        short = short_code(c.code)
        if short is not None:
            codes.setdefault(short, c.code)
    data = read_daily(matching_files(pattern, base, root, where), codes.get, where)
    filled = tuple(c if c.market is not None or c.code not in data.markets
                   else dataclasses.replace(c, market=data.markets[c.code][0]) for c in constituents)
    return data.series, filled


def without_market(rows: Sequence[Row], constituents: Sequence[Constituent]) -> list[Problem]:
    """A problem for each constituent whose market neither its row nor a download gives."""
    unknown = {c.code for c in constituents if c.market is None}
    return [Problem(row.where("market"), "market: a value is required",
                    "write the market (KOSPI, KOSDAQ ...), or give market_data as KRX daily downloads "
                    "(format: krx-daily), whose 시장구분 gives it",
                    ko="market: 값이 필요합니다",
                    hint_ko="시장(KOSPI, KOSDAQ 등)을 쓰거나, 시장구분이 있는 KRX 일별 다운로드(format: krx-daily)를 market_data로 지정하십시오")
            for row in rows if row.values.get("code") in unknown and row.values.get("market") is None]


def krx_pdf(spec: KrxPdfFile, base: SourceFile, root: str, where: Location) -> list[Row]:
    """The rows of a PDF download a product names, with the rows it marks as linked."""
    rows = read_pdf(resolve_reference(base, spec.file, root, where), where)
    linked = set(spec.linked or ())
    if not linked:
        return rows
    marked = []
    for row in rows:
        code = str(row.values["code"])
        if code in linked or short_code(code) in linked:
            row = dataclasses.replace(row, values={**row.values, "linked": True})
        marked.append(row)
    return marked


# --- pykrx's per-issue frame: get_market_cap(from, to, ticker) saved as CSV -----------------------

BY_DATE_COLUMNS = {"date": ("날짜",), "market_cap_krw": ("시가총액",), "trading_value_krw": ("거래대금",)}
_CODE_IN_NAME = re.compile(r"(?<![0-9A-Za-z])([0-9][0-9A-Z]{5})(?![0-9A-Za-z])")
_DAY = re.compile(r"([0-9]{4})-?([0-9]{2})-?([0-9]{2})(?:[ T].*)?")


def is_by_date(source: SourceFile) -> bool:
    """Whether a CSV file is a per-issue frame (its first column 날짜) rather than a daily download."""
    handle = open_regular(source.real)  # a named pipe is not waited on: its read refuses it
    if handle is None:
        return False
    try:
        with handle:
            first = handle.readline(4096)
    except OSError:
        return False
    try:
        header = decode(first, source.display)
    except InputError:
        return False
    return "날짜" in [name.strip().strip('"') for name in header.split(",")]


def _no_figure(table: Table, line: int, cells: Sequence[str], purpose: str, code: str, day: dt.date) -> Problem:
    """A constituent's row without a figure (``-``) in the column of ``purpose``."""
    column = table.names[table.index[purpose]]
    blank = cells[table.index[purpose]].strip()
    return Problem(table.where(line, purpose), f"{column}: no figure ('{blank}') for {code} on {day}",
                   "a constituent needs its market cap and trading value on every trading day",
                   ko=f"{column}: {day} {code}의 값이 없습니다('{blank}')",
                   hint_ko="구성종목은 거래일마다 시가총액과 거래대금이 있어야 합니다")


def read_by_date(source: SourceFile, keep: Callable[[str], str | None] | None) -> tuple[str, Series | None, DailyFile]:
    """One issue's series from a per-issue frame, the issue's code given by the file's name
    (``005930.csv``); None when ``keep`` leaves the issue out (``keep`` None: every issue)."""
    found = {m.group(1) for m in _CODE_IN_NAME.finditer(os.path.splitext(os.path.basename(source.display))[0])}
    if len(found) != 1:
        raise InputError.at(Location(source.display), "the file name does not give the issue's code",
                            "name a per-issue frame (get_market_cap(from, to, ticker)) by its code: 005930.csv",
                            ko="파일 이름에 종목코드가 없습니다",
                            hint_ko="종목별 프레임(get_market_cap(from, to, ticker))의 파일 이름을 종목코드로 하십시오: 005930.csv")
    written = found.pop()
    table = Table(decode(read_bytes(source), source.display), source.display, BY_DATE_COLUMNS, tuple(BY_DATE_COLUMNS),
                  _daily_header_error(source.display))
    summary = DailyFile(source.display, None)
    code = keep(written) if keep is not None else written
    collector = Collector()
    dates: list[dt.date] = []
    caps: list[int | Decimal] = []
    values: list[int | Decimal] = []
    lines: list[int] = []
    for line, cells in table.rows(collector):
        summary.rows += 1
        if code is None:
            summary.dropped[NOT_WANTED] += 1
            continue
        match = _DAY.fullmatch(cells[table.index["date"]].strip())
        try:
            day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None
        except ValueError:
            day = None
        if day is None:
            collector.add(Problem(table.where(line, "date"), f"날짜: '{cells[table.index['date']].strip()}' is not a date",
                                  "write YYYY-MM-DD", ko=f"날짜: '{cells[table.index['date']].strip()}'은(는) 날짜가 아닙니다",
                                  hint_ko="YYYY-MM-DD 형식으로 쓰십시오"))
            continue
        first_line = summary.days.setdefault(day, line)
        if first_line != line:  # which of the two is the day's figure? (as the long format's reader asks)
            collector.add(Problem(table.where(line, "date"), f"{written} has two rows for {day} (first at line {first_line})",
                                  ko=f"{written}의 {day} 행이 두 개입니다 (처음: {first_line}행)"))
            continue
        try:
            cap, value = amount(cells[table.index["market_cap_krw"]]), amount(cells[table.index["trading_value_krw"]])
        except CellError as error:
            collector.add(Problem(Location(source.display, line, 1), str(error), error.hint, ko=error.ko, hint_ko=error.hint_ko))
            continue
        if (cap is None or value is None) and keep is None:  # (the whole market: an issue that did not trade)
            summary.dropped[NO_FIGURE] += 1
            continue
        if cap is None or value is None:  # one of the index's constituents, as read_daily reads its rows
            collector.add(_no_figure(table, line, cells, "market_cap_krw" if cap is None else "trading_value_krw", written, day))
            continue
        summary.kept += 1
        lines.append(line)
        dates.append(day)
        caps.append(cap)
        values.append(value)
    collector.raise_if_any(source.display)
    if code is None or not dates:
        return written, None, summary
    order = sorted(range(len(dates)), key=dates.__getitem__)
    # placed at the row of its first date, as a long-format file's issue is: not at whichever row
    # the frame gives first, which would move with the order of its rows
    return code, Series(tuple(dates[i] for i in order), tuple(caps[i] for i in order),
                        tuple(values[i] for i in order), Location(source.display, lines[order[0]], 1)), summary
