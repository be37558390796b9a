"""The same market data written in the KRX portal's shape and in the documented long format gives
identical reports, whatever the data, the shape of the downloads and the days they cover."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etf_listing.errors import InputError
from etf_listing.evaluation import evaluate
from etf_listing.loading.load import Loader
from etf_listing.reporting.json_report import report_dict
from etf_listing.rulebook import load_rulebook
from tests.krx_shapes import Quote, Shape, long_format, trading_days, write_daily

KRX = load_rulebook()
WINDOW = trading_days(dt.date(2024, 7, 25), dt.date(2024, 10, 31))
EOK = 100_000_000

shapes = st.builds(Shape, encoding=st.sampled_from(["cp949", "utf-8", "utf-8-sig"]), quoted=st.booleans(),
                   separators=st.booleans(), newer_header=st.booleans(), line_end=st.sampled_from(["\r\n", "\n"])
                   ).filter(lambda shape: shape.quoted or not shape.separators)  # Excel quotes a cell with commas
issue_codes = st.lists(st.from_regex(r"[0-9][0-9A-Z]{4}[0-9]", fullmatch=True), min_size=3, max_size=14, unique=True)


@st.composite
def markets(draw: st.DrawFn) -> tuple[list[str], dict[dt.date, list[Quote]], Shape]:
    codes = draw(issue_codes)
    days = draw(st.lists(st.sampled_from(WINDOW), min_size=1, max_size=len(WINDOW), unique=True).map(sorted))
    if draw(st.booleans()):  # most often the whole window, with a few days without a download
        days = [d for d in WINDOW if d not in set(days[:5])]
    base = {c: draw(st.integers(1, 40_000)) for c in codes}
    by_day = {}
    for i, day in enumerate(days):
        quotes = [Quote(c, f"종목{c}", draw(st.sampled_from(["KOSPI", "KOSDAQ"])) if i == 0 else "KOSPI",
                        base[c] * EOK + draw(st.integers(0, 10 ** 9)), draw(st.integers(0, 10 ** 11)))
                  for c in codes if draw(st.integers(0, 30)) > 0]  # now and then an issue misses a day
        if quotes or not by_day and day == days[-1]:  # (a download with no row is refused: a day without one)
            by_day[day] = quotes or [Quote(codes[0], f"종목{codes[0]}", "KOSPI", base[codes[0]] * EOK, 0)]
    return codes, by_day, draw(shapes)


PRODUCT = """\
kind: etf-product
schema_version: 1
name: 시험 ETF
as_of: 2024-10-31
fund_form: trust
principal_krw: 100억원
units: 200000
leverage: 1
creation: in_kind
underlying: {{index: index.yaml, license_signed: true}}
participants:
  - {{name: A증권, authorized_participant: true, lp_contract: true}}
pdf: [{pdf}]
"""
INDEX = """\
kind: etf-index
schema_version: 1
name: 시험 지수
asset_class: equity
weighting: market_cap
constituents: constituents.csv
market_data: {market_data}
"""


def written(folder: Path, codes: list[str], by_day: dict[dt.date, list[Quote]], shape: Shape | None) -> str:
    folder.mkdir()
    (folder / "constituents.csv").write_text("code,name,market\n" + "".join(f"{c},종목{c},KOSPI\n" for c in codes),
                                             encoding="utf-8")
    if shape is None:
        (folder / "market_data.csv").write_text(long_format(by_day), encoding="utf-8")
        market_data = "market_data.csv"
    else:
        for day, quotes in by_day.items():
            write_daily(folder / "krx", day, quotes, shape)
        market_data = '{format: krx-daily, files: "krx/*.csv"}'
    (folder / "index.yaml").write_text(INDEX.format(market_data=market_data), encoding="utf-8")
    pdf = ", ".join(f'{{code: "{c}", name: 종목{c}, quantity: {i % 3}}}' for i, c in enumerate(codes))
    (folder / "product.yaml").write_text(PRODUCT.format(pdf=pdf), encoding="utf-8")
    return str(folder / "product.yaml")


def comparable(path: str) -> Any:
    """The JSON report without what names the files (the series' first rows are in different
    files), or the messages of the input errors."""
    try:
        product = Loader(root=str(Path(path).parent)).load_product(path)
    except InputError as error:
        return [p.explained() for p in error.problems]
    report = report_dict(evaluate(product, KRX))
    for result in report["results"]:
        result.pop("location", None)
        for item in result.get("items", []):
            item.pop("location", None)
    report.pop("file", None)
    report.pop("inputs", None)
    return report


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(markets())
def test_both_shapes_of_the_same_market_data_give_identical_reports(market: tuple) -> None:
    codes, by_day, shape = market
    with tempfile.TemporaryDirectory() as directory:
        krx = comparable(written(Path(directory) / "krx", codes, by_day, shape))
        ours = comparable(written(Path(directory) / "ours", codes, by_day, None))
    assert krx == ours
