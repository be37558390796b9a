"""The text report's lines are written directly (``reporting.styled``) with the very bytes rich's
console writes for them, in colour and without: on every example's report, and on generated lines
of any text and the styles the report uses."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len as rich_cell_len
from rich.console import Console
from rich.text import Text as RichText

from etf_listing.loading.load import Loader
from etf_listing.evaluation import evaluate
from etf_listing.reporting.outcome import RenderOptions
from etf_listing.reporting.styled import Text, cell_len, written
from etf_listing.reporting.text import MARKS, STATUS_WORDS, _with_rich, render_text, report_lines
from etf_listing.results import Outcome
from etf_listing.rulebook import load_rulebook

from ..conftest import EXAMPLES

STYLES = sorted({"", "bold", "dim", "yellow", *(style for _, style in MARKS.values())})


def rich_writes(lines: list[Text], color: bool) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, no_color=not color, width=100, highlight=False, emoji=False,
                      soft_wrap=True)
    console.print(RichText("\n").join(line.as_rich() for line in lines))
    return buffer.getvalue()


pieces = st.tuples(st.text(st.characters(codec="utf-8"), max_size=12), st.sampled_from(STYLES))
lines = st.lists(st.tuples(pieces, st.lists(pieces, max_size=5)), max_size=6)


@settings(max_examples=300, deadline=None)
@given(lines, st.booleans())
def test_generated_lines_are_written_as_rich_writes_them(drawn: list, color: bool) -> None:
    texts = []
    for (first, style), rest in drawn:
        line = Text(first, style=style)
        for piece, piece_style in rest:
            line = line + Text(piece, style=piece_style)
        texts.append(line)
    ours = written(texts, color)
    if ours is None:  # left to rich: only for what rich writes differently (a tab, a line break)
        assert any("\t" in text.plain or "\n" in text.plain for text in texts)
    else:
        assert ours == rich_writes(texts, color)


@settings(max_examples=300, deadline=None)
@given(pieces, st.lists(pieces, max_size=6))
def test_a_line_made_at_once_is_the_line_made_piece_by_piece(first: tuple[str, str], rest: list[tuple[str, str]]) -> None:
    line = Text(first[0], style=first[1])
    for piece, style in rest:
        line = line + Text(piece, style=style)
    joined = Text.joined(first[0], first[1], *rest)
    assert (joined.plain, joined.style, joined.spans) == (line.plain, line.style, line.spans)


@settings(max_examples=200, deadline=None)
@given(pieces, st.lists(pieces, max_size=6))
def test_a_line_handed_back_pickled_is_the_same_line(first: tuple[str, str], rest: list[tuple[str, str]]) -> None:
    """A worker hands its products' lines back pickled (``Text.__reduce__``): the very same line."""
    import pickle

    line = Text.joined(first[0], first[1], *rest)
    back = pickle.loads(pickle.dumps([line, line], protocol=pickle.HIGHEST_PROTOCOL))
    assert type(back[0]) is Text and back[0] is back[1]  # (one line written twice stays one)
    assert (back[0].plain, back[0].style, back[0].spans) == (line.plain, line.style, line.spans)
    assert written(back, True) == written([line, line], True)


PRODUCTS = sorted(str(p.relative_to(EXAMPLES.parent)) for p in EXAMPLES.glob("**/product.yaml"))


@pytest.mark.parametrize("path", PRODUCTS)
def test_every_example_report_is_written_as_rich_writes_it(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES.parent)
    product = Loader().load_product(path)
    outcome = Outcome(file=product.file, report=evaluate(product, load_rulebook(product.rulebook or "krx-etf-listing")))
    for lang in ("en", "ko"):
        for color in (False, True):
            options = RenderOptions(lang=lang, color=color)
            direct = render_text([outcome], options)
            assert ("\x1b[" in direct) is color
            through_rich = _with_rich([report_lines(outcome, options)], [outcome], options)
            assert direct == "".join(line.rstrip(" ") + "\n" for line in through_rich.splitlines())


def test_status_words_are_padded_by_the_cells_they_take() -> None:
    for words in STATUS_WORDS.values():
        for word in words.values():
            assert cell_len(word) == rich_cell_len(word)
