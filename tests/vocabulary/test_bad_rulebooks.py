"""The corpus of bad rulebooks (``tests/bad-rulebooks/``): each mistake is refused when the
rulebook loads, at its position in the rulebook, with exit status 2, and every mistake of a file
in one run; the product is never evaluated, so no ``error`` result is blamed on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from etf_listing.cli import main

REPOSITORY = Path(__file__).resolve().parents[2]
CORPUS = REPOSITORY / "tests" / "bad-rulebooks"
PRODUCT = "examples/value-up-passive/product.yaml"
CASES = sorted(path.name for path in CORPUS.glob("*.yaml"))


def expected(name: str) -> tuple[str, list[str]]:
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    about = lines[0].removeprefix("# ")
    return about, [line.removeprefix("# expect: ") for line in lines[1:] if line.startswith("# expect: ")]


def test_the_corpus_covers_at_least_twenty_mistakes_each_described() -> None:
    assert len(CASES) >= 20
    for name in CASES:
        about, messages = expected(name)
        assert about and messages, name


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_mistake_is_refused_at_load_with_its_position(name: str, lang: str, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPOSITORY)
    rulebook = f"tests/bad-rulebooks/{name}"
    status = main(["--rules", rulebook, "--lang", lang, "--format", "json", PRODUCT])
    out, err = capsys.readouterr()
    assert status == 2
    _, messages = expected(name)
    lines = err.splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [f"{rulebook}:{m.split(': ', 1)[0]}" for m in messages]
    if lang == "en":
        assert lines == [f"{rulebook}:{message}" for message in messages]
    else:  # each message in Korean (names and quoted values stay as written)
        assert all(any("\uac00" <= ch <= "\ud7a3" for ch in line.split(": ", 1)[1]) for line in lines), lines
    assert "Traceback" not in out + err and '"results"' not in out
