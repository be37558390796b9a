"""Verdicts on files as users really write them: gaps inside the market-data window, offenders
that never change a status, active ETFs and the replication rules, and market names."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from etf_listing import cli
from tests.builders import AS_OF, EOK, check, daily, index, offenders, product, result, rulebook_with, stock, stocks

WEIGHT = "krx.index.single_issue_weight"
TOP85_CAP = "krx.index.top85_market_cap"
TOP85_VALUE = "krx.index.top85_trading_value"
PDF_CAP = "krx.pdf.market_cap_coverage"
PDF_COUNT = "krx.pdf.constituent_coverage"
MEAN_RULES = (WEIGHT, TOP85_CAP, TOP85_VALUE, PDF_CAP)

WINDOW_FIRST = dt.date(2024, 8, 1)
WEEKDAYS = tuple(WINDOW_FIRST + dt.timedelta(days=n) for n in range((AS_OF - WINDOW_FIRST).days + 1)
                 if (WINDOW_FIRST + dt.timedelta(days=n)).weekday() < 5)


def series_index(big_caps: dict[dt.date, int], *, skip: tuple[dt.date, ...] = (), days: tuple[dt.date, ...] = WEEKDAYS,
                 **index_fields) -> dict:
    """Ten issues with daily rows on ``days``: BIG (its cap per day from ``big_caps``, else
    40억원 x 100), nine others at 100억원 x 100. ``skip``: BIG's days without a row."""
    rows = []
    for day in days:
        if day not in skip:
            rows += daily("BIG", (day, big_caps.get(day, 4000 * EOK), 10 * EOK))
        for code in (f"S{i}" for i in range(1, 10)):
            rows += daily(code, (day, 1000 * EOK, 10 * EOK))
    document = index([stock("BIG", None, None)] + [stock(f"S{i}", None, None) for i in range(1, 10)], market_data=rows)
    document.update(index_fields)
    return document


# BIG's cap is high on 18 days: with every row it weighs well above 30%; with those 18 rows
# deleted from the export its mean falls to 1,000억 (10%), which would pass.
HIGH_DAYS = WEEKDAYS[1:19]


def checked(directory: Path, document: dict, rulebook=None):
    directory.mkdir(parents=True, exist_ok=True)
    return check(directory, document, rulebook)


def test_an_issue_missing_rows_inside_the_window_is_an_error_naming_it_and_the_dates(tmp_path: Path) -> None:
    caps = {day: (20_000 * EOK if day in HIGH_DAYS else 1000 * EOK) for day in WEEKDAYS}
    assert result(checked(tmp_path / "complete", product(series_index(caps))), WEIGHT).status == "fail"
    gapped = checked(tmp_path / "gapped", product(series_index(caps, skip=HIGH_DAYS)))
    for rule in MEAN_RULES:
        res = result(gapped, rule)
        assert res.status == "error", rule
        assert offenders(res) == ["BIG"], rule
    message = result(gapped, WEIGHT).message["en"]
    assert "no market data on 18 of the index's" in message
    assert str(HIGH_DAYS[0]) in message and str(HIGH_DAYS[17]) in message
    assert "at most 0 allowed" in message
    assert "거래일" in result(gapped, WEIGHT).message["ko"]
    # the rules that need no mean are decided all the same
    assert result(gapped, "krx.index.constituent_count").status == "pass"


@pytest.mark.parametrize("missing, allowed, status", [(0, 0, "fail"), (1, 0, "error"), (2, 2, "fail"),
                                                      (3, 2, "error")])
def test_the_days_an_issue_may_miss_are_a_parameter(tmp_path: Path, missing: int, allowed: int, status: str) -> None:
    """Exactly max_missing_days missing days still give a mean (over the rows there are)."""
    document = product(series_index({}, skip=WEEKDAYS[10:10 + missing]))
    assert result(check(tmp_path, document, rulebook_with(max_missing_days=allowed)), WEIGHT).status == status


def test_an_issue_listed_inside_the_window_may_start_late_within_the_tolerance(tmp_path: Path) -> None:
    late = WEEKDAYS[:3]  # its first row is 2024-08-06, 5 days into the window
    assert (late[-1] - WINDOW_FIRST).days <= 7
    report = check(tmp_path, product(series_index({}, skip=late)))
    assert result(report, WEIGHT).status == "fail"  # decided on its rows, not an error


BEFORE_WINDOW = WINDOW_FIRST - dt.timedelta(days=1)  # a Wednesday: every issue traded the day before
AFTER_AS_OF = AS_OF + dt.timedelta(days=1)  # a Friday: every issue traded the day after


@pytest.mark.parametrize("days, skipped, allowed, status", [
    ((BEFORE_WINDOW, *WEEKDAYS), WEEKDAYS[:3], 0, "error"),  # trading before: the first 3 days are lost rows
    ((BEFORE_WINDOW, *WEEKDAYS), WEEKDAYS[:3], 3, "fail"),   # exactly max_missing_days of them: decided
    ((BEFORE_WINDOW, *WEEKDAYS), WEEKDAYS[:3], 2, "error"),
    (WEEKDAYS, WEEKDAYS[:3], 0, "fail"),                     # no row before: listed in the window, within tolerance
    ((*WEEKDAYS, AFTER_AS_OF), WEEKDAYS[-3:], 0, "error"),   # trading after as_of: the last 3 days are lost rows
    (WEEKDAYS, WEEKDAYS[-3:], 0, "fail"),                    # no row after: delisted, within tolerance
])
def test_an_issue_trading_beyond_the_window_misses_the_days_at_its_ends(
        tmp_path: Path, days: tuple[dt.date, ...], skipped: tuple[dt.date, ...], allowed: int, status: str) -> None:
    document = product(series_index({}, skip=skipped, days=days))
    res = result(check(tmp_path, document, rulebook_with(max_missing_days=allowed)), WEIGHT)
    assert res.status == status, res.message["en"]
    if status == "error":
        assert offenders(res) == ["BIG"]
        assert f"no market data on 3 of the index's {len(WEEKDAYS)} trading days from {WINDOW_FIRST} to {AS_OF}" \
            in res.message["en"]


@pytest.mark.parametrize("after, status", [(dt.date(2024, 9, 19), "fail"), (dt.date(2024, 9, 20), "error")])
def test_a_hole_in_every_issue_s_data_longer_than_the_longest_holiday_is_an_error(tmp_path: Path, after: dt.date,
                                                                                  status: str) -> None:
    """Without a trading calendar the index's days are those of its data: weeks that an export lost
    for every issue would leave the means over the rest in silence. After Wednesday 2024-09-04, no
    day until Thursday 09-19 is 14 calendar days (max_gap_days); until Friday 09-20, 15."""
    before = dt.date(2024, 9, 4)
    days = tuple(day for day in WEEKDAYS if not before < day < after)
    res = result(check(tmp_path, product(series_index({}, days=days))), WEIGHT)
    assert res.status == status, res.message["en"]
    if status == "error":
        assert "the index's market data has no day from 2024-09-05 to 2024-09-19 (15 calendar days; at most 14 " \
            "allowed for holidays)" in res.message["en"]


def test_a_calendar_speaks_only_for_the_days_it_covers(tmp_path: Path) -> None:
    """A calendar of August alone says nothing of September: a hole there is still a hole."""
    before, after = dt.date(2024, 9, 4), dt.date(2024, 9, 20)
    days = tuple(day for day in WEEKDAYS if not before < day < after)
    august = [{"date": day} for day in days if day.month == 8]
    res = result(check(tmp_path, product(series_index({}, days=days, calendar=august))), WEIGHT)
    assert res.status == "error" and "no day from 2024-09-05 to 2024-09-19" in res.message["en"]


def test_a_hole_in_the_one_daily_series_of_an_index_is_a_hole(tmp_path: Path) -> None:
    """The other issues give their means in their rows: BIG's series alone is the index's data."""
    before, after = dt.date(2024, 9, 4), dt.date(2024, 9, 20)
    rows = [row for day in WEEKDAYS if not before < day < after for row in daily("BIG", (day, 4000 * EOK, 10 * EOK))]
    document = index([stock("BIG", None, None)] + [stock(f"S{i}") for i in range(1, 10)], market_data=rows)
    res = result(check(tmp_path, product(document)), WEIGHT)
    assert res.status == "error" and "no day from 2024-09-05 to 2024-09-19" in res.message["en"]


def test_a_hole_across_the_window_s_first_day_is_measured_whole(tmp_path: Path) -> None:
    """Data to Friday 2024-07-19, then from Wednesday 08-07 (6 days into the window, within the
    7 days' tolerance at its start): 18 calendar days without any row, not 6."""
    july = tuple(dt.date(2024, 7, 1) + dt.timedelta(days=n) for n in range(19))
    days = tuple(day for day in july if day.weekday() < 5) + tuple(day for day in WEEKDAYS if day >= dt.date(2024, 8, 7))
    res = result(check(tmp_path, product(series_index({}, days=days))), WEIGHT)
    assert res.status == "error" and "no day from 2024-07-20 to 2024-08-06 (18 calendar days" in res.message["en"]


def test_a_calendar_given_names_the_exchange_s_own_closures(tmp_path: Path) -> None:
    """A trading calendar with the same 15 days closed is the exchange's word for them: no hole."""
    before, after = dt.date(2024, 9, 4), dt.date(2024, 9, 20)
    days = tuple(day for day in WEEKDAYS if not before < day < after)
    document = product(series_index({}, days=days, calendar=[{"date": day} for day in days]))
    assert result(checked(tmp_path, document), WEIGHT).status == "fail"


def test_a_trading_calendar_in_the_index_file_names_days_no_issue_has(tmp_path: Path) -> None:
    holiday_in_data = WEEKDAYS[20]
    days = tuple(day for day in WEEKDAYS if day != holiday_in_data)
    calendar = [{"date": day} for day in WEEKDAYS]  # the exchange traded that day; the export lost it
    report = checked(tmp_path / "calendar", product(series_index({}, days=days, calendar=calendar)))
    res = result(report, WEIGHT)
    assert res.status == "error" and str(holiday_in_data) in res.message["en"]
    assert sorted(offenders(res)) == sorted(["BIG"] + [f"S{i}" for i in range(1, 10)])
    # without a calendar the index's days are those of its data: nothing is missing
    assert result(checked(tmp_path / "plain", product(series_index({}, days=days))), WEIGHT).status == "fail"


def test_a_trading_calendar_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.builders import write

    days = tuple(day for day in WEEKDAYS if day != WEEKDAYS[20])
    path = write(tmp_path, product(series_index({}, days=days)))
    (tmp_path / "calendar.csv").write_text("date\n" + "".join(f"{day}\n" for day in WEEKDAYS), encoding="utf-8")
    assert cli.main(["--format", "json", str(path)]) == 1
    plain = {r["rule"]: r["status"] for r in json.loads(capsys.readouterr().out)["reports"][0]["results"]}
    assert plain[WEIGHT] == "fail"
    assert cli.main(["--format", "json", "--calendar", str(tmp_path / "calendar.csv"), str(path)]) == 1
    report = json.loads(capsys.readouterr().out)["reports"][0]
    weight = next(r for r in report["results"] if r["rule"] == WEIGHT)
    assert weight["status"] == "error" and str(WEEKDAYS[20]) in weight["message"]


# A gap near the window's end: BIG has no row on the last trading day but one. A calendar that
# stops early, or starts late, or is of another year, must never check less than no calendar: the
# days beyond its span are the data's.
GAP_DAY = WEEKDAYS[-2]


@pytest.mark.parametrize("calendar_days", [
    WEEKDAYS,                                                            # the whole window
    tuple(day for day in WEEKDAYS if (AS_OF - day).days >= 7),          # ends 7 days early (the tolerance)
    tuple(day for day in WEEKDAYS if (AS_OF - day).days >= 30),         # ends a month early
    tuple(day for day in WEEKDAYS if (day - WINDOW_FIRST).days >= 8),   # starts 8 days in
    tuple(day.replace(year=2023) for day in WEEKDAYS),                  # another year: no day in the window
    (),                                                                  # a header and no day
], ids=["whole", "ends-7-early", "ends-30-early", "starts-late", "other-year", "empty"])
def test_a_trading_calendar_never_checks_less_than_none(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        calendar_days: tuple[dt.date, ...]) -> None:
    from tests.builders import write

    path = write(tmp_path, product(series_index({}, skip=(GAP_DAY,))))
    assert cli.main(["--format", "json", str(path)]) == 1
    plain = next(r for r in json.loads(capsys.readouterr().out)["reports"][0]["results"] if r["rule"] == WEIGHT)
    assert plain["status"] == "error" and str(GAP_DAY) in plain["message"]  # without a calendar: the gap is found
    (tmp_path / "calendar.csv").write_text("date\n" + "".join(f"{day}\n" for day in calendar_days), encoding="utf-8")
    assert cli.main(["--format", "json", "--calendar", str(tmp_path / "calendar.csv"), str(path)]) == 1
    weight = next(r for r in json.loads(capsys.readouterr().out)["reports"][0]["results"] if r["rule"] == WEIGHT)
    assert weight["status"] == "error" and str(GAP_DAY) in weight["message"], weight["message"]
    assert "no market data on 1 of the index's" in weight["message"]


def test_a_calendar_that_stops_early_still_names_its_own_days_inside_its_span(tmp_path: Path) -> None:
    """The calendar lists a day no issue has (the export lost it for every issue): inside the
    calendar's span that day is a trading day, though the calendar ends two weeks early."""
    lost = WEEKDAYS[20]
    days = tuple(day for day in WEEKDAYS if day != lost)
    early = [{"date": day} for day in WEEKDAYS if (AS_OF - day).days >= 14]
    res = result(checked(tmp_path / "early", product(series_index({}, days=days, calendar=early))), WEIGHT)
    assert res.status == "error" and str(lost) in res.message["en"]


def test_a_calendar_file_that_cannot_be_read_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.builders import write

    path = write(tmp_path, product(series_index({})))
    (tmp_path / "calendar.csv").write_text("date\n2024-13-01\n", encoding="utf-8")
    assert cli.main(["--calendar", str(tmp_path / "calendar.csv"), str(path)]) == 2
    assert "calendar.csv:2:1: date:" in capsys.readouterr().err


# --- a verdict that needs no market data does not depend on it ----------------------------------

def test_pdf_coverage_by_count_is_decided_without_market_caps(tmp_path: Path) -> None:
    """One unheld issue's market data is missing: coverage by count still fails (4 of 10 held),
    its offenders shown without the weights that cannot be taken; coverage by cap is an error."""
    idx = index(stocks(9) + [stock("NODATA", None, None)],
                market_data=daily("NODATA", ("2024-09-01", 100 * EOK, EOK), ("2024-10-31", 100 * EOK, EOK)))
    report = check(tmp_path, product(idx, pdf=[{"code": f"S0{i}", "name": "x", "quantity": 1} for i in range(1, 5)]))
    count = result(report, PDF_COUNT)
    assert count.status == "fail"
    assert count.observed == Decimal("0.4")
    assert offenders(count) == ["NODATA", "S05", "S06", "S07", "S08", "S09"]
    assert all(item.observed is None for item in count.items)
    assert "Left out: 종목NODATA (NODATA), 종목S05 (S05)" in count.message["en"]
    assert result(report, PDF_CAP).status == "error"


def test_offenders_with_a_figure_come_first_and_those_without_after_them(tmp_path: Path) -> None:
    from etf_listing.evaluation import _ordered

    class Item:
        def __init__(self, key: str) -> None:
            self.key = key

    pairs = [(Item("B"), None), (Item("C"), 3), (Item("A"), None), (Item("D"), 5)]
    assert [m.key for m, _ in _ordered(pairs, "<=")] == ["D", "C", "A", "B"]


# --- active ETFs and the replication rules ------------------------------------------------------

def forty_stock_active(management: str = "active") -> dict:
    """An active ETF holding 40 of its 100-issue comparison index's issues (40% by count and cap)."""
    idx = index(stocks(99) + [stock("S100")])
    codes = [f"S{i:02d}" for i in range(1, 41)]
    return product(idx, management=management, pdf=[{"code": c, "name": "x", "quantity": 10} for c in codes])


def test_an_active_etf_is_not_judged_on_replicating_its_comparison_index(tmp_path: Path) -> None:
    report = check(tmp_path, forty_stock_active())
    for rule in (PDF_CAP, PDF_COUNT):
        res = result(report, rule)
        assert res.status == "not_applicable", rule
        assert "active ETF" in res.message["en"] and "unconfirmed" in res.message["en"]
        assert "액티브 ETF" in res.message["ko"] and "미확인" in res.message["ko"]
    # the index rules still apply to the comparison index
    assert result(report, WEIGHT).status == "pass"
    assert result(report, "krx.index.constituent_count").status == "pass"
    assert report.eligible


def test_a_passive_etf_holding_40_of_100_issues_fails_both_coverage_rules(tmp_path: Path) -> None:
    report = check(tmp_path, forty_stock_active("passive"))
    assert result(report, PDF_CAP).status == "fail" and result(report, PDF_COUNT).status == "fail"
    assert "active" not in result(report, "krx.creation.cash").message["en"]


def test_the_active_etf_reading_is_an_unconfirmed_rulebook_parameter(tmp_path: Path) -> None:
    from etf_listing.rulebook import load_rulebook

    parameter = load_rulebook().parameters["active_etf_pdf_coverage"]
    assert (parameter.value, parameter.confirmed) == ("not_applicable", False)
    report = check(tmp_path, forty_stock_active(), rulebook_with(active_etf_pdf_coverage="apply"))
    assert result(report, PDF_CAP).status == "fail" and result(report, PDF_COUNT).status == "fail"


def test_a_cash_created_passive_etf_gets_no_word_about_active_etfs(tmp_path: Path) -> None:
    report = check(tmp_path, product(creation="cash", cash_creation_reason="derivatives"))
    message = result(report, PDF_COUNT).message
    assert result(report, PDF_COUNT).status == "not_applicable"
    assert message["en"] == "Applies to in-kind creation on a securities index, by a product that replicates it."


# --- wording ------------------------------------------------------------------------------------

def test_a_cash_creation_pass_says_why_it_passes(tmp_path: Path) -> None:
    res = result(check(tmp_path, product(creation="cash", cash_creation_reason="derivatives")), "krx.creation.cash")
    assert res.status == "pass"
    assert res.message["en"] == "Cash creation with an allowed reason (derivatives)."


def test_the_linked_assets_rule_on_a_product_created_in_cash_without_a_pdf_or_ratio_is_an_error(tmp_path: Path) -> None:
    """A fund created in cash because derivatives track the index holds assets other than index
    issues by its own account: not giving what it holds is an error, never "not applicable"
    (which let the product come out eligible)."""
    res = result(check(tmp_path, product(creation="cash", cash_creation_reason="derivatives", pdf=None)),
                 "krx.pdf.linked_assets")
    assert res.status == "error"
    assert "product.linked_assets_ratio is not given; product.pdf is not given" in res.message["en"]
    assert "holds only index issues" not in res.message["en"]


def test_a_failing_linked_ratio_without_a_pdf_does_not_say_that_nothing_is_unlinked(tmp_path: Path) -> None:
    """Its rows are not given: "Not linked: none" would contradict the 90% it fails on."""
    res = result(check(tmp_path, product(creation="cash", cash_creation_reason="derivatives", pdf=None,
                                         linked_assets_ratio="0.90")), "krx.pdf.linked_assets")
    assert res.status == "fail" and res.items == ()
    assert res.message["en"].endswith("Not linked: not named (product.pdf is not given).")
    assert "연동되지 않은 자산: 알 수 없음(product.pdf 값이 없습니다)" in res.message["ko"]


def test_the_linked_assets_rule_on_a_product_created_in_kind_without_a_pdf_is_an_error(tmp_path: Path) -> None:
    """What the fund holds is not given: not "no other assets to test"."""
    res = result(check(tmp_path, product(pdf=None)), "krx.pdf.linked_assets")
    assert res.status == "error" and "product.pdf is not given" in res.message["en"]


def test_one_issue_is_not_all_1_issues(tmp_path: Path) -> None:
    res = result(check(tmp_path, product(index(stocks(1)))), "krx.index.eligible_market")
    assert res.message["en"] == "Every issue of the index (1) trades on an eligible market: KOSPI."


def test_amounts_below_a_billion_are_written_in_millions_beside_billions() -> None:
    from etf_listing.formatting import format_krw

    assert (format_krw(100_000_000), format_krw(15 * 10**9), format_krw(46_872_118)) == \
        ("KRW 100m", "KRW 15bn", "KRW 46.87m")
    assert format_krw(999_999, "en") == "KRW 999,999"
    assert format_krw(100_000_000, "ko") == "1억원"


def test_a_figure_exactly_at_its_threshold_is_not_0_above_it() -> None:
    from etf_listing.formatting import describe_headroom

    assert describe_headroom(Decimal(0), ">=", 1, "count", "en") == "exactly 1, with nothing to spare"
    assert describe_headroom(Decimal(0), ">=", 1, "count", "ko") == "1과(와) 같아 여유가 없음"


def test_a_distance_from_a_threshold_that_is_not_none_is_never_shown_as_0() -> None:
    """A disparity of 0.9999% is 0.0001 points below a 1% line, not "0 points" (which reads as
    the line itself); so is a fraction of a won. Two decimals where they show the distance."""
    from etf_listing.formatting import describe_headroom

    line = Decimal("0.01")
    assert describe_headroom(Decimal("-0.000001"), "<=", line, "ratio", "en") == "0.0001 points above 1.00%"
    assert describe_headroom(Decimal("0.000001"), "<", line, "ratio", "en") == "0.0001 points below 1.00%"
    assert describe_headroom(Decimal("0.000001"), "<", line, "ratio", "ko") == "1.00% 대비 0.0001%p 여유"
    assert describe_headroom(Decimal("0.0251"), "<=", line, "ratio", "en") == "2.51 points below 1.00%"
    assert describe_headroom(Decimal("0.4"), ">=", 7 * 10**9, "krw", "en") == "KRW 0.4 above KRW 7bn"


def test_explain_says_where_a_rule_applies_in_words_not_as_an_expression() -> None:
    from etf_listing.commands.explain import explain
    from etf_listing.rulebook import load_rulebook

    rulebook = load_rulebook()
    text = explain(rulebook.rule(PDF_COUNT), rulebook)
    applies = text.split("Applies when:\n", 1)[1].splitlines()[0]
    assert applies == "  Applies to in-kind creation on a securities index, by a product that replicates it."
    assert "{" not in applies
    assert explain(rulebook.rule("krx.index.constituent_count"), rulebook, "ko").split("적용 조건:\n", 1)[1] \
        .splitlines()[0] == "  증권지수에 적용됩니다."


# --- market names -------------------------------------------------------------------------------

@pytest.mark.parametrize("written, market", [("유가증권시장", "KOSPI"), ("kospi", "KOSPI"), ("코스피", "KOSPI"),
                                             ("코스닥", "KOSDAQ"), ("KOSDAQ GLOBAL", "KOSDAQ"), ("코넥스", "KONEX"),
                                             ("국채전문유통시장", "KRX_bond"), ("KRX bond market", "KRX_bond"),
                                             ("NYSE", "foreign_exchange"), ("XTKS", "foreign_exchange"),
                                             ("K-OTC", "K-OTC"), ("비상장", "unlisted")])
def test_market_names_are_read_as_the_market_they_name(written: str, market: str) -> None:
    from etf_listing.loading.markets import market_named

    assert market_named(written) == market


def test_a_ktb_index_on_the_krx_bond_market_trades_on_an_eligible_market(tmp_path: Path) -> None:
    from tests.builders import treasury

    idx = index([treasury("KTB3A", market="국채전문유통시장"), treasury("KTB3B", market="KRX_bond"),
                 treasury("KTB5A", tenor_years=5, market="KRX bond market")], asset_class="ktb")
    res = result(check(tmp_path, product(idx)), "krx.index.eligible_market")
    assert res.status == "pass" and res.observed == ["KRX_bond"]


def test_an_unknown_market_is_an_input_error_in_both_languages(tmp_path: Path) -> None:
    from etf_listing.errors import InputError

    with pytest.raises(InputError) as raised:
        check(tmp_path, product(index(stocks(9) + [stock("X", market="KOSPY")])))
    (problem,) = raised.value.problems
    assert problem.message == "market: 'KOSPY' is not a market the tool knows"
    assert problem.hint.startswith("did you mean 'KOSPI'?")
    assert problem.ko == "market: 'KOSPY'은(는) 알려진 시장이 아닙니다" and problem.hint_ko.startswith("'KOSPI'을(를) 의도하셨나요?")


def test_a_ratio_parameter_may_be_written_as_a_percentage(tmp_path: Path) -> None:
    rulebook = rulebook_with(max_single_issue_weight="30%")
    assert rulebook.parameters["max_single_issue_weight"].value == Decimal("0.30")
    assert result(check(tmp_path, product(), rulebook), WEIGHT).threshold == Decimal("0.30")
