"""A waiver is in force through its ``expires`` date on the day of the run in the exchange's time
zone (the rulebook's ``time_zone``), whatever clock the machine keeps: a KRX waiver expiring on
2026-12-01 ends at midnight in Seoul, which is 15:00 UTC, where a CI runner keeps its clock. A
rulebook without a zone keeps the machine's local date."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest

import etf_listing
from etf_listing import clock
from etf_listing.cli import main
from etf_listing.rulebook import load_rulebook
from etf_listing.waivers import Waiver, apply_waivers

PDF_FAILS = "examples/failing/pdf-missing-large-constituents/product.yaml"
PRINCIPAL_FAILS = "examples/failing/principal-below-minimum/product.yaml"
SEBI_FAILS = "examples/sebi/failing/top-three-above-65/product.yaml"
UCITS_FAILS = "examples/ucits/failing/issuer-above-ten/product.yaml"
WATCHED = "examples/watch/small-designated/product.yaml"

# 23:59 and 05:00 in Seoul (UTC+9); 23:59 and 00:00 in India (UTC+5:30)
SEOUL_LAST_MINUTE = "2026-12-01T14:59:00+00:00"
SEOUL_NEXT_MORNING = "2026-12-01T20:00:00+00:00"
INDIA_LAST_MINUTE = "2026-12-01T18:29:00+00:00"
INDIA_MIDNIGHT = "2026-12-01T18:30:00+00:00"

# The machine's own zone, as POSIX TZ strings that need no time-zone database: UTC (a CI runner),
# Seoul, and California (UTC-8), which is still on 2026-12-01 at every instant here.
UTC, KST, PST = "UTC0", "KST-9", "PST8"


def waiver_file(tmp_path: Path, *waivers: tuple[str, str]) -> str:
    """A waiver file of whole-rule waivers (rule, expires)."""
    path = tmp_path / "waivers.yaml"
    path.write_text("kind: etf-waivers\nschema_version: 1\nwaivers:\n" + "".join(
        f"  - rule: {rule}\n    reason: seeded after listing\n    approved_by: 준법감시인\n    expires: {expires}\n"
        for rule, expires in waivers), encoding="utf-8")
    return str(path)


@pytest.fixture
def machine_zone() -> Iterator[Callable[[str], None]]:
    """Sets the machine's local time zone (``TZ``) for the test; the one before is restored."""
    before = os.environ.get("TZ")

    def set_zone(zone: str) -> None:
        os.environ["TZ"] = zone
        time.tzset()

    try:
        yield set_zone
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def the_clock_reads(monkeypatch: pytest.MonkeyPatch, *instants: str) -> None:
    """The clock reads each of ``instants`` in turn (the last one from then on)."""
    readings = [dt.datetime.fromisoformat(instant) for instant in instants]
    monkeypatch.setattr(clock, "now", lambda: readings.pop(0) if len(readings) > 1 else readings[0])


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:
    status = main([*args, "--format", "json"])
    out, err = capsys.readouterr()
    return status, json.loads(out)["reports"], err


def status_of(report: dict, rule: str) -> str:
    return next(r["status"] for r in report["results"] if r["rule"] == rule)


# --- through the command line ------------------------------------------------------------------------

@pytest.mark.parametrize("machine", [UTC, KST, PST])
@pytest.mark.parametrize("instant, exit_status, status, judged_on", [
    (SEOUL_LAST_MINUTE, 0, "waived", "2026-12-01"),
    ("2026-12-01T15:00:00+00:00", 1, "fail", "2026-12-02"),  # midnight in Seoul
    (SEOUL_NEXT_MORNING, 1, "fail", "2026-12-02"),
])
def test_a_krx_waiver_is_in_force_through_its_expiry_day_in_seoul_whatever_the_machine_s_clock(
        in_repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        machine_zone: Callable[[str], None], machine: str, instant: str, exit_status: int, status: str,
        judged_on: str) -> None:
    machine_zone(machine)
    the_clock_reads(monkeypatch, instant)
    waivers = waiver_file(tmp_path, ("krx.pdf.market_cap_coverage", "2026-12-01"))
    code, (report,), err = run(capsys, PDF_FAILS, "--waivers", waivers)
    assert (code, status_of(report, "krx.pdf.market_cap_coverage")) == (exit_status, status)
    assert report["waivers_judged_on"] == judged_on and report["rulebook"]["time_zone"] == "Asia/Seoul"
    expired = f"the waiver of krx.pdf.market_cap_coverage expired on 2026-12-01 and is ignored (waivers judged on {judged_on})"
    assert ([n["message"] for n in report["notices"]] == [expired]) is (status == "fail")
    assert (expired in err) is (status == "fail")


def test_the_expired_waiver_s_notice_says_the_day_in_korean_and_in_the_text_report(
        in_repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        machine_zone: Callable[[str], None]) -> None:
    machine_zone(UTC)
    the_clock_reads(monkeypatch, SEOUL_NEXT_MORNING)
    waivers = waiver_file(tmp_path, ("krx.pdf.market_cap_coverage", "2026-12-01"))
    assert main([PDF_FAILS, "--waivers", waivers, "--lang", "ko"]) == 1
    assert "krx.pdf.market_cap_coverage 면제가 2026-12-01에 만료되어 적용하지 않습니다 (면제 판단일 2026-12-02)" \
        in capsys.readouterr().out


@pytest.mark.parametrize("instant, status", [(SEOUL_LAST_MINUTE, "waived"), (SEOUL_NEXT_MORNING, "fail")])
def test_the_watch_judges_waivers_on_the_day_in_seoul(
        in_repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        machine_zone: Callable[[str], None], instant: str, status: str) -> None:
    machine_zone(UTC)
    the_clock_reads(monkeypatch, instant)
    waivers = waiver_file(tmp_path, ("krx.watch.size", "2026-12-01"))
    _, (report,), _ = run(capsys, "watch", WATCHED, "--waivers", waivers)
    assert status_of(report, "krx.watch.size") == status
    assert report["rulebook"]["id"] == "krx-etf-continued-listing" and report["rulebook"]["time_zone"] == "Asia/Seoul"


@pytest.mark.parametrize("instant, status", [(INDIA_LAST_MINUTE, "waived"), (INDIA_MIDNIGHT, "fail")])
def test_a_sebi_waiver_is_in_force_through_its_expiry_day_in_india(
        in_repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        machine_zone: Callable[[str], None], instant: str, status: str) -> None:
    machine_zone(UTC)
    the_clock_reads(monkeypatch, instant)
    waivers = waiver_file(tmp_path, ("sebi.index.top_three", "2026-12-01"))
    _, (report,), _ = run(capsys, "--rules", "sebi-equity-etf-index", SEBI_FAILS, "--waivers", waivers)
    assert status_of(report, "sebi.index.top_three") == status
    assert report["rulebook"]["time_zone"] == "Asia/Kolkata"


@pytest.mark.parametrize("machine, status, judged_on", [(UTC, "waived", "2026-12-01"), (KST, "fail", "2026-12-02")])
def test_a_rulebook_without_a_time_zone_judges_waivers_on_the_machine_s_local_date(
        in_repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        machine_zone: Callable[[str], None], machine: str, status: str, judged_on: str) -> None:
    """The UCITS rulebook declares no zone (an EU directive, no one exchange's day): at 20:00 UTC a
    machine on UTC is still on 2026-12-01, one in Seoul on the 2nd."""
    machine_zone(machine)
    the_clock_reads(monkeypatch, SEOUL_NEXT_MORNING)
    waivers = waiver_file(tmp_path, ("ucits.art52.issuer_limit", "2026-12-01"))
    _, (report,), _ = run(capsys, "--rules", "ucits-diversification", UCITS_FAILS, "--waivers", waivers)
    assert status_of(report, "ucits.art52.issuer_limit") == status
    assert report["rulebook"]["time_zone"] is None and report["waivers_judged_on"] == judged_on


def test_every_product_of_a_run_is_judged_on_one_day_though_the_run_crosses_midnight(
        in_repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The run reads the clock once, when it starts, a minute before midnight in Seoul."""
    the_clock_reads(monkeypatch, SEOUL_LAST_MINUTE, SEOUL_NEXT_MORNING)
    waivers = waiver_file(tmp_path, ("krx.pdf.market_cap_coverage", "2026-12-01"), ("krx.size.principal", "2026-12-01"))
    code, reports, _ = run(capsys, PDF_FAILS, PRINCIPAL_FAILS, "--waivers", waivers)
    assert code == 0
    assert [status_of(reports[0], "krx.pdf.market_cap_coverage"), status_of(reports[1], "krx.size.principal")] == \
        ["waived", "waived"]
    assert {report["waivers_judged_on"] for report in reports} == {"2026-12-01"}


def test_a_report_without_waivers_names_no_day_and_does_not_change_with_the_clock(
        in_repository: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    documents = []
    for instant in (SEOUL_LAST_MINUTE, SEOUL_NEXT_MORNING):
        the_clock_reads(monkeypatch, instant)
        main([PDF_FAILS, "--format", "json"])
        documents.append(capsys.readouterr().out)
    assert documents[0] == documents[1] and "waivers_judged_on" not in documents[0]


def test_a_zone_this_machine_cannot_look_up_stops_the_run_at_the_rulebook_s_time_zone(
        in_repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """No time-zone database (Windows without tzdata): the run says where the zone is named and
    how to get one, rather than judge the waivers on another day."""
    import zoneinfo

    def no_database(name: str) -> None:
        raise zoneinfo.ZoneInfoNotFoundError(f"No time zone found with key {name}")

    monkeypatch.setattr(zoneinfo, "ZoneInfo", no_database)
    monkeypatch.setattr(zoneinfo, "available_timezones", set)
    the_clock_reads(monkeypatch, SEOUL_LAST_MINUTE)
    waivers = waiver_file(tmp_path, ("krx.pdf.market_cap_coverage", "2026-12-01"))
    assert main([PDF_FAILS, "--waivers", waivers]) == 2
    out, err = capsys.readouterr()
    assert err.splitlines() == ["rules/krx/etf-listing.yaml:8:12: time_zone: this machine has no time-zone database to look "
                                "'Asia/Seoul' up in (install one: pip install tzdata)"]
    assert out == "" and "Traceback" not in err
    assert main([PDF_FAILS]) == 1  # without waivers, no zone is looked up


# --- through the library -------------------------------------------------------------------------------

@pytest.mark.parametrize("instant, day, status", [
    (SEOUL_LAST_MINUTE, dt.date(2026, 12, 1), "waived"),
    (SEOUL_NEXT_MORNING, dt.date(2026, 12, 2), "fail"),
])
def test_the_library_gives_the_day_of_the_run_in_the_rulebook_s_time_zone(
        in_repository: Path, machine_zone: Callable[[str], None], instant: str, day: dt.date, status: str) -> None:
    machine_zone(UTC)
    rulebook = load_rulebook()
    assert rulebook.time_zone == "Asia/Seoul"
    assert rulebook.day_of_run(dt.datetime.fromisoformat(instant)) == day
    waiver = Waiver("krx.pdf.market_cap_coverage", "r", "a", dt.date(2026, 12, 1))
    report = etf_listing.evaluate(PDF_FAILS, rulebook, waivers=[waiver], today=rulebook.day_of_run(dt.datetime.fromisoformat(instant)))
    assert next(r.status for r in report.results if r.rule_id == "krx.pdf.market_cap_coverage") == status
    assert report.waivers_judged_on == day


def test_the_library_reads_the_clock_only_when_asked_and_a_date_given_is_kept(
        in_repository: Path, monkeypatch: pytest.MonkeyPatch, machine_zone: Callable[[str], None]) -> None:
    """It is past midnight in Seoul; a caller who gives 2026-12-01 has the waiver judged on that day."""
    machine_zone(UTC)
    the_clock_reads(monkeypatch, SEOUL_NEXT_MORNING)
    rulebook = load_rulebook()
    assert rulebook.day_of_run() == dt.date(2026, 12, 2)
    assert load_rulebook("ucits-diversification").day_of_run() == dt.date(2026, 12, 1)  # the machine's date
    waiver = Waiver("krx.pdf.market_cap_coverage", "r", "a", dt.date(2026, 12, 1))
    given = dt.date(2026, 12, 1)
    report = etf_listing.evaluate(PDF_FAILS, rulebook, waivers=[waiver], today=given)
    assert next(r.status for r in report.results if r.rule_id == "krx.pdf.market_cap_coverage") == "waived"
    later = apply_waivers(etf_listing.evaluate(PDF_FAILS, rulebook), [waiver], given)
    assert next(r.status for r in later.results if r.rule_id == "krx.pdf.market_cap_coverage") == "waived"
    assert later.waivers_judged_on == given
    with pytest.raises(TypeError, match="aware"):
        rulebook.day_of_run(dt.datetime(2026, 12, 1, 20))  # which zone's 20:00?


def test_an_aware_instant_a_library_caller_gives_is_taken_in_the_rulebooks_zone(in_repository: Path) -> None:
    """``today`` given as an aware datetime (20:00 UTC, past midnight in Seoul) is a day in the
    rulebook's zone, as the command takes the day of the run; a waiver expiring on 2026-12-01 has
    ended. A datetime without a zone is its own date, as given."""
    waiver = Waiver("krx.pdf.market_cap_coverage", "r", "a", dt.date(2026, 12, 1))
    rule = "krx.pdf.market_cap_coverage"
    rulebook = load_rulebook()
    for instant, day, status in ((SEOUL_NEXT_MORNING, dt.date(2026, 12, 2), "fail"),
                                 (SEOUL_LAST_MINUTE, dt.date(2026, 12, 1), "waived")):
        aware = dt.datetime.fromisoformat(instant)
        report = etf_listing.evaluate(PDF_FAILS, rulebook, waivers=[waiver], today=aware)
        later = apply_waivers(etf_listing.evaluate(PDF_FAILS, rulebook), [waiver], aware)
        for judged in (report, later):
            assert judged.waivers_judged_on == day
            assert next(r.status for r in judged.results if r.rule_id == rule) == status
    naive = apply_waivers(etf_listing.evaluate(PDF_FAILS, load_rulebook()), [waiver], dt.datetime(2026, 12, 1, 20))
    assert naive.waivers_judged_on == dt.date(2026, 12, 1)
