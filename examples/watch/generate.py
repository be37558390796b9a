"""Write the continued-listing examples: four listed ETFs with synthetic daily histories.

    python examples/watch/generate.py

Seeded, so the files it writes are the same on every run. The figures are illustrative, not market
data: random walks shaped so that each product shows one situation of the watch (see README.md).
"""

from __future__ import annotations

import datetime as dt
import os
import random
from decimal import ROUND_HALF_EVEN, Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
FIRST, LAST = dt.date(2024, 1, 2), dt.date(2026, 11, 27)
AS_OF = dt.date(2026, 11, 30)
# A few fixed market holidays (illustrative): no row on these days in any series.
HOLIDAYS = {dt.date(2024, 2, 9), dt.date(2024, 2, 12), dt.date(2024, 5, 6), dt.date(2024, 9, 16), dt.date(2024, 9, 17),
            dt.date(2024, 9, 18), dt.date(2024, 10, 3), dt.date(2024, 10, 9), dt.date(2024, 12, 25), dt.date(2024, 12, 31),
            dt.date(2025, 1, 1), dt.date(2025, 1, 28), dt.date(2025, 1, 29), dt.date(2025, 1, 30), dt.date(2025, 3, 3),
            dt.date(2025, 5, 5), dt.date(2025, 5, 6), dt.date(2025, 6, 6), dt.date(2025, 8, 15), dt.date(2025, 10, 3),
            dt.date(2025, 10, 6), dt.date(2025, 10, 7), dt.date(2025, 10, 8), dt.date(2025, 10, 9), dt.date(2025, 12, 25),
            dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 2, 16), dt.date(2026, 2, 17), dt.date(2026, 2, 18),
            dt.date(2026, 3, 2), dt.date(2026, 5, 5), dt.date(2026, 5, 25), dt.date(2026, 8, 17), dt.date(2026, 9, 24),
            dt.date(2026, 9, 25), dt.date(2026, 10, 5), dt.date(2026, 10, 9), dt.date(2026, 12, 25)}


def trading_days(first: dt.date, last: dt.date) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def money(value: float) -> str:
    return str(int(round(value)))


def price(value: float) -> str:
    return str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN))


def index_levels(rng: random.Random, days: list[dt.date], start: float, drift: float, vol: float) -> tuple[list[float], list[float]]:
    levels, changes = [start], [0.0]
    for _ in days[1:]:
        change = rng.gauss(drift, vol)
        changes.append(change)
        levels.append(levels[-1] * (1 + change))
    return levels, changes


def write(path: str, text: str) -> None:
    full = os.path.join(HERE, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def write_index(folder: str, name: str, days: list[dt.date], levels: list[float]) -> None:
    write(f"indices/{folder}/index.yaml", f"""# yaml-language-server: $schema=../../../../schemas/index.schema.json
# Illustrative figures for demonstration; not market data.
kind: etf-index
schema_version: 1
name: {name}
description: "An illustrative index for the continued-listing examples; its levels are synthetic."
provider: 예시지수산출기관
asset_class: equity
weighting: free_float_market_cap
constituents:
  - {{code: "005930", name: 삼성전자, market: KOSPI, market_cap_krw: 400조원, trading_value_krw: 1.2조원}}
  - {{code: "000660", name: SK하이닉스, market: KOSPI, market_cap_krw: 150조원, trading_value_krw: 6000억원}}
  - {{code: "005380", name: 현대차, market: KOSPI, market_cap_krw: 50조원, trading_value_krw: 2000억원}}
levels: levels.csv
""")
    rows = "".join(f"{d.isoformat()},{price(v)}\n" for d, v in zip(days, levels))
    write(f"indices/{folder}/levels.csv", "date,level\n" + rows)


def product(folder: str, name: str, management: str, listed_on: dt.date, index: str, participants: str,
            leverage: int = 1, market: str = "domestic") -> None:
    write(f"{folder}/product.yaml", f"""# yaml-language-server: $schema=../../../schemas/product.schema.json
# Illustrative figures for demonstration; not market data.
kind: etf-product
schema_version: 1
rulebook: krx-etf-continued-listing
name: {name}
description: "An illustrative listed product for the continued-listing watch; its history is synthetic."
issuer: 예시자산운용
as_of: {AS_OF.isoformat()}
listed_on: {listed_on.isoformat()}
fund_form: trust
management: {management}
leverage: {leverage}
underlying_market: {market}
underlying:
  index: ../indices/{index}/index.yaml
  license_signed: true
participants:
{participants}history: history.csv
""")


def history(folder: str, days: list[dt.date], navs: list[float], net_assets: list[float], units_principal: list[float],
            closes: list[float]) -> None:
    lines = ["date,nav_per_unit,net_assets_krw,principal_krw,close_price\n"]
    for d, nav, assets, principal, close in zip(days, navs, net_assets, units_principal, closes):
        lines.append(f"{d.isoformat()},{price(nav)},{money(assets)},{money(principal)},{price(close)}\n")
    write(f"{folder}/history.csv", "".join(lines))


def tracked(rng: random.Random, changes: list[float], start: float, beta: float, noise: float,
            noise_after: tuple[int, float] | None = None) -> list[float]:
    """A NAV per unit whose daily change follows the index's (times beta) plus noise."""
    navs = [start]
    for i, change in enumerate(changes[1:], 1):
        sigma = noise_after[1] if noise_after and i >= noise_after[0] else noise
        weight = 0.15 if noise_after and i >= noise_after[0] else beta
        navs.append(navs[-1] * (1 + weight * change + rng.gauss(0, sigma)))
    return navs


def main() -> None:
    rng = random.Random(13)
    calendar = trading_days(FIRST, LAST)
    value_up, value_up_changes = index_levels(rng, calendar, 1000.0, 0.0003, 0.011)
    write_index("korea-value-up", "코리아 밸류업 지수 (예시)", calendar, value_up)
    comparison, comparison_changes = index_levels(rng, calendar, 2500.0, 0.0002, 0.010)
    write_index("kospi200-comparison", "코스피 200 비교지수 (예시)", calendar, comparison)

    def listed_from(day: dt.date) -> int:
        return next(i for i, d in enumerate(calendar) if d >= day)

    # 1. A healthy passive value-up ETF: NAV tracks the index closely, KRW 60bn, two LPs.
    start = listed_from(dt.date(2024, 11, 4))
    days = calendar[start:]
    navs = tracked(rng, value_up_changes[start:], 10000.0, 1.0, 0.0006)
    units = [6_000_000 - 0 * i for i in range(len(days))]
    assets = [nav * u for nav, u in zip(navs, units)]
    closes = [nav * (1 + rng.gauss(0, 0.0015)) for nav in navs]
    product("healthy-passive", "예시 코리아밸류업 ETF", "passive", dt.date(2024, 11, 4), "korea-value-up",
            "  - {name: NH투자증권, authorized_participant: true, lp_contract: true, lp_from: 2024-11-04}\n"
            "  - {name: 한국투자증권, authorized_participant: true, lp_contract: true, lp_from: 2024-11-04}\n")
    history("healthy-passive", days, navs, assets, [u * 10000 for u in units], closes)

    # 2. An active ETF whose NAV stopped following its comparison index from June 2026: the
    # correlation falls below 0.7, and stays there past the caution and delisting dates.
    start = listed_from(dt.date(2024, 9, 2))
    days = calendar[start:]
    turn = listed_from(dt.date(2026, 6, 1)) - start
    navs = tracked(rng, comparison_changes[start:], 10000.0, 1.0, 0.004, noise_after=(turn, 0.012))
    units = [3_000_000] * len(days)
    closes = [nav * (1 + rng.gauss(0, 0.002)) for nav in navs]
    product("active-low-correlation", "예시 액티브 성장 ETF", "active", dt.date(2024, 9, 2), "kospi200-comparison",
            "  - {name: 삼성증권, authorized_participant: true, lp_contract: true, lp_from: 2024-09-02}\n")
    history("active-low-correlation", days, navs, [n * u for n, u in zip(navs, units)], [u * 10000 for u in units], closes)

    # 3. A small passive ETF: both principal and net assets under KRW 5bn at the half-year end
    # 2025-12-31 (designated) and again at 2026-06-30 (the delisting condition).
    start = listed_from(dt.date(2024, 3, 4))
    days = calendar[start:]
    navs = tracked(rng, value_up_changes[start:], 10000.0, 1.0, 0.0008)
    units = []
    for d in days:
        if d < dt.date(2025, 9, 1):
            units.append(620_000)
        else:
            units.append(300_000)
    closes = [nav * (1 + rng.gauss(0, 0.002)) for nav in navs]
    product("small-designated", "예시 중소형 가치 ETF", "passive", dt.date(2024, 3, 4), "korea-value-up",
            "  - {name: 미래에셋증권, authorized_participant: true, lp_contract: true, lp_from: 2024-03-04}\n")
    history("small-designated", days, navs, [n * u for n, u in zip(navs, units)], [u * 10000 for u in units], closes)

    # 4. An ETF whose only LP's contract ended on 2026-10-31, with no new LP by the evaluation
    # date: the month to find one runs to 2026-12-01. Without an LP, the close drifts from NAV.
    start = listed_from(dt.date(2025, 2, 3))
    days = calendar[start:]
    navs = tracked(rng, value_up_changes[start:], 10000.0, 1.0, 0.0006)
    units = [2_500_000] * len(days)
    closes = [nav * (1 + (rng.gauss(0.012, 0.004) if d > dt.date(2026, 10, 31) else rng.gauss(0, 0.0015)))
              for d, nav in zip(days, navs)]
    product("lp-left", "예시 고배당 밸류업 ETF", "passive", dt.date(2025, 2, 3), "korea-value-up",
            "  - {name: 키움증권, authorized_participant: true, lp_contract: true, lp_from: 2025-02-03, lp_to: 2026-10-31}\n"
            "  - {name: 대신증권, authorized_participant: true, lp_contract: false}\n")
    history("lp-left", days, navs, [n * u for n, u in zip(navs, units)], [u * 10000 for u in units], closes)


if __name__ == "__main__":
    main()
