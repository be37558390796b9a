"""Rulebooks are tested artefacts: every shipped rulebook has rule tests beside it, they pass, and
together they show every rule both passing and failing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from etf_listing.cli import main
from etf_listing.rule_tests import find_test_files, run_test_file
from etf_listing.rulebook import load_rulebook, shipped_rulebooks

from ..conftest import REPOSITORY

SHIPPED = sorted({path for name, path in shipped_rulebooks().items() if "/" not in name})


def rule_test_files(rulebook_path: str) -> list[str]:
    return find_test_files(os.path.join(os.path.dirname(rulebook_path), "tests"))


@pytest.mark.parametrize("rulebook_path", SHIPPED, ids=os.path.basename)
def test_every_shipped_rulebook_passes_its_rule_tests(rulebook_path: str, in_repository: Path) -> None:
    files = rule_test_files(rulebook_path)
    assert files, f"no rule tests beside {rulebook_path}"
    for file in files:
        result = run_test_file(file, root=str(REPOSITORY))
        failures = [(c.name, c.mismatches, c.problems) for c in result.cases if not c.passed]
        assert not failures


@pytest.mark.parametrize("rulebook_path", SHIPPED, ids=os.path.basename)
def test_the_rule_tests_show_every_rule_passing_and_failing(rulebook_path: str, in_repository: Path) -> None:
    rulebook = load_rulebook(rulebook_path)
    expected: dict[str, set[str]] = {}
    for file in rule_test_files(rulebook_path):
        for rule, statuses in run_test_file(file, root=str(REPOSITORY)).expectations.items():
            expected.setdefault(rule, set()).update(statuses)
    for rule in rulebook.rules:  # a rule whose failing check warns (fails_as: at_risk) is shown at risk
        assert {"pass", rule.fails_as} <= expected.get(rule.id, set()), rule.id


def test_etf_check_test_runs_the_shipped_tests(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", "rules"]) == 0
    out = capsys.readouterr().out
    assert "rules/krx/tests/etf-listing.test.yaml (krx-etf-listing)" in out
    assert "✔ principal of exactly KRW 7bn passes" in out
    assert " 0 failed" in out


def beside_the_krx_tests(tmp_path: Path, name: str, rulebook: str, base: str, cases: str) -> Path:
    """A rule-test file ``name`` written among a copy of the KRX rule tests (their products)."""
    import shutil

    shutil.copytree(REPOSITORY / "rules" / "krx" / "tests", tmp_path / "krx")
    path = tmp_path / "krx" / name
    path.write_text(f"kind: etf-rule-tests\nschema_version: 1\nrulebook: {rulebook}\nbase: {base}\ncases:\n{cases}",
                    encoding="utf-8")
    return path


def test_a_failing_case_shows_expected_against_actual(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wrong = beside_the_krx_tests(tmp_path, "wrong.test.yaml", "krx-etf-listing", "products/passing.yaml",
                                 "  - name: a wrong expectation\n    set: {principal_krw: 65억원}\n"
                                 "    expect: {krx.size.principal: pass}\n")
    status = main(["test", str(wrong), "--root", str(tmp_path)])
    out = capsys.readouterr().out
    assert status == 1
    assert "✘ a wrong expectation" in out
    assert "krx.size.principal: expected pass, got fail: The principal is KRW 6.5bn; at least KRW 7bn is required." in out
    assert "1 cases: 0 passed, 1 failed" in out


def test_a_figure_a_case_sets_that_cannot_be_read_is_placed_in_the_test_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The bad value is the case's, written in the test file: not the base product's line, which
    holds a good one."""
    bad = beside_the_krx_tests(tmp_path, "bad.test.yaml", "krx-etf-listing", "products/passing.yaml",
                               "  - name: no amount\n    set: {principal_krw: abc}\n    expect: {krx.size.principal: fail}\n")
    assert main(["test", str(bad), "--root", str(tmp_path)]) == 2
    assert f"{bad}:7:26: principal_krw: 'abc' is not an amount of KRW" in capsys.readouterr().err


def test_a_test_file_naming_an_unknown_rule_is_an_input_error(in_repository: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.test.yaml"
    bad.write_text("kind: etf-rule-tests\nschema_version: 1\nrulebook: krx-etf-listing\nbase: p.yaml\ncases:\n"
                   "  - name: x\n    expect: {krx.size.principl: pass}\n", encoding="utf-8")
    assert main(["test", str(bad), "--root", str(tmp_path)]) == 2
    assert "bad.test.yaml:7:14: no rule 'krx.size.principl' in krx-etf-listing" in capsys.readouterr().err


def test_a_case_dated_before_the_product_s_listing_is_refused_at_its_as_of(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    early = beside_the_krx_tests(tmp_path, "early.test.yaml", "krx-etf-continued-listing", "watch/product.yaml",
                                 "  - name: before listing\n    as_of: 2024-10-01\n    expect: {krx.watch.size: not_applicable}\n")
    assert main(["test", str(early), "--root", str(tmp_path)]) == 2  # a case that cannot be run, as a bad figure it sets
    out = capsys.readouterr().out
    assert (f"{early}:7:12: listed_on 2024-11-04 is after the evaluation date, 2024-10-01: a listed ETF is watched "
            "from its listing (check listed_on, or give the case an as_of on or after 2024-11-04)") in out
    later = beside_the_krx_tests(tmp_path / "later", "later.test.yaml", "krx-etf-continued-listing", "watch/product.yaml",
                                 "  - name: listed later\n    set: {listed_on: 2026-12-15}\n    expect: {krx.watch.size: pass}\n")
    assert main(["test", str(later), "--root", str(tmp_path / "later")]) == 2
    assert "listed_on 2026-12-15 is after the evaluation date, 2026-11-30" in (out := capsys.readouterr().out)
    assert "give the case an as_of on or after 2026-12-15" in out and "--as-of" not in out


def test_the_library_refuses_to_watch_a_product_before_its_listing(in_repository: Path) -> None:
    import datetime as dt

    from etf_listing import evaluate, load_product
    from etf_listing.errors import InputError
    from etf_listing.rulebook import load_rulebook

    product = load_product("examples/watch/healthy-passive/product.yaml")
    with pytest.raises(InputError, match="listed_on 2024-11-04 is after the evaluation date, 2024-11-03"):
        evaluate(product, load_rulebook("krx-etf-continued-listing"), dt.date(2024, 11, 3))
    assert evaluate(product, load_rulebook("krx-etf-continued-listing"), dt.date(2024, 11, 4)).as_of == dt.date(2024, 11, 4)
    assert evaluate(product, load_rulebook(), dt.date(2024, 11, 3)).results  # the listing check: before listing is its day
