"""The example of KRX-shaped downloads (examples/krx-downloads, synthetic files in the portal's
layout): from download to verdict, and the same verdicts once imported into the long format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from etf_listing.cli import main
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "krx-downloads"


def results(capsys: pytest.CaptureFixture[str], *paths: str) -> tuple[int, list[dict]]:
    status = main([*paths, "--format", "json"])
    return status, json.loads(capsys.readouterr().out)["reports"]


def test_both_example_products_are_eligible_read_from_the_downloads(in_repository: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    status, reports = results(capsys, "examples/krx-downloads/product.yaml", "examples/krx-downloads/inverse/product.yaml")
    assert status == 0
    passive, inverse = ({r["rule"]: r for r in report["results"]} for report in reports)
    assert passive["krx.pdf.linked_assets"]["observed"] == "1"  # computed from 평가금액: every asset an index issue
    assert "from the PDF's valuation amounts: 100.00%" in passive["krx.pdf.linked_assets"]["message"]
    assert passive["krx.index.eligible_market"]["status"] == "pass"  # markets from 시장구분
    assert passive["krx.pdf.constituent_coverage"]["observed"] == "1"  # ISINs read as the index's codes
    assert inverse["krx.pdf.linked_assets"]["observed"] == "1"  # given by hand


def test_the_example_imported_into_the_long_format_gives_the_same_verdicts(tmp_path: Path, in_repository: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "krx-downloads"
    shutil.copytree(EXAMPLE, copy)
    _, before = results(capsys, str(copy / "product.yaml"))
    index = copy / "index"
    assert main(["import", str(index / "krx"), "--index", str(index / "index.yaml"), "--output", str(index / "market_data.csv")]) == 0
    summary = capsys.readouterr().out.splitlines()
    assert summary[0].startswith("59 file(s), 59 date(s) (2024-08-01 – 2024-10-31): 885 rows read, 708 kept, 177 left out")
    text = (index / "index.yaml").read_text(encoding="utf-8")
    (index / "index.yaml").write_text(text.replace('{format: krx-daily, files: "krx/*.csv"}', "market_data.csv")
                                      , encoding="utf-8")
    constituents = index / "constituents.csv"
    markets = {"812040": "KOSDAQ", "812050": "KOSDAQ", "0015G0": "KOSDAQ"}
    lines = constituents.read_text(encoding="utf-8").splitlines()
    constituents.write_text("\n".join([lines[0] + ",market"] + [f"{line},{markets.get(line.split(',')[0], 'KOSPI')}"
                                                               for line in lines[1:]]) + "\n", encoding="utf-8")
    _, after = results(capsys, str(copy / "product.yaml"))
    strip = lambda reports: [(r["rule"], r["status"], r.get("observed"), r["message"]) for r in reports[0]["results"]]  # noqa: E731
    assert strip(after) == strip(before)


def test_an_index_issue_the_pdf_names_without_any_figure_is_refused_at_its_row(
        tmp_path: Path, in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """"005380","현대차","-","-","-","-": the download names the issue but gives no figure, which
    is not a quantity of 0 (not held): market_cap_coverage would fail naming it as left out."""
    copy = tmp_path / "krx-downloads"
    shutil.copytree(EXAMPLE, copy)
    pdf = copy / "pdf_20241031.csv"
    text = pdf.read_bytes().decode("cp949")
    row = next(line for line in text.splitlines() if line.startswith('"005380",'))
    pdf.write_bytes(text.replace(row, '"005380","현대차","-","-","-","-"').encode("cp949"))
    line = text.splitlines().index(row) + 1
    assert main([str(copy / "product.yaml")]) == 2
    column = len('"005380","현대차",') + 1
    assert capsys.readouterr().err == (
        f"{pdf}:{line}:{column}: 주식수(계약수): 현대차 (005380): the row gives neither a quantity nor an amount "
        "(the download names the holding but gives no figure for it: download the PDF again, or write its quantity "
        "(0 when it is not held))\n")


@pytest.mark.parametrize("rows, told", [
    ([], "no row in this download for 2024-09-02"),  # its header alone
    (['"999999","다른종목","KONEX","","100","0","0","100","100","100","1","100","1000000","10000"'],
     "no row of the index's constituents in this download for 2024-09-02"),
])
def test_a_day_s_download_without_the_index_s_rows_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               rows: list[str], told: str) -> None:
    """Read as it was, the day dropped out of every issue's window in silence (58 days, eligible)."""
    copy = tmp_path / "krx-downloads"
    shutil.copytree(EXAMPLE, copy)
    day = copy / "index" / "krx" / "20240902.csv"
    header = day.read_bytes().split(b"\n")[0]
    day.write_bytes(b"\n".join([header, *(row.encode("cp949") for row in rows)]) + b"\n")
    status = main([str(copy / "product.yaml")])
    out = capsys.readouterr().out
    assert status == 2 and f"20240902.csv:1:1: {told}" in out
