"""A report's pieces, text or already in UTF-8, are written as the text they make, wherever they go.

A JSON report's products' parts are kept in UTF-8 (``json_report.dumped``) and written out as they
are where the output takes UTF-8 bytes; everywhere else they are decoded and written as text. The
bytes that arrive are the same either way.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from etf_listing.checker import Checker, _utf8_bytes_of
from etf_listing.options import EXIT_ELIGIBLE, Options

TEXT = '{\n  "이름": "배치 ETF",\n  "figures": ["0.95"]\n}\n'
PIECES: list[str | bytes] = ['{\n  "이름": ', '"배치 ETF"'.encode(), ',\n  "figures": ', '["0.95"]'.encode(), "\n}\n"]


def checker(stdout) -> Checker:
    return Checker(Options(format="json"), stdout=stdout)


def standard_output(encoding: str = "utf-8") -> tuple[io.BytesIO, io.TextIOWrapper]:
    """A standard output of ``encoding`` that translates no line end, and the bytes it writes."""
    raw = io.BytesIO()
    return raw, io.TextIOWrapper(raw, encoding=encoding, newline="\n")


def test_pieces_reach_standard_output_as_its_own_text_would_after_what_was_written_before(monkeypatch: pytest.MonkeyPatch):
    raw, stream = standard_output()
    monkeypatch.setattr(sys, "stdout", stream)
    stream.write("before\n")  # still in the text layer's buffer: it must come out first
    assert _utf8_bytes_of(stream) is (stream.buffer if os.linesep == "\n" else None)
    assert checker(stream).write(PIECES) == EXIT_ELIGIBLE
    stream.write("after\n")
    stream.flush()
    assert raw.getvalue() == ("before\n" + TEXT + "after\n").encode("utf-8")


def test_pieces_reach_a_text_only_stream_another_encoding_or_a_stream_given_as_text(monkeypatch: pytest.MonkeyPatch):
    text = io.StringIO()
    monkeypatch.setattr(sys, "stdout", text)
    assert _utf8_bytes_of(text) is None
    checker(text).write(PIECES)
    assert text.getvalue() == TEXT
    raw, korean_console = standard_output("cp949")
    monkeypatch.setattr(sys, "stdout", korean_console)
    assert _utf8_bytes_of(korean_console) is None
    checker(korean_console).write(PIECES)
    korean_console.flush()
    assert raw.getvalue() == TEXT.encode("cp949")
    # a stream a caller gives may translate line ends, which it cannot be asked: written as text
    raw = io.BytesIO()
    windows_lines = io.TextIOWrapper(raw, encoding="utf-8", newline="\r\n")
    assert _utf8_bytes_of(windows_lines) is None
    checker(windows_lines).write(PIECES)
    windows_lines.flush()
    assert raw.getvalue() == TEXT.replace("\n", "\r\n").encode("utf-8")


def test_a_standard_output_of_utf8_with_a_bom_or_a_name_python_does_not_know_takes_text(monkeypatch: pytest.MonkeyPatch):
    _, bom = standard_output("utf-8-sig")
    monkeypatch.setattr(sys, "stdout", bom)
    assert _utf8_bytes_of(bom) is None

    class Unknown(io.StringIO):
        encoding = "no-such-encoding"
        buffer = io.BytesIO()

    unknown = Unknown()
    monkeypatch.setattr(sys, "stdout", unknown)
    assert _utf8_bytes_of(unknown) is None


def test_pieces_written_to_a_file_are_its_utf8_text(tmp_path: Path):
    output = tmp_path / "report.json"
    assert checker(io.StringIO()).write(PIECES, str(output)) == EXIT_ELIGIBLE
    assert output.read_bytes() == TEXT.encode("utf-8")
    assert json.loads(output.read_text(encoding="utf-8"))["이름"] == "배치 ETF"


def test_a_report_to_standard_output_is_the_same_bytes_as_to_a_file(in_repository: Path, tmp_path: Path,
                                                                    capfdbinary: pytest.CaptureFixture[bytes]):
    """The command's JSON report, whose document ``dumped`` gives in UTF-8, reaches standard output
    (a UTF-8 stream) byte for byte as ``--output`` writes it."""
    from etf_listing.cli import main

    product = "examples/value-up-passive/product.yaml"
    output = tmp_path / "report.json"
    main(["--format", "json", "--lang", "ko", "--output", str(output), product])
    capfdbinary.readouterr()
    main(["--format", "json", "--lang", "ko", product])
    written = capfdbinary.readouterr().out
    assert written == output.read_bytes() and any("가" <= character <= "힣" for character in written.decode("utf-8"))
    assert json.loads(written)["reports"][0]["file"] == product
