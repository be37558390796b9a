"""An index's constituent list read from a plain file is kept as its columns (``records.Rows``), as
a PDF is: the loader's own checks and the rules read the columns, a constituent is made only where
a report or a reason names it, and every report and every problem is the one of the same list read
a row at a time (a tuple of constituents)."""

from __future__ import annotations

import datetime as dt
import re
from math import isqrt
from pathlib import Path
from typing import Any

import pytest

from etf_listing import evaluation, records
from etf_listing.errors import InputError
from etf_listing.loading.files import named_file
from etf_listing.loading.load import Loader, _constituent_list
from etf_listing.loading.yaml_source import Document
from etf_listing.model import Constituent, Product
from etf_listing.records import Rows
from etf_listing.reporting.json_report import report_dict
from etf_listing.rulebook import load_rulebook
from etf_listing.summaries import forget

from ..builders import EOK, daily, held, index, product, stock, treasury, write
from .made_records import made_of

TEN = [stock(f"{i:06d}") for i in range(1, 11)]
DAYS = [day for day in (dt.date(2024, 7, 31) + dt.timedelta(days=n) for n in range(93)) if day.weekday() < 5]
CASES = {
    "every issue held": product(index(TEN)),
    # (offenders are constituents: one over the 30% cap, the small ones in the top 85%, the market)
    "one issue over 30%": product(index([stock("000001", 9000 * EOK), *TEN[1:]])),
    "small issues in the top 85%": product(index([stock(f"{i:06d}", 100 * EOK, EOK // 2) for i in range(1, 11)])),
    "an issue on K-OTC": product(index([*TEN[:9], stock("000010", market="K-OTC")])),
    "nine issues": product(index(TEN[:9]), pdf=held(*(f"{i:06d}" for i in range(1, 10)))),
    "the largest issues left out": product(index([stock(f"{i:06d}", (20 - i) * 100 * EOK) for i in range(1, 11)]),
                                           pdf=held(*(f"{i:06d}" for i in range(6, 11)))),
    "a KTB index": product(index([treasury("KR103501", tenor_years=3), treasury("KR103502", tenor_years=3),
                                  treasury("KR103503", basket=False, tenor_years=5)], asset_class="ktb"),
                           pdf=held("KR103501", "KR103502", "KR103503")),
    # (six hundred issues, heavy-tailed: the top 85% found among the largest before ranking them all;
    # the largest holds over 30%)
    "six hundred issues": product(index([stock(f"{i:06d}", 50_000 * EOK * 1000 // (i * isqrt(i * 1000)), EOK // 2 + i)
                                         for i in range(1, 601)])),
    # (means from daily rows: one issue has no rows in September, and is undecided)
    "daily series": product(index([stock(f"{i:06d}", None, None) for i in range(1, 11)],
                                  market_data=[row for i in range(1, 11) for row in daily(
                                      f"{i:06d}", *((day, 1000 * EOK, 10 * EOK) for day in DAYS if i != 3 or day.month != 9))])),
}


def written(tmp_path: Path, name: str, document: dict[str, Any]) -> Path:
    folder = tmp_path / name.replace(" ", "-")
    folder.mkdir()
    return write(folder, document)


def read_both(file: Path) -> tuple[Product, Product]:
    """The product loaded with its constituent list as written by the CSV module (lines ended with
    a carriage return: read a row at a time), then with the same list with plain line ends."""
    constituents = file.parent / "index" / "constituents.csv"
    by_rows = Loader().load_product(str(file))
    constituents.write_bytes(constituents.read_bytes().replace(b"\r\n", b"\n"))
    return by_rows, Loader().load_product(str(file))


def without_inputs(report: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in report.items() if key != "inputs"}  # (the list's bytes differ)


@pytest.mark.parametrize("name", list(CASES))
def test_a_list_kept_as_columns_is_reported_as_the_tuple_of_its_constituents(tmp_path: Path, name: str) -> None:
    by_rows, by_columns = read_both(written(tmp_path, name, CASES[name]))
    assert type(by_rows.index.constituents) is tuple and type(by_columns.index.constituents) is Rows
    assert by_columns.index.constituents == by_rows.index.constituents
    rulebook = load_rulebook()
    found = []
    for loaded in (by_rows, by_columns):
        forget()
        found.append(without_inputs(report_dict(evaluation.evaluate(loaded, rulebook))))
        found.append(without_inputs(report_dict(evaluation.evaluate(loaded, rulebook))))  # (another product on it)
    assert found[0] == found[1] == found[2] == found[3]
    assert found[0]["eligible"] is (name == "every issue held")  # (each other case fails a rule, or cannot be decided)


# The constituents each case's reports name (its offenders, and those an error names), and those
# its rules make while deciding and reporting: the first of them, which a choice whose subject
# reads no constituent is read on (a reason it gives would name it); then one at a time those
# named while they are fewer than a quarter of the list (the issue over the cap is the first, the
# one on K-OTC, the one without every day's data), else all at once (half of ten left out of the
# PDF, nine small issues, one KTB issue of three, whose rules read no choice).
MADE = {"every issue held": ([], [1]), "one issue over 30%": (["000001"], [1]),
        "an issue on K-OTC": (["000010"], [1, 1]), "nine issues": ([], [1]),
        "the largest issues left out": (["000001", "000002", "000003", "000004", "000005"], [1, 10]),
        "daily series": (["000003"], [1]),
        "small issues in the top 85%": ([f"{i:06d}" for i in range(1, 10)], [1, 10]), "a KTB index": (["KR103503"], [3])}


@pytest.mark.parametrize("name", list(MADE))
def test_the_krx_rules_make_only_the_constituents_they_name(tmp_path: Path, name: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _, loaded = read_both(written(tmp_path, name, CASES[name]))
    made = made_of(Constituent, monkeypatch)
    forget()
    report = report_dict(evaluation.evaluate(loaded, load_rulebook()))
    named = {item["code"] for result in report["results"] for item in result["items"]} | {
        code for result in report["results"] if result["status"] == "error"
        for code in re.findall(r"\((\w{6,8})\)", result["message"])}
    assert (sorted(named), made) == MADE[name]


def test_loading_a_plain_list_makes_no_constituent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = written(tmp_path, "daily", CASES["daily series"])
    made = made_of(Constituent, monkeypatch)
    _, loaded = read_both(file)  # (read by rows, each constituent constructed; then as columns)
    assert type(loaded.index.constituents) is Rows and made == []
    assert loaded.index.series.keys() == set(records.field_of_each(loaded.index.constituents, "code"))


@pytest.mark.parametrize("changed, problem", [
    # (a constituent without daily rows or means: named at its line)
    (lambda text: text.replace("000004,", "000044,", 1),
     "index/constituents.csv:5:1: 종목000004 (000044) has neither daily market data nor 3-month means"),
    # (a code that lost its leading zeros, which the market data keeps)
    (lambda text: text.replace("000007,종목000007", "7,종목000007"),
     "index/constituents.csv:8:1: code: 종목000007 is written '7' here and 000007 in"),
])
def test_the_loader_names_the_constituents_whose_data_is_wrong(tmp_path: Path, changed: Any, problem: str) -> None:
    file = written(tmp_path, "daily", CASES["daily series"])
    constituents = file.parent / "index" / "constituents.csv"
    constituents.write_text(changed(constituents.read_text(encoding="utf-8")), encoding="utf-8", newline="")
    found = []
    for line_end in (b"\r\n", b"\n"):  # (by rows, then as columns: the same problems)
        constituents.write_bytes(constituents.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", line_end))
        with pytest.raises(InputError) as error:
            Loader().load_product(str(file))
        found.append([str(p).replace(str(file.parent) + "/", "") for p in error.value.problems])
        listed, _ = _constituent_list("constituents.csv", named_file(str(constituents.parent / "index.yaml")), str(tmp_path),
                                      Document(str(constituents.parent / "index.yaml"), None), ("constituents",))
        assert type(listed) is (tuple if line_end == b"\r\n" else Rows)
    assert found[0] == found[1]
    assert len(found[1]) == 1 and found[1][0].startswith(problem)
