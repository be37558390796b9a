"""The text report for people: one line per rule with a mark, the reason, and the offenders.

Colour only on a terminal, never when ``NO_COLOR`` is set; the marks (✔ ✘ – !) carry the meaning
without it.
"""

from __future__ import annotations

import io
from typing import Sequence

from rich.console import Console
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


def render_text(outcomes: Sequence[Outcome], options: RenderOptions) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=options.color, no_color=not options.color,
                      width=options.width or 100, highlight=False, emoji=False, soft_wrap=True)
    for n, outcome in enumerate(outcomes):
        lines = _Lines()  # one report's lines, given to rich at once: its cost is per call
        if n:
            lines.print()
        if outcome.report is not None:
            _report(lines, outcome.report, options.lang)  # type: ignore[arg-type]
        else:
            lines.print(Text(f"{outcome.file}: ", style="bold") + Text("could not be evaluated", style="bold yellow"))
            for problem in outcome.problems:
                lines.print(Text(f"  {problem}"))
        console.print(Text("\n").join(lines.texts))
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
    tally = ", ".join(f"{counts[s]} {words[s]}" for s in ("pass", "fail", "error", "not_applicable") if counts[s])
    if report.eligible:
        verdict = Text("  ✔ eligible" if lang == "en" else "  ✔ 상장 요건 충족", style="bold green")
    else:
        verdict = Text("  ✘ not eligible" if lang == "en" else "  ✘ 상장 요건 미충족", style="bold red")
    console.print(verdict + Text(f" ({tally})"))


def _result(console: Console, result: Result, width: int, lang: str) -> None:
    mark, style = MARKS[result.status]
    word = STATUS_WORDS[lang][result.status]
    line = Text("  ") + Text(f"{mark} {word:<8}", style=style) + Text(f" {result.rule.id:<{width}}  ")
    line += Text(result.message.get(lang, result.message["en"]))
    if not result.rule.confirmed:
        line += Text(" [unconfirmed]" if lang == "en" else " [미확인]", style="yellow")
    console.print(line)
    if result.status in ("fail", "error"):
        if result.location is not None:
            console.print(Text(f"      at {result.location}", style="dim"))
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
        console.print(Text(f"{len(outcomes)}개 상품: 충족 {eligible}, 미충족 {failing}, 평가 불가 {unreadable}", style="bold"))
    else:
        console.print(Text(f"{len(outcomes)} products: {eligible} eligible, {failing} not eligible, {unreadable} could not be evaluated", style="bold"))
