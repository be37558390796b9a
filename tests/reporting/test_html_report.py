"""The HTML report (``--format html``) as a file: one page for the run, every rule of every product,
the charts its results call for with their tables, nothing to fetch, every input string escaped,
the same bytes for the same inputs, thresholds from the rulebook, and Jinja2 loaded only for it.
What a browser makes of the page is in test_html_in_browser."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from etf_listing.api import render
from etf_listing.cli import main
from etf_listing.evaluation import evaluate
from etf_listing.loading.load import Loader
from etf_listing.reporting.html import css_string

from .. import builders
from ..conftest import REPOSITORY
from ..command_line.test_examples import FAILING, PASSING

EXAMPLES = [PASSING, *(f"examples/failing/{v}/product.yaml" for v in sorted(FAILING))]


def html(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["--format", "html", *args])
    return status, capsys.readouterr().out


def section(page: str, anchor: str) -> str:
    start = page.index(f'<section class="product" id="{anchor}"')
    end = page.find('<section class="product"', start + 1)
    return page[start:end if end >= 0 else len(page)]


def test_one_page_with_a_summary_linking_to_a_section_per_product(
        in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, page = html(capsys, *EXAMPLES)
    assert status == 1  # the exit status is the check's, whatever the format
    assert page.startswith("<!DOCTYPE html>") and page.count("<html") == 1
    for n, file in enumerate(EXAMPLES, start=1):
        assert f'href="#p{n}"' in page and f'id="p{n}"' in page
        assert file in section(page, f"p{n}")
    for n, rule in enumerate(builders.ALL_RULES):  # every rule, in every section
        assert page.count(f"<code>{rule}</code>") == len(EXAMPLES), rule


def test_a_failing_rule_shows_its_figures_headroom_citation_position_and_offenders(
        in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, page = html(capsys, "examples/failing/narrow-index-single-issue/product.yaml")
    result = page[page.index('id="p1-krx.index.single_issue_weight"'):]
    result = result[:result.index("</tbody>")]
    assert "status-fail" in result[:200]
    assert "at most 30.00%" in result  # operator and threshold
    assert "points above 30.00%" in result  # headroom: how far over
    assert "KRX ETF listing requirements: weight of a single issue" in result  # citation
    assert re.search(r"examples/failing/narrow-index-single-issue/constituents\.csv:\d+:\d+", result)  # position
    assert 'class="offenders"' in result and "예시반도체01 (864910)" in result


def test_charts_come_with_a_title_a_description_and_a_table_of_their_figures(
        in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, page = html(capsys, "examples/failing/narrow-index-single-issue/product.yaml")
    figures = re.findall(r'<figure class="chart-figure".*?</figure>', page, re.S)
    titles = [re.search(r"<title id=[^>]*>(.*?)</title>", f).group(1) for f in figures]  # type: ignore[union-attr]
    assert titles[:2] == ["Single issue weight at most 30%", "Cumulative market-cap share by rank"]
    assert "Shares against their floors" in titles and "Figures against their thresholds" in titles
    for figure in figures:
        svg = re.search(r"<svg [^>]*>", figure).group(0)  # type: ignore[union-attr]
        assert 'role="img"' in svg and "aria-labelledby" in svg
        assert "<desc id=" in figure and '<table class="figures">' in figure
    weights = figures[0]
    assert re.search(r'<g class="row offender"><text class="label"[^>]*>예시반도체01 \(864910\)</text>', weights)
    assert '<tr class="offender"><td>1</td><td>예시반도체01 (864910)</td>' in weights  # the same figure, in the table
    assert 'class="limit-label"' in weights and ">30.00%</text>" in weights


def test_the_cumulative_chart_marks_the_cut_and_the_offenders_within_it(
        in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, page = html(capsys, "examples/failing/illiquid-small-constituents/product.yaml")
    figure = next(f for f in re.findall(r'<figure class="chart-figure".*?</figure>', page, re.S)
                  if "Cumulative market-cap share" in f)
    assert "cut 85.00%" in figure
    assert figure.count('class="dot offender"') >= 1
    offenders = re.findall(r'<tr class="offender">(.*?)</tr>', figure)
    assert offenders and all("✘" in row for row in offenders)
    assert "KRW 15bn" in figure and "KRW 100,000,000" in figure  # both thresholds, from the results


def test_thresholds_come_from_the_rulebook(in_repository: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    text = (REPOSITORY / "rules/krx/etf-listing.yaml").read_text(encoding="utf-8")
    changed = text.replace("max_single_issue_weight:\n    value: 0.30", "max_single_issue_weight:\n    value: 0.27")
    assert changed != text
    rulebook = tmp_path / "rulebook.yaml"
    rulebook.write_text(changed, encoding="utf-8")
    _, page = html(capsys, "--rules", str(rulebook), PASSING)
    weights = re.search(r'<figure class="chart-figure".*?</figure>', page, re.S).group(0)  # type: ignore[union-attr]
    assert ">27.00%</text>" in weights and "30.00%" not in weights


def test_other_rulebooks_get_their_results_and_issuer_weight_charts(
        in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, page = html(capsys, "--rules", "ucits-diversification", "examples/ucits/failing/issuer-above-ten/product.yaml")
    assert status == 1
    assert "<code>ucits.art52.issuer_limit</code>" in page
    figure = next(f for f in re.findall(r'<figure class="chart-figure".*?</figure>', page, re.S)
                  if 'class="row offender"' in f)
    assert "10.00%" in figure  # the limit line, from the rulebook
    _, page = html(capsys, "--rules", "sebi-equity-etf-index", "examples/sebi/failing/top-three-above-65/product.yaml")
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in page


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;"\'</style>'


def test_names_from_input_files_are_text_never_markup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    issues = builders.stocks(10)
    issues[0] = builders.stock("S01", 9000 * builders.EOK, name=HOSTILE)  # the offender of the 30% cap
    document = builders.product(builders.index(issues), name=HOSTILE, issuer=HOSTILE)
    document["participants"] = [builders.participant(HOSTILE, ap=True, lp=False)]  # the LP rule's offender
    (tmp_path / "hostile").mkdir()
    file = builders.write(tmp_path / "hostile", document)
    status, page = html(capsys, "--root", str(tmp_path), str(file))
    assert status == 1
    assert "<script" not in page and "<img" not in page and "onerror=alert" not in page.replace("onerror=alert(1)&gt;", "")
    assert page.count("</style>") == 1
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert page.count(escaped) >= 4  # summary, heading, offenders, the chart's label and table
    assert "&lt;script&gt;alert(&quot;x&quot;)" in page or "&lt;script&gt;alert(&#34;x&#34;)" in page
    assert re.search(r"@page product1 \{ @top-left \{ content: \"\\3c script\\3e alert", page)


def test_a_css_string_cannot_be_ended_from_inside() -> None:
    assert css_string('a"; } body { display: none } </style>') == \
        '"a\\22 \\3b  \\7d  body \\7b  display: none \\7d  \\3c /style\\3e "'


def test_nothing_is_fetched_nor_run(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, page = html(capsys, *EXAMPLES)
    assert re.findall(r"https?://[^\"' )]+", page) == ["http://www.w3.org/2000/svg"] * page.count("<svg ")  # a namespace name
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b|@import|url\(|src=", page, re.I)
    assert set(re.findall(r'href="([^"#][^"]*)"', page)) == set()  # links stay on the page


def test_the_same_inputs_give_the_same_bytes_whatever_the_row_order(tmp_path: Path) -> None:
    issues = builders.stocks(12)
    issues[0] = builders.stock("S01", 8000 * builders.EOK)
    pages = []
    for n, rows in enumerate((issues, list(reversed(issues)))):
        (tmp_path / str(n)).mkdir()
        file = builders.write(tmp_path / str(n), builders.product(builders.index(rows)))
        report = evaluate(Loader(root=str(tmp_path)).load_product(str(file)), builders.load_rulebook(), builders.AS_OF)
        pages.append(render([report], format="html").replace(f"/{n}/", "/N/"))
    assert pages[0] != pages[1]  # the positions of the rows in the file differ, as they should
    positions = re.compile(r"constituents\.csv:\d+:\d+")
    assert positions.sub("", pages[0]) == positions.sub("", pages[1])
    assert render([report], format="html", lang="ko") == render([report], format="html", lang="ko")


def test_the_korean_page_reads_in_korean(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, page = html(capsys, "--lang", "ko", "examples/failing/narrow-index-single-issue/product.yaml")
    assert '<html lang="ko">' in page
    for words in ("ETF 상장 요건 검사", "상장 요건 미충족", "단일 종목 비중 30% 이하", "순위별 누적 시가총액 비중", "비율과 하한", "위반"):
        assert words in page, words


def test_the_text_path_does_not_load_jinja2_nor_the_html_reporter(in_repository: Path) -> None:
    script = ("import sys; from etf_listing.cli import main; main(['examples/value-up-passive/product.yaml']); "
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'markupsafe') "
              "or m.startswith('etf_listing.reporting.html')))")
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert shown.stdout.strip().splitlines()[-1] == "[]"


WITHOUT_JINJA2 = "import sys; sys.modules['jinja2'] = None; from etf_listing.cli import main; sys.exit(main({args!r}))"


@pytest.mark.parametrize("lang, message", [
    ("en", "etf-check: error: the HTML report needs Jinja2, which is not installed: pip install 'etf-listing[html]'"),
    ("ko", "etf-check: error: HTML 보고서에는 Jinja2가 필요하지만 설치되어 있지 않습니다: pip install 'etf-listing[html]'"),
])
def test_without_jinja2_the_command_says_how_to_install_it(in_repository: Path, lang: str, message: str) -> None:
    args = ["--format", "html", "--lang", lang, "examples/value-up-passive/product.yaml"]
    ran = subprocess.run([sys.executable, "-c", WITHOUT_JINJA2.format(args=args)], capture_output=True, text=True)
    assert ran.returncode == 2
    assert ran.stderr.strip() == message and ran.stdout == ""


def test_without_jinja2_the_library_says_how_to_install_it(in_repository: Path) -> None:
    script = ("import sys; sys.modules['jinja2'] = None\n"
              "from etf_listing import Loader, evaluate, load_rulebook, render\n"
              "report = evaluate(Loader().load_product('examples/value-up-passive/product.yaml'), load_rulebook())\n"
              "try:\n    render([report], format='html')\nexcept ImportError as error:\n    print(error)\n")
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "the HTML report needs Jinja2, which is not installed: pip install 'etf-listing[html]'"


def test_an_index_shared_by_products_is_charted_once_and_pointed_to(
        in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shared = [PASSING, "examples/failing/ap-without-lp-contract/product.yaml"]  # the same index file
    _, page = html(capsys, *shared, "examples/failing/narrow-index-single-issue/product.yaml")
    first, second, other = section(page, "p1"), section(page, "p2"), section(page, "p3")
    assert first.count('<figure class="chart-figure"') == 6
    assert re.findall(r'<p class="see" id="p2-c\d+"><strong>[^<]*</strong>: [^<]*<a href="#(p1-c\d+)">', second) == \
        ["p1-c1", "p1-c2", "p1-c3", "p1-c4"]  # weights, cumulative share, market cap, trading value
    assert second.count('<figure class="chart-figure"') == 2  # its own PDF shares and figures
    assert 'class="see"' not in other and other.count('<figure class="chart-figure"') == 6
    assert "Shares against their floors" in second and "A liquidity-provider contract" in second


def test_near_misses_are_marked_in_the_rules_and_the_chart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "near").mkdir()
    file = builders.write(tmp_path / "near", builders.product(principal_krw="72억원"))  # within 10% of KRW 7bn
    status, page = html(capsys, "--root", str(tmp_path), str(file))
    assert status == 0
    principal = page[page.index('id="p1-krx.size.principal"'):]
    assert 'class="result result-pass near"' in page and '<span class="near-miss">near miss</span>' in principal[:400]
    figures = next(f for f in re.findall(r'<figure class="chart-figure".*?</figure>', page, re.S)
                   if "Figures against their thresholds" in f)
    assert re.search(r'<g class="row near"><text class="label"[^>]*>Principal \(or capital\) at least KRW 7bn</text>', figures)
    assert "<td>KRW 7.2bn</td><td>KRW 7bn</td><td>KRW 200,000,000 above KRW 7bn</td><td>pass · near miss</td>" in figures
    assert "4 near miss(es) drawn in amber" in figures  # the principal; 10 issues, 1 AP, 1 LP: at their minimum
