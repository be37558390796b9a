"""Write the illustrative universe of this example: about 2,500 listed companies of KOSPI and
KOSDAQ in nine industry groups, with plausible but invented financials (no figure here is a real
company's), the previous constituents, and a passive ETF on the index the screen selects.

    python examples/value-up-screen/generate.py            # universe.yaml, companies.csv, previous.csv
    etf-check screen examples/value-up-screen/universe.yaml --write-index examples/value-up-screen/index
    python examples/value-up-screen/generate.py --pdf      # pdf.csv of the product, from index/constituents.csv

The same seed writes the same bytes; a test keeps the files here equal to what this script writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20240924
AS_OF = dt.date(2024, 9, 23)
COMPANIES = 2_500
# Industry groups, the announcement's nine, with their share of listed companies (illustrative).
GROUPS = {
    "정보기술": 0.24, "산업재": 0.18, "헬스케어": 0.13, "자유소비재": 0.12, "금융/부동산": 0.07,
    "소재": 0.11, "필수소비재": 0.07, "커뮤니케이션": 0.06, "에너지": 0.02,
}
SYLLABLES = ["가", "나", "다", "라", "마", "바", "사", "아", "자", "차", "카", "타", "파", "하", "한", "동", "서", "남",
             "북", "신", "대", "성", "우", "일", "진", "영", "태", "광", "현", "금"]
SUFFIXES = {"정보기술": "전자", "산업재": "중공업", "헬스케어": "바이오", "자유소비재": "모터스", "금융/부동산": "금융",
            "소재": "케미칼", "필수소비재": "식품", "커뮤니케이션": "미디어", "에너지": "에너지"}
COLUMNS = ["code", "name", "market", "share_class", "industry_group", "listed_on", "free_float_ratio", "market_cap_krw",
           "trading_value_krw", "net_income_krw_y1", "net_income_krw_y2", "dividend_krw_y1", "dividend_krw_y2",
           "treasury_cancelled_krw_y1", "treasury_cancelled_krw_y2", "pbr_y1", "pbr_y2", "roe_y1", "roe_y2",
           "administrative_issue", "investment_caution", "under_review", "capital_impaired", "unsuitable_reason",
           "value_up_disclosed_on"]


def _eok(amount: float) -> int:
    """An amount in KRW rounded to 억원 (10^8), at least one 억."""
    return max(1, round(amount / 1e8)) * 10**8


def _signed_eok(amount: float) -> int:
    return round(amount / 1e8) * 10**8


def companies(rng: random.Random, count: int = COMPANIES) -> list[dict[str, str]]:
    rows = []
    codes = rng.sample(range(1_000, 999_999), count)
    names: set[str] = set()
    groups, weights = list(GROUPS), list(GROUPS.values())
    for i, number in enumerate(sorted(codes)):
        kospi = rng.random() < 0.34
        group = rng.choices(groups, weights)[0]
        for attempt in range(1_000):
            name = "".join(rng.choices(SYLLABLES, k=2 if attempt < 20 else 3)) + SUFFIXES[group]
            if name not in names:
                names.add(name)
                break
        # Market caps: lognormal, KOSPI's larger; a few dozen very large companies.
        median = 4.0e11 if kospi else 1.0e11
        cap = median * math.exp(rng.gauss(0, 1.45))
        if kospi and rng.random() < 0.01:
            cap *= rng.uniform(20, 60)
        cap = min(cap, 1.2e14)
        pbr = [round(math.exp(rng.gauss(0.0, 0.6)), 2) for _ in range(2)]
        roe = [round(rng.gauss(0.07, 0.08), 4) for _ in range(2)]
        equity = cap / ((pbr[0] + pbr[1]) / 2)
        income = [_signed_eok(equity * r) for r in roe]
        pays = rng.random() < (0.9 if cap > 5e11 else 0.6 if kospi else 0.45)
        dividend = [_eok(max(income[y], equity * 0.01) * rng.uniform(0.1, 0.4)) if pays and rng.random() < 0.95 else 0
                    for y in range(2)]
        cancelled = [_eok(cap * rng.uniform(0.001, 0.01)) if rng.random() < 0.06 else 0 for _ in range(2)]
        listed = dt.date(1975, 1, 1) + dt.timedelta(days=rng.randrange(0, (AS_OF - dt.date(1975, 1, 1)).days))
        disclosed = ""
        if kospi and cap > 3e12 and rng.random() < 0.08:
            disclosed = (dt.date(2024, 5, 27) + dt.timedelta(days=rng.randrange(0, 130))).isoformat()
        rows.append({
            "code": f"{number:06d}",
            "name": name,
            "market": "KOSPI" if kospi else "KOSDAQ",
            "share_class": "preferred" if rng.random() < 0.04 else "common",
            "industry_group": group,
            "listed_on": listed.isoformat(),
            "free_float_ratio": f"{rng.uniform(0.06, 0.85):.4f}",
            "market_cap_krw": str(_eok(cap)),
            "trading_value_krw": str(_eok(cap * math.exp(rng.gauss(-5.5, 1.0)))),
            "net_income_krw_y1": str(income[0]),
            "net_income_krw_y2": str(income[1]),
            "dividend_krw_y1": str(dividend[0]),
            "dividend_krw_y2": str(dividend[1]),
            "treasury_cancelled_krw_y1": str(cancelled[0]),
            "treasury_cancelled_krw_y2": str(cancelled[1]),
            "pbr_y1": f"{pbr[0]}",
            "pbr_y2": f"{pbr[1]}",
            "roe_y1": f"{roe[0] * 100:.2f}%",
            "roe_y2": f"{roe[1] * 100:.2f}%",
            "administrative_issue": "true" if rng.random() < 0.01 else "false",
            "investment_caution": "true" if not kospi and rng.random() < 0.015 else "false",
            "under_review": "true" if rng.random() < 0.005 else "false",
            "capital_impaired": "true" if rng.random() < (0.004 if kospi else 0.02) else "false",
            "unsuitable_reason": "감사의견 한정" if rng.random() < 0.002 else "",
            "value_up_disclosed_on": disclosed,
        })
    return rows


def _csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


UNIVERSE = f"""\
# yaml-language-server: $schema=../../schemas/universe.schema.json
# An illustrative universe: invented companies with plausible financials, for showing the screen.
# No row is a real company. Written by generate.py (seed {SEED}).
kind: index-universe
schema_version: 1
name: 가상 유가증권·코스닥 보통주 (예시), 2024-09 심사
as_of: {AS_OF.isoformat()}
companies: companies.csv
previous_constituents: previous.csv
"""


def write_universe(folder: Path = HERE, count: int = COMPANIES) -> None:
    """The universe files; ``count`` other than 2,500 makes a larger (or smaller) one, for benchmarks."""
    rng = random.Random(SEED)
    rows = companies(rng, count)
    (folder / "companies.csv").write_text(_csv(rows, COLUMNS), encoding="utf-8", newline="\n")
    # The previous list: roughly what a screen a year earlier might have chosen (large common stocks
    # that made money and paid dividends, the best 100 by ROE, some of them by a margin that has
    # since moved), two of them kept in by an earlier special inclusion.
    large = sorted(rows, key=lambda r: (-int(r["market_cap_krw"]), r["code"]))[:450]
    eligible = [r for r in large if r["share_class"] == "common" and int(r["net_income_krw_y2"]) > 0
                and int(r["dividend_krw_y2"]) > 0]
    by_roe = sorted(eligible, key=lambda r: (-float(r["roe_y2"].rstrip("%")) + rng.gauss(0, 3), r["code"]))
    previous = sorted(by_roe[:100], key=lambda r: r["code"])
    kept = set(r["code"] for r in rng.sample(previous, 2))
    previous_rows = [{"code": r["code"], "name": r["name"], "special_until": "2025-06-13" if r["code"] in kept else ""}
                     for r in previous]
    (folder / "previous.csv").write_text(_csv(previous_rows, ["code", "name", "special_until"]), encoding="utf-8", newline="\n")
    (folder / "universe.yaml").write_text(UNIVERSE, encoding="utf-8", newline="\n")


def write_pdf(folder: Path = HERE) -> None:
    """The product's portfolio deposit file: every constituent of the written index, in units
    roughly proportional to its weight (a passive ETF replicating the index)."""
    with open(folder / "index" / "constituents.csv", encoding="utf-8", newline="") as handle:
        constituents = list(csv.DictReader(handle))
    rows = [{"code": c["code"], "name": c["name"], "quantity": str(max(1, round(float(c["weight"]) * 100_000)))}
            for c in constituents]
    (folder / "pdf.csv").write_text(_csv(rows, ["code", "name", "quantity"]), encoding="utf-8", newline="\n")


if __name__ == "__main__":
    if sys.argv[1:] == ["--pdf"]:
        write_pdf()
    elif not sys.argv[1:]:
        write_universe()
    else:
        sys.exit("usage: python examples/value-up-screen/generate.py [--pdf]")
