"""Text from the user's files in the reports meant for other tools: control characters shown as
escapes, never written raw, and no markup made out of a name."""

from __future__ import annotations

import xml.dom.minidom
from pathlib import Path
from typing import Any

from etf_listing.api import render
from etf_listing.evaluation import Report
from etf_listing.loading.universe import load_universe
from etf_listing.reporting.screen_markdown import render_markdown as render_screen_markdown
from etf_listing.screening.evaluate import screen

from .. import builders
from ..screening.builders import many, universe_file, value_up

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


# --- Markdown -------------------------------------------------------------------------------------

MARKUP_NAME = "![t](https://evil.example/p.png) [click](x) **B** _i_ `c` <b>bold</b> &lt; ~~s~~ a\\|b"


def inlines(markdown: str) -> list[list[tuple[str, str]]]:
    """Each run of inline Markdown (a heading, a paragraph, a table cell) as CommonMark with
    GitHub's tables and strikethrough reads it: (kind, content) of its pieces."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown)
    return [[(child.type, child.content) for child in token.children or ()] for token in tokens if token.type == "inline"]


def plain(pieces: list[tuple[str, str]]) -> str:
    return "".join(content for _, content in pieces)


def test_a_product_name_with_markup_shows_as_written_in_markdown(tmp_path: Path) -> None:
    report = hostile(tmp_path, name=MARKUP_NAME, constituent="*벨*_소리_ [x](y)")
    text = render([report, report], format="markdown")
    runs = inlines(text)
    assert ["✘ " + MARKUP_NAME + ": not eligible"] * 2 == [plain(p) for p in runs if plain(p).startswith("✘ !")]
    assert [MARKUP_NAME] * 2 == [plain(p) for p in runs if plain(p) == MARKUP_NAME]  # the summary's cells
    offenders = [plain(p) for p in runs if plain(p).startswith("*벨*")]
    assert len(offenders) == 6 and all(o.startswith("*벨*_소리_ [x](y) (S01) ") for o in offenders)
    kinds = {kind for pieces in runs if "evil.example" in plain(pieces) or "벨" in plain(pieces) for kind, _ in pieces}
    assert kinds <= {"text", "code_inline"}, kinds  # no image, link, emphasis, strikethrough or HTML


def test_control_characters_in_names_are_shown_as_escapes_in_markdown(tmp_path: Path) -> None:
    text = render([hostile(tmp_path)], format="markdown")
    assert "### ✘ x\\\\x07y\\\\x1bz: not eligible" in text
    assert "  - 벨\\\\x07소리\\\\x1b\\[31m (S01) 35.71%" in text
    assert "\x07" not in text and "\x1b" not in text


def test_a_file_name_with_backticks_and_a_pipe_is_shown_as_it_is_in_markdown(tmp_path: Path) -> None:
    folder = tmp_path / "a`b``|c"
    folder.mkdir()
    report = builders.check(folder, builders.product(units=1))
    file = report.product.file
    assert "a`b``|c" in file
    text = render([report, report], format="markdown")
    codes = [content for pieces in inlines(text) for kind, content in pieces if kind == "code_inline"]
    assert codes.count(file) == 4  # the summary's two rows and each report's line under its heading
    units = builders.result(report, "krx.size.units").location
    assert codes.count(str(units)) == 2  # each finding's place


def test_a_universe_and_company_name_with_markup_show_as_written_in_the_screen_markdown(tmp_path: Path) -> None:
    rows = many(12)
    rows[0]["name"] = "**굵게** [link](x) `c`"
    path = universe_file(tmp_path / "u`|", rows)
    path.write_text(path.read_text(encoding="utf-8").replace("name: test universe", 'name: "심사\\x07 ![i](u)"'),
                    encoding="utf-8")
    report = screen(load_universe(str(path)), value_up())
    text = render_screen_markdown([report])
    runs = inlines(text)
    assert plain(runs[0]) == "심사\\x07 ![i](u)"
    assert "**굵게** [link](x) `c`" in [plain(p) for p in runs]
    assert str(path) in [content for pieces in runs for kind, content in pieces if kind == "code_inline"]
    assert {kind for pieces in runs for kind, _ in pieces} <= {"text", "code_inline"}
    assert "\x07" not in text


# --- GitHub annotations ---------------------------------------------------------------------------

def test_control_characters_in_names_are_shown_as_escapes_in_github_annotations(tmp_path: Path) -> None:
    text = render([hostile(tmp_path)], format="github")
    lines = text.splitlines()
    assert len(lines) == 2 and all("벨\\x07소리\\x1b[31m (S01)" in line for line in lines)
    assert "\x07" not in text and "\x1b" not in text
