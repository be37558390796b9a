"""The report formats as the tools that read them see them: SARIF validated against the official
2.1.0 schema and pointing at the right lines, JUnit XML that parses, one GitHub annotation per
failing rule, Markdown for a pull request, and ``--output``."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from etf_listing.api import render
from etf_listing.cli import main
from etf_listing.errors import Location
from etf_listing.reporting import REPORTERS
from etf_listing.reporting.github import annotation

from .. import builders
from ..command_line.test_examples import FAILING, PASSING

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = [PASSING, *(f"examples/failing/{v}/product.yaml" for v in sorted(FAILING))]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def line_of(file: str, line: int) -> str:
    return Path(file).read_text(encoding="utf-8").splitlines()[line - 1]


def failing_rules(capsys: pytest.CaptureFixture[str], *files: str) -> list[tuple[str, str]]:
    """(file, rule) of every fail or error result, from the JSON report."""
    _, out, _ = run(capsys, "--format", "json", *files)
    return [(report["file"], result["rule"]) for report in json.loads(out)["reports"]
            for result in report["results"] if result["status"] in ("fail", "error")]


def test_every_format_is_registered_and_offered() -> None:
    assert list(REPORTERS) == ["text", "json", "sarif", "junit", "github", "markdown", "html"]


# --- SARIF ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    return json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_validates_against_the_official_schema(in_repository: Path, sarif_schema: dict,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--format", "sarif", *EXAMPLES, "examples/missing/product.yaml")
    assert status == 2
    document = json.loads(out)
    jsonschema.Draft4Validator(sarif_schema).validate(document)
    (run_,) = document["runs"]
    assert run_["invocations"][0]["executionSuccessful"] is False
    (notification,) = run_["invocations"][0]["toolExecutionNotifications"]
    assert notification["message"]["text"] == "no such file"


def test_sarif_results_are_the_failing_rules_at_the_right_lines(in_repository: Path, sarif_schema: dict,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--format", "sarif", *EXAMPLES)
    document = json.loads(out)
    jsonschema.Draft4Validator(sarif_schema).validate(document)
    (run_,) = document["runs"]
    results = run_["results"]
    expected = failing_rules(capsys, *EXAMPLES)
    assert [r["ruleId"] for r in results] == [rule for _, rule in expected]
    rules = run_["tool"]["driver"]["rules"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == "error" and result["properties"]["status"] == "fail"
    by_rule = {r["ruleId"]: r for r in results}

    def place(location: dict) -> tuple[str, int, int]:
        physical = location["physicalLocation"]
        return (unquote(physical["artifactLocation"]["uri"]), physical["region"]["startLine"],
                physical["region"]["startColumn"])

    file, line, column = place(by_rule["krx.size.principal"]["locations"][0])
    assert file == "examples/failing/principal-below-minimum/product.yaml"
    assert line_of(file, line)[column - 1:] == "65억원"
    file, line, column = place(by_rule["krx.index.single_issue_weight"]["locations"][0])
    assert file == "examples/failing/narrow-index-single-issue/constituents.csv"
    assert line_of(file, line).startswith("864910,")
    related = [place(r) for r in by_rule["krx.pdf.market_cap_coverage"]["relatedLocations"]]
    assert [line_of(f, n)[:6] for f, n, _ in related] == ["005930", "000660", "005380"]


def test_sarif_rules_carry_title_help_and_citation(in_repository: Path, krx, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--format", "sarif", PASSING)
    (run_,) = json.loads(out)["runs"]
    assert run_["results"] == []
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [rule.id for rule in krx.rules]
    for descriptor, rule in zip(rules, krx.rules):
        assert descriptor["shortDescription"]["text"] == rule.title["en"]
        assert descriptor["fullDescription"]["text"] == rule.requirement["en"]
        assert rule.citation["en"] in descriptor["help"]["text"]
        assert descriptor["properties"]["citation"] == rule.citation["en"]


def test_sarif_in_korean(in_repository: Path, krx, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--format", "sarif", "--lang", "ko", "examples/failing/principal-below-minimum/product.yaml")
    (run_,) = json.loads(out)["runs"]
    assert run_["tool"]["driver"]["rules"][0]["shortDescription"]["text"] == krx.rules[0].title["ko"]
    assert run_["results"][0]["message"]["text"] == "원본액 65억원으로 70억원에 미달합니다."


# --- JUnit ----------------------------------------------------------------------------------------

def test_junit_has_a_suite_per_product_and_a_case_per_rule(in_repository: Path, krx,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--format", "junit", *EXAMPLES)
    assert status == 1
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == EXAMPLES
    failing = dict(failing_rules(capsys, *EXAMPLES))
    for suite in suites:
        cases = suite.findall("testcase")
        assert [c.get("name") for c in cases] == [rule.id for rule in krx.rules]
        assert {c.get("classname") for c in cases} == {suite.get("name")}
        failures = [c.get("name") for c in cases if c.find("failure") is not None]
        assert failures == ([failing[suite.get("name")]] if suite.get("name") in failing else [])
        skipped = [c for c in cases if c.find("skipped") is not None]
        assert int(suite.get("skipped")) == len(skipped) > 0
    assert int(root.get("tests")) == len(EXAMPLES) * len(krx.rules)
    assert int(root.get("failures")) == len(FAILING)


def test_junit_failure_explains_itself(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--format", "junit", "examples/failing/narrow-index-single-issue/product.yaml")
    case = ET.fromstring(out).find(".//testcase[@name='krx.index.single_issue_weight']")
    assert case is not None
    failure = case.find("failure")
    assert failure is not None and failure.get("message", "").startswith("예시반도체01 (864910) weighs 34.98%")
    assert "examples/failing/narrow-index-single-issue/constituents.csv:4:1" in (failure.text or "")
    assert "KRX ETF listing requirements: weight of a single issue" in (failure.text or "")


def test_junit_error_results_and_unreadable_files(tmp_path: Path, in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    builders.write(tmp_path, builders.product(units=None))
    status, out, _ = run(capsys, "--format", "junit", "product.yaml", "missing.yaml")
    assert status == 2
    root = ET.fromstring(out)
    error = root.find(".//testcase[@name='krx.size.units']/error")
    assert error is not None and error.get("message") == "Cannot be decided: product.units is not given"
    unreadable = root.find("testsuite[@name='missing.yaml']/testcase/error")
    assert unreadable is not None and "missing.yaml:1:1: no such file" in (unreadable.text or "")
    assert root.get("errors") == "2"


# --- GitHub annotations ---------------------------------------------------------------------------

def test_github_prints_one_annotation_per_failing_rule(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--format", "github", *EXAMPLES)
    assert status == 1
    lines = out.splitlines()
    expected = failing_rules(capsys, *EXAMPLES)
    assert len(lines) == len(expected) == len(FAILING)
    for line, (_, rule) in zip(lines, expected):
        match = re.fullmatch(r"::error file=([^,]+),line=(\d+),col=(\d+),title=([^:]+)::(.+)", line)
        assert match, line
        assert match.group(4) == rule
        assert Path(match.group(1)).exists()


def test_github_prints_nothing_for_an_eligible_product(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--format", "github", PASSING)[:2] == (0, "")


def test_github_escapes_as_the_runner_expects() -> None:
    line = annotation(Location("a,b:c.yaml", 3, 4), "rule:1", "50% done\r\nnext")
    assert line == "::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=rule%3A1::50%25 done%0D%0Anext"


# --- Markdown -------------------------------------------------------------------------------------

def test_markdown_summarises_for_a_pull_request(in_repository: Path, krx, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--format", "markdown", PASSING, "examples/failing/pdf-missing-large-constituents/product.yaml")
    assert status == 1
    assert out.startswith("## ETF listing check\n\n1 of 2 products eligible\n")
    assert "### ✔ 예시 코리아밸류업 ETF: eligible" in out
    assert "### ✘ 예시 코리아밸류업 ETF: not eligible" in out
    rows = [line for line in out.splitlines() if re.match(r"\| [✔✘–!] \| `krx\.", line)]
    assert len(rows) == 2 * len(krx.rules)
    assert "| ✘ | `krx.pdf.market_cap_coverage` | PDF holds index issues making up at least 95%" in out
    assert "  - 삼성전자 (005930) 25.54% · `examples/indices/korea-value-up/constituents.csv:5:1`" in out


def test_the_markdown_summary_counts_rules_at_risk(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    products = sorted(str(p.relative_to(in_repository)) for p in (in_repository / "examples" / "watch").glob("*/product.yaml"))
    for fail_on in ((), ("--fail-on", "at_risk")):
        status, out, _ = run(capsys, "watch", "--format", "markdown", *fail_on, *products)
        assert status == 1  # two products fail either way
        assert "| | file | product | verdict | pass | at risk | fail | error | n/a |" in out
        # each row adds up to the product's five rules; the at-risk count is what --fail-on reads
        assert ("| ✔ | `examples/watch/lp-left/product.yaml` | 예시 고배당 밸류업 ETF | eligible | 3 | 2 | 0 | 0 | 0 |"
                in out)
        assert "| ✔ | `examples/watch/healthy-passive/product.yaml` | 예시 코리아밸류업 ETF | eligible | 5 | 0 | 0 | 0 | 0 |" in out


def test_markdown_escapes_what_users_wrote(tmp_path: Path, in_tmp: Path) -> None:
    report = builders.check(tmp_path, builders.product(name="Pipe | and <b>tag</b>", units=1))
    text = render([report], format="markdown")
    assert "### ✘ Pipe \\| and &lt;b>tag&lt;/b>: not eligible" in text
    assert "<b>" not in text


# --- every format, and where it goes -------------------------------------------------------------

@pytest.mark.parametrize("format", list(REPORTERS))
def test_every_format_is_byte_identical_across_runs(format: str, in_repository: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    first = run(capsys, "--format", format, *EXAMPLES)
    assert first[1] and run(capsys, "--format", format, *EXAMPLES) == first


def test_output_writes_the_report_to_a_file(in_repository: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.sarif"
    status, out, err = run(capsys, "--format", "sarif", "--output", str(target), *EXAMPLES, "examples/missing.yaml")
    assert status == 2 and out == ""
    assert "examples/missing.yaml:1:1: no such file" in err  # problems still go to standard error
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_output_that_cannot_be_written(in_repository: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "--output", str(tmp_path / "no" / "such" / "dir" / "r.txt"), PASSING)
    assert status == 2 and out == ""
    assert f"{tmp_path}/no/such/dir/r.txt:1:1: cannot be written" in err
