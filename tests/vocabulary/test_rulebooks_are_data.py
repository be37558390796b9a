"""A rulebook from an untrusted repository is data: it cannot run code, read a file, reach past
the model's fields, or make an evaluation explode. Each claim is shown here."""

from __future__ import annotations

import dataclasses
import sys
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etf_listing import model
from etf_listing.errors import InputError
from etf_listing.evaluation import evaluate
from etf_listing.formatting import render_message
from etf_listing.loading.load import Loader
from etf_listing.rulebook import MAX_LIST_ITEMS, MAX_RULEBOOK_VALUES, compile_rulebook, load_rulebook
from etf_listing.vocabulary.compiler import MAX_EXPRESSION_DEPTH
from etf_listing.vocabulary.tree import fields_of

from .. import corpus
from ..conftest import REPOSITORY, EXAMPLES

BOOK = """\
kind: etf-rulebook
schema_version: 1
id: untrusted
version: "1"
effective_from: 2020-01-01
title: A rulebook from somewhere else
parameters:
  minimum: {value: 10, unit: count, description: Minimum.}
  share: {value: 0.5, unit: ratio, description: A ratio.}
rules:
  - id: t.rule
    title: Rule
    requirement: Something.
    citation: Test.
    unit: count
    check:
      value: VALUE
      operator: ">="
      threshold: {param: minimum}
"""


def book(value: str, **replacements: str) -> str:
    text = BOOK.replace("VALUE", value)
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


def refusal(text: str) -> str:
    """Every mistake the compiler finds in ``text``, one a line."""
    with pytest.raises(InputError) as caught:
        compile_rulebook(text, "rules.yaml")
    return "\n".join(map(str, caught.value.problems))


# --- get reads the model's fields, and nothing else -------------------------------------------------

RECORDS: dict[str, type] = {"product": model.Product, "index": model.Index, "underlying": model.Underlying,
                            "constituent": model.Constituent, "participant": model.Participant, "holding": model.Holding}
EVERY_ATTRIBUTE = sorted({name for cls in RECORDS.values() for name in dir(cls)} | {"__dict__", "__globals__", "__builtins__"})


@pytest.mark.parametrize("name", EVERY_ATTRIBUTE)
def test_get_reaches_exactly_the_fields_a_rule_may_read(name: str) -> None:
    """Every attribute Python has on the model classes (dunders, methods, properties, slots, the
    hidden location fields): ``get`` compiles for the fields a rule may read, and is refused for
    all the rest, on the product, the index and an item alike."""
    cases = [("product", model.Product, "{count: {filter: {get: product.participants}, where: {given: {get: product.NAME}}}}"),
             ("index", model.Index, "{count: {filter: {get: product.participants}, where: {given: {get: index.NAME}}}}"),
             ("constituent", model.Constituent, "{count: {filter: {get: index.constituents}, where: {given: {get: item.NAME}}}}")]
    for _, record, expression in cases:
        text = book(expression.replace("NAME", name))
        if name in fields_of(record):
            compile_rulebook(text, "rules.yaml")
        else:
            assert "has no field" in refusal(text)


@pytest.mark.parametrize("path", ["product.__class__.__init__.__globals__", "item.__dict__", "product.underlying.__class__",
                                  "index.series", "product.locations", "product.file", "product.index.__module__",
                                  "/etc/passwd", "os.system", "__import__"])
def test_paths_into_python_objects_are_refused_at_load(path: str) -> None:
    message = refusal(book(f"{{count: {{filter: {{get: index.constituents}}, where: {{given: {{get: {path}}}}}}}}}"))
    assert message.startswith("rules.yaml:17:"), message


@pytest.mark.parametrize("operation", ["{param: __class__}", "{ref: __init__}", "{param: minimum.__class__}"])
def test_parameters_and_definitions_are_names_not_attributes(operation: str) -> None:
    assert refusal(book(operation)).startswith("rules.yaml:17:")


# --- message templates are filled by name, never by attribute access ------------------------------

@settings(max_examples=200, deadline=None)
@given(st.sampled_from(EVERY_ATTRIBUTE + ["observed", "threshold", "0", "0.__class__", "observed.__class__",
                                          "rule.__dict__", "items[0]", "!r", "observed!r", ":>10"]))
def test_a_template_placeholder_is_a_name_or_is_left_as_written(placeholder: str) -> None:
    rule = load_rulebook().rules[0]
    template = {"en": f"{{{placeholder}}}", "ko": f"{{{placeholder}}}"}
    shown = render_message(template, rule, {}, {"observed": Decimal(3), "threshold": Decimal(10), "operator": ">="})
    known = {"observed": "3", "threshold": "10", "offender_count": "0"}
    assert shown["en"] == known.get(placeholder, f"{{{placeholder}}}")


# --- no code runs and no file is read ----------------------------------------------------------------

def _annotations() -> set[str]:
    return {str(annotation) for cls in RECORDS.values() for c in cls.__mro__
            for annotation in getattr(c, "__annotations__", {}).values()}


FORBIDDEN = ("open", "os.", "subprocess.", "socket.", "shutil.", "import", "urllib.", "ctypes.", "pty.", "webbrowser.")


def test_compiling_and_evaluating_hostile_rulebooks_opens_no_file_and_runs_no_code() -> None:
    """A Python audit hook records what compiling and evaluating every rulebook of the corpus does.
    The only code compiled is the model's own type annotations (read to check field names)."""
    product = Loader(root=str(EXAMPLES)).load_product(str(EXAMPLES / "value-up-passive" / "product.yaml"))
    texts = [(corpus.CORPUS / name / "rules.yaml").read_text(encoding="utf-8") for name in corpus.cases()
             if (corpus.CORPUS / name / "rules.yaml").is_file()]
    texts.append((corpus.CORPUS.parent / "rulebooks" / "ucits-style-diversification.yaml").read_text(encoding="utf-8"))
    for text in texts:  # once before watching: lazy imports (jsonschema) are the tool's, not the rulebook's
        try:
            evaluate(product, compile_rulebook(text, "rules.yaml"))
        except InputError:
            pass
    seen: list[tuple[str, Any]] = []
    watching = [True]

    def hook(event: str, arguments: Any) -> None:
        if watching[0] and (event.startswith(FORBIDDEN) or event in ("compile", "exec")):
            seen.append((event, arguments))

    sys.addaudithook(hook)  # cannot be removed: ``watching`` turns it off at the end
    try:
        for text in texts:
            try:
                evaluate(product, compile_rulebook(text, "rules.yaml"))
            except InputError:
                pass
    finally:
        watching[0] = False
    annotations = _annotations()
    compiled = {arguments[0].decode() if isinstance(arguments[0], bytes) else arguments[0]
                for event, arguments in seen if event == "compile"}
    assert compiled <= annotations
    assert [event for event, _ in seen if event not in ("compile", "exec")] == []


def test_no_rulebook_field_names_a_file() -> None:
    """The rulebook's schema has no field that takes a path: the words a rulebook can use to reach
    the disk (include, import, file, path, source ...) are refused as unknown fields."""
    for field in ("include", "import", "file", "path", "extends", "$ref"):
        assert "unknown field" in refusal(BOOK.replace("title: A rulebook", f"{field}: /etc/passwd\ntitle: A rulebook"))


# --- limits ----------------------------------------------------------------------------------------

def test_a_rulebook_holds_at_most_so_many_values() -> None:
    rule = BOOK[BOOK.index("  - id: t.rule"):].replace("VALUE", "{count: {get: index.constituents}}")
    rules = "".join(rule.replace("t.rule", f"t.r{i}") for i in range(MAX_RULEBOOK_VALUES // 15))
    message = refusal(BOOK[: BOOK.index("  - id: t.rule")] + rules)
    assert f"the document holds more than {MAX_RULEBOOK_VALUES:,} values" in message


def test_a_rulebook_list_holds_at_most_so_many_items() -> None:
    items = "[" + ", ".join(map(str, range(MAX_LIST_ITEMS + 1))) + "]"
    message = refusal(book("{count: {get: index.constituents}}", **{'operator: ">="': 'operator: "in"', "{param: minimum}": items}))
    assert message == f"rules.yaml:19:18: a list of {MAX_LIST_ITEMS + 1:,} items; a rulebook's lists hold at most {MAX_LIST_ITEMS:,}"


def test_an_expression_nests_at_most_so_many_levels_counting_definitions() -> None:
    definitions = "".join(f"  d{i}: {{not: {{ref: d{i + 1}}}}}\n" for i in range(MAX_EXPRESSION_DEPTH)) + f"  d{MAX_EXPRESSION_DEPTH}: true\n"
    text = book("{count: {filter: {get: index.constituents}, where: {ref: d0}}}", **{"rules:": "definitions:\n" + definitions + "rules:"})
    assert f"the expression nests more than {MAX_EXPRESSION_DEPTH} levels deep" in refusal(text)


@pytest.mark.parametrize(
    "value, message",
    [
        ("{count: {top: three, of: {get: index.constituents}, by: {get: item.market_cap_krw}}}", "top is a whole number of 0 or more, not 'three'"),
        ("{count: {top: {param: share}, of: {get: index.constituents}, by: {get: item.market_cap_krw}}}",
         "top is a whole number of 0 or more; the parameter share is Decimal('0.5')"),
        ("{count: {top: -1, of: {get: index.constituents}, by: {get: item.market_cap_krw}}}", "top is a whole number of 0 or more, not -1"),
        ("{count: {top_cumulative_share: {get: index.constituents}, by: {get: item.market_cap_krw}, cut: most, straddling: include}}",
         "top_cumulative_share's cut takes a ratio; this is the text 'most'"),
        ("{sum: {get: index.constituents}, of: {window_mean: market_cap_krw, months: [3], tolerance_days: 7}}",
         "months is a whole number of 0 or more, not [3]"),
        ("{sum: {get: index.constituents}, of: {window_mean: market_cap_krw, months: 3, tolerance_days: true}}",
         "tolerance_days is a whole number of 0 or more, not True"),
    ],
)
def test_counts_and_ratios_in_options_are_checked_when_the_rulebook_loads(value: str, message: str) -> None:
    assert message in refusal(book(value))


def test_a_rule_that_sums_text_is_refused_when_the_rulebook_loads() -> None:
    """Text summed as money: the vocabulary is typed, so the rulebook is refused at load with the
    position of the mistake, never evaluated into an ``error`` blamed on the product."""
    assert refusal(book("{sum: {get: index.constituents}, of: {get: item.name}}")) == \
        "rules.yaml:17:51: sum's of takes a number; this is text"


def test_a_window_that_would_start_before_the_calendar_is_an_error_result() -> None:
    product = Loader(root=str(EXAMPLES)).load_product(str(EXAMPLES / "value-up-passive" / "product.yaml"))
    early = dataclasses.replace(product, as_of=product.as_of.replace(year=1, month=1))  # type: ignore[union-attr]
    # a rulebook in force since the calendar's start, so that the window itself is what breaks
    text = (REPOSITORY / "rules" / "krx" / "etf-listing.yaml").read_text(encoding="utf-8")
    text = text.replace("effective_from: 2002-10-14", "effective_from: 0001-01-01")
    results = {r.rule.id: r for r in evaluate(early, compile_rulebook(text, "krx.yaml")).results}
    weight = results["krx.index.single_issue_weight"]
    assert weight.status == "error"
    assert weight.message["en"] == ("Cannot be decided: a window of 3 months ending 0001-01-31 would start "
                                    "before the calendar does")


# --- what the fuzzer found -----------------------------------------------------------------------

@pytest.mark.parametrize(
    "change, message",
    [
        (("VALUE", "{ref: [constituents]}"), "rules.yaml:17:20: ref takes a name, not ['constituents']"),
        (("VALUE", "{param: {minimum: 1}}"), "rules.yaml:17:22: param takes a name, not {'minimum': 1}"),
        (("VALUE", "{count: {filter: {get: index.constituents}, where: {member_of: {get: product.pdf}, key: [code]}}}"),
         "rules.yaml:17:102: key takes a name, not ['code']"),
        (("effective_from: 2020-01-01", "effective_from: soon"), "rules.yaml:5:17: effective_from: 'soon' is not a date (write YYYY-MM-DD)"),
    ],
)
def test_structures_where_names_or_dates_belong_are_refused_at_load(change: tuple[str, str], message: str) -> None:
    """Each raised TypeError or ValueError out of the compiler before."""
    text = book("{count: {get: index.constituents}}") if change[0] != "VALUE" else book(change[1])
    if change[0] != "VALUE":
        text = text.replace(*change)
    assert refusal(text) == message


def test_a_date_where_text_belongs_is_that_text() -> None:
    """The schema is checked with dates written as text; a rule id or a title that YAML reads as a
    date is then the date's text (a date object broke the JSON report)."""
    text = book("{count: {get: index.constituents}}", **{"id: t.rule": "id: 2024-01-01", "title: Rule": "title: 2024-01-02"})
    rule = compile_rulebook(text, "rules.yaml").rules[0]
    assert rule.id == "2024-01-01" and rule.title == {"en": "2024-01-02"}
