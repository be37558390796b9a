"""What a screen's selection looks like as a whole: its distribution per industry group and per
market (as the index's announcement published them), and how it differs from the previous
constituents (additions, deletions, the replacement ratio and the turnover ratio)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from .evaluate import ScreenReport
from .figures import exact_text


def _market_cap(report: ScreenReport, code: str) -> Fraction:
    company = report.companies[code].company if code in report.companies else None
    return Fraction(company.market_cap_krw) if company is not None and company.market_cap_krw is not None else Fraction(0)


def distribution(report: ScreenReport) -> dict[str, Any]:
    """Counts per industry group; per market the count, its share of the count and its share of
    the selection's market cap (``market_cap_krw``)."""
    selected = report.selected
    groups: dict[str, int] = {}
    markets: dict[str, list[str]] = {}
    for code in selected:
        company = report.companies[code].company
        groups[company.industry_group or "-"] = groups.get(company.industry_group or "-", 0) + 1
        markets.setdefault(company.market, []).append(code)
    total_cap = sum((_market_cap(report, code) for code in selected), Fraction(0))
    count = len(selected)
    return {
        "industry_group": [{"group": group, "count": n} for group, n in sorted(groups.items(), key=lambda kv: (-kv[1], kv[0]))],
        "market": [{"market": market, "count": len(codes),
                    "count_share": exact_text(Fraction(len(codes), count)),
                    "market_cap_share": exact_text(sum((_market_cap(report, c) for c in codes), Fraction(0)) / total_cap) if total_cap else None}
                   for market, codes in sorted(markets.items(), key=lambda kv: (-len(kv[1]), kv[0]))],
    }


def turnover(report: ScreenReport) -> dict[str, Any] | None:
    """Against the previous constituents: additions and deletions, the replacement ratio
    (replaced issues / constituent count) and the turnover ratio (market cap of the issues added /
    market cap of all constituents). None when the universe names no previous constituents."""
    previous = report.universe.previous_constituents
    if previous is None:
        return None
    before = {p.code: p for p in previous}
    now = set(report.selected)
    additions = sorted(now - set(before))
    deletions = sorted(set(before) - now)
    total_cap = sum((_market_cap(report, code) for code in report.selected), Fraction(0))
    added_cap = sum((_market_cap(report, code) for code in additions), Fraction(0))

    def named(code: str) -> dict[str, Any]:
        company = report.companies.get(code)
        name = company.company.name if company is not None else before[code].name if code in before else None
        entry: dict[str, Any] = {"code": code, "name": name}
        if company is not None and code not in now:
            entry["status"], entry["stopped_at"] = company.status, company.stopped_at
        elif company is None:
            entry["status"] = "not_in_universe"
        return entry

    return {
        "previous_count": len(before),
        "additions": [named(code) for code in additions],
        "deletions": [named(code) for code in deletions],
        "replacement_ratio": exact_text(Fraction(len(additions), len(now))) if now else None,
        "turnover_ratio": exact_text(added_cap / total_cap) if total_cap else None,
    }
