"""A report's pieces, text or already in UTF-8, are written as the text they make, wherever they go.

A JSON report's products' parts are kept in UTF-8 (``json_report.dumped``) and written out as they
are where the output takes UTF-8 bytes; everywhere else they are decoded and written as text. The
bytes that arrive are the same either way.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from etf_listing.checker import Checker, _utf8_bytes_of
from etf_listing.options import EXIT_ELIGIBLE, Options

TEXT = '{\n  "이름": "배치 ETF",\n  "figures": ["0.95"]\n}\n'
PIECES: list[str | bytes] = ['{\n  "이름": ', '"배치 ETF"'.encode(), ',\n  "figures": ', '["0.95"]'.encode(), "\n}\n"]


def checker(stdout) -> Checker:
    return Checker(Options(format="json"), stdout=stdout)


def test_pieces_reach_a_utf8_stream_as_its_own_text_would_after_what_was_written_before():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", newline=None)
    stream.write("before\n")  # still in the text layer's buffer: it must come out first
    assert _utf8_bytes_of(stream) is stream.buffer
    assert checker(stream).write(PIECES) == EXIT_ELIGIBLE
    stream.write("after\n")
    stream.flush()
    assert raw.getvalue() == ("before\n" + TEXT + "after\n").encode("utf-8")


def test_pieces_reach_a_text_only_stream_or_another_encoding_as_text():
    text = io.StringIO()
    assert _utf8_bytes_of(text) is None
    checker(text).write(PIECES)
    assert text.getvalue() == TEXT
    raw = io.BytesIO()
    korean_console = io.TextIOWrapper(raw, encoding="cp949")
    assert _utf8_bytes_of(korean_console) is None
    checker(korean_console).write(PIECES)
    korean_console.flush()
    assert raw.getvalue() == TEXT.encode("cp949")


def test_a_stream_of_utf8_with_a_bom_or_a_name_python_does_not_know_takes_text():
    assert _utf8_bytes_of(io.TextIOWrapper(io.BytesIO(), encoding="utf-8-sig")) is None

    class Unknown(io.StringIO):
        encoding = "no-such-encoding"
        buffer = io.BytesIO()

    assert _utf8_bytes_of(Unknown()) is None


def test_a_utf8_stream_takes_the_bytes_where_line_ends_are_not_translated():
    assert (_utf8_bytes_of(io.TextIOWrapper(io.BytesIO(), encoding="UTF8")) is not None) == (os.linesep == "\n")


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
