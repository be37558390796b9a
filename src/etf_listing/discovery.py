"""Which files to check: product files found in directories, and the products a change affects.

A product file is a YAML file whose top-level ``kind`` is ``etf-product``. Telling one apart is a
cheap look at its lines, not a load: a repository holds many YAML files, and the command must stay
quick as a pre-commit hook. Results are sorted, so a run never depends on the order the file
system lists a directory in.

A change to a file that is not a product (an index, or any file a product or its index names in
a field that takes a file: constituents, market data, a PDF, holdings ...) affects the products
that refer to it; ``affected_products`` finds them by reading each product's references (and its
index's), never the data files themselves.
"""

from __future__ import annotations

import fnmatch
import glob
import os
import re
from typing import Iterable, Iterator, TypeGuard

from .errors import InputError, Location, Problem
from .kinds import close_kind, kind_problem
from .loading.files import named_file, open_regular, read_text
from .loading.shapes import IndexDocument, ProductDocument, file_fields
from .loading.yaml_source import parse_yaml

YAML_SUFFIXES = (".yaml", ".yml")  # in any case: pre-commit hands product.YAML over as YAML
HEAD_BYTES = 1024 * 1024  # a product file is small; a big YAML file is data, looked at only this far
LOOK_BYTES = 64 * 1024  # how far the hints of a product file (its index, its rulebook) are looked for
HEADS_KEPT_BYTES = LOOK_BYTES  # the heads a run keeps (``Heads``): those of files this small, whole
_PRODUCT_KIND = re.compile(r"^kind:[ \t]*(['\"]?)etf-product\1[ \t\r]*(?:#.*)?$", re.MULTILINE)

# A run's heads of the files it looks at, by path: each file is read once for all its looks (is it
# a product, is its kind misspelt, which index and which rulebook does it name), not once a look.
# Only the heads of files of at most HEADS_KEPT_BYTES are kept, whole (a product file is that
# small); a look at a larger file reads it.
Heads = dict[str, "str | None"]


def is_yaml_name(path: str) -> bool:
    """Whether ``path`` is named as a YAML file (``.yaml`` or ``.yml``, in any case)."""
    return path.lower().endswith(YAML_SUFFIXES)


def head(path: str, heads: Heads | None = None, limit: int = HEAD_BYTES) -> str | None:
    """The text of the first ``limit`` bytes of the regular file ``path`` (UTF-8, a BOM dropped, a
    byte that is not UTF-8 replaced), for a quick look; None for anything else (a pipe is not
    waited on, a device not read) or a file that cannot be opened: the load says what is wrong.
    A head kept in ``heads`` is a whole file, which any limit from HEADS_KEPT_BYTES up reads whole."""
    if heads is not None and path in heads:
        return heads[path]
    stream = open_regular(path)
    if stream is None:
        text = None
        size = 0
    else:
        with stream:
            # (a read of HEAD_BYTES claims that much memory first; a size of 0 may be a file's
            # that does not say its size)
            size = os.fstat(stream.fileno()).st_size
            text = stream.read(min(size + 1, limit) if size else limit).decode("utf-8-sig", errors="replace")
    if heads is not None and size <= HEADS_KEPT_BYTES and (size or not text):  # (a file that says no size: not kept)
        heads[path] = text
    return text


def is_product_file(path: str, heads: Heads | None = None) -> bool:
    """Whether ``path`` is a YAML file whose top-level ``kind`` is ``etf-product``: a plain
    ``kind: etf-product`` line, else (the kind quoted as JSON writes it, tagged, or on the next
    line) the parse of a file that mentions both; a file that cannot be parsed is none.
    ``heads``: the run's heads (``Heads``)."""
    if not is_yaml_name(path):
        return False
    text = head(path, heads)
    if text is None:
        return False
    if _PRODUCT_KIND.search(text) is not None:
        return True
    if "kind" not in text or "etf-product" not in text:
        return False
    document = _data(path)
    return isinstance(document, dict) and document.get("kind") == "etf-product"


_KIND_LINE = re.compile(r"^kind:[ \t]*(['\"]?)([^'\"#\r\n]*?)\1[ \t\r]*(?:#.*)?$", re.MULTILINE)


def named_rulebook(path: str, heads: Heads | None = None) -> str | None:
    """The rulebook a product file names on a plain top-level ``rulebook:`` line, if any (a quick
    look, not a load)."""
    for line in _head_lines(path, heads):
        if line.startswith("rulebook:"):
            return line[len("rulebook:"):].split(" #")[0].strip().strip("'\"") or None
    return None


def _head_lines(path: str, heads: Heads | None) -> list[str]:
    """The lines of the file's first ``LOOK_BYTES`` (``head``), for a quick look; none for a file
    that is not regular or cannot be opened."""
    return (head(path, heads, LOOK_BYTES) or "").splitlines()


def named_index(path: str, heads: Heads | None = None) -> str | None:
    """The index file a product file names on a plain ``index:`` line of its top-level
    ``underlying:`` block, if any (a quick look, not a load: a hint of what its load will read)."""
    inside = False
    for line in _head_lines(path, heads):
        if not line[:1].isspace():
            inside = line.split(" #")[0].rstrip() == "underlying:"
        elif inside and line.lstrip().startswith("index:"):
            return line.lstrip()[len("index:"):].split(" #")[0].strip().strip("'\"") or None
    return None


def misspelt_kind(path: str, heads: Heads | None = None) -> Problem | None:
    """A problem at ``path``'s top-level ``kind`` line when its kind is a misspelt kind of this
    tool's (``kind: etf_product``); None for every other file."""
    if not is_yaml_name(path):
        return None
    text = head(path, heads)
    match = _KIND_LINE.search(text) if text is not None else None
    if text is None or match is None:
        return None
    kind = match.group(2)
    known = close_kind(kind)
    if known is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    column = match.start(2) - match.start() + 1 - len(match.group(1))
    return kind_problem(Location(os.path.normpath(path), line, column), kind, known)


def misspelt_kinds(paths: Iterable[str], heads: Heads | None = None) -> list[Problem]:
    """The misspelt kinds among ``paths``, in order."""
    return [problem for problem in (misspelt_kind(path, heads) for path in paths) if problem is not None]


def product_files(directory: str, heads: Heads | None = None, among: Iterable[str] | None = None) -> list[str]:
    """The product files under ``directory``, sorted; hidden directories (``.git``) are skipped.
    ``among``: its YAML files (``yaml_files``), where they are listed already."""
    return sorted(path for path in (yaml_files(directory) if among is None else among) if is_product_file(path, heads))


def yaml_files(directory: str) -> Iterator[str]:
    """The YAML files under ``directory``, folder by folder in name order. A folder that is a
    symbolic link is walked too (its products are under the directory as the user sees it), once:
    a folder reached again by its real path (a link back up the tree, or two links to one folder)
    is not walked again."""
    seen: set[str] = set()
    for folder, subfolders, files in os.walk(directory, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            subfolders[:] = []
            continue
        seen.add(real)
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            if is_yaml_name(name):
                yield os.path.normpath(os.path.join(folder, name))


def affected_products(changed: Iterable[str], root: str, also: Iterable[str] = ()) -> list[str]:
    """Products to check after ``changed`` files changed: the product files among them, every
    product under ``root`` that refers, directly or through its index, to a changed file, and every
    product there that refers to a file that is not there (pre-commit never passes a deleted file,
    and a renamed one only by its new name). A change to one of ``also`` (the rulebook) affects
    every product. A product is named once, as it was changed where it was (``--root`` may spell
    the tree otherwise: ``/repo`` for ``.``)."""
    changed = list(changed)
    real = {os.path.realpath(path) for path in changed}
    everything = any(os.path.realpath(path) in real for path in also)
    selected = {os.path.realpath(path): os.path.normpath(path) for path in changed if is_product_file(path)}
    indices: dict[str, References] = {}
    for product in product_files(root):
        key = os.path.realpath(product)
        if key in selected:
            continue
        if everything:
            selected[key] = product
            continue
        references = _references(product, indices)
        if references.touched(real) or references.missing():
            selected[key] = product
    return sorted(selected.values())


def work_tree_top() -> str | None:
    """The top of the git work tree the working directory is in, relative to it (``.`` at the
    top): where pre-commit runs the hook from, and so the tree ``--changed`` searches when a person
    runs it by hand from a folder further down. None outside a work tree, or without git."""
    shown = _git("rev-parse", "--show-cdup")
    if shown is None:
        return None
    up = os.fsdecode(shown).rstrip("\n")
    return os.path.normpath(up) if up else os.curdir


def staged_deletions(top: str | None = None) -> list[str]:
    """The files the commit being made deletes, relative to the working directory, as git's index
    (the one the commit is made from) has them: pre-commit hands the hook no deleted file, so a
    commit that deletes one day's KRX download, which the index's glob still matches without it,
    would check nothing. A file renamed counts as deleted under its old name (pre-commit hands over
    only the new one), and deletions anywhere in the work tree count, whatever folder the command
    runs in. ``top``: the work tree's top (``work_tree_top``), where it is known. No file outside
    a git work tree, or without git."""
    top = work_tree_top() if top is None else top
    if top is None:
        return []
    # (diff-index, a command of git's plumbing, reads no diff.renames nor diff.relative setting:
    # every path is from the top, and a rename is a deletion and an addition)
    listed = _git("diff-index", "--cached", "--name-only", "--no-renames", "--diff-filter=D", "-z", "HEAD")
    if listed is None:  # (also a repository without a commit yet: nothing in it can be deleted)
        return []
    return [os.path.normpath(os.path.join(top, os.fsdecode(name))) for name in listed.split(b"\0") if name]


def _git(*arguments: str) -> bytes | None:
    """What ``git ARGUMENTS`` writes, run in the working directory; None when it fails or there is
    no git."""
    import subprocess

    try:
        done = subprocess.run(["git", *arguments], capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


class References:
    """What a product reads, as discovery finds it: files by their real paths, the globs of KRX
    daily downloads (a folder's real path and the pattern written there), and those of its index
    (one ``References`` that all the products naming the index share, looked at once)."""

    def __init__(self) -> None:
        self.files: set[str] = set()
        self.globs: set[tuple[str, str]] = set()
        self.absent = False  # a glob that matches no file, or a rulebook file that is not there
        self.parts: list[References] = []
        self._missing: bool | None = None

    def touched(self, real: set[str]) -> bool:
        """Whether one of the ``real`` paths is read (a new day's download matches its glob)."""
        return (bool(real & self.files)
                or any(_glob_matches(folder, pattern, path) for folder, pattern in self.globs for path in real)
                or any(part.touched(real) for part in self.parts))

    def missing(self) -> bool:
        """Whether a file read is not there, or a glob matches none."""
        if self._missing is None:
            self._missing = (self.absent or not all(map(os.path.exists, self.files))
                             or any(part.missing() for part in self.parts))
        return self._missing


def _references(product: str, indices: dict[str, References]) -> References:
    """What ``product`` reads: its index, the index's files, its own files (PDF, holdings,
    history) and a rulebook file it names. A file that cannot be parsed has no references here:
    checking it will say what is wrong."""
    found = References()
    document = _data(product)
    if not isinstance(document, dict):
        return found
    underlying = document.get("underlying")
    index = underlying.get("index") if isinstance(underlying, dict) else None
    if _is_path(index):
        index_path = _beside(product, index)
        found.files.add(index_path)
        if index_path not in indices:
            index_document = _data(index_path)
            indices[index_path] = (_files(index_path, index_document, INDEX_FILE_FIELDS)
                                   if isinstance(index_document, dict) else References())
        found.parts.append(indices[index_path])
    elif isinstance(index, dict):
        found.parts.append(_files(product, index, INDEX_FILE_FIELDS))
    found.parts.append(_files(product, document, PRODUCT_FILE_FIELDS))
    _add_rulebook(found, product, document.get("rulebook"))
    return found


# The fields that name files, as the loader reads them (``loading.shapes``).
PRODUCT_FILE_FIELDS = file_fields(ProductDocument)
INDEX_FILE_FIELDS = file_fields(IndexDocument)


def _files(file: str, document: dict[object, object], fields: tuple[str, ...]) -> References:
    """The files ``document`` (written in ``file``) names in ``fields``: a path, a KRX PDF
    download's ``file``, or a KRX daily downloads' glob. Rows written inline name none."""
    found = References()
    for field in fields:
        value = document.get(field)
        if isinstance(value, dict) and value.get("format") == "krx-pdf":
            value = value.get("file")
        elif isinstance(value, dict) and value.get("format") == "krx-daily":
            pattern = value.get("files")
            if _is_path(pattern) and pattern:
                folder = os.path.dirname(os.path.realpath(file))
                matched = _glob_files(folder, pattern)
                found.globs.add(_glob_base(folder, pattern))
                found.files |= matched
                found.absent = found.absent or not matched
            continue
        if _is_path(value):
            found.files.add(_beside(file, value))
    return found


def _add_rulebook(found: References, product: str, named: object) -> None:
    """A rulebook file the product names, resolved as the checker resolves it
    (``watch.choice.rulebook_file``); a shipped rulebook's name is no file."""
    if not _is_path(named) or not named:
        return
    from .watch.choice import rulebook_file  # (only for a product that names a rulebook)

    path = rulebook_file(named, product)
    if path is None:
        return
    if os.path.exists(path):
        found.files.add(os.path.realpath(path))
    else:
        found.absent = True  # renamed or deleted: its product cannot be checked as it was


def _glob_files(folder: str, pattern: str) -> set[str]:
    """The real paths of the files ``pattern`` matches in ``folder``, as the loader globs them."""
    return {os.path.realpath(path) for path in glob.glob(os.path.join(glob.escape(folder), pattern))}


def _glob_base(folder: str, pattern: str) -> tuple[str, str]:
    """The real path of the folder that ``pattern``'s leading names without a wildcard lead to from
    ``folder``, and the rest of the pattern: a deleted download is known by its real path, which
    goes through no symbolic link (``krx/`` linked to ``../../downloads/krx``)."""
    parts = [part for part in re.split(r"[\\/]" if os.sep == "\\" else "/", pattern) if part not in ("", ".")]
    literal = 0
    while literal < len(parts) - 1 and re.search(r"[*?[]", parts[literal]) is None:
        literal += 1
    return os.path.realpath(os.path.join(folder, *parts[:literal])), os.sep.join(parts[literal:])


def _glob_matches(folder: str, pattern: str, path: str) -> bool:
    """Whether ``path`` is one ``pattern`` names in ``folder`` (a deleted download too): name by
    name, a wildcard never matching a hidden name, as glob matches."""
    names = os.path.relpath(path, folder).split(os.sep)
    parts = os.path.normpath(pattern).split(os.sep)
    return len(names) == len(parts) and all(
        fnmatch.fnmatchcase(name, part) and (part.startswith(".") or not name.startswith("."))
        for name, part in zip(names, parts))


def _is_path(reference: object) -> TypeGuard[str]:
    """Whether a reference can name a file at all (text without a NUL): one that cannot refers to
    no changed file, and checking its product says what is wrong with it."""
    return isinstance(reference, str) and "\x00" not in reference


def _beside(file: str, reference: str) -> str:
    return os.path.realpath(os.path.join(os.path.dirname(os.path.realpath(file)), reference))


def _data(path: str) -> object:
    """The data of the YAML file at ``path``, read within the loader's limits; None when it
    cannot be read or parsed."""
    try:
        return parse_yaml(read_text(named_file(path)), path).data
    except (OSError, InputError):
        return None
