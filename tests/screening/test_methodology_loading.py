"""A methodology with a mistake is refused when it is loaded, at the mistake's line and column:
unknown fields and parameters, expressions of the wrong type, roles out of order."""

from __future__ import annotations

from pathlib import Path

import pytest

from etf_listing.cli import main
from etf_listing.errors import InputError
from etf_listing.screening.methodology import compile_methodology, load_methodology, shipped_methodologies

SHIPPED = Path(shipped_methodologies()["korea-value-up-index"])


def refused(old: str, new: str) -> str:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(InputError) as caught:
        compile_methodology(text.replace(old, new, 1), "book.yaml")
    return str(caught.value.problems[0])


def line_of(text: str) -> int:
    return next(i for i, line in enumerate(SHIPPED.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_the_shipped_methodology_loads_with_its_rules_in_order() -> None:
    methodology = load_methodology("korea-value-up-index")
    assert methodology.id == "korea-value-up-index" and methodology.version == "2024.1"
    assert [rule.role for rule in methodology.rules].count("exclusion") == 8
    assert [rule.id for rule in methodology.rules if rule.role == "stage"] == [
        "valueup.stage.market_cap", "valueup.stage.profitability", "valueup.stage.shareholder_return", "valueup.stage.valuation"]
    assert methodology.parameters["market_cap_rank_limit"].value == 400
    assert not methodology.parameters["min_listing_months"].confirmed
    assert load_methodology("krx/korea-value-up-index").id == methodology.id


def test_comparing_a_rank_with_a_ratio_is_refused_at_load() -> None:
    old = '{"<=": [{ref: market_cap_rank}, {param: market_cap_rank_limit}]}'
    message = refused(old, '{"<=": [{ref: market_cap_rank}, {param: pbr_rank_ratio_limit}]}')
    assert message.startswith(f"book.yaml:{line_of(old)}:")
    assert "<= compares a count with a ratio (the units must agree)" in message


def test_comparing_an_amount_with_a_date_is_refused_at_load() -> None:
    message = refused('{">=": [{ref: two_year_net_income}, 0]}', '{">=": [{ref: two_year_net_income}, {get: company.listed_on}]}')
    assert ">= compares numbers; the other side is a date" in message


def test_ranking_a_text_is_refused_at_load() -> None:
    message = refused("{rank: {ref: market_cap}, order: descending}", "{rank: {get: company.industry_group}, order: descending}")
    assert "rank takes a number; this is text" in message


def test_a_misspelt_field_gets_a_did_you_mean() -> None:
    message = refused("{get: company.free_float_ratio}]}", "{get: company.free_float}]}")
    assert "company has no field 'free_float' (did you mean 'free_float_ratio'?)" in message


@pytest.mark.parametrize("old, new, told", [
    ("    effective_from_confirmed: false\n", "    effective_from_confirmed: false\n    efective_to: 2025-06-12\n",
     "unknown field 'efective_to' in a version (did you mean 'effective_to'?)"),
    ("    effective_from_confirmed: false\n", "    effective_from_confirmed: false\n    effective_to: June\n",
     "effective_to: 'June' is not a date (write YYYY-MM-DD)"),
    ("    effective_from_confirmed: false\n", "    effective_from_confirmed: maybe\n",
     "effective_from_confirmed is true or false"),
    ('  - version: "2024.1"\n', '  - release: "2024.1"\n', "unknown field 'release' in a version"),
    ("    effective_from_confirmed: false\n", "    effective_from_confirmed: false\n    effective_to: 2020-01-01\n",
     "effective_to 2020-01-01 is before effective_from 2024-01-02"),
    # a version's values are checked as the declarations are: a date, text, a list of text
    ("    effective_from_confirmed: false\n", "    effective_from_confirmed: false\n    parameters: {disclosure_cutoff: soon}\n",
     "parameter disclosure_cutoff: 'soon' is not a date"),
    ("    effective_from_confirmed: false\n", "    effective_from_confirmed: false\n    parameters: {share_class: 3}\n",
     "parameter share_class: expected text, got 3"),
    ("    effective_from_confirmed: false\n", "    effective_from_confirmed: false\n    parameters: {markets: [KOSPI, 3]}\n",
     "parameter markets: a list of text, of numbers or of dates"),
    ("  pbr_rank_ratio_limit:\n    value: 0.50", "  pbr_rank_ratio_limit:\n    value: true",
     "parameter pbr_rank_ratio_limit: expected a number, got True"),
])
def test_a_versions_entry_with_a_mistake_is_refused_at_its_line(old: str, new: str, told: str) -> None:
    """A misspelt version field was ignored: its date bound would not have applied."""
    message = refused(old, new)
    assert message.startswith("book.yaml:") and told in message, message


def test_a_misspelt_parameter_gets_a_did_you_mean() -> None:
    message = refused("{param: weight_cap}", "{param: weight_caps}")
    assert "no parameter named 'weight_caps' (did you mean 'weight_cap'?)" in message


def test_an_unknown_order_direction_is_refused() -> None:
    message = refused("{by: {ref: market_cap}, order: descending}\n\n", "{by: {ref: market_cap}, order: downwards}\n\n")
    assert "order is ascending or descending" in message


def test_a_stage_after_the_selection_is_refused() -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    stage = text[text.index("  - id: valueup.stage.profitability"):text.index("  - id: valueup.stage.shareholder_return")]
    moved = text.replace(stage, "").replace("  # --- weights", stage + "  # --- weights")
    with pytest.raises(InputError) as caught:
        compile_methodology(moved, "book.yaml")
    assert "a rule of role weighting comes after the stage rules" in str(caught.value.problems[0]) or \
        "a rule of role stage comes after the selection rules" in str(caught.value.problems[0])


def test_a_listing_rulebook_is_not_a_methodology(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from etf_listing.rulebook import shipped_rulebooks

    from ..screening.builders import many, universe_file
    path = universe_file(tmp_path, many(2))
    assert main(["screen", str(path), "--rules", shipped_rulebooks()["krx-etf-listing"]]) == 2
    assert "not an index methodology (kind: 'etf-rulebook')" in capsys.readouterr().err
    assert main(["screen", str(path), "--rules", "krx-etf-listing"]) == 2
    assert "no index methodology named 'krx-etf-listing'" in capsys.readouterr().err


def test_the_screen_command_reports_a_broken_methodology_with_its_position(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from ..screening.builders import many, universe_file
    broken = tmp_path / "book.yaml"
    broken.write_text(SHIPPED.read_text(encoding="utf-8").replace("{param: weight_cap}", "{param: weight_caps}"), encoding="utf-8")
    path = universe_file(tmp_path / "u", many(2))
    assert main(["screen", str(path), "--rules", str(broken)]) == 2
    assert f"book.yaml:{line_of('{param: weight_cap}')}:" in capsys.readouterr().err


def test_a_later_version_is_a_yaml_edit_in_force_from_its_date(tmp_path: Path) -> None:
    from etf_listing.loading.universe import load_universe
    from etf_listing.screening.evaluate import screen

    from ..screening.builders import many, universe_file
    text = SHIPPED.read_text(encoding="utf-8").replace("\nparameters:\n", """
  - version: "2025.1"
    effective_from: 2025-06-13
    effective_from_confirmed: false
    description: {en: A wider special inclusion (a figure for the example only)., ko: 특례 편입 확대(예시 수치).}
    parameters:
      special_market_cap_rank_limit: 750

parameters:
""", 1)
    methodology = compile_methodology(text, "book.yaml")
    assert [v.version for v in methodology.versions] == ["2024.1", "2025.1"]
    rows = many(760)
    rows[744]["value_up_disclosed_on"] = "2024-09-20"
    rows[744]["trading_value_krw"] = 10**13
    results = {}
    for day in ("2024-09-23", "2025-06-13"):
        path = universe_file(tmp_path / day, rows, as_of=day)
        report = screen(load_universe(str(path)), methodology)
        results[day] = (report.version.version, report.companies["000745"].steps["valueup.special.early_disclosure"].status)
    assert results == {"2024-09-23": ("2024.1", "fail"), "2025-06-13": ("2025.1", "pass")}


def test_the_places_to_fill_cannot_depend_on_a_company() -> None:
    message = refused("places: {param: constituent_count}", "places: {get: company.market_cap_krw}")
    assert "places takes a count; this is an amount in KRW (the units must agree)" in message
    message = refused("cap: {param: weight_cap}", "cap: {get: company.free_float_ratio}")
    assert "cap is one figure for the whole index: it cannot read a company's field" in message


@pytest.mark.parametrize("old, new, told", [
    ("places: {param: constituent_count}", "places: 100.5", "places is a whole number of at least 1, not 100.5"),
    ("places: {param: constituent_count}", "places: -1", "places is a whole number of at least 1, not -1"),
    ("  constituent_count:\n    value: 100", "  constituent_count:\n    value: 0", "places is a whole number of at least 1, not 0"),
    # 15 for 15%: no weight is ever above it, so nothing would be capped
    ("cap: {param: weight_cap}", "cap: 15", "a ratio is from -1 to 1, not 15 (for 15%, write 0.15)"),
    ("cap: {param: weight_cap}", "cap: 0", "cap is a ratio above 0 and at most 1, not 0"),
    ("  weight_cap:\n    value: 0.15", "  weight_cap:\n    value: -0.15", "cap is a ratio above 0 and at most 1, not -0.15"),
    ("cap: {param: weight_cap}", "cap: {ratio: [1, 0]}", "the ratio's denominator is zero"),
])
def test_places_and_a_cap_the_methodology_gives_are_checked_at_load(old: str, new: str, told: str) -> None:
    """They were taken as written: a cap of 15 capped nothing, 100.5 places were 100, and a cap
    divided by 0 stopped the screen with an internal error."""
    message = refused(old, new)
    assert message.startswith(f"book.yaml:{str(line_of(old)) + ':' if old.startswith(('places', 'cap')) else ''}") and told in message, message


def test_a_cap_a_version_makes_impossible_to_compute_is_the_methodology_s_mistake(tmp_path: Path, in_repository: Path,
                                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "    effective_from_confirmed: false\n", "    effective_from_confirmed: false\n    parameters: {weight_cap: 0}\n", 1).replace(
        "cap: {param: weight_cap}", "cap: {ratio: [0.15, {ratio: [{param: weight_cap}, {param: weight_cap}]}]}")
    book = tmp_path / "book.yaml"
    book.write_text(text, encoding="utf-8")
    status = main(["screen", "--rules", str(book), "examples/value-up-screen/universe.yaml"])
    err = capsys.readouterr().err
    # refused when the methodology is read, as the version's value makes the denominator 0, before any company
    assert status == 2 and f"{book}:" in err and "in version 2024.1, the ratio's denominator is zero" in err
    assert "internal error" not in err


def test_a_constant_that_reads_a_company_is_refused_even_when_its_unit_fits() -> None:
    message = refused("places: {param: constituent_count}", "places: {rank: {ref: market_cap}}")
    assert "places is one figure for the whole index: it cannot read a company's field" in message


def refused_all(replacements: list[tuple[str, str]]) -> list[str]:
    text = SHIPPED.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    with pytest.raises(InputError) as caught:
        compile_methodology(text, "book.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_every_mistake_in_the_expressions_is_reported_in_one_run_in_the_order_of_the_file() -> None:
    messages = refused_all([
        ("{get: company.free_float_ratio}]}", "{get: company.free_float}]}"),
        ("{param: weight_cap}", "{param: weight_caps}"),
        ("{ref: two_year_net_income}, 0]}", "{ref: two_year_net_income}, {get: company.pbr_y1}]}"),
    ])
    assert len(messages) == 3
    assert [int(m.split(":")[1]) for m in messages] == sorted(int(m.split(":")[1]) for m in messages)
    assert "weight_caps" in messages[-1]
    assert ">= compares an amount in KRW with a multiple" in messages[0]


def test_a_mistake_is_explained_in_korean_too() -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace("{get: company.free_float_ratio}]}", "{get: company.free_float}]}", 1)
    with pytest.raises(InputError) as caught:
        compile_methodology(text, "book.yaml")
    korean = caught.value.problems[0].text("ko")
    assert korean.startswith("book.yaml:") and "company에는 'free_float' 필드가 없습니다" in korean


def test_figures_of_two_units_cannot_be_added_or_averaged() -> None:
    message = refused("{add: [{get: company.net_income_krw_y1}, {get: company.net_income_krw_y2}]}",
                      "{add: [{get: company.net_income_krw_y1}, {get: company.roe_y1}]}")
    assert "add of a ratio and an amount in KRW: the figures must be of one unit" in message
    message = refused("{mean: [{get: company.pbr_y1}, {get: company.pbr_y2}]}", "{mean: [{get: company.pbr_y1}, {get: company.roe_y2}]}")
    assert "mean of a multiple and a ratio: the figures must be of one unit" in message


def test_an_amount_times_an_amount_is_refused() -> None:
    message = refused("{multiply: [{ref: market_cap}, {get: company.free_float_ratio}]}",
                      "{multiply: [{ref: market_cap}, {get: company.trading_value_krw}]}")
    assert "an amount in KRW times an amount in KRW is not a figure" in message


def test_months_before_takes_a_whole_number_of_months() -> None:
    message = refused("months: {param: min_listing_months}", "months: {get: universe.as_of}")
    assert "months_before's months takes a number of months; this is a date" in message
    message = refused("months: {param: min_listing_months}", "months: {param: min_free_float_ratio}")
    assert "months is a whole number of 0 or more; the parameter min_free_float_ratio is Decimal('0.10')" in message
    message = refused("months: {param: min_listing_months}", "months: 1.5")
    assert "months is a whole number of 0 or more, not Decimal('1.5')" in message


def test_a_condition_that_is_not_a_flag_is_refused() -> None:
    message = refused("excluded_when: {get: company.administrative_issue}", "excluded_when: {get: company.market_cap_krw}")
    assert "excluded_when takes true or false; this is an amount in KRW" in message


def test_a_figure_that_is_a_company_field_is_read_from_the_company_and_any_other_is_evaluated() -> None:
    rules = {rule.id: rule for rule in load_methodology("korea-value-up-index").screen_rules}
    assert rules["valueup.universe.common_stock"].figure_field == "share_class"  # {get: company.share_class}
    assert rules["valueup.stage.market_cap"].figure_field == "market_cap_krw"  # {ref: market_cap}, a definition that reads it
    assert rules["valueup.stage.profitability"].figure_field is None  # a sum: evaluated
    assert rules["valueup.stage.shareholder_return"].figure_field is None  # no figure


@pytest.mark.parametrize("day, said", [("2025-05-31", False), ("2025-06-01", True), ("2025-06-13", True)])
def test_a_review_the_version_does_not_encode_is_screened_with_a_caveat(day: str, said: bool, tmp_path: Path) -> None:
    """Version 2024.1 does not encode the June 2025 changes (award winners, relaxed thresholds,
    announced without figures): a review from then on is screened by it and says so."""
    import datetime as dt

    from etf_listing.screening.evaluate import screen

    from .builders import company, universe_file
    from etf_listing.loading.universe import load_universe

    report = screen(load_universe(str(universe_file(tmp_path, [company("000001")]))), load_methodology(),
                    dt.date.fromisoformat(day))
    caveats = [n for n in report.notices if n.en.startswith("version 2024.1: from the June 2025 review")]
    assert len(caveats) == (1 if said else 0)
    if said:
        assert caveats[0].ko.startswith("버전 2024.1: 2025년 6월 정기변경부터") and "by hand" in caveats[0].en


@pytest.mark.parametrize("caveats, told", [
    ("    caveats: [{from: June, text: x}]\n", "from: 'June' is not a date"),
    ("    caveats: [{from: 2025-06-01}]\n", "caveats is a list of {from: DATE, text: {en: ..., ko: ...}}"),
    ("    caveats: [{from: 2025-06-01, text: {fr: x}}]\n", "a caveat's text is text, or a mapping with en (and ko)"),
])
def test_a_caveat_with_a_mistake_is_refused_at_load(caveats: str, told: str) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    start = text.index("    caveats:\n")
    end = text.index("\nparameters:", start)  # the shipped caveats, replaced by the one with a mistake
    with pytest.raises(InputError) as caught:
        compile_methodology(text[:start] + caveats + text[end:], "book.yaml")
    message = str(caught.value.problems[0])
    assert message.startswith("book.yaml:") and told in message, message


@pytest.mark.parametrize("old, new, expected", [
    ("    unit: months\n    confirmed: false", "    unit: months\n    confirmed: nope", "confirmed is true or false, not 'nope'"),
    ("    unit: months\n    confirmed: false", '    unit: months\n    confirmed: "no"', "confirmed is true or false, not 'no'"),
    ("  - id: valueup.universe.common_stock", "  - id: 3", "id is text of lower-case letters, digits, '.', '_' and '-', not 3"),
    ("id: korea-value-up-index", "id: 3", "id is text of lower-case letters, digits, '.', '_' and '-', not 3"),
    ("description: {en: The share class screened (common stock)., ko: 심사 대상 주식 종류(보통주).}", "description: 5",
     "description is text"),
])
def test_a_field_of_the_wrong_kind_is_refused_as_the_rulebook_schema_refuses_it(old: str, new: str, expected: str) -> None:
    """A methodology has no JSON schema: a flag written as text (read as true, an unconfirmed
    reading shown as confirmed), a number for an id or a description, are refused by hand."""
    message = refused(old, new)
    assert message.startswith(f"book.yaml:{line_of(old.splitlines()[-1])}:")
    assert expected in message


def test_a_cap_or_places_a_later_version_sets_out_of_bounds_is_refused_at_that_version() -> None:
    # the declared cap is fine; a version from 2025 sets it to 0, which would leave every weight unset
    problems = refused_all([("    effective_from_confirmed: false\n", "    effective_from_confirmed: false\n"
                             "  - version: \"2025.1\"\n    effective_from: 2025-01-02\n    parameters: {weight_cap: 0, constituent_count: 0}\n")])
    assert any("in version 2025.1, cap is a ratio above 0 and at most 1, not 0" in p for p in problems), problems
    assert any("in version 2025.1, places is a whole number of at least 1, not 0" in p for p in problems), problems


def test_a_version_that_is_not_a_mapping_is_refused_at_it_not_an_internal_error() -> None:
    problems = refused_all([("versions:\n", "versions:\n  - \"2023.1\"\n")])
    assert any("a version is a mapping" in p for p in problems), problems
