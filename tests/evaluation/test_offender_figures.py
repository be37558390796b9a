"""The figure shown beside each offender of a failing single-value check (a PDF's missing large
holdings, each with its weight) is read as a column: the same figures, in the same order, None
where one is missing, as reading each offender's figure by itself gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from etf_listing import evaluation
from etf_listing.checker import Checker
from etf_listing.errors import InputError
from etf_listing.loading.load import Loader
from etf_listing.options import Options
from etf_listing.rulebook import NoVersionInForce, compile_rulebook

from ..builders import EOK, held, index, product, rulebook_text, stock
from ..conftest import REPOSITORY

PRODUCTS = sorted(str(path.relative_to(REPOSITORY)) for folder in ("examples", "tests/bad-inputs")
                  for path in (REPOSITORY / folder).rglob("product.yaml"))


def test_offenders_figures_read_as_a_column_are_those_read_one_at_a_time(in_repository: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[list[Any], list[Any]]] = []
    at_once = evaluation._shown_all

    def both(check: Any, context: Any, members: Any) -> list[Any]:
        found = at_once(check, context, members)
        compared.append((found, [evaluation._shown(check, context, member) for member in members]))
        return found

    monkeypatch.setattr(evaluation, "_shown_all", both)
    checker = Checker(Options(format="json"))
    loader = Loader()
    # (a rulebook that shows each issue left out with its trading value: two issues have none)
    text = rulebook_text().replace("      offenders: {ref: unheld_constituents}\n      offender_value: {ref: weight}\n      location: product.pdf",
                                   "      offenders: {ref: unheld_constituents}\n      offender_value: {ref: mean_trading_value}\n      location: product.pdf", 1)
    issues = [stock(f"S{i:02d}", trading_value=None if i in (4, 7) else 10 * EOK) for i in range(1, 11)]
    report = evaluation.evaluate(product(index(issues), pdf=held("S01", "S02", "S03")), compile_rulebook(text, "shown.yaml"))
    coverage = next(r for r in report.results if r.rule.id == "krx.pdf.market_cap_coverage")
    assert coverage.status == "fail" and [(item.code, item.observed) for item in coverage.items][-2:] == [("S04", None), ("S07", None)]
    for file in PRODUCTS:
        try:
            product_ = loader.load_product(file)
        except InputError:
            continue
        try:
            evaluation.evaluate(product_, checker.rulebook_for(product_, checker.rulebook()))
        except (InputError, NoVersionInForce):  # (a product the check refuses: no figures to show)
            continue
    assert all(found == one_at_a_time for found, one_at_a_time in compared)
    shown = [figures for figures, _ in compared if figures]
    assert len(shown) >= 4 and any(None in figures and set(figures) != {None} for figures in shown)
    assert any(len(figures) > 1 and None not in figures for figures in shown)
