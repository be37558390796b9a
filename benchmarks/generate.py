"""Synthetic but realistic benchmark inputs: indices, their daily market data, and products.

``python -m benchmarks.generate [--out DIR] [--sizes 100,1000,...] [--batch 1000]`` writes, for
each size N (default 100, 1,000, 10,000 and 20,000 constituents):

- ``indices/nN-daily/``: ``index.yaml``, ``constituents.csv`` (code, name, market, sector) and
  ``market_data.csv``: 63 trading days (weekdays ending on the evaluation date) of daily market
  cap and trading value per issue, N x 63 rows;
- ``indices/nN-means/``: the same index with its 3-month means given in ``constituents.csv``
  (the form the reference engines are measured on: one row per issue, no daily series);
- ``products/nN-daily/`` and ``products/nN-means/``: a product on each, with a PDF that holds
  most of the index and a cash row;
- ``batch/``: ``--batch`` products (default 1,000) sharing ten indices of 100 to 1,000 issues:
  nine indices that meet the index rules and one narrow index that fails the 30% cap; on the
  nine, nine products in fifteen are eligible and the others fail for one reason each in turn
  (575 of the default 1,000 are eligible: leaving out the three largest holdings fails the
  market-cap coverage only on the indices of up to 200 issues, where they hold more than 5%).

Standard library only and deterministic: every figure comes from a seeded ``random.Random``, so the
same arguments write the same bytes. Figures are illustrative, not market data.

Market caps follow a heavy-tailed (Pareto) distribution, as index constituents do: a few issues
hold much of the index, so the 85% line and the 30% cap are decided by realistic rankings; each
issue's cap walks day to day with a common market move; trading value is a turnover share of the
day's cap with noise, and a few small issues are illiquid.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import random
from pathlib import Path
from typing import Iterable

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "data"
# The largest size is the largest round one whose market data (63 rows an issue, about 38 bytes a
# row) stays within the 64 MiB a file may have (``loading.files.MAX_FILE_BYTES``): 20,000 issues
# write 48 MB; 50,000 would write 121 MB, which etf-check refuses to read.
SIZES = (100, 1_000, 10_000, 20_000)
AS_OF = dt.date(2024, 10, 31)
TRADING_DAYS = 63
BATCH_INDEX_SIZES = (100, 100, 100, 200, 200, 300, 500, 500, 1_000, 1_000)

MARKETS = ("KOSPI", "KOSPI", "KOSPI", "KOSDAQ", "KOSDAQ", "KONEX", "foreign_exchange")
SECTORS = ("정보기술", "산업재", "금융", "자유소비재", "헬스케어", "소재", "필수소비재", "에너지", "통신", "유틸리티")


def trading_days(as_of: dt.date = AS_OF, count: int = TRADING_DAYS) -> list[dt.date]:
    """The ``count`` weekdays ending on ``as_of``, oldest first."""
    days, day = [], as_of
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= dt.timedelta(days=1)
    return days[::-1]


def codes(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct six-digit issue codes (leading zeros kept: they are text)."""
    return [f"{n:06d}" for n in sorted(rng.sample(range(1, 1_000_000), count))]


def issues(count: int, seed: int, *, single_issue_share: float | None = None, eligible: bool = False) -> list[dict]:
    """Constituents with a base market cap (KRW) and a daily turnover share.

    Caps are Pareto-distributed between about KRW 3bn and several hundred trillion, so the largest
    issue typically holds 5-25% of a 100-issue index and well under 1% of a 20,000-issue one.
    ``single_issue_share`` scales the largest issue so that it holds about that share (a narrow
    index that fails the 30% cap). An ``eligible`` index meets the index rules: caps of KRW 30bn to
    240bn (from 30 issues on, none holds more than 22%), every issue trading well above KRW 100m a day.
    """
    rng = random.Random(seed)
    rows = []
    for i, code in enumerate(codes(count, rng)):
        cap = 3e9 * rng.paretovariate(0.9)
        cap = min(cap, 4e14)
        turnover = rng.uniform(0.0005, 0.01)
        if rng.random() < 0.03:  # a few issues barely trade
            turnover = rng.uniform(0.00001, 0.0001)
        if eligible:
            cap = min(30e9 * rng.paretovariate(1.6), 240e9)
            turnover = rng.uniform(0.008, 0.02)
        rows.append({"code": code, "name": f"예시종목{code}", "market": rng.choice(MARKETS),
                     "sector": rng.choice(SECTORS), "cap": cap, "turnover": turnover})
    if single_issue_share is not None:
        largest = max(rows, key=lambda r: r["cap"])
        rest = sum(r["cap"] for r in rows) - largest["cap"]
        largest["cap"] = rest * single_issue_share / (1 - single_issue_share)
    return rows


def daily_rows(constituents: list[dict], seed: int) -> Iterable[list[object]]:
    """(date, code, market cap, trading value) rows, date by date, in whole KRW."""
    rng = random.Random(seed)
    caps = {c["code"]: c["cap"] for c in constituents}
    for day in trading_days():
        market = rng.uniform(-0.012, 0.012)
        text = day.isoformat()
        for c in constituents:
            code = c["code"]
            caps[code] *= 1 + market + rng.uniform(-0.015, 0.015)
            traded = caps[code] * c["turnover"] * rng.uniform(0.5, 1.5)
            yield [text, code, round(caps[code]), round(traded)]


def means_of(rows: Iterable[list[object]]) -> dict[str, tuple[int, int]]:
    """Each issue's mean cap and trading value over the rows, rounded to whole KRW (as a data
    vendor publishes 3-month means)."""
    sums: dict[str, list[int]] = {}
    for _, code, cap, value in rows:
        entry = sums.setdefault(str(code), [0, 0, 0])
        entry[0] += int(cap)  # type: ignore[call-overload]
        entry[1] += int(value)  # type: ignore[call-overload]
        entry[2] += 1
    return {code: (round(s[0] / s[2]), round(s[1] / s[2])) for code, s in sums.items()}


def write_csv(path: Path, header: list[str], rows: Iterable[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_index(folder: Path, name: str, constituents: list[dict], seed: int, form: str) -> None:
    """An index in ``form`` daily (constituents + market_data.csv) or means (means in constituents.csv)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = list(daily_rows(constituents, seed))
    base = [[c["code"], c["name"], c["market"], c["sector"]] for c in constituents]
    lines = ["# Synthetic benchmark data; not market data.", "kind: etf-index", "schema_version: 1",
             f"name: {name}", "provider: 벤치마크지수산출기관", "asset_class: equity",
             "weighting: free_float_market_cap", "constituents: constituents.csv"]
    if form == "daily":
        write_csv(folder / "constituents.csv", ["code", "name", "market", "sector"], base)
        write_csv(folder / "market_data.csv", ["date", "code", "market_cap_krw", "trading_value_krw"], rows)
        lines.append("market_data: market_data.csv")
    else:
        means = means_of(rows)
        write_csv(folder / "constituents.csv", ["code", "name", "market", "sector", "market_cap_krw", "trading_value_krw"],
                  [[*row, *means[row[0]]] for row in base])
    (folder / "index.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_product(folder: Path, index_path: str, constituents: list[dict], rng: random.Random, *,
                  name: str, principal: str = "100억원", units: int = 200_000,
                  participants: tuple[tuple[str, bool, bool], ...] = (("NH투자증권", True, True), ("삼성증권", True, False)),
                  leave_out_largest: int = 0, held_share: float = 0.97) -> None:
    """A product on the index at ``index_path``: its PDF holds ``held_share`` of the issues (the
    smallest are left out first, as a sampling ETF does), less its ``leave_out_largest`` largest."""
    folder.mkdir(parents=True, exist_ok=True)
    by_cap = sorted(constituents, key=lambda c: c["cap"], reverse=True)
    held = by_cap[leave_out_largest: max(leave_out_largest, round(len(by_cap) * held_share))]
    pdf = [[c["code"], c["name"], rng.randint(1, 5_000)] for c in held]
    rng.shuffle(pdf)
    pdf.append(["KRW", "원화현금", 12_500_000])
    write_csv(folder / "pdf.csv", ["code", "name", "quantity"], pdf)
    lines = ["# Synthetic benchmark data; not market data.", "kind: etf-product", "schema_version: 1",
             f"name: {name}", "issuer: 벤치마크자산운용", f"as_of: {AS_OF.isoformat()}", "fund_form: trust",
             f"principal_krw: {principal}", f"units: {units}", "management: passive", "leverage: 1",
             "creation: in_kind", "cash_creation_reason: null", "underlying:", f"  index: {index_path}",
             "  license_signed: true", "participants:" if participants else "participants: []"]
    for firm, ap, lp in participants:
        lines += [f"  - name: {firm}", f"    authorized_participant: {str(ap).lower()}",
                  f"    lp_contract: {str(lp).lower()}"]
    lines += ["pdf: pdf.csv", "linked_assets_ratio: 0.995"]
    (folder / "product.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate_sizes(out: Path, sizes: Iterable[int]) -> None:
    for n in sizes:
        constituents = issues(n, seed=n)
        for form in ("daily", "means"):
            label = f"n{n}-{form}"
            write_index(out / "indices" / label, f"벤치마크 지수 {n:,}종목", constituents, seed=n + 1, form=form)
            write_product(out / "products" / label, f"../../indices/{label}/index.yaml", constituents,
                          random.Random(n + 2), name=f"벤치마크 ETF {n:,}종목")


# On an index that meets the index rules, nine products in fifteen are eligible and each of the
# other six fails for one reason of its own, so the run compares real verdicts of both kinds
# (on the larger indices the three largest holdings hold less than 5%: leaving them out passes).
_BATCH_VARIANTS = (
    {},
    {},
    {"principal": "50억원"},
    {},
    {"units": 80_000},
    {},
    {"participants": (("NH투자증권", True, False), ("키움증권", False, True))},
    {},
    {"leave_out_largest": 3},
    {},
    {"held_share": 0.4},
    {},
    {"participants": ()},
    {},
    {},
)
NARROW_INDEX = 1  # the batch index that fails the 30% cap (every product on it fails)


def generate_batch(out: Path, count: int, index_sizes: tuple[int, ...] = BATCH_INDEX_SIZES) -> None:
    folder = out / "batch"
    indices = []
    for i, size in enumerate(index_sizes):
        narrow = i == NARROW_INDEX
        constituents = issues(size, seed=10_000 + i, single_issue_share=0.34 if narrow else None, eligible=not narrow)
        write_index(folder / "indices" / f"i{i:02d}", f"배치 지수 {i:02d}", constituents, seed=20_000 + i, form="daily")
        indices.append(constituents)
    rng = random.Random(30_000)
    for p in range(count):
        i = p % len(indices)
        variant = _BATCH_VARIANTS[(p // len(indices)) % len(_BATCH_VARIANTS)]
        write_product(folder / "products" / f"p{p:04d}", f"../../indices/i{i:02d}/index.yaml", indices[i], rng,
                      name=f"배치 ETF {p:04d}", **variant)


def fingerprint() -> str:
    """Names this generator's version: inputs written by another one are stale."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated constituent counts")
    parser.add_argument("--batch", type=int, default=1_000, help="products in the shared-index batch (0: none)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    generate_sizes(args.out, sizes)
    if args.batch:
        generate_batch(args.out, args.batch)
    (args.out / "generated-by.txt").write_text(fingerprint(), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
