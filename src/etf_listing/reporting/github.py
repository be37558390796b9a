"""GitHub Actions workflow commands (``--format github``): an annotation on the line of each finding.

One ``::error`` per rule that stops a listing (``fail`` or ``error``) and per problem in a file
that could not be read, one ``::warning`` per rule ``at_risk``; nothing for passes, so a clean run prints nothing. Values are escaped as
the runner expects: ``%``, CR and LF everywhere, and also ``:`` and ``,`` inside properties; other
control characters from the user's files are shown as escapes (``\\x1b``), as the log is a terminal's.
"""

from __future__ import annotations

from typing import Sequence

from ..errors import Location, printable
from ..formatting import in_language
from .outcome import Outcome, RenderOptions


def render_github(outcomes: Sequence[Outcome], options: RenderOptions) -> str:
    lines = []
    for outcome in outcomes:
        if outcome.report is None:
            for problem in outcome.problems:
                lines.append(annotation(problem.location, "etf-check", problem.explained(options.lang)))
            continue
        for result in outcome.report.results:
            if result.status in ("fail", "error", "waived", "at_risk"):
                where = result.location or Location(outcome.report.product.file)
                # a waived fail does not fail the check; at_risk warns without failing it
                level = {"waived": "notice", "at_risk": "warning"}.get(result.status, "error")
                lines.append(annotation(where, result.rule.id, in_language(result.message, options.lang), level))
    return "".join(f"{line}\n" for line in lines)


def annotation(where: Location, title: str, message: str, level: str = "error") -> str:
    properties = f"file={_property(where.file)},line={where.line},col={where.column},title={_property(title)}"
    return f"::{level} {properties}::{_data(message)}"


def _data(text: str) -> str:
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
