"""HTML (``--format html``): one self-contained page for a run, to read, show and print.

A summary table links to a section per product: its verdict and rulebook version, every rule with
its status, message, figures, headroom, citation, position and offenders, and the charts its
results call for (``charts``). The page needs nothing else: the CSS and the SVG charts are inline,
there is no script and no font or image to fetch. Jinja2 writes it with autoescaping, so a name
from an input file is text, whatever it contains. The print stylesheet gives an A4 document with
each product on its own pages, headed by the product, rulebook version and evaluation date, and the
tool's version in every page's footer.

Jinja2 is an optional dependency (``pip install 'etf-listing[html]'``); this module is imported
only when the HTML format is asked for.
"""

from __future__ import annotations

from functools import partial
from importlib import resources
from typing import Any, Sequence

from ... import __version__
from ...formatting import OPERATOR_WORDS, describe_headroom, format_threshold, format_value, in_language, is_near_miss, label
from ..outcome import Outcome, RenderOptions
from .words import WORDS

ITEMS_SHOWN = 100  # offenders listed under a rule; the JSON report has all of them
MISSING = {
    "en": "the HTML report needs Jinja2, which is not installed: pip install 'etf-listing[html]'",
    "ko": "HTML 보고서에는 Jinja2가 필요하지만 설치되어 있지 않습니다: pip install 'etf-listing[html]'",
}


class MissingDependency(ImportError):
    """An optional dependency a format needs is not installed; the message says how to add it."""

    def __init__(self, lang: str = "en"):
        super().__init__(MISSING.get(lang, MISSING["en"]))
        self.ko = MISSING["ko"]


def available() -> bool:
    """Whether the HTML report can be written here: Jinja2 is installed."""
    try:
        import jinja2  # noqa: F401
    except ImportError:
        return False
    return True


def render_html(outcomes: Sequence[Outcome], options: RenderOptions) -> str:
    try:
        import jinja2
    except ImportError:
        raise MissingDependency(options.lang) from None
    from .charts import Drawn, figures

    lang = options.lang
    words = WORDS[lang]
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                                     trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    template = environment.from_string(_resource("report.html.j2"))
    drawn = Drawn()  # an index's charts, drawn once for the products that share it
    listed: dict[int, Any] = {}  # offenders as shown, likewise
    sections = [_section(n, outcome, options, partial(figures, drawn=drawn), listed)
                for n, outcome in enumerate(outcomes, start=1)]
    reports = [o.report for o in outcomes if o.report is not None]
    rulebooks = sorted({f"{r.rulebook.id} {(r.version or r.rulebook.current).version}" for r in reports})
    dates = sorted({r.as_of.isoformat() for r in reports if r.as_of is not None})
    footer = words["footer"].format(tool="etf-listing", version=__version__, rulebooks=", ".join(rulebooks) or "-",
                                    dates=", ".join(dates) or "-")
    page_rules = "".join(
        f"@page {s['page']} {{ @top-left {{ content: {css_string(s['running_head'])}; }} }}\n" for s in sections)
    # pass, fail, error and n/a always; waived and at risk where a report has them
    statuses = [s for s in ("pass", "fail", "error", "waived", "at_risk", "not_applicable")
                if s not in ("waived", "at_risk") or any(r.counts.get(s, 0) for r in reports)]
    return template.render(
        lang=lang, w=words, version=__version__, sections=sections, statuses=statuses,
        eligible=sum(1 for r in reports if r.eligible), total=len(outcomes),
        css=jinja2.utils.markupsafe.Markup(_resource("report.css") + _print_rules(footer, lang) + page_rules),
        footer=footer, markup=jinja2.utils.markupsafe.Markup,
    )


def _resource(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def _print_rules(footer: str, lang: str) -> str:
    page = "쪽" if lang == "ko" else "page"
    return ("@page { size: A4; margin: 16mm 12mm 16mm 12mm;\n"
            f"  @bottom-left {{ content: {css_string(footer)}; font-size: 7pt; color: #555; }}\n"
            f"  @bottom-right {{ content: {css_string(page)} \" \" counter(page) \" / \" counter(pages); font-size: 7pt; color: #555; }} }}\n")


def css_string(text: str) -> str:
    """``text`` as a CSS string literal that nothing in it can end: every character but letters,
    digits and a few harmless marks is written as a CSS escape (so ``"`` and ``</style>`` are inert)."""
    out = []
    for char in " ".join(text.split()):
        if char.isalnum() or char in " .,:-_()·/+%":
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    return '"' + "".join(out) + '"'


def _section(n: int, outcome: Outcome, options: RenderOptions, figures: Any, listed: dict[int, Any]) -> dict[str, Any]:
    words = WORDS[options.lang]
    report = outcome.report
    anchor = f"p{n}"
    if report is None:
        return {"anchor": anchor, "page": f"product{n}", "file": outcome.file, "report": None,
                "running_head": f"{outcome.file} · {words['unreadable']}",
                "problems": [(str(p.location), p.explained(options.lang)) for p in outcome.problems]}
    lang = options.lang
    version = report.version or report.rulebook.current
    as_of = report.as_of.isoformat() if report.as_of else "-"
    head = (f"{report.product.name} · {report.rulebook.id} {version.version} · {words['as_of']} {as_of} · "
            f"etf-listing {__version__}")
    return {
        "anchor": anchor, "page": f"product{n}", "file": report.product.file, "report": report,
        "name": report.product.name, "eligible": report.eligible, "counts": report.counts,
        "rulebook_id": report.rulebook.id, "rulebook_title": in_language(report.rulebook.title, lang),
        # a rulebook of the user's own is named by its file and the SHA-256 of its bytes
        "rulebook_file": None if report.rulebook.shipped else report.rulebook.file,
        "rulebook_sha256": report.rulebook.sha256,
        "version": version.version, "effective_from": version.effective_from.isoformat(),
        "confirmed": version.effective_from_confirmed, "as_of": as_of, "running_head": head,
        "notices": [notice.text(lang) for notice in report.notices],
        "results": [_result(result, options, listed) for result in report.results],
        "figures": figures(report, anchor, lang, options.near_miss),
    }


def _offenders(result: Any, lang: str, listed: dict[int, Any]) -> list[tuple[str, str, str]]:
    """The offenders as shown, written once for offenders shared by the products on an index."""
    found = listed.get(id(result.items))
    if found is not None and found[0] is result.items:
        shared: list[tuple[str, str, str]] = found[1]
        return shared
    shown = [(label(item.identity),
              format_value(item.observed, result.rule.unit, lang, avoid=result.threshold) if item.observed is not None else "",
              str(item.location) if item.location else "") for item in result.items[:ITEMS_SHOWN]]
    listed[id(result.items)] = (result.items, shown)  # the items are kept, so that the id stays theirs
    return shown


def _result(result: Any, options: RenderOptions, listed: dict[int, Any]) -> dict[str, Any]:
    lang = options.lang
    unit = result.rule.unit
    near = result.status == "pass" and is_near_miss(result, options.near_miss)
    items = _offenders(result, lang, listed)
    waiver = result.waiver
    clock = getattr(result, "clock", None) or {}  # a watched rule's dates: since, caution_from, delisting_from
    words = WORDS[lang]
    return {
        "clock": ", ".join(f"{words.get(name, name)} {day}" for name, day in dict(clock).items() if day is not None),
        "id": result.rule.id, "status": result.status, "near": near,
        "title": in_language(result.rule.title, lang), "confirmed": result.rule.confirmed,
        "message": in_language(result.message, lang),
        "observed": format_value(result.observed, unit, lang, avoid=result.threshold) if result.observed is not None else "",
        "operator": OPERATOR_WORDS[lang].get(result.operator or "", result.operator or ""),
        "threshold": (format_threshold(result.threshold, result.operator or "", unit, lang)
                      if result.threshold is not None else ""),
        "headroom": (describe_headroom(result.headroom, result.operator or "", result.threshold, unit, lang)
                     if result.headroom is not None else ""),
        "citation": in_language(result.rule.citation, lang),
        "location": str(result.location) if result.location else "",
        "offenders": items, "more": max(0, len(result.items) - ITEMS_SHOWN),
        "waiver": (WORDS[lang]["waived_by"].format(reason=waiver.reason, approved_by=waiver.approved_by,
                                                   expires=waiver.expires.isoformat()) if waiver else ""),
    }


__all__ = ["MissingDependency", "available", "css_string", "render_html"]
