"""A waiver in force turns a fail into ``waived`` in every output format; the library sees the same."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from etf_listing.cli import main

from ..conftest import REPOSITORY

PDF_FAILS = "examples/failing/pdf-missing-large-constituents/product.yaml"
RULE = "krx.pdf.market_cap_coverage"
WAIVERS = f"""\
kind: etf-waivers
schema_version: 1
waivers:
  - rule: {RULE}
    reason: held through a basket swap until the first creation
    approved_by: 준법감시인
    expires: 2099-12-31
"""


@pytest.fixture
def waivers(tmp_path: Path) -> str:
    path = tmp_path / "waivers.yaml"
    path.write_text(WAIVERS, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], form: str, waivers: str) -> tuple[int, str]:
    status = main([PDF_FAILS, "--format", form, "--waivers", waivers])
    return status, capsys.readouterr().out


def test_sarif_reports_a_waived_fail_as_suppressed(in_repository: Path, waivers: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "sarif", waivers)
    document = json.loads(out)
    schema = json.loads((REPOSITORY / "tests" / "reporting" / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    (result,) = document["runs"][0]["results"]
    assert status == 0 and result["ruleId"] == RULE
    assert result["suppressions"][0]["kind"] == "external"
    assert result["suppressions"][0]["justification"].startswith("held through a basket swap")


def test_junit_skips_a_waived_rule_with_the_reason(in_repository: Path, waivers: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "junit", waivers)
    case = next(c for c in ET.fromstring(out).iter("testcase") if c.get("name") == RULE)
    skipped = case.find("skipped")
    assert status == 0 and skipped is not None and "Waived: held through a basket swap" in skipped.get("message", "")
    assert case.find("failure") is None


def test_github_gives_a_notice_not_an_error(in_repository: Path, waivers: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "github", waivers)
    assert status == 0
    assert "::error" not in out
    assert out.startswith(f"::notice file=examples/failing/pdf-missing-large-constituents/product.yaml,line=")
    assert f"title={RULE}::" in out and "Waived: held through a basket swap" in out


def test_markdown_marks_a_waived_rule(in_repository: Path, waivers: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "markdown", waivers)
    assert status == 0
    assert f"| ≈ | `{RULE}` |" in out and "1 waived" in out


def test_the_markdown_summary_table_counts_waived(in_repository: Path, waivers: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main([PDF_FAILS, "examples/value-up-passive/product.yaml", "--format", "markdown", "--waivers", waivers]) == 0
    out = capsys.readouterr().out
    assert "| | file | product | verdict | pass | fail | error | waived | n/a |" in out
    assert f"| ✔ | `{PDF_FAILS}` | 예시 코리아밸류업 ETF | eligible | 13 | 0 | 0 | 1 | 2 |" in out


def test_the_text_summary_table_counts_waived(in_repository: Path, waivers: str, capsys: pytest.CaptureFixture[str]) -> None:
    main([PDF_FAILS, "examples/value-up-passive/product.yaml", "--waivers", waivers])
    out = capsys.readouterr().out
    header = out[out.rindex("\nfile "):].splitlines()[1]
    assert header.split() == ["file", "product", "verdict", "pass", "fail", "error", "waived", "n/a"]


def test_html_shows_a_waived_rule_with_its_reason_and_approver(in_repository: Path, waivers: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(capsys, "html", waivers)
    result = out[out.index(f'id="p1-{RULE}"'):]
    result = result[:result.index("</tbody>")]
    assert status == 0 and "✔ eligible" in out
    assert '<span class="status status-waived">waived</span>' in result
    assert "waived: held through a basket swap until the first creation (approved by 준법감시인, until 2099-12-31)" in result
    floors = next(f for f in out.split('<figure class="chart-figure"') if "Shares against their floors" in f)
    assert '<g class="row waived">' in floors  # drawn as waived, not as a pass


def test_json_and_sarif_name_the_waiver_file_by_its_sha256(in_repository: Path, waivers: str,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """The evidence of a filing names the waiver file that was in force, byte for byte."""
    import hashlib

    digest = hashlib.sha256(Path(waivers).read_bytes()).hexdigest()
    _, out = run(capsys, "json", waivers)
    waived = next(r for r in json.loads(out)["reports"][0]["results"] if r["rule"] == RULE)
    assert waived["status"] == "waived" and waived["waiver"]["sha256"] == digest
    assert waived["waiver"]["location"]["file"] == waivers
    _, out = run(capsys, "sarif", waivers)
    (result,) = json.loads(out)["runs"][0]["results"]
    assert result["suppressions"][0]["properties"]["sha256"] == digest
    Path(waivers).write_text(WAIVERS.replace("first creation", "first creation."), encoding="utf-8")
    _, out = run(capsys, "json", waivers)
    changed = next(r for r in json.loads(out)["reports"][0]["results"] if r["rule"] == RULE)
    assert changed["waiver"]["sha256"] == hashlib.sha256(Path(waivers).read_bytes()).hexdigest() != digest
