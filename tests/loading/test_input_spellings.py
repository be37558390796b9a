"""The same spellings everywhere: thousands separators, percentages, the date spellings people and
KRX's downloads use, a spreadsheet's empty rows; messages with a hint of what to write; a PDF that
lists a code twice; one cause said once."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from etf_listing.cli import main
from etf_listing.errors import InputError
from etf_listing.loading.load import Loader
from etf_listing.spellings import SpellingError, calendar_date
from tests.builders import AS_OF, EOK, daily, index, product, stock, stocks, write

from ..conftest import EXAMPLES


@pytest.mark.parametrize("written", ["2024-10-31", "2024/10/31", "2024.10.31", "20241031", 20241031,
                                     dt.date(2024, 10, 31)])
def test_a_date_in_any_accepted_spelling(written: object) -> None:
    assert calendar_date(written) == AS_OF


@pytest.mark.parametrize("written", ["2024-02-30", "2024/13/01", "31/10/2024", "2024-10", 1730332800, "yesterday"])
def test_anything_else_is_not_a_date(written: object) -> None:
    with pytest.raises(SpellingError) as raised:
        calendar_date(written)
    assert "write 2024-10-31, 2024/10/31 or 20241031" in str(raised.value)
    assert "20241031 형식으로" in raised.value.text_ko()


def load_with(tmp_path: Path, document: dict, replace: dict[str, str] | None = None):
    path = write(tmp_path, document)
    if replace:
        text = path.read_text(encoding="utf-8")
        for old, new in replace.items():
            assert old in text, old
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return Loader(root=str(tmp_path)).load_product(str(path))


@pytest.mark.parametrize("spelling", ["20241031", "2024/10/31", "'2024-10-31'"])
def test_the_evaluation_date_in_yaml_is_read_as_that_date(tmp_path: Path, spelling: str) -> None:
    """20241031 used to become 1970-08-23 (seconds since 1970), silently."""
    loaded = load_with(tmp_path, product(), {"as_of: 2024-10-31": f"as_of: {spelling}"})
    assert loaded.as_of == AS_OF


def test_market_data_dates_in_krx_spellings(tmp_path: Path) -> None:
    idx = index([stock("A", None, None)], market_data=daily("A", ("2024-08-01", 100 * EOK, EOK), ("2024-10-31", 100 * EOK, EOK)))
    write(tmp_path, product(idx))
    data = tmp_path / "index" / "market_data.csv"
    data.write_text(data.read_text(encoding="utf-8").replace("2024-08-01,", "20240801,").replace("2024-10-31,", "2024/10/31,"),
                    encoding="utf-8")
    loaded = Loader(root=str(tmp_path)).load_product(str(tmp_path / "product.yaml"))
    assert loaded.index.series["A"].dates == (dt.date(2024, 8, 1), AS_OF)


def test_as_of_on_the_command_line_in_krx_spelling(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(in_tmp, product())
    assert main(["--as-of", "20241031", "--format", "json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["reports"][0]["as_of"] == "2024-10-31"


def test_counts_and_quantities_with_thousands_separators(tmp_path: Path) -> None:
    document = product()
    loaded = load_with(tmp_path, document, {"units: 200000": "units: 200,000"})
    assert loaded.units == 200_000
    pdf = tmp_path / "pdf.csv"
    pdf.write_text(pdf.read_text(encoding="utf-8").replace("S01,보유S01,100", 'S01,보유S01,"10,000,000"'), encoding="utf-8")
    loaded = Loader(root=str(tmp_path)).load_product(str(tmp_path / "product.yaml"))
    assert loaded.pdf[0].quantity == Decimal(10_000_000)


def test_a_bad_quoted_cell_is_reported_at_its_column(tmp_path: Path) -> None:
    write(tmp_path, product())
    pdf = tmp_path / "pdf.csv"
    pdf.write_text(pdf.read_text(encoding="utf-8").replace("S01,보유S01,100", 'S01,"보유, S01","1,0"'), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        Loader(root=str(tmp_path)).load_product(str(tmp_path / "product.yaml"))
    (problem,) = raised.value.problems
    assert (problem.location.line, problem.location.column) == (2, 15)
    assert "quantity: '1,0' is not a number" in problem.message


def test_an_unquoted_number_with_separators_gets_a_hint(tmp_path: Path) -> None:
    write(tmp_path, product())
    pdf = tmp_path / "pdf.csv"
    pdf.write_text(pdf.read_text(encoding="utf-8").replace("S01,보유S01,100", "S01,보유S01,10,000"), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        Loader(root=str(tmp_path)).load_product(str(tmp_path / "product.yaml"))
    (problem,) = raised.value.problems
    assert problem.hint == 'a number with thousands separators is quoted in CSV: "10,000,000"'


@pytest.mark.parametrize("spelling, ratio", [("99.5%", Decimal("0.995")), ("0.995", Decimal("0.995")), ("95%", Decimal("0.95"))])
def test_a_ratio_as_a_share_or_a_percentage(tmp_path: Path, spelling: str, ratio: Decimal) -> None:
    document = product()
    document["linked_assets_ratio"] = Decimal("0.5")
    loaded = load_with(tmp_path, document, {"linked_assets_ratio: 0.5": f"linked_assets_ratio: {spelling}"})
    assert loaded.linked_assets_ratio == ratio


def test_a_spreadsheets_trailing_empty_rows_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, product())
    for name in ("pdf.csv", "index/constituents.csv"):
        path = tmp_path / name
        width = path.read_text(encoding="utf-8").splitlines()[0].count(",")
        path.write_text(path.read_text(encoding="utf-8") + ("," * width + "\n") * 3 + ",,\n", encoding="utf-8")
    loaded = Loader(root=str(tmp_path)).load_product(str(tmp_path / "product.yaml"))
    assert len(loaded.pdf) == 10 and len(loaded.index.constituents) == 10


@pytest.mark.parametrize("old, new, message, hint", [
    ("units: 200000", "units: 2,00,000", "units: expected a whole number, got '2,00,000'", "write 200000 or 200,000"),
    ("units: 200000", "units: true", "units: true is not a count", "write a whole number"),  # once read as 1 unit
    ("leverage: 1", "leverage: two", "leverage: expected a number, got 'two'", "write 1.5, 2 or 1,000"),
    ("as_of: 2024-10-31", "as_of: 2024-10-31T09:00:00", "as_of:", "2024-10-31"),
    ('"license_signed": true', '"license_signed": maybe', "underlying.license_signed: expected true or false, got 'maybe'",
     "write true or false"),
])
def test_english_validation_messages_say_what_to_write(tmp_path: Path, old: str, new: str, message: str,
                                                       hint: str) -> None:
    with pytest.raises(InputError) as raised:
        load_with(tmp_path, product(), {old: new})
    (problem,) = raised.value.problems
    assert problem.message.startswith(message)
    assert problem.hint is not None and hint in problem.hint
    assert "Input should be" not in problem.message
    assert problem.hint_ko


def test_a_pdf_that_lists_a_code_twice_is_an_input_error(tmp_path: Path) -> None:
    document = product()
    document["pdf"] = document["pdf"] + [document["pdf"][0]]
    with pytest.raises(InputError) as raised:
        load_with(tmp_path, document)
    (problem,) = raised.value.problems
    assert (Path(problem.location.file).name, problem.location.line) == ("pdf.csv", 12)
    assert problem.message == "the code S01 is listed twice in the PDF (first at line 2)"
    assert problem.ko == "PDF에 코드 S01이(가) 두 번 나옵니다 (처음: 2행)"


def test_market_data_ending_early_for_every_issue_is_said_once(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = []
    for code in (f"S{i:02d}" for i in range(1, 11)):
        rows += daily(code, ("2024-08-01", 100 * EOK, EOK), ("2024-10-18", 100 * EOK, EOK))
    path = write(in_tmp, product(index([stock(f"S{i:02d}", None, None) for i in range(1, 11)], market_data=rows)))
    assert main([str(path)]) == 1
    out = capsys.readouterr().out
    cause = "the index's market data ends 2024-10-18, 13 days before 2024-10-31 (at most 7 allowed)"
    assert out.count(cause) == 1
    assert "S01" not in out.split("krx.index.license")[0]  # said of the index, not of each issue
    assert out.count("for the same reason as krx.index.single_issue_weight") == 3


def test_an_as_of_outside_the_data_is_said_once(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [row for code in ("A", "B") for row in daily(code, ("2024-08-01", 100 * EOK, EOK), ("2024-10-31", 100 * EOK, EOK))]
    path = write(in_tmp, product(index(stocks(8) + [stock("A", None, None), stock("B", None, None)], market_data=rows)))
    assert main(["--as-of", "2025-06-30", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.count("the index's market data has no day between 2025-03-31 and 2025-06-30") == 1


@pytest.mark.parametrize("old, new, message, hint", [
    ("units: 200000", "units: -200000", "units: must be at least 0, got -200000", "is never negative"),
    ("units: 200000", "units: 200000\nlinked_assets_ratio: 150%", "linked_assets_ratio: must be at most 1, got '150%'",
     "write a share from 0 to 1"),
])
def test_a_figure_out_of_its_bounds_gets_a_hint(tmp_path: Path, old: str, new: str, message: str, hint: str) -> None:
    with pytest.raises(InputError) as raised:
        load_with(tmp_path, product(), {old: new})
    (problem,) = raised.value.problems
    assert problem.message == message and problem.hint is not None and hint in problem.hint and problem.hint_ko


def test_a_version_written_as_text_is_told_to_drop_the_quotes(tmp_path: Path) -> None:
    # (it was told "did you mean '1'?" of the very '1' it wrote)
    with pytest.raises(InputError) as raised:
        load_with(tmp_path, product(), {"schema_version: 1": 'schema_version: "1"'})
    (problem,) = raised.value.problems
    assert problem.message == "schema_version: expected 1; got '1'" and problem.hint == "write 1 without quotes"


@pytest.mark.parametrize("written", ["9.9E-1", "99.0E+0%"])
def test_a_share_in_a_spreadsheet_s_exponent_is_refused(written: str) -> None:
    from etf_listing.spellings import SpellingError, share

    with pytest.raises(SpellingError, match="spreadsheet's scientific notation"):
        share(written)
    assert share("99.5%") == Decimal("0.995")
