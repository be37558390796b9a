"""The inputs of the watch: a product's history and LP dates, an index's levels, read with care."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from etf_listing.cli import main
from etf_listing.errors import InputError
from etf_listing.loading.load import load_product

from .builders import write_product

PRODUCT = """rulebook: krx-etf-continued-listing
name: 예시 ETF
listed_on: 2026-01-02
underlying_market: domestic
underlying: {index: index.yaml, license_signed: true}
participants:
  - {name: LP증권, lp_contract: true, lp_from: 2026-01-02}
history: history.csv
"""
HISTORY = "date,nav_per_unit,net_assets_krw,principal_krw,close_price\n"
LEVELS = "date,level\n2026-01-02,1000\n2026-01-05,1010.5\n"


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_product(str(path), root=str(path.parent))
    return [p.text().replace(f"{path.parent}/", "") for p in caught.value.problems]


def test_rows_in_any_order_are_sorted_by_date(tmp_path: Path) -> None:
    history = HISTORY + "2026-01-05,10100,101억원,100억원,10105\n2026-01-02,10000,100억원,100억원,\n"
    product = load_product(str(write_product(tmp_path, PRODUCT, history, "date,level\n2026-01-05,1010\n2026-01-02,1000\n")),
                           root=str(tmp_path))
    assert [r.date for r in product.history] == [dt.date(2026, 1, 2), dt.date(2026, 1, 5)]
    assert product.history[0].close_price is None and product.history[1].close_price == Decimal(10105)
    assert product.history[1].net_assets_krw == Decimal("10100000000")
    assert product.history[1].location.line == 2  # each row keeps its own line
    assert [lv.date for lv in product.index.levels] == [dt.date(2026, 1, 2), dt.date(2026, 1, 5)]
    assert product.listed_on == dt.date(2026, 1, 2) and product.underlying_market == "domestic"
    assert product.participants[0].lp_from == dt.date(2026, 1, 2) and product.participants[0].lp_to is None


def test_a_date_given_twice_is_refused_at_its_second_row(tmp_path: Path) -> None:
    history = HISTORY + "2026-01-02,10000,100억원,,\n2026-01-05,10100,101억원,,\n2026-01-02,10001,100억원,,\n"
    assert problems(write_product(tmp_path, PRODUCT, history, LEVELS)) == [
        "history.csv:4:1: the history has two rows for 2026-01-02 (first at line 2) (give each trading day once)"]


def test_a_level_date_given_twice_is_refused(tmp_path: Path) -> None:
    found = problems(write_product(tmp_path, PRODUCT, HISTORY + "2026-01-02,10000,100억원,,\n", LEVELS + "2026-01-05,1011\n"))
    assert found == ["levels.csv:4:1: the index levels have two rows for 2026-01-05 (first at line 3) (give each trading day once)"]


def test_a_misspelt_column_is_named_with_a_suggestion(tmp_path: Path) -> None:
    history = "date,nav_per_unt,net_assets_krw\n2026-01-02,10000,100억원\n"
    found = problems(write_product(tmp_path, PRODUCT, history, LEVELS))
    assert any("unknown column 'nav_per_unt'" in p and "nav_per_unit" in p for p in found)


def test_a_nav_of_zero_is_refused_with_its_cell(tmp_path: Path) -> None:
    found = problems(write_product(tmp_path, PRODUCT, HISTORY + "2026-01-02,0,100억원,,\n", LEVELS))
    assert found == ["history.csv:2:12: nav_per_unit: 0 is not above zero (a price or an index level is a positive number)"]


def test_an_lp_contract_that_ends_before_it_starts_is_refused(tmp_path: Path) -> None:
    body = PRODUCT.replace("lp_from: 2026-01-02}", "lp_from: 2026-01-02, lp_to: 2025-12-31}")
    found = problems(write_product(tmp_path, body, HISTORY + "2026-01-02,10000,100억원,,\n", LEVELS))
    assert found == ["product.yaml:9:65: LP증권: lp_to 2025-12-31 is before lp_from 2026-01-02 (lp_to is the contract's last day in force)"]


@pytest.mark.parametrize("dates, said", [("lp_from: 2026-01-02", "lp_from 2026-01-02"),
                                         ("lp_to: 2026-06-30", "lp_to 2026-06-30"),
                                         ("lp_from: 2026-01-02, lp_to: 2026-06-30", "lp_from 2026-01-02 and lp_to 2026-06-30")])
def test_lp_dates_for_a_participant_written_without_a_contract_are_refused(tmp_path: Path, dates: str, said: str) -> None:
    """lp_contract: false with dates: a contract that ended without its lp_to, one signed later,
    or none? Which is meant decides the LP rule, so none is guessed."""
    body = PRODUCT.replace("lp_contract: true, lp_from: 2026-01-02", f"lp_contract: false, {dates}")
    found = problems(write_product(tmp_path, body, HISTORY + "2026-01-02,10000,100억원,,\n", LEVELS))
    assert found == [f"product.yaml:9:31: LP증권: lp_contract is false, but {said} say a contract was in force "
                     "(write lp_contract: true (with lp_to, the last day in force, for a contract that ended), "
                     "or remove the dates)"]


@pytest.mark.parametrize("participant", ["{name: LP증권, lp_from: 2026-01-02}",  # lp_contract not written: the dates say
                                         "{name: LP증권, lp_contract: true, lp_from: 2026-01-02}",
                                         "{name: LP증권, lp_contract: false}"])
def test_an_lp_written_consistently_is_read(tmp_path: Path, participant: str) -> None:
    body = PRODUCT.replace("{name: LP증권, lp_contract: true, lp_from: 2026-01-02}", participant)
    write_product(tmp_path, body, HISTORY + "2026-01-02,10000,100억원,,\n", LEVELS)
    product = load_product(str(tmp_path / "product.yaml"), root=str(tmp_path))
    assert product.participants[0].lp_contract is ("lp_contract: true" in participant)


def test_a_misspelt_product_field_gets_a_suggestion(tmp_path: Path) -> None:
    found = problems(write_product(tmp_path, PRODUCT.replace("listed_on", "listed_at"), HISTORY, LEVELS))
    assert any("unknown field 'listed_at'" in p and "listed_on" in p for p in found)


def test_an_unknown_underlying_market_is_refused(tmp_path: Path) -> None:
    found = problems(write_product(tmp_path, PRODUCT.replace("domestic", "domestik"), HISTORY, LEVELS))
    assert any("underlying_market" in p and "domestic" in p for p in found)


def test_history_written_inline_reads_as_the_csv_does(tmp_path: Path) -> None:
    body = PRODUCT.replace("history: history.csv\n", "history:\n  - {date: 2026-01-05, nav_per_unit: 10100, net_assets_krw: 101억원}\n"
                                                        "  - {date: 2026-01-02, nav_per_unit: 10000, net_assets_krw: 100억원}\n")
    product = load_product(str(write_product(tmp_path, body, None, LEVELS)), root=str(tmp_path))
    assert [r.nav_per_unit for r in product.history] == [Decimal(10000), Decimal(10100)]


def test_the_listing_check_ignores_the_watch_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_product(tmp_path, PRODUCT, HISTORY + "2026-01-02,10000,100억원,,\n", LEVELS)
    main(["--rules", "krx-etf-listing", "--format", "json", "--root", str(tmp_path), str(path)])
    report = json.loads(capsys.readouterr().out)["reports"][0]
    assert report["rulebook"]["id"] == "krx-etf-listing" and "at_risk" not in report["counts"]


def test_bad_input_exits_2_and_the_other_files_are_still_watched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write_product(tmp_path / "bad", PRODUCT, HISTORY + "2026-01-02,abc,100억원,,\n", LEVELS)
    good = write_product(tmp_path / "good", PRODUCT, HISTORY + "2026-01-02,10000,100억원,,\n", LEVELS)
    status = main(["watch", "--format", "json", "--root", str(tmp_path), str(bad), str(good)])
    out, err = capsys.readouterr()
    assert status == 2
    assert "history.csv:2:12: nav_per_unit: 'abc' is not a number" in err
    reports = json.loads(out)["reports"]
    assert reports[0]["errors"] and reports[1]["rulebook"]["id"] == "krx-etf-continued-listing"


def test_the_schemas_cover_the_new_fields(capsys: pytest.CaptureFixture[str]) -> None:
    main(["schema", "product"])
    product = json.loads(capsys.readouterr().out)
    assert {"listed_on", "underlying_market", "history", "rulebook"} <= set(product["properties"])
    main(["schema", "index"])
    assert "levels" in json.loads(capsys.readouterr().out)["properties"]
