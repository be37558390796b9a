"""The JSON report of the public contract (``--format json``).

Figures are strings holding exact decimals (ratios as ratios, not percents); the document depends
only on the inputs, so the same inputs give byte-identical output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import weakref
from decimal import Decimal
from typing import Any, Sequence

from .. import __version__
from ..errors import Location, Problem
from ..formatting import message_in
from ..results import Report, Result
from ..vocabulary.numbers import Ratio, exact, plain
from ..waivers import waiver_dict
from .outcome import Outcome, Piece, RenderOptions, text_of

SCHEMA_VERSION = 1
_LONGEST_COUNT = 10**18  # (str() of an integer of thousands of digits refuses; Decimal writes it)


def figure(value: Any) -> Any:
    """A value as JSON: numbers as exact decimal strings, lists element-wise."""
    kind = type(value)
    if kind is Decimal:  # most figures: plain(value), written here
        text = format(value, "f")
        return "0" if text == "-0" or text == "-0.0" else text
    if kind is str:
        return value
    if kind is int and -_LONGEST_COUNT < value < _LONGEST_COUNT:  # a count: as plain(Decimal(value)) writes it
        return str(value)
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, Decimal, Ratio)):
        return plain(exact(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return [figure(v) for v in value]
    return str(value)


def location(where: Location | None) -> dict[str, Any] | None:
    return where.as_dict() if where else None


def result_dict(result: Result, lang: str) -> dict[str, Any]:
    """A result as the report writes it. A result that every product on an index shares (a rule
    that reads no product: ``evaluation._evaluated``) is written once for them all, in each
    language: the same dict in each product's report, for as long as the result lives (the
    entry goes with it, so the cache keeps nothing alive)."""
    if getattr(result.rule, "reads_product", True):
        return _result_dict(result, lang)
    key = (id(result), lang)
    found = _SHARED.get(key)
    if found is None or found[0]() is not result:
        if len(_SHARED) >= 4096:
            _SHARED.clear()
        found = _SHARED[key] = (weakref.ref(result), _result_dict(result, lang))
        weakref.finalize(result, _SHARED.pop, key, None)  # before its id can be another's
    return found[1]


_SHARED: dict[tuple[int, str], tuple[weakref.ref[Result], dict[str, Any]]] = {}


def _result_dict(result: Result, lang: str) -> dict[str, Any]:
    rule = result.rule
    written = {
        "rule": rule.id,
        "status": result.status,
        "title": rule.title.get(lang, rule.title["en"]),
        "message": message_in(result.message, lang),
        "observed": figure(result.observed),
        "operator": result.operator,
        "threshold": figure(result.threshold),
        "unit": rule.unit,
        "citation": rule.citation.get(lang, rule.citation["en"]),
        "location": result.location.as_dict() if result.location else None,
        "items": [{**item.identity, "observed": figure(item.observed),
                   "location": item.location.as_dict() if item.location else None}
                  for item in result.items],
        "parameters": {name: figure(value) for name, value in result.parameters.items()},
        "confirmed": rule.confirmed,
        "headroom": figure(result.headroom),
    }
    if result.waiver:
        written["waiver"] = waiver_dict(result.waiver)
    if result.clock is not None:
        written["clock"] = {name: figure(day) for name, day in result.clock.items()}
    return written


def report_dict(report: Report, lang: str = "en") -> dict[str, Any]:
    version = report.version or report.rulebook.current
    return {
        "file": report.product.file,
        "product": report.product.name,
        "rulebook": {"id": report.rulebook.id, "version": version.version,
                     "effective_from": version.effective_from.isoformat(),
                     "effective_from_confirmed": version.effective_from_confirmed,
                     "effective_to": version.effective_to.isoformat() if version.effective_to else None,
                     "file": report.rulebook.file, "sha256": report.rulebook.sha256,
                     "shipped": report.rulebook.shipped, "time_zone": report.rulebook.time_zone},
        "inputs": [{"file": file, "sha256": digest} for file, digest in report.product.input_files],
        "as_of": report.as_of.isoformat() if report.as_of else None,
        "eligible": report.eligible,
        "counts": report.counts,
        "results": [result_dict(r, lang) for r in report.results],
        "notices": [{"message": n.ko if lang == "ko" else n.message, "location": location(n.location)} for n in report.notices],
        # only where waivers were applied: a report without them depends on its inputs alone
        **({"waivers_judged_on": report.waivers_judged_on.isoformat()} if report.waivers_judged_on else {}),
    }


def problem_dict(problem: Problem, lang: str = "en") -> dict[str, Any]:
    return {"location": location(problem.location), "message": problem.message_in(lang), "hint": problem.hint_in(lang)}


def timeline_dict(timeline: Any, lang: str) -> dict[str, Any]:
    """A watched period: per rule, the days its status changed and its daily figures."""
    return {
        "from": timeline.start.isoformat(), "to": timeline.end.isoformat(),
        "rules": [{"rule": line.rule.id,
                   "changes": [{"date": change.day.isoformat(), "status": change.result.status,
                                "message": message_in(change.result.message, lang),
                                "observed": figure(change.result.observed),
                                **({"clock": {k: figure(v) for k, v in change.result.clock.items()}}
                                   if change.result.clock is not None else {})}
                               for change in line.changes],
                   "series": [{"date": day.isoformat(), "observed": figure(value)} for day, value in line.series]}
                  for line in timeline.rules],
    }


def outcome_dict(outcome: Outcome, lang: str) -> dict[str, Any]:
    if outcome.report is not None:
        if outcome.timeline is not None:
            return {**report_dict(outcome.report, lang), "timeline": timeline_dict(outcome.timeline, lang)}
        return report_dict(outcome.report, lang)
    return {"file": outcome.file, "product": None, "eligible": False, "counts": None, "results": [],
            "errors": [problem_dict(p, lang) for p in outcome.problems]}


def render_json(outcomes: Sequence[Outcome], options: RenderOptions) -> str:
    """The JSON report: ``dumps`` of the whole document; where the run wrote some products' parts
    already (``written``), the document is put together a product at a time from the parts, into
    the same text, byte for byte (tested)."""
    return "".join(map(text_of, json_pieces(outcomes, options)))


def json_pieces(outcomes: Sequence[Outcome], options: RenderOptions) -> list[Piece]:
    """The JSON report as pieces that make ``render_json``'s text one after another, each text or
    that text already in UTF-8 (``dumped``): where the run wrote the products' parts already, each
    part is a piece of its own, written out as it is rather than copied into one text first (the
    1,000-product batch's report is 39 MB)."""
    if all(o.json is None for o in outcomes):  # nothing written beforehand: the document in one go, the leanest
        return [dumped({"schema_version": SCHEMA_VERSION, "tool": {"name": "etf-listing", "version": __version__},
                        "reports": [outcome_dict(o, options.lang) for o in outcomes]}), "\n"]
    head = dumps({"schema_version": SCHEMA_VERSION, "tool": {"name": "etf-listing", "version": __version__}})
    pieces: list[Piece] = [head[:-2] + ',\n  "reports": [\n']
    for outcome in outcomes:
        pieces.append(outcome.json[1] if outcome.json is not None and outcome.json[0] == options.lang
                      else outcome_json(outcome, options.lang))
        pieces.append(",\n")
    pieces[-1] = "\n  ]\n}\n"
    return pieces


def outcome_json(outcome: Outcome, lang: str) -> str | bytes:
    """One outcome's part of the JSON report: its object, indented as the document's ``reports``
    list holds it; in UTF-8 where ``dumped`` gives it so (kept, handed back from a worker and
    written out as it is: never decoded, and a third of the memory of its text)."""
    text = dumped(outcome_dict(outcome, lang))
    if isinstance(text, bytes):
        return b"    " + text.replace(b"\n", b"\n    ")
    return "    " + text.replace("\n", "\n    ")


def written(outcome: Outcome, lang: str) -> Outcome:
    """The outcome with its part of the JSON report written, and without the timeline that only
    that part shows (a watch over years holds thousands of figures a product)."""
    return dataclasses.replace(outcome, json=(lang, outcome_json(outcome, lang)), timeline=None)


def dumps(document: Any) -> str:
    """``json.dumps(document, ensure_ascii=False, indent=2)``, byte for byte, written by a C
    encoder (``dumped``)."""
    text = dumped(document)
    return text if isinstance(text, str) else text.decode()


def dumped(document: Any) -> str | bytes:
    """``dumps``'s text, in UTF-8 where orjson wrote it. Python's ``json`` uses its pure-Python
    encoder whenever it indents (1.2 s of the 39 MB report of 1,000 products); orjson writes the
    same text in a few hundredths of that. What orjson does not take (an integer beyond 64 bits, a
    lone surrogate, a key that is not text) is written by ``json``, as text. A report holds no
    float (figures are exact decimal strings), where the two could differ (NaN)."""
    try:
        import orjson
    except ImportError:  # an install without it: the same text, more slowly
        return json.dumps(document, ensure_ascii=False, indent=2)
    try:
        return orjson.dumps(document, option=orjson.OPT_INDENT_2)
    except TypeError:
        return json.dumps(document, ensure_ascii=False, indent=2)
