"""YAML written the way product and index files are, read a line at a time.

Most files this tool reads are block YAML of one shape: ``key: value`` lines, nested mappings
indented under ``key:``, lists of ``- value`` or ``- key: value`` items, comments, values plain or
quoted without escapes, ``[]`` and ``{}``. ``read_lines`` reads exactly that, straight from the lines, to the values and
the positions the YAML parser would give, and gives way (None) at anything else:
a flow collection with something in it, an anchor, alias or tag, a multi-line or block scalar, an escape, a key that is not a plain name, a
value left empty, a tab, a character outside YAML's printable set, a line break other than LF, a
second document, and anything that is not YAML. The parser's reading then decides and explains.

The parser is exact but makes several Python objects for every value (its events and their marks);
a product file costs it about as much as evaluating a rule. Every document this reads must be the one
the parser's reading gives, values and positions alike: a property test compares them on generated
documents and on every YAML file of the repository.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from ..errors import Location

Path = tuple[str | int, ...]
Scalar = Callable[[str], Any]  # a plain scalar's text -> its value (raising where it is none)

# A line: its indentation, a list item's dash and the spaces after it, a key and the colon with
# the spaces after it; and what is left: the value (or nothing, or a comment). A key is at most
# 1,024 characters, as YAML allows a plain key on one line (the parser refuses a longer one).
_LINE = re.compile(r"( *)(?:-( +)(?=[^ ]))?(?:([A-Za-z_][A-Za-z0-9_.-]{0,1023}):(?: +|$))?(.*)")
# Anything the reading leaves to the parser wherever it is: a tab, a carriage return, a byte order
# mark, a character YAML refuses or reads as a line break (NEL, LS, PS): every character outside
# YAML's printable set (``\n``, U+0020-007E, U+00A0-D7FF, U+E000-FFFD and beyond U+FFFF) or a line
# break but ``\n``. (Written as what is refused: the class of what is allowed takes ten times as
# long to compile, at every start.)
_NOT_HERE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
# What a plain value may not start with (YAML's indicators; a "-" only before a space).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_MAX_DEPTH = 32  # deeper than any file of this kind; the parser's reading keeps the real bound


def read_lines(text: str, file: str, max_values: int, scalar: Scalar) -> tuple[Any, dict[Path, Location],
                                                                                  dict[Path, Location]] | None:
    """The document's data, the position of each value and of each key (in the order the parser
    meets them), or None where the text is not of the one shape read here. ``scalar`` gives a
    plain value from its text (quoted values are text as written); its exceptions propagate (a
    value that is none, such as a date that does not exist, is for the parser's reading to explain)."""
    if _NOT_HERE.search(text):
        return None
    values: dict[Path, Location] = {}
    keys: dict[Path, Location] = {}
    # Each open collection: [its value, its path, its column, is a mapping, the key awaiting a
    # nested value (mappings), a list at its parent's column ("indentless")].
    stack: list[list[Any]] = []
    root: Any = None
    count = 0
    started = False
    match = _LINE.match
    frame: list[Any] = []  # the collection open (the stack's last)
    for number, line in enumerate(text.split("\n"), 1):
        indent, after_dash, key, rest = match(line).groups()  # type: ignore[union-attr]  # (every part optional)
        column = len(indent)
        if after_dash is None and key is not None and stack and column == frame[2] and frame[3] and frame[4] is None:
            pass  # the next key of the mapping open here: the usual line
        elif after_dash is None and key is None and (not rest or rest[0] == "#"):
            continue  # a blank line or a comment
        elif not started and root is None and line == "---":
            started = True  # a document start before anything else
            continue
        elif not stack:
            if root is not None or (after_dash is None and key is None):
                return None  # a second top-level value, or a document that is a scalar
            frame = [[] if after_dash is not None else {}, (), column, after_dash is None, None, False]
            root = frame[0]
            values[()] = Location(file, number, column + 1)
            count += 1
            stack.append(frame)
        else:
            dash = after_dash is not None
            while stack and (column < stack[-1][2] or (stack[-1][5] and column == stack[-1][2] and not dash)):
                if stack.pop()[4] is not None:
                    return None  # a key left without its value (an empty value)
            if not stack:
                return None
            frame = stack[-1]
            if frame[4] is not None:  # a key awaiting its value: a collection opens here
                if dash and column >= frame[2]:
                    opened: list[Any] = [[], frame[1] + (frame[4],), column, False, None, column == frame[2]]
                elif not dash and column > frame[2]:
                    opened = [{}, frame[1] + (frame[4],), column, True, None, False]
                else:
                    return None
                frame[0][frame[4]] = opened[0]
                frame[4] = None
                values[opened[1]] = Location(file, number, column + 1)
                count += 1
                if len(stack) >= _MAX_DEPTH:
                    return None
                stack.append(opened)
                frame = opened
            elif column != frame[2] or dash == frame[3]:
                return None  # not the next item of the collection open here
        if after_dash is not None:  # the next item of a list
            item: Path = frame[1] + (len(frame[0]),)
            at = column + 1 + len(after_dash)
            if key is None:
                value = _value(rest, scalar)
                if value is _NONE:
                    return None
                values[item] = Location(file, number, at + 1)
                frame[0].append(value)
                count += 1
                continue
            mapping: list[Any] = [{}, item, at, True, None, False]  # a mapping begins on the dash's line
            frame[0].append(mapping[0])
            values[item] = Location(file, number, at + 1)
            count += 1
            if len(stack) >= _MAX_DEPTH:
                return None
            stack.append(mapping)
            frame = mapping
            column = at
        elif key is None:
            return None  # a value where a key is due
        if key in frame[0]:
            return None  # a key written twice: the parser's reading says where
        path = frame[1] + (key,)
        keys[path] = Location(file, number, column + 1)
        count += 1
        value_column = len(line) - len(rest)
        if not rest or rest[0] == "#":
            frame[4] = key  # its value is the collection on the lines below
            continue
        value = _value(rest, scalar)
        if value is _NONE:
            return None
        values[path] = Location(file, number, value_column + 1)
        frame[0][key] = value
        count += 1
        if count > max_values:
            return None
    if root is None or count > max_values or any(frame[4] is not None for frame in stack):
        return None
    return root, values, keys


_NONE = object()  # a value this reading leaves to the parser


def _value(rest: str, scalar: Scalar) -> Any:
    """The value written ``rest`` (to the line's end, comment included),
    or ``_NONE`` where it is anything but a plain or simply quoted value on its own line."""
    first = rest[0]
    if first == "'" or first == '"':
        close = rest.find(first, 1)
        if close < 0:
            return _NONE
        inner, after = rest[1:close], rest[close + 1:]
        if first == '"' and "\\" in inner:
            return _NONE  # an escape
        if after.strip(" ") and not (after[0] == " " and after.lstrip(" ")[0] == "#"):
            return _NONE  # ('' in a single-quoted value, or more after the closing quote)
        return inner
    cut = rest.find(" #")
    text = (rest if cut < 0 else rest[:cut]).rstrip(" ")
    if text == "[]" or text == "{}":
        return [] if text == "[]" else {}  # an empty list or mapping, written as one (no participants)
    if (first in _INDICATORS and not (first == "-" and len(text) > 1 and text[1] != " ")) or ": " in text \
            or text.endswith(":") or not text:
        return _NONE
    return scalar(text)
