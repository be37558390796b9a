"""Markdown (``--format markdown``): a summary fit for a pull-request comment or a filing appendix.

Per product: a heading with the verdict, the rulebook and evaluation date, a table of every rule
(mark, id, title, the reason), then the findings that stop the listing with their place in the
files and their offenders. Several products get a summary table first. Text from the user's files
is escaped so that it cannot break the tables or inject markup: shown as written, its control
characters as escapes (``\\x07``), in code spans whatever backticks it holds.
"""

from __future__ import annotations

import re
from typing import Sequence

from ..errors import printable
from ..results import Report, Result
from ..formatting import format_value, in_language, label
from .outcome import Outcome, RenderOptions

# What Markdown (CommonMark, and GitHub's tables and strikethrough) reads as markup in running text.
# Punctuation is written after a backslash, which shows it as itself; '<' and '&' as entities, and
# only where they could begin a tag, an autolink or an entity ('x < 0.10' and 'S&P' stay as they
# are). Escaping '[' leaves '!' nothing to make an image of; underscores inside a word
# (linked_assets_ratio) never make emphasis and stay as they are too.
MARKUP = re.compile(r"[\\`*\[\]|~]|_+|<(?=\S)|&(?=#?[0-9A-Za-z]+;)")
ENTITIES = {"<": "&lt;", "&": "&amp;"}
LETTER_OR_DIGIT = re.compile(r"[^\W_]")
MARKS = {"pass": "✔", "fail": "✘", "not_applicable": "–", "error": "!", "waived": "≈", "at_risk": "▲"}
ITEMS_SHOWN = 20
COLUMNS = {"en": ("", "rule", "requirement", "result"), "ko": ("", "규칙", "요건", "결과")}
WORDS = {
    "en": {
        "heading": "ETF listing check", "eligible": "eligible", "not_eligible": "not eligible",
        "unreadable": "could not be evaluated", "summary": "{eligible} of {total} products eligible",
        "rulebook": "rulebook", "in_force": "in force from", "unconfirmed": "date unconfirmed", "as_of": "as of",
        "findings": "Findings", "at": "at",
        "more": "… and {more} more", "product": "product", "file": "file", "verdict": "verdict",
        "pass": "pass", "fail": "fail", "error": "error", "not_applicable": "n/a", "waived": "waived",
        "at_risk": "at risk", "clock": "clock", "since": "since", "caution_from": "caution from",
        "delisting_from": "delisting from",
    },
    "ko": {
        "heading": "ETF 상장 요건 검사", "eligible": "상장 요건 충족", "not_eligible": "상장 요건 미충족",
        "unreadable": "평가할 수 없습니다", "summary": "{total}개 상품 중 {eligible}개 충족",
        "rulebook": "규정집", "in_force": "시행일", "unconfirmed": "날짜 미확인", "as_of": "평가일",
        "findings": "미충족 사항", "at": "위치",
        "more": "… 외 {more}개", "product": "상품", "file": "파일", "verdict": "판정",
        "pass": "충족", "fail": "미충족", "error": "오류", "not_applicable": "해당없음", "waived": "면제",
        "at_risk": "경고", "clock": "기간", "since": "시작", "caution_from": "주의", "delisting_from": "상장폐지 요건",
    },
}


def render_markdown(outcomes: Sequence[Outcome], options: RenderOptions) -> str:
    words = WORDS[options.lang]
    lines = [f"## {words['heading']}", ""]
    if len(outcomes) > 1:
        lines += _summary(outcomes, options.lang)
    for outcome in outcomes:
        if outcome.report is not None:
            lines += _report(outcome.report, options.lang)
            if outcome.timeline is not None:
                lines += _timeline(outcome.timeline, options.lang)
        else:
            lines += [f"### ! {code_span(outcome.file)}: {words['unreadable']}", ""]
            lines += [f"- {code_span(str(problem.location))}: {escaped(problem.explained(options.lang))}" for problem in outcome.problems]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _summary(outcomes: Sequence[Outcome], lang: str) -> list[str]:
    words = WORDS[lang]
    eligible = sum(1 for o in outcomes if o.report is not None and o.report.eligible)
    reports = [o.report for o in outcomes if o.report is not None]
    # As in the text report: an at-risk column where a rulebook can give the status, and a waived
    # column where a result was waived, so that each row adds up to its rules; the listing check's
    # table without waivers is as it was.
    statuses = ["pass", "fail", "error", "not_applicable"]
    if any(r.counts.get("waived") for r in reports):
        statuses.insert(3, "waived")
    if any("at_risk" in r.counts for r in reports):
        statuses.insert(1, "at_risk")
    lines = [words["summary"].format(eligible=eligible, total=len(outcomes)), "",
             f"| | {words['file']} | {words['product']} | {words['verdict']} | " + " | ".join(words[s] for s in statuses) + " |",
             "|:-:|---|---|---|" + "--:|" * len(statuses)]
    for outcome in outcomes:
        report = outcome.report
        if report is None:
            lines.append(f"| ! | {code_span(outcome.file, in_table=True)} | | {words['unreadable']} |" + " |" * len(statuses))
            continue
        counts = report.counts
        mark, verdict = ("✔", words["eligible"]) if report.eligible else ("✘", words["not_eligible"])
        lines.append(f"| {mark} | {code_span(report.product.file, in_table=True)} | {escaped(report.product.name)} | {verdict} | "
                     + " | ".join(str(counts.get(s, 0)) for s in statuses) + " |")
    return lines + [""]


def _report(report: Report, lang: str) -> list[str]:
    words = WORDS[lang]
    rulebook = report.rulebook
    version = report.version or rulebook.current
    mark, verdict = ("✔", words["eligible"]) if report.eligible else ("✘", words["not_eligible"])
    counts = report.counts
    shown = [s for s in ("pass", "at_risk", "fail", "error", "waived", "not_applicable") if counts.get(s)]
    tally = ", ".join(f"{words[s]} {counts[s]}" if lang == "ko" else f"{counts[s]} {words[s]}" for s in shown)
    unconfirmed = "" if version.effective_from_confirmed else f" ({words['unconfirmed']})"
    as_of = report.as_of.isoformat() if report.as_of else "-"
    lines = [
        f"### {mark} {escaped(report.product.name)}: {verdict}",
        "",
        f"{code_span(report.product.file)} · {words['rulebook']} {code_span(rulebook.id)} {escaped(version.version)}, "
        f"{words['in_force']} {version.effective_from}{unconfirmed} · {words['as_of']} {as_of} · {tally}",
        "",
        *([f"{words['rulebook']} {code_span(rulebook.file)} SHA-256 `{rulebook.sha256}`", ""] if not rulebook.shipped else []),
        "| " + " | ".join(COLUMNS[lang]) + " |",
        "|:-:|---|---|---|",
    ]
    for result in report.results:
        lines.append(f"| {MARKS[result.status]} | {code_span(result.rule.id, in_table=True)} | {escaped(in_language(result.rule.title, lang))} | "
                     f"{escaped(in_language(result.message, lang))} |")
    findings = [r for r in report.results if r.status in ("fail", "error", "waived", "at_risk")]
    if findings:
        lines += ["", f"**{words['findings']}**", ""]
        for result in findings:
            lines += _finding(result, lang)
    return lines + [""]


def _timeline(timeline: object, lang: str) -> list[str]:
    """A table of each rule's status changes over the watched period."""
    words = WORDS[lang]
    title = "Timeline" if lang == "en" else "기간별 변화"
    date, status, message = ("date", "status", "reason") if lang == "en" else ("날짜", "상태", "사유")
    lines = [f"**{title}** {timeline.start} – {timeline.end}", "",  # type: ignore[attr-defined]
             f"| {words['rulebook'] if False else ('rule' if lang == 'en' else '규칙')} | {date} | {status} | {message} |",
             "|---|---|---|---|"]
    for line in timeline.rules:  # type: ignore[attr-defined]
        for change in line.changes:
            result = change.result
            lines.append(f"| {code_span(line.rule.id, in_table=True)} | {change.day} | {MARKS[result.status]} {words[result.status]} | "
                         f"{escaped(in_language(result.message, lang))} |")
    return lines + [""]


def _finding(result: Result, lang: str) -> list[str]:
    words = WORDS[lang]
    where = f" ({words['at']} {code_span(str(result.location))})" if result.location else ""
    lines = [f"- {MARKS[result.status]} {code_span(result.rule.id)}{where}: {escaped(in_language(result.message, lang))}"]
    dated = [(name, day) for name, day in (result.clock or {}).items() if day is not None]
    if dated:
        lines.append(f"  - {words['clock']}: " + ", ".join(f"{words[name]} {day}" for name, day in dated))
    for item in result.items[:ITEMS_SHOWN]:
        figure = (f" {format_value(item.observed, result.rule.unit, lang, avoid=result.threshold)}"
                  if item.observed is not None else "")
        place = f" · {code_span(str(item.location))}" if item.location else ""
        lines.append(f"  - {escaped(label(item.identity) + figure)}{place}")
    if len(result.items) > ITEMS_SHOWN:
        lines.append(f"  - {words['more'].format(more=len(result.items) - ITEMS_SHOWN)}")
    return lines


def escaped(text: str) -> str:
    """Text from files in a heading, table cell or list item: one line, shown as written, with no
    link, image, emphasis, code span, HTML or table cell made out of it."""
    return MARKUP.sub(_neutral, printable(text))


def _neutral(match: re.Match[str]) -> str:
    found, start, end = match.group(), match.start(), match.end()
    if found in ENTITIES:
        return ENTITIES[found]
    if (found[0] == "_" and start > 0 and LETTER_OR_DIGIT.match(match.string, start - 1)
            and LETTER_OR_DIGIT.match(match.string, end)):
        return found
    return "".join("\\" + character for character in found)


def code_span(text: str, in_table: bool = False) -> str:
    """``text`` as a code span, its fences included. Inside a code span a backslash shows as itself,
    so nothing is escaped there but a pipe in a table cell, which GitHub's tables would read as the
    cell's end; the fence is a run of backticks longer than any in ``text`` (CommonMark)."""
    shown = printable(text)
    if in_table:
        shown = shown.replace("|", "\\|")
    fence = "`" * (max(map(len, re.findall("`+", shown)), default=0) + 1)
    padded = shown.startswith(("`", " ")) or shown.endswith(("`", " "))  # a space each side is dropped
    return f"{fence} {shown} {fence}" if padded else f"{fence}{shown}{fence}"
