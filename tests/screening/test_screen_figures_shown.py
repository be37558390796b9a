"""The figures a screen's messages show are the ones the listing check's formatting writes, however
they are computed: an amount of whole won, the thousands of a universe, is written in integers."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from etf_listing.formatting import format_krw
from etf_listing.reporting import screen_json
from etf_listing.screening import messages
from etf_listing.screening.figures import exact_text
from etf_listing.screening.messages import MONEY, shared, shown
from etf_listing.vocabulary.rankings import Placement
from etf_listing.vocabulary.types import Number

WON = st.one_of(st.integers(min_value=0, max_value=10**24),
                st.integers(min_value=0, max_value=10**6).map(lambda n: n * 10**6 + 5 * 10**5),  # halves of a rounding step
                st.integers(min_value=0, max_value=10**9).map(lambda n: n * 10**4 + 5 * 10**3),
                st.sampled_from([0, 1, 999_999, 1_000_000, 999_999_999, 10**9, 10**12, 10**12 + 10**8, 1_234_567_890_123]))


@settings(max_examples=400)
@given(won=WON, lang=st.sampled_from(["en", "ko"]), negative=st.booleans())
def test_an_amount_of_whole_won_is_written_as_format_krw_writes_it(won: int, lang: str, negative: bool) -> None:
    messages._AMOUNTS.clear()
    expected = format_krw(Decimal(won), lang)
    amount = Decimal(-won) if negative else Decimal(won)
    assert shown(amount, MONEY, lang) == ("-" + expected if negative and won else expected)


def test_an_amount_with_a_fraction_of_a_won_is_written_by_format_krw() -> None:
    assert shown(Decimal("1234567.5"), MONEY, "en") == format_krw(Decimal("1234567.5"), "en")
    assert shown(Decimal("150000000.25"), MONEY, "ko") == format_krw(Decimal("150000000.25"), "ko")


def test_a_figure_is_written_as_given_to_four_places_and_rounded_beyond() -> None:
    assert shown(Decimal("0.10"), None) == "0.10"  # as written: 0.10 is not 0.1
    assert shown(Decimal("7E+3"), None) == "7000"
    assert shown(Decimal("-1.2345"), None) == "-1.2345"
    assert shown(Decimal("0.123456"), None) == "≈0.1235"
    assert shown(12345, None) == "12,345"
    assert shown(12345, Number("count")) == "12,345"


def test_a_shared_value_is_written_once_and_never_taken_for_another() -> None:
    a, b = Decimal("0.10"), Decimal("0.1")  # equal, written differently
    assert shared(a, None) == "0.10" and shared(b, None) == "0.1" and shared(a, None) == "0.10"
    assert shared(400, Number("count")) == "400" and shared(Decimal("5E+11"), MONEY, "ko") == "5,000억원"


@settings(max_examples=500)
@given(of=st.integers(min_value=1, max_value=10**7), data=st.data())
def test_a_rank_ratio_is_written_as_the_exact_text_of_its_fraction(of: int, data: st.DataObject) -> None:
    rank = data.draw(st.integers(min_value=1, max_value=of))
    screen_json._RATIOS.clear()
    assert screen_json._ratio_text(Placement(rank, of)) == exact_text(Fraction(rank, of))
