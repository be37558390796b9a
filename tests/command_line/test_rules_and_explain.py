"""``etf-check rules`` lists a rulebook's rules; ``etf-check explain`` tells one rule in full."""

from __future__ import annotations

from pathlib import Path

import pytest

from etf_listing.cli import main


def test_rules_and_explain(in_repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    assert listing.count("\n  krx.") == 16
    assert main(["explain", "krx.size.principal"]) == 0
    text = capsys.readouterr().out
    assert "min_principal_krw = KRW 7bn" in text
    assert "2002.1: 2002-10-14 – 2010-12-31 [not confirmed by the sources] *  min_principal_krw = KRW 10bn" in text
    assert "2011.1: 2011-01-01 – 2012-12-31 [not confirmed by the sources] *  min_principal_krw = KRW 5bn" in text
    assert main(["explain", "krx.index.single_issue_weight", "--lang", "ko"]) == 0
    korean = capsys.readouterr().out
    assert "단일 종목 비중 30% 이하" in korean and "적용 조건" in korean and "버전 이력" in korean
    assert main(["explain", "krx.size.principl"]) == 2
    assert "did you mean 'krx.size.principal'?" in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_unknown_rule_id_is_echoed_without_its_control_characters(in_repository: Path, lang: str,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "krx\x1b[31mRED\x07\nnext", "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err and err.count("\n") == 1
    assert "krx\\x1b[31mRED\\x07\\nnext" in err
