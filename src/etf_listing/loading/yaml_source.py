"""YAML as plain data, with the position of every value, and nothing but plain data.

Product, index and rulebook files are read with a loader of our own rules rather than PyYAML's:

- only plain data: mappings, sequences, strings, integers, decimals, booleans, null and dates; any
  tag that would build an object is refused;
- numbers that are not integers are read as exact Decimals, never floats;
- a number written with a leading zero (``005930``) stays a string, because it is a code;
- booleans are ``true``/``false`` only (``no`` is the string "no", as in YAML 1.2);
- a key written twice is an error, not last-one-wins;
- alias expansion and nesting are bounded, so a small file cannot become a large document.

Every value's position is kept in a side table keyed by its path, so that findings and errors can
point at the line of the user's file they are about.

A file of the usual shape (block mappings and lists of plain or simply quoted values) is read from
its lines (``yaml_lines``); any other through PyYAML's parser (``yaml_parser``), imported only
then: a run whose files are all of the usual shape, its rulebook's parse kept
(``rulebook_cache``), never loads PyYAML. Both give the same document, values and positions alike,
and read each plain value with the same function, whose types the parser's resolver is given too
(``IMPLICIT``).
"""

from __future__ import annotations

from .yaml_lines import read_lines
from .yaml_values import IMPLICIT, MAX_ALIAS_VALUES, MAX_DEPTH, MAX_NODES, Document, Path, _plain_scalar, scalar_value

__all__ = ["IMPLICIT", "MAX_ALIAS_VALUES", "MAX_DEPTH", "MAX_NODES", "Document", "Path", "parse_yaml", "scalar_value"]


def parse_yaml(text: str, file: str, max_values: int = MAX_NODES) -> Document:
    """Parse one YAML document from ``text``; raise InputError with a position when it is not data.
    ``max_values`` bounds the values the document may hold, aliases expanded."""
    try:
        lines = read_lines(text, file, max_values, _plain_scalar)
    except Exception:  # a value to explain (a date that does not exist): the parser's reading does
        lines = None
    if lines is not None:
        return Document(file, *lines)
    from . import yaml_parser

    return yaml_parser.parse(text, file, max_values)
