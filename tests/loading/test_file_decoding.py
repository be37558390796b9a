"""A file's bytes are read as UTF-8 text, a BOM accepted, exactly as decoding as utf-8-sig reads
them: the same text, or the same position of the first byte that is not UTF-8."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from etf_listing.errors import InputError
from etf_listing.loading.files import SourceFile, decode_utf8


@settings(max_examples=500, deadline=None)
@given(st.booleans(), st.lists(st.sampled_from([b"a", b"\n", "가".encode(), b"\xef\xbb\xbf", b"\xff", b"\xea\xb0"]),
                               max_size=8).map(b"".join))
def test_a_file_is_decoded_as_utf_8_sig_decodes_it(bom: bool, body: bytes) -> None:
    """The text, or the positioned error, that decoding as utf-8-sig gives (its error counts from
    after the BOM, as it always has)."""
    data = b"\xef\xbb\xbf" * bom + body
    source = SourceFile("f.csv", "f.csv")
    try:
        expected: object = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        expected = f"f.csv:{line}:{column}"
    try:
        found: object = decode_utf8(data, source)
    except InputError as error:
        found = str(error.problems[0].location)
    assert found == expected
