"""A result's message reads as a sentence: no template placeholder is ever left in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etf_listing.cli import main


def test_a_fail_without_offenders_does_not_show_a_placeholder(in_examples_copy: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    product = Path("examples/value-up-passive/product.yaml").read_text(encoding="utf-8")
    start = product.index("participants:")
    end = product.index("pdf:")
    changed = product[:start] + "participants:\n  - {name: X, authorized_participant: false, lp_contract: false}\n" + product[end:]
    path = Path("examples/value-up-passive/no-ap.review-tmp.yaml")
    path.write_text(changed, encoding="utf-8")
    main([str(path), "--format", "json"])
    (report,) = json.loads(capsys.readouterr().out)["reports"]
    messages = [r["message"] for r in report["results"]]
    assert not any("{" in m for m in messages)
