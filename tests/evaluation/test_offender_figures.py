"""The figure shown beside each offender of a failing single-value check (a PDF's missing large
holdings, each with its weight) is read as a column: the reports are those that reading each
offender's figure by itself gives, with the same figures in the same order, None where one is
missing (last)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from etf_listing import evaluation
from etf_listing.checker import Checker
from etf_listing.errors import InputError
from etf_listing.loading.load import Loader
from etf_listing.options import Options
from etf_listing.reporting.json_report import report_dict
from etf_listing.rulebook import NoVersionInForce, Rulebook, compile_rulebook
from etf_listing.summaries import forget

from ..builders import EOK, held, index, product, rulebook_text, stock
from ..conftest import REPOSITORY

PRODUCTS = sorted(str(path.relative_to(REPOSITORY)) for folder in ("examples", "tests/bad-inputs")
                  for path in (REPOSITORY / folder).rglob("product.yaml"))


def one_at_a_time(check: Any, context: Any, members: Any) -> list[Any]:
    return [evaluation._shown(check, context, member) for member in members]


def reports(cases: list[tuple[Any, Rulebook]], monkeypatch: pytest.MonkeyPatch, shown: Any) -> list[dict[str, Any]]:
    """Each case's report, evaluated afresh (no index summary kept from before) with ``shown``
    reading the offenders' figures."""
    monkeypatch.setattr(evaluation, "_shown_all", shown)
    found = []
    for product_, rulebook in cases:
        forget()
        found.append(report_dict(evaluation.evaluate(product_, rulebook)))
    return found


def test_offenders_figures_read_as_a_column_are_those_read_one_at_a_time(in_repository: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    checker = Checker(Options(format="json"))
    cases: list[tuple[Any, Rulebook]] = []
    for file in PRODUCTS:
        try:
            loaded = Loader().load_product(file)
            rulebook = checker.rulebook_for(loaded, checker.rulebook())
            rulebook.in_force(loaded.as_of)
        except (InputError, NoVersionInForce):  # (a product the check refuses: no figures to show)
            continue
        cases.append((loaded, rulebook))
    # (a rulebook that shows each issue left out with its trading value: two issues have none)
    text = rulebook_text().replace("      offenders: {ref: unheld_constituents}\n      offender_value: {ref: weight}\n      location: product.pdf",
                                   "      offenders: {ref: unheld_constituents}\n      offender_value: {ref: mean_trading_value}\n      location: product.pdf", 1)
    issues = [stock(f"S{i:02d}", trading_value=None if i in (4, 7) else 10 * EOK) for i in range(1, 11)]
    cases.append((Loader().load_product(product(index(issues), pdf=held("S01", "S02", "S03"))), compile_rulebook(text, "shown.yaml")))
    at_once = evaluation._shown_all
    read: list[list[Any]] = []

    def noted(check: Any, context: Any, members: Any) -> list[Any]:
        read.append(at_once(check, context, members))
        return read[-1]

    assert reports(cases, monkeypatch, noted) == reports(cases, monkeypatch, one_at_a_time)
    coverage = next(r for r in reports(cases[-1:], monkeypatch, at_once)[0]["results"] if r["rule"] == "krx.pdf.market_cap_coverage")
    assert coverage["status"] == "fail" and [(i["code"], i["observed"]) for i in coverage["items"]][-2:] == [("S04", None), ("S07", None)]
    shown = [figures for figures in read if any(value is not None for value in figures)]
    assert len(shown) >= 3 and any(None in figures and len(figures) > 2 for figures in shown)
