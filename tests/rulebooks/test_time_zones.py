"""A rulebook's ``time_zone``: the exchange's IANA zone, where the day of the run is taken for
waivers. A name the time-zone database does not hold is refused when the rulebook loads, at its
place in the rulebook's file (``tests/bad-rulebooks/`` has the misspelt one through the command
line, in both languages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from etf_listing.cli import main
from etf_listing.clock import zone_problem
from etf_listing.errors import Location
from etf_listing.rulebook import load_rulebook, shipped_rulebooks
from etf_listing.screening.methodology import load_methodology
from etf_listing.vocabulary.compiler import RulebookError

REPOSITORY = Path(__file__).resolve().parents[2]

SHIPPED_ZONES = {
    "krx-etf-listing": "Asia/Seoul",
    "krx-etf-continued-listing": "Asia/Seoul",
    "sebi-equity-etf-index": "Asia/Kolkata",
    "ucits-diversification": None,  # an EU directive: no one exchange's day (README, Waivers)
}


def test_each_shipped_rulebook_declares_its_exchange_s_zone() -> None:
    assert {name: load_rulebook(name).time_zone for name in shipped_rulebooks() if "/" not in name} == SHIPPED_ZONES
    assert load_methodology().time_zone == "Asia/Seoul"


def test_the_shipped_zones_are_zones_of_the_database() -> None:
    """A shipped rulebook's zone is looked up when its shape is recorded, not on every run: here,
    for the record's sake, every one is."""
    for zone in {*SHIPPED_ZONES.values(), load_methodology().time_zone} - {None}:
        assert zone_problem(str(zone)) is None, zone


def with_zone(tmp_path: Path, shipped: str, zone: str) -> Path:
    text = (REPOSITORY / "rules" / shipped).read_text(encoding="utf-8")
    assert "time_zone: Asia/Seoul  #" in text
    path = tmp_path / Path(shipped).name
    path.write_text(text.replace("time_zone: Asia/Seoul  #", f"time_zone: {zone}  #"), encoding="utf-8")
    return path


@pytest.mark.parametrize("zone, message, hint", [
    ("Asia/Seol", "time_zone: 'Asia/Seol' is not a time zone of the IANA database", "did you mean 'Asia/Seoul'?"),
    ("posix/Asia/Seoul", "time_zone: 'posix/Asia/Seoul' is not a time zone of the IANA database", "did you mean 'Asia/Seoul'?"),
    ("Mars/Olympus", "time_zone: 'Mars/Olympus' is not a time zone of the IANA database",
     "an IANA name, such as Asia/Seoul, Asia/Kolkata, Europe/Luxembourg"),
    ("localtime", "time_zone: 'localtime' is the machine's own zone, not an exchange's",
     "leave time_zone out to judge waivers on the machine's local date"),
])
def test_a_zone_the_database_does_not_hold_is_refused_at_load_at_its_place(tmp_path: Path, zone: str, message: str,
                                                                             hint: str) -> None:
    path = with_zone(tmp_path, "krx/etf-listing.yaml", zone)
    with pytest.raises(RulebookError) as refused:
        load_rulebook(str(path))
    (problem,) = refused.value.problems
    assert (problem.location, problem.message, problem.hint) == (Location(str(path), 8, 12), message, hint)
    assert problem.ko and problem.hint_ko and any("\uac00" <= ch <= "\ud7a3" for ch in problem.ko + problem.hint_ko)


def test_the_continued_listing_check_refuses_a_misspelt_zone_too(tmp_path: Path, in_repository: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = with_zone(tmp_path, "krx/etf-continued-listing.yaml", "Asia/Seol")
    assert main(["watch", "--rules", str(path), "examples/watch/small-designated/product.yaml"]) == 2
    out, err = capsys.readouterr()
    assert err == f"{path}:8:12: time_zone: 'Asia/Seol' is not a time zone of the IANA database (did you mean 'Asia/Seoul'?)\n"
    assert out == ""


@pytest.mark.parametrize("zone, message", [
    ("Asia/Seol", "time_zone: 'Asia/Seol' is not a time zone of the IANA database (did you mean 'Asia/Seoul'?)"),
    ("9", "time_zone: 9 is not the name of a time zone (an IANA name, such as Asia/Seoul, Asia/Kolkata, Europe/Luxembourg)"),
])
def test_an_index_methodology_refuses_a_zone_the_database_does_not_hold(tmp_path: Path, in_repository: Path,
                                                                       capsys: pytest.CaptureFixture[str], zone: str,
                                                                       message: str) -> None:
    path = with_zone(tmp_path, "krx/korea-value-up-index.yaml", zone)
    assert main(["screen", "--rules", str(path), "examples/value-up-screen/universe.yaml"]) == 2
    assert capsys.readouterr().err == f"{path}:8:12: {message}\n"


def test_a_rulebook_file_with_a_zone_loads_with_it(tmp_path: Path) -> None:
    path = with_zone(tmp_path, "krx/etf-listing.yaml", "Europe/Luxembourg")
    rulebook = load_rulebook(str(path))
    assert (rulebook.time_zone, rulebook.time_zone_at) == ("Europe/Luxembourg", Location(str(path), 8, 12))
