"""A PDF read from a plain file is kept as its columns (``records.Rows``), and the rules read the
columns: the reports are those of the same PDF as a tuple of holdings, whatever the rules read of
it (codes, quantities, valuations given on some rows only, rows listed as offenders), and the KRX
rulebook makes only the holdings that a report or a reason names."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from etf_listing import evaluation
from etf_listing.checker import Checker
from etf_listing.errors import InputError
from etf_listing.loading.load import Loader
from etf_listing.model import Holding, Product
from etf_listing.options import Options
from etf_listing.records import Rows
from etf_listing.reporting.json_report import report_dict
from etf_listing.rulebook import NoVersionInForce, load_rulebook
from etf_listing.summaries import forget

from ..builders import EOK, codes, holding, index, product, stock, write
from ..conftest import REPOSITORY
from .made_records import made_of

PRODUCTS = sorted(str(path.relative_to(REPOSITORY)) for folder in ("examples", "tests/bad-inputs")
                  for path in (REPOSITORY / folder).rglob("product.yaml"))

TEN = index([stock(f"{code:06d}") for code in range(1, 11)])  # (six-digit codes, as the plain reading takes)
HELD = [holding(code) for code in codes(TEN["constituents"])]
BUILT = {
    "every issue held": product(TEN),
    "the largest issues left out": product(index([stock(f"{i:06d}", market_cap=(20 - i) * 100 * EOK) for i in range(10)]),
                                           pdf=[holding(f"{i:06d}") for i in range(5, 10)]),
    # (a cash row, and the linked share given: the share from valuations is shown where it can be taken)
    "held at zero, with cash": product(TEN, linked_assets_ratio="0.99",
                                       pdf=[*HELD[:8], holding(HELD[8]["code"], 0), holding("KRW", -5, "원화현금")]),
    # (no valuation and no linked share given: the error names every row without a valuation)
    "cash, nothing valued": product(TEN, pdf=[*HELD, holding("KRW", 5, "원화현금")]),
    # (valuations on some rows only: the linked share cannot be taken, and says which rows lack one)
    "valued in part": product(TEN, pdf=[{**row, "value_krw": 10 * EOK} if i else row for i, row in enumerate(HELD)]),
    # (and on a few rows only: the many others are made at once)
    "valued in a few rows": product(TEN, pdf=[{**row, "value_krw": 10 * EOK} if i < 2 else row for i, row in enumerate(HELD)]),
    # (every row valued; futures not marked linked: the linked assets fall short, listing them)
    "not linked": product(TEN, linked_assets_ratio=None,
                          pdf=[*({**row, "value_krw": EOK} for row in HELD),
                               {**holding("FUT1", 3, "선물1"), "value_krw": 9 * EOK, "linked": False},
                               {**holding("FUT2", 2, "선물2"), "value_krw": 2 * EOK}]),
    "linked": product(TEN, linked_assets_ratio=None,
                      pdf=[*({**row, "value_krw": EOK} for row in HELD),
                           {**holding("FUT1", 3, "선물1"), "value_krw": 9 * EOK, "linked": True},
                           {**holding("KRW", 1, "원화현금"), "value_krw": 1000}]),
}


def reports(product_: Product, rulebook: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The report on the product as loaded and on its PDF as a tuple, each evaluated afresh."""
    found = []
    for pdf in (product_.pdf, tuple(product_.pdf) if product_.pdf is not None else None):
        forget()
        found.append(report_dict(evaluation.evaluate(dataclasses.replace(product_, pdf=pdf), rulebook)))
    return found[0], found[1]


def loaded(tmp_path: Path, name: str) -> Product:
    folder = tmp_path / name.replace(" ", "-").replace(",", "")
    folder.mkdir()
    file = write(folder, BUILT[name])
    pdf = folder / "pdf.csv"
    pdf.write_bytes(pdf.read_bytes().replace(b"\r\n", b"\n"))  # (lines ended as the plain reading takes them)
    return Loader().load_product(str(file))


def test_a_pdf_kept_as_columns_is_reported_as_the_tuple_of_its_holdings(in_repository: Path, tmp_path: Path) -> None:
    checker = Checker(Options(format="json"))
    columns = 0
    for file in PRODUCTS:
        try:
            product_ = Loader().load_product(file)
            rulebook = checker.rulebook_for(product_, checker.rulebook())
            rulebook.in_force(product_.as_of)
        except (InputError, NoVersionInForce):  # (a product the check refuses)
            continue
        columns += type(product_.pdf) is Rows
        as_loaded, as_tuple = reports(product_, rulebook)
        assert as_loaded == as_tuple, file
    assert columns >= 5  # (the examples' PDFs are plain files)
    statuses = set()
    for name in BUILT:
        product_ = loaded(tmp_path, name)
        assert type(product_.pdf) is Rows, name
        as_loaded, as_tuple = reports(product_, load_rulebook())
        assert as_loaded == as_tuple, name
        statuses |= {(r["rule"], r["status"]) for r in as_loaded["results"]}
    # (the cases reach what they are written for)
    assert {("krx.pdf.market_cap_coverage", "fail"), ("krx.pdf.linked_assets", "fail"), ("krx.pdf.linked_assets", "error"),
            ("krx.pdf.market_cap_coverage", "pass"), ("krx.pdf.linked_assets", "pass")} <= statuses


# The holdings each case makes: none where the rules read only columns; those a report or a reason
# names (the rows without a valuation, the futures not linked), one at a time when they are few of
# the rows, else all at once; one where a value that does not depend on the row is read on the
# first of them (``first_given``'s false).
MADE = {"every issue held": [], "the largest issues left out": [], "held at zero, with cash": [],
        "valued in part": [1], "valued in a few rows": [10], "not linked": [1, 1], "linked": [1], "cash, nothing valued": [11]}


@pytest.mark.parametrize("name", list(MADE))
def test_the_krx_rules_make_only_the_holdings_they_name(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    product_ = loaded(tmp_path, name)
    made = made_of(Holding, monkeypatch)
    forget()
    report = evaluation.evaluate(product_, load_rulebook())
    report_dict(report)
    assert made == MADE[name]
    assert product_.pdf is not None and list(product_.pdf) == [product_.pdf[i] for i in range(len(product_.pdf))]
    # (every row made once: those made by themselves are kept when the rest are made at once)
    assert made[len(MADE[name]):] == ([] if MADE[name] == [len(product_.pdf)] else [len(product_.pdf)])
