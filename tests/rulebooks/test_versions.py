"""Rulebooks over time: the version in force on the evaluation date decides, and a version may only
set the parameters the rulebook declares."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from etf_listing.cli import main
from etf_listing.errors import InputError
from etf_listing.rulebook import NoVersionInForce, compile_rulebook, load_rulebook

PRINCIPAL_FAILS = "examples/failing/principal-below-minimum/product.yaml"
PDF_FAILS = "examples/failing/pdf-missing-large-constituents/product.yaml"


def json_run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    status = main([*args, "--format", "json"])
    captured = capsys.readouterr()
    json_run.err = captured.err  # type: ignore[attr-defined]
    return status, json.loads(captured.out)


@pytest.mark.parametrize("as_of, version, threshold", [
    ("2002-10-14", "2002.1", "10000000000"), ("2010-12-31", "2002.1", "10000000000"),
    ("2011-01-01", "2011.1", "5000000000"), ("2012-06-30", "2011.1", "5000000000"),
    ("2012-12-31", "2011.1", "5000000000"), ("2013-01-01", "2013.1", "7000000000"),
    ("2024-10-31", "2013.1", "7000000000"),
])
def test_the_version_in_force_on_the_date_decides(as_of: str, version: str, threshold: str, in_repository: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _, document = json_run(capsys, PRINCIPAL_FAILS, "--as-of", as_of)
    (report,) = document["reports"]
    assert report["rulebook"]["version"] == version
    assert report["rulebook"]["effective_from_confirmed"] is False
    (principal,) = [r for r in report["results"] if r["rule"] == "krx.size.principal"]
    assert principal["threshold"] == threshold
    assert principal["status"] == ("pass" if threshold == "5000000000" else "fail")


def test_as_of_2012_applies_the_5bn_threshold_and_says_which_version(in_repository: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    main([PRINCIPAL_FAILS, "--as-of", "2012-06-30"])
    text = capsys.readouterr().out
    assert "rulebook krx-etf-listing 2011.1, in force from 2011-01-01 to 2012-12-31 (date unconfirmed), as of 2012-06-30" in text
    assert "The principal is KRW 6.5bn; at least KRW 5bn is required." in text


def test_a_date_before_the_first_version_is_refused(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([PRINCIPAL_FAILS, "--as-of", "2001-01-01"]) == 2
    assert "has no version in force on 2001-01-01 (its first version starts 2002-10-14)" in capsys.readouterr().err
    with pytest.raises(NoVersionInForce):
        load_rulebook().in_force(dt.date(2001, 1, 1))


def test_a_version_may_only_set_declared_parameters() -> None:
    book = (Path(__file__).parent / "ucits-style-diversification.yaml").read_text(encoding="utf-8")
    book = book.replace('version: "test.1"\neffective_from: 2011-07-01\n',
                        "versions:\n  - version: a\n    effective_from: 2011-07-01\n    parameters: {max_singel_weight: 0.2}\n")
    with pytest.raises(InputError) as caught:
        compile_rulebook(book, "book.yaml")
    assert str(caught.value.problems[0]).startswith("book.yaml:9:18: no parameter named 'max_singel_weight' (did you mean 'max_single_weight'?)")


def _with_caveat(caveat: str) -> str:
    book = (Path(__file__).parent / "ucits-style-diversification.yaml").read_text(encoding="utf-8")
    return book.replace('version: "test.1"\neffective_from: 2011-07-01\n',
                        f"versions:\n  - version: a\n    effective_from: 2011-07-01\n    caveats: {caveat}\n")


def test_a_version_s_caveat_is_said_beside_the_results_from_its_date(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                   in_repository: Path) -> None:
    from etf_listing.evaluation import evaluate
    from etf_listing.loading.load import Loader

    book = compile_rulebook(_with_caveat("[{from: 2024-01-01, text: {en: the 2024 change is not encoded, ko: 2024년 변경 미반영}}]"),
                            "book.yaml")
    assert book.current.caveats_on(dt.date(2023, 12, 31)) == []
    product = Loader().load_product("examples/value-up-passive/product.yaml")  # its index is what the rules read
    before = evaluate(product, book, dt.date(2023, 12, 31))
    after = evaluate(product, book, dt.date(2024, 1, 1))
    assert [n.message for n in before.notices] == []
    assert [(n.message, n.ko) for n in after.notices] == [("version a: the 2024 change is not encoded", "버전 a: 2024년 변경 미반영")]


@pytest.mark.parametrize("caveat, told", [
    ("[{from: 2024-01-01, txt: x}]", "caveats"),
    ("[{from: someday, text: x}]", "from"),
])
def test_a_version_s_caveat_with_a_mistake_is_refused_at_load(caveat: str, told: str) -> None:
    with pytest.raises(InputError) as caught:
        compile_rulebook(_with_caveat(caveat), "book.yaml")
    message = str(caught.value.problems[0])
    assert message.startswith("book.yaml:") and told in message, message
