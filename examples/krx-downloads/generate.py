"""Writes the synthetic KRX-shaped downloads of this example (run from the repository root:
``python examples/krx-downloads/generate.py``). The figures are made up; the layout is the KRX data
portal's: screen 12001's all-issue daily prices, one CP949 file a trading day (Korean holidays have
none; October's files use the newer 등락폭 header), and screen 13108's PDF with ISINs, a negative
cash row and the 설정현금액 row. The writers are the tests' (tests/krx_shapes.py), so the example
and the tests share one description of the layout."""

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path
sys.path.insert(0, ".")
from tests.krx_shapes import Quote, Shape, PdfRow, write_daily, pdf_text, trading_days

root = Path("examples/krx-downloads")
HOLIDAYS = {dt.date(2024, 8, 15), dt.date(2024, 9, 16), dt.date(2024, 9, 17), dt.date(2024, 9, 18),
            dt.date(2024, 10, 1), dt.date(2024, 10, 3), dt.date(2024, 10, 9)}
days = [d for d in trading_days(dt.date(2024, 8, 1), dt.date(2024, 10, 31)) if d not in HOLIDAYS]
EOK = 100_000_000
# code, name, market, 3-month cap in 억원, daily trading value in 억원 (all made up)
INDEX = [("005930", "삼성전자", "KOSPI", 25000, 900), ("000660", "SK하이닉스", "KOSPI", 14000, 700),
         ("005380", "현대차", "KOSPI", 9000, 300), ("000270", "기아", "KOSPI", 8000, 250),
         ("105560", "KB금융", "KOSPI", 7000, 200), ("055550", "신한지주", "KOSPI", 6000, 180),
         ("812010", "예시전자", "KOSPI", 5000, 120), ("812020", "예시화학", "KOSPI", 4500, 100),
         ("812030", "예시금융", "KOSPI", 4000, 90), ("812040", "예시바이오", "KOSDAQ", 3500, 80),
         ("812050", "예시소재", "KOSDAQ", 3000, 70), ("0015G0", "예시신규", "KOSDAQ", 2500, 60)]
OTHERS = [("899010", "예시비구성1", "KOSPI", 800, 5), ("899020", "예시비구성2", "KOSDAQ", 300, 2),
          ("899030", "예시코넥스", "KONEX", 50, 0)]
def quotes(i, day):
    out = []
    for code, name, market, cap, value in INDEX + OTHERS:
        wiggle = 1000 + (i * 7 + int(code[:5], 36) % 13) % 41 - 20   # +-2%, deterministic
        out.append(Quote(code, name, market, cap * EOK * wiggle // 1000, value * EOK * wiggle // 1000 + i * 1000))
    return out
for i, day in enumerate(days):
    newer = day >= dt.date(2024, 10, 1)
    write_daily(root / "index" / "krx", day, quotes(i, day), Shape(newer_header=newer))
(root / "index" / "constituents.csv").write_text(
    "code,name\n" + "".join(f"{c},{n}\n" for c, n, *_ in INDEX), encoding="utf-8")
last = quotes(len(days) - 1, days[-1])
rows = []
for q in last[:len(INDEX)]:
    shares = Decimal(q.market_cap // (10 ** 9))  # per creation unit, made up
    value = int(shares) * 10_000
    code = {"005930": "KR7005930003", "000660": "KR7000660001"}.get(q.code, q.code)
    rows.append(PdfRow(code, q.name, shares, value, value, None))
total = sum(r.valuation for r in rows)
rows = [PdfRow(r.code, r.name, r.quantity, r.valuation, r.amount, f"{Decimal(r.valuation * 100) / total:.2f}") for r in rows]
rows.append(PdfRow("KRD010010001", "원화현금", None, None, -(total // 200), None))  # a payable: negative cash
rows.append(PdfRow("CASH00000001", "설정현금액", None, None, total // 100, None))
(root / "pdf_20241031.csv").write_bytes(pdf_text(rows, Shape()))
inverse = [PdfRow("KR4101V30000", "코스피200 F 202412", Decimal("-14.00"), -1_210_475_000, None, None),
           PdfRow("KRD010010001", "원화현금", None, None, 1_198_320_114, None),
           PdfRow("CASH00000001", "설정현금액", None, None, 1_198_320_114, None)]
(root / "inverse").mkdir(exist_ok=True)
(root / "inverse" / "pdf_20241031.csv").write_bytes(pdf_text(inverse, Shape()))
print(len(days), "files", total)
