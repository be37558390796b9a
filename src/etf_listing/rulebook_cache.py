"""The parsed text of rulebooks, kept between runs in the user's cache directory.

Reading a rulebook's YAML (its values, and the line and column of each, for messages) is half of
loading it, and the text of a rulebook seldom changes between two runs. The parse is therefore kept
in ``$XDG_CACHE_HOME/etf-listing/rulebooks/`` (``~/.cache/etf-listing/rulebooks/`` without it),
never beside the rulebook, and used again only for the very same text:

- a file is named by the SHA-256 of the rulebook's text together with the package's version, the
  Python version, the YAML readers' own files and PyYAML's (each by its size and time of change)
  and the bound on the rulebook's values, so a changed rulebook, a new release or a changed reader
  never meets a parse made by another;
- a file holds a digest of its contents, and only plain data, checked value by value as it is read
  back (no object but a Decimal or a date is made from it); a file that is unreadable, damaged or
  not of this format is ignored and the text parsed again;
- only what the parser gave is kept: the rulebook is still checked and compiled from it on every
  run, so a verdict never depends on the cache (a test compares the two);
- nothing is written when the directory cannot be made or written to: the run goes on as without
  a cache; the directory keeps the ``KEPT`` parses written last.

Only the parse is kept: a compiled rule is a tree of Python functions, which cannot be written out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
import sys
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from .errors import Location
from .loading import yaml_source
from .loading.yaml_source import Document, Path
from .version import __version__

FORMAT = b"etf-listing parsed rulebook 1\n"
_READERS = ("yaml_source.py", "yaml_lines.py", "yaml_values.py", "yaml_parser.py")  # the YAML reader's modules
_DIGEST = 32  # bytes of SHA-256
KEPT = 64  # parses kept; the oldest go when a new one is written (each rulebook edited makes one)


class Positions(Mapping[Path, Location]):
    """Where each value of a document was written, kept as (line, column): a ``Location`` is made
    only for the positions a message or a rule asks for (a rulebook has a thousand)."""

    def __init__(self, file: str, pairs: dict[Path, tuple[int, int]]) -> None:
        self._file = file
        self._pairs = pairs

    def __getitem__(self, path: Path) -> Location:
        line, column = self._pairs[path]
        return Location(self._file, line, column)

    def __contains__(self, path: object) -> bool:
        return path in self._pairs

    def __iter__(self) -> Iterator[Path]:
        return iter(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)


def cache_directory() -> str | None:
    """Where parsed rulebooks are kept: under ``$XDG_CACHE_HOME``, else ``~/.cache``; None when
    neither can be named."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):  # the XDG rule: a relative path is ignored
        home = os.path.expanduser("~")
        if home == "~" or not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "etf-listing", "rulebooks")


def parsed_rulebook(text: str, file: str, max_values: int) -> Document:
    """``text`` parsed as ``yaml_source.parse_yaml`` parses it (positions named after ``file``),
    from the cache when this very text was parsed before, else parsed and kept."""
    directory = cache_directory()
    key = _key(text, max_values)
    if directory is None or key is None:
        return yaml_source.parse_yaml(text, file, max_values=max_values)
    path = os.path.join(directory, key + ".marshal")
    remembered = _read(path)
    if remembered is not None:
        data, values, keys = remembered
        return Document(file, data, Positions(file, values), Positions(file, keys))
    document = yaml_source.parse_yaml(text, file, max_values=max_values)  # InputError: nothing kept
    _write(path, directory, document)
    return document


def _key(text: str, max_values: int) -> str | None:
    """The name of the file that holds the parse of ``text``: everything the parse depends on (the
    readers' files, PyYAML's among them, known by their size and time of change: PyYAML is not
    imported to ask its version, as a run that reads no file through it never imports it)."""
    import importlib.machinery  # (imported with the interpreter; importlib.util is not, and costs milliseconds)

    if yaml_source.__file__ is None:  # (a reader whose files cannot be named: nothing kept)
        return None
    here = os.path.dirname(yaml_source.__file__)
    try:
        yaml = importlib.machinery.PathFinder.find_spec("yaml")  # where PyYAML is, without importing it
        if yaml is None or yaml.origin is None:
            return None
        readers = [os.stat(path) for path in (*(os.path.join(here, name) for name in _READERS), yaml.origin)]
    except (OSError, ImportError, ValueError):
        return None
    parts = [FORMAT.decode(), __version__, sys.version, *(f"{reader.st_size}:{reader.st_mtime_ns}" for reader in readers),
             str(max_values), text]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _read(path: str) -> tuple[Any, dict[Path, tuple[int, int]], dict[Path, tuple[int, int]]] | None:
    """The parse kept at ``path``, or None when there is none that can be trusted."""
    try:
        with open(path, "rb") as handle:
            blob = handle.read()
    except OSError:
        return None
    head = len(FORMAT) + _DIGEST
    if not blob.startswith(FORMAT) or hashlib.sha256(blob[head:]).digest() != blob[len(FORMAT):head]:
        return None
    try:
        data, values, keys = marshal.loads(blob[head:])
        return _decoded(data), _positions(values), _positions(keys)
    except Exception:  # noqa: BLE001 - a file that cannot be read back is ignored, whatever it holds
        return None


def _write(path: str, directory: str, document: Document) -> None:
    """Keep ``document``'s parse at ``path``; nothing when it cannot be written."""
    values = {where: (at.line, at.column) for where, at in document.values.items()}
    keys = {where: (at.line, at.column) for where, at in document.keys.items()}
    try:
        payload = marshal.dumps((_encoded(document.data), values, keys))
    except (ValueError, TypeError):  # a value that is not plain data: nothing kept
        return
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(FORMAT + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, path)  # another run reading it sees the old file or the whole new one
    except OSError:
        try:
            os.remove(temporary)
        except OSError:
            pass
        return
    _prune(directory)


# The values YAML gives (yaml_source): mappings with text keys, lists, text, integers, booleans,
# null, Decimals and dates. ``marshal`` (the interpreter's own format, read without importing
# anything) keeps the first six as they are; a Decimal and a date are written as a tuple, which no
# YAML value is: ("d", its digits as written) and ("t", YYYY-MM-DD).
_ATOMS = (str, int, type(None))  # bool is an int


def _encoded(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        return {key if type(key) is str else _refused(key): _encoded(item) for key, item in value.items()}
    if kind is list:
        return [_encoded(item) for item in value]
    if kind is Decimal:
        return ("d", str(value))
    if kind is dt.date:
        return ("t", value.isoformat())
    if kind in _ATOMS or kind is bool:
        return value
    return _refused(value)


def _decoded(value: Any) -> Any:
    kind = type(value)
    if kind is dict:
        return {key if type(key) is str else _refused(key): _decoded(item) for key, item in value.items()}
    if kind is list:
        return [_decoded(item) for item in value]
    if kind is tuple and len(value) == 2 and type(value[1]) is str:
        if value[0] == "d":
            return Decimal(value[1])
        if value[0] == "t":
            return dt.date.fromisoformat(value[1])
    if kind in _ATOMS or kind is bool:
        return value
    return _refused(value)


def _positions(found: Any) -> dict[Path, tuple[int, int]]:
    if type(found) is not dict or not all(type(path) is tuple and type(at) is tuple and len(at) == 2
                                          for path, at in found.items()):
        raise ValueError("not a table of positions")
    return found


def _refused(value: Any) -> Any:
    raise ValueError(f"not plain data: {type(value).__name__}")


def _prune(directory: str) -> None:
    """Remove all but the ``KEPT`` parses written last."""
    try:
        kept = [entry for entry in os.scandir(directory) if entry.name.endswith(".marshal")]
        kept.sort(key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
        for entry in kept[KEPT:]:
            os.remove(entry.path)
    except OSError:
        pass
