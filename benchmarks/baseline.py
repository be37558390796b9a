"""The baseline: the ten KRX checks written by hand in plain Python with floats.

This is what someone would write in an afternoon instead of a rules engine: read the files (the
csv module, PyYAML), take 3-month means, compute weights, sort, cut at 85%, compare. It is used
only to measure our evaluator against, and the benchmark asserts that both give the same verdicts
on its inputs. ``benchmarks/afternoon.py`` is the same checks as a script reading the files as a
user would, for the end-to-end comparison.
It knows one rulebook (the KRX defaults, hard-coded), explains nothing beyond the offenders'
codes, and rounds (floats): exactly what ``etf-check`` exists not to do.

The ten checks: constituent count, the 30% single-issue cap, market cap and trading value of the
issues within the top 85% (with offenders), principal, units, authorized participants, LP
contracts, and PDF coverage by market-cap weight and by count.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import os
from typing import Any

import yaml

RULES = (
    "krx.index.constituent_count",
    "krx.index.single_issue_weight",
    "krx.index.top85_market_cap",
    "krx.index.top85_trading_value",
    "krx.size.principal",
    "krx.size.units",
    "krx.liquidity.authorized_participant",
    "krx.liquidity.lp_contract",
    "krx.pdf.market_cap_coverage",
    "krx.pdf.constituent_coverage",
)

MIN_CONSTITUENTS = 10
MAX_WEIGHT = 0.30
TOP_CUT = 0.85
MIN_CAP = 15e9
MIN_TRADING = 1e8
MIN_PRINCIPAL = 7e9
MIN_UNITS = 100_000
MIN_PDF_WEIGHT = 0.95
MIN_PDF_COUNT = 0.50
TOLERANCE_DAYS = 7

Verdicts = dict[str, tuple[str, list[str]]]  # rule -> (status, offender codes or names)


# --- reading the files ----------------------------------------------------------------------------

def read_csv(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def krw(value: Any) -> float:
    text = str(value).replace(",", "").strip()
    if text.endswith("억원"):
        return float(text[:-2]) * 1e8
    return float(text)


def load(product_path: str) -> dict[str, Any]:
    """A product file and its index as plain dicts, amounts as floats."""
    folder = os.path.dirname(product_path)
    with open(product_path, encoding="utf-8") as f:
        product = yaml.safe_load(f)
    index_path = os.path.join(folder, product["underlying"]["index"])
    index_folder = os.path.dirname(index_path)
    with open(index_path, encoding="utf-8") as f:
        index = yaml.safe_load(f)
    constituents = read_csv(os.path.join(index_folder, index["constituents"]))
    for c in constituents:
        if c.get("market_cap_krw"):
            c["market_cap_krw"] = float(c["market_cap_krw"])
            c["trading_value_krw"] = float(c["trading_value_krw"])
    daily: dict[str, list[tuple[dt.date, float, float]]] | None = None
    if index.get("market_data"):
        daily = {}
        for row in read_csv(os.path.join(index_folder, index["market_data"])):
            daily.setdefault(row["code"], []).append(
                (dt.date.fromisoformat(row["date"]), float(row["market_cap_krw"]), float(row["trading_value_krw"])))
    pdf = read_csv(os.path.join(folder, product["pdf"]))
    return {"product": product, "index": index, "constituents": constituents, "daily": daily, "pdf": pdf}


# --- the checks -----------------------------------------------------------------------------------

def window_start(as_of: dt.date, months: int = 3) -> dt.date:
    month = as_of.month - months
    year = as_of.year
    while month < 1:
        month += 12
        year -= 1
    day = min(as_of.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day) + dt.timedelta(days=1)


def means(case: dict[str, Any], as_of: dt.date) -> dict[str, tuple[float, float] | None]:
    """Each constituent's 3-month mean market cap and trading value (None: data does not cover)."""
    result: dict[str, tuple[float, float] | None] = {}
    start = window_start(as_of)
    for c in case["constituents"]:
        if case["daily"] is None or c["code"] not in case["daily"]:
            result[c["code"]] = (c["market_cap_krw"], c["trading_value_krw"])
            continue
        rows = [r for r in case["daily"][c["code"]] if start <= r[0] <= as_of]
        if not rows or (rows[0][0] - start).days > TOLERANCE_DAYS or (as_of - rows[-1][0]).days > TOLERANCE_DAYS:
            result[c["code"]] = None
            continue
        result[c["code"]] = (sum(r[1] for r in rows) / len(rows), sum(r[2] for r in rows) / len(rows))
    return result


def check(case: dict[str, Any], mean: dict[str, tuple[float, float] | None] | None = None) -> Verdicts:
    """The ten verdicts; ``mean`` gives each issue's 3-month means where they were computed
    elsewhere (the columnar floor computes them in C)."""
    product = case["product"]
    as_of = product["as_of"]
    constituents = case["constituents"]
    if mean is None:
        mean = means(case, as_of)
    verdicts: Verdicts = {}

    def verdict(rule: str, ok: bool, offenders: list[str] = []) -> None:  # noqa: B006
        verdicts[rule] = ("pass" if ok else "fail", offenders)

    verdict("krx.index.constituent_count", len(constituents) >= MIN_CONSTITUENTS)
    missing = [code for code, m in mean.items() if m is None]
    if missing:
        for rule in RULES[1:4] + RULES[8:9]:
            verdicts[rule] = ("error", missing)
        caps: dict[str, float] = {}
        total = 0.0
    else:
        caps = {code: m[0] for code, m in mean.items()}  # type: ignore[index]
        total = sum(caps.values())
        heavy = [code for code, cap in caps.items() if cap / total > MAX_WEIGHT]
        verdict("krx.index.single_issue_weight", not heavy, heavy)
        ranked = sorted(constituents, key=lambda c: (-caps[c["code"]], c["code"]))
        top, above = [], 0.0
        for c in ranked:
            if above / total >= TOP_CUT:
                break
            top.append(c["code"])
            above += caps[c["code"]]
        small = [code for code in top if caps[code] < MIN_CAP]
        verdict("krx.index.top85_market_cap", not small, small)
        illiquid = [code for code in top if mean[code][1] < MIN_TRADING]  # type: ignore[index]
        verdict("krx.index.top85_trading_value", not illiquid, illiquid)

    verdict("krx.size.principal", krw(product["principal_krw"]) >= MIN_PRINCIPAL)
    verdict("krx.size.units", product["units"] >= MIN_UNITS)
    participants = product.get("participants") or []
    aps = [p for p in participants if p.get("authorized_participant")]
    verdict("krx.liquidity.authorized_participant", len(aps) >= 1,
            [] if aps else [p["name"] for p in participants])
    lps = [p for p in aps if p.get("lp_contract")]
    verdict("krx.liquidity.lp_contract", len(lps) >= 1,
            [] if lps else [p["name"] for p in participants if p.get("authorized_participant") or p.get("lp_contract")])

    held = {row["code"] for row in case["pdf"] if float(row["quantity"]) > 0}
    unheld = [c["code"] for c in constituents if c["code"] not in held]
    if "krx.pdf.market_cap_coverage" not in verdicts:
        covered = sum(caps[c["code"]] for c in constituents if c["code"] in held) / total
        verdict("krx.pdf.market_cap_coverage", covered >= MIN_PDF_WEIGHT, [] if covered >= MIN_PDF_WEIGHT else unheld)
    share = (len(constituents) - len(unheld)) / len(constituents)
    verdict("krx.pdf.constituent_coverage", share >= MIN_PDF_COUNT, [] if share >= MIN_PDF_COUNT else unheld)
    return verdicts

