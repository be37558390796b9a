"""One universe through a screen, with the checker's safeguards: its report, or the positioned
problems that stopped it (``etf_listing.checker.Checker.screen``).

A universe that cannot be read, a review date for which the methodology has no version, a
``--company`` code the universe does not have, or a bug met on this universe: each is a problem
placed on the universe's file (exit status 2), never a traceback, and the other universes are still
screened.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from ..errors import InputError, Location, Problem, bug_in, did_you_mean

if TYPE_CHECKING:
    from .evaluate import ScreenReport
    from .methodology import Methodology


@dataclass(frozen=True)
class ScreenOutcome:
    """What a screen produced for one universe file named: a report, or the problems that stopped it."""

    file: str
    report: ScreenReport | None = None
    problems: tuple[Problem, ...] = ()


def screened(path: str, methodology: Methodology, as_of: dt.date | None = None, root: str | None = None,
             companies: Sequence[str] = ()) -> ScreenOutcome:
    """The universe at ``path`` screened by ``methodology`` (as of ``as_of``, else its own date);
    ``companies``: codes whose path the report explains, each of which the universe must have."""
    from ..loading.universe import load_universe
    from .evaluate import screen

    file = path
    try:
        universe = load_universe(path, root)
        file = universe.file
        report = screen(universe, methodology, as_of)
    except InputError as error:
        return ScreenOutcome(file, problems=tuple(error.problems))
    except Exception as error:  # noqa: BLE001 - a bug: reported on its file, the other universes still run
        if os.environ.get("ETF_LISTING_TRACEBACK"):
            raise
        return ScreenOutcome(file, problems=tuple(bug_in(file, error).problems))
    unknown = [code for code in companies if code not in report.companies]
    if unknown:
        return ScreenOutcome(file, problems=tuple(Problem(
            Location(universe.file), f"--company {code}: no company with this code in the universe",
            did_you_mean(code, report.companies) or "give the code as the company table writes it (005930)",
            ko=f"--company {code}: 유니버스에 이 코드의 회사가 없습니다",
            hint_ko=did_you_mean(code, report.companies, "ko") or "회사 표에 적힌 코드를 쓰세요(005930)") for code in unknown))
    return ScreenOutcome(file, report)


__all__ = ["ScreenOutcome", "screened"]
