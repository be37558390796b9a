"""The Korea Value-up Index methodology, rule by rule, at its boundaries."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from .builders import company, many, screened, status

MARKET_CAP = "valueup.stage.market_cap"
PROFITABILITY = "valueup.stage.profitability"
VALUATION = "valueup.stage.valuation"
SELECTION = "valueup.stage.capital_efficiency"
SPECIAL = "valueup.special.early_disclosure"


def test_market_cap_rank_400_passes_and_401_fails(tmp_path: Path) -> None:
    report = screened(tmp_path, many(401))
    assert report.companies["000400"].steps[MARKET_CAP].measures[0].left == 400
    assert status(report, "000400", MARKET_CAP) == "pass"
    assert status(report, "000401", MARKET_CAP) == "fail"
    assert report.companies["000401"].stopped_at == MARKET_CAP


def test_companies_sharing_rank_400_both_pass(tmp_path: Path) -> None:
    rows = many(401)
    rows[400]["market_cap_krw"] = rows[399]["market_cap_krw"]  # 000401 now equals 000400
    report = screened(tmp_path, rows)
    assert status(report, "000400", MARKET_CAP) == status(report, "000401", MARKET_CAP) == "pass"
    assert report.funnel[8].kept == 401


def test_two_years_summing_to_exactly_zero_is_not_a_loss(tmp_path: Path) -> None:
    rows = [company("000001", net_income_krw_y1="50억원", net_income_krw_y2="-50억원"),
            company("000002", net_income_krw_y1="49억원", net_income_krw_y2="-50억원"),
            company("000003", net_income_krw_y1="-1", net_income_krw_y2="-1"),
            company("000004", net_income_krw_y1=0, net_income_krw_y2=0)]
    report = screened(tmp_path, rows)
    assert [status(report, c, PROFITABILITY) for c in ("000001", "000002", "000003", "000004")] == ["pass", "fail", "fail", "pass"]
    assert report.companies["000001"].steps[PROFITABILITY].observed == 0


def test_pbr_rank_ratio_of_exactly_half_overall_passes_though_not_within_the_group(tmp_path: Path) -> None:
    # Overall: 4 companies, C ranks 2nd -> 2/4 = 0.5. In IT (A, C, D) C ranks 2nd of 3 -> 0.67.
    rows = [company("00000A", pbr_y1="4", pbr_y2="4"), company("00000B", pbr_y1="3", pbr_y2="3", industry_group="energy"),
            company("00000C", pbr_y1="3.5", pbr_y2="3.5"), company("00000D", pbr_y1="1", pbr_y2="1")]
    rows[1]["pbr_y1"], rows[1]["pbr_y2"] = "3", "3"
    report = screened(tmp_path, rows)
    step = report.companies["00000C"].steps[VALUATION]
    overall, group = step.measures
    assert overall.left == Fraction(1, 2) and overall.holds
    assert group.left == Fraction(2, 3) and not group.holds
    assert step.status == "pass"


def test_pbr_rank_ratio_of_exactly_half_within_the_group_passes_though_not_overall(tmp_path: Path) -> None:
    # Overall: C ranks 3rd of 4 -> 0.75; in energy (B, C) it ranks 2nd of 2... so give energy 4 members.
    rows = [company("00000A", pbr_y1="9", pbr_y2="9"), company("00000B", pbr_y1="8", pbr_y2="8", industry_group="energy"),
            company("00000C", pbr_y1="2", pbr_y2="2", industry_group="energy"),
            company("00000D", pbr_y1="1", pbr_y2="1", industry_group="energy"),
            company("00000E", pbr_y1="0.5", pbr_y2="0.5", industry_group="energy")]
    report = screened(tmp_path, rows)
    step = report.companies["00000C"].steps[VALUATION]
    overall, group = step.measures
    assert overall.left == Fraction(3, 5) and not overall.holds
    assert group.left == Fraction(2, 4) and group.holds
    assert step.status == "pass"
    assert status(report, "00000D", VALUATION) == "fail"  # 4/5 overall, 3/4 in energy


def test_roe_ties_are_broken_by_market_cap_then_code(tmp_path: Path) -> None:
    # 103 companies through every stage, all with the same ROE rank ratio in their own one-company group,
    # so the order is market cap, then code.
    rows = [company(f"{n:06d}", 10**12, industry_group=f"group {n:03d}") for n in range(1, 104)]
    rows[0]["market_cap_krw"] = 2 * 10**12  # 000001 first by market cap
    report = screened(tmp_path, rows)
    selected = report.selected
    assert len(selected) == 100 and selected[0] == "000001"
    assert selected[1:] == [f"{n:06d}" for n in range(2, 101)]  # then by code
    assert status(report, "000101", SELECTION) == "fail"
    assert report.companies["000101"].status == "not_selected"
    # it meets the figure the last place needs: the message says that the tie-break put it behind
    from etf_listing.screening.messages import describe

    told = describe(report.companies["000101"].steps[SELECTION], report, "en")
    assert told.endswith("the 100th place needs a rank ratio of 1 in its group; "
                         "it ties that and comes after it on market_cap (larger first), then code"), told
    assert "종목코드 순에서 뒤입니다" in describe(report.companies["000101"].steps[SELECTION], report, "ko")


def test_a_company_outranked_by_a_better_figure_is_told_the_figure_needed_only(tmp_path: Path) -> None:
    from etf_listing.screening.messages import describe

    rows = [company(f"{n:06d}", 10**12, roe_y1=f"0.{n:03d}", roe_y2=f"0.{n:03d}") for n in range(1, 102)]
    report = screened(tmp_path, rows)
    told = describe(report.companies["000001"].steps[SELECTION], report, "en")  # the lowest ROE: 101st
    assert status(report, "000001", SELECTION) == "fail" and "the 100th place needs" in told and "ties" not in told


def test_when_special_inclusions_take_every_place_the_others_are_told_so(tmp_path: Path) -> None:
    from etf_listing.screening.messages import describe

    rows = [company(f"{n:06d}", 10**12 + n * 10**9, value_up_disclosed_on="2024-09-01", trading_value_krw=10**10)
            for n in range(1, 101)]  # trading values alike: every discloser qualifies
    rows.append(company("000200", 10**12, trading_value_krw=10**10))
    report = screened(tmp_path, rows)
    assert status(report, "000200", SELECTION) == "fail"
    told = describe(report.companies["000200"].steps[SELECTION], report, "en")
    assert told.endswith("; no place is left after the 100 special inclusions"), told
    assert describe(report.companies["000200"].steps[SELECTION], report, "ko").endswith("특례 편입 100개로 남은 자리가 없습니다")


def test_special_inclusion_at_market_cap_rank_700_but_not_701(tmp_path: Path) -> None:
    rows = many(701)
    for row in rows[699:]:
        row["value_up_disclosed_on"] = "2024-09-23"
        row["trading_value_krw"] = 10**13  # the most traded: only the market-cap rank decides
    report = screened(tmp_path, rows)
    assert report.companies["000700"].steps[SPECIAL].measures[0].left == 700
    assert status(report, "000700", SPECIAL) == "pass" and report.companies["000700"].via == "special"
    assert status(report, "000701", SPECIAL) == "fail"
    assert report.selected[0] == "000700"  # special inclusions come first


def test_a_plan_disclosed_after_the_cut_off_gets_no_special_inclusion(tmp_path: Path) -> None:
    rows = many(500)
    rows[450]["value_up_disclosed_on"] = "2024-09-24"
    report = screened(tmp_path, rows)
    assert status(report, "000451", SPECIAL) == "not_applicable"


@pytest.mark.parametrize("disclosed, status_", [("2024-06-14", "pass"), ("2024-06-15", "not_applicable")])
def test_a_plan_disclosed_after_the_review_date_is_not_known_at_it(disclosed: str, status_: str, tmp_path: Path) -> None:
    """A screen dated 2024-06-14 (before the cut-off) cannot count a plan disclosed after it."""
    from etf_listing.loading.universe import load_universe
    from etf_listing.screening.evaluate import screen

    from .builders import universe_file, value_up

    rows = many(500)
    rows[10]["value_up_disclosed_on"] = disclosed  # 000011: within every special inclusion limit
    report = screen(load_universe(str(universe_file(tmp_path, rows, as_of="2024-06-14"))), value_up())
    assert status(report, "000011", SPECIAL) == status_


def test_trading_value_rank_ratio_of_exactly_80_percent_qualifies(tmp_path: Path) -> None:
    rows = many(500)  # trading values follow caps: 000400 ranks 400th of 500 = 0.8
    for row in rows[398:402]:
        row["value_up_disclosed_on"] = "2024-06-01"
    report = screened(tmp_path, rows)
    trading = report.companies["000400"].steps[SPECIAL].measures[-1]
    assert trading.left == Fraction(4, 5) and trading.holds
    assert status(report, "000400", SPECIAL) == "pass"
    assert status(report, "000401", SPECIAL) == "fail"


def test_a_year_of_exactly_zero_net_income_is_not_a_loss_for_special_inclusion(tmp_path: Path) -> None:
    """Special inclusion asks only that the company did not make a loss in both of the last two
    years: a year at exactly zero, the latest or the one before, is not a loss, though the two
    years summed fail stage 2."""
    rows = many(500)
    rows[9].update(value_up_disclosed_on="2024-06-01", net_income_krw_y1=0, net_income_krw_y2="-50억원")
    rows[10].update(value_up_disclosed_on="2024-06-01", net_income_krw_y1=-1, net_income_krw_y2="-50억원")
    rows[11].update(value_up_disclosed_on="2024-06-01", net_income_krw_y1="-50억원", net_income_krw_y2=0)
    report = screened(tmp_path, rows)
    for code in ("000010", "000012"):
        assert status(report, code, PROFITABILITY) == "fail"  # the two years sum to a loss
        assert status(report, code, SPECIAL) == "pass" and report.companies[code].via == "special"
        assert code in report.selected
    assert status(report, "000011", SPECIAL) == "fail"  # a loss of one won in the latest year: two losses
    assert "000011" not in report.selected


def test_a_special_inclusion_that_fails_leads_its_report_with_the_test_it_failed(tmp_path: Path) -> None:
    """The JSON and CSV headline (rank, rank ratio, threshold) of a failed special inclusion is
    the trading-value rank ratio it failed, not the market-cap rank it met."""
    import csv
    import io

    from etf_listing.reporting.screen_csv import render_csv
    from etf_listing.reporting.screen_json import company_dict

    rows = many(500)
    rows[400]["value_up_disclosed_on"] = "2024-06-01"  # 000401: trading value rank ratio 401/500 > 0.8
    report = screened(tmp_path, rows)
    assert status(report, "000401", SPECIAL) == "fail"
    step = report.companies["000401"].steps[SPECIAL]
    assert step.primary is not None and step.primary.holds is False and step.primary.left == Fraction(401, 500)
    shown = next(s for s in company_dict(report.companies["000401"], report, "en")["results"] if s["rule"] == SPECIAL)
    assert (shown["rank"], shown["rank_ratio"], shown["threshold"]) == (401, "0.802", "0.80")
    table = list(csv.DictReader(io.StringIO(render_csv([report], "en", ["000401"]))))
    assert (table[0][f"{SPECIAL}.rank"], table[0][f"{SPECIAL}.rank_ratio"]) == ("401", "0.802")


def test_the_csv_writes_a_flag_as_the_json_does(tmp_path: Path) -> None:
    import csv
    import io

    from etf_listing.reporting.screen_csv import render_csv

    report = screened(tmp_path, [company("000001")])
    (row,) = csv.DictReader(io.StringIO(render_csv([report], "en")))
    assert row["valueup.universe.administrative_issue.observed"] == "false"


def test_fewer_than_100_survivors_are_all_selected_with_a_warning(tmp_path: Path) -> None:
    report = screened(tmp_path, many(30))
    assert len(report.selected) == 30
    assert any("only 30 companies qualify for 100 places" in notice.en for notice in report.notices)


def test_weights_are_capped_at_15_percent_in_two_rounds_and_sum_to_exactly_1(tmp_path: Path) -> None:
    rows = [company("000001", 40 * 10**12), company("000002", 14 * 10**12),
            *[company(f"{n:06d}", 76 * 10**11) for n in range(3, 9)], company("000009", 4 * 10**11)]
    report = screened(tmp_path, rows)
    assert report.weight_rounds == 2
    assert report.weights is not None and sum(report.weights.values()) == 1
    assert report.weights["000001"] == report.weights["000002"] == Fraction(15, 100)


def test_a_constituent_at_exactly_15_percent_is_not_capped(tmp_path: Path) -> None:
    # 15 of 100 by free-float market cap: exactly the cap, so no round of capping is needed.
    rows = [company("000001", 15 * 10**11), *[company(f"{n:06d}", 5 * 10**11) for n in range(2, 19)]]
    report = screened(tmp_path, rows)
    assert report.weights is not None and report.weights["000001"] == Fraction(15, 100)
    assert report.weight_rounds == 0 and report.capped == frozenset()
    assert sum(report.weights.values()) == 1


def test_a_constituent_lifted_to_exactly_15_percent_by_the_excess_is_not_capped(tmp_path: Path) -> None:
    # 000001 (40 of 108) is capped; its excess lifts 000002 (12 of 108) to 12 x 0.85 / 68 = exactly 15%,
    # which is not above the cap: one round, one capped constituent.
    rows = [company("000001", 40 * 10**11), company("000002", 12 * 10**11),
            *[company(f"{n:06d}", 7 * 10**11) for n in range(3, 11)]]
    report = screened(tmp_path, rows)
    assert report.weights is not None
    assert report.weights["000001"] == report.weights["000002"] == Fraction(15, 100)
    assert report.weight_rounds == 1 and report.capped == frozenset({"000001"})
    assert sum(report.weights.values()) == 1


def test_a_company_not_selected_whose_special_inclusion_cannot_be_decided_is_an_error(tmp_path: Path) -> None:
    """An early discloser at market-cap rank 450 (out at stage 1) without a trading value: its
    special inclusion, which ranks trading values, cannot be decided, so "excluded" would be a
    verdict nothing supports. A company at rank 50 lacking the same figure is through the stages
    and selected all the same: its result stands."""
    rows = many(500)
    rows[449].update(value_up_disclosed_on="2024-06-01", trading_value_krw="")
    rows[49].update(value_up_disclosed_on="2024-06-01", trading_value_krw="")
    report = screened(tmp_path, rows)
    out = report.companies["000450"]
    assert status(report, "000450", SPECIAL) == "error" and out.undecided
    assert out.status == "not_selected" and out.stopped_at == SPECIAL
    assert status(report, "000450", "valueup.stage.market_cap") == "fail"  # its path still shows where it stood
    assert report.companies["000050"].status == "selected" and not report.companies["000050"].undecided
    assert any("2 companies could not be screened" in notice.en for notice in report.notices)  # 000450, and 000100 below
    # were 000450 included specially, the 100th place would go to it: that place is not given to
    # the company at 100 (selected only if 000450 is not included), which is told so
    assert report.companies["000100"].status == "not_selected" and report.companies["000100"].undecided
    assert len(report.selected) == 99 and "000099" in report.selected
    assert any("whether 000100 is selected cannot be told" in notice.en and "1 of the" in notice.en
               for notice in report.notices), [n.en for n in report.notices]


def test_a_discloser_outside_the_stages_whose_special_inclusion_fails_is_decided(tmp_path: Path) -> None:
    rows = many(500)
    rows[449].update(value_up_disclosed_on="2024-06-01", trading_value_krw=1)  # the least traded: fails
    report = screened(tmp_path, rows)
    assert status(report, "000450", SPECIAL) == "fail"
    out = report.companies["000450"]
    assert out.status == "excluded" and out.stopped_at == "valueup.stage.market_cap" and not out.undecided


def test_korean_saved_decomposed_is_read_as_written_composed(tmp_path: Path) -> None:
    """정보기술 saved decomposed (NFD: a syllable as its letters, as macOS exports may) prints the
    same and is the same industry group, and 보통주 so saved is a common stock: one group of four,
    ranked as one, not two groups of two."""
    import unicodedata

    it, common = "정보기술", "보통주"
    nfd = unicodedata.normalize("NFD", it)
    assert nfd != it
    rows = [company("000001", pbr_y1="5", pbr_y2="5", industry_group=it),
            company("000002", pbr_y1="4", pbr_y2="4", industry_group=it),
            company("000003", pbr_y1="3", pbr_y2="3", industry_group=nfd),
            company("000004", pbr_y1="1", pbr_y2="1", industry_group=nfd),
            company("000005", pbr_y1="10", pbr_y2="10", industry_group="소재"),
            company("000006", pbr_y1="9", pbr_y2="9", industry_group="소재"),
            company("000007", pbr_y1="8", pbr_y2="8", industry_group="소재",
                    share_class=unicodedata.normalize("NFD", common))]
    report = screened(tmp_path, rows)
    rule = "valueup.stage.valuation"
    # within 정보기술, 000002 ranks 2 of 4 (0.5, passes) and 000003 3 of 4 (0.75, fails)
    assert (status(report, "000002", rule), status(report, "000003", rule)) == ("pass", "fail")
    assert status(report, "000007", "valueup.universe.common_stock") == "pass"
