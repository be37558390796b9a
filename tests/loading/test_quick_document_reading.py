"""Product and index files are read without pydantic in their usual spellings
(``loading.shapes``), and that reading is pydantic's own: the same fields and defaults as the
models, the same values where it reads a document, and pydantic (with its positioned messages)
wherever it does not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from etf_listing.loading import documents, shapes
from etf_listing.loading.yaml_source import parse_yaml

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", sorted(shapes.SHAPES))
def test_each_record_has_its_models_fields_and_defaults(name: str) -> None:
    model = getattr(documents, name)
    shape = shapes.SHAPES[name]
    assert list(shape.FIELDS) == list(model.model_fields)
    for field, (_, default) in shape.FIELDS.items():
        info = model.model_fields[field]
        if info.is_required():
            assert default is shapes.REQUIRED, field
        else:
            assert default is not shapes.REQUIRED and default == info.default, field


@pytest.mark.parametrize(("kind", "name"), [("etf-product", "ProductDocument"), ("etf-index", "IndexDocument")])
def test_every_shipped_product_and_index_is_read_without_pydantic_as_pydantic_reads_it(kind: str, name: str) -> None:
    read = [parse_yaml(path.read_text(encoding="utf-8"), str(path)).data
            for top in ("examples", "rules") for path in sorted((REPOSITORY / top).rglob("*.yaml"))]
    found = [data for data in read if isinstance(data, dict) and data.get("kind") == kind]
    assert len(found) >= 5
    for data in found:
        quick = shapes.quick_read(shapes.SHAPES[name], data)
        assert quick is not None, data["name"]
        assert_same(quick, shapes.record_of(getattr(documents, name).model_validate(data)))


def assert_same(quick: Any, slow: Any) -> None:
    """Equal, and written alike to the last digit and type (Decimal('1.0') is not Decimal('1'))."""
    assert quick == slow
    assert repr(quick) == repr(slow)


# Values of every type a YAML file (or a product given in Python) can hold, usual and odd.
ODD = [None, True, False, 0, 1, -1, 2, -1001, 10**15, 10**16, 20241031, 1.5, "", " ", "x", "005930", "2024-10-31",
       "2024/10/31", "20241031", "2024-02-30", "70억원", "KRW 7bn", "-5", "200,000", "1,00", "99.5%", "150%", "abc%",
       "1e9", "NaN", "\ud800", "이름", "trust", "company", "passive", "in_kind", "cash", "equity", "ktb", "market_cap",
       "etf-product", "etf-index", "krx-pdf", "krx-daily", "domestic", Decimal("0.995"), Decimal("1.5"),
       Decimal("1.0"), Decimal("-0"), Decimal("1E+3"), Decimal("NaN"), Decimal("Infinity"), Decimal("1.5E+20"),
       dt.date(2024, 10, 31), dt.datetime(2024, 10, 31), dt.datetime(2024, 10, 31, 9), [], ["a", "b"], [1],
       [{"code": "005930"}], [{1: "x"}], [[]], {}, {"a": 1}, {1: 2}, {"format": "krx-pdf", "file": "p.csv"},
       {"format": "krx-pdf", "file": "p.csv", "linked": ["A"]}, {"format": "krx-pdf", "file": ""},
       {"format": "krx-daily", "files": "krx/*.csv"}, {"format": "krx-daily", "files": "k", "extra": 1},
       {"name": "NH", "authorized_participant": True}, {"index": "i.yaml"}, {"index": {"kind": "etf-index"}}]

PRODUCT = {"kind": "etf-product", "schema_version": 1, "name": "예시 ETF", "description": "d", "issuer": "운용",
           "as_of": dt.date(2024, 10, 31), "fund_form": "trust", "principal_krw": "100억원", "units": 200000,
           "management": "passive", "leverage": 1, "creation": "in_kind", "cash_creation_reason": None,
           "underlying": {"index": "index.yaml", "license_signed": True},
           "participants": [{"name": "NH", "authorized_participant": True, "lp_contract": True,
                             "lp_from": dt.date(2024, 1, 2), "lp_to": None}, {"name": "삼성"}],
           "pdf": "pdf.csv", "linked_assets_ratio": Decimal("0.995"), "holdings": [{"code": "A", "weight": "1"}],
           "rulebook": "krx-etf-listing", "listed_on": dt.date(2024, 11, 1), "underlying_market": "domestic",
           "history": "history.csv"}
INDEX = {"kind": "etf-index", "schema_version": 1, "name": "지수", "description": None, "provider": "KRX",
         "asset_class": "equity", "weighting": "market_cap", "constituents": "constituents.csv",
         "market_data": "market_data.csv", "sectoral": False, "calendar": [{"date": "2024-10-31"}], "levels": None}


# Other values each field takes, in the spellings its model accepts.
VALID = {
    "name": st.text(min_size=1), "description": st.none() | st.text(), "issuer": st.text(),
    "as_of": st.dates() | st.sampled_from(["2024/10/31", "20241031", 20241031, " 2024.1.2 "]),
    "principal_krw": st.integers(0, 10**17) | st.sampled_from(["70억원", "KRW 7bn", "1조 5천억원", Decimal("7E+9"), "7,000,000,000"]),
    "units": st.integers(0, 10**15) | st.sampled_from(["200,000", " 5 "]),
    "leverage": st.integers(-1000, 1000) | st.decimals(-1000, 1000, places=3),
    "linked_assets_ratio": st.decimals(0, 1, places=4) | st.sampled_from(["99.5%", 0, 1, "100%"]),
    "listed_on": st.dates(), "lp_from": st.dates(), "license_signed": st.booleans() | st.none(),
    "authorized_participant": st.booleans(), "sectoral": st.booleans(),
    "pdf": st.sampled_from(["pdf.csv", [], [{"code": "A", "quantity": 1}]]),
    "constituents": st.sampled_from(["c.csv", [{"code": "A"}]]),
}


@st.composite
def varied(draw: st.DrawFn, base: dict[str, Any], nested: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``base`` with a few fields given other values, left out, replaced by odd values or varied
    inside, and at times joined by an unknown one."""
    data = dict(base)
    usual = draw(st.booleans())  # only other values in accepted spellings
    changed = draw(st.lists(st.sampled_from(sorted(base)), max_size=4, unique=True))
    for name in changed:
        action = "valid" if usual else draw(st.sampled_from(["valid", "drop", "odd", "nested"]))
        if usual and name not in VALID:
            continue
        if action == "drop":
            del data[name]
        elif action == "valid" and name in VALID:
            data[name] = draw(VALID[name])
        elif action == "nested" and name in nested:
            data[name] = draw(varied(nested[name], {}))
        elif action == "nested" and name == "participants":
            data[name] = draw(st.lists(varied(base["participants"][0], {}), max_size=3))
        else:
            data[name] = draw(st.sampled_from(ODD))
    if not usual and draw(st.integers(0, 9)) == 0:
        data[draw(st.sampled_from(["unknown", "Name", "pdf_file", 1]))] = "x"
    return data


NESTED = {"underlying": PRODUCT["underlying"], "pdf": {"format": "krx-pdf", "file": "p.csv", "linked": ["A"]}}


@pytest.mark.parametrize(("name", "documents_"), [
    ("ProductDocument", varied(PRODUCT, NESTED)),
    ("IndexDocument", varied(INDEX, {"market_data": {"format": "krx-daily", "files": "krx/*.csv"}})),
])
def test_a_document_read_without_pydantic_is_what_pydantic_reads(name: str, documents_: Any) -> None:
    seen = {"quick": 0, "pydantic": 0}

    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(documents_)
    def check(data: dict[str, Any]) -> None:
        quick = shapes.quick_read(shapes.SHAPES[name], data)
        try:
            slow = shapes.record_of(getattr(documents, name).model_validate(data))
        except (ValidationError, UnicodeError):  # (pydantic cannot pass a lone surrogate to its readers)
            assert quick is None, data  # what pydantic refuses is never read here
            return
        if quick is not None:
            seen["quick"] += 1
            assert_same(quick, slow)
        else:
            seen["pydantic"] += 1

    check()
    assert seen["quick"] > 100, (name, seen)  # the comparison is made, not only the refusals


def test_the_models_own_spellings_are_read_directly_and_others_left_to_pydantic() -> None:
    data = dict(PRODUCT, as_of="2024/10/31", units="200,000", linked_assets_ratio="99.5%")
    quick = shapes.quick_read(shapes.ProductDocument, data)
    assert (quick.as_of, quick.units, quick.linked_assets_ratio) == (dt.date(2024, 10, 31), 200000, Decimal("0.995"))
    odd = dict(PRODUCT, listed_on="2024-11-01")  # a plain date field given as text: pydantic parses it
    assert shapes.quick_read(shapes.ProductDocument, odd) is None
    assert shapes.record_of(documents.ProductDocument.model_validate(odd)).listed_on == dt.date(2024, 11, 1)
