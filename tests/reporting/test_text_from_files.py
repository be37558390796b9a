"""Text from the user's files in the reports meant for other tools: control characters shown as
escapes, never written raw, and no markup made out of a name."""

from __future__ import annotations

import xml.dom.minidom
from pathlib import Path
from typing import Any

from etf_listing.api import render
from etf_listing.evaluation import Report

from .. import builders

BELL_NAME = "x\x07y\x1bz"
BELL_CONSTITUENT = "벨\x07소리\x1b[31m"


def hostile(tmp_path: Path, name: str = BELL_NAME, constituent: str = BELL_CONSTITUENT, **fields: Any) -> Report:
    """A product named ``name`` whose index's largest issue, left out of the PDF (a finding that
    names it), is called ``constituent``."""
    idx = builders.index([builders.stock("S01", 5000 * builders.EOK, name=constituent), *builders.stocks(10)[1:]])
    pdf = builders.held(*builders.codes(idx["constituents"])[1:])
    return builders.check(tmp_path, builders.product(idx, name=name, pdf=pdf, **fields))


# --- JUnit ----------------------------------------------------------------------------------------

def test_a_product_and_constituent_name_with_control_characters_keep_the_junit_report_well_formed(tmp_path: Path) -> None:
    text = render([hostile(tmp_path)], format="junit")
    document = xml.dom.minidom.parseString(text)
    properties = {p.getAttribute("name"): p.getAttribute("value") for p in document.getElementsByTagName("property")}
    assert properties["product"] == "x\\x07y\\x1bz"
    failures = document.getElementsByTagName("failure")
    assert failures and all("벨\\x07소리\\x1b[31m (S01)" in f.getAttribute("message") for f in failures)
    assert all("- 벨\\x07소리\\x1b[31m (S01) 35.71%" in f.firstChild.data for f in failures)
    assert "\x07" not in text and "\x1b" not in text
