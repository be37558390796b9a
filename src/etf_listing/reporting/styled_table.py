"""The summary table of a run over several files, as styled lines, without rich.

The table was rich's ``Table`` (box ``SIMPLE_HEAD``, a bold header, no outer edge and no padding
at the edges, a bold caption under it) drawn at its natural width: every column as wide as its
widest cell, nothing wrapped, on a console made at least that wide. Laid out that way it is plain
arithmetic on cell widths: ``table_lines`` gives the lines rich writes, piece for piece (rich
styles a header cell's padding apart from its text, and a verdict's padding with it), so that
``styled.written`` turns them into the very bytes rich's console writes. Where the width of a
character in a terminal is not certain to be the one rich gives it (anything but ASCII, Latin,
Greek, Cyrillic, the box and Braille blocks, Hangul and the common CJK ideographs), or the table
is wider than rich measures tables, it gives None and the caller hands the table to rich. A test
compares both on generated tables, in colour and without.
"""

from __future__ import annotations

import re
from typing import Sequence

from .styled import Text

# Characters rich counts as one cell whatever the Unicode version it is told to use: the ranges
# rich itself takes as single-cell (rich.cells), and the two marks the verdicts begin with.
_NARROW_RANGES = ((0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482), (0x2500, 0x25FC), (0x2800, 0x28FF),
                  (ord("✔"), ord("✔")), (ord("✘"), ord("✘")))
_NARROW = frozenset(chr(code) for first, last in _NARROW_RANGES for code in range(first, last + 1))
# Characters two cells wide in every Unicode version rich knows (4.1 on): Hangul compatibility
# jamo (but the filler, U+3164, which takes none), the CJK unified ideographs of Unicode 4.1,
# Hangul syllables, full-width forms.
_WIDE = ((0x3131, 0x3163), (0x3165, 0x318E), (0x4E00, 0x9FBB), (0xAC00, 0xD7A3), (0xFF01, 0xFF60))
# rich measures a table for the console in at most this many cells (text.py's ``_summary``).
MEASURED = 10_000


def known_width(text: str) -> int | None:
    """The cells ``text`` takes in a terminal (a Hangul syllable takes two), or None where a
    character's width is not one this module knows for certain."""
    if _NARROW.issuperset(text):
        return len(text)
    if _KNOWN.fullmatch(text) is None:
        return None
    return 2 * len(text) - len(_WIDE_CHARACTERS.sub("", text))  # (one cell each, and one more each wide one)


def _class(ranges: Sequence[tuple[int, int]]) -> str:
    """A pattern's class of the characters of ``ranges`` (first and last of each, inclusive)."""
    return "[" + "".join(f"\\U{first:08x}-\\U{last:08x}" for first, last in ranges) + "]"


# The characters of _WIDE, and those of _NARROW or _WIDE, as patterns: a name in Korean is measured
# in C rather than a character at a time.
_WIDE_CHARACTERS = re.compile(_class(_WIDE))
_KNOWN = re.compile(_class(_NARROW_RANGES + _WIDE) + "*")


def table_lines(headers: Sequence[str], right_from: int, rows: Sequence[Sequence[Text]], caption: str) -> list[Text] | None:
    """The table's lines: the header, its rule, one line a row, and the caption. Columns from
    ``right_from`` on are justified right. A cell is one piece of text with at most a style of
    its own (``Text(s)`` or ``Text(s, style=...)``); None where rich must lay the table out."""
    header_cells = [known_width(header) for header in headers]
    measured = [header_cells]
    for row in rows:
        if any(cell.spans for cell in row):
            return None
        measured.append([known_width(cell.plain) for cell in row])
    if any(width is None for cells in measured for width in cells):
        return None
    widths = [max(column) for column in zip(*measured)]  # type: ignore[type-var]
    last = len(headers) - 1
    total = sum(widths) + 3 * last  # a divider, and a cell of padding each side of it
    if total > MEASURED:
        return None

    def justified(text: str, n: int, cells: int) -> str:
        padding = " " * (widths[n] - cells)
        return padding + text if n >= right_from else text + padding

    pieces: list[tuple[str, str]] = []
    for n, (header, cells) in enumerate(zip(headers, header_cells)):  # bold, and its padding bold apart from it
        if n:
            pieces += [(" ", ""), (" ", "bold")]
        pieces.append((justified(header, n, cells), "bold"))  # type: ignore[arg-type]
        if n < last:
            pieces.append((" ", "bold"))
    lines = [_line(pieces), Text("─" * total)]
    for row, row_cells in zip(rows, measured[1:]):
        pieces = []
        for n, (cell, cells) in enumerate(zip(row, row_cells)):
            if n:
                pieces.append(("  ", ""))  # the divider and the cell's padding on the left
            pieces.append((justified(cell.plain, n, cells), cell.style))  # type: ignore[arg-type]
            if n < last:
                pieces.append((" ", ""))
        lines.append(_line(pieces))
    lines.append(Text(caption, style="bold"))
    return lines


def _line(pieces: Sequence[tuple[str, str]]) -> Text:
    """One line of pieces, each styled apart (as rich writes each of its segments)."""
    line = Text()
    at = 0
    for piece, style in pieces:
        if style and piece:
            line.spans.append((at, at + len(piece), style))
        at += len(piece)
    line.plain = "".join(piece for piece, _ in pieces)
    return line
