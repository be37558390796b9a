"""A screen's selection as an index file (``kind: etf-index``) with its constituents, so that a
product tracking it can be checked by ``etf-check`` in one more command.

``DIR/index.yaml`` names ``constituents.csv`` beside it: code, name, market, sector (the industry
group), the index weight, and the market cap and trading value the universe gave, which the listing
check reads as the constituents' means where no daily market data is added to the index file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from decimal import ROUND_HALF_EVEN, Decimal, localcontext

from ..errors import printable
from ..vocabulary.numbers import plain
from .evaluate import ScreenReport
from .figures import as_decimal

# The constituent table reads at most 30 decimal places (limits.MAX_NUMBER_DIGITS); a weight that
# does not end is written rounded to them.
WEIGHT_PLACES = Decimal(1).scaleb(-30)
# Characters YAML does not allow as they are (C1 controls, non-characters, lone surrogates) or
# reads as line breaks (NEL, LS, PS), which json.dumps leaves as they are.
_NOT_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back as ``text``: JSON's escapes are
    YAML's, and control characters and line breaks come out escaped."""
    return _NOT_YAML.sub(_escaped, json.dumps(text, ensure_ascii=False))


def _comment(text: str) -> str:
    """``text`` for a YAML comment: one line, its control characters shown as escapes."""
    return _NOT_YAML.sub(_escaped, printable(text))


def schema_line(directory: str) -> list[str]:
    """The editor's schema line, where a ``schemas/`` folder with the index schema lies above
    ``directory`` (a checkout of this project): its path relative to the index file."""
    here = os.path.abspath(directory)
    while True:
        candidate = os.path.join(here, "schemas", "index.schema.json")
        if os.path.isfile(candidate):
            relative = os.path.relpath(candidate, os.path.abspath(directory)).replace(os.sep, "/")
            return [f"# yaml-language-server: $schema={relative}"]
        parent = os.path.dirname(here)
        if parent == here:
            return []
        here = parent


def index_text(report: ScreenReport, directory: str = ".") -> str:
    methodology = report.methodology
    title = methodology.title
    return "\n".join([
        *schema_line(directory),
        _comment(f"# Written by etf-check screen from {report.file} ({methodology.id} {report.version.version}, "
                 f"review date {report.as_of})."),
        "kind: etf-index",
        "schema_version: 1",
        f"name: {_quoted(title.get('ko') or title['en'])}",
        f"description: {_quoted(f'{len(report.selected)} constituents selected on {report.as_of} from {report.universe.name}')}",
        "asset_class: equity",
        "weighting: capped_market_cap",
        "constituents: constituents.csv",
        "",
    ])


def constituents_text(report: ScreenReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "name", "market", "sector", "weight", "market_cap_krw", "trading_value_krw"])
    for code in report.selected:
        outcome = report.companies[code]
        company = outcome.company
        weight = ""
        if outcome.weight is not None:
            with localcontext() as context:
                context.prec = 60
                weight = plain(as_decimal(outcome.weight).quantize(WEIGHT_PLACES, rounding=ROUND_HALF_EVEN).normalize())
        writer.writerow([code, company.name, company.market, company.industry_group or "", weight,
                         plain(company.market_cap_krw) if company.market_cap_krw is not None else "",
                         plain(company.trading_value_krw) if company.trading_value_krw is not None else ""])
    return out.getvalue()


def write_index(report: ScreenReport, directory: str) -> str:
    """Write ``index.yaml`` and ``constituents.csv`` into ``directory``; returns the index's path."""
    os.makedirs(directory, exist_ok=True)
    index = os.path.join(directory, "index.yaml")
    for path, text in ((index, index_text(report, directory)), (os.path.join(directory, "constituents.csv"), constituents_text(report))):
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    return index
