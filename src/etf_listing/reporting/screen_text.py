"""The text report of a screen, for people: the funnel, the selection with its weights, the
distributions and the turnover; with ``--company``, each named company's path through the rules.
Figures are rounded for reading (the JSON report has them exactly); input text is shown with its
control characters as escapes."""

from __future__ import annotations

from typing import Any, Sequence

from ..errors import printable
from ..formatting import in_language
from ..screening.evaluate import ScreenReport
from ..screening.figures import as_decimal
from ..screening.messages import describe
from ..screening.summary import distribution, turnover

MARKS = {"pass": "✔", "fail": "✘", "not_reached": "·", "not_applicable": "–", "error": "!"}
WORDS: dict[str, dict[str, Any]] = {
    "en": {"selected": "selected", "not_selected": "not selected", "excluded": "excluded", "error": "error",
           "undecided": "a figure the rule needs is not given",
           "funnel": "Funnel", "entered": "entered", "left": "left", "kept": "kept", "selection": "Selection",
           "groups": "Industry groups", "markets": "Markets", "turnover": "Against the previous constituents",
           "additions": "additions", "deletions": "deletions", "replacement": "replacement ratio",
           "turnover_ratio": "turnover ratio", "stopped": "stopped at", "weights": "weights capped in {rounds} round(s)",
           "via": {"special": "special inclusion", "stages": "stages"}, "count_share": "of the count",
           "cap_share": "of the market cap", "review": "review date", "path": "Path of"},
    "ko": {"selected": "선정", "not_selected": "미선정", "excluded": "제외", "error": "오류",
           "undecided": "규칙에 필요한 값이 없음",
           "funnel": "단계별 현황", "entered": "진입", "left": "탈락", "kept": "통과", "selection": "선정 종목",
           "groups": "산업군 분포", "markets": "시장 분포", "turnover": "이전 구성종목 대비",
           "additions": "편입", "deletions": "편출", "replacement": "종목교체율", "turnover_ratio": "턴오버비율",
           "stopped": "멈춘 규칙", "weights": "비중 상한 적용 {rounds}회",
           "via": {"special": "특례 편입", "stages": "단계 심사"}, "count_share": "종목수 비중", "cap_share": "시가총액 비중",
           "review": "심사일", "path": "경로:"},
}


def _padded(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal cells (a Hangul syllable takes two)."""
    from rich.cells import cell_len  # (only the text report measures cells: not the Markdown one, which shares WORDS)

    return text + " " * max(width - cell_len(text), 0)


def percent(value: object) -> str:
    return f"{as_decimal(value) * 100:.2f}%" if value is not None else "-"


def render_text(reports: Sequence[ScreenReport], lang: str = "en", companies: Sequence[str] = ()) -> str:
    return "\n".join(_report(report, lang, companies) for report in reports)


def _report(report: ScreenReport, lang: str, companies: Sequence[str]) -> str:
    w = WORDS[lang]
    methodology = report.methodology
    lines = [f"{printable(report.file)}: {printable(report.universe.name)}",
             f"  {in_language(methodology.title, lang)} ({methodology.id} {report.version.version}), {w['review']} {report.as_of}"]
    if companies:
        for code in dict.fromkeys(companies):
            lines += ["", *_path(report, code, lang)]
        return "\n".join(lines) + "\n"
    lines += ["", f"{w['funnel']}:"]
    width = max(len(step.rule.id) for step in report.funnel) if report.funnel else 10
    for step in report.funnel:
        lines.append(f"  {step.rule.id:<{width}}  {w['entered']} {step.entered:>5,}  {w['left']} {step.left:>5,}  {w['kept']} {step.kept:>5,}")
    lines += ["", f"{w['selection']} ({len(report.selected)}; " + w["weights"].format(rounds=report.weight_rounds) + "):"]
    for place, code in enumerate(report.selected, 1):
        outcome = report.companies[code]
        company = outcome.company
        lines.append(f"  {place:>3}. {code} {_padded(printable(company.name), 16)} {_padded(printable(company.market), 7)} "
                     f"{_padded(printable(company.industry_group or '-'), 14)} {percent(outcome.weight):>7}  {w['via'].get(outcome.via or '', '')}")
    shape = distribution(report)
    lines += ["", f"{w['groups']}:"]
    lines += [f"  {printable(entry['group'])}: {entry['count']}" for entry in shape["industry_group"]]
    lines += ["", f"{w['markets']}:"]
    lines += [f"  {printable(entry['market'])}: {entry['count']} ({percent(entry['count_share'])} {w['count_share']}, "
              f"{percent(entry['market_cap_share'])} {w['cap_share']})" for entry in shape["market"]]
    change = turnover(report)
    if change is not None:
        lines += ["", f"{w['turnover']}:",
                  f"  {w['additions']} {len(change['additions'])}, {w['deletions']} {len(change['deletions'])}, "
                  f"{w['replacement']} {percent(change['replacement_ratio'])}, {w['turnover_ratio']} {percent(change['turnover_ratio'])}"]
    for notice in report.notices:
        lines += ["", ("경고: " if lang == "ko" else "warning: ") + notice.text(lang)]
    return "\n".join(lines) + "\n"


def _path(report: ScreenReport, code: str, lang: str) -> list[str]:
    w = WORDS[lang]
    outcome = report.companies[code]
    company = outcome.company
    verdict = w[outcome.status] + (f" ({w['via'][outcome.via]})" if outcome.via else "")
    if outcome.undecided:
        verdict += f" ({w['error']}: {w['undecided']})"
    if outcome.weight is not None:
        verdict += f", {percent(outcome.weight)}"
    if outcome.stopped_at:
        verdict += f"; {w['stopped']} {outcome.stopped_at}"
    lines = [f"{w['path']} {printable(company.name)} ({code}), {company.market}, {printable(company.industry_group or '-')}: {verdict}"]
    for step in outcome.steps.values():
        lines.append(f"  {MARKS.get(step.status, '?')} {step.rule.id}: {printable(describe(step, report, lang))}")
    return lines
