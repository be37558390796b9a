"""A place among the last is left unfilled, its company ``not_selected`` with an ``error``, only where
the figures not given could really put the company on either side of the line. Each case below is
screened with the figure (or flag) left out, then once for every value it could take that changes
the order (a flag both ways; an amount at, between, above and below every other company's), each
completion screened in full: a company the screen selects is selected in every completion, one it
leaves out by its rank in none, and one whose place it leaves unfilled is selected in some and not
in others.

Within one industry group the rank ratios share their denominator, whoever is in, so they follow
the ROE: a rival of the company's own group that ties on ROE and is smaller comes after it in or
out, and one with a lower ROE comes after it whatever market cap it would have."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from etf_listing.loading.universe import load_universe
from etf_listing.screening.evaluate import ScreenReport, screen
from etf_listing.screening.methodology import Methodology, load_methodology

from ..conftest import REPOSITORY as ROOT
from .builders import company, universe_file, value_up

SELECTION = "valueup.stage.capital_efficiency"


def _methodology(folder: Path, places: int, cap_rank_limit: int) -> Methodology:
    """The Value-up methodology with fewer places and a nearer market-cap line, so that every
    completion of a small universe can be screened."""
    text = (ROOT / "rules" / "krx" / "korea-value-up-index.yaml").read_text(encoding="utf-8")
    text, one = re.subn(r"(constituent_count:\n    value:) 100\n", rf"\g<1> {places}\n", text)
    text, two = re.subn(r"(market_cap_rank_limit:\n    value:) 400\n", rf"\g<1> {cap_rank_limit}\n", text)
    assert one == two == 1
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "methodology.yaml"
    path.write_text(text, encoding="utf-8")
    return load_methodology(str(path))


def _screen(folder: Path, rows: list[dict[str, Any]], methodology: Methodology) -> ScreenReport:
    return screen(load_universe(str(universe_file(folder, rows))), methodology)


def _unfilled(report: ScreenReport) -> list[str]:
    """The companies whose place the selection could not tell (not_selected, an error there)."""
    return sorted(code for code, o in report.companies.items()
                  if o.status == "not_selected" and o.stopped_at == SELECTION and o.undecided)


def _completions(code: str, field: str, rows: list[dict[str, Any]]) -> list[Any]:
    """Every value of ``field`` that could change the order: for a flag both; for an amount each
    other company's, one between each two, one above and one below them all."""
    if field in ("administrative_issue", "investment_caution", "under_review", "capital_impaired"):
        return ["true", "false"]
    others = sorted({int(row[field]) for row in rows if row["code"] != code and row[field] != ""})
    between = [(a + b) // 2 for a, b in zip(others, others[1:]) if b - a > 1]
    return sorted({others[0] // 2, *others, *between, others[-1] * 2})


def _assert_exact(folder: Path, rows: list[dict[str, Any]], code: str, field: str,
                  methodology: Methodology) -> ScreenReport:
    """Screen ``rows`` with ``code``'s ``field`` left out, and with every completion of it: what
    the screen decided holds in every completion, and what it left open goes both ways."""
    blank = [dict(row, **({field: ""} if row["code"] == code else {})) for row in rows]
    report = _screen(folder / "blank", blank, methodology)
    selected_in: dict[str, set[bool]] = {other: set() for other in report.companies}
    for n, value in enumerate(_completions(code, field, rows)):
        filled = [dict(row, **({field: value} if row["code"] == code else {})) for row in rows]
        given = _screen(folder / f"filled-{n}", filled, methodology)
        assert not _unfilled(given), value
        for other in selected_in:
            selected_in[other].add(given.companies[other].status == "selected")
    for other, outcome in report.companies.items():
        if outcome.status == "selected":
            assert selected_in[other] == {True}, other
        elif not outcome.undecided:
            assert selected_in[other] == {False}, other
    for other in _unfilled(report):
        assert selected_in[other] == {True, False}, other
    return report


def _group(count: int, *, roe_step: str = "0.001", group: str = "IT") -> list[dict[str, Any]]:
    """``count`` companies of one group, the first the largest, each ROE ``roe_step`` below the
    one before (0: all equal)."""
    step = float(roe_step)
    return [company(f"{100001 + i:06d}", 10**15 - i * 10**12, industry_group=group,
                    roe_y1=f"{0.30 - i * step:.4f}", roe_y2=f"{0.30 - i * step:.4f}") for i in range(count)]


# --- the 100 places of the Value-up Index: a rival of the 100th's own group, flag not given -------

def test_a_rival_that_ties_the_100th_on_roe_but_is_smaller_comes_after_it_in_or_out(tmp_path: Path) -> None:
    rows = _group(101, roe_step="0.001")
    rows.append(company("100102", 10**11, roe_y1=rows[99]["roe_y1"], roe_y2=rows[99]["roe_y2"]))
    report = _assert_exact(tmp_path, rows, "100102", "administrative_issue", value_up())
    assert report.companies["100100"].status == "selected"
    assert report.companies["100101"].status == "not_selected" and not report.companies["100101"].undecided
    assert len(report.selected) == 100
    assert not [n for n in report.notices if "cannot be told" in n.en]


def test_a_rival_when_every_roe_is_equal_ties_every_company_and_is_the_smallest(tmp_path: Path) -> None:
    rows = _group(101, roe_step="0")
    rows.append(company("100102", 10**11, roe_y1=rows[0]["roe_y1"], roe_y2=rows[0]["roe_y2"]))
    report = _assert_exact(tmp_path, rows, "100102", "administrative_issue", value_up())
    assert report.companies["100100"].status == "selected" and len(report.selected) == 100


def test_a_rival_larger_than_the_100th_at_the_same_roe_could_take_its_place(tmp_path: Path) -> None:
    rows = _group(101, roe_step="0.001")
    rows.append(company("100102", rows[99]["market_cap_krw"] + 1, roe_y1=rows[99]["roe_y1"], roe_y2=rows[99]["roe_y2"]))
    report = _assert_exact(tmp_path, rows, "100102", "administrative_issue", value_up())
    assert _unfilled(report) == ["100100"] and len(report.selected) == 99


def test_a_rival_one_roe_step_below_the_100th_comes_after_it_whatever_its_size(tmp_path: Path) -> None:
    rows = _group(101, roe_step="0.001")
    rows.append(company("100102", 10**16, roe_y1=rows[100]["roe_y1"], roe_y2=rows[100]["roe_y2"]))
    report = _assert_exact(tmp_path, rows, "100102", "administrative_issue", value_up())
    assert report.companies["100100"].status == "selected" and len(report.selected) == 100
    # one step above the 100th (the 99th's ROE): it comes before it, however small
    rows[-1].update(market_cap_krw=10**11, roe_y1=rows[98]["roe_y1"], roe_y2=rows[98]["roe_y2"])
    report = _assert_exact(tmp_path / "above", rows, "100102", "administrative_issue", value_up())
    assert _unfilled(report) == ["100100"]


# --- a market cap not given: the order's second key, at every value it could take ----------------

def test_a_rival_without_its_market_cap_but_a_lower_roe_comes_after_every_company_of_its_group(tmp_path: Path) -> None:
    """The rival lacks its market cap (stage 1 cannot rank it): its ROE, lower than all, places it
    last of its group whatever its size. Five places, a market-cap line at 8."""
    methodology = _methodology(tmp_path / "rules", places=5, cap_rank_limit=8)
    rows = _group(6)
    rows.append(company("100007", 10**12, roe_y1="0.01", roe_y2="0.01"))
    report = _assert_exact(tmp_path, rows, "100007", "market_cap_krw", methodology)
    assert report.companies["100007"].undecided
    assert report.selected == ["100001", "100002", "100003", "100004", "100005"]


def test_a_market_cap_not_given_at_the_stage_1_line_and_at_the_last_place(tmp_path: Path) -> None:
    """All ROEs equal, so the market cap orders the selection; ten companies for a line at 8 and
    five places, the last lacking its market cap: with a large one it passes stage 1 (the 8th is
    then 9th, out) and comes first, pushing the 5th out; with a small one it fails. Only the 5th is
    unfilled: the 8th at stage 1 could not come before the 5th, and the 4th has only one rival that
    could come before it."""
    methodology = _methodology(tmp_path / "rules", places=5, cap_rank_limit=8)
    rows = _group(10, roe_step="0")
    report = _assert_exact(tmp_path, rows, "100010", "market_cap_krw", methodology)
    assert _unfilled(report) == ["100005"]
    assert report.selected == ["100001", "100002", "100003", "100004"]
    assert report.companies["100008"].steps["valueup.stage.market_cap"].status == "error"


def test_a_rival_of_another_group_is_placed_by_its_best_rank_ratio(tmp_path: Path) -> None:
    """Across groups each rank ratio has its own group's denominator. Five places; IT ranks 1/5 to
    5/5, and Energy's one company 1/1, smaller than IT's 5th (the tie at 1 goes to IT's 5th). A
    rival of Energy's with a higher ROE would rank 1/2 there, before IT's 3rd: IT's 5th would be
    6th. Its place is unfilled; IT's 4th is selected either way."""
    methodology = _methodology(tmp_path / "rules", places=5, cap_rank_limit=8)
    rows = _group(5) + [company("200001", 10**11, industry_group="Energy", roe_y1="0.05", roe_y2="0.05"),
                        company("200002", 10**11, industry_group="Energy", roe_y1="0.06", roe_y2="0.06")]
    report = _assert_exact(tmp_path, rows, "200002", "administrative_issue", methodology)
    assert _unfilled(report) == ["100005"]
    assert report.selected == ["100001", "100002", "100003", "100004"]
