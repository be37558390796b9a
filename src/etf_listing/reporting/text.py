"""The text report for people: one line per rule with a mark, the reason, and the offenders.

Colour only on a terminal, never when ``NO_COLOR`` is set; the marks (✔ ✘ – !) carry the meaning
without it.
"""

from __future__ import annotations

import io
from typing import Sequence

from rich.console import Console
from rich.text import Text

from ..evaluation import Report, Result
from ..formatting import describe_headroom, format_value, is_near_miss, label
from .outcome import Outcome, RenderOptions

MARKS = {"pass": ("✔", "green"), "fail": ("✘", "bold red"), "not_applicable": ("–", "dim"), "error": ("!", "bold yellow"),
         "waived": ("≈", "magenta")}
STATUS_WORDS = {
    "en": {"pass": "pass", "fail": "fail", "not_applicable": "n/a", "error": "error", "waived": "waived"},
    "ko": {"pass": "충족", "fail": "미충족", "not_applicable": "해당없음", "error": "오류", "waived": "면제"},
}
ITEMS_SHOWN = 10


def render_text(outcomes: Sequence[Outcome], options: RenderOptions) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=options.color, no_color=not options.color,
                      width=options.width or 100, highlight=False, emoji=False, soft_wrap=True)
    for n, outcome in enumerate(outcomes):
        if n:
            console.print()
        if outcome.report is not None:
            _report(console, outcome.report, options)
        else:
            console.print(Text(f"{outcome.file}: ", style="bold") + Text("could not be evaluated", style="bold yellow"))
            for problem in outcome.problems:
                console.print(Text(f"  {problem}"))
    if len(outcomes) > 1:
        console.print()
        _summary(console, outcomes, options.lang)
    return buffer.getvalue()


def _report(console: Console, report: Report, options: RenderOptions) -> None:
    lang = options.lang
    version = report.version or report.rulebook.current
    console.print(Text(report.product.file, style="bold") + Text(f"  {report.product.name}"))
    unconfirmed = "" if version.effective_from_confirmed else (" (date unconfirmed)" if lang == "en" else " (날짜 미확인)")
    until = f" to {version.effective_to}" if version.effective_to else ""
    until_ko = f"~{version.effective_to}" if version.effective_to else ""
    as_of = report.as_of.isoformat() if report.as_of else "-"
    if lang == "ko":
        console.print(Text(f"  규정집 {report.rulebook.id} {version.version}, {version.effective_from}{until_ko} 시행{unconfirmed}, 평가일 {as_of}", style="dim"))
    else:
        console.print(Text(f"  rulebook {report.rulebook.id} {version.version}, in force from {version.effective_from}{until}{unconfirmed}, as of {as_of}", style="dim"))
    width = max(len(r.rule.id) for r in report.results)
    near = 0
    for result in report.results:
        near += _result(console, result, width, options)
    counts = report.counts
    words = STATUS_WORDS[lang]
    tally = ", ".join(f"{counts[s]} {words[s]}" for s in ("pass", "fail", "error", "waived", "not_applicable") if counts[s])
    if near:
        tally += f", {near} near miss{'es' if near > 1 else ''}" if lang == "en" else f", 근접 {near}건"
    if report.eligible:
        verdict = Text("  ✔ eligible" if lang == "en" else "  ✔ 상장 요건 충족", style="bold green")
    else:
        verdict = Text("  ✘ not eligible" if lang == "en" else "  ✘ 상장 요건 미충족", style="bold red")
    console.print(verdict + Text(f" ({tally})"))
    for notice in report.notices:
        console.print(Text(f"  ! {notice.text(lang)}", style="yellow"))


def _result(console: Console, result: Result, width: int, options: RenderOptions) -> bool:
    """Print one result; True when it is a near miss."""
    lang = options.lang
    mark, style = MARKS[result.status]
    word = STATUS_WORDS[lang][result.status]
    line = Text("  ") + Text(f"{mark} {word:<8}", style=style) + Text(f" {result.rule.id:<{width}}  ")
    line += Text(result.message.get(lang, result.message["en"]))
    if not result.rule.confirmed:
        line += Text(" [unconfirmed]" if lang == "en" else " [미확인]", style="yellow")
    console.print(line)
    near = result.status == "pass" and is_near_miss(result, options.near_miss)
    if near:
        distance = describe_headroom(result.headroom, result.operator or "", result.threshold, result.rule.unit, lang)
        console.print(Text(f"      ⚠ near miss: {distance}" if lang == "en" else f"      ⚠ 기준 근접: {distance}", style="yellow"))
    if result.status in ("fail", "error", "waived"):
        if result.location is not None:
            console.print(Text(f"      at {result.location}", style="dim"))
        for item in result.items[:ITEMS_SHOWN]:
            figure = format_value(item.observed, result.rule.unit, lang, avoid=result.threshold) if item.observed is not None else ""
            where = f"  {item.location}" if item.location else ""
            console.print(Text(f"      · {label(item.identity)} {figure}".rstrip()) + Text(where, style="dim"))
        if len(result.items) > ITEMS_SHOWN:
            more = len(result.items) - ITEMS_SHOWN
            console.print(Text(f"      · … and {more} more" if lang == "en" else f"      · … 외 {more}개", style="dim"))
    return near


def _summary(console: Console, outcomes: Sequence[Outcome], lang: str) -> None:
    eligible = sum(1 for o in outcomes if o.report is not None and o.report.eligible)
    unreadable = sum(1 for o in outcomes if o.report is None)
    failing = len(outcomes) - eligible - unreadable
    if lang == "ko":
        console.print(Text(f"{len(outcomes)}개 상품: 충족 {eligible}, 미충족 {failing}, 평가 불가 {unreadable}", style="bold"))
    else:
        console.print(Text(f"{len(outcomes)} products: {eligible} eligible, {failing} not eligible, {unreadable} could not be evaluated", style="bold"))
