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
    assert "cannot compare a count (a rank) with a number (a ratio)" in message


def test_comparing_an_amount_with_a_date_is_refused_at_load() -> None:
    message = refused('{">=": [{ref: two_year_net_income}, 0]}', '{">=": [{ref: two_year_net_income}, {get: company.listed_on}]}')
    assert "cannot compare an amount of KRW with a date" in message


def test_ranking_a_text_is_refused_at_load() -> None:
    message = refused("{rank: {ref: market_cap}, order: descending}", "{rank: {get: company.industry_group}, order: descending}")
    assert "expected an amount of KRW or a number (a ratio) or a count (a rank) or a date here, found text" in message


def test_a_misspelt_field_gets_a_did_you_mean() -> None:
    message = refused("{get: company.free_float_ratio}]}", "{get: company.free_float}]}")
    assert "company has no field 'free_float' (did you mean 'free_float_ratio'?)" in message


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
    assert "expected a count (a rank) here, found an amount of KRW" in message
    message = refused("cap: {param: weight_cap}", "cap: {get: company.free_float_ratio}")
    assert "cap is one figure for the whole index: it cannot read a company's field" in message
