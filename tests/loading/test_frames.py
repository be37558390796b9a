"""pykrx's DataFrames into the evaluator without files (``etf_listing.frames``).

The frames are built here in the shapes pykrx returns (no live data): get_market_cap(date,
market="ALL") indexed by 티커, get_market_cap(from, to, ticker) indexed by 날짜, and
get_etf_portfolio_deposit_file indexed by 티커 with 계약수, 금액, 비중 (구성종목명, 시가총액 in newer
releases). They give the verdicts the same data gives in files.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from etf_listing.errors import InputError
from etf_listing.evaluation import evaluate
from etf_listing.frames import index_from_frames, pdf_from_frame, with_data
from etf_listing.loading.load import Loader
from etf_listing.rulebook import load_rulebook
from tests.loading.test_krx_daily import CODES, DAYS, build, quotes, verdicts


def by_ticker(day: dt.date) -> pd.DataFrame:
    """get_market_cap(day, market="ALL"): 티커 -> 종가, 시가총액, 거래량, 거래대금, 상장주식수 (int64)."""
    rows = quotes(day)
    frame = pd.DataFrame({"종가": [10_000] * len(rows), "시가총액": [q.market_cap for q in rows],
                          "거래량": [q.trading_value // 10_000 for q in rows], "거래대금": [q.trading_value for q in rows],
                          "상장주식수": [q.market_cap // 10_000 for q in rows]},
                         index=pd.Index([q.code for q in rows], name="티커"))
    return frame.astype("int64")


def by_date(code: str) -> pd.DataFrame:
    """get_market_cap(from, to, ticker): 날짜 (a DatetimeIndex) -> 시가총액, 거래량, 거래대금, 상장주식수."""
    rows = [next(q for q in quotes(day) if q.code == code) for day in DAYS]
    return pd.DataFrame({"시가총액": [q.market_cap for q in rows], "거래량": [1] * len(rows),
                         "거래대금": [q.trading_value for q in rows], "상장주식수": [1] * len(rows)},
                        index=pd.DatetimeIndex([pd.Timestamp(d) for d in DAYS], name="날짜"))


CONSTITUENTS = pd.DataFrame({"code": CODES, "name": [f"종목{c}" for c in CODES],
                             "market": ["KOSDAQ" if c == "0015G0" else "KOSPI" for c in CODES]})


def test_frames_by_ticker_give_the_verdicts_of_the_files(tmp_path: Path) -> None:
    product_file = build(tmp_path)
    from_files = evaluate(Loader(root=str(tmp_path)).load_product(str(product_file)), load_rulebook())
    index = index_from_frames("시험 지수", CONSTITUENTS, {day: by_ticker(day) for day in DAYS})
    from_frames = evaluate(with_data(Loader(root=str(tmp_path)).load_product(str(product_file)), index=index), load_rulebook())
    assert verdicts(from_frames) == verdicts(from_files)


def test_frames_by_date_give_the_same_index(tmp_path: Path) -> None:
    first = index_from_frames("시험 지수", CONSTITUENTS, {day: by_ticker(day) for day in DAYS})
    second = index_from_frames("시험 지수", CONSTITUENTS, {code: by_date(code) for code in CODES})
    assert {c: (s.dates, s.market_cap_krw, s.trading_value_krw) for c, s in first.series.items()} == \
           {c: (s.dates, s.market_cap_krw, s.trading_value_krw) for c, s in second.series.items()}
    assert type(first.series["005930"].market_cap_krw[0]) is int  # exact, as a file's whole amounts


def pdf_frame(newer: bool = True) -> pd.DataFrame:
    """get_etf_portfolio_deposit_file: 계약수 float64, 금액 int64, 비중 float32 (구성종목명, 시가총액 newer)."""
    codes = [*CODES, "KR4101R60000", "KRD010010001"]
    data = {"계약수": [12.22] + [100.0] * (len(CODES) - 1) + [-3.58, 0.0],
            "금액": [674_806_000] + [20_000_000] * (len(CODES) - 1) + [-375_184_000, 0],
            "비중": [31.74] * len(codes)}
    if newer:
        data = {"구성종목명": [f"종목{c}" for c in CODES] + ["코스피200 F 202412", "원화예금"], **data,
                "시가총액": [0] * len(CODES) + [0, 38_000_000]}
    frame = pd.DataFrame(data, index=pd.Index(codes, name="티커"))
    return frame.astype({"계약수": "float64", "금액": "int64", "비중": "float32"})


def test_a_pdf_frame_is_read_exactly() -> None:
    pdf = {h.code: h for h in pdf_from_frame(pdf_frame())}
    assert pdf["005930"].quantity == Decimal("12.22") and pdf["005930"].value_krw == 674_806_000
    assert pdf["KR4101R60000"].quantity == Decimal("-3.58") and pdf["KR4101R60000"].value_krw == -375_184_000
    assert pdf["KRD010010001"].value_krw == 38_000_000 and pdf["KRD010010001"].quantity == 0
    assert pdf["KRD010010001"].name == "원화예금"
    older = {h.code: h for h in pdf_from_frame(pdf_frame(newer=False))}
    assert older["005930"].name == "005930" and older["KRD010010001"].value_krw is None


def test_a_pdf_frame_gives_the_linked_share_and_the_coverage(tmp_path: Path) -> None:
    product = Loader(root=str(tmp_path)).load_product(str(build(tmp_path)))
    frame = pdf_frame()
    frame.loc["KRD010010001", "계약수"] = 38_000_000.0
    checked = with_data(product, pdf=pdf_from_frame(frame, linked=["KR4101R60000"]))
    report = evaluate(checked, load_rulebook())
    results = {r.rule.id: r for r in report.results}
    assert results["krx.pdf.constituent_coverage"].status == "pass"
    index_value = 674_806_000 + 20_000_000 * (len(CODES) - 1)
    assert results["krx.pdf.linked_assets"].observed == Decimal(index_value) / Decimal(index_value + 38_000_000)


def test_a_pdf_frame_in_isins_and_an_index_issue_held_short(tmp_path: Path) -> None:
    product = Loader(root=str(tmp_path)).load_product(str(build(tmp_path)))
    frame = pdf_frame().rename(index={"005930": "KR7005930003"})
    assert "005930" in {h.code for h in with_data(product, pdf=pdf_from_frame(frame)).pdf or ()}
    frame.loc["000660", "계약수"] = -1.0
    with pytest.raises(InputError, match="get_etf_portfolio_deposit_file:3:1: quantity: 종목000660 .000660. is an index issue"):
        with_data(product, pdf=pdf_from_frame(frame))


def test_a_frame_without_its_columns_is_refused_naming_them() -> None:
    with pytest.raises(InputError, match="the column 시가총액 is missing; the columns found: 종가"):
        index_from_frames("시험 지수", CONSTITUENTS, {DAYS[0]: by_ticker(DAYS[0])[["종가"]]})


def test_a_constituent_missing_from_the_frames_is_named() -> None:
    frames = {day: by_ticker(day).drop(index="0015G0") for day in DAYS}
    with pytest.raises(InputError, match=r"constituents:4:1: 종목0015G0 \(0015G0\) is in none of the frames"):
        index_from_frames("시험 지수", CONSTITUENTS, frames)


def test_the_core_does_not_import_pandas() -> None:
    code = ("import sys, etf_listing, etf_listing.cli, etf_listing.loading.load, etf_listing.evaluation; "
            "etf_listing.load_rulebook(); print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def with_cap(value: object) -> dict[dt.date, pd.DataFrame]:
    """The frames by ticker with 005930's market cap on the last day replaced by ``value`` (an object column)."""
    frames = {day: by_ticker(day) for day in DAYS}
    last = frames[DAYS[-1]].astype(object)
    last.loc["005930", "시가총액"] = value
    frames[DAYS[-1]] = last
    return frames


@pytest.mark.parametrize("text, message", [
    ("nan", "'nan' is not a finite number"), ("inf", "'inf' is not a finite number"),
    ("-Infinity", "'-Infinity' is not a finite number"), ("1e99999999", "'1e99999999' is too large"), ("1.5E+10", "spreadsheet's scientific notation"),
    ("1" * 31, "is too large: at most 30 digits"), ("1,0,0", "'1,0,0' is not a number"),
    ("0." + "0" * 30 + "1", "has too many decimal places")])
def test_a_text_cell_is_read_as_a_files_cell_is(text: str, message: str) -> None:
    with pytest.raises(InputError, match=f"get_market_cap {DAYS[-1]}:2:1: 시가총액: .*{message}"):
        index_from_frames("시험 지수", CONSTITUENTS, with_cap(text))


@pytest.mark.parametrize("number", [float("inf"), Decimal("NaN"), 10 ** 31, 1e300, Decimal("1E+99999999")])
def test_a_number_out_of_a_files_bounds_is_refused(number: object) -> None:
    with pytest.raises(InputError, match=f"get_market_cap {DAYS[-1]}:2:1: 시가총액: .*(not a finite number|too large)"):
        index_from_frames("시험 지수", CONSTITUENTS, with_cap(number))


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, "-", " "])
def test_a_missing_figure_is_not_given(missing: object) -> None:
    with pytest.raises(InputError, match=f"get_market_cap {DAYS[-1]}:2:1: 005930: no market cap or trading value on {DAYS[-1]}"):
        index_from_frames("시험 지수", CONSTITUENTS, with_cap(missing))


def test_pandas_na_in_a_nullable_column_is_not_given() -> None:
    frames = {day: by_ticker(day) for day in DAYS}
    frames[DAYS[-1]] = frames[DAYS[-1]].astype({"시가총액": "Int64"})
    frames[DAYS[-1]].loc["005930", "시가총액"] = pd.NA
    with pytest.raises(InputError, match="005930: no market cap or trading value"):
        index_from_frames("시험 지수", CONSTITUENTS, frames)


def test_a_text_figure_within_bounds_reads_as_in_a_file() -> None:
    exact = by_ticker(DAYS[-1]).loc["005930", "시가총액"]
    for text in (f"{exact:,}", f" {exact} ", f"{exact}.00"):
        index = index_from_frames("시험 지수", CONSTITUENTS, with_cap(text))
        assert index.series["005930"].market_cap_krw[-1] == exact


def test_a_constituent_listed_twice_is_refused_not_counted_twice() -> None:
    frames = {day: by_ticker(day) for day in DAYS}
    twice = pd.concat([CONSTITUENTS, CONSTITUENTS.iloc[[0]]], ignore_index=True)
    last = len(CONSTITUENTS) + 2
    with pytest.raises(InputError, match=rf"constituents:{last}:1: the code 005930 is listed twice \(first at line 2\)"):
        index_from_frames("시험 지수", twice, frames)
    respelt = [*CONSTITUENTS.to_dict("records"), {"code": "A005930", "name": "삼성전자", "market": "KOSPI"}]
    with pytest.raises(InputError, match=rf"constituents:{last}:1: the code 005930 is listed twice"):
        index_from_frames("시험 지수", respelt, frames)
    unmarketed = [{"code": "005930", "name": "삼성전자"}, *CONSTITUENTS.to_dict("records")]
    with pytest.raises(InputError) as refused:
        index_from_frames("시험 지수", unmarketed, frames)
    assert [p.location.line for p in refused.value.problems] == [2]  # that row is refused, not listed twice


def test_a_pdf_frame_listing_a_code_twice_is_refused(tmp_path: Path) -> None:
    frame = pdf_frame()
    twice = pd.concat([frame, frame.loc[["000660"]]])
    with pytest.raises(InputError, match=rf"get_etf_portfolio_deposit_file:{len(frame) + 2}:1: the code 000660 is "
                                         r"listed twice in the PDF \(first at line 3\)"):
        pdf_from_frame(twice)
    product = Loader(root=str(tmp_path)).load_product(str(build(tmp_path)))
    pdf = pdf_from_frame(frame)
    with pytest.raises(InputError, match="the code 005930 is listed twice in the PDF"):
        with_data(product, pdf=[*pdf, pdf[0]])


@pytest.mark.parametrize("code, values, message", [
    ("000660", {"금액": float("nan"), "시가총액": float("nan")}, "the row gives neither a quantity nor an amount"),
    ("KRD010010001", {"금액": None, "시가총액": 0}, "the row gives neither a quantity nor an amount"),
    ("000660", {}, "a share's row gives an amount but no quantity"),
    ("KR7000660001", {}, "a share's row gives an amount but no quantity")])
def test_a_pdf_row_without_a_quantity_is_refused_as_in_a_file(code: str, values: dict[str, object], message: str) -> None:
    frame = pdf_frame().astype(object).rename(index={"000660": "KR7000660001"} if code != "000660" else {})
    frame.loc[code, "계약수"] = float("nan")
    for column, value in values.items():
        frame.loc[code, column] = value
    line = list(frame.index).index(code) + 2
    with pytest.raises(InputError, match=rf"get_etf_portfolio_deposit_file:{line}:1: 계약수: .*\({code}\): {message}"):
        pdf_from_frame(frame)


def test_a_pdf_row_of_cash_without_a_quantity_is_held_at_its_amount() -> None:
    frame = pdf_frame()
    frame.loc["KRD010010001", "계약수"] = float("nan")
    cash = {h.code: h for h in pdf_from_frame(frame)}["KRD010010001"]
    assert cash.quantity == cash.value_krw == 38_000_000


@pytest.mark.parametrize("spell", [lambda d: d.strftime("%Y%m%d"), lambda d: d.isoformat(), pd.Timestamp,
                                   lambda d: int(d.strftime("%Y%m%d")), lambda d: pd.Timestamp(d).to_datetime64()])
def test_frames_keyed_by_dates_written_as_text_give_the_same_index(spell: Any) -> None:
    first = index_from_frames("시험 지수", CONSTITUENTS, {day: by_ticker(day) for day in DAYS})
    second = index_from_frames("시험 지수", CONSTITUENTS, {spell(day): by_ticker(day) for day in DAYS})
    assert {c: (s.dates, s.market_cap_krw) for c, s in first.series.items()} == \
           {c: (s.dates, s.market_cap_krw) for c, s in second.series.items()}


@pytest.mark.parametrize("odd", [5930, 20241399, None])
def test_a_key_that_is_no_date_nor_text_among_dates_is_refused(odd: Any) -> None:
    frames: dict[Any, pd.DataFrame] = {day: by_ticker(day) for day in DAYS}
    frames[odd] = by_ticker(DAYS[0])
    with pytest.raises(InputError, match=f"the key {odd!r} is not a date"):
        index_from_frames("시험 지수", CONSTITUENTS, frames)


def test_a_key_that_is_no_date_among_dates_is_refused_not_taken_for_a_ticker() -> None:
    # taken for a ticker that no constituent has, its day was dropped from every window in silence
    frames: dict[Any, pd.DataFrame] = {day: by_ticker(day) for day in DAYS[:-1]}
    frames[f"{DAYS[-1]:%Y-%m-%d}x"] = by_ticker(DAYS[-1])
    with pytest.raises(InputError) as caught:
        index_from_frames("시험 지수", CONSTITUENTS, frames)
    assert [str(p) for p in caught.value.problems] == [
        f"get_market_cap {DAYS[-1]:%Y-%m-%d}x:1:1: the key '{DAYS[-1]:%Y-%m-%d}x' is not a date, where the other frames are keyed by date "
        "(key each get_market_cap(date) frame by its date: 2024-10-31 or 20241031)"]


def test_the_creation_cash_row_is_left_out_as_in_a_file() -> None:
    # 설정현금액: the cash paid in for a creation unit; the cash held is 원화예금's own row
    frame = pd.concat([pdf_frame(), pd.DataFrame({"구성종목명": ["설정현금액"], "계약수": [0.0], "금액": [0], "비중": [0.0],
                                                  "시가총액": [1_000_000]}, index=pd.Index(["CASH00000001"], name="티커"))])
    assert [h.code for h in pdf_from_frame(frame)] == [h.code for h in pdf_from_frame(pdf_frame())]


@pytest.mark.parametrize("missing", [float("nan"), None, pd.NA, "  "])
def test_a_name_not_given_is_no_name_not_the_text_nan(missing: object) -> None:
    # a constituent or a PDF row whose name pandas left out is named by its code, as in a file
    # without names, never "nan" in a report
    constituents = CONSTITUENTS.astype(object)
    constituents.loc[0, "name"] = missing
    index = index_from_frames("시험 지수", constituents, {day: by_ticker(day) for day in DAYS})
    assert index.constituents[0].name == CODES[0]
    frame = pdf_frame().astype(object)
    frame.loc["005930", "구성종목명"] = missing
    assert {h.code: h.name for h in pdf_from_frame(frame)}["005930"] == "005930"


def test_a_market_is_read_in_the_spellings_a_file_s_cell_is_read_in() -> None:
    # KRX writes 유가증권시장 and 코스닥; a frame's market names the market as a file's cell does,
    # and a name the tool does not know is refused at its row, never failed by the market rule
    spelt = CONSTITUENTS.assign(market=["코스닥" if c == "0015G0" else "유가증권시장" for c in CODES])
    frames = {day: by_ticker(day) for day in DAYS}
    assert [c.market for c in index_from_frames("시험 지수", spelt, frames).constituents] == list(CONSTITUENTS["market"])
    unknown = CONSTITUENTS.assign(market=["KOSDQ" if c == "0015G0" else "KOSPI" for c in CODES])
    line = CODES.index("0015G0") + 2
    with pytest.raises(InputError, match=rf"constituents:{line}:1: market: 'KOSDQ' is not a market the tool knows \(did you mean 'KOSDAQ'"):
        index_from_frames("시험 지수", unknown, frames)


def test_a_code_market_or_sector_not_given_is_not_the_text_nan() -> None:
    frames = {day: by_ticker(day) for day in DAYS}
    unsectored = CONSTITUENTS.assign(sector=["IT"] * (len(CODES) - 1) + [float("nan")])
    assert index_from_frames("시험 지수", unsectored, frames).constituents[-1].sector is None  # no sector "nan"
    for column in ("code", "market"):
        blank = CONSTITUENTS.astype(object)
        blank.loc[1, column] = float("nan")
        with pytest.raises(InputError, match="constituents:3:1: a constituent needs its code and market"):
            index_from_frames("시험 지수", blank, frames)
