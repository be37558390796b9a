"""Index market data read from the KRX portal's all-issue daily downloads (screen 12001).

The files are synthetic: written by tests/krx_shapes.py in the published layout (CP949, quoted
fields, separators, the 등락폭 header, letter codes), never downloaded. Each shape leads to the
verdict the same data gives in the documented long format.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from etf_listing.errors import InputError
from etf_listing.evaluation import Report, evaluate
from etf_listing.loading.krx import amount, date_in_name
from etf_listing.loading.load import Loader
from etf_listing.rulebook import load_rulebook
from tests.krx_shapes import Quote, Shape, long_format, trading_days, write_daily

AS_OF = dt.date(2024, 10, 31)
DAYS = trading_days(dt.date(2024, 7, 29), AS_OF)
EOK = 100_000_000
CODES = ["005930", "000660", "0015G0", *(f"{100000 + i:06d}" for i in range(9))]
OTHERS = ["999990", "999991"]  # the rest of the market: in every download, in no index


def quotes(day: dt.date, big: int = 10000) -> list[Quote]:
    """The market on ``day``: the index's issues (one much larger when ``big`` is) and others."""
    result = []
    for i, code in enumerate(CODES + OTHERS):
        cap = (big if code == "005930" else 1000 + 10 * i) * EOK + day.toordinal()
        result.append(Quote(code, f"종목{code}", "KOSDAQ" if code == "0015G0" else "KOSPI", cap, 10 * EOK + i))
    return result


INDEX = """\
kind: etf-index
schema_version: 1
name: 시험 지수
asset_class: equity
weighting: market_cap
constituents: constituents.csv
market_data: {market_data}
"""
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
underlying: {{index: index/index.yaml, license_signed: true}}
participants:
  - {{name: A증권, authorized_participant: true, lp_contract: true}}
pdf: [{pdf}]
"""


def build(folder: Path, *, shape: Shape | None = Shape(), days: list[dt.date] = DAYS, markets: bool = True,
          big: int = 10000, codes: list[str] = CODES) -> Path:
    """A product whose index's market data is KRX downloads in ``shape`` (None: the long format)."""
    index = folder / "index"
    index.mkdir(parents=True, exist_ok=True)
    header = "code,name,market" if markets else "code,name"
    (index / "constituents.csv").write_text(header + "\n" + "".join(
        f"{c},종목{c}" + ((",KOSDAQ" if c == "0015G0" else ",KOSPI") if markets else "") + "\n" for c in codes),
        encoding="utf-8")
    if shape is None:
        (index / "market_data.csv").write_text(long_format({d: quotes(d, big) for d in days}), encoding="utf-8")
        market_data = "market_data.csv"
    else:
        for day in days:
            write_daily(index / "krx", day, quotes(day, big), shape)
        market_data = '{format: krx-daily, files: "krx/*.csv"}'
    (index / "index.yaml").write_text(INDEX.format(market_data=market_data), encoding="utf-8")
    pdf = ", ".join(f'{{code: "{c}", name: 종목{c}, quantity: 10}}' for c in codes)
    product = folder / "product.yaml"
    product.write_text(PRODUCT.format(pdf=pdf), encoding="utf-8")
    return product


def report(product: Path) -> Report:
    return evaluate(Loader(root=str(product.parent)).load_product(str(product)), load_rulebook())


def verdicts(r: Report) -> list[tuple[Any, ...]]:
    """What a report decides and says, without the file positions, which name different files."""
    return [(x.rule.id, x.status, str(x.observed), str(x.threshold), x.message["en"], x.message["ko"],
             [(i.identity, str(i.observed)) for i in x.items]) for x in r.results]


def problems(product: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        Loader(root=str(product.parent)).load_product(str(product))
    return [str(p).replace(str(product.parent) + os.sep, "") for p in caught.value.problems]


SHAPES = {
    "portal CSV: CP949, every field quoted": Shape(),
    "UTF-8 without quotes": Shape(encoding="utf-8", quoted=False),
    "UTF-8 with a BOM, Excel's thousands separators": Shape(encoding="utf-8-sig", separators=True),
    "the newer 등락폭 header, LF line ends": Shape(newer_header=True, line_end="\n"),
}


@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_each_shape_gives_the_verdicts_of_the_long_format(tmp_path: Path, shape: Shape) -> None:
    krx = report(build(tmp_path / "krx", shape=shape))
    ours = report(build(tmp_path / "ours", shape=None))
    assert verdicts(krx) == verdicts(ours)
    weight = next(r for r in krx.results if r.rule.id == "krx.index.single_issue_weight")
    assert weight.status == "fail" and weight.items[0].identity["code"] == "005930"  # 1조원 among 1000억원s


def test_a_passing_index_passes_read_from_downloads(tmp_path: Path) -> None:
    r = report(build(tmp_path, big=1100))
    assert r.eligible, [(x.rule.id, x.status) for x in r.results if x.status != "pass"]


def test_only_the_constituents_rows_are_kept(tmp_path: Path) -> None:
    product = build(tmp_path)
    index = Loader(root=str(tmp_path)).load_product(str(product)).index
    assert sorted(index.series) == sorted(CODES)
    assert index.series["0015G0"].dates == tuple(DAYS)  # a code with a letter, as listed since 2024
    assert index.series["005930"].market_cap_krw[-1] == 10000 * EOK + AS_OF.toordinal()
    assert str(index.series["005930"].location) == f"{tmp_path / 'index' / 'krx' / '20240729.csv'}:2:1"


def test_the_market_comes_from_the_downloads_when_the_constituents_do_not_give_it(tmp_path: Path) -> None:
    product = build(tmp_path, markets=False)
    index = Loader(root=str(tmp_path)).load_product(str(product)).index
    assert {c.code: c.market for c in index.constituents}["0015G0"] == "KOSDAQ"
    assert {c.code: c.market for c in index.constituents}["005930"] == "KOSPI"
    eligible = next(r for r in report(product).results if r.rule.id == "krx.index.eligible_market")
    assert eligible.status == "pass"


def test_a_constituent_with_no_market_anywhere_is_an_input_error(tmp_path: Path) -> None:
    product = build(tmp_path, shape=None, markets=False)
    found = problems(product)
    assert found[0] == ("index/constituents.csv:2:1: market: a value is required (write the market (KOSPI, KOSDAQ ...), "
                        "or give market_data as KRX daily downloads (format: krx-daily), whose 시장구분 gives it)")
    assert len(found) == len(CODES)


def test_a_missing_trading_day_is_no_error_but_coverage_still_applies(tmp_path: Path) -> None:
    """A day without a download is a day the index has no data: the means are over the days there
    are. Data that stops short of the window is still an error, as in the long format."""
    gap = [d for d in DAYS if d != dt.date(2024, 9, 10)]
    assert report(build(tmp_path / "gap", days=gap, big=1100)).eligible
    short = [d for d in DAYS if d <= dt.date(2024, 10, 15)]
    late = report(build(tmp_path / "short", days=short, big=1100))
    ours = report(build(tmp_path / "ours", days=short, big=1100, shape=None))
    assert verdicts(late) == verdicts(ours)
    assert "error" in {r.status for r in late.results}


@pytest.mark.parametrize("name, day", [("20241031.csv", dt.date(2024, 10, 31)), ("data_20241031.csv", dt.date(2024, 10, 31)),
                                       ("전종목시세_20240801.csv", dt.date(2024, 8, 1)), ("krx-20240229-v2.csv", dt.date(2024, 2, 29))])
def test_the_date_comes_from_the_file_name(name: str, day: dt.date) -> None:
    assert date_in_name(name) == day


@pytest.mark.parametrize("name", ["data.csv", "20241301.csv", "2024-10-31.csv", "20241031_20241101.csv", "202410311.csv"])
def test_a_name_without_one_date_gives_none(name: str) -> None:
    assert date_in_name(name) is None


def test_a_file_name_without_a_date_is_an_input_error_saying_how_to_name_it(tmp_path: Path) -> None:
    product = build(tmp_path)
    (tmp_path / "index" / "krx" / "20240801.csv").rename(tmp_path / "index" / "krx" / "data.csv")
    assert problems(product) == [
        "index/krx/data.csv:1:1: the file name carries no date, so its trading day is not known "
        "(name each day's download by its date, YYYYMMDD: 20241031.csv or data_20241031.csv)"]


def test_two_files_for_one_date_are_an_input_error(tmp_path: Path) -> None:
    product = build(tmp_path)
    write_daily(tmp_path / "index" / "krx", AS_OF, quotes(AS_OF), Shape(), name="data_{date}.csv")
    assert problems(product) == [
        "index/krx/data_20241031.csv:1:1: a second file for 2024-10-31 (the first is index/krx/20241031.csv) "
        "(keep one download a trading day)"]


def test_a_file_in_another_encoding_is_refused(tmp_path: Path) -> None:
    product = build(tmp_path)
    path = tmp_path / "index" / "krx" / "20240801.csv"
    path.write_bytes(path.read_bytes().decode("cp949").encode("utf-16"))
    assert problems(product) == [
        "index/krx/20240801.csv:1:1: the file is neither UTF-8 nor CP949 (EUC-KR) text "
        "(KRX downloads are CP949 or UTF-8: download it again, or save it in one of them)"]


def test_a_missing_column_is_named_with_the_columns_found(tmp_path: Path) -> None:
    product = build(tmp_path, shape=Shape(encoding="utf-8", quoted=False))
    path = tmp_path / "index" / "krx" / "20240801.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("시가총액", "시총"), encoding="utf-8")
    assert problems(product) == [
        "index/krx/20240801.csv:1:1: the column 시가총액 is missing; the columns found: 종목코드, 종목명, 시장구분, 소속부, "
        "종가, 대비, 등락률, 시가, 고가, 저가, 거래량, 거래대금, 시총, 상장주식수 (an all-issue daily download (screen 12001) "
        "has the columns 종목코드,종목명,시장구분,소속부,종가,대비 (or 등락폭),등락률,시가,고가,저가,거래량,거래대금,시가총액,상장주식수)"]


def test_a_file_of_another_screen_is_named_as_such(tmp_path: Path) -> None:
    product = build(tmp_path)
    (tmp_path / "index" / "krx" / "20240801.csv").write_bytes(
        '"종목코드","구성종목명","주식수(계약수)","평가금액","시가총액","시가총액 구성비중"\r\n'
        '"005930","삼성전자","8,140","674,806,000","690,272,000","31.74"\r\n'.encode("cp949"))
    assert problems(product) == [
        "index/krx/20240801.csv:1:1: this looks like an ETF's PDF (screen 13108), not the all-issue daily prices of "
        "screen 12001 (market_data with format: krx-daily reads one download of screen 12001 a trading day)"]


def test_a_bad_cell_in_a_quoted_line_is_positioned_at_its_column(tmp_path: Path) -> None:
    product = build(tmp_path)
    path = tmp_path / "index" / "krx" / "20240801.csv"
    lines = path.read_bytes().decode("cp949").split("\r\n")
    cells = lines[3].split(",")
    cells[12] = '"lots"'
    lines[3] = ",".join(cells)
    path.write_bytes("\r\n".join(lines).encode("cp949"))
    column = len(",".join(cells[:12])) + 2
    found = problems(product)
    assert found == [f"index/krx/20240801.csv:4:{column}: 시가총액: 'lots' is not a number"]


def test_a_constituent_without_a_figure_is_an_input_error(tmp_path: Path) -> None:
    product = build(tmp_path, shape=Shape(encoding="utf-8", quoted=False))
    path = tmp_path / "index" / "krx" / "20240801.csv"
    text = path.read_text(encoding="utf-8").replace(f",{10 * EOK + 1},", ",-,", 1)
    path.write_text(text, encoding="utf-8")
    (found,) = problems(product)
    assert found.startswith("index/krx/20240801.csv:3:") and "거래대금: no figure ('-') for 000660 on 2024-08-01" in found


def test_a_glob_that_matches_nothing_is_positioned_in_the_index_file(tmp_path: Path) -> None:
    product = build(tmp_path, days=[])
    (tmp_path / "index" / "krx").mkdir(exist_ok=True)
    (found,) = problems(product)
    assert found.startswith("index/index.yaml:7:") and "no file matches 'krx/*.csv'" in found


def test_an_index_in_isins_matches_the_downloads_short_codes(tmp_path: Path) -> None:
    product = build(tmp_path)
    constituents = tmp_path / "index" / "constituents.csv"
    constituents.write_text(constituents.read_text(encoding="utf-8").replace("005930,", "KR7005930003,"), encoding="utf-8")
    pdf = product.read_text(encoding="utf-8").replace('code: "005930"', 'code: "KR7005930003"')
    product.write_text(pdf, encoding="utf-8")
    index = Loader(root=str(tmp_path)).load_product(str(product)).index
    assert "KR7005930003" in index.series


@pytest.mark.parametrize("cell, value", [("1306838265", 1306838265), ("1,306,838,265", 1306838265), (" 0 ", 0),
                                         ("-", None), ("", None)])
def test_amounts_as_the_portal_writes_them(cell: str, value: Any) -> None:
    assert amount(cell) == value


def test_a_negative_market_amount_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        amount("-5")


@pytest.mark.parametrize("shape", [Shape(), None], ids=["krx-daily", "long format"])
def test_a_constituent_code_that_lost_its_leading_zeros_in_the_market_data_is_refused(tmp_path: Path,
                                                                                     shape: Shape | None) -> None:
    """The last day's 005930 saved as 5930 (a spreadsheet took it for a number): its rows would be
    left out as another issue's and the last day missed within the tolerance, changing the mean
    without a word. Refused, naming the code meant, in the downloads and in the long format."""
    product = build(tmp_path, shape=shape)
    last = DAYS[-1]
    name = last.strftime("%Y%m%d") + ".csv"
    target = (tmp_path / "index" / "krx" / name) if shape is not None else (tmp_path / "index" / "market_data.csv")
    text = target.read_text(encoding=shape.encoding if shape is not None else "utf-8")
    if shape is None:
        text = text.replace(f"{last},005930,", f"{last},5930,")
    else:
        text = text.replace("005930", "5930", 1)
    target.write_bytes(text.encode(shape.encoding if shape is not None else "utf-8"))
    found = problems(product)
    assert len(found) == 1 and "'5930' is not a code of the index; did you mean 005930" in found[0], found
    assert "keep the column as text" in found[0]


def test_a_short_code_of_no_constituent_is_still_another_issue_left_out(tmp_path: Path) -> None:
    product = build(tmp_path, shape=None)
    target = tmp_path / "index" / "market_data.csv"
    target.write_text(target.read_text(encoding="utf-8") + f"{DAYS[-1]},7203,1000,10\n", encoding="utf-8")
    assert report(product).results  # 7203 (Toyota in Tokyo) zero-filled is 007203, no constituent: left out as before


def test_a_download_saved_with_its_korean_decomposed_reads_as_composed() -> None:
    """A UTF-8 download re-saved on a Mac may spell 유가증권 as its letters (NFD): it is read as the
    portal writes it, so its market and names compare as written."""
    import unicodedata

    from etf_listing.loading.krx import decode

    text = "종목코드,종목명,시장구분\n005930,삼성전자,유가증권\n"
    assert decode(unicodedata.normalize("NFD", text).encode("utf-8"), "d.csv") == text
    assert decode(text.encode("cp949"), "d.csv") == text
