"""A fail or an at_risk gives the figure that decided it: never a passing one with room to spare."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from etf_listing.cli import main

from .builders import product, watch, weekdays, write_product
from .test_watch_rules import _disparity, _tracking

SIZE, DISPARITY, TRACKING = "krx.watch.size", "krx.watch.disparity_disclosure", "krx.watch.tracking_correlation"
BN = Decimal(10) ** 9
ENDS = (dt.date(2025, 6, 30), dt.date(2025, 12, 31), dt.date(2026, 6, 30))


def _sized(last: Decimal):
    """KRW 4bn at two half-year ends (the delisting condition, which stands), ``last`` at the third."""
    values = dict(zip(ENDS, (Decimal(4) * BN, Decimal(4) * BN, last)))
    return product(days=list(ENDS), navs=[Decimal(100)] * 3, net_assets=[values[d] for d in ENDS],
                   principal=[values[d] for d in ENDS], listed_on=dt.date(2024, 3, 4), as_of=dt.date(2026, 11, 30))


@pytest.mark.parametrize("last", [Decimal(60) * BN, Decimal(5) * BN])  # far above the line, and exactly at it
def test_a_size_fail_that_stands_gives_the_failing_half_year_end_s_figure(last: Decimal) -> None:
    # it gave the passing figure of 2026-06-30: observed KRW 60bn, headroom KRW 55bn on a fail
    result = watch(_sized(last), rule=SIZE)
    assert result.status == "fail" and result.clock["delisting_from"] == dt.date(2025, 12, 31)
    assert (result.observed, result.threshold, result.headroom) == (Decimal(4) * BN, Decimal(5) * BN, -BN)
    assert [i.identity["date"] for i in result.items] == ["2025-06-30", "2025-12-31"]


def test_a_size_pass_after_release_gives_its_own_figure_and_headroom() -> None:
    # the figure of the evaluation date where it decides: KRW 4bn once, then KRW 60bn released the designation
    values = {ENDS[0]: Decimal(4) * BN, ENDS[1]: Decimal(60) * BN}
    prod = product(days=list(ENDS[:2]), navs=[Decimal(100)] * 2, net_assets=[values[d] for d in ENDS[:2]],
                   principal=[values[d] for d in ENDS[:2]], listed_on=dt.date(2024, 3, 4), as_of=dt.date(2026, 1, 5))
    result = watch(prod, rule=SIZE)
    assert (result.status, result.observed, result.headroom) == ("pass", Decimal(60) * BN, Decimal(55) * BN)


def test_a_disparity_at_risk_gives_the_failing_day_s_disparity_not_the_last_day_s() -> None:
    result = watch(_disparity(["10000", "10100", "10000"]), rule=DISPARITY)
    assert result.status == "at_risk"
    assert (result.observed, result.threshold, result.headroom) == (Decimal("0.01"), Decimal("0.01"), Decimal(0))
    assert [i.identity["date"] for i in result.items] == ["2026-03-03"]


def test_a_run_whose_last_day_has_no_figure_shows_its_last_figure_not_a_dash() -> None:
    """Below the line, then a NAV that stops moving (no figure, not for missing rows): the run goes
    on, and the message gives the last figure below the line with its day, not '-'."""
    below = _tracking(w3=Decimal("0.0101"))
    rows = below.history
    days = weekdays(rows[-1].date + dt.timedelta(days=1), 70)
    flat = tuple(dataclasses.replace(rows[-1], date=d) for d in days)
    moving = [Decimal(1010) if i % 2 == 0 else Decimal(1000) for i in range(len(days))]
    levels = below.index.levels + tuple(dataclasses.replace(below.index.levels[-1], date=d, level=v)
                                        for d, v in zip(days, moving))
    prod = dataclasses.replace(below, history=rows + flat, as_of=days[-1],
                               underlying=dataclasses.replace(below.underlying, index=dataclasses.replace(below.index, levels=levels)))
    result = watch(prod, rule=TRACKING)
    assert result.status in ("at_risk", "fail")
    assert result.observed is not None and result.observed < Decimal("0.9") and result.headroom < 0
    en = result.message["en"]
    assert "(- on" not in en and f"No figure on {days[-1]}" in en
    assert f" on {days[-1]})" not in en  # the figure is not dated on the day without one


def test_every_format_gives_the_deciding_figure_of_a_standing_size_fail(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    history = "date,nav_per_unit,net_assets_krw,principal_krw,close_price\n" + "".join(
        f"{day},100,{figure},{figure},\n" for day, figure in zip(ENDS, ("4000000000", "4000000000", "60000000000")))
    path = write_product(tmp_path, "name: 작은 ETF\nissuer: 운용사\nas_of: 2026-11-30\nlisted_on: 2024-03-04\n"
                         "rulebook: krx-etf-continued-listing\nfund_form: trust\nmanagement: passive\nleverage: 1\n"
                         "underlying_market: domestic\nunderlying: {index: index.yaml, license_signed: true}\n"
                         "participants:\n  - {name: LP, authorized_participant: true, lp_contract: true}\n"
                         "history: history.csv\n", history=history, levels="date,level\n2026-11-27,1000\n")
    main(["watch", "--format", "json", str(path)])
    (size,) = [r for r in json.loads(capsys.readouterr().out)["reports"][0]["results"] if r["rule"] == SIZE]
    assert (size["status"], size["observed"], size["headroom"]) == ("fail", "4000000000", "-1000000000")
    main(["watch", "--format", "sarif", str(path)])
    (found,) = [r for r in json.loads(capsys.readouterr().out)["runs"][0]["results"] if r["ruleId"] == SIZE]
    assert found["properties"]["observed"] == "4000000000"
    for fmt in ("html", "markdown", "text", "junit", "github"):
        main(["watch", "--format", fmt, str(path)])
        out = capsys.readouterr().out
        assert "60bn" not in out and "60,000,000,000" not in out and "55bn" not in out, fmt
