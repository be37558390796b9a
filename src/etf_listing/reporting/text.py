"""The text report for people: one line per rule with a mark, the reason, and the offenders.

Colour only on a terminal, never when ``NO_COLOR`` is set; the marks (✔ ✘ – !) carry the meaning
without it. A run over several files closes with a table: one row per file, and the totals. Text from the input (names, codes,
file names) is shown with its control characters as escapes: a constituent named ``\x1b[2J`` must not
clear the reader's terminal.
"""

from __future__ import annotations

import io
import os
from typing import Any, Mapping, Sequence

from ..errors import printable
from ..results import Report, Result
from ..formatting import describe_headroom, format_value, is_near_miss, label, message_in
from .outcome import Outcome, RenderOptions
from .styled import Text, cell_len, written
from .styled_table import table_lines

MARKS = {"pass": ("✔", "green"), "fail": ("✘", "bold red"), "not_applicable": ("–", "dim"), "error": ("!", "bold yellow"),
         "waived": ("≈", "magenta"), "at_risk": ("▲", "bold yellow")}
STATUS_WORDS = {
    "en": {"pass": "pass", "fail": "fail", "not_applicable": "n/a", "error": "error", "waived": "waived", "at_risk": "at risk"},
    "ko": {"pass": "충족", "fail": "미충족", "not_applicable": "해당없음", "error": "오류", "waived": "면제", "at_risk": "경고"},
}
# A result's line begins with its mark and status word, styled, padded to eight cells by display
# cells (a Korean syllable takes two).
_HEADS = {lang: {status: (f"{mark} {words[status]}{' ' * (8 - cell_len(words[status]))}", style)
                 for status, (mark, style) in MARKS.items()}
          for lang, words in STATUS_WORDS.items()}
ITEMS_SHOWN = 10
SUMMARY_COLUMNS = {
    "en": ("file", "product", "verdict", "pass", "fail", "error", "waived", "n/a"),
    "ko": ("파일", "상품", "판정", "충족", "미충족", "오류", "면제", "해당없음"),
}
VERDICTS = {
    "en": {"eligible": "✔ eligible", "not_eligible": "✘ not eligible", "unreadable": "! could not be evaluated"},
    "ko": {"eligible": "✔ 충족", "not_eligible": "✘ 미충족", "unreadable": "! 평가 불가"},
}


def render_text(outcomes: Sequence[Outcome], options: RenderOptions) -> str:
    if not outcomes:
        return ""
    reports = [outcome.text[1] if outcome.text is not None and outcome.text[0] == _part_key(options)
               else report_lines(outcome, options) for outcome in outcomes]
    # Written directly (styled.py, styled_table.py); rich only for what those do not know how to
    # write as rich does: a console only rich knows, a console of negative width, a name with a
    # character of uncertain width in the table, or a table on a dumb terminal (rich lays it out in
    # 80 columns there, unless LINES is set).
    dumb = options.color and os.environ.get("TERM", "").lower() in ("dumb", "unknown")
    laid_out = (options.width or 0) < 0 or (dumb and len(outcomes) > 1)
    lines = None if laid_out else _all_lines(reports, outcomes, options.lang)
    text = written(lines, options.color) if lines is not None else None
    if text is None:
        text = _with_rich(reports, outcomes, options)
    return "".join(line.rstrip(" ") + "\n" for line in text.splitlines())


def _all_lines(reports: Sequence[Sequence[Text]], outcomes: Sequence[Outcome], lang: str) -> list[Text] | None:
    """The reports one after the other, a blank line apart, and the summary table of several."""
    lines = list(reports[0])
    for texts in reports[1:]:
        lines.append(Text(""))
        lines += texts
    if len(outcomes) > 1:
        table = table_lines(*_summary_table(outcomes, lang))
        if table is None:
            return None
        lines.append(Text(""))
        lines += table
    return lines


def written_part(outcome: Outcome, options: RenderOptions) -> Outcome:
    """The outcome with its part of the text report written (its lines, for ``options``'s
    language and near-miss margin, which are all a part depends on; colour and width are the
    whole report's)."""
    import dataclasses

    return dataclasses.replace(outcome, text=(_part_key(options), report_lines(outcome, options)))


def _part_key(options: RenderOptions) -> tuple[str, Any]:
    return options.lang, options.near_miss


def report_lines(outcome: Outcome, options: RenderOptions) -> list[Text]:
    """One file's report, line by line."""
    lines = _Lines()
    if outcome.report is not None:
        _report(lines, outcome.report, options)
        if outcome.timeline is not None:
            _timeline(lines, outcome.timeline, options.lang)
    else:
        unreadable = "could not be evaluated" if options.lang == "en" else "평가할 수 없습니다"
        lines.print(Text(f"{printable(outcome.file)}: ", style="bold") + Text(unreadable, style="bold yellow"))
        for problem in outcome.problems:
            lines.print(Text(f"  {problem.text(options.lang)}"))
    return lines.texts


def _with_rich(reports: Sequence[Sequence[Text]], outcomes: Sequence[Outcome], options: RenderOptions) -> str:
    from rich.console import Console
    from rich.text import Text as RichText

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=options.color, no_color=not options.color,
                      width=options.width or 100, highlight=False, emoji=False, soft_wrap=True)
    for n, texts in enumerate(reports):
        # one report's lines, given to rich at once: its cost is per call
        console.print(RichText("\n").join(([RichText("")] if n else []) + [text.as_rich() for text in texts]))
    if len(outcomes) > 1:
        console.print()
        _summary(console, outcomes, options.lang)
    return buffer.getvalue()


class _Lines:
    """Stands in for the console while a report is written: collects its lines."""

    def __init__(self) -> None:
        self.texts: list[Text] = []

    def print(self, text: Text | None = None) -> None:
        self.texts.append(Text("") if text is None else text)


def _report(console: _Lines, report: Report, options: RenderOptions) -> None:
    lang = options.lang
    version = report.version or report.rulebook.current
    console.print(Text(printable(report.product.file), style="bold") + Text(f"  {printable(report.product.name)}"))
    unconfirmed = "" if version.effective_from_confirmed else (" (date unconfirmed)" if lang == "en" else " (날짜 미확인)")
    until = f" to {version.effective_to}" if version.effective_to else ""
    until_ko = f"~{version.effective_to}" if version.effective_to else ""
    as_of = report.as_of.isoformat() if report.as_of else "-"
    if lang == "ko":
        console.print(Text(f"  규정집 {report.rulebook.id} {version.version}, {version.effective_from}{until_ko} 시행{unconfirmed}, 평가일 {as_of}", style="dim"))
    else:
        console.print(Text(f"  rulebook {report.rulebook.id} {version.version}, in force from {version.effective_from}{until}{unconfirmed}, as of {as_of}", style="dim"))
    if not report.rulebook.shipped:  # a rulebook file: which file, and exactly which text of it
        file = printable(report.rulebook.file)
        console.print(Text(f"  규정집 파일 {file}, SHA-256 {report.rulebook.sha256}" if lang == "ko"
                           else f"  rulebook file {file}, SHA-256 {report.rulebook.sha256}", style="dim"))
    width = max(len(r.rule.id) for r in report.results)
    near = 0
    said: dict[str, str] = {}  # an error's message -> the rule that said it first
    for result in report.results:
        message = message_in(result.message, lang)
        if result.status == "error" and message in said:  # one cause, said once
            _same_cause(console, result, said[message], width, options)
            continue
        if result.status == "error":
            said[message] = result.rule.id
        near += _result(console, result, message, width, options)
    counts = report.counts
    words = STATUS_WORDS[lang]
    shown = [s for s in ("pass", "at_risk", "fail", "error", "waived", "not_applicable") if counts.get(s)]
    tally = ", ".join(f"{words[s]} {counts[s]}" if lang == "ko" else f"{counts[s]} {words[s]}" for s in shown)
    if near:
        tally += f", {near} near miss{'es' if near > 1 else ''}" if lang == "en" else f", 근접 {near}건"
    if report.eligible:
        verdict = Text("  ✔ eligible" if lang == "en" else "  ✔ 상장 요건 충족", style="bold green")
    else:
        verdict = Text("  ✘ not eligible" if lang == "en" else "  ✘ 상장 요건 미충족", style="bold red")
    console.print(verdict + Text(f" ({tally})"))
    for notice in report.notices:
        console.print(Text(f"  ! {notice.text(lang)}", style="yellow"))


def _same_cause(console: _Lines, result: Result, first: str, width: int, options: RenderOptions) -> None:
    """An error whose cause an earlier rule of the report already said: named, not repeated."""
    lang = options.lang
    head, style = _HEADS[lang][result.status]
    console.print(Text.joined("  ", "", (head, style), (f" {result.rule.id:<{width}}  ", ""),
                              (f"Cannot be decided, for the same reason as {first}" if lang == "en"
                               else f"판단할 수 없습니다. {first}와(과) 같은 이유입니다", "")))


def _result(console: _Lines, result: Result, message: str, width: int, options: RenderOptions) -> bool:
    """Print one result, whose message in the report's language is ``message``; True when it is
    a near miss."""
    lang = options.lang
    status = result.status
    rule = result.rule
    pieces = [(printable(message), "")]
    if not rule.confirmed:
        pieces.append((" [unconfirmed]" if lang == "en" else " [미확인]", "yellow"))
    console.print(Text.continued(_begun(status, lang, rule.id, width), *pieces))
    near = status == "pass" and is_near_miss(result, options.near_miss)
    if near:
        distance = describe_headroom(result.headroom, result.operator or "", result.threshold, result.rule.unit, lang)
        console.print(Text(f"      ⚠ near miss: {distance}" if lang == "en" else f"      ⚠ 기준 근접: {distance}", style="yellow"))
    if result.clock is not None and status in ("at_risk", "fail") and any(result.clock.values()):
        console.print(Text(f"      {_clock_line(result.clock, lang)}", style="yellow"))
    if status in ("fail", "error", "waived", "at_risk"):
        if result.location is not None:
            at = "at" if lang == "en" else "위치"
            console.print(Text(f"      {at} {result.location}", style="dim"))
        unit, threshold = result.rule.unit, result.threshold
        for item in result.items[:ITEMS_SHOWN]:
            figure = format_value(item.observed, unit, lang, avoid=threshold) if item.observed is not None else ""
            shown = printable(f"      · {label(item.identity)} {figure}".rstrip())
            console.print(Text.joined(shown, "", (f"  {item.location}", "dim")) if item.location else Text(shown))
        if len(result.items) > ITEMS_SHOWN:
            more = len(result.items) - ITEMS_SHOWN
            console.print(Text(f"      · … and {more} more" if lang == "en" else f"      · … 외 {more}개", style="dim"))
    return near


# The beginnings of results' lines, by status, language, rule and width: the same in every
# product's report.
_BEGUN: dict[tuple[str, str, str, int], tuple[str, tuple[tuple[int, int, str], ...]]] = {}


def _begun(status: str, lang: str, rule: str, width: int) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """A result's line up to its message: its status, marked and styled, and its rule, padded to
    ``width`` (``Text.begun``, to be ``continued``)."""
    key = (status, lang, rule, width)
    begun = _BEGUN.get(key)
    if begun is None:
        head, style = _HEADS[lang][status]
        if len(_BEGUN) >= 4096:
            _BEGUN.clear()
        begun = _BEGUN[key] = Text.joined("  ", "", (head, style), (f" {rule:<{width}}  ", "")).begun
    return begun


def _timeline(console: _Lines, timeline: object, lang: str) -> None:
    """Each rule's status changes over the period, one line a rule: 2025-01-02 pass → 2026-07-17 at risk."""
    words = STATUS_WORDS[lang]
    head = (f"  timeline {timeline.start} to {timeline.end}:" if lang == "en"  # type: ignore[attr-defined]
            else f"  기간별 변화 {timeline.start} ~ {timeline.end}:")  # type: ignore[attr-defined]
    console.print(Text(head, style="bold"))
    rules = timeline.rules  # type: ignore[attr-defined]
    width = max((len(line.rule.id) for line in rules), default=0)
    for line in rules:
        steps = " → ".join(f"{change.day} {words[change.result.status]}" for change in line.changes)
        console.print(Text(f"    {line.rule.id:<{width}}  {steps}"))


CLOCK_WORDS = {
    "en": {"since": "since", "caution_from": "caution from", "delisting_from": "delisting from"},
    "ko": {"since": "시작", "caution_from": "주의", "delisting_from": "상장폐지 요건"},
}


def _clock_line(clock: Mapping[str, object], lang: str) -> str:
    """``clock: since 2026-08-03, caution from 2026-09-03, delisting from 2026-11-03``."""
    words = CLOCK_WORDS[lang]
    parts = [f"{words[name]} {day}" for name, day in clock.items() if day is not None]
    return ("clock: " if lang == "en" else "기간: ") + ", ".join(parts)


def _summary_table(outcomes: Sequence[Outcome], lang: str) -> tuple[list[str], int, list[list[Text]], str]:
    """The summary table of several files: its column headings, the number of the first column
    justified right, its rows (the file, the product's name, the verdict, styled, and the counts),
    and the totals under it. Names are shown as they are written, their control characters as
    escapes."""
    eligible = sum(1 for o in outcomes if o.report is not None and o.report.eligible)
    unreadable = sum(1 for o in outcomes if o.report is None)
    failing = len(outcomes) - eligible - unreadable
    if lang == "ko":
        totals = f"{len(outcomes)}개 상품: 충족 {eligible}, 미충족 {failing}, 평가 불가 {unreadable}"
    else:
        totals = f"{len(outcomes)} products: {eligible} eligible, {failing} not eligible, {unreadable} could not be evaluated"
    # An at-risk column only where a rulebook can give the status: the listing check's table is as it was.
    warned = any(o.report is not None and "at_risk" in o.report.counts for o in outcomes)
    columns = list(SUMMARY_COLUMNS[lang])
    statuses = ["pass", "fail", "error", "waived", "not_applicable"]
    if warned:
        columns.insert(4, STATUS_WORDS[lang]["at_risk"])
        statuses.insert(1, "at_risk")
    verdicts = VERDICTS[lang]
    unread = [Text("")] * len(statuses)
    rows: list[list[Text]] = []
    for outcome in outcomes:
        report = outcome.report
        if report is None:
            rows.append([Text(printable(outcome.file)), Text(""), Text(verdicts["unreadable"], style="bold yellow"), *unread])
            continue
        counts = report.counts
        verdict = (Text(verdicts["eligible"], style="bold green") if report.eligible
                   else Text(verdicts["not_eligible"], style="bold red"))
        rows.append([Text(printable(report.product.file)), Text(printable(report.product.name)), verdict,
                     *(Text(str(counts.get(s, 0))) for s in statuses)])
    return columns, 3, rows, totals


def _summary(console: Any, outcomes: Sequence[Outcome], lang: str) -> None:
    from rich import box
    from rich.measure import Measurement
    from rich.table import Table

    columns, right_from, rows, totals = _summary_table(outcomes, lang)
    table = Table(box=box.SIMPLE_HEAD, caption=totals, caption_justify="left", caption_style="bold",
                  header_style="bold", pad_edge=False, show_edge=False)
    for n, column in enumerate(columns):
        table.add_column(column, justify="right" if n >= right_from else "left", overflow="fold")
    for row in rows:  # rich's Text, never markup: a name in brackets is shown as it is written
        table.add_row(*(cell.as_rich() for cell in row))
    # The report's lines do not wrap, and neither do the table's rows: a file name stays whole.
    natural = Measurement.get(console, console.options.update(width=10_000), table).maximum
    console.width = max(natural, console.width)
    console.print(table)
