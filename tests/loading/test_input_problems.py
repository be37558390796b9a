"""Bad input never gives a traceback: file:line:column, a hint, exit status 2, other files still run."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pytest

from etf_listing.errors import InputError
from etf_listing.loading.load import Loader

Write = Callable[[str, str], Path]

INDEX = """\
kind: etf-index
schema_version: 1
name: Test index
asset_class: equity
weighting: market_cap
constituents: constituents.csv
"""
CONSTITUENTS = "code,name,market,market_cap_krw,trading_value_krw\n" + "".join(
    f"{100000 + i:06d},Issue {i},KOSPI,{1000 + i}억원,10억원\n" for i in range(12))
PRODUCT = """\
kind: etf-product
schema_version: 1
name: Test ETF
as_of: 2024-10-31
fund_form: trust
principal_krw: 100억원
units: 200000
leverage: 1
creation: in_kind
underlying:
  index: index.yaml
  license_signed: true
participants:
  - {name: A증권, authorized_participant: true, lp_contract: true}
pdf: pdf.csv
"""
PDF = "code,name,quantity\n" + "".join(f"{100000 + i:06d},Issue {i},10\n" for i in range(12))


@pytest.fixture
def product(write: Write, in_tmp: Path) -> Path:
    write("index.yaml", INDEX)
    write("constituents.csv", CONSTITUENTS)
    write("pdf.csv", PDF)
    return write("product.yaml", PRODUCT)


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        Loader().load_product(os.path.relpath(path))
    return [str(p) for p in caught.value.problems]


def test_the_valid_product_loads(product: Path) -> None:
    loaded = Loader().load_product("product.yaml")
    assert loaded.name == "Test ETF"
    assert [c.code for c in loaded.index.constituents][:2] == ["100000", "100001"]


def test_a_misspelt_field_gets_did_you_mean(product: Path) -> None:
    product.write_text(PRODUCT.replace("principal_krw:", "principle_krw:"), encoding="utf-8")
    assert problems(product) == ["product.yaml:6:1: unknown field 'principle_krw' (did you mean 'principal_krw'?)"]


def test_a_misspelt_nested_field_gets_did_you_mean(product: Path) -> None:
    product.write_text(PRODUCT.replace("license_signed:", "licence_signed:"), encoding="utf-8")
    assert problems(product) == ["product.yaml:12:3: unknown field 'licence_signed' (did you mean 'license_signed'?)"]


def test_a_missing_required_field(product: Path) -> None:
    product.write_text(PRODUCT.replace("name: Test ETF\n", ""), encoding="utf-8")
    assert problems(product) == ["product.yaml:1:1: the required field 'name' is missing"]


def test_a_wrong_choice_names_the_choices(product: Path) -> None:
    product.write_text(PRODUCT.replace("creation: in_kind", "creation: inkind"), encoding="utf-8")
    (message,) = problems(product)
    assert message.startswith("product.yaml:9:11: creation: expected 'in_kind' or 'cash'; got 'inkind'")
    assert "did you mean 'in_kind'?" in message


def test_a_wrong_type(product: Path) -> None:
    product.write_text(PRODUCT.replace("units: 200000", "units: many"), encoding="utf-8")
    (message,) = problems(product)
    assert message.startswith("product.yaml:7:8: units:")


def test_a_bad_money_string(product: Path) -> None:
    product.write_text(PRODUCT.replace("100억원", "100억달러"), encoding="utf-8")
    assert problems(product) == ["product.yaml:6:16: principal_krw: '100억달러' is not an amount of KRW"]


def test_a_yaml_syntax_error(product: Path) -> None:
    product.write_text(PRODUCT.replace("units: 200000", "units: [200000"), encoding="utf-8")
    (message,) = problems(product)
    assert message.startswith("product.yaml:") and "YAML syntax error" in message


def test_a_csv_row_with_a_bad_number_names_line_and_column(product: Path, write: Write) -> None:
    write("constituents.csv", CONSTITUENTS.replace("1003억원", "1,0,3억원", 1).replace("1004억원", "lots"))
    found = problems(product)
    assert found[0].startswith("constituents.csv:")
    assert any(p.startswith("constituents.csv:6:22: market_cap_krw: 'lots' is not an amount of KRW") for p in found)


def test_a_pdf_row_without_a_code(product: Path, write: Write) -> None:
    write("pdf.csv", PDF.replace("100003,", ",", 1))
    assert problems(product) == ["pdf.csv:5:1: code: a value is required"]


def test_a_pdf_row_with_a_negative_quantity(product: Path, write: Write) -> None:
    write("pdf.csv", PDF.replace("Issue 2,10", "Issue 2,-10"))
    assert problems(product) == ["pdf.csv:4:16: quantity: Issue 2 (100002) is an index issue; its quantity -10 cannot be negative "
                                 "(an index issue is held (above 0) or not (0); only other rows (futures, cash, payables) may be negative)"]


def test_an_unknown_csv_column(product: Path, write: Write) -> None:
    write("pdf.csv", PDF.replace("quantity", "qty", 1))
    found = problems(product)
    assert "pdf.csv:1:11: unknown column 'qty'" in found[0]
    assert "pdf.csv:1:1: the column 'quantity' is missing" in found[1]


def test_a_row_with_too_few_cells(product: Path, write: Write) -> None:
    write("pdf.csv", PDF + "999999,Extra\n")
    assert problems(product) == ["pdf.csv:14:1: this row has 2 cells; the header names 3 columns"]


def test_a_constituent_without_any_market_data(product: Path, write: Write) -> None:
    write("constituents.csv", CONSTITUENTS.replace("1005억원,10억원", ","))
    (message,) = problems(product)
    assert message.startswith("constituents.csv:7:1: Issue 5 (100005) has neither daily market data nor 3-month means")


def test_a_duplicate_constituent_code(product: Path, write: Write) -> None:
    write("constituents.csv", CONSTITUENTS + "100000,Again,KOSPI,1억원,1억원\n")
    assert problems(product) == ["constituents.csv:14:1: the code 100000 is listed twice (first at line 2)"]


@pytest.mark.parametrize("reference", ["../outside.yaml", "/etc/passwd", "https://example.com/index.yaml", "~/index.yaml"])
def test_a_path_that_leaves_the_tree_is_refused(product: Path, reference: str) -> None:
    product.write_text(PRODUCT.replace("index: index.yaml", f"index: {reference}"), encoding="utf-8")
    (message,) = problems(product)
    assert message.startswith("product.yaml:11:10: ")
    assert "root:" not in message  # nothing from the target is shown


def test_a_symbolic_link_out_of_the_tree_is_refused(product: Path, tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.csv"
    outside.write_text("secret,contents\n", encoding="utf-8")
    (tmp_path / "pdf.csv").unlink()
    (tmp_path / "pdf.csv").symlink_to(outside)
    (message,) = problems(product)
    assert message == "product.yaml:15:6: 'pdf.csv' leads outside the tree being checked (keep referenced files under the product's directory tree, or set --root)"
    assert "secret" not in message


def test_a_file_that_is_not_utf8(product: Path, write: Write) -> None:
    (product.parent / "pdf.csv").write_bytes(PDF.encode("utf-8").replace(b"Issue 1,", b"Issue \xff,"))
    (message,) = problems(product)
    assert message.startswith("pdf.csv:3:14: the file is not UTF-8 text")


def test_a_bom_and_crlf_are_accepted(product: Path) -> None:
    (product.parent / "pdf.csv").write_bytes(b"\xef\xbb\xbf" + PDF.replace("\n", "\r\n").encode())
    assert len(Loader().load_product("product.yaml").pdf or ()) == 12


def test_every_problem_in_a_file_is_reported(product: Path, write: Write) -> None:
    write("pdf.csv", PDF.replace("Issue 1,10", "Issue 1,x").replace("Issue 4,10", "Issue 4,1e999"))
    assert len(problems(product)) == 2
