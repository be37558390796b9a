"""Who is screened: each exclusion of the Korea Value-up Index at its boundary, the first that
applies stopping the company, and a figure that is not given named in an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from .builders import company, many, screened, status

EXCLUSIONS = ["common_stock", "new_listing", "free_float", "administrative_issue", "investment_caution",
              "under_review", "capital_impairment", "unsuitable"]


@pytest.mark.parametrize("fields, excluded_by", [
    ({"share_class": "preferred"}, "common_stock"),
    ({"market": "KONEX"}, "common_stock"),
    ({"listed_on": "2023-09-24"}, "new_listing"),  # one day short of 12 months before 2024-09-23
    ({"free_float_ratio": "9.99%"}, "free_float"),
    ({"administrative_issue": "true"}, "administrative_issue"),
    ({"investment_caution": "yes"}, "investment_caution"),
    ({"under_review": "Y"}, "under_review"),
    ({"capital_impaired": "1"}, "capital_impairment"),
    ({"unsuitable_reason": "감사의견 거절"}, "unsuitable"),
])
def test_each_exclusion_stops_the_company_it_applies_to(fields: dict[str, str], excluded_by: str, tmp_path: Path) -> None:
    report = screened(tmp_path, [company("000001", **fields), company("000002")])
    outcome = report.companies["000001"]
    assert outcome.status == "excluded" and outcome.stopped_at == f"valueup.universe.{excluded_by}"
    assert status(report, "000001", "valueup.stage.market_cap") == "not_reached"
    assert report.companies["000002"].stopped_at is None or not report.companies["000002"].stopped_at.startswith("valueup.universe")


@pytest.mark.parametrize("fields", [
    {"listed_on": "2023-09-23"},  # exactly 12 months before the review date
    {"free_float_ratio": "0.10"},  # exactly 10%
    {"market": "KOSDAQ"},
])
def test_a_company_exactly_at_an_exclusion_line_is_screened(fields: dict[str, str], tmp_path: Path) -> None:
    report = screened(tmp_path, [company("000001", **fields)])
    assert all(status(report, "000001", f"valueup.universe.{name}") == "pass" for name in EXCLUSIONS)


@pytest.mark.parametrize("fields", [
    {"market": "KOSDAQ GLOBAL"}, {"market": "유가증권시장"}, {"market": "kosdaq"}, {"market": "코스피"},
    {"share_class": "보통주"}, {"share_class": "Common"}, {"share_class": "common stock"},
    {"unsuitable_reason": "-"},  # KRX's dash for nothing: no reason
    {"unsuitable_reason": "false"}, {"unsuitable_reason": "None"}, {"unsuitable_reason": "없음"},
])
def test_a_market_share_class_or_blank_as_krx_writes_it_is_read_as_it(fields: dict[str, str], tmp_path: Path) -> None:
    report = screened(tmp_path, [company("000001", **fields)])
    assert all(status(report, "000001", f"valueup.universe.{name}") == "pass" for name in EXCLUSIONS)


@pytest.mark.parametrize("fields", [{"share_class": "우선주"}, {"share_class": "Preferred"}, {"market": "코넥스"},
                                    {"share_class": "REIT"}])
def test_another_class_or_market_in_any_spelling_is_excluded(fields: dict[str, str], tmp_path: Path) -> None:
    report = screened(tmp_path, [company("000001", **fields), company("000002")])
    assert report.companies["000001"].stopped_at == "valueup.universe.common_stock"


def test_a_market_the_tool_does_not_know_is_an_input_error_at_its_cell(tmp_path: Path) -> None:
    from etf_listing.errors import InputError

    with pytest.raises(InputError) as caught:
        screened(tmp_path, [company("000001"), company("000002", market="KOSPU")])
    (problem,) = caught.value.problems
    assert problem.location.line == 3 and "'KOSPU' is not a market the tool knows" in problem.message
    assert "did you mean 'KOSPI'" in (problem.hint or "")


def test_the_first_exclusion_that_applies_stops_the_company_and_all_are_listed(tmp_path: Path) -> None:
    report = screened(tmp_path, [company("000001", free_float_ratio="0.05", administrative_issue="true")])
    outcome = report.companies["000001"]
    assert outcome.stopped_at == "valueup.universe.free_float"
    assert status(report, "000001", "valueup.universe.administrative_issue") == "fail"
    assert [f.left for f in report.funnel[:4]] == [0, 0, 1, 0]  # counted once, where it stopped


def test_a_twelve_month_listing_from_the_end_of_february_counts_to_the_month_end(tmp_path: Path) -> None:
    from etf_listing.loading.universe import load_universe
    from etf_listing.screening.evaluate import screen

    from .builders import universe_file, value_up
    path = universe_file(tmp_path, [company("000001", listed_on="2023-02-28"), company("000002", listed_on="2023-03-01")],
                         as_of="2024-02-29")
    report = screen(load_universe(str(path)), value_up())
    assert status(report, "000001", "valueup.universe.new_listing") == "pass"
    assert status(report, "000002", "valueup.universe.new_listing") == "fail"


@pytest.mark.parametrize("empty, rule, status", [
    ("free_float_ratio", "valueup.universe.free_float", "excluded"),
    ("market_cap_krw", "valueup.stage.market_cap", "excluded"),
    ("net_income_krw_y2", "valueup.stage.profitability", "excluded"),
    ("roe_y1", "valueup.stage.capital_efficiency", "not_selected"),  # through the stages, not placed in stage 5
])
def test_a_figure_not_given_is_an_error_for_the_rule_that_needs_it(empty: str, rule: str, status: str, tmp_path: Path) -> None:
    report = screened(tmp_path, [company("000001", **{empty: ""}), company("000002")])
    outcome = report.companies["000001"]
    # The contract's company statuses are selected, not_selected and excluded: the company has the
    # one of where it stopped, and its result there is the error that names the figure.
    assert outcome.status == status and outcome.stopped_at == rule and outcome.undecided
    assert outcome.steps[rule].status == "error"
    assert outcome.steps[rule].missing == ((f"{empty} is not given", f"{empty} 값이 없습니다"),)
    assert any("could not be screened" in n.en for n in report.notices)


@pytest.mark.parametrize("empty, ranking", [  # the rankings from where the company stopped on
    ("market_cap_krw", "valueup.stage.market_cap, valueup.stage.valuation, valueup.stage.capital_efficiency"),
    ("pbr_y1", "valueup.stage.valuation, valueup.stage.capital_efficiency"),
    ("roe_y1", "valueup.stage.capital_efficiency"),
])
def test_a_ranking_that_left_out_a_company_without_its_figure_says_so(empty: str, ranking: str, tmp_path: Path) -> None:
    """The others' ranks at that stage are taken without the company: they may change once its
    figure is given, and the notice says which rankings that is."""
    # (without a PBR, twelve companies, PBRs 1.0 to 2.0: the one without its figure decides the
    # others' valuation only near the line, so that others are ranked there and after)
    others = ([company(f"{n:06d}", pbr_y1=f"{1 + (n - 2) / 10:.1f}", pbr_y2=f"{1 + (n - 2) / 10:.1f}") for n in range(2, 13)]
              if empty == "pbr_y1" else [company("000002"), company("000003")])
    report = screened(tmp_path, [company("000001", **{empty: ""}), *others])
    (notice,) = [n for n in report.notices if "could not be screened" in n.en]
    assert notice.en.endswith(f"; {ranking} ranked the other companies without them: their ranks and rank "
                              "ratios there may change once the figures are given"), notice.en
    assert f"{ranking}은(는) 이들을 빼고" in notice.ko


def test_a_rank_ratio_a_missing_figure_could_move_across_the_line_is_an_error(tmp_path: Path) -> None:
    """Three companies, one without its PBR: each of the others is first of two (0.5, in) without
    it, but second of three (0.67, out) if its PBR ranks above them. Neither is decided, and each
    error names the figure not given; ranked without it, both had passed in silence."""
    report = screened(tmp_path, [company("000001", pbr_y1=""), company("000002"), company("000003")])
    for code in ("000002", "000003"):
        step = report.companies[code].steps["valueup.stage.valuation"]
        assert step.status == "error" and report.companies[code].undecided
        assert step.missing == (("its rank ratio depends on figures not given for 1 other member(s): "
                                 "Company 000001 (000001): pbr_y1 is not given",
                                 "다른 1개 항목의 값이 없어 순위비율을 정할 수 없습니다: Company 000001 (000001): pbr_y1 값이 없습니다"),)


def test_a_rank_a_missing_figure_cannot_move_across_the_line_is_decided(tmp_path: Path) -> None:
    # stage 1, rank by market cap at most 400: with one more company above, the others rank at most 3
    report = screened(tmp_path, [company("000001", market_cap_krw=""), company("000002"), company("000003")])
    assert [status(report, code, "valueup.stage.market_cap") for code in ("000002", "000003")] == ["pass", "pass"]


def test_a_company_stopped_before_the_rankings_is_missing_from_every_one_after(tmp_path: Path) -> None:
    report = screened(tmp_path, [company("000001", free_float_ratio=""), company("000002"), company("000003")])
    (notice,) = [n for n in report.notices if "could not be screened" in n.en]
    assert ("; valueup.stage.market_cap, valueup.stage.valuation, valueup.stage.capital_efficiency ranked the "
            "other companies without them") in notice.en, notice.en


def test_a_company_stopped_after_the_rankings_leaves_them_whole(tmp_path: Path) -> None:
    rows = [company(f"{n:06d}", 10**12 + n * 10**9) for n in range(1, 4)]
    report = screened(tmp_path, rows)
    assert not [n for n in report.notices if "could not be screened" in n.en]


def test_a_missing_figure_that_does_not_decide_is_no_error(tmp_path: Path) -> None:
    # A dividend in both years passes stage 3 whatever the (empty) share cancellations were.
    report = screened(tmp_path, [company("000001", treasury_cancelled_krw_y1="", treasury_cancelled_krw_y2="")])
    assert status(report, "000001", "valueup.stage.shareholder_return") == "pass"


def test_shareholder_return_needs_a_return_in_each_of_the_two_years(tmp_path: Path) -> None:
    rows = [company("000001", dividend_krw_y2=0, treasury_cancelled_krw_y2="10억원"),
            company("000002", dividend_krw_y2=0),
            company("000003", dividend_krw_y1="1", dividend_krw_y2="1")]
    report = screened(tmp_path, rows)
    assert [status(report, c, "valueup.stage.shareholder_return") for c in ("000001", "000002", "000003")] == ["pass", "fail", "pass"]


def test_a_previous_special_inclusion_keeps_the_company_until_its_date(tmp_path: Path) -> None:
    from .builders import many
    rows = many(800)
    previous = "code,special_until\n000750,2024-09-23\n000760,2024-09-22\n"
    report = screened(tmp_path, rows, previous=previous)
    assert report.companies["000750"].via == "special"  # kept: its two years have not passed
    assert status(report, "000760", "valueup.special.early_disclosure") == "not_applicable"


def test_an_exclusion_that_surely_applies_stops_a_company_an_earlier_one_cannot_decide(tmp_path: Path) -> None:
    """listed_on not given (new_listing cannot be decided) and a free float of 5% (surely out):
    the company is excluded by the free float, decided, not left unscreened."""
    report = screened(tmp_path, [company("000001", listed_on="", free_float_ratio="0.05"),
                                 company("000002", listed_on=""), company("000003")])
    first = report.companies["000001"]
    assert status(report, "000001", "valueup.universe.new_listing") == "error"
    assert first.status == "excluded" and first.stopped_at == "valueup.universe.free_float" and not first.undecided
    # with nothing else that applies, the exclusion it cannot decide is its result
    second = report.companies["000002"]
    assert second.stopped_at == "valueup.universe.new_listing" and second.undecided
    assert [f.left for f in report.funnel[:3]] == [0, 1, 1]  # each counted once, where it stopped


def _last_place(roe_y1: str) -> list[dict[str, object]]:
    """101 companies for 100 places: one included early (its ROE of year 1 ``roe_y1``), A in its
    group G, and 99 in group K with ROEs 0.001 to 0.099. A is first of two in G by ROE (ratio 0.5)
    with the included company's ROE given, and ties the last of K (ratio 1) without it, losing
    to it on market cap: the last place is A's or K00001's."""
    included = company("S00001", 10**13, industry_group="G", roe_y1=roe_y1, roe_y2="0.01", value_up_disclosed_on="2024-05-01")
    first = company("A00001", 10**11, industry_group="G", roe_y1="0.2", roe_y2="0.2")
    others = [company(f"K{n:05d}", 10**12, industry_group="K", roe_y1=f"{n / 1000}", roe_y2=f"{n / 1000}") for n in range(1, 100)]
    return [included, first, *others]


def test_the_last_place_is_decided_when_the_rank_s_figures_are_given(tmp_path: Path) -> None:
    report = screened(tmp_path, _last_place("0.01"))
    assert report.companies["A00001"].status == "selected" and report.companies["K00001"].status == "not_selected"


def test_a_last_place_a_figure_not_given_could_move_is_not_filled(tmp_path: Path) -> None:
    """Without the included company's ROE, A is first of one in G, or first or second of two:
    whether A or K00001 takes the last place cannot be told, and neither is said to."""
    report = screened(tmp_path, _last_place(""))
    assert report.companies["S00001"].status == "selected"  # included: its own ROE is not needed
    for code in ("A00001", "K00001"):
        outcome = report.companies[code]
        assert outcome.status == "not_selected" and outcome.undecided, code
        (en, _), = outcome.steps["valueup.stage.capital_efficiency"].missing
        assert en.startswith("its rank ratio depends on figures not given for 1 other member(s): ") and "roe_y1" in en
    assert len(report.selected) == 99 and "K00002" in report.selected
    assert any("whether A00001, K00001 are selected cannot be told" in n.en and "1 of the 99 places left is not filled" in n.en
               for n in report.notices)


def test_a_figure_just_past_a_line_is_never_written_as_the_line(tmp_path: Path) -> None:
    """0.0999999999 is below the 10% free float, and KRW 999,999,999,999 below the last company
    inside the line: rounded, they read as the line itself ("≈0.1 < 0.10? yes", "KRW 1,000bn").
    Where rounding would do that, the figure is written in full."""
    from etf_listing.screening.messages import describe

    rows = [company("000001", free_float_ratio="0.0999999999"), *many(400, start=2, cap=10**13, step=10**9),
            company("000402", 999_999_999_999)]
    rows[-2]["market_cap_krw"] = 10**12  # the 400th inside the line: KRW 1,000,000,000,000
    report = screened(tmp_path, rows)
    free_float = describe(report.companies["000001"].steps["valueup.universe.free_float"], report)
    assert "free_float_ratio 0.0999999999 < 0.10? yes" in free_float, free_float
    cap = describe(report.companies["000402"].steps["valueup.stage.market_cap"], report)
    assert "market_cap KRW 999,999,999,999: rank 401 of 401" in cap and "inside the line has market_cap KRW 1,000bn" in cap, cap
    assert "999,999,999,999원" in describe(report.companies["000402"].steps["valueup.stage.market_cap"], report, "ko")


@pytest.mark.parametrize("fields, observed, operator, threshold", [
    ({"share_class": "preferred"}, "preferred", "!=", "common"),
    ({"market": "KONEX"}, "KONEX", "not_in", ["KOSPI", "KOSDAQ"]),
])
def test_an_exclusion_reports_the_condition_that_excluded_the_company(tmp_path: Path, fields: dict[str, str],
                                                                     observed: str, operator: str, threshold: object) -> None:
    """The common-stock exclusion has two conditions; the result's figure, operator and threshold
    are those of the one that held (a preferred share once showed 'preferred not_in [KOSPI, KOSDAQ]')."""
    from etf_listing.reporting.screen_json import company_dict

    report = screened(tmp_path, [company("000001", **fields), company("000002")])
    (step,) = [s for s in company_dict(report.companies["000001"], report, "en")["results"]
               if s["rule"] == "valueup.universe.common_stock"]
    assert (step["status"], step["observed"], step["operator"], step["threshold"]) == ("fail", observed, operator, threshold)


def test_weights_that_cannot_be_capped_say_so_in_each_company_s_result(tmp_path: Path) -> None:
    # two constituents cannot each hold at most 15%: every figure is given, the cap is what cannot be met
    from etf_listing.screening.messages import describe

    report = screened(tmp_path, [company("000001"), company("000002")])
    step = report.companies["000001"].steps["valueup.weight.cap"]
    assert step.status == "error"
    assert describe(step, report) == "cannot be decided: the weights cannot be capped: 2 members cannot each hold at most 15% of the whole"
    assert "비중 상한을 적용할 수 없습니다: 2개 종목으로는 각 15% 이하가 될 수 없습니다" in describe(step, report, "ko")


def test_companies_of_one_group_keep_their_order_whatever_the_figure_not_given(tmp_path: Path) -> None:
    """S, included early, lacks its ROE; B (ROE 0.2) and A (0.1) share its group G. Wherever S's
    ROE falls, B stays before A, so B's place is sure and A's last chance lost to C's group is too."""
    rows = [company("S00001", 10**14, industry_group="G", roe_y1="", roe_y2="0.01", value_up_disclosed_on="2024-05-01"),
            company("B00001", 10**10, industry_group="G", roe_y1="0.2", roe_y2="0.2"),
            company("A00001", 10**13, industry_group="G", roe_y1="0.1", roe_y2="0.1"),
            company("C00001", 10**12, industry_group="H"),
            *[company(f"T{n:05d}", 10**12, industry_group="T") for n in range(98)]]
    report = screened(tmp_path, rows)
    assert [report.companies[code].status for code in ("B00001", "A00001", "C00001")] == ["selected", "not_selected",
                                                                                         "not_selected"]
    assert not any(report.companies[code].undecided for code in ("B00001", "A00001", "C00001"))
    assert len(report.selected) == 100


def test_a_competitor_without_its_figure_could_take_a_last_place(tmp_path: Path) -> None:
    """X lacks its ROE of year 1 and competes: with it, either A (group G with X) or K00001 (the
    last of group K) loses the last place. Neither is said to take it."""
    rows = [company("A00001", 10**11, industry_group="G", roe_y1="0.2", roe_y2="0.2"),
            company("X00001", 10**11, industry_group="G", roe_y1="", roe_y2="0.3"),
            *[company(f"K{n:05d}", 10**12, industry_group="K", roe_y1=f"{n / 1000}", roe_y2=f"{n / 1000}") for n in range(1, 100)]]
    report = screened(tmp_path, rows)
    for code in ("A00001", "X00001", "K00001"):
        assert report.companies[code].status == "not_selected" and report.companies[code].undecided, code
    assert "K00002" in report.selected and len(report.selected) == 98



@pytest.mark.parametrize("field", ["free_float_ratio", "pbr_y1"])
def test_a_company_stopped_by_a_figure_not_given_could_take_a_last_place(tmp_path: Path, field: str) -> None:
    """Z, the largest of 101 companies for 100 places, lacks a figure an exclusion or a stage needs:
    with it, Z might be in and the 100th out. The 100th is not said to be selected."""
    rows = [company(f"A{n:05d}", 10**12 - n * 10**9, industry_group="G") for n in range(100)]
    rows.append(company("Z00001", 10**13, industry_group="G", **{field: ""}))
    report = screened(tmp_path, rows)
    assert report.companies["Z00001"].undecided
    assert report.companies["A00099"].status == "not_selected" and report.companies["A00099"].undecided
    assert len(report.selected) == 99


def test_a_place_left_unfilled_is_not_also_said_to_go_to_all_who_qualify(tmp_path: Path) -> None:
    # 99 qualify for 100 places, and two stopped by a figure not given might too: the 99th is unsure,
    # so "only 99 companies qualify: all of them are selected" would be false
    rows = [company(f"A{n:05d}", 10**12 - n * 10**9, industry_group="G") for n in range(99)]
    rows += [company(f"Z{n:05d}", 10**13 + n, industry_group="G", free_float_ratio="") for n in range(2)]
    report = screened(tmp_path, rows)
    assert report.companies["A00098"].status == "not_selected" and report.companies["A00098"].undecided
    assert not any("all of them are selected" in n.en for n in report.notices), [n.en for n in report.notices]
    (en, _), = report.companies["A00098"].steps["valueup.stage.capital_efficiency"].missing
    assert en.startswith("2 companies left out for a figure not given")
