"""Rulebooks are data, checked at load: the UCITS-style design test, and malformed rulebooks."""

from __future__ import annotations

from pathlib import Path

import pytest

from etf_listing.errors import InputError
from etf_listing.evaluation import evaluate
from etf_listing.loading.load import Loader
from etf_listing.rulebook import compile_rulebook, load_rulebook, shipped_rulebooks

UCITS = Path(__file__).parent / "ucits-style-diversification.yaml"


def ucits_results(write, caps: dict[str, int]) -> dict:
    """Evaluate the UCITS-style rulebook on an index whose 3-month mean market caps are ``caps``."""
    rows = "".join(f"      - {{code: '{code}', name: Issue {code}, market: KOSPI, market_cap_krw: {cap}, trading_value_krw: 1}}\n"
                   for code, cap in caps.items())
    header = ("kind: etf-product\nschema_version: 1\nname: UCITS test\nas_of: 2024-10-31\nunderlying:\n"
              "  index:\n    kind: etf-index\n    schema_version: 1\n    name: Test\n    asset_class: equity\n"
              "    weighting: market_cap\n    constituents:\n")
    write("product.yaml", header + rows)
    product = Loader().load_product("product.yaml")
    return {r.rule.id: r for r in evaluate(product, load_rulebook(str(UCITS))).results}


@pytest.mark.parametrize(
    "caps, rule, status, offenders",
    [
        # no constituent above 10%: exactly 10% passes, 11% fails (worst first)
        ({c: 10 for c in "ABCDEFGHIJ"}, "ucits.single_constituent", "pass", []),
        ({"A": 11, "B": 12, **{c: 11 for c in "CDEFGH"}, "I": 5, "J": 6}, "ucits.single_constituent", "fail",
         ["B", "A", "C", "D", "E", "F", "G", "H"]),
        # above 5% together at most 40%: 10+10+10+10 = 40% exactly passes; the 5% ones are not above 5%
        ({"A": 10, "B": 10, "C": 10, "D": 10, **{c: 5 for c in "EFGHIJKLMNOP"}}, "ucits.large_holdings_total", "pass", []),
        ({"A": 10, "B": 10, "C": 10, "D": 10, "E": 6, **{c: 5 for c in "FGHIJKLMNO"}, "P": 4},
         "ucits.large_holdings_total", "fail", ["A", "B", "C", "D", "E"]),
        # the five largest at most 65%: 13 x 5 = 65% exactly passes, 66% fails
        ({**{c: 13 for c in "ABCDE"}, **{c: 5 for c in "FGHIJKL"}}, "ucits.five_largest_total", "pass", []),
        ({**{c: 13 for c in "ABCD"}, "E": 14, **{c: 5 for c in "FGHIJK"}, "L": 4}, "ucits.five_largest_total", "fail",
         ["E", "A", "B", "C", "D"]),
    ],
)
def test_ucits_style_limits_need_no_python(in_tmp: Path, write, caps, rule, status, offenders) -> None:
    assert sum(caps.values()) == 100  # so each cap is its percentage
    result = ucits_results(write, caps)[rule]
    assert result.status == status
    assert [i.identity["code"] for i in result.items] == offenders


def test_the_shipped_rulebooks_are_found_by_name() -> None:
    assert "krx-etf-listing" in shipped_rulebooks()
    assert load_rulebook("krx/etf-listing").id == "krx-etf-listing"
    assert len(load_rulebook().rules) == 16


def rulebook_error(text: str) -> str:
    with pytest.raises(InputError) as caught:
        compile_rulebook(text, "book.yaml")
    return str(caught.value.problems[0])


BOOK = """\
kind: etf-rulebook
schema_version: 1
id: test
version: "1"
effective_from: 2020-01-01
title: Test
parameters:
  minimum: {value: 10, unit: count, description: Minimum.}
rules:
  - id: t.count
    title: Count
    requirement: At least ten.
    citation: Test.
    unit: count
    check:
      value: {count: {get: index.constituents}}
      operator: ">="
      threshold: {param: minimum}
"""


def test_the_minimal_rulebook_compiles() -> None:
    assert compile_rulebook(BOOK, "book.yaml").rules[0].id == "t.count"


@pytest.mark.parametrize(
    "change, expected",
    [
        (("title: Count", "titel: Count"), "book.yaml:11:5: rules.0: unknown field 'titel' (did you mean 'title'?)"),
        (("{count: {get: index.constituents}}", "{count: {get: index.constituent}}"),
         "book.yaml:16:28: 'index.constituent': index has no field 'constituent' (did you mean 'constituents'?)"),
        (("{param: minimum}", "{param: minimun}"), "book.yaml:18:26: no parameter named 'minimun' (did you mean 'minimum'?)"),
        (("{count: {get", "{cont: {get"), "book.yaml:16:14: rules.0.check.value: 'cont' is not one of the allowed names"),
        (("{count: {get", "{cont: {get"), "(did you mean 'count'?)"),
        (('operator: ">="', 'operator: "=>"'), "book.yaml:17:17: rules.0.check.operator: '=>' is not one of the allowed names"),
        (("{count: {get: index.constituents}}", "{get: index.constituents}"),
         "book.yaml:16:14: expected a single value here, found a collection (wrap it in count, sum, max or min)"),
        (("{count: {get: index.constituents}}", "{count: {get: product.principal_krw}}"),
         "book.yaml:16:22: expected a collection here"),
        (("{count: {get: index.constituents}}", "{sum: {get: index.constituents}}"), "book.yaml:16:14: sum needs 'of'"),
        (("{param: minimum}", "{get: item.code}"), "book.yaml:18:24: 'item' is only defined inside of, by and where"),
        (("value: 10, unit: count", "value: ten, unit: count"), "book.yaml:8:20: parameter minimum: expected a whole number, got 'ten'"),
    ],
)
def test_a_malformed_rulebook_fails_at_load_with_a_position(change: tuple[str, str], expected: str) -> None:
    old, new = change
    assert old in BOOK
    message = rulebook_error(BOOK.replace(old, new))
    assert message.startswith(expected) or (expected.startswith("(") and message.endswith(expected))


def test_a_rule_id_used_twice() -> None:
    rule = BOOK[BOOK.index("  - id: t.count"):]
    assert rulebook_error(BOOK + rule) == "book.yaml:19:9: the rule id 't.count' is used twice (first at line 10)"


def test_an_unused_definition_is_reported() -> None:
    text = BOOK.replace("rules:", "definitions:\n  spare: {count: {get: index.constituents}}\nrules:")
    assert rulebook_error(text).startswith("book.yaml:10:3: the definition 'spare' is not used by any rule")


def test_a_definition_that_refers_to_itself() -> None:
    text = BOOK.replace("rules:", "definitions:\n  loop: {ref: loop}\nrules:").replace("{param: minimum}", "{ref: loop}")
    assert "refers to itself" in rulebook_error(text)


def test_a_rulebook_cannot_name_an_unknown_rulebook(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_rulebook("krx-etf-listin")
    assert caught.value.problems[0].hint == "did you mean 'krx-etf-listing'?"


@pytest.mark.parametrize("check, refused", [
    # a quotient of two figures may be above 1 (a premium, a growth rate): a number beside it stands as written
    ("value: {ratio: [{get: product.units}, 200000]}\n      operator: between\n      threshold: [0.99, 1.01]", None),
    ("value: {ratio: [{get: product.units}, 200000]}\n      operator: \">=\"\n      threshold: 1.5", None),
    # a share of a whole never is: 30 beside one is 30% written as a number
    ("each: {get: index.constituents}\n      value: {share: {get: item.market_cap_krw}, within: {get: index.constituents}}\n"
     "      operator: \"<=\"\n      threshold: 30", "a ratio is from -1 to 1, not 30 (for 30%, write 0.3)"),
    ("each: {get: index.constituents}\n      value: {share: {get: item.market_cap_krw}, within: {get: index.constituents}}\n"
     "      operator: \"<=\"\n      threshold: 300", "a ratio is from -1 to 1, not 300"),
    # a weight the index gives, the largest share, the first given of the two: parts of a whole too
    ("each: {get: index.constituents}\n      value: {get: item.weight}\n      operator: \"<=\"\n      threshold: 30",
     "a ratio is from -1 to 1, not 30 (for 30%, write 0.3)"),
    ("value: {max: {get: index.constituents}, of: {share: {get: item.market_cap_krw}, within: {get: index.constituents}}}\n"
     "      operator: \"<=\"\n      threshold: 30", "a ratio is from -1 to 1, not 30 (for 30%, write 0.3)"),
    # a total of weights may pass 1: a fund's holdings add up to 0.99 to 1.01
    ("value: {sum: {get: index.constituents}, of: {get: item.weight}}\n      operator: between\n      threshold: [0.99, 1.01]",
     None),
    # the mean of parts, or the first of them given, is a part; two of them added are not
    ("each: {get: index.constituents}\n      value: {mean: [{get: item.weight}, {share: {get: item.market_cap_krw}, "
     "within: {get: index.constituents}}]}\n      operator: \"<=\"\n      threshold: 30",
     "a ratio is from -1 to 1, not 30 (for 30%, write 0.3)"),
    ("each: {get: index.constituents}\n      value: {first_given: [{get: item.weight}, {share: {get: item.market_cap_krw}, "
     "within: {get: index.constituents}}]}\n      operator: \"<=\"\n      threshold: 30",
     "a ratio is from -1 to 1, not 30 (for 30%, write 0.3)"),
    ("each: {get: index.constituents}\n      value: {add: [{get: item.weight}, {get: item.weight}]}\n      operator: \"<=\"\n"
     "      threshold: 1.5", None),
])
def test_a_number_above_1_is_refused_beside_a_share_only(check: str, refused: str | None) -> None:
    written = BOOK.replace("value: {count: {get: index.constituents}}\n      operator: \">=\"\n      threshold: {param: minimum}", check)
    written = written.replace("    unit: count\n", "    unit: ratio\n").replace("parameters:\n  minimum: {value: 10, unit: count, description: Minimum.}\n", "")
    assert "minimum" not in written
    if refused is None:
        assert compile_rulebook(written, "book.yaml").rules[0].id == "t.count"
    else:
        message = rulebook_error(written)
        assert refused in message and ("write" in message) == ("write" in refused)


def test_a_list_parameter_of_dates_loads_and_is_compared_with_dates() -> None:
    # holidays, as a list of dates: each item a date, as a list of text or of numbers has one kind
    written = BOOK.replace("  minimum: {value: 10, unit: count, description: Minimum.}",
                           "  minimum: {value: 10, unit: count, description: Minimum.}\n"
                           "  holidays: {value: [2024-12-31, 2025-01-01], unit: list, description: Holidays.}")
    written += ("  - id: t.holidays\n    title: Holidays\n    requirement: No row on a holiday.\n    citation: Test.\n"
                "    unit: count\n    check:\n      value: {count: {filter: {get: product.history}, where: "
                "{in: [{get: item.date}, {param: holidays}]}}}\n      operator: \"==\"\n      threshold: 0\n")
    assert [r.id for r in compile_rulebook(written, "book.yaml").rules] == ["t.count", "t.holidays"]
    mixed = written.replace("[2024-12-31, 2025-01-01]", "[2024-12-31, holiday]")
    assert "parameter holidays: a list of text, of numbers or of dates, not [2024-12-31, holiday]" in rulebook_error(mixed)


def test_a_denominator_a_version_sets_to_zero_is_refused_at_that_version() -> None:
    written = BOOK.replace("value: {count: {get: index.constituents}}\n      operator: \">=\"\n      threshold: {param: minimum}",
                           "value: {ratio: [{count: {get: index.constituents}}, {param: minimum}]}\n      operator: \">=\"\n"
                           "      threshold: 1").replace("    unit: count\n", "    unit: ratio\n")
    assert compile_rulebook(written, "book.yaml").rules[0].id == "t.count"
    versioned = written.replace('version: "1"\neffective_from: 2020-01-01\n',
                                'versions:\n  - version: "1"\n    effective_from: 2020-01-01\n'
                                '  - version: "2"\n    effective_from: 2024-01-01\n    parameters: {minimum: 0}\n')
    assert versioned != written
    assert "in version 2, the ratio's denominator is zero" in rulebook_error(versioned)


@pytest.mark.parametrize("location", ["index.market_data", "index.market_data.files", "product.pdf.file",
                                      "[index.market_data, product.principal_krw]", "product.underlying.index"])
def test_a_location_may_name_a_key_of_the_user_s_file(location: str) -> None:
    # where the loaders record positions: a field, or a key of the product's or the index's file
    written = BOOK.replace("      threshold: {param: minimum}\n", f"      threshold: {{param: minimum}}\n      location: {location}\n")
    assert compile_rulebook(written, "book.yaml").rules[0].id == "t.count"
    misspelt = written.replace("market_data", "market_dat").replace("principal_krw", "principal_kr").replace("pdf.file", "pfd.file")
    if misspelt != written:
        assert "has no field" in rulebook_error(misspelt)


@pytest.mark.parametrize("location", ["product.pdf.quantty", "index.constituents.wieght", "product.principal_krw.x"])
def test_a_location_misspelt_below_a_field_is_refused(location: str) -> None:
    written = BOOK.replace("      threshold: {param: minimum}\n", f"      threshold: {{param: minimum}}\n      location: {location}\n")
    assert "cannot look inside a value" in rulebook_error(written)
