"""etf-check screen: the contract's JSON, exit statuses, --company and --write-index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from etf_listing.cli import main

from ..screening.builders import company, many, universe_file


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["screen", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_the_json_report_has_the_contract_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = universe_file(tmp_path, many(120), previous="code,special_until\n000001,\n000200,\n")
    status, out, _ = run(capsys, str(path), "--format", "json")
    assert status == 0
    document = json.loads(out)
    assert document["schema_version"] == 1 and document["tool"]["name"] == "etf-listing"
    screen = document["screens"][0]
    assert screen["rulebook"] == {"id": "korea-value-up-index", "version": "2024.1", "effective_from": "2024-01-02"}
    assert screen["as_of"] == "2024-09-23"
    assert len(screen["selected"]) == 100
    assert set(screen["selected"][0]) >= {"code", "name", "market", "industry_group", "weight", "via"}
    assert sum(float(s["weight"]) for s in screen["selected"]) == pytest.approx(1)
    first = screen["companies"][0]
    assert set(first) >= {"code", "name", "status", "stopped_at", "results"}
    assert set(first["results"][0]) >= {"rule", "status", "observed", "rank", "rank_ratio", "threshold", "message"}
    assert [f["rule"] for f in screen["funnel"]][:2] == ["valueup.universe.common_stock", "valueup.universe.new_listing"]
    assert screen["turnover"]["additions"][0]["code"] == "000002"
    assert [d["code"] for d in screen["turnover"]["deletions"]] == ["000200"]
    assert screen["turnover"]["replacement_ratio"] == "0.99"
    assert screen["companies"][119]["status"] == "not_selected"


def test_company_explains_the_path_and_what_the_last_place_needs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [company(f"{n:06d}", 10**12, roe_y1=f"{n / 1000}", roe_y2=f"{n / 1000}") for n in range(1, 121)]
    path = universe_file(tmp_path, rows)
    status, out, _ = run(capsys, str(path), "--company", "000005")
    assert status == 0
    assert "not selected" in out and "the 100th place needs a rank ratio of ≈0.8333 in its group" in out


def test_an_unknown_company_code_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = universe_file(tmp_path, many(3))
    status, _, err = run(capsys, str(path), "--company", "000009")
    assert status == 2 and "--company 000009: no company with this code in the universe" in err


def test_write_index_writes_an_index_file_that_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from etf_listing.loading.load import _build_index  # noqa: F401 - the index reader the listing check uses
    path = universe_file(tmp_path / "u", many(12))
    status, _, err = run(capsys, str(path), "--write-index", str(tmp_path / "index"))
    assert status == 0 and "wrote the index" in err
    text = (tmp_path / "index" / "constituents.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "code,name,market,sector,weight,market_cap_krw,trading_value_krw"
    assert len(text.splitlines()) == 13


def test_rules_and_explain_read_the_methodology(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--rules", "korea-value-up-index"]) == 0
    out = capsys.readouterr().out
    assert "valueup.universe.new_listing           Listed at least 12 months [unconfirmed]" in out
    assert main(["explain", "valueup.special.early_disclosure", "--rules", "korea-value-up-index"]) == 0
    out = capsys.readouterr().out
    assert "disclosure_cutoff = 2024-09-23" in out and "special_market_cap_rank_limit = 700" in out


def test_the_listing_check_points_a_methodology_to_the_screen(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--rules", "korea-value-up-index", "examples/value-up-passive/product.yaml"]) == 2
    assert "'korea-value-up-index' is an index methodology, not a listing rulebook" in capsys.readouterr().err


def test_markdown_and_csv_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = many(12)
    rows[0]["market"] = "KOSDAQ"
    path = universe_file(tmp_path, rows)
    assert main(["screen", str(path), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "| `valueup.stage.market_cap` | 12 | 0 | 12 |" in out
    assert "| 1 | 000001 | Company 000001 | KOSDAQ | IT |" in out
    assert "| KOSPI | 11 | 91.67% |" in out
    assert main(["screen", str(path), "--format", "csv", "--company", "000012"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("file,code,name,market,industry_group,status,stopped_at,via,place,weight,")
    header, row = lines[0].split(","), lines[1].split(",")
    assert len(lines) == 2 and row[1] == "000012" and row[5] == "selected"
    assert row[header.index("valueup.stage.market_cap.rank")] == "12"
    assert row[header.index("valueup.stage.market_cap.rank_ratio")] == "1"


def test_a_bug_met_on_one_universe_is_a_problem_on_its_file_and_the_others_are_still_screened(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from etf_listing.screening import evaluate

    good = universe_file(tmp_path / "good", many(3))
    bad = universe_file(tmp_path / "bad", many(4))
    real = evaluate.screen

    def screen(universe: Any, methodology: Any, as_of: Any = None) -> Any:
        if len(universe.companies) == 4:
            raise ZeroDivisionError("a bug")
        return real(universe, methodology, as_of)

    monkeypatch.setattr(evaluate, "screen", screen)
    status, out, err = run(capsys, str(bad), str(good), "--format", "json")
    assert status == 2
    assert err.startswith(f"{bad}:1:1: internal error: ZeroDivisionError: a bug (this is a bug in etf-check")
    assert [s["file"] for s in json.loads(out)["screens"]] == [str(good)]
    assert "Traceback" not in err


def test_one_company_written_with_and_without_its_leading_zeros_is_refused_and_the_others_screened(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """005930 and 5930, otherwise the same row: exit status 2 at the second row, the other
    universe still screened."""
    twice = universe_file(tmp_path / "twice", [company("005930"), company("5930")])
    good = universe_file(tmp_path / "good", many(3))
    status, out, err = run(capsys, str(twice), str(good), "--format", "json")
    assert status == 2
    assert err.startswith(f"{tmp_path / 'twice' / 'companies.csv'}:3:1: the code 5930 is listed twice: "
                          "line 2 writes it 005930, with its leading zeros (write one row per company")
    assert [s["file"] for s in json.loads(out)["screens"]] == [str(good)]


def test_a_review_date_before_the_methodology_is_a_positioned_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = universe_file(tmp_path, many(3))
    status, _, err = run(capsys, str(path), "--as-of", "1990-01-01", "--lang", "ko")
    assert status == 2 and err.startswith(f"{path}:1:1: ") and "Traceback" not in err
    assert "심사일에 시행 중인 방법론 버전이 없습니다" in err


def test_a_report_that_cannot_be_written_is_a_positioned_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = universe_file(tmp_path, many(3))
    status, out, err = run(capsys, str(path), "--output", str(tmp_path / "missing" / "report.json"))
    assert status == 2 and out == ""
    assert err.startswith(f"{tmp_path / 'missing' / 'report.json'}:1:1: cannot be written")


def test_the_checker_screens_universes_and_renders_them_as_the_command_does(tmp_path: Path) -> None:
    import io

    from etf_listing.checker import Checker
    from etf_listing.options import Options

    path = universe_file(tmp_path, many(3))
    stderr = io.StringIO()
    checker = Checker(Options(rules="korea-value-up-index", paths=(str(path),), format="csv", extra={"company": ["000002"]}),
                      stderr=stderr)
    outcomes = checker.screen([str(path), str(tmp_path / "nowhere.yaml")])
    assert [o.report is not None for o in outcomes] == [True, False]
    assert outcomes[1].problems and str(outcomes[1].problems[0]).startswith(str(tmp_path / "nowhere.yaml"))
    assert "warning: only 3 companies qualify for 100 places: all of them are selected" in stderr.getvalue()
    rendered = checker.render_screens(outcomes)
    assert rendered.splitlines()[1].split(",")[1] == "000002"


def test_a_screen_and_its_reports_leave_no_reference_cycles(tmp_path: Path) -> None:
    """The screen command runs without the cyclic garbage collector: this is why it may."""
    import gc

    from etf_listing.loading.universe import load_universe
    from etf_listing.reporting import SCREEN_REPORTERS, RenderOptions
    from etf_listing.screening.evaluate import screen
    from etf_listing.screening.methodology import load_methodology

    rows = many(150)
    rows[3]["pbr_y2"] = ""  # an error result: a figure not given, raised and caught
    path = universe_file(tmp_path, rows, previous="code,special_until\n000001,2025-12-31\n")
    methodology = load_methodology()
    gc.collect()
    gc.disable()
    try:
        report = screen(load_universe(str(path)), methodology)
        for format in SCREEN_REPORTERS:
            SCREEN_REPORTERS[format]([report], RenderOptions(), ["000004", "000001"])
        del report
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_a_universe_of_no_company_is_refused_not_screened_to_nothing(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = universe_file(tmp_path, [])
    assert main(["screen", str(path), "--write-index", str(tmp_path / "index")]) == 2
    assert f"{path}:5:12: companies: the universe lists no company" in capsys.readouterr().err
    assert not (tmp_path / "index").exists()  # no index of nothing written


@pytest.mark.parametrize("target, format", [("universe.yaml", "json"), ("companies.csv", "csv"), ("previous.csv", "text"),
                                            ("methodology.yaml", "markdown")])
def test_screen_output_never_overwrites_a_file_the_screen_read(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                               target: str, format: str) -> None:
    """The universe, its tables and the methodology: refused, exit status 2, each file as it was,
    and no index written either."""
    from etf_listing.screening.methodology import shipped_methodologies

    path = universe_file(tmp_path, many(12), previous="code,special_until\n000001,\n")
    (tmp_path / "methodology.yaml").write_bytes(Path(shipped_methodologies()["korea-value-up-index"]).read_bytes())
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    status, out, err = run(capsys, str(path), "--rules", str(tmp_path / "methodology.yaml"), "--format", format,
                           "--output", str(tmp_path / target), "--write-index", str(tmp_path / "index"))
    assert status == 2 and out == ""
    assert err.splitlines()[-1] == (f"{tmp_path / target}:1:1: is a file this run read; the report is not written over it "
                                    "(name another --output file)")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_screen_output_is_refused_over_a_universe_it_could_not_screen(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = universe_file(tmp_path, many(3))
    path.write_text(path.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: 1\nschema_version: 1"),
                    encoding="utf-8")
    before = path.read_bytes()
    status, _, err = run(capsys, str(path), "--format", "json", "--output", str(path))
    assert status == 2 and path.read_bytes() == before
    assert f"{path}:1:1: is a file this run read; the report is not written over it" in err
    assert main(["screen", str(universe_file(tmp_path / "good", many(3))), "--output", str(tmp_path / "report.txt")]) == 0
    assert (tmp_path / "report.txt").read_text(encoding="utf-8")  # another file: written
