"""``etf-check watch --from --to``: the dates each rule's status changed, and the daily figures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from etf_listing.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "watch"


def timeline(capsys: pytest.CaptureFixture[str], product: str, *period: str) -> dict:
    status = main(["watch", "--format", "json", "--from", period[0], "--to", period[1], str(EXAMPLES / product / "product.yaml")])
    report = json.loads(capsys.readouterr().out)["reports"][0]
    report["exit"] = status
    return report


def changes(report: dict, rule: str) -> list[tuple[str, str]]:
    line = next(r for r in report["timeline"]["rules"] if r["rule"] == rule)
    return [(c["date"], c["status"]) for c in line["changes"]]


def test_the_active_etf_goes_at_risk_then_fails_on_its_delisting_date(capsys: pytest.CaptureFixture[str]) -> None:
    report = timeline(capsys, "active-low-correlation", "2026-01-01", "2026-11-30")
    steps = changes(report, "krx.watch.tracking_correlation")
    assert [s for _, s in steps] == ["pass", "at_risk", "fail"]
    line = next(r for r in report["timeline"]["rules"] if r["rule"] == "krx.watch.tracking_correlation")
    at_risk = line["changes"][1]
    assert at_risk["clock"]["delisting_from"] == steps[2][0]  # the status turns on the clock's own date
    assert report["exit"] == 1 and report["as_of"] == "2026-11-30"  # the state at the period's end


def test_the_correlation_series_covers_every_trading_day_of_the_period(capsys: pytest.CaptureFixture[str]) -> None:
    report = timeline(capsys, "healthy-passive", "2026-06-01", "2026-06-30")
    line = next(r for r in report["timeline"]["rules"] if r["rule"] == "krx.watch.tracking_correlation")
    days = [row.split(",")[0] for row in (EXAMPLES / "healthy-passive" / "history.csv").read_text().splitlines()[1:]]
    assert [p["date"] for p in line["series"]] == [d for d in days if "2026-06-01" <= d <= "2026-06-30"]
    assert all(0.9 < float(p["observed"]) <= 1 for p in line["series"])


def test_the_small_etf_is_designated_at_one_half_year_end_and_delisted_at_the_next(capsys: pytest.CaptureFixture[str]) -> None:
    report = timeline(capsys, "small-designated", "2025-01-01", "2026-11-30")
    assert changes(report, "krx.watch.size") == [("2025-01-01", "not_applicable"), ("2025-06-30", "pass"),
                                                 ("2025-12-31", "at_risk"), ("2026-06-30", "fail")]


def test_the_lp_clock_starts_the_day_after_the_contract_ended(capsys: pytest.CaptureFixture[str]) -> None:
    report = timeline(capsys, "lp-left", "2026-10-01", "2026-12-15")
    assert changes(report, "krx.watch.liquidity_provider") == [("2026-10-01", "pass"), ("2026-11-01", "at_risk"),
                                                               ("2026-12-01", "fail")]


def test_a_period_needs_both_ends(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["watch", "--from", "2026-01-01", str(EXAMPLES / "lp-left" / "product.yaml")]) == 2
    assert "give --from and --to together" in capsys.readouterr().err
    assert main(["watch", "--from", "2026-01-01", "--to", "2026-02-01", "--as-of", "2026-01-05",
                 str(EXAMPLES / "lp-left" / "product.yaml")]) == 2


@pytest.mark.parametrize("fmt, marker", [("text", "timeline 2026-10-01 to 2026-12-15"), ("markdown", "**Timeline**"),
                                         ("sarif", '"timeline"'), ("junit", 'name="period"')])
def test_every_format_shows_the_period(fmt: str, marker: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["watch", "--format", fmt, "--from", "2026-10-01", "--to", "2026-12-15", str(EXAMPLES / "lp-left" / "product.yaml")])
    assert marker in capsys.readouterr().out


def test_the_order_of_rows_does_not_change_a_byte(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "watch")
    monkeypatch.chdir(tmp_path)
    args = ["watch", "--format", "json", "--from", "2026-05-01", "--to", "2026-11-30", "watch/active-low-correlation/product.yaml"]
    main(args)
    before = capsys.readouterr().out
    history = tmp_path / "watch" / "active-low-correlation" / "history.csv"
    head, *rows = history.read_text().splitlines()
    history.write_text("\n".join([head, *reversed(rows)]) + "\n")
    levels = tmp_path / "watch" / "indices" / "kospi200-comparison" / "levels.csv"
    head, *rows = levels.read_text().splitlines()
    levels.write_text("\n".join([head, *rows[1::2], *rows[::2]]) + "\n")
    main(args)
    after = capsys.readouterr().out
    # the same verdicts, figures and messages; only the line numbers of the rows moved, and the
    # digests of the files whose bytes changed (the evidence names exactly the files checked)
    assert _without_lines(json.loads(before)) == _without_lines(json.loads(after))


def _without_lines(value: object) -> object:
    if isinstance(value, dict):
        return {k: _without_lines(v) for k, v in value.items() if k not in ("location", "inputs")}
    if isinstance(value, list):
        return [_without_lines(v) for v in value]
    return value


@pytest.mark.parametrize("name", ["healthy-passive", "active-low-correlation", "small-designated", "lp-left"])
def test_the_one_pass_over_a_period_agrees_with_each_day_evaluated_alone(name: str) -> None:
    import datetime as dt

    from etf_listing.loading.load import load_product
    from etf_listing.rulebook import load_rulebook
    from etf_listing.watch.evaluate import Judge, WatchContext, clock_state
    from etf_listing.watch.timeline import sweep

    product = load_product(str(EXAMPLES / name / "product.yaml"))
    rulebook = load_rulebook("krx-etf-continued-listing")
    end = dt.date(2026, 11, 30)
    context = WatchContext(product, rulebook.in_force(end).parameters, end)
    days = [row.date for row in product.history][::3] + [end]
    for rule in (r for r in rulebook.rules if r.clock is not None):
        observed = list(rule.observed_on.fn(context, None))
        judge = Judge(rule, context)
        swept = dict(sweep(rule, context, [judge(d) for d in observed], days, days[0], end))
        for day in days:
            state = clock_state(rule, context, Judge(rule, context), observed, day)
            assert swept[day] == (state.status, state.since, state.delisting_from), (rule.id, day)


# --- a history that stops before the evaluation date ----------------------------------------------

TRACKING = "krx.watch.tracking_correlation"
LAST_ROW = "2026-11-27"  # healthy-passive's history ends on this Friday


@pytest.mark.parametrize("as_of, status", [("2026-11-27", "pass"), ("2026-12-04", "pass"),  # 7 days: still its figure
                                           ("2026-12-05", "error"), ("2027-10-31", "error")])
def test_a_correlation_is_not_carried_past_the_end_of_the_history(capsys: pytest.CaptureFixture[str], as_of: str,
                                                                  status: str) -> None:
    """The last correlation (0.9987 on 2026-11-27) was a pass; on a date the history no longer
    reaches, what it is then is not known: an error naming the history's end, never that pass."""
    main(["watch", "--format", "json", "--as-of", as_of, str(EXAMPLES / "healthy-passive" / "product.yaml")])
    result = next(r for r in json.loads(capsys.readouterr().out)["reports"][0]["results"] if r["rule"] == TRACKING)
    assert result["status"] == status, result["message"]
    if status == "error":
        assert f"the data observed ends {LAST_ROW}" in result["message"] and "(at most 7 allowed)" in result["message"]
        assert result["location"]["file"].endswith("history.csv")


def test_over_a_period_the_status_turns_to_error_on_the_day_the_history_stops_reaching(
        capsys: pytest.CaptureFixture[str]) -> None:
    report = timeline(capsys, "healthy-passive", "2026-11-01", "2026-12-31")
    assert changes(report, TRACKING) == [("2026-11-01", "pass"), ("2026-12-05", "error")]
    assert report["exit"] == 1  # the state at the period's end: an error, not the last pass


def test_a_clock_with_stale_after_days_below_zero_is_refused_at_load(tmp_path: Path) -> None:
    from etf_listing.errors import InputError
    from etf_listing.rulebook import load_rulebook

    shipped = Path(__file__).resolve().parents[2] / "rules" / "krx" / "etf-continued-listing.yaml"
    text = shipped.read_text(encoding="utf-8").replace("stale_after_days: {param: history_max_age_days}",
                                                       "stale_after_days: -1")
    (tmp_path / "rules.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_rulebook(str(tmp_path / "rules.yaml"))
    assert "stale_after_days is a whole number of at least 0, not -1" in str(caught.value)


SHIPPED = Path(__file__).resolve().parents[2] / "rules" / "krx" / "etf-continued-listing.yaml"


def _refused(tmp_path: Path, written: str, wanted: str) -> str:
    """The load error of the shipped rulebook with ``written`` replaced by ``wanted``."""
    from etf_listing.errors import InputError
    from etf_listing.rulebook import load_rulebook

    text = SHIPPED.read_text(encoding="utf-8")
    assert written in text
    (tmp_path / "rules.yaml").write_text(text.replace(written, wanted), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_rulebook(str(tmp_path / "rules.yaml"))
    return str(caught.value)


def _lines(tmp_path: Path, starting: str) -> list[int]:
    """The lines of the rulebook ``_refused`` wrote that start with ``starting``."""
    rows = (tmp_path / "rules.yaml").read_text(encoding="utf-8").splitlines()
    return [i for i, row in enumerate(rows, 1) if row.startswith(starting)]


def test_expected_from_that_is_not_a_date_is_refused_at_load_at_its_position(tmp_path: Path) -> None:
    error = _refused(tmp_path, "expected_from: {get: product.listed_on}", "expected_from: 7")
    lines = _lines(tmp_path, "      expected_from: 7")
    assert len(lines) == 2  # the tracking and the disparity rules
    for line in lines:
        assert f"rules.yaml:{line}:22: expected_from takes a date; this is a number" in error


def test_expected_from_without_the_days_allowed_after_it_is_refused(tmp_path: Path) -> None:
    error = _refused(tmp_path, "      fail_stands: false\n      stale_after_days: {param: history_max_age_days}\n",
                     "      fail_stands: false\n")
    line = _lines(tmp_path, "      expected_from:")[0]
    assert f"rules.yaml:{line}:22: expected_from needs stale_after_days: the days allowed after it" in error


@pytest.mark.parametrize("start", ["0001-03-01", "2012-12-31"])
def test_a_period_from_before_any_version_of_the_rules_is_refused_as_an_as_of_then_is(
        capsys: pytest.CaptureFixture[str], start: str) -> None:
    """(From year 1, the look-back before it once fell off the calendar: an internal error.)"""
    status = main(["watch", "--from", start, "--to", "2024-10-31", str(EXAMPLES / "healthy-passive" / "product.yaml")])
    err = capsys.readouterr().err
    assert status == 2 and f"has no version in force on {start}" in err and "choose another --from or --to" in err
    assert "internal error" not in err


def test_a_half_year_end_without_its_figures_is_an_error_from_that_day_not_from_the_start(
        capsys: pytest.CaptureFixture[str]) -> None:
    """lp-left's history ends 2026-11-27: the half-year end 2026-12-31 has no figures. Before it
    the size rule stands on 2026-06-30 (KRW 25bn, a pass), as --as-of on those days says."""
    report = timeline(capsys, "lp-left", "2026-10-01", "2026-12-31")
    assert changes(report, "krx.watch.size") == [("2026-10-01", "pass"), ("2026-12-31", "error")]
    line = next(r for r in report["timeline"]["rules"] if r["rule"] == "krx.watch.size")
    assert "within 7 days on or before 2026-12-31" in line["changes"][1]["message"]
    main(["watch", "--format", "json", "--as-of", "2026-12-30", str(EXAMPLES / "lp-left" / "product.yaml")])
    single = json.loads(capsys.readouterr().out)["reports"][0]["results"]
    assert next(r for r in single if r["rule"] == "krx.watch.size")["status"] == "pass"


def test_after_the_history_ends_a_status_changes_on_its_own_day_as_as_of_says(capsys: pytest.CaptureFixture[str]) -> None:
    """The index's last level is 2026-11-27: on 2026-12-05 it is 8 days old. No trading day of the
    history marks that day, and the timeline still turns on it (it waited for --to before)."""
    report = timeline(capsys, "healthy-passive", "2026-11-01", "2027-01-15")
    assert changes(report, "krx.watch.index_available") == [("2026-11-01", "pass"), ("2026-12-05", "fail")]
    for day, status in (("2026-12-04", "pass"), ("2026-12-05", "fail")):
        main(["watch", "--format", "json", "--as-of", day, str(EXAMPLES / "healthy-passive" / "product.yaml")])
        single = json.loads(capsys.readouterr().out)["reports"][0]["results"]
        assert next(r for r in single if r["rule"] == "krx.watch.index_available")["status"] == status


# --- a history with no row ------------------------------------------------------------------------

def _statuses_agree_with_each_day_alone(product: object, rule_id: str, start: object, end: object,
                                       rulebook: object = None) -> list[tuple[str, str]]:
    """The timeline's changes of a rule, checked against ``--as-of`` on every day of the period."""
    import datetime as dt

    from etf_listing.evaluation import evaluate
    from etf_listing.watch.timeline import watch_period

    from .builders import RULEBOOK

    rulebook = rulebook or RULEBOOK
    _, line = watch_period(product, rulebook, start, end)  # type: ignore[arg-type]
    found = [(c.day, c.result.status) for c in next(r for r in line.rules if r.rule.id == rule_id).changes]
    day = start
    while day <= end:  # type: ignore[operator]
        alone = next(r for r in evaluate(product, rulebook, day).results if r.rule.id == rule_id)  # type: ignore[arg-type]
        assert [s for d, s in found if d <= day][-1] == alone.status, (day, alone.message["en"])
        day += dt.timedelta(days=1)  # type: ignore[operator]
    return [(d.isoformat(), s) for d, s in found]


def test_over_a_period_an_empty_history_is_not_applicable_then_an_error_once_the_data_is_due() -> None:
    import dataclasses
    import datetime as dt
    from decimal import Decimal

    from .builders import product

    listed_on = dt.date(2026, 3, 2)
    built = product(days=[listed_on], navs=[Decimal(10000)], levels=[Decimal(1000)], as_of=dt.date(2026, 3, 31))
    empty = dataclasses.replace(built, history=())
    for rule in ("krx.watch.disparity_disclosure", "krx.watch.tracking_correlation"):
        steps = _statuses_agree_with_each_day_alone(empty, rule, listed_on, dt.date(2026, 3, 31))
        assert steps == [("2026-03-02", "not_applicable"), ("2026-03-10", "error")], rule  # listed_on + 8 days


def test_over_a_period_a_listing_date_not_given_is_an_error_only_before_the_history_begins() -> None:
    """Before the first row, whether the data is due depends on listed_on, which is not given: an
    error those days, as --as-of says; from the first row the rule is decided as usual."""
    import dataclasses
    import datetime as dt
    from decimal import Decimal

    from .builders import product, weekdays

    days = weekdays(dt.date(2026, 3, 2), 40)
    built = product(days=days, navs=[Decimal(10000)] * 40, closes=[Decimal(10000)] * 40)
    undated = dataclasses.replace(built, listed_on=None)
    steps = _statuses_agree_with_each_day_alone(undated, "krx.watch.disparity_disclosure", dt.date(2026, 2, 1), days[-1])
    assert steps == [("2026-02-01", "error"), ("2026-03-02", "pass")]


def test_over_a_period_rows_without_a_close_are_not_an_empty_history() -> None:
    """Listed on 2026-03-02, the history has rows from then on but no close until 2026-04-01: the
    disparity has nothing to judge (not an error: the close is optional), then passes."""
    import datetime as dt
    from decimal import Decimal

    from .builders import product, weekdays

    days = weekdays(dt.date(2026, 3, 2), 60)
    closes = [None if day < dt.date(2026, 4, 1) else Decimal(10000) for day in days]
    built = product(days=days, navs=[Decimal(10000)] * 60, closes=closes)
    steps = _statuses_agree_with_each_day_alone(built, "krx.watch.disparity_disclosure", days[0], days[-1])
    assert steps == [("2026-03-02", "not_applicable"), ("2026-04-01", "pass")]


def test_young_for_months_without_expected_from_is_refused(tmp_path: Path) -> None:
    from etf_listing.errors import InputError
    from etf_listing.rulebook import compile_rulebook
    from etf_listing.watch.clock import CLOCK_OPTIONS

    from .builders import RULEBOOK

    assert "young_for_months" in CLOCK_OPTIONS
    text = Path(RULEBOOK.file).read_text(encoding="utf-8")
    written = "      expected_from: {get: product.listed_on}   # listed long ago with no history: an error, not too young\n"
    assert written in text
    with pytest.raises(InputError) as caught:
        compile_rulebook(text.replace(written, "", 1), "rules.yaml")
    assert "young_for_months needs expected_from: the day it counts from" in str(caught.value)


# --- a status that changes on a day without trading ------------------------------------------------

def test_a_status_that_changes_on_a_weekend_is_dated_that_day_as_as_of_says() -> None:
    """The index's levels end on Friday 2026-10-02 while the history goes on: on Saturday
    2026-10-10 the last level is 8 days old. The timeline dated that change Monday 10-12, the next
    trading day; a failing day leaving the disparity window on a Sunday likewise."""
    import datetime as dt
    from decimal import Decimal

    from .builders import product, weekdays

    days = weekdays(dt.date(2026, 6, 1), 100)
    levels = [Decimal(1000 + i % 5) for i in range(len(days))]
    level_days = [d for d in days if d <= dt.date(2026, 10, 2)]
    prod = product(days=days, navs=[Decimal(100 + i % 3) for i in range(len(days))], levels=levels[:len(level_days)],
                   level_days=level_days)
    index = _statuses_agree_with_each_day_alone(prod, "krx.watch.index_available", dt.date(2026, 10, 1), dt.date(2026, 10, 14))
    assert index == [("2026-10-01", "pass"), ("2026-10-10", "fail")]
    days = weekdays(dt.date(2025, 12, 1), 110)
    navs = [Decimal(100 + i % 3) for i in range(len(days))]
    closes = [nav * Decimal("1.05") if d == dt.date(2026, 1, 12) else nav for d, nav in zip(days, navs)]
    prod = product(days=days, navs=navs, levels=[Decimal(1000 + i % 5) for i in range(len(days))], closes=closes)
    disparity = _statuses_agree_with_each_day_alone(prod, "krx.watch.disparity_disclosure", dt.date(2026, 4, 1),
                                                    dt.date(2026, 4, 20))
    assert disparity == [("2026-04-01", "at_risk"), ("2026-04-12", "pass")]  # Monday 01-12 leaves on Sunday 04-12


def test_with_a_reset_of_two_passing_days_the_run_ends_on_the_second_as_as_of_says() -> None:
    """run_reset_observations is a parameter (unconfirmed): with 2, the first passing day of a
    streak cannot tell yet that the run ends, so the rule stays at risk that day and passes from
    the second; the timeline said pass from the first, then never showed the run ending."""
    import datetime as dt
    from decimal import Decimal

    from etf_listing.vocabulary.runs import runs
    from etf_listing.watch.evaluate import Observation, WatchContext
    from etf_listing.watch.timeline import _sweep_runs

    from .builders import RULEBOOK, product, weekdays

    days = weekdays(dt.date(2026, 3, 2), 6)  # Mon 03-02 ... Mon 03-09
    verdicts = [True, False, True, False, True, True]  # a run from 03-03; 03-05 alone does not end it
    (run,) = runs(list(zip(days, verdicts)), 2)
    assert (run.start, run.end, run.ended_on) == (days[1], days[4], days[5])
    prod = product(days=days, navs=[Decimal(100)] * len(days))
    rule = next(r for r in RULEBOOK.rules if r.id == "krx.watch.tracking_correlation")
    params = {**RULEBOOK.in_force(days[-1]).parameters, "run_reset_observations": 2}
    context = WatchContext(prod, params, days[-1])
    observations = [Observation(d, v, Decimal("0.95") if v else Decimal("0.5"), Decimal("0.9")) for d, v in zip(days, verdicts)]
    swept = dict(_sweep_runs(rule, context, observations, days, days[0], days[-1]))
    assert [swept[d][0] for d in days] == ["pass", "at_risk", "at_risk", "at_risk", "at_risk", "pass"]


def test_a_product_turns_from_too_young_to_missing_rows_on_its_day_over_a_period() -> None:
    """Listed 2026-01-02, its history from 2026-03-25: too few daily changes for a correlation.
    Until 2026-04-02 (three months after listing) that is a product too young for a figure; from
    the next day it is an error (rows are missing), until twenty changes give a figure, in the
    timeline as with --as-of each day."""
    import datetime as dt
    from decimal import Decimal

    from .builders import product, weekdays

    days = weekdays(dt.date(2026, 3, 25), 30)
    moves = [Decimal(1000 + (i * 7) % 11) for i in range(len(days))]
    prod = product(days=days, navs=[m / 10 for m in moves], levels=moves, listed_on=dt.date(2026, 1, 2))
    changes = _statuses_agree_with_each_day_alone(prod, "krx.watch.tracking_correlation", dt.date(2026, 3, 27),
                                                  dt.date(2026, 4, 30))
    assert changes[:2] == [("2026-03-27", "not_applicable"), ("2026-04-03", "error")]
    assert changes[2][1] == "pass" and len(changes) == 3


def test_without_a_listing_date_a_product_without_a_figure_is_an_error_not_a_crash() -> None:
    """Whether no figure means too young needs the listing date; without it the rule says so."""
    import dataclasses
    import datetime as dt
    from decimal import Decimal

    from etf_listing.evaluation import evaluate

    from .builders import RULEBOOK, product, weekdays

    days = weekdays(dt.date(2026, 3, 2), 20)
    prod = dataclasses.replace(product(days=days, navs=[Decimal(100 + i % 3) for i in range(20)],
                                       levels=[Decimal(1000 + i % 4) for i in range(20)]), listed_on=None)
    (tracking,) = [r for r in evaluate(prod, RULEBOOK).results if r.rule.id == "krx.watch.tracking_correlation"]
    assert tracking.status == "error" and "product.listed_on is not given" in tracking.message["en"]


# --- a period over which the rulebook's version changes ---------------------------------------------

def test_each_day_of_a_period_is_judged_under_the_version_in_force_that_day() -> None:
    """A second version raises the size line to KRW 6bn from 2026-03-01. Under the first, net assets
    of 5.5bn at the half-year end of 2025-12-31 pass; from 2026-03-01 the version in force reads
    them against 6bn (as --as-of any day from then does), and the next half-year end fails again.
    The timeline read every day under the version of its last day, so it put the product at risk
    from 2025-12-31, when --as-of that day says it passed."""
    import datetime as dt
    from decimal import Decimal

    from .builders import RULEBOOK, product

    text = Path(RULEBOOK.file).read_text(encoding="utf-8")
    first = '    effective_from: 2013-01-01        # the correlation and size lines as reported from 2013; the day is not confirmed\n'
    assert first in text
    rulebook = _versioned('  - version: "2026.2"\n    effective_from: 2026-03-01\n'
                          '    description: {en: the size line raised, ko: 규모 기준 상향}\n'
                          '    parameters:\n      min_size_krw: 6000000000\n')
    assert [v.version for v in rulebook.versions] == ["2026.1", "2026.2"]
    days = [dt.date(2025, 6, 30), dt.date(2025, 12, 30), dt.date(2026, 6, 30)]
    assets = [Decimal(7) * 10 ** 9, Decimal(55) * 10 ** 8, Decimal(55) * 10 ** 8]
    prod = product(days=days, navs=[Decimal(100)] * 3, net_assets=assets, principal=assets,
                   listed_on=dt.date(2024, 1, 2), as_of=dt.date(2026, 7, 15))
    size = _statuses_agree_with_each_day_alone(prod, "krx.watch.size", dt.date(2025, 12, 1), dt.date(2026, 7, 15), rulebook)
    assert size == [("2025-12-01", "pass"), ("2026-03-01", "at_risk"), ("2026-06-30", "fail")]


def test_a_rule_without_a_clock_is_judged_under_the_version_in_force_each_day() -> None:
    """The listing rulebook's principal line is KRW 10bn from 2002 and KRW 5bn from 2011: watched
    over New Year 2011, a principal of KRW 6bn fails until 2010-12-31 and passes from 2011-01-01."""
    import dataclasses
    import datetime as dt
    from decimal import Decimal

    from etf_listing.rulebook import load_rulebook

    from .builders import product

    listing = load_rulebook("krx-etf-listing")
    assert {v.parameters["min_principal_krw"] for v in listing.versions[:2]} == {Decimal(10) ** 10, Decimal(5) * 10 ** 9}
    days = [dt.date(2010, 12, 20), dt.date(2011, 1, 10)]
    prod = dataclasses.replace(product(days=days, navs=[Decimal(100)] * 2), principal_krw=Decimal(6) * 10 ** 9)
    principal = _statuses_agree_with_each_day_alone(prod, "krx.size.principal", dt.date(2010, 12, 25),
                                                    dt.date(2011, 1, 5), listing)
    assert principal == [("2010-12-25", "fail"), ("2011-01-01", "pass")]


def _versioned(extra_version: str):
    from etf_listing.rulebook import compile_rulebook

    from .builders import RULEBOOK

    text = Path(RULEBOOK.file).read_text(encoding="utf-8")
    return compile_rulebook(text.replace("\nparameters:\n", "\n" + extra_version + "\nparameters:\n", 1), str(Path(RULEBOOK.file)))


def test_a_clock_date_a_new_version_moves_is_a_change_of_the_timeline(in_repository: Path) -> None:
    """A version from 2026-09-01 gives the caution notice after 2 months below the line, not 1:
    from that day --as-of dates the notice a month later, and so must the timeline."""
    import datetime as dt

    from etf_listing.evaluation import evaluate
    from etf_listing.loading.load import Loader
    from etf_listing.watch.timeline import watch_period

    rulebook = _versioned('  - version: "2026.2"\n    effective_from: 2026-09-01\n'
                          '    description: {en: a later caution, ko: 주의 시점 변경}\n'
                          '    parameters:\n      tracking_caution_months: 2\n')
    product = Loader().load_product("examples/watch/active-low-correlation/product.yaml")
    start, end = dt.date(2026, 6, 1), dt.date(2026, 11, 30)
    _, line = watch_period(product, rulebook, start, end)
    changes = next(r for r in line.rules if r.rule.id == "krx.watch.tracking_correlation").changes
    day = start
    while day <= end:
        shown = [c.result for c in changes if c.day <= day][-1]
        alone = next(r for r in evaluate(product, rulebook, day).results if r.rule.id == "krx.watch.tracking_correlation")
        assert (shown.status, shown.clock) == (alone.status, alone.clock), day
        day += dt.timedelta(days=1)
    assert [c.result.clock["caution_from"] for c in changes if c.day >= dt.date(2026, 9, 1)][:1] == [dt.date(2026, 9, 17)]


def test_a_period_says_the_caveats_of_every_version_it_was_judged_under() -> None:
    """January and February are judged under 2026.1, which has a caveat from January: a period
    over them says it, as --as-of either month does; a period from March, under 2026.2 only, not."""
    import dataclasses
    import datetime as dt
    from decimal import Decimal

    from etf_listing.watch.timeline import watch_period

    from .builders import product

    rulebook = _versioned('  - version: "2026.2"\n    effective_from: 2026-03-01\n'
                          '    description: {en: a later version, ko: 이후 버전}\n')
    first, second = rulebook.versions
    caveat = (dt.date(2026, 1, 1), {"en": "an announced change", "ko": "예고된 변경"})
    rulebook = dataclasses.replace(rulebook, versions=(dataclasses.replace(first, caveats=(caveat,)), second))
    days = [dt.date(2026, 1, 2), dt.date(2026, 4, 30)]
    prod = product(days=days, navs=[Decimal(100)] * 2, listed_on=dt.date(2026, 1, 2), as_of=dt.date(2026, 4, 30))
    report, _ = watch_period(prod, rulebook, dt.date(2026, 1, 2), dt.date(2026, 4, 30))
    assert [n.message for n in report.notices] == ["version 2026.1: an announced change"]
    later, _ = watch_period(prod, rulebook, dt.date(2026, 3, 1), dt.date(2026, 4, 30))
    assert later.notices == ()


def test_a_period_to_the_calendar_s_last_day_is_cut_by_version_without_a_day_after_it() -> None:
    # the day after 9999-12-31 does not exist: a version's end is never taken there (it was, and
    # every product of a watch to 9999-12-31 was an internal error)
    import datetime as dt

    from etf_listing.rulebook import load_rulebook
    from etf_listing.watch.timeline import _versions_over

    rulebook = load_rulebook("krx-etf-continued-listing")
    ((first, last, version),) = _versions_over(rulebook, dt.date(9999, 12, 25), dt.date.max)
    assert (first, last, version) == (dt.date(9999, 12, 25), dt.date.max, rulebook.in_force(dt.date.max))


def test_a_designation_named_near_the_calendar_s_end_has_no_day_ahead_past_it() -> None:
    import datetime as dt

    from etf_listing.loading.load import load_product
    from etf_listing.rulebook import load_rulebook
    from etf_listing.watch.evaluate import WatchContext, next_observed, observed_ahead

    rulebook = load_rulebook("krx-etf-continued-listing")
    size = next(rule for rule in rulebook.rules if rule.id == "krx.watch.size")
    product = load_product(str(EXAMPLES / "small-designated" / "product.yaml"))
    on = dt.date(9999, 7, 1)
    context = WatchContext(product, rulebook.in_force(on).parameters, on)
    ahead = observed_ahead(size, context, on, 24)
    assert ahead[-1] == dt.date(9999, 12, 31) and next_observed(ahead, on, 1) == dt.date(9999, 12, 31)
    assert next_observed(ahead, on, 2) is None


@pytest.mark.parametrize("old, new, told", [
    # each was taken as written: days counted as months, or an error on every product
    ("fail_after_months: {param: tracking_delisting_months}", "fail_after_months: {param: history_max_age_days}",
     "fail_after_months takes a number of months; this is a number of days (the units must agree)"),
    ("stale_after_days: {param: history_max_age_days}", "stale_after_days: {param: correlation_window_months}",
     "stale_after_days takes a number of days; this is a number of months (the units must agree)"),
    ("observed_on: {days_of: {ref: tracking_correlation}}", "observed_on: {get: product.listed_on}",
     "observed_on takes a list of a date; this is a date"),
    ("  half_year_end_months:\n    value: [6, 12]", "  half_year_end_months:\n    value: [6, 13]", "month_ends takes months, 1 to 12"),
])
def test_a_clock_or_its_days_of_the_wrong_kind_are_refused_at_load(old: str, new: str, told: str) -> None:
    from etf_listing.errors import InputError
    from etf_listing.rulebook import compile_rulebook

    shipped = Path(__file__).resolve().parents[2] / "rules" / "krx" / "etf-continued-listing.yaml"
    text = shipped.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(InputError) as caught:
        compile_rulebook(text.replace(old, new, 1), "rules.yaml")
    assert told in str(caught.value) and str(caught.value).startswith("rules.yaml:"), str(caught.value)
