"""The JSON writer's C encoder writes exactly the bytes of ``json.dumps(..., indent=2)``.

The reports' text is part of the contract (byte-identical output for the same inputs), so the
faster encoder is held to the standard library's bytes: on every report of the examples, on the
SARIF report, on documents of every shape a report can hold, and where it cannot encode a value.
"""

from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etf_listing import Loader, evaluate, load_rulebook
from etf_listing.reporting import json_report
from etf_listing.errors import InputError
from etf_listing.reporting.json_report import dumps, outcome_dict
from etf_listing.reporting.outcome import Outcome, RenderOptions

from ..conftest import EXAMPLES


def standard(document) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


EXAMPLE_PRODUCTS = sorted(p for p in EXAMPLES.rglob("product.yaml") if "kind: etf-product" in p.read_text("utf-8"))


def outcome(path) -> Outcome:
    try:
        return Outcome(str(path), report=evaluate(Loader(root=str(EXAMPLES.parent)).load_product(str(path)), load_rulebook()))
    except InputError as error:  # a product of another exchange's rulebook may not load: its errors are written too
        return Outcome(str(path), problems=tuple(error.problems))


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("path", EXAMPLE_PRODUCTS, ids=lambda p: str(p.parent.relative_to(EXAMPLES)))
def test_every_examples_report_is_written_byte_for_byte_as_the_standard_library_writes_it(path, lang):
    document = outcome_dict(outcome(path), lang)
    assert dumps(document) == standard(document)


def test_the_sarif_report_is_written_as_the_standard_library_writes_it(monkeypatch):
    from etf_listing.reporting import sarif

    outcomes = [outcome(path) for path in EXAMPLE_PRODUCTS]
    fast = sarif.render_sarif(outcomes, RenderOptions())
    monkeypatch.setattr(json_report, "dumps", standard)
    monkeypatch.setattr(sarif, "dumps", standard)
    assert fast == sarif.render_sarif(outcomes, RenderOptions())


texts = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12)
leaves = st.none() | st.booleans() | st.integers(-2**63, 2**64 - 1) | texts
documents = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
                         max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(documents)
def test_any_document_of_text_numbers_flags_and_nesting_is_written_the_same(document):
    assert dumps(document) == standard(document)


@pytest.mark.parametrize("document", [
    {"beyond 64 bits": 2**64},
    {"a lone surrogate": "\ud800"},
    {1: "a key that is not text"},
    [-(2**63) - 1],
])
def test_what_the_c_encoder_refuses_is_written_by_the_standard_library(document):
    with pytest.raises(TypeError):
        orjson.dumps(document, option=orjson.OPT_INDENT_2)
    assert dumps(document) == standard(document)


def test_what_the_c_encoder_writes_is_kept_in_utf8_and_what_it_refuses_as_text():
    """``dumped`` gives orjson's bytes, never decoded: a product's part is kept, handed back from a
    worker and written out in UTF-8 (a third of the memory of its text); what orjson refuses is
    the standard library's text."""
    document = {"이름": "배치 ETF", "figures": ["0.95", 1, None, True], "nested": {"a": [{"b": "c"}]}}
    written = json_report.dumped(document)
    assert isinstance(written, bytes) and written == standard(document).encode("utf-8")
    assert json_report.dumped({"a lone surrogate": "\ud800"}) == standard({"a lone surrogate": "\ud800"})
    part = json_report.outcome_json(outcome(EXAMPLE_PRODUCTS[0]), "ko")
    assert isinstance(part, bytes)
    assert part.decode("utf-8") == "    " + standard(outcome_dict(outcome(EXAMPLE_PRODUCTS[0]), "ko")).replace("\n", "\n    ")


def whole(outcomes, lang: str = "en") -> str:
    """The JSON report as one document written at once."""
    from etf_listing import __version__

    return standard({"schema_version": json_report.SCHEMA_VERSION, "tool": {"name": "etf-listing", "version": __version__},
                     "reports": [outcome_dict(o, lang) for o in outcomes]}) + "\n"


@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_report_written_a_product_at_a_time_is_the_whole_document(count):
    """A run writes each product's part as it goes (``written``); the parts make the document that
    writing it whole gives, in either language, with or without parts written beforehand."""
    outcomes = [outcome(path) for path in EXAMPLE_PRODUCTS[:count]]
    outcomes.append(Outcome("missing.yaml", problems=()))
    for lang in ("en", "ko"):
        assert json_report.render_json(outcomes, RenderOptions(lang=lang)) == whole(outcomes, lang)
        parted = [json_report.written(o, lang) for o in outcomes]
        assert json_report.render_json(parted, RenderOptions(lang=lang)) == whole(outcomes, lang)
    assert json_report.render_json([], RenderOptions()) == whole([])


def test_a_watched_products_part_is_written_with_its_timeline_and_the_timeline_let_go():
    import datetime as dt

    from etf_listing.watch.timeline import watch_period

    path = next(p for p in (EXAMPLES / "watch").rglob("product.yaml"))
    product = Loader(root=str(EXAMPLES.parent)).load_product(str(path))
    assert product.listed_on is not None and product.listed_on < dt.date(2025, 6, 30)
    report, timeline = watch_period(product, load_rulebook("krx-etf-continued-listing"), product.listed_on, dt.date(2025, 6, 30))
    watched = Outcome(str(path), report=report, timeline=timeline)
    parted = json_report.written(watched, "en")
    assert parted.timeline is None and b'"timeline"' in parted.json[1]
    assert json_report.render_json([parted], RenderOptions()) == whole([watched])
