"""A command over many products keeps each one's report until all are evaluated; it keeps the
product's name, file and inputs, not the PDF rows the rules read, which no report shows."""

from __future__ import annotations

import io
from pathlib import Path

from etf_listing.checker import Checker
from etf_listing.evaluation import evaluate
from etf_listing.loading.load import Loader
from etf_listing.options import Options
from etf_listing.reporting.json_report import report_dict
from etf_listing.rulebook import load_rulebook

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "value-up-passive" / "product.yaml"


def test_the_command_keeps_reports_without_the_pdf_rows_and_shows_the_same() -> None:
    checker = Checker(Options(format="json", paths=(str(EXAMPLE),)), stdout=io.StringIO(), stderr=io.StringIO())
    [outcome] = checker.check([str(EXAMPLE)])
    kept = outcome.report
    assert kept is not None and kept.product.pdf is None
    assert kept.product.name and kept.product.input_files
    alone = evaluate(Loader().load_product(str(EXAMPLE)), load_rulebook())
    assert alone.product.pdf  # the library's report keeps everything it was given
    assert report_dict(kept, "en") == report_dict(alone, "en")
