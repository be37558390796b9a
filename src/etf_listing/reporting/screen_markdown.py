"""The Markdown report of a screen: the funnel, the selection and the distributions as tables (for
a pull request or a review memo); with ``--company``, each named company's path."""

from __future__ import annotations

from typing import Sequence

from ..formatting import in_language
from ..screening.evaluate import ScreenReport
from ..screening.messages import describe
from ..screening.summary import distribution, turnover
from .markdown import code_span, escaped
from .screen_text import WORDS, percent


def _cell(text: object) -> str:
    return escaped(str(text))


def render_markdown(reports: Sequence[ScreenReport], lang: str = "en", companies: Sequence[str] = ()) -> str:
    return "\n".join(_report(report, lang, companies) for report in reports)


def _report(report: ScreenReport, lang: str, companies: Sequence[str]) -> str:
    w = WORDS[lang]
    methodology = report.methodology
    lines = [f"## {_cell(report.universe.name)}", "",
             f"{_cell(in_language(methodology.title, lang))} ({_cell(methodology.id)} {_cell(report.version.version)}), "
             f"{w['review']} {report.as_of} — {code_span(report.file)}", ""]
    if companies:
        for code in dict.fromkeys(companies):
            outcome = report.companies[code]
            verdict = w[outcome.status] + (f" ({w['error']}: {w['undecided']})" if outcome.undecided else "")
            lines += [f"### {_cell(outcome.company.name)} ({_cell(code)}): {verdict}", "",
                      "| rule | status | |", "|---|---|---|"]
            lines += [f"| {code_span(step.rule.id, in_table=True)} | {step.status} | {_cell(describe(step, report, lang))} |" for step in outcome.steps.values()]
            lines.append("")
        return "\n".join(lines)
    lines += [f"### {w['funnel']}", "", f"| rule | {w['entered']} | {w['left']} | {w['kept']} |", "|---|--:|--:|--:|"]
    lines += [f"| {code_span(s.rule.id, in_table=True)} | {s.entered:,} | {s.left:,} | {s.kept:,} |" for s in report.funnel]
    lines += ["", f"### {w['selection']} ({len(report.selected)})", "", "| # | code | name | market | industry group | weight | via |",
              "|--:|---|---|---|---|--:|---|"]
    for place, code in enumerate(report.selected, 1):
        outcome = report.companies[code]
        c = outcome.company
        lines.append(f"| {place} | {_cell(code)} | {_cell(c.name)} | {_cell(c.market)} | {_cell(c.industry_group or '-')} | "
                     f"{percent(outcome.weight)} | {w['via'].get(outcome.via or '', '')} |")
    shape = distribution(report)
    lines += ["", f"### {w['groups']}", "", "| group | count |", "|---|--:|"]
    lines += [f"| {_cell(e['group'])} | {e['count']} |" for e in shape["industry_group"]]
    lines += ["", f"### {w['markets']}", "", f"| market | count | {w['count_share']} | {w['cap_share']} |", "|---|--:|--:|--:|"]
    lines += [f"| {_cell(e['market'])} | {e['count']} | {percent(e['count_share'])} | {percent(e['market_cap_share'])} |"
              for e in shape["market"]]
    change = turnover(report)
    if change is not None:
        lines += ["", f"### {w['turnover']}", "",
                  f"{w['additions']} {len(change['additions'])}, {w['deletions']} {len(change['deletions'])}, "
                  f"{w['replacement']} {percent(change['replacement_ratio'])}, {w['turnover_ratio']} {percent(change['turnover_ratio'])}"]
    for notice in report.notices:
        lines += ["", "> " + ("경고: " if lang == "ko" else "warning: ") + _cell(notice.text(lang))]
    return "\n".join(lines) + "\n"
