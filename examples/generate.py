"""Write the example products and indices under examples/, then check them.

Run from anywhere: ``python examples/generate.py``. The files are written next to this script.
Standard library only, and deterministic: every random figure comes from a seeded
``random.Random``, so running it again rewrites the same bytes.

All figures are illustrative, made up for demonstration; they are not market data. A handful of
real company names are used for the largest Korea Value-up constituents so the example reads
naturally, but their market caps and trading values here are invented.

After writing, the script reads the CSV files back and recomputes, with exact ``Decimal``
arithmetic, what the KRX new-listing rules would say (a small independent re-implementation of the rules,
not the engine in src/). It asserts that the passing
product passes every rule and that each failing variant fails exactly one rule, with exactly the
offenders this script meant to plant.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCHEMAS = HERE.parent / "schemas"  # what `etf-check schema --output schemas` writes

DISCLAIMER = "# Illustrative figures for demonstration; not market data."
EOK = 100_000_000  # 억 = 10^8 KRW
JO = 1_000_000_000_000  # 조 = 10^12 KRW

AS_OF = dt.date(2024, 10, 31)
WINDOW_START = dt.date(2024, 8, 1)  # 3 months before as_of, exclusive of 2024-07-31
KRX_HOLIDAYS = {
    dt.date(2024, 8, 15),  # 광복절
    dt.date(2024, 9, 16), dt.date(2024, 9, 17), dt.date(2024, 9, 18),  # 추석
    dt.date(2024, 10, 1),  # 국군의 날 (temporary holiday in 2024)
    dt.date(2024, 10, 3),  # 개천절
    dt.date(2024, 10, 9),  # 한글날
}

# Products: one creation unit (CU) of 50,000 units at the 50,000원 NAV implied by 100억원 / 200,000.
CU_VALUE_KRW = 2_500_000_000
CASH_SHARE = Decimal("0.005")  # the PDF's cash row; linked_assets_ratio 0.995 says the same

# The example issue codes: 6 digits starting with 8, ending in 0, drawn once from one pool so they
# never collide with each other or with the real codes used for the Value-up top names.
_code_pool = random.Random(8_000_001).sample(range(80_000, 90_000), 400)


def next_code() -> str:
    return f"{_code_pool.pop() * 10:06d}"


def trading_days() -> list[dt.date]:
    days, day = [], WINDOW_START
    while day <= AS_OF:
        if day.weekday() < 5 and day not in KRX_HOLIDAYS:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


DAYS = trading_days()


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([fmt(v) for v in row])


def fmt(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_yaml(path: Path, kind: str, text: str) -> None:
    """A product or index file, first naming its JSON Schema for editors (the YAML language server)."""
    schema = Path(os.path.relpath(SCHEMAS / f"{kind}.schema.json", path.parent)).as_posix()
    write_text(path, f"# yaml-language-server: $schema={schema}\n{text}")


def index_yaml(idx: dict) -> str:
    lines = [
        DISCLAIMER,
        "kind: etf-index",
        "schema_version: 1",
        f"name: {idx['name']}",
        f'description: "{idx["description"]}"',
        f"provider: {idx['provider']}",
        f"asset_class: {idx['asset_class']}",
        f"weighting: {idx['weighting']}",
        "constituents: constituents.csv",
    ]
    if idx.get("market_data"):
        lines.append("market_data: market_data.csv")
    return "\n".join(lines) + "\n"


def product_yaml(p: dict) -> str:
    reason = p["cash_creation_reason"] or "null"
    lines = [
        DISCLAIMER,
        "kind: etf-product",
        "schema_version: 1",
        f"name: {p['name']}",
        f'description: "{p["description"]}"',
        f"issuer: {p['issuer']}",
        f"as_of: {AS_OF.isoformat()}",
        f"fund_form: {p['fund_form']}",
        f"principal_krw: {p['principal_krw']}",
        f"units: {p['units']}",
        f"management: {p['management']}",
        f"leverage: {p['leverage']}",
        f"creation: {p['creation']}",
        f"cash_creation_reason: {reason}",
        "underlying:",
        f"  index: {p['index_path']}",
        f"  license_signed: {fmt(p['license_signed'])}",
        "participants:",
    ]
    for name, ap, lp in p["participants"]:
        lines += [
            f"  - name: {name}",
            f"    authorized_participant: {fmt(ap)}",
            f"    lp_contract: {fmt(lp)}",
        ]
    if p.get("pdf"):
        lines.append("pdf: pdf.csv")
    if p.get("linked_assets_ratio") is not None:
        lines.append(f"linked_assets_ratio: {p['linked_assets_ratio']}")
    return "\n".join(lines) + "\n"


def random_walk(rng: random.Random, bases: dict[str, float], turnover: dict[str, float],
                tv_floor: dict[str, float] | None = None) -> list[list[object]]:
    """Daily rows (date, code, market cap, trading value) for DAYS, sorted by date then code.

    Market caps follow a small multiplicative walk: a common market move plus an issue's own move.
    Trading value is the day's market cap times the issue's turnover, times day-to-day noise.
    ``tv_floor`` overrides the turnover with a fixed mean daily trading value (illiquid issues).
    """
    caps = dict(bases)
    rows: list[list[object]] = []
    for day in DAYS:
        market_move = rng.uniform(-0.010, 0.010)
        for code in sorted(caps):
            caps[code] *= 1 + market_move + rng.uniform(-0.012, 0.012)
            noise = rng.uniform(0.6, 1.4)
            if tv_floor and code in tv_floor:
                traded = tv_floor[code] * noise
            else:
                traded = caps[code] * turnover[code] * noise
            rows.append([day.isoformat(), code, round(caps[code]), round(traded)])
    return rows


def pdf_rows(constituents: list[dict], weights: dict[str, float], prices: dict[str, int],
             omit: set[str] = frozenset()) -> list[list[object]]:
    """One creation unit: each held issue's quantity is its weight of the invested part / price."""
    invested = CU_VALUE_KRW * (1 - float(CASH_SHARE))
    rows = []
    for c in constituents:
        if c["code"] in omit:
            continue
        quantity = max(1, round(invested * weights[c["code"]] / prices[c["code"]]))
        rows.append([c["code"], c["name"], quantity])
    rows.append(["KRW", "원화현금", int(CU_VALUE_KRW * CASH_SHARE)])
    return rows


def pseudo_price(rng: random.Random) -> int:
    """A share price between 5,000원 and 300,000원, on a 50원 tick."""
    return round(5_000 * (60 ** rng.random()) / 50) * 50


def simple_means(rows: list[list[object]]) -> dict[str, float]:
    sums: dict[str, float] = {}
    for _, code, cap, _tv in rows:
        sums[code] = sums.get(code, 0) + cap
    total = sum(sums.values())
    return {code: value / total for code, value in sums.items()}


# --------------------------------------------------------------------------------------------
# 1. The Korea Value-up index (shared)
# --------------------------------------------------------------------------------------------

SECTORS = [  # (sector, label for example names, KOSPI examples, KOSDAQ examples)
    ("정보기술", "정보기술", 11, 11),
    ("산업재", "산업재", 14, 6),
    ("헬스케어", "헬스케어", 6, 6),
    ("자유소비재", "자유소비재", 7, 2),
    ("금융/부동산", "금융부동산", 7, 1),
    ("소재", "소재", 6, 3),
    ("필수소비재", "필수소비재", 6, 2),
    ("커뮤니케이션", "커뮤니케이션", 3, 2),
    ("에너지", "에너지", 1, 0),
]
# Real names, invented figures: (code, name, sector, base market cap in 조원, price, turnover)
VALUE_UP_TOP = [
    ("005930", "삼성전자", "정보기술", 380, 60_000, 0.0035),
    ("000660", "SK하이닉스", "정보기술", 150, 180_000, 0.0060),
    ("005380", "현대차", "자유소비재", 55, 240_000, 0.0040),
    ("000270", "기아", "자유소비재", 45, 95_000, 0.0040),
    ("105560", "KB금융", "금융/부동산", 35, 85_000, 0.0035),
    ("055550", "신한지주", "금융/부동산", 28, 55_000, 0.0035),
]
SEED_SECTOR_COUNTS = {"정보기술": 24, "산업재": 20, "헬스케어": 12, "자유소비재": 11, "금융/부동산": 10,
                      "소재": 9, "필수소비재": 8, "커뮤니케이션": 5, "에너지": 1}


def build_value_up() -> dict:
    rng = random.Random(20_240_924)  # the day KRX announced the index
    constituents: list[dict] = []
    prices: dict[str, int] = {}
    for code, name, sector, _cap, price, _t in VALUE_UP_TOP:
        constituents.append({"code": code, "name": name, "market": "KOSPI", "sector": sector})
        prices[code] = price
    for sector, label, kospi, kosdaq in SECTORS:
        already = sum(1 for c in constituents if c["sector"] == sector)
        markets = ["KOSPI"] * kospi + ["KOSDAQ"] * kosdaq
        rng.shuffle(markets)
        for n, market in enumerate(markets, start=already + 1):
            code = next_code()
            constituents.append({"code": code, "name": f"예시{label}{n:02d}", "market": market,
                                 "sector": sector})
            prices[code] = pseudo_price(rng)

    # Base market caps: the real top names as given; the other KOSPI issues share what is left of
    # 95.3% of the total (the seed's KOSPI share), KOSDAQ issues 4.7%, each along a geometric
    # decline with some jitter, assigned in random order so size does not follow code or sector.
    total = VALUE_UP_TOP[0][3] * JO / 0.25  # Samsung about a quarter of the total
    bases: dict[str, float] = {c[0]: c[3] * JO for c in VALUE_UP_TOP}
    for market, share, ratio in (("KOSPI", 0.953, 0.975), ("KOSDAQ", 0.047, 0.93)):
        codes = [c["code"] for c in constituents if c["market"] == market and c["code"] not in bases]
        rng.shuffle(codes)
        shape = [ratio ** i * rng.uniform(0.92, 1.08) for i in range(len(codes))]
        budget = total * share - sum(v for k, v in bases.items()
                                     if any(c["code"] == k and c["market"] == market
                                            for c in constituents))
        scale = budget / sum(shape)
        for code, s in zip(codes, shape):
            bases[code] = s * scale

    turnover = {c[0]: c[5] for c in VALUE_UP_TOP}
    for c in constituents:
        if c["code"] not in turnover:
            low, high = (0.003, 0.007) if c["market"] == "KOSPI" else (0.005, 0.012)
            turnover[c["code"]] = rng.uniform(low, high)
    rows = random_walk(rng, bases, turnover)

    constituents.sort(key=lambda c: c["code"])
    folder = HERE / "indices" / "korea-value-up"
    write_yaml(folder / "index.yaml", "index", index_yaml({
        "name": "코리아 밸류업 지수",
        "description": "Illustrative figures for demonstration; the constituents' market caps and "
                       "trading values here are not market data.",
        "provider": "한국거래소", "asset_class": "equity", "weighting": "free_float_market_cap",
        "market_data": True}))
    write_csv(folder / "constituents.csv", ["code", "name", "market", "sector"],
              [[c["code"], c["name"], c["market"], c["sector"]] for c in constituents])
    write_csv(folder / "market_data.csv",
              ["date", "code", "market_cap_krw", "trading_value_krw"], rows)
    return {"constituents": constituents, "weights": simple_means(rows), "prices": prices,
            "folder": folder}


# --------------------------------------------------------------------------------------------
# 2. Products
# --------------------------------------------------------------------------------------------

DEFAULT_PARTICIPANTS = [("NH투자증권", True, True), ("삼성증권", True, False),
                        ("한국투자증권", True, True)]
SHARED_INDEX = "../../indices/korea-value-up/index.yaml"


def product(folder: Path, pdf: list[list[object]] | None = None, **overrides) -> dict:
    p = {
        "name": "예시 코리아밸류업 ETF",
        "description": "An illustrative product for demonstration; its figures are not market data.",
        "issuer": "예시자산운용", "fund_form": "trust", "principal_krw": "100억원",
        "units": 200000, "management": "passive", "leverage": 1, "creation": "in_kind",
        "cash_creation_reason": None, "index_path": SHARED_INDEX, "license_signed": True,
        "participants": DEFAULT_PARTICIPANTS, "pdf": pdf is not None,
        "linked_assets_ratio": "0.995" if pdf is not None else None,
    }
    p.update(overrides)
    p["folder"] = folder
    write_yaml(folder / "product.yaml", "product", product_yaml(p))
    if pdf is not None:
        write_csv(folder / "pdf.csv", ["code", "name", "quantity"], pdf)
    return p


def build_narrow_index(folder: Path) -> tuple[list[dict], dict[str, float], dict[str, int]]:
    """12 KOSPI issues with given 3-month means; the largest about 35% of the total."""
    rng = random.Random(35)
    caps_jo = [35.0, 11.0, 9.5, 8.0, 7.0, 6.0, 5.5, 5.0, 4.5, 3.5, 2.8, 2.2]  # sums to 100
    constituents, prices = [], {}
    for n, cap in enumerate(caps_jo, start=1):
        code = next_code()
        mean_cap = round(cap * JO * rng.uniform(0.995, 1.005))
        mean_tv = round(mean_cap * rng.uniform(0.003, 0.006))
        constituents.append({"code": code, "name": f"예시반도체{n:02d}", "market": "KOSPI",
                             "sector": "정보기술", "market_cap_krw": mean_cap,
                             "trading_value_krw": mean_tv})
        prices[code] = pseudo_price(rng)
    constituents.sort(key=lambda c: c["code"])
    write_yaml(folder / "index.yaml", "index", index_yaml({
        "name": "예시 반도체 12 지수",
        "description": "Illustrative figures for demonstration; the 3-month means here are not "
                       "market data.",
        "provider": "예시지수산출기관", "asset_class": "equity", "weighting": "market_cap"}))
    write_csv(folder / "constituents.csv",
              ["code", "name", "market", "sector", "market_cap_krw", "trading_value_krw"],
              [[c[k] for k in ("code", "name", "market", "sector", "market_cap_krw",
                               "trading_value_krw")] for c in constituents])
    total = sum(c["market_cap_krw"] for c in constituents)
    return constituents, {c["code"]: c["market_cap_krw"] / total for c in constituents}, prices


def isin(body: str) -> str:
    """Append the ISIN check digit (letters to numbers, then Luhn) to an 11-character body."""
    digits = "".join(str(int(ch, 36)) for ch in body)
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


KTB_ISSUES = [  # (ISIN body, name, tenor, in the KTB futures basket, outstanding 조원, traded 억원/day)
    ("KR103502GE9", "국고채권 03125-2709(24-6)", 3, True, 18.54, 3_150),
    ("KR103502GE3", "국고채권 03250-2703(24-1)", 3, True, 21.37, 2_480),
    ("KR103501GD6", "국고채권 03500-2809(23-7)", 5, False, 17.93, 910),
]


def build_ktb_index(folder: Path) -> list[dict]:
    constituents = [{"code": isin(body), "name": name, "market": "fsc_designated",
                     "ktb_futures_basket": basket, "tenor_years": tenor,
                     "market_cap_krw": round(outstanding * JO), "trading_value_krw": traded * EOK}
                    for body, name, tenor, basket, outstanding, traded in KTB_ISSUES]
    constituents.sort(key=lambda c: c["code"])
    write_yaml(folder / "index.yaml", "index", index_yaml({
        "name": "예시 국고채 3-5년 지수",
        "description": "Illustrative figures for demonstration; the bonds' outstanding amounts and "
                       "trading values here are not market data.",
        "provider": "예시지수산출기관", "asset_class": "ktb", "weighting": "market_cap"}))
    cols = ["code", "name", "market", "ktb_futures_basket", "tenor_years", "market_cap_krw",
            "trading_value_krw"]
    write_csv(folder / "constituents.csv", cols, [[c[k] for k in cols] for c in constituents])
    return constituents


# 30 issues, base caps in 억원, largest first. Base ranks (1-based) 7, 10 and 13 are illiquid although
# well inside the top 85%; ranks 28-30 are illiquid too but lie outside it, so they must not count.
ILLIQUID_CAPS_EOK = [9000, 7500, 6800, 6000, 5400, 4800, 4300, 3900, 3500, 3100, 2800, 2500, 2200,
                     2000, 1800, 1600, 1400, 1250, 1100, 950, 800, 700, 600, 500, 420, 350, 300,
                     250, 200, 170]
ILLIQUID_INSIDE_RANKS = (7, 10, 13)
ILLIQUID_OUTSIDE_RANKS = (28, 29, 30)


def build_illiquid_index(folder: Path) -> tuple[list[dict], dict[str, float], dict[str, int],
                                                 list[str], list[str]]:
    rng = random.Random(85)
    sectors = ["산업재", "소재", "자유소비재", "필수소비재", "헬스케어", "정보기술"]
    constituents, prices, bases, turnover, tv_fixed = [], {}, {}, {}, {}
    inside, outside = [], []
    for rank, cap in enumerate(ILLIQUID_CAPS_EOK, start=1):
        code = next_code()
        market = "KOSPI" if rank % 3 == 1 else "KOSDAQ"
        constituents.append({"code": code, "name": "", "market": market,
                             "sector": rng.choice(sectors)})
        prices[code] = pseudo_price(rng)
        bases[code] = cap * EOK
        turnover[code] = rng.uniform(0.002, 0.005)
        if rank in ILLIQUID_INSIDE_RANKS + ILLIQUID_OUTSIDE_RANKS:
            tv_fixed[code] = rng.uniform(0.45, 0.75) * EOK  # 4,500만-7,500만원 a day
            (inside if rank in ILLIQUID_INSIDE_RANKS else outside).append(code)
        else:
            # liquid: at least 2억원 a day whatever the size
            turnover[code] = max(turnover[code], 2 * EOK / bases[code])
    rows = random_walk(rng, bases, turnover, tv_fixed)
    weights = simple_means(rows)
    # Number the names by the 3-month mean rank (the walk may swap close neighbours).
    by_code = {c["code"]: c for c in constituents}
    for rank, code in enumerate(sorted(weights, key=lambda k: (-weights[k], k)), start=1):
        by_code[code]["name"] = f"예시중소형{rank:02d}"
    constituents.sort(key=lambda c: c["code"])
    write_yaml(folder / "index.yaml", "index", index_yaml({
        "name": "예시 중소형 배당 30 지수",
        "description": "Illustrative figures for demonstration; the constituents' market caps and "
                       "trading values here are not market data.",
        "provider": "예시지수산출기관", "asset_class": "equity", "weighting": "market_cap",
        "market_data": True}))
    write_csv(folder / "constituents.csv", ["code", "name", "market", "sector"],
              [[c["code"], c["name"], c["market"], c["sector"]] for c in constituents])
    write_csv(folder / "market_data.csv",
              ["date", "code", "market_cap_krw", "trading_value_krw"], rows)
    return constituents, weights, prices, inside, outside


def build_all() -> tuple[list[dict], dict[str, tuple[str, set[str]]]]:
    """Write every file; return the products and, per failing variant, (rule, intended offenders)."""
    vu = build_value_up()
    full_pdf = pdf_rows(vu["constituents"], vu["weights"], vu["prices"])
    failing = HERE / "failing"
    products, intended = [], {}

    products.append(product(HERE / "value-up-passive", full_pdf,
                            index_path="../indices/korea-value-up/index.yaml"))

    def variant(folder_name: str, rule: str, offenders: set[str], **kwargs) -> None:
        kwargs.setdefault("description", f"An illustrative product for demonstration that fails "
                                         f"{rule}; its figures are not market data.")
        products.append(product(failing / folder_name, **kwargs))
        intended[folder_name] = (rule, offenders)

    variant("principal-below-minimum", "krx.size.principal", set(), pdf=full_pdf,
            principal_krw="65억원")

    variant("ap-without-lp-contract", "krx.liquidity.lp_contract", set(), pdf=full_pdf,
            participants=[("NH투자증권", True, False), ("삼성증권", True, False),
                          ("키움증권", False, True)])

    top3 = sorted(vu["weights"], key=lambda code: (-vu["weights"][code], code))[:3]
    variant("pdf-missing-large-constituents", "krx.pdf.market_cap_coverage", set(top3),
            pdf=pdf_rows(vu["constituents"], vu["weights"], vu["prices"], omit=set(top3)))

    folder = failing / "narrow-index-single-issue"
    narrow, narrow_w, narrow_prices = build_narrow_index(folder)
    heaviest = max(narrow_w, key=lambda code: (narrow_w[code], code))
    variant("narrow-index-single-issue", "krx.index.single_issue_weight", {heaviest},
            pdf=pdf_rows(narrow, narrow_w, narrow_prices), index_path="index.yaml",
            name="예시 반도체집중 ETF")

    folder = failing / "ktb-index-non-basket-bond"
    ktb = build_ktb_index(folder)
    face = {c["code"]: q for c, q in zip(sorted(ktb, key=lambda c: c["name"]),
                                         (820_000_000, 870_000_000, 790_000_000))}
    ktb_pdf = [[c["code"], c["name"], face[c["code"]]] for c in ktb]
    ktb_pdf.append(["KRW", "원화현금", int(CU_VALUE_KRW * CASH_SHARE)])
    variant("ktb-index-non-basket-bond", "krx.index.ktb_basket",
            {c["code"] for c in ktb if not c["ktb_futures_basket"]},
            pdf=ktb_pdf, index_path="index.yaml", name="예시 국고채3-5년 ETF")

    folder = failing / "illiquid-small-constituents"
    small, small_w, small_prices, inside, _outside = build_illiquid_index(folder)
    variant("illiquid-small-constituents", "krx.index.top85_trading_value", set(inside),
            pdf=pdf_rows(small, small_w, small_prices), index_path="index.yaml",
            name="예시 중소형배당 ETF")

    variant("cash-creation-without-reason", "krx.creation.cash", set(), pdf=None,
            creation="cash", linked_assets_ratio="0.995")
    return products, intended


# --------------------------------------------------------------------------------------------
# Checking the written files (exact Decimal arithmetic, independent of the generator's floats)
# --------------------------------------------------------------------------------------------

def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{path}: BOM"
    assert b"\r" not in raw, f"{path}: CR in line endings"
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_index_yaml(path: Path) -> dict[str, str]:
    """The flat key: value lines of an index file this script wrote (not a general YAML reader)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# yaml-language-server: $schema=") and lines[1] == DISCLAIMER, path
    return {k.strip(): v.strip() for k, v in (ln.split(":", 1) for ln in lines[2:])}


def load_index(path: Path) -> dict:
    meta = read_index_yaml(path)
    rows = read_csv(path.parent / meta["constituents"])
    codes = [r["code"] for r in rows]
    assert codes == sorted(codes) and len(set(codes)) == len(codes), f"{path}: codes"
    means_cap: dict[str, Decimal] = {}
    means_tv: dict[str, Decimal] = {}
    if "market_data" in meta:
        series = read_csv(path.parent / meta["market_data"])
        keys = [(r["date"], r["code"]) for r in series]
        assert keys == sorted(keys), f"{path}: market data order"
        by_code: dict[str, list[dict[str, str]]] = {}
        for r in series:
            by_code.setdefault(r["code"], []).append(r)
        expected_days = [d.isoformat() for d in DAYS]
        for code in codes:
            assert [r["date"] for r in by_code[code]] == expected_days, f"{code}: days"
            n = Decimal(len(by_code[code]))
            means_cap[code] = sum(Decimal(r["market_cap_krw"]) for r in by_code[code]) / n
            means_tv[code] = sum(Decimal(r["trading_value_krw"]) for r in by_code[code]) / n
    else:
        for r in rows:
            means_cap[r["code"]] = Decimal(r["market_cap_krw"])
            means_tv[r["code"]] = Decimal(r["trading_value_krw"])
    total = sum(means_cap.values())
    weights = {code: means_cap[code] / total for code in codes}
    ranked = sorted(codes, key=lambda code: (-means_cap[code], code))
    top85, above = [], Decimal(0)
    cum_above: dict[str, Decimal] = {}
    for code in ranked:
        cum_above[code] = above
        if above < Decimal("0.85"):
            top85.append(code)
        above += weights[code]
    return {"meta": meta, "rows": {r["code"]: r for r in rows}, "codes": codes,
            "cap": means_cap, "tv": means_tv, "weights": weights, "ranked": ranked,
            "top85": top85, "cum_above": cum_above}


def money(text: str) -> Decimal:
    assert text.endswith("억원"), text  # the only spelling this script writes
    return Decimal(text[:-2]) * EOK


ELIGIBLE_MARKETS = {"KOSPI", "KOSDAQ", "KONEX", "foreign_exchange", "fsc_designated"}
CASH_REASONS = {"not_exchange_traded", "derivatives", "exchange_designated"}


def evaluate(p: dict, idx: dict) -> dict[str, tuple[str, set[str]]]:
    """Rule id -> (pass | fail | not_applicable, offending codes or participant names)."""
    asset = idx["meta"]["asset_class"]
    codes, w = idx["codes"], idx["weights"]
    res: dict[str, tuple[str, set[str]]] = {}

    def put(rule: str, ok: bool | None, offenders: set[str] = frozenset()) -> None:
        res[rule] = ("not_applicable", set()) if ok is None else \
            ("pass" if ok else "fail", set() if ok else set(offenders))

    securities = asset in ("equity", "mixed", "bond", "ktb")
    minimum = 3 if asset == "ktb" else 10
    put("krx.index.constituent_count", len(codes) >= minimum if securities else None)
    if asset == "ktb":
        bad = {c for c in codes if idx["rows"][c]["ktb_futures_basket"] != "true"}
        put("krx.index.ktb_basket", not bad and len(codes) >= 3, bad)
    else:
        put("krx.index.ktb_basket", None)
    if asset in ("equity", "mixed", "bond"):
        heavy = {c for c in codes if w[c] > Decimal("0.30")}
        put("krx.index.single_issue_weight", not heavy, heavy)
    else:
        put("krx.index.single_issue_weight", None)
    if asset in ("equity", "mixed"):
        small = {c for c in idx["top85"] if idx["cap"][c] < 150 * EOK}
        thin = {c for c in idx["top85"] if idx["tv"][c] < 1 * EOK}
        put("krx.index.top85_market_cap", not small, small)
        put("krx.index.top85_trading_value", not thin, thin)
    else:
        put("krx.index.top85_market_cap", None)
        put("krx.index.top85_trading_value", None)
    foreign = {c for c in codes if idx["rows"][c]["market"] not in ELIGIBLE_MARKETS}
    put("krx.index.eligible_market", not foreign, foreign)
    put("krx.index.license", p["license_signed"])
    put("krx.product.leverage", p["leverage"] != 0 and -2 <= p["leverage"] <= 2)
    put("krx.size.principal", money(p["principal_krw"]) >= 70 * EOK)
    put("krx.size.units", p["units"] >= 100_000)
    aps = {name for name, ap, _lp in p["participants"] if ap}
    put("krx.liquidity.authorized_participant", len(aps) >= 1)
    put("krx.liquidity.lp_contract", any(ap and lp for _n, ap, lp in p["participants"]))
    if p["creation"] == "in_kind" and securities:
        pdf = read_csv(p["folder"] / "pdf.csv")
        held = {r["code"] for r in pdf if r["code"] in w and Decimal(r["quantity"]) > 0}
        assert all(Decimal(r["quantity"]) > 0 and Decimal(r["quantity"]) == int(r["quantity"])
                   for r in pdf), "quantities are positive integers"
        missing = set(codes) - held
        coverage = sum((w[c] for c in held), Decimal(0))
        put("krx.pdf.market_cap_coverage", coverage >= Decimal("0.95"), missing)
        share = Decimal(1) if idx["meta"]["weighting"] == "price" else Decimal("0.5")
        put("krx.pdf.constituent_coverage", Decimal(len(held)) >= share * len(codes), missing)
        others = [r for r in pdf if r["code"] not in w]
        if others:
            ratio = Decimal(p["linked_assets_ratio"])
            put("krx.pdf.linked_assets", ratio >= Decimal("0.95"))
        else:
            put("krx.pdf.linked_assets", None)
    else:
        for rule in ("krx.pdf.market_cap_coverage", "krx.pdf.constituent_coverage",
                     "krx.pdf.linked_assets"):
            put(rule, None)
    if p["creation"] == "cash":
        put("krx.creation.cash", p["cash_creation_reason"] in CASH_REASONS)
    else:
        put("krx.creation.cash", None)
    return res


def pct(d: Decimal) -> str:
    return f"{d * 100:.2f}%"


def check(products: list[dict], intended: dict[str, tuple[str, set[str]]]) -> None:
    indices: dict[Path, dict] = {}
    for p in products:
        path = (p["folder"] / p["index_path"]).resolve()
        if path not in indices:
            indices[path] = load_index(path)

    # The shared Value-up index: the seed's shape and the margins the brief asks for.
    vu = indices[(HERE / "indices/korea-value-up/index.yaml").resolve()]
    markets = [vu["rows"][c]["market"] for c in vu["codes"]]
    assert len(vu["codes"]) == 100 and markets.count("KOSPI") == 67 \
        and markets.count("KOSDAQ") == 33
    sectors: dict[str, int] = {}
    for c in vu["codes"]:
        sectors[vu["rows"][c]["sector"]] = sectors.get(vu["rows"][c]["sector"], 0) + 1
    assert sectors == SEED_SECTOR_COUNTS, sectors
    assert vu["ranked"][:6] == [t[0] for t in VALUE_UP_TOP], "the real names are the top six"
    largest = vu["weights"][vu["ranked"][0]]
    assert Decimal("0.20") <= largest <= Decimal("0.27"), largest
    kospi = sum(vu["weights"][c] for c in vu["codes"] if vu["rows"][c]["market"] == "KOSPI")
    assert Decimal("0.94") <= kospi <= Decimal("0.965"), kospi
    assert min(vu["cap"].values()) >= 3_000 * EOK and min(vu["tv"].values()) >= 10 * EOK

    for path, idx in indices.items():
        first = idx["ranked"][0]
        print(f"{path.relative_to(HERE)}: {idx['meta']['name']} ({idx['meta']['asset_class']}), "
              f"{len(idx['codes'])} issues")
        print(f"  largest share: {idx['rows'][first]['name']} ({first}) {pct(idx['weights'][first])}"
              f" = {idx['weights'][first]:.6f}")
        if idx["meta"]["asset_class"] in ("equity", "mixed"):
            last = idx["top85"][-1]
            print(f"  top 85%: {len(idx['top85'])} issues; the last one in, "
                  f"{idx['rows'][last]['name']} ({last}), has {pct(idx['cum_above'][last])} above it")
            print(f"  top 85% set: {' '.join(idx['top85'])}")
        if path == (HERE / "indices/korea-value-up/index.yaml").resolve():
            print(f"  KOSPI share {pct(kospi)}, KOSDAQ share {pct(1 - kospi)}; smallest mean cap "
                  f"{min(idx['cap'].values()) / EOK:.0f}억원, smallest mean trading value "
                  f"{min(idx['tv'].values()) / EOK:.1f}억원")

    print()
    for p in products:
        idx = indices[(p["folder"] / p["index_path"]).resolve()]
        results = evaluate(p, idx)
        failed = {rule: off for rule, (status, off) in results.items() if status == "fail"}
        name = p["folder"].name
        if name not in intended:
            assert not failed, (name, failed)
            applicable = sum(1 for s, _ in results.values() if s == "pass")
            print(f"{name}: eligible ({applicable} pass, {16 - applicable} not applicable)")
            continue
        rule, offenders = intended[name]
        assert len(results) == 16
        assert list(failed) == [rule], (name, failed)
        assert failed[rule] == offenders, (name, failed[rule], offenders)
        described = ", ".join(f"{idx['rows'][c]['name']} ({c})" for c in sorted(offenders))
        print(f"failing/{name}: fails {rule}" + (f"; offenders: {described}" if offenders else ""))
        if name == "pdf-missing-large-constituents":
            held = [c for c in idx["codes"] if c not in offenders]
            cover = sum(idx["weights"][c] for c in held)
            assert cover < Decimal("0.95") and len(held) == 97
            print(f"  market-cap coverage {pct(cover)}, count coverage {len(held)}/100")
        if name == "narrow-index-single-issue":
            (heavy,) = offenders
            assert Decimal("0.33") <= idx["weights"][heavy] <= Decimal("0.37")
            assert min(idx["cap"].values()) >= 3_000 * EOK
            assert min(idx["tv"].values()) >= 10 * EOK
            print(f"  weight {pct(idx['weights'][heavy])}")
        if name == "illiquid-small-constituents":
            assert idx["weights"][idx["ranked"][0]] < Decimal("0.30")
            assert min(idx["cap"].values()) >= 150 * EOK
            for c in sorted(offenders, key=idx["ranked"].index):
                # well inside the top 85%, so the straddling-issue parameter cannot matter
                assert idx["cum_above"][c] < Decimal("0.80")
                assert idx["tv"][c] < EOK and idx["cap"][c] >= 150 * EOK
                print(f"  {idx['rows'][c]['name']} ({c}): rank {idx['ranked'].index(c) + 1}, "
                      f"{pct(idx['cum_above'][c])} above it, mean cap "
                      f"{idx['cap'][c] / EOK:.0f}억원, mean trading value "
                      f"{idx['tv'][c] / 10_000:.0f}만원")
            thin_outside = [c for c in idx["codes"] if idx["tv"][c] < EOK and c not in offenders]
            assert len(thin_outside) == len(ILLIQUID_OUTSIDE_RANKS)
            # the straddling issue and its neighbours are liquid, whichever reading applies
            for c in idx["ranked"]:
                if Decimal("0.80") <= idx["cum_above"][c] < Decimal("0.95"):
                    assert idx["tv"][c] >= EOK, c
            for c in sorted(thin_outside, key=idx["ranked"].index):
                assert idx["cum_above"][c] >= Decimal("0.90")
                print(f"  not reported: {idx['rows'][c]['name']} ({c}): rank "
                      f"{idx['ranked'].index(c) + 1}, {pct(idx['cum_above'][c])} above it, "
                      f"mean trading value {idx['tv'][c] / 10_000:.0f}만원")


def main() -> None:
    products, intended = build_all()
    check(products, intended)


if __name__ == "__main__":
    main()
