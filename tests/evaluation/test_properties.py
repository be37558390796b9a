"""Properties that must hold for any input, not only the examples."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from etf_listing.evaluation import evaluate
from etf_listing.loading.load import Loader
from etf_listing.reporting.json_report import report_dict
from etf_listing.rulebook import load_rulebook

KRX = load_rulebook()
DAYS = [dt.date(2024, 8, 1) + dt.timedelta(days=i) for i in range(92) if (dt.date(2024, 8, 1) + dt.timedelta(days=i)).weekday() < 5]

PRODUCT = """\
kind: etf-product
schema_version: 1
name: Property ETF
as_of: 2024-10-31
fund_form: trust
principal_krw: {principal}
units: 150000
leverage: 1
creation: in_kind
underlying:
  index: index.yaml
  license_signed: true
participants:
{participants}
pdf: pdf.csv
linked_assets_ratio: 0.97
"""
INDEX = """\
kind: etf-index
schema_version: 1
name: Property index
asset_class: equity
weighting: market_cap
constituents: constituents.csv
market_data: market_data.csv
"""


def write_case(folder: Path, caps: list[int], values: list[int], held: list[bool], order: random.Random | None,
               principal: str = "70억원") -> str:
    """A product whose index has one constituent per cap (daily market cap constant, so the mean is
    the cap), written with rows in the order ``order`` shuffles them into."""
    codes = [f"{100000 + i:06d}" for i in range(len(caps))]

    def shuffled(rows: list[str]) -> list[str]:
        rows = list(rows)
        if order is not None:
            order.shuffle(rows)
        return rows

    constituents = shuffled([f"{c},Issue {c},{'KOSPI' if i % 3 else 'KOSDAQ'}" for i, c in enumerate(codes)])
    market = shuffled([f"{day},{c},{cap},{value}" for c, cap, value in zip(codes, caps, values) for day in DAYS])
    pdf = shuffled([f"{c},Issue {c},{10 if h else 0}" for c, h in zip(codes, held)] + ["KRW,현금,1000"])
    participants = shuffled(["  - {name: A증권, authorized_participant: true, lp_contract: false}",
                             "  - {name: B증권, authorized_participant: true, lp_contract: true}",
                             "  - {name: C증권, authorized_participant: false, lp_contract: true}"])
    (folder / "index.yaml").write_text(INDEX, encoding="utf-8")
    (folder / "constituents.csv").write_text("code,name,market\n" + "\n".join(constituents) + "\n", encoding="utf-8")
    (folder / "market_data.csv").write_text("date,code,market_cap_krw,trading_value_krw\n" + "\n".join(market) + "\n", encoding="utf-8")
    (folder / "pdf.csv").write_text("code,name,quantity\n" + "\n".join(pdf) + "\n", encoding="utf-8")
    (folder / "product.yaml").write_text(PRODUCT.format(principal=principal, participants="\n".join(participants)), encoding="utf-8")
    return str(folder / "product.yaml")


def verdicts(path: str) -> list[dict]:
    """Every result without positions (rows moved in a file move their line numbers, nothing else)."""
    report = report_dict(evaluate(Loader(root=os.path.dirname(path)).load_product(path), KRX))
    results = report["results"]
    for result in results:
        result.pop("location")
        for item in result["items"]:
            item.pop("location")
    return results


index_cases = st.integers(min_value=10, max_value=24).flatmap(lambda n: st.tuples(
    st.lists(st.integers(min_value=10**9, max_value=10**13), min_size=n, max_size=n),
    st.lists(st.integers(min_value=10**6, max_value=10**10), min_size=n, max_size=n),
    st.lists(st.booleans(), min_size=n, max_size=n),
))


@settings(max_examples=25, deadline=None)
@given(index_cases, st.randoms(use_true_random=False))
def test_row_order_never_changes_a_verdict(case: tuple[list[int], list[int], list[bool]], shuffle: random.Random) -> None:
    caps, values, held = case
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        in_order = verdicts(write_case(Path(first), caps, values, held, None))
        shuffled = verdicts(write_case(Path(second), caps, values, held, shuffle))
    assert shuffled == in_order


@settings(max_examples=25, deadline=None)
@given(index_cases, st.randoms(use_true_random=False))
def test_json_is_byte_identical_whatever_the_row_order_of_a_file(case: tuple[list[int], list[int], list[bool]],
                                                                 shuffle: random.Random) -> None:
    caps, values, held = case
    with tempfile.TemporaryDirectory() as folder:
        path = write_case(Path(folder), caps, values, held, shuffle)
        first = json.dumps(report_dict(evaluate(Loader().load_product(path), KRX)), ensure_ascii=False)
        second = json.dumps(report_dict(evaluate(Loader().load_product(path), KRX)), ensure_ascii=False)
    assert first == second


BASE = None


def base_product():
    global BASE
    if BASE is None:
        folder = tempfile.mkdtemp()
        caps = [10**11 * (i + 1) for i in range(12)]
        BASE = Loader().load_product(write_case(Path(folder), caps, [10**9] * 12, [True] * 12, None))
    return BASE


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=2 * 10**10), st.integers(min_value=0, max_value=10**10),
       st.integers(min_value=0, max_value=300000), st.integers(min_value=0, max_value=100000))
def test_raising_principal_or_units_never_turns_a_pass_into_a_fail(principal: int, more_principal: int,
                                                                   units: int, more_units: int) -> None:
    product = base_product()
    lower = evaluate(dataclasses.replace(product, principal_krw=Decimal(principal), units=units), KRX)
    higher = evaluate(dataclasses.replace(product, principal_krw=Decimal(principal + more_principal),
                                          units=units + more_units), KRX)
    for before, after in zip(lower.results, higher.results):
        if before.status == "pass":
            assert after.status == "pass", before.rule.id
    assert higher.eligible or not lower.eligible


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=1, max_value=2000), st.data())
def test_equal_amounts_in_different_spellings_give_equal_results(eok: int, data: st.DataObject) -> None:
    amount = eok * 10**8
    spellings = [f"{eok}억원", f"{amount:,}", str(amount), f"KRW {Decimal(amount) / 10**9}bn", f"{Decimal(eok) / 10**4}조원"]
    first, second = data.draw(st.sampled_from(spellings)), data.draw(st.sampled_from(spellings))
    caps = [10**11 * (i + 1) for i in range(12)]
    results = []
    for spelling in (first, second):
        with tempfile.TemporaryDirectory() as folder:
            results.append(verdicts(write_case(Path(folder), caps, [10**9] * 12, [True] * 12, None, principal=f"'{spelling}'")))
    assert results[0] == results[1]


class _Member:
    def __init__(self, key: str) -> None:
        self.key = key


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.text("abc", min_size=1, max_size=3), st.integers(-5, 5)), max_size=12),
       st.sampled_from([Decimal(7), Decimal("0.5"), Decimal(-3)]), st.sampled_from(["<=", "<", ">=", ">"]),
       st.sampled_from(["shares", "decimals", "mixed"]))
def test_offenders_are_ordered_as_their_figures_order_them(rows: list[tuple[str, int]], den: Decimal, operator: str,
                                                           kind: str) -> None:
    """Offenders worst first, ties by key, whether the figures are compared by their numerators
    (shares of one total) or one by one: the order a sort by the figures themselves gives."""
    from etf_listing.evaluation import _ordered
    from etf_listing.vocabulary.numbers import Ratio

    def figure(at: int, n: int) -> object:
        if kind == "shares" or (kind == "mixed" and at % 2):
            return Ratio(Decimal(n), den)
        return Decimal(n) / 4

    pairs = [(_Member(key), figure(at, n)) for at, (key, n) in enumerate(rows)]
    by_key = sorted(pairs, key=lambda pair: pair[0].key)
    expected = sorted(by_key, key=lambda pair: pair[1], reverse=operator in ("<=", "<"))
    assert _ordered(pairs, operator) == expected
