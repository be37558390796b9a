"""The CSV report of a screen: one row per company, in code order, with its status, where it
stopped, its weight and, for each rule, the status, the figure, the rank and the rank ratio; with
``--company``, only those companies. Figures are exact decimals, for a spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import Sequence

from ..screening.evaluate import ScreenReport
from ..screening.figures import exact_text


def render_csv(reports: Sequence[ScreenReport], lang: str = "en", companies: Sequence[str] = ()) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for n, report in enumerate(reports):
        rules = [rule.id for rule in report.methodology.rules]
        if n == 0:
            header = ["file", "code", "name", "market", "industry_group", "status", "stopped_at", "via", "place", "weight"]
            for rule in rules:
                header += [f"{rule}.status", f"{rule}.observed", f"{rule}.rank", f"{rule}.rank_ratio"]
            writer.writerow(header)
        places = {code: place for place, code in enumerate(report.selected, 1)}
        for code in (list(dict.fromkeys(companies)) or list(report.companies)):
            outcome = report.companies[code]
            c = outcome.company
            row = [report.file, code, c.name, c.market, c.industry_group or "", outcome.status, outcome.stopped_at or "",
                   outcome.via or "", places.get(code, ""), exact_text(outcome.weight) or ""]
            for rule in rules:
                step = outcome.steps[rule]
                primary = step.primary
                placement = step.placement if step.placement is not None else (primary.placement if primary else None)
                observed = exact_text(step.compared[0])  # the figure of the comparison that decided, as in JSON
                if type(observed) is bool:  # as the JSON report and the universe write a flag
                    observed = "true" if observed else "false"
                row += [step.status, "" if observed is None else observed,
                        placement.rank if placement else "", exact_text(placement.ratio) if placement else ""]
            writer.writerow(row)
    return out.getvalue()
