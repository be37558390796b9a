"""The text report for people: one line per rule with a mark, the reason, and the offenders.

Colour only on a terminal, never when ``NO_COLOR`` is set; the marks (✔ ✘ – !) carry the meaning
without it. A run over several files closes with a table: one row per file, and the totals.
"""

from __future__ import annotations

import io
from typing import Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from ..evaluate import Report, Result
from ..formatting import format_value, label
from .outcome import Outcome, RenderOptions

MARKS = {"pass": ("✔", "green"), "fail": ("✘", "bold red"), "not_applicable": ("–", "dim"), "error": ("!", "bold yellow")}
STATUS_WORDS = {
    "en": {"pass": "pass", "fail": "fail", "not_applicable": "n/a", "error": "error"},
    "ko": {"pass": "충족", "fail": "미충족", "not_applicable": "해당없음", "error": "오류"},
}
ITEMS_SHOWN = 10
SUMMARY_COLUMNS = {
    "en": ("file", "product", "verdict", "pass", "fail", "error", "n/a"),
    "ko": ("파일", "상품", "판정", "충족", "미충족", "오류", "해당없음"),
}
VERDICTS = {
    "en": {"eligible": "✔ eligible", "not_eligible": "✘ not eligible", "unreadable": "! could not be evaluated"},
    "ko": {"eligible": "✔ 충족", "not_eligible": "✘ 미충족", "unreadable": "! 평가 불가"},
}


def render_text(outcomes: Sequence[Outcome], options: RenderOptions) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=options.color, no_color=not options.color,
                      width=options.width or 100, highlight=False, emoji=False, soft_wrap=True)
    for n, outcome in enumerate(outcomes):
        if n:
            console.print()
        if outcome.report is not None:
            _report(console, outcome.report, options.lang)
        else:
            unreadable = "could not be evaluated" if options.lang == "en" else "평가할 수 없습니다"
            console.print(Text(f"{outcome.file}: ", style="bold") + Text(unreadable, style="bold yellow"))
            for problem in outcome.problems:
                console.print(Text(f"  {problem.text(options.lang)}"))
    if len(outcomes) > 1:
        console.print()
        _summary(console, outcomes, options.lang)
    return "".join(line.rstrip(" ") + "\n" for line in buffer.getvalue().splitlines())


def _report(console: Console, report: Report, lang: str) -> None:
    rulebook = report.rulebook
    console.print(Text(report.product.file, style="bold") + Text(f"  {report.product.name}"))
    unconfirmed = "" if rulebook.effective_from_confirmed else (" (date unconfirmed)" if lang == "en" else " (날짜 미확인)")
    as_of = report.as_of.isoformat() if report.as_of else "-"
    if lang == "ko":
        console.print(Text(f"  규정집 {rulebook.id} {rulebook.version}, {rulebook.effective_from} 시행{unconfirmed}, 평가일 {as_of}", style="dim"))
    else:
        console.print(Text(f"  rulebook {rulebook.id} {rulebook.version}, in force from {rulebook.effective_from}{unconfirmed}, as of {as_of}", style="dim"))
    width = max(len(r.rule.id) for r in report.results)
    for result in report.results:
        _result(console, result, width, lang)
    counts = report.counts
    words = STATUS_WORDS[lang]
    shown = [s for s in ("pass", "fail", "error", "not_applicable") if counts[s]]
    tally = ", ".join(f"{words[s]} {counts[s]}" if lang == "ko" else f"{counts[s]} {words[s]}" for s in shown)
    if report.eligible:
        verdict = Text("  ✔ eligible" if lang == "en" else "  ✔ 상장 요건 충족", style="bold green")
    else:
        verdict = Text("  ✘ not eligible" if lang == "en" else "  ✘ 상장 요건 미충족", style="bold red")
    console.print(verdict + Text(f" ({tally})"))


def _result(console: Console, result: Result, width: int, lang: str) -> None:
    mark, style = MARKS[result.status]
    word = STATUS_WORDS[lang][result.status]
    padding = " " * (8 - cell_len(word))  # by display cells: a Korean syllable takes two
    line = Text("  ") + Text(f"{mark} {word}{padding}", style=style) + Text(f" {result.rule.id:<{width}}  ")
    line += Text(result.message.get(lang, result.message["en"]))
    if not result.rule.confirmed:
        line += Text(" [unconfirmed]" if lang == "en" else " [미확인]", style="yellow")
    console.print(line)
    if result.status in ("fail", "error"):
        if result.location is not None:
            at = "at" if lang == "en" else "위치"
            console.print(Text(f"      {at} {result.location}", style="dim"))
        for item in result.items[:ITEMS_SHOWN]:
            figure = format_value(item.observed, result.rule.unit, lang, avoid=result.threshold) if item.observed is not None else ""
            where = f"  {item.location}" if item.location else ""
            console.print(Text(f"      · {label(item.identity)} {figure}".rstrip()) + Text(where, style="dim"))
        if len(result.items) > ITEMS_SHOWN:
            more = len(result.items) - ITEMS_SHOWN
            console.print(Text(f"      · … and {more} more" if lang == "en" else f"      · … 외 {more}개", style="dim"))


def _summary(console: Console, outcomes: Sequence[Outcome], lang: str) -> None:
    eligible = sum(1 for o in outcomes if o.report is not None and o.report.eligible)
    unreadable = sum(1 for o in outcomes if o.report is None)
    failing = len(outcomes) - eligible - unreadable
    if lang == "ko":
        totals = f"{len(outcomes)}개 상품: 충족 {eligible}, 미충족 {failing}, 평가 불가 {unreadable}"
    else:
        totals = f"{len(outcomes)} products: {eligible} eligible, {failing} not eligible, {unreadable} could not be evaluated"
    table = Table(box=box.SIMPLE_HEAD, caption=totals, caption_justify="left", caption_style="bold",
                  header_style="bold", pad_edge=False, show_edge=False)
    for n, column in enumerate(SUMMARY_COLUMNS[lang]):
        table.add_column(column, justify="right" if n >= 3 else "left", overflow="fold")
    verdicts = VERDICTS[lang]
    for outcome in outcomes:
        report = outcome.report
        if report is None:
            table.add_row(outcome.file, "", Text(verdicts["unreadable"], style="bold yellow"), "", "", "", "")
            continue
        counts = report.counts
        verdict = (Text(verdicts["eligible"], style="bold green") if report.eligible
                   else Text(verdicts["not_eligible"], style="bold red"))
        table.add_row(report.product.file, report.product.name, verdict,
                      *(str(counts[s]) for s in ("pass", "fail", "error", "not_applicable")))
    # The report's lines do not wrap, and neither do the table's rows: a file name stays whole.
    natural = Measurement.get(console, console.options.update(width=10_000), table).maximum
    console.width = max(natural, console.width)
    console.print(table)
