"""``etf-check import``: KRX downloads (and pykrx frames saved as CSV) into the long format, with
a report of what was read. The downloads are synthetic, in the published layout (tests/krx_shapes.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from etf_listing.cli import main
from tests.krx_shapes import Quote, Shape, daily_text, long_format, trading_days, write_daily
from tests.loading.test_krx_daily import CODES, build, quotes, report, verdicts

DAYS = trading_days(dt.date(2024, 10, 28), dt.date(2024, 10, 31))


def test_a_folder_of_downloads_becomes_the_long_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for day in DAYS:
        write_daily(tmp_path / "krx", day, quotes(day), Shape())
    assert main(["import", str(tmp_path / "krx")]) == 0
    out, err = capsys.readouterr()
    assert out == long_format({d: sorted(quotes(d), key=lambda q: q.code) for d in DAYS})
    assert err.splitlines()[0] == "4 file(s), 4 date(s) (2024-10-28 – 2024-10-31): 56 rows read, 56 kept, 0 left out"


def test_only_the_index_constituents_are_kept_and_the_rest_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    product = build(tmp_path, days=DAYS)
    output = tmp_path / "market_data.csv"
    assert main(["import", str(tmp_path / "index" / "krx"), "--index", str(tmp_path / "index" / "index.yaml"),
                 "--output", str(output)]) == 0
    out, _ = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == f"4 file(s), 4 date(s) (2024-10-28 – 2024-10-31): 56 rows read, 48 kept, 8 left out -> {output}"
    assert lines[1] == "  not a constituent: 8"
    assert lines[2].endswith("20241028.csv  2024-10-28  rows 14, kept 12 (not a constituent 2)")
    text = output.read_text(encoding="utf-8")
    assert text == long_format({d: sorted((q for q in quotes(d) if q.code in CODES), key=lambda q: q.code) for d in DAYS})
    assert product.exists()


def test_the_imported_file_gives_the_verdicts_of_the_downloads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    product = build(tmp_path / "krx")
    krx = report(product)
    index = tmp_path / "krx" / "index"
    assert main(["import", str(index / "krx"), "--index", str(index / "index.yaml"), "--output", str(index / "market_data.csv")]) == 0
    (index / "index.yaml").write_text((index / "index.yaml").read_text(encoding="utf-8").replace(
        '{format: krx-daily, files: "krx/*.csv"}', "market_data.csv"), encoding="utf-8")
    assert verdicts(report(product)) == verdicts(krx)


def test_a_row_without_a_figure_is_left_out_and_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    day = DAYS[0]
    rows = quotes(day)[:2] + [Quote("0099X0", "신규상장", "KOSDAQ", 0, 0)]
    path = write_daily(tmp_path / "krx", day, rows, Shape(encoding="utf-8", quoted=False))
    path.write_text(path.read_text(encoding="utf-8").replace("0099X0,신규상장,KOSDAQ,,10000,100,1.01,10000,10000,10000,0,0,0,1",
                                                             "0099X0,신규상장,KOSDAQ,,-,-,-,-,-,-,-,-,-,-"), encoding="utf-8")
    assert main(["import", str(tmp_path / "krx")]) == 0
    out, err = capsys.readouterr()
    assert "0099X0" not in out and "  no figure ('-'): 1" in err.splitlines()


@pytest.mark.parametrize("index", [False, True], ids=["whole market", "--index"])
def test_a_code_that_lost_its_leading_zeros_is_refused_naming_the_code_meant(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], index: bool) -> None:
    """A download saved through a spreadsheet (unquoted, 005930 -> 5930): every code of a KRX
    download has six characters, so it is never written on as 5930, nor left out in silence."""
    build(tmp_path, days=DAYS[:1])
    path = next((tmp_path / "index" / "krx").glob("*.csv"))
    path.write_bytes(daily_text(quotes(DAYS[0]), Shape(encoding="utf-8", quoted=False)).replace(b"\r\n005930,", b"\r\n5930,"))
    output = tmp_path / "out.csv"
    named = ["--index", str(tmp_path / "index" / "index.yaml")] if index else []
    assert main(["import", str(tmp_path / "index" / "krx"), *named, "--output", str(output)]) == 2
    out, err = capsys.readouterr()
    what = "a code of the index" if index else "a KRX short code"
    assert out == "" and err == (f"{path}:2:1: 종목코드: '5930' is not {what}; did you mean 005930? (a spreadsheet drops "
                                 "the leading zeros of a code it takes for a number: keep the column as text)\n")
    assert not output.exists()


def test_pykrx_frames_saved_as_csv_are_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """get_market_cap(date) saved with to_csv (indexed by 티커, dated by the file's name) and
    get_market_cap(from, to, ticker) (indexed by 날짜, the ticker in the file's name)."""
    (tmp_path / "frames").mkdir()
    (tmp_path / "frames" / "20241031.csv").write_text(
        "티커,종가,시가총액,거래량,거래대금,상장주식수\n000660,180000,131000000000000,3000000,540000000000,728002365\n",
        encoding="utf-8")
    (tmp_path / "frames" / "005930.csv").write_text(
        "날짜,시가총액,거래량,거래대금,상장주식수\n2024-10-31,350000000000000,10000000,600000000000,5969782550\n"
        "2024-10-30,352000000000000,11000000,650000000000,5969782550\n", encoding="utf-8")
    assert main(["import", str(tmp_path / "frames")]) == 0
    out, _ = capsys.readouterr()
    assert out == ("date,code,market_cap_krw,trading_value_krw\n2024-10-30,005930,352000000000000,650000000000\n"
                   "2024-10-31,000660,131000000000000,540000000000\n2024-10-31,005930,350000000000000,600000000000\n")


FRAME_HEADER = "날짜,시가총액,거래량,거래대금,상장주식수\n"


def test_a_per_issue_frame_with_two_rows_for_one_date_is_refused_at_the_second(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "000270.csv").write_text(FRAME_HEADER + "2024-10-31,100,1,10,5\n", encoding="utf-8")
    (tmp_path / "005930.csv").write_text(FRAME_HEADER + "2024-10-30,100,1,10,5\n2024-10-31,200,1,20,5\n"
                                                        "2024-10-31,300,1,30,5\n", encoding="utf-8")
    assert main(["import", str(tmp_path / "000270.csv"), str(tmp_path / "005930.csv")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == f"{tmp_path / '005930.csv'}:4:1: 005930 has two rows for 2024-10-31 (first at line 3)\n"


def test_an_issue_s_day_in_two_files_is_refused_naming_both(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    day = dt.date(2024, 10, 31)
    write_daily(tmp_path / "krx", day, quotes(day), Shape(encoding="utf-8", quoted=False))
    line = 2 + [q.code for q in quotes(day)].index("005930")  # its row in the download
    (tmp_path / "frames").mkdir()
    (tmp_path / "frames" / "005930.csv").write_text(FRAME_HEADER + "2024-10-30,100,1,10,5\n2024-10-31,200,1,20,5\n",
                                                    encoding="utf-8")
    assert main(["import", str(tmp_path / "krx"), str(tmp_path / "frames")]) == 2
    assert capsys.readouterr().err == (
        f"{tmp_path / 'frames' / '005930.csv'}:3:1: 005930 has rows for 2024-10-31 in two files (the other: "
        f"{tmp_path / 'krx' / '20241031.csv'}:{line}:1; 1 such day(s) and issue(s)) (give each issue's day once: "
        "in one daily download or one per-issue frame)\n")


def test_the_summary_counts_the_dates_a_per_issue_frame_gives(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "000270.csv").write_text(FRAME_HEADER + "2024-10-30,-,-,-,5\n2024-10-31,100,1,10,5\n", encoding="utf-8")
    assert main(["import", str(tmp_path / "000270.csv")]) == 0
    out, err = capsys.readouterr()
    assert out == "date,code,market_cap_krw,trading_value_krw\n2024-10-31,000270,100,10\n"
    assert err.splitlines()[:2] == ["1 file(s), 2 date(s) (2024-10-30 – 2024-10-31): 2 rows read, 1 kept, 1 left out",
                                    "  no figure ('-'): 1"]


def test_a_bad_download_writes_nothing_and_says_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_daily(tmp_path / "krx", DAYS[0], quotes(DAYS[0]), Shape(), name="data.csv")
    output = tmp_path / "out.csv"
    assert main(["import", str(tmp_path / "krx"), "--output", str(output)]) == 2
    _, err = capsys.readouterr()
    assert err == (f"{tmp_path / 'krx' / 'data.csv'}:1:1: the file name carries no date, so its trading day is not known "
                   "(name each day's download by its date, YYYYMMDD: 20241031.csv or data_20241031.csv)\n")
    assert not output.exists()


@pytest.mark.parametrize("target", ["krx/20241029.csv", "index.yaml", "constituents.csv"])
def test_import_refuses_an_output_that_is_one_of_its_downloads_or_index_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str) -> None:
    build(tmp_path, days=DAYS)
    folder = tmp_path / "index"
    output = folder / target
    before = {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}
    assert main(["import", str(folder / "krx"), "--index", str(folder / "index.yaml"), "--output", str(output)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == f"{output}:1:1: is a file this run read; the report is not written over it (name another --output file)\n"
    assert {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()} == before


def test_import_refuses_an_output_that_is_a_per_issue_frame_it_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    frame = tmp_path / "005930.csv"
    frame.write_text("날짜,시가총액,거래량,거래대금,상장주식수\n2024-10-31,350000000000000,10000000,600000000000,5969782550\n",
                     encoding="utf-8")
    before = frame.read_bytes()
    assert main(["import", str(frame), "--output", str(tmp_path / "." / "005930.csv")]) == 2
    assert "005930.csv:1:1: is a file this run read" in capsys.readouterr().err and frame.read_bytes() == before


def test_an_empty_folder_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "krx").mkdir()
    assert main(["import", str(tmp_path / "krx")]) == 2
    assert "no .csv file in this folder" in capsys.readouterr().err


@pytest.mark.parametrize("named", ["folder", "file"])
def test_a_named_pipe_among_the_downloads_is_refused_not_waited_on(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                    named: str) -> None:
    import os
    import threading

    for day in DAYS[:2]:
        write_daily(tmp_path / "krx", day, quotes(day), Shape())
    pipe = tmp_path / "krx" / "20241101.csv"
    os.mkfifo(pipe)
    done, hung = threading.Event(), []

    def unblock() -> None:  # a writer for the pipe only while the run waits on it, so the test ends either way
        while not done.wait(10):
            hung.append(True)
            with open(pipe, "w"):
                pass

    watchdog = threading.Thread(target=unblock)
    watchdog.start()
    try:
        status = main(["import", str(tmp_path / "krx" if named == "folder" else pipe)])
    finally:
        done.set()
        watchdog.join()
    assert not hung and status == 2
    assert f"{pipe}:1:1: not a regular file" in capsys.readouterr().err


def test_with_index_a_constituent_without_a_figure_is_refused_as_a_check_refuses_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # left out in silence, the day was missing from that issue's window, and the imported file
    # passed where the downloads themselves are refused
    build(tmp_path, days=DAYS, shape=Shape(encoding="utf-8", quoted=False))
    index = tmp_path / "index"
    day = index / "krx" / f"{DAYS[-1]:%Y%m%d}.csv"
    lines = day.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("005930,"))
    cells = lines[at].rstrip("\n").split(",")
    lines[at] = ",".join(cells[:4] + ["-"] * (len(cells) - 4)) + "\n"
    day.write_text("".join(lines), encoding="utf-8")
    output = tmp_path / "out.csv"
    assert main(["import", str(index / "krx"), "--index", str(index / "index.yaml"), "--output", str(output)]) == 2
    _, err = capsys.readouterr()
    assert f"{day}:{at + 1}:" in err and f"no figure ('-') for 005930 on {DAYS[-1]}" in err
    assert not output.exists()
    assert main(["import", str(index / "krx")]) == 0  # the whole market: an issue that did not trade, left out
    assert "  no figure ('-'): 1" in capsys.readouterr().err.splitlines()


def test_with_index_a_download_with_none_of_the_constituents_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(tmp_path, days=DAYS)
    index = tmp_path / "index"
    write_daily(index / "krx", DAYS[1], [q for q in quotes(DAYS[1]) if q.code not in CODES], Shape())
    assert main(["import", str(index / "krx"), "--index", str(index / "index.yaml"), "--output", str(tmp_path / "o.csv")]) == 2
    assert f"no row of the index's constituents in this download for {DAYS[1]}" in capsys.readouterr().err


def test_with_index_a_per_issue_frame_without_a_figure_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(tmp_path, days=DAYS)
    frame = tmp_path / "005930.csv"
    frame.write_text(FRAME_HEADER + "2024-10-30,-,-,-,5\n2024-10-31,100,1,10,5\n", encoding="utf-8")
    assert main(["import", str(frame), "--index", str(tmp_path / "index" / "index.yaml")]) == 2
    assert f"{frame}:2:" in (err := capsys.readouterr().err) and "no figure ('-') for 005930 on 2024-10-30" in err


def test_a_figure_in_scientific_notation_is_refused_not_taken_as_exact(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a spreadsheet shows 15,049,XXX,XXX as 1.50E+10 in a narrow column and saves it so: 15bn exactly
    # is the top-85% line, a figure nobody gave
    path = write_daily(tmp_path / "krx", DAYS[0], quotes(DAYS[0])[:1], Shape(encoding="utf-8", quoted=False))
    header, row = path.read_text(encoding="utf-8").splitlines()
    cells = row.split(",")
    cells[header.split(",").index("시가총액")] = "1.50E+10"
    path.write_text(header + "\n" + ",".join(cells) + "\n", encoding="utf-8")
    assert main(["import", str(tmp_path / "krx")]) == 2
    assert "시가총액: '1.50E+10' is written in a spreadsheet's scientific notation" in capsys.readouterr().err


def test_a_per_issue_frame_places_its_issue_at_the_row_of_its_first_date(tmp_path: Path) -> None:
    """As a long-format file's issue is placed: the same row whatever the order of the frame's rows."""
    from etf_listing.loading.files import SourceFile
    from etf_listing.loading.krx import read_by_date

    days = ["2024-10-31,300,1,30,5\n", "2024-10-29,100,1,10,5\n", "2024-10-30,200,1,20,5\n"]
    for rows in (days, days[::-1], sorted(days)):
        path = tmp_path / "005930.csv"
        path.write_text(FRAME_HEADER + "".join(rows), encoding="utf-8")
        code, series, _ = read_by_date(SourceFile(str(path), str(path)), None)
        assert code == "005930" and series is not None
        assert series.dates[0] == dt.date(2024, 10, 29)
        assert rows[series.location.line - 2].startswith("2024-10-29,"), rows
