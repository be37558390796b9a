"""Start-up stays quick without giving up a check: the shipped rulebooks' shape check is recorded
when the package is tested (rules/checked.json) and trusted only for the exact text it was made
on."""

from __future__ import annotations

from pathlib import Path

import pytest

from etf_listing.errors import InputError
from etf_listing.rulebook import checked_shapes, compile_rulebook, load_rulebook, shipped_rulebooks, text_of_schema


def shipped_texts() -> dict[str, str]:
    """The shipped rulebooks' texts by their name in the record (``krx/etf-listing.yaml``)."""
    paths = sorted({Path(path) for path in shipped_rulebooks().values()})
    return {f"{path.parent.name}/{path.name}": path.read_text(encoding="utf-8") for path in paths}


def test_the_record_of_checked_shapes_is_current() -> None:
    texts = shipped_texts()
    for name, text in texts.items():
        compile_rulebook(text, name)  # the full check, schema included, passes
    assert checked_shapes(text_of_schema(), texts) == set(texts), \
        "a shipped rulebook or the schema changed: run python -m etf_listing.rulebook --record-checked"


def test_only_the_recorded_text_and_schema_are_trusted() -> None:
    name, text = next(iter(shipped_texts().items()))
    assert checked_shapes(text_of_schema(), {name: text}) == {name}
    assert checked_shapes(text_of_schema(), {name: text + "\n# changed\n"}) == set()
    assert checked_shapes(text_of_schema() + " ", {name: text}) == set()
    assert checked_shapes(text_of_schema(), {"other/" + name: text}) == set()


def test_a_rulebook_named_by_path_is_always_checked(tmp_path: Path) -> None:
    name, text = next(iter(shipped_texts().items()))
    copy = tmp_path / "rulebook.yaml"
    copy.write_text(text.replace("kind: etf-rulebook", "kind: etf-rulebook\nunexpected: 1", 1), encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_rulebook(str(copy))
    assert "unknown field 'unexpected'" in str(raised.value)


@pytest.mark.parametrize("change, refusal", [
    (lambda text: text.replace("kind: etf-rulebook", "kind: etf-rulebook\nunexpected: 1", 1), "unknown field 'unexpected'"),
    (lambda text: text.replace("kind: etf-rulebook", "kind: etf-rulebook\nnotes: [" + "1, " * 2_000 + "1]", 1),
     "a rulebook's lists hold at most"),
])
def test_a_tampered_shipped_rulebook_is_checked_and_refused(change, refusal: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The record trusts a shipped rulebook's text only as recorded: an installed file that was
    edited afterwards gets the schema check, and the size and list limits apply to every text."""
    from etf_listing import rulebook

    real = rulebook.read_text
    monkeypatch.setattr(rulebook, "read_text", lambda source, *rest: change(real(source, *rest)))
    with pytest.raises(InputError) as raised:
        load_rulebook("krx-etf-listing")
    assert refusal in str(raised.value)
