"""Reading the files a product refers to, without leaving the user's tree.

A product names its index, constituent list, market data and PDF by paths relative to the file
that names them. Those paths may not leave the root (the directory tree of the file the user named,
or ``--root``): an absolute path, ``../`` past the root, or a symbolic link out of it is refused, and
the message never shows what is at the target. Nothing is fetched from a URL.
"""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from typing import BinaryIO, Iterator

from ..errors import InputError, Location

# The largest file read. The largest real input is the daily market data of a broad index (10,000
# issues over three months: 630,000 rows, about 30 MB). A file at the limit loads in about half a
# minute and a gigabyte of memory (docs/robustness.md); 256 MiB, the limit before, took four times that.
MAX_FILE_BYTES = 64 * 1024 * 1024

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file as the user sees it (``display``, relative where they wrote it) and where it is."""

    display: str
    real: str


class RealPaths:
    """Real paths resolved once for as long as a loader reads: the root, the working directory and
    an index's file are the same for each of a thousand products, and resolving a path asks the
    system about each of its directories."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}

    def of(self, path: str) -> str:
        """``os.path.realpath(path)``, resolved once, and from the real path of its directory: a
        product's folder is asked about once, and its PDF beside it is one more question, not one
        for each directory above it. (Up the path to a directory already known, then down: a
        path of a thousand steps is a loop, not a thousand calls deep.)"""
        real = self._known.get(path)
        if real is not None:
            return real
        pending = []  # the path and the directories above it not yet known, nearest the path first
        current = path
        while self._known.get(current) is None:
            if not self._plain(current):
                self._known[current] = os.path.realpath(current)
                break
            pending.append(current)
            current = os.path.dirname(current)
        for step in reversed(pending):
            # realpath resolves a path a step at a time, each from where the steps before it led:
            # the last step of a path written plainly, when it names no link, is that entry of the
            # real directory, whether it exists or not.
            directory, name = os.path.split(step)
            real = os.path.join(self._known[directory], name)
            if os.path.islink(real):
                real = os.path.realpath(step)
            else:
                self._known.setdefault(real, real)  # a real path is its own
            self._known[step] = real
        return self._known[path]

    @staticmethod
    def _plain(path: str) -> bool:
        """Whether the path's last step is read plainly from its directory's real path: not a
        top (no directory), not an empty, ``.`` or ``..`` step, which realpath reads its own ways."""
        directory, name = os.path.split(path)
        return bool(directory) and name not in ("", os.curdir, os.pardir) and "\0" not in path \
            and os.path.normpath(path) == path

    def under(self, directory: str, reference: str) -> str:
        """``os.path.realpath(os.path.join(directory, reference))`` for a ``directory`` that is a
        real path: its ``..`` steps are taken off that directory first (as realpath takes them, a
        real directory having no link to follow back), so that ``../../indices/i00/index.yaml``
        written in a thousand product folders is one path, resolved once."""
        step = os.pardir + os.sep
        if os.altsep is None:
            while reference.startswith(step) and not reference.startswith(os.sep, len(step)):
                directory, reference = os.path.dirname(directory), reference[len(step):]
        return self.of(os.path.join(directory, reference))


def default_root(named_file: str, real: str | None = None, real_paths: RealPaths | None = None,
                 home: str | None = None) -> str:
    """The tree a named file's references may use: the working directory (or ``home``, where it is
    given) when the file is in it (the usual case: a repository of products checked from its top),
    else the file's directory. ``real``: the file's real path, where it is known."""
    here = os.getcwd() if home is None else home
    here = real_paths.of(here) if real_paths is not None else os.path.realpath(here)
    real = real or os.path.realpath(named_file)
    if within(here, real):
        return here
    return os.path.dirname(real)


def within(directory: str, path: str) -> bool:
    """Whether the real path ``path`` is the real directory ``directory`` or under it: what
    ``os.path.commonpath([directory, path]) == directory`` says of real paths (absolute, without
    an empty, . or .. step, nor a trailing separator but the root's), without splitting both."""
    return path == directory or path.startswith(directory if directory.endswith(os.sep) else directory + os.sep)


def named_file(path: str, real_paths: RealPaths | None = None) -> SourceFile:
    """The file named ``path``; ``real_paths``: the paths a loader has resolved already."""
    real = real_paths.of(path) if real_paths else os.path.realpath(path)
    return SourceFile(display=_shown(path, real, real_paths), real=real)


def _shown(path: str, real: str, real_paths: RealPaths | None = None) -> str:
    """``path`` as a report shows it: normalised (``a/./b`` -> ``a/b``), unless taking out a ``..``
    would name another file (``link/../x`` where ``link`` leads elsewhere): then as it is written,
    so that a report, and a waiver matched by it, never names a file that was not read."""
    shown = os.path.normpath(path)
    if ".." in path.replace("\\", "/").split("/") and (real_paths.of(shown) if real_paths else os.path.realpath(shown)) != real:
        return path
    return shown


def resolve_reference(base: SourceFile, reference: str, root: str, where: Location,
                      real_paths: RealPaths | None = None) -> SourceFile:
    """Resolve ``reference`` written in ``base``; refuse anything outside ``root``. ``real_paths``:
    the paths a loader has resolved already."""
    if _URL.match(reference):
        raise InputError.at(where, f"'{reference}' is a URL; files are only read from disk",
                            "download the file into the repository and name it by a relative path",
                            ko=f"'{reference}'은(는) URL입니다. 파일은 디스크에서만 읽습니다",
                            hint_ko="파일을 저장소에 내려받아 상대 경로로 지정하세요")
    if os.path.isabs(reference) or reference.startswith("~"):
        raise InputError.at(where, f"'{reference}' is an absolute path",
                            "name the file relative to the file that refers to it",
                            ko=f"'{reference}'은(는) 절대 경로입니다",
                            hint_ko="참조하는 파일을 기준으로 한 상대 경로로 지정하세요")
    if not reference.strip():
        raise InputError.at(where, "the path is empty", "name the file by its path, relative to this file",
                            ko="경로가 비어 있습니다", hint_ko="이 파일을 기준으로 한 상대 경로로 파일을 지정하십시오")
    if "\0" in reference:
        raise InputError.at(where, "the path contains a NUL character", "name the file by its path",
                            ko="경로에 NUL 문자가 있습니다", hint_ko="파일을 경로로 지정하십시오")
    if real_paths is None:
        real = os.path.realpath(os.path.join(os.path.dirname(base.real), reference))
        root_real = os.path.realpath(root)
    else:
        real = real_paths.under(os.path.dirname(base.real), reference)
        root_real = real_paths.of(root)
    display = _shown(os.path.join(os.path.dirname(base.display), reference), real, real_paths)
    if not within(root_real, real):
        raise InputError.at(where, f"'{reference}' leads outside the tree being checked",
                            "keep referenced files under the product's directory tree, or set --root",
                            ko=f"'{reference}'은(는) 검사 대상 디렉터리 밖을 가리킵니다",
                            hint_ko="참조 파일을 상품 파일의 디렉터리 아래에 두거나 --root를 지정하세요")
    return SourceFile(display=display, real=real)


# The files read while a loader records them (``recording``), by the name the user sees, with the
# SHA-256 of their bytes: a filing's evidence names exactly what was checked.
_RECORDING: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar("recording", default=None)


@contextlib.contextmanager
def recording() -> Iterator[dict[str, str]]:
    """Within the block, every file ``read_text`` reads is added to the dict it yields."""
    digests: dict[str, str] = {}
    token = _RECORDING.set(digests)
    try:
        yield digests
    finally:
        _RECORDING.reset(token)


def record_digest(source: SourceFile, digest: str | None = None) -> None:
    """Record the SHA-256 of a file read other than by ``read_text`` (the columnar reader), read a
    block at a time unless ``digest`` gives it, while a loader records; nothing otherwise."""
    digests = _RECORDING.get()
    if digests is None:
        return
    digests[source.display] = digest if digest is not None else file_digest(source)


def file_digest(source: SourceFile) -> str:
    """The SHA-256 of a file's bytes, read a block at a time."""
    digest = hashlib.sha256()
    with open(source.real, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_regular(path: str) -> BinaryIO | None:
    """``path`` opened for reading in binary, without blocking, when it is a regular file; None for
    anything else (a pipe is not waited on, a device not read) or a file that cannot be opened:
    for a quick look, the full read saying what is wrong with it."""
    try:
        stream = os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)), "rb")
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
        stream.close()
        return None
    return stream


def read_text(source: SourceFile, where: Location | None = None) -> str:
    """The file's text (UTF-8, a BOM accepted); an InputError with a position when unreadable."""
    return decode_utf8(read_bytes(source, where), source)


def read_bytes(source: SourceFile, where: Location | None = None) -> bytes:
    """The file's bytes (a regular file of at most MAX_FILE_BYTES); an InputError with a position
    when unreadable."""
    at = where or Location(source.display)
    name = f"{source.display}: " if where else ""  # a named file's position already says which
    try:
        # Opened without blocking and checked before reading: a pipe or a device (/dev/zero) named
        # as a file must not hang the check or fill the memory.
        handle = os.open(source.real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            status = os.fstat(handle)
            if stat.S_ISDIR(status.st_mode):
                raise IsADirectoryError
            if not stat.S_ISREG(status.st_mode):
                raise InputError.at(at, f"{name}not a regular file (a pipe, a socket or a device)",
                                    ko=f"{name}일반 파일이 아닙니다(파이프, 소켓 또는 장치)")
            size = status.st_size
            if size > MAX_FILE_BYTES:
                raise InputError.at(at, f"{name}{size:,} bytes; at most {MAX_FILE_BYTES:,} are read",
                                    ko=f"{name}{size:,}바이트입니다. 최대 {MAX_FILE_BYTES:,}바이트까지 읽습니다")
            data = _read_to_end(handle, size)
            if len(data) > MAX_FILE_BYTES:  # it grew while being read
                raise InputError.at(at, f"{name}more than {MAX_FILE_BYTES:,} bytes; at most {MAX_FILE_BYTES:,} are read",
                                    ko=f"{name}{MAX_FILE_BYTES:,}바이트를 넘습니다. 최대 {MAX_FILE_BYTES:,}바이트까지 읽습니다")
        finally:
            os.close(handle)
    except FileNotFoundError:
        raise InputError.at(at, f"{name}no such file", ko=f"{name}파일이 없습니다") from None
    except IsADirectoryError:
        raise InputError.at(at, f"{name}a directory, not a file", ko=f"{name}파일이 아니라 디렉터리입니다") from None
    except OSError as error:
        raise InputError.at(at, f"{name}cannot be read: {error.strerror}",
                            ko=f"{name}읽을 수 없습니다: {error.strerror}") from None
    digests = _RECORDING.get()
    if digests is not None:
        digests[source.display] = hashlib.sha256(data).hexdigest()
    return data


def _read_to_end(handle: int, size: int) -> bytes:
    """The bytes of the open file ``handle`` to its end, or the first MAX_FILE_BYTES + 1 of them,
    read straight into bytes of the ``size`` it has (one more, should it grow): a buffered read
    of MAX_FILE_BYTES + 1 made room for all of them for every file, however small."""
    parts: list[bytes] = []
    left = MAX_FILE_BYTES + 1
    while left:
        part = os.read(handle, min(left, 1 << 20 if parts else size + 1))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def decode_utf8(data: bytes, source: SourceFile) -> str:
    """``data`` as UTF-8 text (a BOM accepted); an InputError at the first byte that is not, or at
    a NUL character."""
    try:
        # What decoding as utf-8-sig does (a positioned error counts from after the BOM), without
        # its codec's Python function: the BOM taken off, the rest decoded in C.
        text = data[3:].decode("utf-8") if data.startswith(codecs.BOM_UTF8) else data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise InputError.at(Location(source.display, line, column), "the file is not UTF-8 text",
                            "save it as UTF-8", ko="UTF-8 텍스트 파일이 아닙니다",
                            hint_ko="UTF-8로 저장하세요") from None
    nul = text.find("\0")
    if nul >= 0:  # never in text: a binary file, or UTF-16 without its byte order mark
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise InputError.at(Location(source.display, line, column), "the file holds a NUL character, which text never does",
                            "is it a binary file, or UTF-16? Save it as UTF-8 text",
                            ko="파일에 NUL 문자가 있습니다. 텍스트 파일에는 없는 문자입니다",
                            hint_ko="바이너리 파일이거나 UTF-16 파일입니까? UTF-8 텍스트로 저장하십시오")
    return composed(text)


def composed(text: str) -> str:
    """``text`` in Unicode's composed form (NFC). Korean may be saved decomposed, a syllable as
    its letters (NFD: files exported on macOS): it prints the same, but 정보기술 so written is not
    정보기술 to a comparison, and would make an industry group, an issuer or a share class of its
    own. A line keeps its number; a column after decomposed text counts its syllables."""
    if text.isascii():
        return text
    import unicodedata  # (text that is not ASCII only)

    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
