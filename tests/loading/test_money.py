from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etf_listing.money import MoneyError, parse_krw


@pytest.mark.parametrize(
    "written, amount",
    [
        (7000000000, 7_000_000_000),
        ("7000000000", 7_000_000_000),
        ("7,000,000,000", 7_000_000_000),
        ("7e9", 7_000_000_000),
        (Decimal("7E+9"), 7_000_000_000),
        ("70억원", 7_000_000_000),
        ("70억", 7_000_000_000),
        ("7천억원", 700_000_000_000),
        ("1.5조원", 1_500_000_000_000),
        ("1조 5천억원", 1_500_000_000_000),
        ("1조5000억원", 1_500_000_000_000),
        ("3억 2천만원", 320_000_000),
        ("5000만원", 50_000_000),
        ("1억 2345원", 100_002_345),
        ("1억 2345 원", 100_002_345),
        ("1조 5,000원", 1_000_000_005_000),
        ("7bn", 7_000_000_000),
        ("7BN", 7_000_000_000),
        ("KRW 7bn", 7_000_000_000),
        ("₩7bn", 7_000_000_000),
        ("7.25bn", 7_250_000_000),
        ("150m", 150_000_000),
        ("7,000,000,000원", 7_000_000_000),
        ("2tn", 2_000_000_000_000),
        ("500k", 500_000),
    ],
)
def test_spellings_read_to_the_exact_amount(written: object, amount: int) -> None:
    value = parse_krw(written)
    assert value == amount
    assert isinstance(value, Decimal)
    assert str(value) == str(amount)  # one canonical form: 7E+9 prints as 7000000000


@pytest.mark.parametrize(
    "written, reason",
    [
        ("abc", "not an amount"),
        ("7,00", "not an amount"),
        ("NaN", "not an amount"),
        ("inf", "not an amount"),
        ("-5", "negative"),
        ("-70억원", "negative"),
        (-1, "negative"),
        ("1e999", "larger than any plausible"),
        ("억원", "not an amount"),
        ("5억 3조", "units out of order"),
        ("천", "not an amount"),
        ("", "not an amount"),
        (True, "expected an amount"),
        (1.5, "expected an amount"),  # floats are never money: they have already lost digits
    ],
)
def test_bad_money_says_why(written: object, reason: str) -> None:
    with pytest.raises(MoneyError, match=reason):
        parse_krw(written)


@given(st.integers(min_value=0, max_value=10**15))
def test_every_spelling_of_an_amount_reads_the_same(amount: int) -> None:
    spellings = [amount, str(amount), f"{amount:,}", f"{amount:,}원", f"KRW {amount}"]
    eok, rest = divmod(amount, 10**8)
    if eok and not rest:
        spellings.append(f"{eok}억원")
    if amount % 10**9 == 0:
        spellings.append(f"{amount // 10**9}bn")
    assert {parse_krw(s) for s in spellings} == {Decimal(amount)}


@pytest.mark.parametrize("value, shown", [(Decimal("1E+19"), "1E+19 is larger"), (10**19, "10000000000000000000 is larger"),
                                          (Decimal("-5"), "-5 is negative"), ("1e999", "'1e999' is larger")])
def test_a_refused_amount_is_quoted_as_written_not_as_python_shows_it(value: object, shown: str) -> None:
    with pytest.raises(MoneyError) as caught:
        parse_krw(value)
    assert str(caught.value).startswith(shown) and "Decimal(" not in str(caught.value)


@pytest.mark.parametrize("written, reason", [
    ("-", "'-' is not an amount of KRW$"),  # a dash where a figure would be: no figure, not a negative one
    ("7_000_000_000", "'7_000_000_000' is not an amount of KRW: '_000_000_000' cannot be read"),
    ("7 000 000 000", "'7 000 000 000' is not an amount of KRW: '000 000 000' cannot be read"),
    ("0x1A", "'0x1A' is not an amount of KRW: 'x1A' cannot be read"),
    ("7 billion", "'7 billion' is not an amount of KRW: 'billion' cannot be read"),
    ("1천5백억", "'1천5백억' is not an amount of KRW: 천 needs 만, 억 or 조"),
    ("1e3억", "'1e3억' is not an amount of KRW: 'e3억' cannot be read"),
])
def test_an_amount_that_cannot_be_read_says_which_part(written: str, reason: str) -> None:
    """Only large units written out of order are "units out of order"; any other unreadable text
    is quoted."""
    with pytest.raises(MoneyError, match=reason):
        parse_krw(written)


@pytest.mark.parametrize("written, amount", [
    ("-1250만", -12_500_000), ("−70억원", -7_000_000_000), ("-₩7bn", -7_000_000_000),
    ("₩-1250만", -12_500_000), ("KRW -7bn", -7_000_000_000), ("₩ -1,000", -1000), ("70억원", 7_000_000_000),
])
def test_a_signed_amount_reads_its_sign_before_or_after_the_currency(written: str, amount: int) -> None:
    from etf_listing.money import parse_signed_krw

    assert parse_signed_krw(written) == amount and str(parse_signed_krw(written)) == str(amount)


@pytest.mark.parametrize("written, reason", [
    ("-", "'-' is not an amount of KRW$"), ("₩-", "'₩-' is not an amount of KRW$"),
    ("--7bn", "'--7bn' is not an amount of KRW$"), ("-abc", "'-abc' is not an amount of KRW$"),
    ("-1e999", "'-1e999' is larger than any plausible amount"),
])
def test_a_signed_amount_that_cannot_be_read_is_quoted_as_written(written: str, reason: str) -> None:
    from etf_listing.money import parse_signed_krw

    with pytest.raises(MoneyError, match=reason):
        parse_signed_krw(written)


@pytest.mark.parametrize("written, spelt", [
    ("1조 5000", "1조 5000억 or 1조 5000원"),
    ("1억 2345", "1억 2345만 or 1억 2345원"),
    ("5만 300", "5만 300원"),
    ("KRW 1조 5천억 300", "1조 5천억 300만 or 1조 5천억 300원"),
])
def test_a_number_after_a_unit_without_one_of_its_own_is_refused(written: str, spelt: str) -> None:
    """``1조 5000`` is said for 1조 5000억 as often as it is meant as 1조 and 5,000 won: it is not
    guessed either way. With 원 after it (``1억 2345원``) the last group is won."""
    with pytest.raises(MoneyError, match=f"'{written}' is not an amount of KRW: '[0-9]+' after .* has no unit") as caught:
        parse_krw(written)
    assert caught.value.hint == f"write its unit or 원 after it: {spelt}"
    assert caught.value.hint_ko == f"단위나 원을 붙여 쓰세요: {spelt.replace(' or ', ' 또는 ')}"
    assert "단위가 없습니다" in caught.value.ko


def test_a_refused_amount_without_a_hint_of_its_own_gives_the_general_one() -> None:
    from etf_listing.money import HINT

    with pytest.raises(MoneyError) as caught:
        parse_krw("억원")
    assert caught.value.hint == HINT


@pytest.mark.parametrize("written", ["1.50E+10", "1.5E10", "KRW 1.50E+10", "1.50E+10원"])
def test_a_spreadsheet_s_scientific_notation_is_refused(written: str) -> None:
    # a spreadsheet shows 15,049,xxx,xxx as 1.50E+10 in a narrow column: exactly 15bn is no figure given
    with pytest.raises(MoneyError, match="spreadsheet's scientific notation"):
        parse_krw(written)


def test_a_program_s_lower_case_exponent_is_the_number_it_spells() -> None:
    assert parse_krw("1.5e10") == 15_000_000_000 and parse_krw("1.5e+10") == 15_000_000_000
