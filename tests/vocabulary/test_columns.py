"""Rules evaluated a column at a time give exactly what they give one member at a time.

Every operation with a column form (``Expr.many``) is compared with its own ``fn`` called member by
member: the same values in the same slots, and for a member whose value is missing the same
reasons, in the same order. The shipped rulebook compiled both ways (``runtime.COLUMNS``) gives the
same reports on generated indices and products, with missing figures among them. ``all`` and
``any`` read a later condition only for the members the earlier ones left undecided, and a missing
row's reason is made only when a message shows it.
"""

from __future__ import annotations

import dataclasses
import functools
import datetime as dt
import json
import pickle
import random
from decimal import Decimal
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from etf_listing.errors import Location
from etf_listing.evaluation import evaluate
from etf_listing.loading.yaml_source import parse_yaml
from etf_listing.model import Constituent, Holding, Index, Participant, Product, Series, Underlying
from etf_listing.reporting.json_report import report_dict
from etf_listing.rulebook import Parameter, compile_rulebook
from etf_listing.summaries import forget
from etf_listing.vocabulary import operations  # noqa: F401 - registers the operations
from etf_listing.vocabulary import runtime
from etf_listing.vocabulary.compiler import Compiler
from etf_listing.vocabulary.known import Known, kinds_of
from etf_listing.vocabulary.operations import rankings
from etf_listing.vocabulary.runtime import Context, Missing, Unavailable, column

from ..builders import rulebook_text

AS_OF = dt.date(2024, 10, 31)
HERE = Location("index.csv", 2, 1)
PARAMETERS = {
    "cap": Parameter("cap", Decimal("0.30"), "ratio", {"en": "."}, True),
    "floor": Parameter("floor", 500, "krw", {"en": "."}, True),
    "basis": Parameter("basis", "mean", "choice", {"en": "."}, True, ("mean", "as_of")),
    "markets": Parameter("markets", ["KOSPI", "KOSDAQ"], "list", {"en": "."}, True),
}
DEFINITIONS = {
    "constituents": {"get": "index.constituents"},
    "mean_cap": {"window_mean": "market_cap_krw", "months": 3, "tolerance_days": 7,
                 "otherwise": {"get": "item.market_cap_krw"}},
    "weight": {"share": {"ref": "mean_cap"}, "within": {"ref": "constituents"}},
    "held": {"member_of": {"filter": {"get": "product.pdf"}, "where": {">": [{"get": "item.quantity"}, 0]}},
             "key": "code"},
}

# Expressions of a constituent, each with a column form or made of parts that have one; each is
# also a definition (remembered for each member).
OF_A_CONSTITUENT = [
    "{get: item.market_cap_krw}",
    "{get: item.market}",
    "{ref: mean_cap}",
    "{ref: weight}",
    "{'<=': [{ref: weight}, {param: cap}]}",
    "{'<': [{ref: weight}, 0.05]}",
    "{'>': [{ref: weight}, {param: cap}]}",
    "{'>=': [{ref: weight}, 0.5]}",
    "{'>=': [{get: item.market_cap_krw}, {param: floor}]}",
    "{'>': [{get: item.market_cap_krw}, {get: item.trading_value_krw}]}",
    "{'>=': [{get: item.trading_value_krw}, {get: product.principal_krw}]}",
    "{'==': [{get: item.ktb_futures_basket}, true]}",
    "{'!=': [{get: item.market}, KOSPI]}",
    "{'==': [{get: item.trading_value_krw}, 0]}",
    "{in: [{get: item.market}, {param: markets}]}",
    "{not_in: [{get: item.market}, [KONEX]]}",
    "{between: [{get: item.market_cap_krw}, 100, 900]}",
    "{not: {ref: held}}",
    "{ref: held}",
    "{all: [{ref: held}, {'>': [{get: item.trading_value_krw}, 10]}]}",
    "{any: [{get: item.ktb_futures_basket}, {'<=': [{ref: weight}, {param: cap}]}, {ref: held}]}",
    "{all: [{get: item.ktb_futures_basket}, {not: {ref: held}}]}",
    "{first_given: [{get: item.trading_value_krw}, {get: item.market_cap_krw}]}",
    "{first_given: [{get: item.ktb_futures_basket}, false]}",
    "{first_given: [{get: item.trading_value_krw}, {get: item.market_cap_krw}, {ref: mean_cap}]}",
    "{choose: {param: basis}, cases: {mean: {ref: mean_cap}, as_of: {get: item.market_cap_krw}}}",
    "{choose: {get: item.market}, cases: {KOSPI: {get: item.market_cap_krw}}}",
]
DEFINED = {expression: f"defined_{i}" for i, expression in enumerate(OF_A_CONSTITUENT)}
DEFINITIONS.update({name: parse_yaml(expression, "definition.yaml").data for expression, name in DEFINED.items()})
OF_A_HOLDING = [
    "{get: item.value_krw}",
    "{'>': [{get: item.value_krw}, 0]}",
    "{'!=': [{get: item.quantity}, 0]}",
    "{all: [{'!=': [{get: item.quantity}, 0]}, {not: {member_of: {ref: constituents}, key: code}}]}",
    "{any: [{member_of: {ref: constituents}, key: code}, {first_given: [{get: item.linked}, false]}]}",
    "{first_given: [{get: item.linked}, {'>': [{get: item.quantity}, 0]}]}",
    "{first_given: [{get: item.linked}, {'>': [{get: item.value_krw}, 0]}, {'!=': [{get: item.quantity}, 0]}]}",
]
# Expressions over whole collections: filters, totals, rankings (their members' values as columns).
OF_THE_PRODUCT = [
    "{count: {filter: {ref: constituents}, where: {ref: held}}}",
    "{sum: {filter: {ref: constituents}, where: {ref: held}}, of: {ref: weight}}",
    "{sum: {filter: {get: product.pdf}, where: {'>': [{get: item.value_krw}, 0]}}, of: {get: item.value_krw}}",
    "{max: {ref: constituents}, of: {ref: weight}}",
    "{min: {ref: constituents}, of: {get: item.trading_value_krw}}",
    "{top_cumulative_share: {ref: constituents}, by: {ref: mean_cap}, cut: 0.85, straddling: include}",
    "{top_cumulative_share: {ref: constituents}, by: {ref: mean_cap}, cut: 0.85, straddling: exclude}",
    "{top_cumulative_share: {ref: constituents}, by: {ref: mean_cap}, cut: 0.30, straddling: include}",
    "{top_cumulative_share: {ref: constituents}, by: {get: item.trading_value_krw}, cut: 0, straddling: include}",
    "{top_cumulative_share: {ref: constituents}, by: {get: item.trading_value_krw}, cut: 1, straddling: include}",
    "{top_cumulative_share: {ref: constituents}, by: {get: item.trading_value_krw}, cut: 1, straddling: exclude}",
    "{top_cumulative_share: {ref: constituents}, by: {ref: weight}, cut: 0.5, straddling: include}",
    "{top: 3, of: {ref: constituents}, by: {ref: weight}}",
    "{top: 3, of: {ref: constituents}, by: {get: item.trading_value_krw}}",
    "{filter: {ref: constituents}, where: {all: [{ref: held}, {'<=': [{ref: weight}, {param: cap}]}]}}",
]


@functools.lru_cache(maxsize=None)
def compiled(expression: str, scope: type | None, columns: bool) -> Any:
    saved = runtime.COLUMNS
    runtime.COLUMNS = columns
    try:
        compiler = Compiler(PARAMETERS, DEFINITIONS, lambda where: Location("rules.yaml", 1 + len(where), 1))
        expr = compiler.compile(parse_yaml(expression, "expression.yaml").data, scope, ())
    finally:
        runtime.COLUMNS = saved
    assert not compiler.problems, compiler.problems
    return expr


def context(product: Product) -> Context:
    return Context(product, {n: p.value for n, p in PARAMETERS.items()}, AS_OF)


def one_at_a_time(expr: Any, ctx: Context, members: tuple[Any, ...]) -> list[Any]:
    found: list[Any] = []
    for member in members:
        try:
            found.append(("value", expr.fn(ctx, member)))
        except Missing as missing:
            found.append(("missing", [(r.message, r.item, r.location, r.ko) for r in missing.reasons]))
    return found


def seen(values: list[Any]) -> list[Any]:
    return [("missing", [(r.message, r.item, r.location, r.ko) for r in v.reasons]) if type(v) is Unavailable
            else ("value", v) for v in values]


def whole(expr: Any, ctx: Context) -> Any:
    try:
        return ("value", expr.fn(ctx, None))
    except Missing as missing:
        return ("missing", [(r.message, r.item, r.location, r.ko) for r in missing.reasons])


# --- generated indices and products ---------------------------------------------------------------

# small whole amounts, so that shares land exactly on a threshold (3 of 10 is 0.30); now and then a
# negative one (wrong data, decided alike both ways)
amounts = st.one_of(st.none(), st.integers(0, 10).map(Decimal), st.integers(0, 1000).map(Decimal),
                    st.sampled_from([Decimal("0.5"), Decimal(300), Decimal(-2)]))


@st.composite
def products(draw: Any) -> Product:
    count = draw(st.integers(0, 12))
    constituents = tuple(
        Constituent(f"{i:06d}", f"Issue {i}", draw(st.sampled_from(["KOSPI", "KOSDAQ", "KONEX"])), None,
                    draw(st.sampled_from([None, True, False])), None, draw(amounts), draw(amounts),
                    Location("index.csv", i + 2, 1))
        for i in draw(st.permutations(range(count))))
    # some issues with a daily series (the window's mean), some without (the mean given)
    daily = draw(st.sets(st.sampled_from([c.code for c in constituents]), max_size=3)) if constituents else set()
    series = {code: Series((dt.date(2024, 8, 1), dt.date(2024, 9, 2), AS_OF), (100, 200, draw(st.integers(0, 900))),
                           (1, 2, 3), HERE) for code in sorted(daily)}
    index = Index(file="index.yaml", name="Generated", provider=None, asset_class="equity", weighting="market_cap",
                  constituents=constituents, series=series, locations={})
    codes = [c.code for c in constituents] + ["999999"]
    pdf = tuple(Holding(code, f"Holding {code}", draw(st.sampled_from([Decimal(0), Decimal(10), Decimal(-1)])),
                        Location("pdf.csv", i + 2, 1), value_krw=draw(amounts), linked=draw(st.sampled_from([None, True, False])))
                for i, code in enumerate(draw(st.lists(st.sampled_from(codes), max_size=8, unique=True))))
    return Product(
        file="product.yaml", name="Generated ETF", issuer=None, as_of=AS_OF, fund_form="trust",
        principal_krw=draw(st.sampled_from([None, Decimal(5), Decimal(5000)])), units=200_000, management="passive",
        leverage=Decimal(1), creation="in_kind", cash_creation_reason=None, underlying=Underlying(index, True),
        participants=(Participant("P1", True, True, HERE),), pdf=pdf, linked_assets_ratio=None)


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(products())
def test_a_column_of_constituents_is_each_constituent_s_value(product: Product) -> None:
    members = product.index.constituents
    for expression in OF_A_CONSTITUENT:
        expected = one_at_a_time(compiled(expression, Constituent, columns=False), context(product), members)
        assert seen(column(compiled(expression, Constituent, columns=True), context(product), members)) == expected, expression


@SETTINGS
@given(products())
def test_a_column_of_pdf_rows_is_each_row_s_value(product: Product) -> None:
    members = product.pdf
    for expression in OF_A_HOLDING:
        expected = one_at_a_time(compiled(expression, Holding, columns=False), context(product), members)
        assert seen(column(compiled(expression, Holding, columns=True), context(product), members)) == expected, expression


@SETTINGS
@given(products())
def test_collections_decided_a_column_at_a_time_agree(product: Product) -> None:
    for expression in OF_THE_PRODUCT:
        expected = whole(compiled(expression, None, columns=False), context(product))
        assert whole(compiled(expression, None, columns=True), context(product)) == expected, expression


# Columns whose values' types their operation tells (``known.Known``): a field, a comparison with
# a bound (numbers, a share of a total, text among texts, equality), membership and its negation.
KNOWING = [
    ("{get: item.market}", Constituent), ("{get: item.market_cap_krw}", Constituent),
    ("{'<=': [{ref: weight}, {param: cap}]}", Constituent), ("{'>=': [{get: item.market_cap_krw}, 5]}", Constituent),
    ("{in: [{get: item.market}, {param: markets}]}", Constituent), ("{not_in: [{get: item.market}, {param: markets}]}", Constituent),
    ("{'==': [{get: item.market}, KOSPI]}", Constituent), ("{'==': [{get: item.ktb_futures_basket}, true]}", Constituent),
    ("{not: {ref: held}}", Constituent), ("{ref: held}", Constituent),
    ("{get: item.quantity}", Holding), ("{'>': [{get: item.quantity}, 0]}", Holding),
    ("{member_of: {ref: constituents}, key: code}", Holding),
]


@SETTINGS
@given(products())
def test_a_column_that_tells_its_values_types_tells_them_right(product: Product) -> None:
    told = 0
    for expression, scope in KNOWING:
        members = product.index.constituents if scope is Constituent else product.pdf
        values = column(compiled(expression, scope, columns=True), context(product), members)
        if type(values) is Known:
            told += 1
            assert values.kinds == set(map(type, values)), expression
            assert pickle.loads(pickle.dumps(values)) == list(values) and kinds_of(list(values)) == values.kinds
    assert told or not product.index.constituents


# figures of any shape, and heavy-tailed ones (a few large issues among many small, tied or zero
# ones), so that the top is found among the largest few without ranking the rest
# (``rankings.FIRST_GUESS``, lowered here) and, as often, is not
_figure = st.one_of(st.integers(0, 3), st.integers(0, 10**6), st.sampled_from([10**9, 10**12]))
figures = st.one_of(
    st.lists(_figure.map(Decimal) | st.integers(0, 50), min_size=1, max_size=60),
    st.builds(lambda large, small: [Decimal(x) for x in large + small],
              st.lists(st.sampled_from([10**9, 10**12]) | st.integers(10**6, 10**9), min_size=1, max_size=8),
              st.lists(st.integers(0, 1000) | st.just(0), min_size=40, max_size=250)))


@settings(max_examples=150, deadline=None)
@given(figures, st.integers(1, 6), st.sampled_from(["0.85", "0.30", "0.5", "0.999", "1", "0"]),
       st.sampled_from(["include", "exclude"]), st.randoms(use_true_random=False))
# the largest 32 come exactly to the cut, and the issues of nothing after them are within it too
@example([Decimal(5)] * 32 + [Decimal(0)] * 96, 2, "1", "exclude", random.Random(1))
def test_a_cut_taken_among_the_largest_few_is_the_cut_of_the_whole_ranking(
        values: list[Any], guess: int, cut: str, straddling: str, shuffled: Any) -> None:
    constituents = [Constituent(f"{i:06d}", f"Issue {i}", "KOSPI", None, None, None, value, Decimal(1), HERE)
                    for i, value in enumerate(values)]
    shuffled.shuffle(constituents)  # the file's order never matters: ties go by code
    index = Index(file="index.yaml", name="Tailed", provider=None, asset_class="equity", weighting="market_cap",
                  constituents=tuple(constituents), series={}, locations={})
    product = Product(file="product.yaml", name="ETF", issuer=None, as_of=AS_OF, fund_form="trust",
                      principal_krw=Decimal(1), units=1, management="passive", leverage=Decimal(1), creation="in_kind",
                      cash_creation_reason=None, underlying=Underlying(index, True), participants=(), pdf=(),
                      linked_assets_ratio=None)
    expression = (f"{{top_cumulative_share: {{get: index.constituents}}, by: {{get: item.market_cap_krw}}, "
                  f"cut: {cut}, straddling: {straddling}}}")
    expected = whole(compiled(expression, None, columns=False), context(product))
    saved, rankings.FIRST_GUESS = rankings.FIRST_GUESS, guess
    try:
        assert whole(compiled(expression, None, columns=True), context(product)) == expected
    finally:
        rankings.FIRST_GUESS = saved


@SETTINGS
@given(products(), st.sampled_from(OF_A_CONSTITUENT))
def test_values_remembered_one_at_a_time_and_as_a_column_agree(product: Product, expression: str) -> None:
    """Whichever asks first, a member's remembered value is the one both forms give."""
    expr = compiled(f"{{ref: {DEFINED[expression]}}}", Constituent, columns=True)
    reference = compiled(expression, Constituent, columns=False)
    members = product.index.constituents
    ctx = context(product)
    first = one_at_a_time(expr, ctx, members[: len(members) // 2])
    expected = one_at_a_time(reference, context(product), members)
    assert first + seen(column(expr, ctx, members))[len(first):] == expected
    assert one_at_a_time(expr, ctx, members) == seen(column(expr, ctx, members)) == expected


# --- the shipped rulebook, both ways ----------------------------------------------------------------

@pytest.fixture(scope="module")
def rulebooks() -> Iterator[tuple[Any, Any]]:
    text = rulebook_text()
    runtime.COLUMNS = False
    try:
        one_at_a_time_ = compile_rulebook(text, "rules/krx/etf-listing.yaml")
    finally:
        runtime.COLUMNS = True
    yield one_at_a_time_, compile_rulebook(text, "rules/krx/etf-listing.yaml")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(products())
def test_the_shipped_rulebook_decides_alike_a_column_at_a_time(rulebooks: tuple[Any, Any], product: Product) -> None:
    item_at_a_time, columns = rulebooks
    reports = []
    for rulebook in (item_at_a_time, columns):
        forget(product.index)
        report = evaluate(product, rulebook)
        reports.append(([json.dumps(report_dict(report, lang), default=str, ensure_ascii=False) for lang in ("en", "ko")],
                        [r.figures for r in report.results]))
    assert reports[0] == reports[1]
    forget(product.index)


# --- what is read, and when -------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True, slots=True)
class Counted(Constituent):
    """A constituent that counts the reads of its trading value."""

    reads: list[str] = dataclasses.field(default_factory=list, compare=False)

    def __getattribute__(self, name: str) -> Any:
        if name == "trading_value_krw":
            object.__getattribute__(self, "reads").append(object.__getattribute__(self, "code"))
        return object.__getattribute__(self, name)


def counted_product(flags: list[bool | None], trading: list[Decimal | None]) -> Product:
    constituents = tuple(Counted(f"{i:06d}", f"Issue {i}", "KOSPI", None, flag, None, Decimal(1), value, HERE)
                         for i, (flag, value) in enumerate(zip(flags, trading)))
    index = Index(file="index.yaml", name="Counted", provider=None, asset_class="equity", weighting="market_cap",
                  constituents=constituents, series={}, locations={})
    return Product(file="product.yaml", name="ETF", issuer=None, as_of=AS_OF, fund_form="trust",
                   principal_krw=Decimal(1), units=1, management="passive", leverage=Decimal(1), creation="in_kind",
                   cash_creation_reason=None, underlying=Underlying(index, True), participants=(), pdf=(),
                   linked_assets_ratio=None)


@pytest.mark.parametrize("operation, decisive", [("all", False), ("any", True)])
def test_a_later_condition_is_read_only_for_the_members_still_undecided(operation: str, decisive: bool) -> None:
    flags = [True, False, None, True, False]
    product = counted_product(flags, [Decimal(5), None, Decimal(0), None, Decimal(7)])
    expr = compiled(f"{{{operation}: [{{get: item.ktb_futures_basket}}, {{'>': [{{get: item.trading_value_krw}}, 1]}}]}}",
                    Constituent, columns=True)
    members = product.index.constituents
    values = column(expr, context(product), members)
    undecided = [m.code for m, flag in zip(members, flags) if flag is not None and flag is not decisive]
    assert [m.code for m in members if m.reads] == undecided
    assert seen(values) == one_at_a_time(compiled(f"{{{operation}: [{{get: item.ktb_futures_basket}}, "
                                                  f"{{'>': [{{get: item.trading_value_krw}}, 1]}}]}}",
                                                  Constituent, columns=False), context(product), members)


def test_a_filter_names_every_member_without_the_figure_once_in_order() -> None:
    product = counted_product([True] * 4, [None, Decimal(3), None, None])
    expr = compiled("{filter: {ref: constituents}, where: {'>': [{get: item.trading_value_krw}, 1]}}", None, columns=True)
    with pytest.raises(Missing) as missing:
        expr.fn(context(product), None)
    assert [(r.item.code, r.message) for r in missing.value.reasons] == [
        ("000000", "Issue 0 (000000): trading_value_krw is not given"),
        ("000002", "Issue 2 (000002): trading_value_krw is not given"),
        ("000003", "Issue 3 (000003): trading_value_krw is not given")]


def test_a_missing_row_s_reason_is_made_only_when_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """A filter over rows that lack a figure, whose result a rule never shows, makes no reason."""
    made: list[Any] = []
    original = runtime.Reason.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        made.append(args[1] if len(args) > 1 else None)
        original(self, *args, **kwargs)

    monkeypatch.setattr(runtime.Reason, "__init__", counting)
    product = counted_product([True] * 50, [None] * 50)
    expr = compiled("{given: {sum: {ref: constituents}, of: {get: item.trading_value_krw}}}", None, columns=True)
    assert expr.fn(context(product), None) is False
    assert made == []
    total = compiled("{sum: {ref: constituents}, of: {get: item.trading_value_krw}}", None, columns=True)
    with pytest.raises(Missing) as missing:
        total.fn(context(product), None)
    assert len(missing.value.reasons) == 50 and len(made) == 50


def test_a_compiled_rulebook_leaves_no_reference_cycle_when_dropped() -> None:
    """A column form that calls its expression member by member is held beside it, not on it, so a
    rulebook goes as soon as it is dropped (the screen and the command run without the cyclic
    collector)."""
    import gc

    text = rulebook_text()
    compile_rulebook(text, "rules/krx/etf-listing.yaml")
    gc.collect()
    gc.disable()
    try:
        rulebook = compile_rulebook(text, "rules/krx/etf-listing.yaml")
        del rulebook
        assert gc.collect() == 0
    finally:
        gc.enable()


# --- an index's weights, made when read -------------------------------------------------------------

def test_shares_over_their_parts_read_as_the_ratios_they_stand_for() -> None:
    """A column of shares made over its numerators reads, every way a list is read, as the list
    of Ratios it stands for; the ways a whole column is read (a part, one share, the numerators)
    make no Ratio for the others."""
    from etf_listing.vocabulary.numbers import Ratio, Shares, numerators, share_at, taken

    parts, den = [Decimal(3), Decimal(0), Decimal(7), Decimal(3)], Decimal(13)
    expected = [Ratio(p, den) for p in parts]
    shares = Shares.over(parts, den)
    assert len(shares) == 4 and bool(shares) and not Shares.over([], den)
    assert numerators(shares) is parts and share_at(shares, 2) == Ratio(Decimal(7), den)
    part = taken(shares, [3, 0])
    assert type(part) is Shares and numerators(part) == [Decimal(3), Decimal(3)] and part.den is den
    assert shares._pending and part._pending  # nothing above made a Ratio for every share
    assert list(shares) == expected and not shares._pending
    fresh = Shares.over(parts, den)  # each way of reading, on a column not yet made
    assert [fresh[i] for i in range(4)] == expected
    assert Shares.over(parts, den)[1:3] == expected[1:3]
    assert list(reversed(Shares.over(parts, den))) == expected[::-1]
    assert Shares.over(parts, den).count(Ratio(Decimal(3), den)) == 2
    assert Ratio(Decimal(7), den) in Shares.over(parts, den)
    assert [] + Shares.over(parts, den) == expected and Shares.over(parts, den) + [] == expected
    assert Shares.over(parts, den) == expected and tuple(Shares.over(parts, den)) == tuple(expected)
    assert [type(r) for r in Shares.over(parts, den)] == [Ratio] * 4
    assert all(r.den is den for r in Shares.over(parts, den))
    import copy
    import pickle

    for again in (pickle.loads(pickle.dumps(Shares.over(parts, den))), copy.copy(Shares.over(parts, den))):
        assert type(again) is Shares and again == expected and again.den == den and numerators(again) == parts


# --- a field no member gives, its slots made when read -----------------------------------------------

def _holding(i: int, quantity: int = 10) -> Holding:
    return Holding(f"{i:06d}", f"Holding {i}", Decimal(quantity), Location("pdf.csv", i + 2, 1))


def test_a_field_no_member_gives_reads_as_the_missing_slots_it_stands_for() -> None:
    """A column of a field no row gives (``Absent``) reads, every way a list is read, as the list of
    each member's missing slot, with the reasons one at a time gives; the test for gaps, the gaps
    and a copy do not make the slots."""
    import copy
    import pickle

    from etf_listing.vocabulary.runtime import Absent, gaps, has_gaps

    members = tuple(_holding(i) for i in range(3))
    why = ("value_krw is not given", "value_krw 값이 없습니다")
    expected = seen([Unavailable(None, member, why) for member in members])
    absent = Absent(members, why)
    assert len(absent) == 3 and bool(absent) and not Absent((), why) and not has_gaps(Absent((), why))
    assert has_gaps(absent) and gaps(absent) is absent and absent._pending  # nothing made yet
    assert seen(list(absent)) == expected and not absent._pending
    assert seen([Absent(members, why)[i] for i in range(3)]) == expected
    assert seen(Absent(members, why)[1:]) == expected[1:] and seen(list(reversed(Absent(members, why)))) == expected[::-1]
    assert seen([] + Absent(members, why)) == expected and seen(list(tuple(Absent(members, why)))) == expected
    for again in (pickle.loads(pickle.dumps(Absent(members, why))), copy.copy(Absent(members, why))):
        assert seen(list(again)) == expected
    [reason] = Missing.of(Absent(members[:1], why)).reasons
    assert (reason.message, reason.item, reason.location) == (f"{members[0].name} ({members[0].code}): value_krw is not given",
                                                              members[0], members[0].location)


@pytest.mark.parametrize("expression", [
    "{get: item.value_krw}",
    "{'>': [{get: item.value_krw}, 0]}",
    "{'<': [0, {get: item.value_krw}]}",
    "{'>': [{get: item.value_krw}, {get: product.principal_krw}]}",
    "{in: [{get: item.linked}, [true]]}",
    "{first_given: [{get: item.linked}, false]}",
    "{not: {first_given: [{get: item.linked}, false]}}",
])
def test_a_column_of_a_field_no_holding_gives_is_each_holding_s_value(expression: str) -> None:
    """A PDF without valuations or linked marks: the column (passed on whole by a comparison, never
    made row by row) is what one holding at a time gives, reasons and all."""
    holdings = tuple(_holding(i) for i in range(4))
    product = dataclasses.replace(_a_product(), pdf=holdings)
    found = column(compiled(expression, Holding, columns=True), context(product), holdings)
    assert seen(found) == one_at_a_time(compiled(expression, Holding, columns=False), context(product), holdings)


@pytest.mark.parametrize("expression", [
    "{sum: {filter: {get: product.pdf}, where: {'>': [{get: item.value_krw}, 0]}}, of: {get: item.value_krw}}",
    "{count: {filter: {get: product.pdf}, where: {'>': [{get: item.value_krw}, 0]}}}",
    "{count: {filter: {get: product.pdf}, where: {not: {first_given: [{get: item.linked}, false]}}}}",
])
def test_a_filter_on_a_field_no_holding_gives_is_missing_for_each_holding(expression: str) -> None:
    """A filter that no row can decide is missing with every row's reason, in order, as one row at a
    time is; with no rows it chooses none."""
    holdings = tuple(_holding(i) for i in range(4))
    for pdf in (holdings, ()):
        product = dataclasses.replace(_a_product(), pdf=pdf)
        expected = whole(compiled(expression, None, columns=False), context(product))
        assert whole(compiled(expression, None, columns=True), context(product)) == expected
    assert expected == ("value", 0)
    product = dataclasses.replace(_a_product(), pdf=holdings)
    kind, reasons = whole(compiled(expression, None, columns=True), context(product))
    if "value_krw" in expression:
        assert kind == "missing" and [item for _, item, _, _ in reasons] == list(holdings)


def _a_product() -> Product:
    index = Index(file="index.yaml", name="Generated", provider=None, asset_class="equity", weighting="market_cap",
                  constituents=(), series={}, locations={})
    return Product(
        file="product.yaml", name="Generated ETF", issuer=None, as_of=AS_OF, fund_form="trust",
        principal_krw=Decimal(5000), units=200_000, management="passive", leverage=Decimal(1), creation="in_kind",
        cash_creation_reason=None, underlying=Underlying(index, True), participants=(Participant("P1", True, True, HERE),),
        pdf=(), linked_assets_ratio=None)


def test_a_cap_every_weight_meets_is_judged_without_making_each_weight(tmp_path: Any) -> None:
    """The 30% cap on an index every issue of which meets it reports the largest weight, found by
    the weights' numerators: the column of weights stays unmade until a report draws every issue."""
    from etf_listing.results import Figures
    from etf_listing.vocabulary.numbers import Shares

    from ..builders import check, index, product, result, stocks

    issues = stocks(7, market_cap=100)
    issues[6]["market_cap_krw"] = 200
    report = check(tmp_path, product(index(issues)))
    weight = result(report, "krx.index.single_issue_weight")
    assert weight.status == "pass" and weight.observed == Decimal("0.25")  # 200 of 800
    figures = weight.figures
    assert type(figures) is Figures and type(figures._values) is Shares and figures._values._pending
    assert [value for _, value in figures] == [Decimal("0.125")] * 6 + [Decimal("0.25")]


def test_a_column_s_sum_is_kept_only_where_it_was_taken_exactly() -> None:
    from decimal import localcontext

    from etf_listing.vocabulary.known import known
    from etf_listing.vocabulary.numbers import EXACT, add_all

    large = [Decimal(10**30 + 1), Decimal(10**30)]
    column_ = known(large, {Decimal})
    assert add_all(column_) == Decimal("2E+30")  # 28 digits, rounded: not kept
    with localcontext(EXACT):
        assert add_all(column_) == Decimal(2 * 10**30 + 1)
        assert column_.total == Decimal(2 * 10**30 + 1)  # kept, and given again
        assert add_all(column_) is column_.total


def test_a_part_is_the_tuple_of_its_members_and_knows_their_places() -> None:
    from etf_listing.vocabulary.parts import chosen, part

    home = ("a", "b", "c", "d")
    kept = chosen(home, [True, False, True, False])
    assert kept == ("a", "c") and hash(kept) == hash(("a", "c")) and kept.spots == [0, 2]
    top = part(home, [3, 1])
    assert top == ("d", "b") and top.spots == [3, 1] and top.home is home
    for found in (kept, top):
        copied = pickle.loads(pickle.dumps(found))
        assert type(copied) is tuple and copied == found  # the home does not travel with it


def test_a_column_of_fractions_shown_as_figures_is_a_plain_list_and_its_types_are_seen() -> None:
    from etf_listing.results import public_figure
    from etf_listing.vocabulary.known import Known, known
    from etf_listing.vocabulary.numbers import Ratio

    shown = public_figure(known([Ratio(Decimal(1), Decimal(4)), Ratio(Decimal(1), Decimal(2))], {Ratio}))
    assert type(shown) is list and shown == [Decimal("0.25"), Decimal("0.5")]
    bare = Known([Decimal(1), None])  # made without its kinds: they are seen
    assert kinds_of(bare) == {Decimal, type(None)}
