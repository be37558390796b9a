"""``etf-check import``: KRX portal downloads (or pykrx frames saved as CSV) into the documented
long format, ``date,code,market_cap_krw,trading_value_krw``, for users who keep the converted data
under version control.

``etf-check import DOWNLOADS... [--index INDEX.yaml] [--output FILE]`` reads every ``*.csv`` of the
folders named (and the files named): the all-issue daily downloads of screen 12001, one a trading
day, dated by their names; or pykrx's ``get_market_cap(date)`` frames saved with ``to_csv`` (dated
the same way); or ``get_market_cap(from, to, ticker)`` frames (a 날짜 column, the ticker in the
file's name, ``005930.csv``). With ``--index``, only that index's constituents are kept, read as
a check reads them (one without a figure, or a day with none of them, is an input error). The data
goes to ``--output`` (or standard output); what was read (files, dates, rows kept, rows left out
and why) is reported on standard output with ``--output``, else on standard error.

Exit status: 0 written; 2 a download could not be read (``file:line:column: message``, nothing
written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
from collections import Counter
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from ..checker import Checker
from ..errors import InputError, Location, Problem
from ..options import EXIT_ELIGIBLE, EXIT_INVALID, add_language, parse

if TYPE_CHECKING:
    from ..loading.krx import DailyFile
    from ..model import Series


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="etf-check import",
        description="Convert KRX portal downloads (screen 12001, one a trading day) or pykrx frames saved as CSV "
                    "into the long format date,code,market_cap_krw,trading_value_krw.",
        epilog="Exit status: 0 written, 2 a download could not be read (nothing is written).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="downloads, or folders of them (every *.csv inside)")
    p.add_argument("--index", metavar="INDEX.yaml", help="keep only this index's constituents (default: every issue)")
    p.add_argument("--output", metavar="FILE", help="write the long-format CSV here (default: standard output)")
    add_language(p)
    return p


def main(argv: Sequence[str]) -> int:
    options = parse(parser(), argv)
    checker = Checker(options)
    try:
        with checker.reading():  # the downloads and the index: --output is never written over one
            text, summary = convert(options.paths, options.extra["index"])
    except InputError as error:
        checker.problems(error.problems)
        return EXIT_INVALID
    if checker.write(text, options.output) != EXIT_ELIGIBLE:
        return EXIT_INVALID
    report = checker.stdout if options.output else checker.stderr  # the data alone on standard output
    report.write(summary.text(options.lang, options.output))
    return EXIT_ELIGIBLE


class Summary:
    """What an import read: per file its date, rows, rows kept and rows left out by reason."""

    def __init__(self) -> None:
        self.files: list[tuple[str, str, int, int, Counter[str]]] = []
        self.days: set[str] = set()

    def add(self, file: str, day: str, rows: int, kept: int, dropped: Counter[str], days: Iterable[str] = ()) -> None:
        """A file read: ``day`` the date its name gives ("" for a per-issue frame), ``days`` the
        dates a per-issue frame gives in its rows."""
        self.files.append((file, day, rows, kept, dropped))
        self.days.update(days)
        if day:
            self.days.add(day)

    def text(self, lang: str, output: str | None) -> str:
        ko = lang == "ko"
        lines = []
        days = sorted(self.days)
        rows = sum(f[2] for f in self.files)
        kept = sum(f[3] for f in self.files)
        dropped: Counter[str] = Counter()
        for *_, reasons in self.files:
            dropped.update(reasons)
        span = f"{days[0]} – {days[-1]}" if days else "-"
        if ko:
            lines.append(f"파일 {len(self.files):,}개, 날짜 {len(days):,}일({span}), 행 {rows:,}개 중 {kept:,}개 기록, "
                         f"{rows - kept:,}개 제외" + (f" -> {output}" if output else ""))
        else:
            lines.append(f"{len(self.files):,} file(s), {len(days):,} date(s) ({span}): {rows:,} rows read, {kept:,} kept, "
                         f"{rows - kept:,} left out" + (f" -> {output}" if output else ""))
        for reason, count in sorted(dropped.items()):
            lines.append(f"  {_REASONS_KO.get(reason, reason) if ko else reason}: {count:,}")
        for file, day, file_rows, file_kept, reasons in self.files:
            left = ", ".join(f"{_REASONS_KO.get(r, r) if ko else r} {n:,}" for r, n in sorted(reasons.items()))
            lines.append(f"  {file}  {day or '-'}  " + (f"행 {file_rows:,}, 기록 {file_kept:,}" if ko else
                                                         f"rows {file_rows:,}, kept {file_kept:,}") + (f" ({left})" if left else ""))
        return "\n".join(lines) + "\n"


_REASONS_KO = {"not a constituent": "구성종목 아님", "no figure ('-')": "값 없음('-')"}


def _sources(paths: Sequence[str]) -> list[str]:
    found: list[str] = []
    problems = []
    for path in paths:
        if os.path.isdir(path):
            inside = sorted(os.path.join(path, name) for name in os.listdir(path) if name.lower().endswith(".csv"))
            if not inside:
                problems.append(Problem(Location(path), "no .csv file in this folder",
                                        "download the daily prices of screen 12001 into it, one file a trading day",
                                        ko="이 폴더에 .csv 파일이 없습니다",
                                        hint_ko="화면 12001의 전종목 시세를 거래일마다 한 파일씩 내려받아 두십시오"))
            found.extend(inside)
        elif os.path.exists(path):
            found.append(path)
        else:
            problems.append(Problem(Location(path), "no such file", ko="파일이 없습니다"))
    if problems:
        raise InputError(problems)
    return found


def convert(paths: Sequence[str], index: str | None) -> tuple[str, Summary]:
    """The long-format CSV of the downloads at ``paths`` (only ``index``'s constituents, when
    named), and what was read."""
    from ..loading.files import named_file
    from ..loading.krx import is_by_date, read_by_date, read_daily

    keep = _keep(index)
    sources = [named_file(path) for path in _sources(paths)]
    by_date = [s for s in sources if is_by_date(s)]
    daily = [s for s in sources if s not in by_date]
    summary = Summary()
    rows: list[tuple[str, str, str, str]] = []
    problems: list[Problem] = []
    read: list[tuple[DailyFile, dict[str, Series]]] = []  # each file with the series it gave: where a row came from
    if daily:
        try:
            data = read_daily(daily, keep, lenient=keep is None)  # (an index's constituents: as a check reads them)
        except InputError as error:
            problems.extend(error.problems)
        else:
            read.extend((file, data.series) for file in data.files)
            for file in data.files:
                summary.add(file.file, file.date.isoformat() if file.date else "", file.rows, file.kept, file.dropped)
            for code, series in data.series.items():
                rows.extend((d.isoformat(), code, str(c), str(v))
                            for d, c, v in zip(series.dates, series.market_cap_krw, series.trading_value_krw))
    for source in by_date:
        try:
            code, one, file = read_by_date(source, keep)
        except InputError as error:
            problems.extend(error.problems)
            continue
        summary.add(file.file, "", file.rows, file.kept, file.dropped, (day.isoformat() for day in file.days))
        if one is not None:
            read.append((file, {code: one}))
            rows.extend((d.isoformat(), code, str(c), str(v))
                        for d, c, v in zip(one.dates, one.market_cap_krw, one.trading_value_krw))
    if problems:
        raise InputError(problems)
    seen: dict[tuple[str, str], int] = {}
    for date, code, *_ in rows:
        seen[(date, code)] = seen.get((date, code), 0) + 1
    twice = sorted(key for key, count in seen.items() if count > 1)
    if twice:
        date, code = twice[0]
        first, second = _read_at(read, dt.date.fromisoformat(date), code)[:2]
        raise InputError.at(second, f"{code} has rows for {date} in two files (the other: {first}; "
                            f"{len(twice)} such day(s) and issue(s))",
                            "give each issue's day once: in one daily download or one per-issue frame",
                            ko=f"{code}의 {date} 행이 두 파일에 있습니다(다른 하나: {first}, 이런 경우 {len(twice)}건)",
                            hint_ko="종목의 하루치는 한 번만: 일별 다운로드 하나나 종목별 프레임 하나에만 두십시오")
    out = io.StringIO()
    out.write("date,code,market_cap_krw,trading_value_krw\n")
    for row in sorted(rows):
        out.write(",".join(row) + "\n")
    return out.getvalue(), summary


def _read_at(read: Sequence[tuple[DailyFile, dict[str, Series]]], day: dt.date, code: str) -> list[Location]:
    """Where ``code``'s figures for ``day`` were read, in the order the files were: a daily
    download's row of the issue, a per-issue frame's row of the day."""
    found = []
    for file, series in read:
        kept = series.get(code)
        if kept is not None and day in kept.dates and file.date in (None, day):
            found.append(Location(file.file, file.days[day] if file.date is None else file.lines[code], 1))
    return found


def _keep(index: str | None) -> Callable[[str], str | None] | None:
    """The code to keep a download's row under (None: leave it out); None for the whole market."""
    if index is None:
        return None
    from ..loading.codes import short_code
    from ..loading.load import index_codes

    codes: dict[str, str] = {}
    for code in index_codes(index):
        codes[code] = code
        short = short_code(code)
        if short is not None:
            codes.setdefault(short, code)
    return codes.get
