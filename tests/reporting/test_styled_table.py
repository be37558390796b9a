"""The text report of several files, summary table included, is written directly
(``reporting.styled_table``) with the very bytes rich writes for it: on generated tables (names of
any width, Korean and CJK, counts, verdicts, colour or not, any console width), on every product
file under examples/, tests/ and rules/ at once and in groups; and it leaves to rich exactly the
tables whose characters' widths it does not know, or that are wider than rich measures."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import get_character_cell_size

from etf_listing.cli import main
from etf_listing.errors import printable
from etf_listing.reporting import REPORTERS
from etf_listing.reporting.outcome import RenderOptions
from etf_listing.reporting.styled import Text, written
from etf_listing.reporting.styled_table import _NARROW, _WIDE, MEASURED, known_width, table_lines
from etf_listing.reporting.text import _all_lines, _summary_table, _with_rich, render_text, report_lines
from etf_listing.results import Outcome

from ..conftest import REPOSITORY


def through_rich(outcomes: list[Any], options: RenderOptions, reports: list[Any] | None = None) -> str:
    text = _with_rich(reports or [], outcomes, options)
    return "".join(line.rstrip(" ") + "\n" for line in text.splitlines())


def directly(outcomes: list[Any], options: RenderOptions) -> str | None:
    if options.width is not None and options.width < 0:  # left to rich, as render_text does
        return None
    lines = table_lines(*_summary_table(outcomes, options.lang))
    if lines is None:
        return None
    text = written([Text(""), *lines], options.color)
    assert text is not None
    return "".join(line.rstrip(" ") + "\n" for line in text.splitlines())


# What a summary row reads of an outcome: the file, and the report's product, verdict and counts.
def outcome(file: str, name: str | None, eligible: bool, counts: dict[str, int]) -> Any:
    if name is None:
        return SimpleNamespace(file=file, report=None)
    product = SimpleNamespace(file=file, name=name)
    return SimpleNamespace(file=file, report=SimpleNamespace(product=product, eligible=eligible, counts=counts))


KNOWN = "".join(sorted(_NARROW)) + "한국어예시밸류업ETF가힣ㄱㅎ中國語漢字ＡＢ１！"
UNUSUAL = "\t\n\x1b\x07\r\x85\u200b\u200d\ufe0f\u0301🙂🇰🇷\u3000\U00020000"
names = (st.text(st.sampled_from(KNOWN), max_size=30) | st.text(st.sampled_from(KNOWN + UNUSUAL), max_size=12)
         | st.text(st.characters(codec="utf-8"), max_size=8))
statuses = ("pass", "at_risk", "fail", "error", "waived", "not_applicable")
counts = st.dictionaries(st.sampled_from(statuses), st.integers(0, 10**6))
rows = st.lists(st.tuples(names, st.none() | names, st.booleans(), counts), min_size=2, max_size=6)


@settings(max_examples=400, deadline=None)
@given(rows, st.sampled_from(["en", "ko"]), st.booleans(), st.none() | st.integers(-5, 300))
def test_generated_tables_are_written_as_rich_writes_them(drawn: list, lang: str, color: bool, width: int | None) -> None:
    outcomes = [outcome(*row) for row in drawn]
    options = RenderOptions(lang=lang, color=color, width=width)
    ours = directly(outcomes, options)
    if ours is None:  # left to rich: only a character of a width not known for certain
        assert (width or 0) < 0 or any(known_width(printable(text)) is None
                                       for o in outcomes for text in (o.file, o.report.product.name if o.report else ""))
    else:
        assert ours == through_rich(outcomes, options)


@pytest.mark.parametrize("extra", [0, 1])
def test_a_table_as_wide_as_rich_measures_is_written_directly_and_a_wider_one_by_rich(extra: int) -> None:
    outcomes = [outcome("a", "b", True, {"pass": 1}), outcome("c", "d", False, {"fail": 1})]
    narrow = directly(outcomes, RenderOptions())
    assert narrow is not None
    total = len(narrow.splitlines()[2])  # the rule under the header is as wide as the table
    outcomes[0] = outcome("f" * (MEASURED - total + len("file") + extra), "b", True, {"pass": 1})
    for color in (False, True):
        options = RenderOptions(color=color)
        ours = directly(outcomes, options)
        assert (ours is None) is bool(extra)
        if ours is not None:
            assert len(ours.splitlines()[2]) == MEASURED
            assert ours == through_rich(outcomes, options)


def rich_sizes(character: str) -> list[int]:
    """The cells rich gives ``character`` in each Unicode version it can be told to use (one table
    before rich 14)."""
    try:
        from rich._unicode_data._versions import VERSIONS
    except ImportError:
        return [get_character_cell_size(character)]
    return [get_character_cell_size(character, version) for version in VERSIONS]


def test_the_widths_known_are_the_widths_rich_gives_in_every_unicode_version() -> None:
    # as rich measures a character (\u200d and \ufe0f, which join or widen, have no known width)
    for character in [*_NARROW, *(chr(code) for first, last in _WIDE for code in range(first, last + 1))]:
        assert set(rich_sizes(character)) == {known_width(character)}, hex(ord(character))


def test_unusual_characters_have_no_known_width() -> None:
    for character in "\t\n\x1b\x07\r\x85\u200b\u200d\ufe0f\u0301🙂🇰🇷\u3000\U00020000":
        assert known_width(f"a{character}가") is None


@pytest.fixture(scope="module")
def every_outcome() -> list[Outcome]:
    """The outcome of every product file under examples/, tests/ and rules/, checked in one run."""
    seen: list[list[Outcome]] = []
    text = REPORTERS["text"]
    here = os.getcwd()
    try:
        os.chdir(REPOSITORY)
        REPORTERS["text"] = lambda outcomes, options: seen.append(list(outcomes)) or ""  # type: ignore[func-returns-value]
        # in one process: an outcome a worker process checked comes back with its statuses only,
        # its part of the report being written there
        main(["--jobs", "1", "examples", "tests", "rules"])
    finally:
        REPORTERS["text"] = text
        os.chdir(here)
    assert len(seen[0]) > 100
    return seen[0]


@pytest.mark.parametrize("group", [slice(None), slice(0, 7), slice(20, 40), slice(40, 47), slice(90, None, 3)])
def test_every_product_file_in_a_run_of_several_is_written_as_rich_writes_it(every_outcome: list[Outcome], group: slice) -> None:
    outcomes = every_outcome[group]
    assert len(outcomes) > 1
    for lang in ("en", "ko"):
        for color in (False, True):
            for width in (None, 20, 200):
                options = RenderOptions(lang=lang, color=color, width=width)
                reports = [report_lines(o, options) for o in outcomes]
                assert _all_lines(reports, outcomes, lang) is not None  # no character here needs rich
                ours = render_text(outcomes, options)
                assert ("\x1b[" in ours) is color
                assert ours == through_rich(outcomes, options, reports)


@pytest.mark.parametrize("lines", [None, "40"])
def test_several_reports_on_a_dumb_terminal_are_left_to_rich(every_outcome: list[Outcome], lines: str | None,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # there rich draws the table in 80 columns, folding the cells, unless LINES is set
    monkeypatch.setenv("TERM", "dumb")
    if lines is None:
        monkeypatch.delenv("LINES", raising=False)
    else:
        monkeypatch.setenv("LINES", lines)
    options = RenderOptions(color=True)
    outcomes = every_outcome[:5]
    ours = render_text(outcomes, options)
    assert "\x1b[" not in ours
    assert ours == through_rich(outcomes, options, [report_lines(o, options) for o in outcomes])
    rule = next(line for line in ours.splitlines() if line and set(line) == {"─"})
    assert (len(rule) == 80) is (lines is None)



@pytest.mark.parametrize("name, shown", [("[/] ETF", "[/] ETF"), ("[red]X[/red] ETF", "[red]X[/red] ETF"),
                                         ("\x1b[2J ETF", "\\x1b[2J ETF"), ("a\tb\nc", "a\\tb\\nc")])
def test_a_name_in_the_table_is_shown_as_written_never_as_markup_or_control(name: str, shown: str) -> None:
    outcomes = [outcome("a.yaml", name, True, {"pass": 1}), outcome("b\x1b[2J.yaml", "b", False, {"fail": 1})]
    for color in (False, True):
        options = RenderOptions(color=color)
        ours = directly(outcomes, options)
        assert ours is not None and ours == through_rich(outcomes, options)
        rows = ours.splitlines()[3:5]
        assert rows[0].startswith("a.yaml ") and f"   {shown}   " in rows[0]
        assert rows[1].startswith("b\\x1b[2J.yaml")
        assert "\x1b[2J" not in ours


def test_a_product_named_in_brackets_is_checked_with_others(in_examples_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    product = in_examples_copy / "examples" / "value-up-passive" / "product.yaml"
    text = product.read_text(encoding="utf-8").replace("name: 예시 코리아밸류업 ETF", 'name: "[/] 예시 ETF"')
    (product.parent / "renamed.yaml").write_text(text, encoding="utf-8")
    assert main(["examples/value-up-passive/renamed.yaml", "examples/value-up-passive/product.yaml"]) == 0
    out = capsys.readouterr().out
    assert "examples/value-up-passive/renamed.yaml   [/] 예시 ETF" in out
    assert out.endswith("2 products: 2 eligible, 0 not eligible, 0 could not be evaluated\n")
