"""``etf-check watch`` on the shipped examples: statuses, clocks, exit status, every format."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from etf_listing.cli import main

from .builders import write_product

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "watch"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def statuses(document: str) -> dict[str, str]:
    [report] = json.loads(document)["reports"]
    return {r["rule"]: r["status"] for r in report["results"]}


def test_a_healthy_passive_etf_passes_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "watch", "--format", "json", str(EXAMPLES / "healthy-passive" / "product.yaml"))
    assert status == 0
    assert set(statuses(out).values()) == {"pass"}


def test_at_risk_warns_and_exits_0_unless_asked_to_block(capsys: pytest.CaptureFixture[str]) -> None:
    product = str(EXAMPLES / "lp-left" / "product.yaml")
    status, out, _ = run(capsys, "watch", "--format", "json", product)
    assert status == 0
    report = json.loads(out)["reports"][0]
    assert report["eligible"] is True and report["counts"]["at_risk"] == 2
    lp = next(r for r in report["results"] if r["rule"] == "krx.watch.liquidity_provider")
    assert lp["status"] == "at_risk" and lp["observed"] == "0"
    assert lp["clock"] == {"since": "2026-11-01", "caution_from": None, "delisting_from": "2026-12-01"}
    assert run(capsys, "watch", "--fail-on", "at_risk", product)[0] == 1


def test_an_active_etf_below_0_7_for_three_months_fails(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "watch", "--format", "json", str(EXAMPLES / "active-low-correlation" / "product.yaml"))
    assert status == 1
    report = json.loads(out)["reports"][0]
    tracking = report["results"][0]
    assert tracking["status"] == "fail" and tracking["threshold"] == "0.7"
    assert tracking["clock"]["caution_from"] < tracking["clock"]["delisting_from"] <= report["as_of"]


def test_an_earlier_as_of_shows_the_clock_still_running(capsys: pytest.CaptureFixture[str]) -> None:
    product = str(EXAMPLES / "active-low-correlation" / "product.yaml")
    _, out, _ = run(capsys, "watch", "--format", "json", product)
    clock = json.loads(out)["reports"][0]["results"][0]["clock"]
    status, out, _ = run(capsys, "watch", "--format", "json", "--as-of", clock["caution_from"], product)
    assert status == 0 and statuses(out)["krx.watch.tracking_correlation"] == "at_risk"


def test_a_small_etf_designated_then_delisted(capsys: pytest.CaptureFixture[str]) -> None:
    product = str(EXAMPLES / "small-designated" / "product.yaml")
    assert statuses(run(capsys, "watch", "--format", "json", "--as-of", "2026-03-31", product)[1])["krx.watch.size"] == "at_risk"
    assert statuses(run(capsys, "watch", "--format", "json", product)[1])["krx.watch.size"] == "fail"


def test_a_half_year_end_that_is_no_trading_day_points_at_the_row_its_figure_came_from(
        capsys: pytest.CaptureFixture[str]) -> None:
    """2025-12-31 is no trading day: the size observed that day is the 2025-12-30 row's, and the
    finding points at that row of the history."""
    product = EXAMPLES / "small-designated" / "product.yaml"
    _, out, _ = run(capsys, "watch", "--format", "json", str(product))
    size = next(r for r in json.loads(out)["reports"][0]["results"] if r["rule"] == "krx.watch.size")
    rows = (product.parent / "history.csv").read_text(encoding="utf-8").splitlines()
    located = {item["date"]: item["location"] for item in size["items"]}
    assert rows[located["2025-12-31"]["line"] - 1].startswith("2025-12-30,")
    assert rows[located["2026-06-30"]["line"] - 1].startswith("2026-06-30,")


def test_the_product_names_its_rulebook_and_rules_still_wins(capsys: pytest.CaptureFixture[str]) -> None:
    product = str(EXAMPLES / "healthy-passive" / "product.yaml")
    _, out, _ = run(capsys, "--format", "json", product)  # the listing command, without --rules
    assert json.loads(out)["reports"][0]["rulebook"]["id"] == "krx-etf-continued-listing"
    status, out, _ = run(capsys, "--format", "json", "--rules", "krx-etf-listing", product)
    assert json.loads(out)["reports"][0]["rulebook"]["id"] == "krx-etf-listing"


def test_an_unknown_rulebook_named_by_a_product_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_product(tmp_path, "rulebook: krx-etf-continued-lsting\nname: x\nunderlying: {index: index.yaml}\n")
    status, _, err = run(capsys, "watch", str(path))
    assert status == 2
    assert "product.yaml:3:11: rulebook: no rulebook named 'krx-etf-continued-lsting'" in err
    assert "krx-etf-continued-listing" in err  # did you mean


def test_a_rulebook_file_is_read_from_the_product_files_folder_not_the_one_run_from(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """``rulebook: mine.yaml`` is the file beside the product, as its index is: a file of that name
    in the folder the command is run from would judge the product by another folder's rulebook."""
    rulebook = (Path(__file__).resolve().parents[2] / "rules" / "krx" / "etf-listing.yaml").read_text(encoding="utf-8")
    (tmp_path / "mine.yaml").write_text(rulebook, encoding="utf-8")  # where the command runs, not beside the product
    path = write_product(tmp_path / "products" / "a", "rulebook: mine.yaml\nname: x\nunderlying: {index: index.yaml}\n")
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, "--format", "json", str(path))
    assert status == 2 and out.count('"rulebook"') == 0
    expected = os.path.join("products", "a", "mine.yaml")
    assert (f"product.yaml:3:11: rulebook: no rulebook named 'mine.yaml' and no file {tmp_path / expected} "
            "(a path is read from the product file's folder)") in err
    (tmp_path / "products" / "a" / "mine.yaml").write_text(rulebook.replace("krx-etf-listing", "their-listing", 1),
                                                           encoding="utf-8")
    status, out, err = run(capsys, "--format", "json", str(path))
    assert json.loads(out)["reports"][0]["rulebook"]["id"] == "their-listing", err


@pytest.mark.parametrize("fmt, marker", [("text", "▲ at risk"), ("sarif", '"level": "warning"'), ("github", "::warning "),
                                         ("junit", 'name="status" value="at_risk"'), ("markdown", "▲")])
def test_every_format_carries_at_risk(fmt: str, marker: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "watch", "--format", fmt, str(EXAMPLES / "lp-left" / "product.yaml"))
    assert status == 0 and marker in out


def test_the_junit_report_has_no_failure_for_at_risk(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "watch", "--format", "junit", str(EXAMPLES / "lp-left" / "product.yaml"))
    assert 'failures="0"' in out and "<failure" not in out


def test_the_examples_are_what_their_script_writes(tmp_path: Path) -> None:
    import filecmp
    import shutil
    import subprocess
    import sys

    copy = tmp_path / "watch"
    shutil.copytree(EXAMPLES, copy)
    for csv in copy.rglob("*.csv"):
        csv.unlink()
    subprocess.run([sys.executable, str(copy / "generate.py")], check=True)
    written = sorted(p.relative_to(copy) for p in copy.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    shipped = sorted(p.relative_to(EXAMPLES) for p in EXAMPLES.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    assert written == shipped
    assert all(filecmp.cmp(copy / name, EXAMPLES / name, shallow=False) for name in written)


@pytest.mark.parametrize("dates", [["--as-of", "2024-06-01"], ["--from", "2024-06-01", "--to", "2025-06-30"]])
def test_a_day_before_listing_is_refused_at_listed_on(capsys: pytest.CaptureFixture[str], dates: list[str]) -> None:
    # the history before listing is not a listed ETF's record: judged as one, it passed in silence
    product = EXAMPLES / "healthy-passive" / "product.yaml"
    listed = next(line for line in product.read_text(encoding="utf-8").splitlines() if line.startswith("listed_on:"))
    day = listed.split(":", 1)[1].strip()
    assert "2024-06-01" < day
    status, out, err = run(capsys, "watch", *dates, str(product))
    assert status == 2 and "could not be evaluated" in out
    assert f"product.yaml:{product.read_text(encoding='utf-8').splitlines().index(listed) + 1}:12: listed_on {day} is after" in err
    assert f"give {dates[0]} on or after {day}" in err


def test_the_day_of_listing_is_watched(capsys: pytest.CaptureFixture[str]) -> None:
    product = EXAMPLES / "healthy-passive" / "product.yaml"
    listed = next(line for line in product.read_text(encoding="utf-8").splitlines() if line.startswith("listed_on:"))
    status, out, err = run(capsys, "watch", "--format", "json", "--as-of", listed.split(":", 1)[1].strip(), str(product))
    assert status in (0, 1) and err == ""
    assert json.loads(out)["reports"][0]["as_of"] == listed.split(":", 1)[1].strip()


def test_an_lp_result_points_at_the_participants_not_at_a_row_of_the_history(capsys: pytest.CaptureFixture[str]) -> None:
    # a CI annotation of the LP clock landed on a NAV row of the day the run began
    product = EXAMPLES / "lp-left" / "product.yaml"
    _, out, _ = run(capsys, "watch", "--format", "json", str(product))
    lp = next(r for r in json.loads(out)["reports"][0]["results"] if r["rule"] == "krx.watch.liquidity_provider")
    line = product.read_text(encoding="utf-8").splitlines().index("participants:") + 2
    assert lp["status"] == "at_risk" and lp["location"]["file"].endswith("lp-left/product.yaml") and lp["location"]["line"] == line


def test_fail_on_at_risk_says_why_the_status_is_1_where_every_product_is_eligible(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "watch", "--fail-on", "at_risk", str(EXAMPLES / "lp-left" / "product.yaml"))
    assert status == 1 and "eligible" in out
    assert err == "etf-check: exit status 1: 2 result(s) at_risk (--fail-on at_risk), though every product is eligible\n"
    status, _, err = run(capsys, "watch", "--fail-on", "at_risk", str(EXAMPLES / "active-low-correlation" / "product.yaml"))
    assert status == 1 and err == ""  # not eligible: the report says so itself


@pytest.mark.parametrize("multiple, status", [(0, "error"), (-1, "fail"), (1, "pass")])
def test_a_multiple_of_0_tracks_nothing_and_is_an_error_not_a_rule_left_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], multiple: int,
        status: str) -> None:
    """With leverage 0 the index's changes times its sign are 0 every day: no correlation can be
    taken, which is no reason to leave the tracking rule out (not applicable, eligible). It is an
    error at the leverage line; -1 reads the same history as an inverse ETF, which does not track."""
    import shutil

    shutil.copytree(EXAMPLES.parent, tmp_path / "examples")
    product = tmp_path / "examples" / "watch" / "healthy-passive" / "product.yaml"
    text = product.read_text(encoding="utf-8")
    assert "\nleverage: 1\n" in text
    product.write_text(text.replace("\nleverage: 1\n", f"\nleverage: {multiple}\n"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # (the product's index is in the tree the run checks)
    _, out, _ = run(capsys, "watch", "--format", "json", str(product.relative_to(tmp_path)))
    [report] = json.loads(out)["reports"]
    tracking = next(r for r in report["results"] if r["rule"] == "krx.watch.tracking_correlation")
    assert tracking["status"] == status
    if multiple == 0:
        assert "product.leverage is 0" in tracking["message"] and tracking["location"]["line"] == 13
        assert report["eligible"] is False
