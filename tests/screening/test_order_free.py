"""The screen is order-free: the same selection, and the same bytes, whatever the row order."""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from etf_listing.loading.universe import load_universe
from etf_listing.reporting.screen_json import render_json
from etf_listing.screening.evaluate import screen

from ..conftest import EXAMPLES
from .builders import company, universe_file, value_up


def report_bytes(rows: list[dict[str, Any]]) -> str:
    with tempfile.TemporaryDirectory() as folder:
        here = os.getcwd()
        os.chdir(folder)
        try:
            universe_file(Path("."), rows)
            return render_json([screen(load_universe("universe.yaml"), value_up())])
        finally:
            os.chdir(here)


companies = st.lists(
    st.builds(
        lambda n, cap, pbr, roe, group, market, early: company(
            f"{n:06d}", cap * 10**9, pbr_y1=str(pbr), pbr_y2=str(pbr), roe_y1=f"{roe}%", roe_y2=f"{roe}%",
            industry_group=group, market=market, value_up_disclosed_on="2024-09-01" if early else ""),
        st.integers(1, 999_999), st.integers(1, 50), st.integers(1, 6), st.integers(-5, 30),
        st.sampled_from(["IT", "energy", "materials"]), st.sampled_from(["KOSPI", "KOSDAQ"]), st.booleans()),
    min_size=8, max_size=40, unique_by=lambda row: row["code"])


@settings(max_examples=25, deadline=None)
@given(companies, st.randoms(use_true_random=False))
def test_shuffling_the_rows_changes_nothing(rows: list[dict[str, Any]], rng: random.Random) -> None:
    shuffled = list(rows)
    rng.shuffle(shuffled)
    assert report_bytes(shuffled) == report_bytes(rows)


def test_the_example_universe_gives_the_same_bytes_reversed(tmp_path: Path) -> None:
    lines = (EXAMPLES / "value-up-screen" / "companies.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    forward, backward = tmp_path / "forward", tmp_path / "backward"
    for folder, body in ((forward, lines[1:]), (backward, lines[:0:-1])):
        folder.mkdir()
        (folder / "companies.csv").write_text(lines[0] + "".join(body), encoding="utf-8")
        (folder / "universe.yaml").write_text(
            "kind: index-universe\nschema_version: 1\nname: example\nas_of: 2024-09-23\ncompanies: companies.csv\n", encoding="utf-8")
    texts = []
    for folder in (forward, backward):
        report = screen(load_universe(str(folder / "universe.yaml")), value_up())
        texts.append(render_json([report]).replace(str(folder), "UNIVERSE"))
    assert texts[0] == texts[1]
