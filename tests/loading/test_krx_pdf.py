"""An ETF's PDF read as the KRX portal publishes it (screen 13108), and the share of the
portfolio linked to the index computed from its valuation amounts.

The downloads are synthetic, written by tests/krx_shapes.py in the published layout: CP949,
every field quoted, thousands separators, ``-`` for a figure not given, negative amounts (short
futures, payables), ISINs and the 설정현금액 row, as the portal's own PDF of an inverse ETF shows.
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from etf_listing.errors import InputError
from etf_listing.evaluation import Report, evaluate
from etf_listing.loading.load import Loader
from etf_listing.rulebook import load_rulebook
from tests.builders import check, holding, index, product, result, stock
from tests.krx_shapes import PdfRow, Shape, pdf_text

CODES = ["005930", "000660", "0015G0", *(f"{100000 + i:06d}" for i in range(7))]
CONSTITUENTS = [stock(c, name=f"종목{c}") for c in CODES]

INDEX_ROWS = [PdfRow("KR7005930003", "종목005930", Decimal("8140.00"), 674_806_000, 690_272_000, "31.74"),
              PdfRow("000660", "종목000660", 968, 136_004_000, 136_488_000, "6.28"),
              PdfRow("0015G0", "종목0015G0", 10, 10_000_000, None, None),
              *(PdfRow(f"{100000 + i:06d}", f"종목{100000 + i:06d}", 100, 20_000_000, None) for i in range(7))]
INDEX_VALUE = 674_806_000 + 136_004_000 + 10_000_000 + 7 * 20_000_000  # 960,810,000


def folder_with(tmp_path: Path, rows: list[PdfRow], shape: Shape = Shape(), **fields: Any) -> Path:
    """A product whose PDF is a 13108 download of ``rows``; ``fields`` go into the product file."""
    from tests.builders import write
    tmp_path.mkdir(parents=True, exist_ok=True)
    linked = fields.pop("linked", None)
    document = product(index(CONSTITUENTS), pdf=None, **fields)
    path = write(tmp_path, document)
    (tmp_path / "pdf_krx.csv").write_bytes(pdf_text(rows, shape))
    spec = "{format: krx-pdf, file: pdf_krx.csv" + (f", linked: {linked}" if linked else "") + "}"
    text = path.read_text(encoding="utf-8").replace("pdf: null", f"pdf: {spec}")
    path.write_text(text, encoding="utf-8")
    return path


def report(path: Path) -> Report:
    return evaluate(Loader(root=str(path.parent)).load_product(str(path)), load_rulebook())


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        Loader(root=str(path.parent)).load_product(str(path))
    return [str(p).replace(str(path.parent) + os.sep, "") for p in caught.value.problems]


def test_the_portal_shape_is_read_row_by_row(tmp_path: Path) -> None:
    rows = INDEX_ROWS + [PdfRow("KR4101R60000", "코스피200 F 202412", Decimal("-3.58"), -375_184_000, None),
                         PdfRow("KRD010010001", "원화예금", None, None, 388_739_133),
                         PdfRow("CASH00000001", "설정현금액", None, None, 388_739_133)]
    pdf = Loader(root=str(tmp_path)).load_product(str(folder_with(tmp_path, rows))).pdf
    assert pdf is not None
    held = {h.code: h for h in pdf}
    assert "CASH00000001" not in held  # the cash paid in for a unit, not a holding: counted once as 원화예금
    assert held["005930"].quantity == Decimal("8140.00") and held["005930"].value_krw == 674_806_000  # from its ISIN
    assert held["KR4101R60000"].quantity == Decimal("-3.58") and held["KR4101R60000"].value_krw == -375_184_000
    assert held["KRD010010001"].quantity == 388_739_133 and held["KRD010010001"].value_krw == 388_739_133
    assert held["0015G0"].value_krw == 10_000_000
    assert str(held["000660"].location) == f"{tmp_path / 'pdf_krx.csv'}:3:1"


@pytest.mark.parametrize("shape", [Shape(), Shape(encoding="utf-8", quoted=False), Shape(encoding="utf-8-sig", separators=True)],
                         ids=["CP949 quoted", "UTF-8 plain", "UTF-8 BOM with separators"])
def test_the_linked_share_is_computed_from_the_valuation_amounts(tmp_path: Path, shape: Shape) -> None:
    cash = INDEX_VALUE * 5 // 95  # index issues 95% of the assets, less a won for the rounding down
    rows = INDEX_ROWS + [PdfRow("KRD010010001", "원화예금", None, None, cash),
                         PdfRow("KRD010010001X", "미지급금", None, -50_000_000, None)]
    linked = result(report(folder_with(tmp_path, rows, shape)), "krx.pdf.linked_assets")
    assert linked.status == "pass"
    assert linked.observed == Decimal(INDEX_VALUE) / Decimal(INDEX_VALUE + cash)
    # (just above 95%: written with the places that keep it off the threshold, as the figure is)
    assert "linked_assets_ratio: -; from the PDF's valuation amounts: 95.00000003%" in linked.message["en"]


def test_a_portfolio_below_the_threshold_fails_naming_what_is_not_linked(tmp_path: Path) -> None:
    rows = INDEX_ROWS + [PdfRow("KRD010010001", "원화예금", None, None, INDEX_VALUE // 10)]  # 90.9%
    linked = result(report(folder_with(tmp_path, rows)), "krx.pdf.linked_assets")
    assert linked.status == "fail" and [i.identity["code"] for i in linked.items] == ["KRD010010001"]
    assert "from the PDF's valuation amounts: 90.91%" in linked.message["en"]


def test_futures_the_product_marks_as_linked_count_as_linked(tmp_path: Path) -> None:
    futures = [PdfRow("KR4101R60000", "코스피200 F 202412", 14, 1_000_000_000, None),
               PdfRow("KRD010010001", "원화예금", None, None, 30_000_000)]
    unmarked = result(report(folder_with(tmp_path / "a", INDEX_ROWS + futures)), "krx.pdf.linked_assets")
    marked = result(report(folder_with(tmp_path / "b", INDEX_ROWS + futures, linked="[KR4101R60000]")),
                    "krx.pdf.linked_assets")
    assert unmarked.status == "fail" and marked.status == "pass"
    assert marked.observed == Decimal(INDEX_VALUE + 1_000_000_000) / Decimal(INDEX_VALUE + 1_030_000_000)


def test_a_ratio_given_by_hand_is_the_one_judged(tmp_path: Path) -> None:
    rows = INDEX_ROWS + [PdfRow("KRD010010001", "원화예금", None, None, INDEX_VALUE)]  # 50% by valuation
    linked = result(report(folder_with(tmp_path, rows, linked_assets_ratio="0.97")), "krx.pdf.linked_assets")
    assert linked.status == "pass" and linked.observed == Decimal("0.97")
    assert "linked_assets_ratio: 97.00%; from the PDF's valuation amounts: 50.00%" in linked.message["en"]


def test_a_row_without_a_valuation_makes_the_computed_share_an_error_naming_it(tmp_path: Path) -> None:
    rows = INDEX_ROWS + [PdfRow("KRD010010001", "원화예금", 5, None, None)]
    linked = result(report(folder_with(tmp_path, rows)), "krx.pdf.linked_assets")
    assert linked.status == "error" and "원화예금 (KRD010010001): value_krw is not given" in linked.message["en"]


def test_an_index_issue_held_short_in_a_krx_pdf_is_refused_at_its_cell(tmp_path: Path) -> None:
    rows = list(INDEX_ROWS)
    rows[1] = PdfRow("000660", "종목000660", -968, -136_004_000, None)
    found = problems(folder_with(tmp_path, rows))
    column = len('"000660","종목000660",') + 1
    assert found == [f"pdf_krx.csv:3:{column}: quantity: 종목000660 (000660) is an index issue; its quantity -968 cannot be "
                     "negative (an index issue is held (above 0) or not (0); only other rows (futures, cash, payables) may be negative)"]


def test_a_row_with_neither_a_quantity_nor_an_amount_is_refused_whatever_it_holds(tmp_path: Path) -> None:
    """Futures or cash the PDF lists without a figure are not "not held" either: the linked share
    would be judged as if the portfolio held index issues alone."""
    rows = INDEX_ROWS + [PdfRow("KR4101R60000", "코스피200 F 202412", None, None, None),
                         PdfRow("KRD010010001", "원화예금", None, None, 388_739_133)]
    column = len('"KR4101R60000","코스피200 F 202412",') + 1
    assert problems(folder_with(tmp_path, rows)) == [
        f"pdf_krx.csv:12:{column}: 주식수(계약수): 코스피200 F 202412 (KR4101R60000): the row gives neither a quantity "
        "nor an amount (the download names the holding but gives no figure for it: download the PDF again, or write "
        "its quantity (0 when it is not held))"]


@pytest.mark.parametrize("code", ["KR7005930003", "005930", "KR7005931001"])
def test_a_share_s_row_with_an_amount_but_no_quantity_is_refused(tmp_path: Path, code: str) -> None:
    """Only cash is held at its amount: a share's amount read as its quantity would count 24,600,000
    shares held, and the coverage rules would pass on a PDF that says nothing of the shares."""
    rows = [PdfRow(code, "삼성전자", None, 24_600_000, None) if r.code in ("005930", "KR7005930003") else r
            for r in INDEX_ROWS]
    (found,) = problems(folder_with(tmp_path, rows))
    assert f"삼성전자 ({code}): a share's row gives an amount but no quantity" in found


def test_a_daily_download_given_as_a_pdf_is_named_as_such(tmp_path: Path) -> None:
    path = folder_with(tmp_path, INDEX_ROWS)
    (tmp_path / "pdf_krx.csv").write_bytes('"종목코드","종목명","시장구분","종가","거래대금","시가총액"\r\n'.encode("cp949"))
    assert problems(path) == ["pdf_krx.csv:1:1: this looks like an all-issue daily download (screen 12001), not an ETF's "
                              "PDF (screen 13108) (pdf with format: krx-pdf reads the PDF download of screen 13108)"]


def test_a_missing_pdf_column_is_named_with_the_columns_found(tmp_path: Path) -> None:
    path = folder_with(tmp_path, INDEX_ROWS)
    (tmp_path / "pdf_krx.csv").write_bytes('"종목코드","구성종목명","평가금액"\r\n"005930","삼성전자","1"\r\n'.encode("cp949"))
    (found,) = problems(path)
    assert found.startswith("pdf_krx.csv:1:1: the column 주식수(계약수) is missing; the columns found: 종목코드, 구성종목명, 평가금액")


def test_the_same_pdf_in_our_own_format_gives_the_same_verdicts(tmp_path: Path) -> None:
    """value_krw and linked are optional columns of the documented PDF format."""
    rows = INDEX_ROWS + [PdfRow("KR4101R60000", "코스피200 F 202412", 2, 40_000_000, None),
                         PdfRow("KRD010010001", "원화예금", None, None, 30_000_000)]
    krx = report(folder_with(tmp_path / "krx", rows, linked="[KR4101R60000]"))
    ours_rows = [holding("005930", "8140.00", "종목005930") | {"value_krw": 674_806_000},
                 holding("000660", 968, "종목000660") | {"value_krw": 136_004_000},
                 holding("0015G0", 10, "종목0015G0") | {"value_krw": 10_000_000},
                 *(holding(f"{100000 + i:06d}", 100, f"종목{100000 + i:06d}") | {"value_krw": 20_000_000} for i in range(7)),
                 holding("KR4101R60000", 2, "코스피200 F 202412") | {"value_krw": 40_000_000, "linked": True},
                 holding("KRD010010001", 30_000_000, "원화예금") | {"value_krw": 30_000_000}]
    (tmp_path / "ours").mkdir()
    ours = check(tmp_path / "ours", product(index(CONSTITUENTS), pdf=ours_rows), layout="inline")
    assert [(r.rule.id, r.status, str(r.observed), r.message["en"]) for r in krx.results] == \
           [(r.rule.id, r.status, str(r.observed), r.message["en"]) for r in ours.results]
    assert result(krx, "krx.pdf.linked_assets").status == "pass"


@pytest.mark.parametrize("cash, status", [(5, "pass"), (6, "fail")])
def test_the_linked_share_at_exactly_95_percent_passes(tmp_path: Path, cash: int, status: str) -> None:
    """Our own PDF format with value_krw: 95 of 100 linked passes >= 95%; 95 of 101 does not."""
    pdf = [holding(c, 1) | {"value_krw": 95 if c == "005930" else 0} for c in CODES]
    pdf.append(holding("KRD010010001", cash, "원화현금") | {"value_krw": cash})
    linked = rule_result_of(tmp_path, product(index(CONSTITUENTS), pdf=pdf))
    assert linked.status == status
    assert linked.observed == Decimal(95) / Decimal(95 + cash)


def rule_result_of(tmp_path: Path, document: dict[str, Any]) -> Any:
    return result(check(tmp_path, document, layout="inline"), "krx.pdf.linked_assets")
