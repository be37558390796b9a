"""The text report's styled lines, written without rich where rich would write the same bytes.

A line of the text report is pieces of text, some with a style (bold, dim, a colour). ``rich``
turned them into terminal escapes; importing it and setting up its console took a fifth of the
time of checking a small product, for what in one report is plain concatenation. ``Text`` keeps
rich's meaning (a line's own style covers the whole line, a piece's style is combined over it, the
control characters rich drops are dropped), and ``written`` gives the bytes rich's console gives,
or None where rich would do more than that (a tab to expand, a line to split, a style word not
used here, a Windows console, a notebook): the caller then hands the same lines to rich
(``as_rich``). A test compares both on every example's report and on generated lines, in colour
and without.
"""

from __future__ import annotations

import builtins
import functools
import os
import sys
import unicodedata
from typing import Any, Sequence

_DROPPED = dict.fromkeys((7, 8, 11, 12, 13))  # bell, backspace, vertical tab, form feed, carriage return
_DROPPED_CHARACTERS = frozenset(map(chr, _DROPPED))
_ATTRIBUTES = {"bold": "1", "dim": "2"}  # in the order rich writes them
_COLOURS = {"red": "31", "green": "32", "yellow": "33", "magenta": "35"}


class Text:
    """A line (or piece) of text with a style for all of it, and styled pieces: ``Text("a",
    style="bold") + Text("b")`` is bold throughout, as in rich."""

    __slots__ = ("plain", "style", "spans")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.plain = text if _DROPPED_CHARACTERS.isdisjoint(text) else text.translate(_DROPPED)
        self.style = style
        self.spans: list[tuple[int, int, str]] = []

    def __add__(self, other: Text) -> Text:
        result = Text(self.plain, self.style)
        result.spans = list(self.spans)
        if other.plain:
            start = len(result.plain)
            if other.style:
                result.spans.append((start, start + len(other.plain), other.style))
            result.spans.extend((start + begin, start + end, style) for begin, end, style in other.spans)
            result.plain += other.plain
        return result

    @classmethod
    def joined(cls, first: str, style: str = "", *pieces: tuple[str, str]) -> Text:
        """``Text(first, style=style) + Text(piece, style=piece_style) + ...``, made at once."""
        line = cls(first, style)
        line._continue(pieces)
        return line

    @classmethod
    def continued(cls, begun: tuple[str, tuple[tuple[int, int, str], ...]], *pieces: tuple[str, str]) -> Text:
        """``Text.joined(first, "", *earlier, *pieces)``, where ``begun`` is the plain text and the
        spans of ``Text.joined(first, "", *earlier)``: lines that begin alike (a rule's result in
        every product's report) are begun once."""
        line = cls.__new__(cls)
        line.plain, line.style, line.spans = begun[0], "", list(begun[1])
        line._continue(pieces)
        return line

    @property
    def begun(self) -> tuple[str, tuple[tuple[int, int, str], ...]]:
        """The line's plain text and spans, to be ``continued`` (a line without a style of its own)."""
        assert not self.style
        return self.plain, tuple(self.spans)

    def _continue(self, pieces: Sequence[tuple[str, str]]) -> None:
        if pieces:
            plain = [self.plain]
            at = len(self.plain)
            spans = self.spans
            for piece, piece_style in pieces:
                if not _DROPPED_CHARACTERS.isdisjoint(piece):
                    piece = piece.translate(_DROPPED)
                if piece:
                    if piece_style:
                        spans.append((at, at + len(piece), piece_style))
                    plain.append(piece)
                    at += len(piece)
            self.plain = "".join(plain)

    def __reduce__(self) -> tuple[Any, tuple[str, str, list[tuple[int, int, str]]]]:
        # pickled as its three fields (a worker hands back a product's lines of the text report):
        # a slotted object's own way builds a dict of them and sets each from it
        return _text, (self.plain, self.style, self.spans)

    def as_rich(self) -> Any:
        from rich.text import Span
        from rich.text import Text as RichText

        return RichText(self.plain, style=self.style, spans=[Span(*span) for span in self.spans])


def _text(plain: str, style: str, spans: list[tuple[int, int, str]]) -> Text:
    """A ``Text`` as it was pickled (``Text.__reduce__``)."""
    line = Text.__new__(Text)
    line.plain, line.style, line.spans = plain, style, spans
    return line


def cell_len(text: str) -> int:
    """The width of ``text`` in terminal cells (a Korean syllable takes two), for the plain words
    the report pads."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def written(lines: Sequence[Text], color: bool) -> str | None:
    """``lines`` as rich's console writes them, one a line; None where rich must write them."""
    if sys.platform == "win32" or hasattr(builtins, "get_ipython"):  # consoles and notebooks rich knows
        return None
    plain = "\n".join([line.plain for line in lines])
    if "\t" in plain or plain.count("\n") != max(len(lines) - 1, 0):  # rich expands tabs, splits lines
        return None
    if not color or os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return plain + "\n"
    out = []
    for line in lines:
        styled = _styled(line)
        if styled is None:
            return None
        out.append(styled)
    return "\n".join(out) + "\n"


def _styled(line: Text) -> str | None:
    if not line.spans:  # most lines: one style, or none
        if not line.style or not line.plain:
            return line.plain
        codes = _codes((line.style,))
        if codes is None:
            return None
        return f"\x1b[{codes}m{line.plain}\x1b[0m" if codes else line.plain
    spans = ([(0, len(line.plain), line.style)] if line.style else []) + line.spans
    cuts = sorted({0, len(line.plain), *(at for begin, end, _ in spans for at in (begin, end))})
    out = []
    for begin, end in zip(cuts, cuts[1:]):
        piece = line.plain[begin:end]
        codes = _codes(tuple(style for start, stop, style in spans if start <= begin and end <= stop))
        if codes is None:
            return None
        out.append(f"\x1b[{codes}m{piece}\x1b[0m" if codes else piece)
    return "".join(out)


@functools.lru_cache(maxsize=256)
def _codes(styles: tuple[str, ...]) -> str | None:
    """The SGR parameters of ``styles`` laid over one another: attributes add up, the last colour
    wins; None for a style word not used here."""
    attributes, colour = set(), None
    for style in styles:
        for word in style.split():
            if word in _ATTRIBUTES:
                attributes.add(word)
            elif word in _COLOURS:
                colour = _COLOURS[word]
            else:
                return None
    codes = [code for word, code in _ATTRIBUTES.items() if word in attributes]
    return ";".join(codes + ([colour] if colour else []))
