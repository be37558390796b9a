"""A company stopped by a figure not given might still be in: every ranking after it is decided
with it in and out, and only what holds both ways is a verdict. One that surely fails a later stage
is surely out from there. The property test leaves figures out of random universes and fills them
in every way: nothing the screen decided may change."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from .builders import company, screened, status

VALUATION = "valueup.stage.valuation"


def _four(**m: Any) -> list[dict[str, Any]]:
    # PBR 4, 3, 2, 1 (the higher ranks first): B's rank ratio is 2/4, exactly the 50% line; M lacks
    # its year-1 dividend, so stage 3 cannot tell whether M reaches stage 4
    rows = [company(code, 10**12 - i * 10**9, pbr_y1=pbr, pbr_y2=pbr) for i, (code, pbr) in
            enumerate([("A00001", "4"), ("B00002", "3"), ("C00003", "2"), ("D00004", "1")])]
    return rows + [company("M00009", 10**11, **{"dividend_krw_y1": "", **m})]


def test_a_company_that_might_rank_above_makes_a_rank_ratio_at_the_line_undecided(tmp_path: Path) -> None:
    report = screened(tmp_path, _four(pbr_y1="3.5", pbr_y2="3.5"))  # with M in, B is 3rd of 5: 60%
    assert status(report, "M00009", "valueup.stage.shareholder_return") == "error"
    assert status(report, "B00002", VALUATION) == "error"
    assert report.companies["B00002"].status == "excluded" and report.companies["B00002"].undecided
    (en, _), = report.companies["B00002"].steps[VALUATION].missing
    assert "Company M00009 (M00009): dividend_krw_y1" in en
    assert status(report, "A00001", VALUATION) == "pass"  # 1/5 or 1/4: in both ways


def test_a_company_that_might_rank_below_leaves_a_rank_ratio_within_the_line(tmp_path: Path) -> None:
    report = screened(tmp_path, _four(pbr_y1="0.5", pbr_y2="0.5"))  # with M in, B is 2nd of 5: 40%
    assert status(report, "B00002", VALUATION) == "pass"
    assert report.companies["B00002"].status == "selected"
    assert status(report, "C00003", VALUATION) == "fail"  # 3/4 without M, 3/5 with it: out both ways


def test_a_company_sure_to_fail_a_stage_between_is_left_out_of_the_rankings_after(tmp_path: Path) -> None:
    # M lacks its free float (an exclusion) but made losses both years: it fails stage 2 in any case
    rows = _four(pbr_y1="3.5", pbr_y2="3.5", dividend_krw_y1=10**9, free_float_ratio="",
                 net_income_krw_y1=-1, net_income_krw_y2=-1)
    report = screened(tmp_path, rows)
    assert report.companies["M00009"].undecided
    assert status(report, "B00002", VALUATION) == "pass"
    assert report.companies["B00002"].status == "selected"


@pytest.mark.parametrize("roe, selected", [("-0.5", 100), ("0.10", 99)])
def test_a_company_stopped_earlier_competes_where_its_own_figures_place_it(tmp_path: Path, roe: str, selected: int) -> None:
    """Z lacks its free float (an exclusion). Had it passed, it would compete by its ROE: last of
    its group, it comes after every other company, and the 100 places are filled; tied at the top
    and the largest, it could come first, and the 100th place is left unfilled."""
    rows = [company(f"A{n:05d}", 10**12 - n * 10**9, industry_group="G") for n in range(100)]
    rows.append(company("Z00001", 10**13, industry_group="G", free_float_ratio="", roe_y1=roe, roe_y2=roe))
    report = screened(tmp_path, rows)
    assert report.companies["Z00001"].undecided
    assert len(report.selected) == selected
    assert (report.companies["A00099"].status == "selected") is (selected == 100)


# --- the property: random universes of 100 to 260 companies in up to five industry groups, two to
# four figures left out, each then filled in six random ways from the values that move a company
# most (both ends of each figure, and the middle)

GROUPS = ["IT", "Finance", "Energy", "Health", "Materials"]
FILLS: dict[str, list[Any]] = {
    "free_float_ratio": ["0.01", "0.10", "0.5", "1"],
    "market_cap_krw": [10**6, 5 * 10**11, 10**15],
    "trading_value_krw": [1, 10**9, 10**14],
    "net_income_krw_y1": [-10**14, 0, 10**14],
    "net_income_krw_y2": [-10**14, 0, 10**14],
    "dividend_krw_y1": [0, 10**9],
    "pbr_y1": ["0.01", "1.0", "100"],
    "pbr_y2": ["0.01", "1.0", "100"],
    "roe_y1": ["-1", "0.1", "1"],
    "roe_y2": ["-1", "0.1", "1"],
    "industry_group": [*GROUPS, "Other"],
    "listed_on": ["2000-01-04", "2024-06-01"],
}


def _universe(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for i in range(rng.randint(100, 260)):
        cap = rng.randint(10**10, 10**13)
        row = company(f"{i + 1:06d}", cap, industry_group=rng.choice(GROUPS[:rng.randint(1, 5)]),
                      free_float_ratio=rng.choice(["0.05", "0.3", "0.6"]) if rng.random() < 0.2 else "0.5",
                      trading_value_krw=rng.randint(10**8, 10**11),
                      net_income_krw_y1=rng.randint(-10**11, 10**12), net_income_krw_y2=rng.randint(-10**11, 10**12),
                      pbr_y1=f"{rng.uniform(0.1, 5):.2f}", pbr_y2=f"{rng.uniform(0.1, 5):.2f}",
                      roe_y1=f"{rng.uniform(-0.2, 0.4):.3f}", roe_y2=f"{rng.uniform(-0.2, 0.4):.3f}")
        if rng.random() < 0.05:
            row["value_up_disclosed_on"] = "2024-06-01"
        if rng.random() < 0.1:
            row["dividend_krw_y1"] = 0
        rows.append(row)
    return rows


@pytest.mark.parametrize("seed", range(30))
def test_nothing_decided_with_figures_not_given_changes_once_they_are_given(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    rows = _universe(rng)
    holes = [(rng.randrange(len(rows)), rng.choice(sorted(FILLS))) for _ in range(rng.randint(2, 4))]
    blank = [dict(row) for row in rows]
    for at, field in holes:
        blank[at][field] = ""
    report = screened(tmp_path / "blank", blank)
    decided = {code: outcome.status == "selected" for code, outcome in report.companies.items()
               if outcome.stopped_at is None or outcome.steps[outcome.stopped_at].status != "error"}
    assert len(decided) > len(rows) // 2
    for way in range(6):
        filled = [dict(row) for row in rows]
        for at, field in holes:
            filled[at][field] = rng.choice(FILLS[field])
        given = screened(tmp_path / f"filled-{way}", filled)
        changed = sorted(code for code, selected in decided.items() if (given.companies[code].status == "selected") != selected)
        assert not changed, (holes, [filled[at][field] for at, field in holes])


def test_an_inclusion_place_a_company_that_might_qualify_could_take_is_not_filled(tmp_path: Path) -> None:
    """101 early disclosers qualify for 100 places, by market cap; Z, the largest, lacks its trading
    value, so whether it qualifies cannot be told: with it, the 100th is out."""
    early = {"value_up_disclosed_on": "2024-06-01", "trading_value_krw": 10**10}
    rows = [company(f"A{n:05d}", 10**12 - n * 10**9, **early) for n in range(101)]
    rows.append(company("Z00001", 10**13, **{**early, "trading_value_krw": ""}))
    report = screened(tmp_path, rows)
    special = "valueup.special.early_disclosure"
    assert status(report, "Z00001", special) == "error"
    assert status(report, "A00098", special) == "pass" and report.companies["A00098"].status == "selected"
    assert status(report, "A00099", special) == "error" and report.companies["A00099"].status == "not_selected"
    assert report.companies["A00100"].steps[special].note == "over_places"
    assert len(report.selected) == 99
    assert any("whether A00099 is included cannot be told" in notice.en for notice in report.notices)


def test_an_undecided_inclusion_within_the_places_is_a_rival_when_others_could_push_it_out(tmp_path: Path) -> None:
    """Y, 100th by the order, might be included first (its trading value is not given); M, stopped
    at stage 3, might come before the 99th, Z. With both, Y takes a place first and Z is 100th of 99
    places left: Z is not surely selected. (A competitor surely within the places whose inclusion is
    undecided moves no one: test_value_up_stages.)"""
    def row(code: str, cap: int, group: str, roe: str, **fields: Any) -> dict[str, Any]:
        return company(code, cap, industry_group=group, pbr_y1="2", pbr_y2="2", roe_y1=roe, roe_y2=roe, **fields)
    rows = [row(f"G{i:05d}", 10**13 - i * 10**9, "G", f"{0.30 - i / 1000:.3f}") for i in range(150)]
    rows[96].update(value_up_disclosed_on="2024-06-01", trading_value_krw="")  # Y: G00096
    rows += [row(f"W{i:05d}", 10**11, "MG", "0.05") for i in range(3)]
    rows.append(row("M00000", 10**11, "MG", "0.5", dividend_krw_y1=""))
    report = screened(tmp_path, rows)
    assert report.companies["M00000"].undecided
    assert report.companies["G00095"].status == "not_selected" and report.companies["G00095"].undecided
    assert report.companies["G00094"].status == "selected"
