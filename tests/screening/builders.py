"""Universes for screen tests: companies that pass every rule unless a test says otherwise."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from etf_listing.loading.universe import COMPANY_COLUMNS, load_universe
from etf_listing.screening.evaluate import ScreenReport, screen
from etf_listing.screening.methodology import Methodology, load_methodology

_METHODOLOGY: list[Methodology] = []


def value_up() -> Methodology:
    if not _METHODOLOGY:
        _METHODOLOGY.append(load_methodology("korea-value-up-index"))
    return _METHODOLOGY[0]


def company(code: str, cap: int = 10**12, **fields: Any) -> dict[str, Any]:
    """A common stock of KOSPI in IT that passes every exclusion and stage (cap in KRW)."""
    row: dict[str, Any] = {
        "code": code, "name": f"Company {code}", "market": "KOSPI", "share_class": "common", "industry_group": "IT",
        "listed_on": "2000-01-04", "free_float_ratio": "0.5", "market_cap_krw": cap, "trading_value_krw": cap // 100,
        "net_income_krw_y1": cap // 10, "net_income_krw_y2": cap // 10, "dividend_krw_y1": cap // 100,
        "dividend_krw_y2": cap // 100, "treasury_cancelled_krw_y1": 0, "treasury_cancelled_krw_y2": 0,
        "pbr_y1": "1.0", "pbr_y2": "1.0", "roe_y1": "0.10", "roe_y2": "0.10", "administrative_issue": "false",
        "investment_caution": "false", "under_review": "false", "capital_impaired": "false", "unsuitable_reason": "",
        "value_up_disclosed_on": "",
    }
    row.update(fields)
    return row


def many(count: int, start: int = 1, cap: int = 10**12, step: int = 10**9, **fields: Any) -> list[dict[str, Any]]:
    """``count`` companies with distinct caps, the largest first: code 000001 has ``cap``."""
    return [company(f"{n:06d}", cap - (n - start) * step, **fields) for n in range(start, start + count)]


def csv_text(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, list(COMPANY_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in COMPANY_COLUMNS})
    return out.getvalue()


def universe_file(folder: Path, rows: list[dict[str, Any]], previous: str | None = None, as_of: str = "2024-09-23") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "companies.csv").write_text(csv_text(rows), encoding="utf-8")
    text = f"kind: index-universe\nschema_version: 1\nname: test universe\nas_of: {as_of}\ncompanies: companies.csv\n"
    if previous is not None:
        (folder / "previous.csv").write_text(previous, encoding="utf-8")
        text += "previous_constituents: previous.csv\n"
    (folder / "universe.yaml").write_text(text, encoding="utf-8")
    return folder / "universe.yaml"


def screened(folder: Path, rows: list[dict[str, Any]], previous: str | None = None) -> ScreenReport:
    return screen(load_universe(str(universe_file(folder, rows, previous))), value_up())


def status(report: ScreenReport, code: str, rule: str) -> str:
    return report.companies[code].steps[rule].status
