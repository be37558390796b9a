"""Approved exceptions (waivers): a waiver in force turns a fail into ``waived``; it never covers
missing data, other offenders, or a date after it expires."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

import etf_listing
from etf_listing.cli import main
from etf_listing.rulebook import load_rulebook
from etf_listing.waivers import Waiver, load_waivers

from ..vocabulary.test_missing_values import KTB_INDEX, KTB_PRODUCT

TODAY = dt.date(2026, 11, 30)  # the library is given today's date: evaluation never reads the clock
PRINCIPAL_FAILS = "examples/failing/principal-below-minimum/product.yaml"
PDF_FAILS = "examples/failing/pdf-missing-large-constituents/product.yaml"


def json_run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    status = main([*args, "--format", "json"])
    captured = capsys.readouterr()
    json_run.err = captured.err  # type: ignore[attr-defined]
    return status, json.loads(captured.out)


def test_a_waiver_of_the_offenders_does_not_cover_missing_data(in_tmp: Path, write,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    write("product.yaml", KTB_PRODUCT)
    write("index.yaml", KTB_INDEX)
    write("waivers.yaml", """\
        kind: etf-waivers
        schema_version: 1
        waivers:
          - rule: krx.index.ktb_basket
            items: [KR1035027C19, KR1035027B10]
            reason: test
            approved_by: 준법감시인
            expires: 2099-12-31
        """)
    assert main(["product.yaml", "--waivers", "waivers.yaml", "--format", "json"]) == 1
    (report,) = json.loads(capsys.readouterr().out)["reports"]
    (basket,) = [r for r in report["results"] if r["rule"] == "krx.index.ktb_basket"]
    assert basket["status"] == "error" and report["eligible"] is False


WAIVERS = """\
kind: etf-waivers
schema_version: 1
waivers:
  - rule: krx.pdf.market_cap_coverage
    items: ["005930", "000660", "005380"]
    reason: held through a basket swap until the first creation
    approved_by: 준법감시인
    expires: {expires}
"""


def write_waivers(tmp_path: Path, expires: str = "2099-12-31", text: str = WAIVERS) -> str:
    path = tmp_path / "waivers.yaml"
    path.write_text(text.format(expires=expires), encoding="utf-8")
    return str(path)


def test_a_waiver_in_force_turns_the_fail_into_waived_in_every_format(in_repository: Path, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    waivers = write_waivers(tmp_path)
    status, document = json_run(capsys, PDF_FAILS, "--waivers", waivers)
    (report,) = document["reports"]
    assert status == 0 and report["eligible"] is True
    (waived,) = [r for r in report["results"] if r["rule"] == "krx.pdf.market_cap_coverage"]
    assert waived["status"] == "waived"
    assert waived["waiver"]["reason"] == "held through a basket swap until the first creation"
    assert report["counts"]["waived"] == 1 and report["counts"]["fail"] == 0
    assert main([PDF_FAILS, "--waivers", waivers]) == 0
    text = capsys.readouterr().out
    assert "≈ waived   krx.pdf.market_cap_coverage" in text and "Waived: held through a basket swap" in text
    # the library sees the same
    product = etf_listing.load_product(PDF_FAILS)
    report_object = etf_listing.evaluate(product, load_rulebook(), waivers=load_waivers(waivers), today=TODAY)
    assert {r.rule_id: r.status for r in report_object.results}["krx.pdf.market_cap_coverage"] == "waived"


def test_waivers_are_applied_as_of_a_date_and_nothing_else(in_repository: Path, tmp_path: Path) -> None:
    from etf_listing.waivers import apply_waivers

    waivers = load_waivers(write_waivers(tmp_path))
    report = etf_listing.evaluate(etf_listing.load_product(PDF_FAILS), load_rulebook())
    with pytest.raises(TypeError, match="today must be a datetime.date"):
        apply_waivers(report, waivers, "2025-01-01")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="today must be a datetime.date"):
        etf_listing.evaluate(report.product, load_rulebook(), waivers=waivers, today="2025-01-01")  # type: ignore[arg-type]
    waived = apply_waivers(report, waivers, dt.datetime(2025, 1, 1, 9))
    assert {r.rule_id: r.status for r in waived.results}["krx.pdf.market_cap_coverage"] == "waived"


def test_an_expired_waiver_has_no_effect_and_says_so(in_repository: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    waivers = write_waivers(tmp_path, expires="2020-01-01")
    status, document = json_run(capsys, PDF_FAILS, "--waivers", waivers)
    (report,) = document["reports"]
    assert status == 1 and report["eligible"] is False
    assert {r["rule"]: r["status"] for r in report["results"]}["krx.pdf.market_cap_coverage"] == "fail"
    day = report["waivers_judged_on"]  # the day of the run in Seoul (tests/evaluation/test_waivers_on_the_day_of_the_run.py)
    assert report["notices"][0]["message"] == \
        f"the waiver of krx.pdf.market_cap_coverage expired on 2020-01-01 and is ignored (waivers judged on {day})"
    assert f"expired on 2020-01-01 and is ignored (waivers judged on {day})" in json_run.err  # type: ignore[attr-defined]


def test_a_waiver_that_matches_nothing_is_reported(in_repository: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    waivers = write_waivers(tmp_path)
    main([PRINCIPAL_FAILS, "--waivers", waivers])
    assert "the waiver of krx.pdf.market_cap_coverage matches no failing result" in capsys.readouterr().out


def test_a_waiver_for_some_offenders_does_not_waive_the_others(in_repository: Path) -> None:
    product = etf_listing.load_product(PDF_FAILS)
    partial = Waiver("krx.pdf.market_cap_coverage", "r", "a", dt.date(2099, 1, 1), items=("005930",))
    report = etf_listing.evaluate(product, load_rulebook(), waivers=[partial], today=TODAY)
    assert {r.rule_id: r.status for r in report.results}["krx.pdf.market_cap_coverage"] == "fail"
    assert report.notices[0].message == ("the waiver of krx.pdf.market_cap_coverage does not name every offender of "
                                         "its failing result and is not applied: 000660, 005380 not named")


def test_missing_data_is_never_waived(in_repository: Path) -> None:
    product = etf_listing.load_product(PRINCIPAL_FAILS)
    product = dataclasses.replace(product, principal_krw=None)
    report = etf_listing.evaluate(product, load_rulebook(), waivers=[Waiver("krx.size.principal", "r", "a", dt.date(2099, 1, 1))],
                                  today=TODAY)
    assert {r.rule_id: r.status for r in report.results}["krx.size.principal"] == "error"
    assert not report.eligible


def test_a_waiver_expiring_today_is_still_in_force(in_repository: Path) -> None:
    product = etf_listing.load_product(PRINCIPAL_FAILS)
    waiver = Waiver("krx.size.principal", "seed money arrives", "a", dt.date(2024, 11, 1))
    on_the_day = etf_listing.evaluate(product, load_rulebook(), waivers=[waiver], today=dt.date(2024, 11, 1))
    next_day = etf_listing.evaluate(product, load_rulebook(), waivers=[waiver], today=dt.date(2024, 11, 2))
    assert {r.rule_id: r.status for r in on_the_day.results}["krx.size.principal"] == "waived"
    assert {r.rule_id: r.status for r in next_day.results}["krx.size.principal"] == "fail"


def test_a_bad_waiver_file_is_an_input_error(in_repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    waivers = write_waivers(tmp_path, text=WAIVERS.replace("approved_by", "aproved_by"))
    assert main([PDF_FAILS, "--waivers", waivers]) == 2
    assert "waivers.yaml:7:5: unknown field 'aproved_by' (did you mean 'approved_by'?)" in capsys.readouterr().err


def test_evaluation_never_reads_the_clock_for_waivers(in_repository: Path) -> None:
    """Waivers are applied as of the date the caller gives; without one, evaluate refuses rather
    than read the system date, and the report without waivers needs no date at all."""
    from etf_listing.waivers import apply_waivers

    product = etf_listing.load_product(PRINCIPAL_FAILS)
    waiver = Waiver("krx.size.principal", "seed money arrives", "a", dt.date(2024, 11, 1))
    with pytest.raises(TypeError, match="give today="):
        etf_listing.evaluate(product, load_rulebook(), waivers=[waiver])
    rulebook = load_rulebook()
    plain = etf_listing.evaluate(product, rulebook)
    assert {r.rule_id: r.status for r in plain.results}["krx.size.principal"] == "fail"
    later = apply_waivers(plain, [waiver], dt.date(2024, 11, 1))
    at_once = etf_listing.evaluate(product, rulebook, waivers=[waiver], today=dt.date(2024, 11, 1))
    assert [(r.rule_id, r.status, dict(r.message)) for r in later.results] == \
        [(r.rule_id, r.status, dict(r.message)) for r in at_once.results]
    assert {r.rule_id: r.status for r in later.results}["krx.size.principal"] == "waived"


# --- which product a waiver is for, and waivers that cannot both be in force -----------------------

PRINCIPAL_WAIVER = """\
kind: etf-waivers
schema_version: 1
waivers:
  - rule: krx.size.principal
    products: [{product}]
    reason: seeded after listing
    approved_by: Team A CCO
    expires: 2099-12-31
"""


def _two_teams(root: Path) -> None:
    import shutil

    shutil.copytree(Path("examples/indices"), root / "indices")
    for team in ("teamA", "teamB"):
        shutil.copytree(Path("examples/failing/principal-below-minimum"), root / team)
        text = (root / team / "product.yaml").read_text(encoding="utf-8")
        (root / team / "product.yaml").write_text(text.replace("../../indices/", "../indices/"), encoding="utf-8")
    (root / "teamA" / "waivers.yaml").write_text(PRINCIPAL_WAIVER.format(product="product.yaml"), encoding="utf-8")


def _principal(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status, document = json_run(capsys, *args)
    (report,) = document["reports"]
    return status, next(r["status"] for r in report["results"] if r["rule"] == "krx.size.principal")


def test_a_product_file_a_waiver_names_is_read_from_the_waiver_file_s_folder(
        in_repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """teamA/waivers.yaml waives its own product.yaml: team B's product.yaml, checked from team B's
    folder, is not it; team A's, checked from anywhere, is."""
    _two_teams(tmp_path)
    monkeypatch.chdir(tmp_path / "teamB")
    assert _principal(capsys, "--root", "..", "product.yaml", "--waivers", "../teamA/waivers.yaml") == (1, "fail")
    assert "the waiver of krx.size.principal is for product.yaml, which this run did not check" in json_run.err  # type: ignore[attr-defined]
    monkeypatch.chdir(tmp_path)
    assert _principal(capsys, "--root", ".", "teamA/product.yaml", "--waivers", "teamA/waivers.yaml") == (0, "waived")
    assert _principal(capsys, "--root", ".", str(tmp_path / "teamA" / "product.yaml"), "--waivers",
                      "teamA/waivers.yaml") == (0, "waived")


def test_a_path_through_a_link_and_back_names_the_file_read_and_no_other_s_waiver(
        in_repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """link/../teamA/product.yaml, where link leads into other/, reads other/teamA/product.yaml: the
    report says so, and team A's waiver is not applied to it."""
    import shutil

    _two_teams(tmp_path)
    (tmp_path / "other").mkdir()
    shutil.copytree(tmp_path / "teamB", tmp_path / "other" / "teamA")
    text = (tmp_path / "other" / "teamA" / "product.yaml").read_text(encoding="utf-8")
    (tmp_path / "other" / "teamA" / "product.yaml").write_text(text.replace("../indices/", "../../indices/"), encoding="utf-8")
    (tmp_path / "other" / "sub").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "other" / "sub")
    (tmp_path / "waivers.yaml").write_text(PRINCIPAL_WAIVER.format(product="teamA/product.yaml"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, document = json_run(capsys, "--root", ".", "link/../teamA/product.yaml", "--waivers", "waivers.yaml")
    (report,) = document["reports"]
    assert report["file"] == "link/../teamA/product.yaml" and status == 1
    assert next(r["status"] for r in report["results"] if r["rule"] == "krx.size.principal") == "fail"


@pytest.mark.parametrize("waiver, message", [
    ("    items: ['']\n", "items.0"),
    ("    products: []\n", "products"),
    ("    products: ['  ']\n", "products.0"),
])
def test_a_waiver_naming_blank_text_or_no_product_is_refused(in_repository: Path, tmp_path: Path, waiver: str,
                                                             message: str, capsys: pytest.CaptureFixture[str]) -> None:
    """items: [""] would waive every offender that has no code (a day the watch observed); a blank
    reason or an empty product list would waive without saying for what."""
    path = tmp_path / "waivers.yaml"
    path.write_text("kind: etf-waivers\nschema_version: 1\nwaivers:\n  - rule: krx.size.principal\n" + waiver +
                    "    reason: r\n    approved_by: a\n    expires: 2099-12-31\n", encoding="utf-8")
    assert main([PRINCIPAL_FAILS, "--waivers", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err and message in err
    path.write_text(path.read_text(encoding="utf-8").replace("reason: r", "reason: '  '").replace(waiver, ""), encoding="utf-8")
    assert main([PRINCIPAL_FAILS, "--waivers", str(path)]) == 2


def test_a_watched_day_is_waived_by_its_date(in_repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The size rule's findings are days: a waiver names them by date."""
    path = tmp_path / "waivers.yaml"
    path.write_text("kind: etf-waivers\nschema_version: 1\nwaivers:\n  - rule: krx.watch.size\n"
                    "    items: ['2025-12-31', '2026-06-30']\n    reason: r\n    approved_by: a\n    expires: 2099-12-31\n",
                    encoding="utf-8")
    status, document = json_run(capsys, "watch", "examples/watch/small-designated/product.yaml", "--waivers", str(path))
    (report,) = document["reports"]
    assert next(r["status"] for r in report["results"] if r["rule"] == "krx.watch.size") == "waived"


def test_two_waivers_of_one_rule_for_one_product_are_refused(in_repository: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Which would be in force? The second is refused at its line, naming the first."""
    path = tmp_path / "waivers.yaml"
    one = "  - rule: krx.size.principal\n    reason: r\n    approved_by: a\n    expires: {}\n"
    path.write_text("kind: etf-waivers\nschema_version: 1\nwaivers:\n" + one.format("2026-12-15") + one.format("2027-12-31"),
                    encoding="utf-8")
    assert main([PRINCIPAL_FAILS, "--waivers", str(path)]) == 2
    assert (f"{path}:8:5: this waiver of krx.size.principal covers a product and items that the waiver at line 4 "
            "covers too") in capsys.readouterr().err
    other = one.replace("    reason", "    items: ['000660']\n    reason")
    path.write_text("kind: etf-waivers\nschema_version: 1\nwaivers:\n" + other.format("2026-12-15")
                    + one.replace("    reason", "    items: ['005930']\n    reason").format("2027-12-31"), encoding="utf-8")
    assert len(load_waivers(str(path))) == 2  # other items: both stand


def test_a_waiver_that_runs_out_before_the_evaluation_date_is_not_applied(in_repository: Path, tmp_path: Path) -> None:
    """Run on 2024-01-01, a product judged as of 2024-10-31 is past a waiver that runs to 2024-06-30:
    the run's own date does not stretch the waiver to a date it never covered."""
    from etf_listing.waivers import apply_waivers

    report = etf_listing.evaluate(etf_listing.load_product(PDF_FAILS), load_rulebook())
    assert report.as_of == dt.date(2024, 10, 31)
    for expires, status in (("2024-06-30", "fail"), ("2024-10-31", "waived")):
        waivers = load_waivers(write_waivers(tmp_path, expires=expires))
        applied = apply_waivers(report, waivers, dt.date(2024, 1, 1))
        assert {r.rule_id: r.status for r in applied.results}["krx.pdf.market_cap_coverage"] == status
    late = apply_waivers(report, load_waivers(write_waivers(tmp_path, expires="2024-06-30")), dt.date(2024, 1, 1))
    assert ("the waiver of krx.pdf.market_cap_coverage runs to 2024-06-30, before the evaluation date 2024-10-31, "
            "and is ignored") in [n.message for n in late.notices]


@pytest.mark.parametrize("key", ["products", "items"])
def test_a_products_or_items_key_left_empty_is_refused_not_read_as_all(in_repository: Path, tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str], key: str) -> None:
    """Deleting the last entry of a waiver's list left `products:` with nothing after it, which
    was read as every product (and `items:` as every offender): exit 0 on products it never named."""
    text = WAIVERS.replace('    items: ["005930", "000660", "005380"]\n', f"    {key}:\n")
    waivers = write_waivers(tmp_path, text=text)
    assert main([PDF_FAILS, "--waivers", waivers]) == 2
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if f"{key}: is empty" in line)
    assert line.split(": ")[0].endswith("waivers.yaml:5:5") and f"leave {key} out to cover every" in line


def test_a_waiver_of_items_does_not_cover_a_failing_check_that_names_none(in_repository: Path) -> None:
    """The KTB basket rule fails twice: a bond outside the baskets (named) and too few basket
    issues (no offender to name). A waiver naming the bond answers for the first only."""
    product = etf_listing.load_product("examples/failing/ktb-index-non-basket-bond/product.yaml")
    named = Waiver("krx.index.ktb_basket", "r", "a", dt.date(2099, 1, 1), items=("KR103501GD65",))
    report = etf_listing.evaluate(product, load_rulebook(), waivers=[named], today=TODAY)
    basket = next(r for r in report.results if r.rule_id == "krx.index.ktb_basket")
    assert basket.status == "fail" and [i.key for i in basket.items] == ["KR103501GD65"] and not basket.items_complete
    assert "a failing check of the rule names none" in report.notices[0].message
    whole = Waiver("krx.index.ktb_basket", "r", "a", dt.date(2099, 1, 1))
    report = etf_listing.evaluate(product, load_rulebook(), waivers=[whole], today=TODAY)
    assert next(r for r in report.results if r.rule_id == "krx.index.ktb_basket").status == "waived"


def test_a_waiver_naming_none_of_the_offenders_of_a_partly_unnamed_fail_says_both(in_repository: Path) -> None:
    product = etf_listing.load_product("examples/failing/ktb-index-non-basket-bond/product.yaml")
    other = Waiver("krx.index.ktb_basket", "r", "a", dt.date(2099, 1, 1), items=("KR0000000000",))
    report = etf_listing.evaluate(product, load_rulebook(), waivers=[other], today=TODAY)
    assert report.notices[0].message.endswith(
        "KR103501GD65 not named; a failing check of the rule also names none, which only a waiver of the whole rule covers")


def test_a_waiver_by_name_that_waives_several_files_of_that_name_says_so(
        in_repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Team B copied team A's product, its name kept: a waiver of team A's by name waives both."""
    _two_teams(tmp_path)
    name = next(line.split(":", 1)[1].strip() for line in (tmp_path / "teamA" / "product.yaml").read_text(
        encoding="utf-8").splitlines() if line.startswith("name:"))
    (tmp_path / "waivers.yaml").write_text(PRINCIPAL_WAIVER.format(product=name), encoding="utf-8")
    args = ("--root", str(tmp_path), "--waivers", str(tmp_path / "waivers.yaml"))
    status, _ = json_run(capsys, *args, str(tmp_path / "teamA" / "product.yaml"), str(tmp_path / "teamB" / "product.yaml"))
    assert status == 0
    assert (f"waivers.yaml:4:5: the waiver of krx.size.principal names the product '{name}', which 2 files of this run "
            f"carry ({tmp_path / 'teamA' / 'product.yaml'}, {tmp_path / 'teamB' / 'product.yaml'}): it waives each") in json_run.err  # type: ignore[attr-defined]
    json_run(capsys, *args, str(tmp_path / "teamA" / "product.yaml"))
    assert "it waives each" not in json_run.err  # type: ignore[attr-defined]
    (tmp_path / "again").symlink_to(tmp_path / "teamA")  # one file, named twice: not two files
    json_run(capsys, *args, str(tmp_path / "teamA" / "product.yaml"), str(tmp_path / "again" / "product.yaml"))
    assert "it waives each" not in json_run.err  # type: ignore[attr-defined]


def test_two_waivers_of_one_product_one_by_name_one_by_file_are_refused_for_it(
        in_repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The file cannot tell that a name and a file are one product; the run can. Either order of the
    two would put another in force (another reason, approver and expiry): neither is, the product is
    refused at the second, naming the first, and the other products are still checked."""
    _two_teams(tmp_path)
    monkeypatch.chdir(tmp_path)
    name = next(line.split(":", 1)[1].strip() for line in (tmp_path / "teamA" / "product.yaml").read_text(
        encoding="utf-8").splitlines() if line.startswith("name:"))
    by_file = PRINCIPAL_WAIVER.format(product="product.yaml")
    by_name = PRINCIPAL_WAIVER.format(product=name).split("waivers:\n", 1)[1].replace("2099-12-31", "2098-12-31")
    (tmp_path / "teamA" / "waivers.yaml").write_text(by_file + by_name, encoding="utf-8")
    status = main(["--format", "json", "--root", ".", "teamA/product.yaml", "teamB/product.yaml", "--waivers",
                   "teamA/waivers.yaml"])
    out, err = capsys.readouterr()
    assert status == 2
    assert ("teamA/waivers.yaml:9:5: this waiver of krx.size.principal covers teamA/product.yaml and items that the "
            "waiver at line 4 covers too (one names the product, the other its file)") in err
    # team B's product has the name but not the file: only the waiver by name is for it, and it stands
    report = next(r for r in json.loads(out)["reports"] if r["file"] == "teamB/product.yaml")
    assert next(r["status"] for r in report["results"] if r["rule"] == "krx.size.principal") == "waived"
