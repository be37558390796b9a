"""An index's summary (3-month means, weights, the top-85% ranking, the index-only checks) is
computed once and shared by the products that track it: sharing never changes a result, and a
different date, parameter or rulebook never reuses what was computed for another."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from etf_listing.evaluation import evaluate
from etf_listing.loading.load import Loader
from etf_listing.reporting.json_report import report_dict
from etf_listing.rulebook import compile_rulebook, load_rulebook
from etf_listing.summaries import SUMMARIES_KEPT, summaries_kept
from etf_listing.vocabulary.operations import windows as expressions
from etf_listing.vocabulary.runtime import parameters_key

from ..builders import rulebook_text, rulebook_with

KRX = load_rulebook()
DAYS = [dt.date(2024, 8, 1) + dt.timedelta(days=i) for i in range(122)]
TRADING_DAYS = [d for d in DAYS if d.weekday() < 5]
CODES = [f"{100000 + i:06d}" for i in range(12)]
CAPS = [10**13 // (i + 1) for i in range(12)]  # the largest issue holds about 32%: fails the 30% cap

INDEX = """\
kind: etf-index
schema_version: 1
name: Shared index
asset_class: equity
weighting: market_cap
constituents: constituents.csv
market_data: market_data.csv
"""


def product_file(name: str, held: list[str], as_of: str | None = "2024-10-31") -> str:
    pdf = "".join(f"  - {{code: '{code}', name: Issue {code}, quantity: 10}}\n" for code in held)
    return (f"kind: etf-product\nschema_version: 1\nname: {name}\n" + (f"as_of: {as_of}\n" if as_of else "") +
            "fund_form: trust\nprincipal_krw: 100억원\nunits: 200000\nleverage: 1\ncreation: in_kind\n"
            "underlying:\n  index: index/index.yaml\n  license_signed: true\n"
            "participants:\n  - {name: A증권, authorized_participant: true, lp_contract: true}\n"
            f"pdf:\n{pdf}")


@pytest.fixture
def products(in_tmp: Path, write) -> dict[str, str]:
    write("index/index.yaml", INDEX)
    write("index/constituents.csv", "code,name,market\n" + "".join(f"{c},Issue {c},KOSPI\n" for c in CODES))
    rows = "".join(f"{day},{code},{cap + day.day},{10**9 + day.day}\n"
                   for day in TRADING_DAYS for code, cap in zip(CODES, CAPS) if day <= dt.date(2024, 11, 29))
    write("index/market_data.csv", "date,code,market_cap_krw,trading_value_krw\n" + rows)
    files = {"all": product_file("Holds all", CODES), "few": product_file("Holds few", CODES[5:]),
             "later": product_file("Later date", CODES, "2024-11-29"), "undated": product_file("No date", CODES, None),
             "undated2": product_file("No date either", CODES[1:], None)}
    for name, text in files.items():
        write(f"{name}.yaml", text)
    return {name: f"{name}.yaml" for name in files}


def shown(report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, sort_keys=True)


def alone(path: str, rulebook=KRX, as_of: dt.date | None = None) -> str:
    """The report of a product loaded and evaluated on its own: nothing shared with anything."""
    return shown(evaluate(Loader().load_product(path), rulebook, as_of))


def test_products_sharing_an_index_get_what_they_would_get_alone(products: dict[str, str]) -> None:
    loader = Loader()
    loaded = {name: loader.load_product(path) for name, path in products.items()}
    assert loaded["all"].index is loaded["few"].index is loaded["later"].index  # read once
    together = {name: shown(evaluate(product, KRX)) for name, product in loaded.items()}
    for name, path in products.items():
        assert together[name] == alone(path), name
    statuses = {r["rule"]: r["status"] for r in json.loads(together["few"])["results"]}
    assert statuses["krx.pdf.market_cap_coverage"] == "fail"  # the product's own PDF, not the other's
    assert statuses["krx.index.single_issue_weight"] == "fail"


def test_the_index_is_summarised_once_for_all_its_products(products: dict[str, str], monkeypatch) -> None:
    calls = []
    real = expressions.window_span  # once for each issue's dates and window
    monkeypatch.setattr(expressions, "window_span", lambda *args: calls.append(1) or real(*args))
    loader = Loader()
    evaluate(loader.load_product(products["all"]), KRX)
    first = len(calls)
    assert first > len(CODES)  # every issue's mean market cap, and mean trading values
    evaluate(loader.load_product(products["few"]), KRX)
    assert len(calls) == first
    evaluate(loader.load_product(products["later"]), KRX)  # another date: another window
    assert len(calls) == 2 * first


def test_a_changed_parameter_is_not_served_from_the_summary(products: dict[str, str]) -> None:
    product = Loader().load_product(products["all"])
    stricter = rulebook_with(max_single_issue_weight=Decimal("0.10"), top_share_cut=Decimal("0.50"))
    looser = rulebook_with(max_single_issue_weight=Decimal("0.40"))
    for rulebook in (KRX, stricter, looser, KRX):
        assert shown(evaluate(product, rulebook)) == alone(products["all"], rulebook)
    weights = {r.rule.id: r.status for r in evaluate(product, looser).results}
    assert weights["krx.index.single_issue_weight"] == "pass"


def test_an_other_date_given_on_the_command_line_is_not_served_from_the_summary(products: dict[str, str]) -> None:
    product = Loader().load_product(products["all"])
    for day in (dt.date(2024, 10, 31), dt.date(2024, 11, 29), dt.date(2024, 10, 31)):
        assert shown(evaluate(product, KRX, day)) == alone(products["all"], KRX, day)


def test_without_a_date_each_product_is_told_about_its_own_file(products: dict[str, str]) -> None:
    loader = Loader()
    for name in ("undated", "undated2"):
        report = evaluate(loader.load_product(products[name]), KRX)
        weight = next(r for r in report.results if r.rule.id == "krx.index.single_issue_weight")
        assert weight.status == "error" and weight.location.file == products[name]


def test_a_copy_of_an_index_starts_without_a_summary(products: dict[str, str]) -> None:
    product = Loader().load_product(products["all"])
    evaluate(product, KRX)
    assert summaries_kept(product.index)
    halved = dataclasses.replace(product.index, constituents=product.index.constituents[:6])
    assert not summaries_kept(halved)
    report = evaluate(dataclasses.replace(product, underlying=dataclasses.replace(product.underlying, index=halved)), KRX)
    count = next(r for r in report.results if r.rule.id == "krx.index.constituent_count")
    assert count.status == "fail" and count.observed == 6


def test_an_evaluation_with_missing_data_leaves_no_garbage_cycles(products: dict[str, str]) -> None:
    import gc

    product = Loader().load_product(products["undated"])  # every window value is missing
    evaluate(product, KRX)
    gc.collect()
    gc.disable()
    try:
        report = evaluate(product, KRX)
        assert any(r.status == "error" for r in report.results)
        assert gc.collect() == 0  # the command sets what it evaluated aside without collecting (gc.freeze)
    finally:
        gc.enable()


def test_an_index_keeps_only_its_latest_summaries(products: dict[str, str]) -> None:
    product = Loader().load_product(products["all"])
    days = [dt.date(2024, 10, 31) - dt.timedelta(days=i) for i in range(SUMMARIES_KEPT + 3)]
    for day in days:
        evaluate(product, KRX, day)
    assert len(summaries_kept(product.index)) == SUMMARIES_KEPT
    assert shown(evaluate(product, KRX, days[0])) == alone(products["all"], KRX, days[0])  # evicted: computed again


def test_the_summary_follows_the_parameters_of_the_version_in_force(products: dict[str, str]) -> None:
    """A version changes parameters from its date on: products evaluated on either side of it
    through one index get what they would get alone, each under its own version's figures."""
    text = rulebook_text().replace("""    parameters:
      min_principal_krw: 70억원
""", """    parameters:
      min_principal_krw: 70억원
  - version: "2024.11"
    effective_from: 2024-11-01
    description: {en: A test version with a stricter single-issue cap., ko: 단일 종목 상한을 낮춘 시험용 버전.}
    parameters:
      min_principal_krw: 70억원
      max_single_issue_weight: 0.10
""", 1)
    versioned = compile_rulebook(text, "versioned.yaml")
    assert len(versioned.versions) == len(KRX.versions) + 1
    loader = Loader()
    product = loader.load_product(products["all"])
    weights = {}
    for day in (dt.date(2024, 10, 31), dt.date(2024, 11, 1), dt.date(2024, 10, 31), dt.date(2024, 11, 1)):
        report = evaluate(product, versioned, day)
        assert shown(report) == alone(products["all"], versioned, day), day
        weights[day] = {r.rule.id: r for r in report.results}["krx.index.single_issue_weight"].threshold
    assert weights == {dt.date(2024, 10, 31): Decimal("0.30"), dt.date(2024, 11, 1): Decimal("0.10")}
    keys = summaries_kept(product.index)
    assert len({parameters for _, parameters in keys}) == 2  # one summary per version's parameter values


def test_a_window_before_the_calendar_is_reported_on_each_products_own_file(in_tmp: Path, products: dict[str, str],
                                                                            write) -> None:
    """The reason points at the product's as_of line, so it is not kept in the index's summary:
    a second product on the same index and date is told about its own file."""
    # A rulebook that says so is refused at load (at most 120 months); the parameters of a loaded
    # one can still be set so by a caller of the library: 2,033 years before 2024-10-31.
    loaded = rulebook_with()
    current = dataclasses.replace(loaded.versions[-1], parameters={**loaded.versions[-1].parameters, "window_months": 24_400})
    endless = dataclasses.replace(loaded, versions=(*loaded.versions[:-1], current))
    write("second.yaml", "# the same index and date,\n# two lines lower\n" + product_file("Second", CODES[1:]))
    loader = Loader()
    for path, line in ((products["all"], 4), ("second.yaml", 6), (products["all"], 4)):
        report = evaluate(loader.load_product(path), endless)
        weight = next(r for r in report.results if r.rule.id == "krx.index.single_issue_weight")
        assert weight.status == "error" and "would start before the calendar does" in weight.message["en"]
        assert (weight.location.file, weight.location.line) == (path, line)


def test_an_index_is_a_value_and_carries_no_cache(products: dict[str, str]) -> None:
    """The summaries are kept beside the index, not on it: every field of an Index is an input,
    and evaluating leaves the index as it was."""
    from etf_listing.model import Index

    assert Index.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert all(field.init for field in dataclasses.fields(Index))
    product = Loader().load_product(products["all"])
    before = dataclasses.astuple(product.index)
    evaluate(product, KRX)
    assert summaries_kept(product.index) and not hasattr(product.index, "summaries")
    assert dataclasses.astuple(product.index) == before


def test_products_taking_turns_over_many_indices_summarise_each_once(products: dict[str, str], monkeypatch) -> None:
    """Products ordered round-robin over more indices than any fixed bound (a batch of products on
    twelve indices) still summarise each index once: the 3-month means are computed on the first
    product of each index and never again."""
    product = Loader().load_product(products["all"])
    indices = [dataclasses.replace(product.index) for _ in range(12)]
    calls = []
    real = expressions.window_span
    monkeypatch.setattr(expressions, "window_span", lambda *a, **k: calls.append(1) or real(*a, **k))
    reports = []
    for turn in range(3):
        for index in indices:
            on_it = dataclasses.replace(product, underlying=dataclasses.replace(product.underlying, index=index))
            reports.append(shown(evaluate(on_it, KRX)))
        if turn == 0:
            first_turn = len(calls)
    assert first_turn > 0 and len(calls) == first_turn  # the second and third turns computed no mean
    assert all(report == reports[0] for report in reports)
    assert all(summaries_kept(index) for index in indices)


def test_an_index_summary_is_dropped_with_the_index(products: dict[str, str]) -> None:
    """The summaries hold no index alive: when nothing refers to an index any more, its summaries
    go with it."""
    import gc

    from etf_listing.summaries import indices_summarised

    product = Loader().load_product(products["all"])
    copy = dataclasses.replace(product.index)
    evaluate(dataclasses.replace(product, underlying=dataclasses.replace(product.underlying, index=copy)), KRX)
    assert summaries_kept(copy)
    before = indices_summarised()
    del copy
    gc.collect()
    assert indices_summarised() == before - 1




INDEX_RULES = ["krx.index.constituent_count", "krx.index.ktb_basket", "krx.index.single_issue_weight",
               "krx.index.top85_market_cap", "krx.index.top85_trading_value", "krx.index.eligible_market"]


def test_the_rules_that_read_no_product_are_told_apart() -> None:
    """What a rule reads decides whether its result can be shared: the index-only rules, not the
    license (the product's own field), the PDF rules, nor any watched rule."""
    assert [rule.id for rule in KRX.rules if not rule.reads_product] == INDEX_RULES
    assert all(rule.reads_product for rule in load_rulebook("krx-etf-continued-listing").rules)
    assert [rule.id for rule in load_rulebook("sebi-equity-etf-index").rules if not rule.reads_product]
    assert all(rule.reads_product for rule in load_rulebook("ucits-diversification").rules)


def test_a_rule_pointing_into_the_product_reads_it() -> None:
    """A check over the index alone whose findings point at a field of the product file reads the
    product: its result names that file, so it is not shared."""
    text = rulebook_text()
    count = "      value: {count: {ref: constituents}}\n"
    pointed = text.replace(count, count + "      location: product.underlying.index\n", 1)
    assert pointed.count("location: product.underlying.index") == 1
    rulebook = compile_rulebook(pointed, "pointed.yaml")
    assert [rule.id for rule in rulebook.rules if not rule.reads_product] == INDEX_RULES[1:]


def test_an_index_rule_is_decided_once_for_the_products_on_an_index(products: dict[str, str], monkeypatch) -> None:
    from etf_listing import evaluation

    decided: list[str] = []
    real = evaluation._decided
    monkeypatch.setattr(evaluation, "_decided", lambda rule, context: decided.append(rule.id) or real(rule, context))
    loader = Loader()
    first, second = (evaluate(loader.load_product(products[name]), KRX) for name in ("all", "few"))
    assert decided.count("krx.index.single_issue_weight") == 1 and decided.count("krx.pdf.market_cap_coverage") == 2
    assert len(decided) == 2 * len(KRX.rules) - len(INDEX_RULES)
    for one, other in zip(first.results, second.results):
        assert (one is other) == (one.rule.id in INDEX_RULES)  # the very same result, where it reads no product
    evaluate(loader.load_product(products["later"]), KRX)  # another date: decided again
    assert decided.count("krx.index.single_issue_weight") == 2


def test_a_shared_result_is_written_once_for_its_products(products: dict[str, str]) -> None:
    """The JSON of an index rule's result, shared by the products on the index, is made once a
    language; every product's report shows what it would show alone."""
    loader = Loader()
    first, second = (evaluate(loader.load_product(products[name]), KRX) for name in ("all", "few"))
    for lang in ("en", "ko"):
        one, other = report_dict(first, lang)["results"], report_dict(second, lang)["results"]
        for a, b in zip(one, other):
            assert (a is b) == (a["rule"] in INDEX_RULES)
        assert json.dumps(report_dict(second, lang), sort_keys=True) == json.dumps(
            report_dict(evaluate(Loader().load_product(products["few"]), KRX), lang), sort_keys=True)
    assert report_dict(first, "ko")["results"][2]["message"] != report_dict(first, "en")["results"][2]["message"]


def test_a_version_made_anew_with_other_parameters_gets_a_summary_of_its_own(products: dict[str, str]) -> None:
    """The key of a version's summaries is made once a version (``parameters_key``): a version
    replaced with other parameter values (as a library caller may make one) is keyed by its own."""
    product = Loader().load_product(products["all"])
    version = KRX.versions[-1]
    stricter_version = dataclasses.replace(version, parameters={**version.parameters,
                                                                "max_single_issue_weight": Decimal("0.10")})
    stricter = dataclasses.replace(KRX, versions=(*KRX.versions[:-1], stricter_version))
    assert parameters_key(version) == parameters_key(version) != parameters_key(stricter_version)
    kept = version.__dict__["_parameters_key"]
    parameters_key(version)
    assert version.__dict__["_parameters_key"] is kept  # made once, then only checked
    offenders = []
    for rulebook in (KRX, stricter, KRX, stricter):
        report = evaluate(product, rulebook)
        assert shown(report) == alone(products["all"], rulebook)
        weight = {r.rule.id: r for r in report.results}["krx.index.single_issue_weight"]
        offenders.append((weight.threshold, len(weight.items)))
    # (the largest issue holds about 32% of the index, the next two 16% and 11%)
    assert offenders == [(Decimal("0.30"), 1), (Decimal("0.10"), 3)] * 2


def test_a_parameter_changed_in_place_is_not_served_from_the_summary(products: dict[str, str]) -> None:
    """A version's parameters changed where they are (a library caller's dict, a list in it) are
    what the next evaluation judges by, as for a version made anew: the key is only checked, not
    made again, when nothing changed (``parameters_key``)."""
    rulebook = rulebook_with()  # a rulebook of this test's own, changed in place below
    parameters = rulebook.versions[-1].parameters
    product = Loader().load_product(products["all"])

    def judged() -> tuple[Any, ...]:
        report = evaluate(product, rulebook)
        assert shown(report) == alone(products["all"], rulebook)
        found = {r.rule.id: r for r in report.results}
        weight, market = found["krx.index.single_issue_weight"], found["krx.index.eligible_market"]
        return weight.threshold, len(weight.items), market.status

    before = judged()
    assert judged() == before == (Decimal("0.30"), 1, "pass")  # (the summary served, nothing changed)
    parameters["max_single_issue_weight"] = Decimal("0.10")  # type: ignore[index]
    assert judged() == (Decimal("0.10"), 3, "pass")
    parameters["eligible_markets"].remove("KOSPI")  # a list changed where it is
    assert judged() == (Decimal("0.10"), 3, "fail")
