"""What a report writes once and reuses gives the very text it would write each time: a message's
template read once into pieces, a figure written once per unit, language, threshold and decimal
context, a result line's beginning made once per rule, a report's counts counted once, and the
JSON writer's shortcuts for figures."""

from __future__ import annotations

import dataclasses
import re
from decimal import ROUND_DOWN, Context, Decimal, localcontext
from types import SimpleNamespace
from typing import Any, Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etf_listing.formatting import (OPERATOR_WORDS, Message, format_threshold, format_value, korean_particle,
                                    render_message)
from etf_listing.reporting.json_report import figure, render_json
from etf_listing.reporting.outcome import RenderOptions
from etf_listing.reporting.styled import Text
from etf_listing.vocabulary.numbers import EXACT, Ratio, plain

from .test_styled_lines import pieces

# A placeholder and the Korean particle after it, as the message templates of the rulebooks write them.
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}(?:(으로|로|을|를|은|는|이|가|과|와)(?=[\s.,;:)'\"!?]|$))?")


ESCAPED_OR_PLACEHOLDER = re.compile(r"\{\{|\}\}|" + PLACEHOLDER.pattern)  # a brace written twice shows as itself


def substituted(template: str, values: Mapping[str, str], lang: str) -> str:
    """The message as one regular-expression substitution over the template writes it."""
    def filled(match: re.Match[str]) -> str:
        if match.group(1) is None:  # {{ or }}
            return match.group(0)[0]
        name, particle = match.group(1), match.group(2) or ""
        if name not in values:
            return match.group(0)
        value = values[name]
        return value + (korean_particle(value, particle) if particle and lang == "ko" else particle)

    return ESCAPED_OR_PLACEHOLDER.sub(filled, template)


RULE = SimpleNamespace(unit="ratio")
NAMES = ["observed", "threshold", "operator", "offender_count", "share", "nothing_by_this_name"]
words = st.sampled_from(["", " ", "은 ", "이", "로.", "를", "x", "}", "{", "{}", "{Observed}", " 와", "으로)", "가\n"])
templates = st.lists(st.one_of(words, st.sampled_from(NAMES).map(lambda name: "{" + name + "}")), max_size=10).map("".join)


@settings(max_examples=400, deadline=None)
@given(templates, st.sampled_from(["en", "ko"]))
def test_a_template_read_once_is_filled_in_as_a_substitution_over_it_would_fill_it(template: str, lang: str) -> None:
    observed, threshold = Decimal("0.2999999"), Decimal("0.3")
    message = render_message({"en": template, "ko": template}, RULE, {"share": Decimal("0.125")},
                             {"observed": observed, "threshold": threshold, "operator": "<=", "items": ()})
    values = {"observed": format_value(observed, "ratio", lang, avoid=threshold),
              "threshold": format_threshold(threshold, "<=", "ratio", lang),
              "operator": OPERATOR_WORDS[lang]["<="], "offenders": "none" if lang == "en" else "없음",
              "offender_count": "0", "share": format_value(Decimal("0.125"), "ratio", lang)}
    with localcontext(EXACT):
        assert message[lang] == substituted(template, values, lang)


def written(value: Any, unit: str, avoid: Any = None, lang: str = "en") -> str:
    """A figure as a fresh message writes it (each message asks for its figures anew)."""
    rule = SimpleNamespace(unit=unit)
    return render_message({"en": "{observed}", "ko": "{observed}"}, rule, {},
                          {"observed": value, "threshold": avoid})[lang]


@pytest.mark.parametrize("unit", ["multiple", "count", "ratio", "krw"])
def test_figures_equal_in_value_but_written_differently_are_written_as_each_is(unit: str) -> None:
    with localcontext(EXACT):
        for value in (Decimal("2"), Decimal("2.0"), Decimal("2.00"), 2, Ratio(Decimal(4), Decimal(2)),
                      Decimal("2E+9"), Decimal("2000000000"), Decimal("0.30"), Decimal("0.3")):
            for _ in range(2):  # the second time from what the first wrote
                assert written(value, unit) == format_value(value, unit, "en")
        assert written(Decimal("2.0"), "multiple") == "2.0x"
        assert written(Decimal("2"), "multiple") == "2x"


def test_a_figure_is_written_against_its_own_threshold_and_language() -> None:
    with localcontext(EXACT):
        near = Decimal("0.299999")
        assert written(near, "ratio", Decimal("0.3")) == "29.9999%"
        assert written(near, "ratio") == "30.00%"
        assert written(near, "ratio", Decimal("0.30")) == "29.9999%"
        assert written(Decimal("7000000000"), "krw", lang="ko") == "70억원"
        assert written(Decimal("7000000000"), "krw", lang="en") == "KRW 7bn"


def test_a_figure_is_written_in_the_decimal_context_in_force_each_time() -> None:
    huge = Decimal("1.2345675E+30")  # shown with 7 digits, rounded as the context rounds
    with localcontext(EXACT):
        assert written(huge, "count") == "1.234568E+30"
        with localcontext() as down:
            down.rounding = ROUND_DOWN
            assert written(huge, "count") == format_value(huge, "count", "en") == "1.234567E+30"
        assert written(huge, "count") == "1.234568E+30"
    # 34 digits once scaled to billions: rounded to 28 first (…345.135) where the context is 28 digits
    long = Decimal("1234567890123456789012345134999900")
    with localcontext(Context(prec=28)):
        rounded = written(long, "krw")
        assert rounded == format_value(long, "krw", "en")
    with localcontext(EXACT):
        assert written(long, "krw") == format_value(long, "krw", "en") != rounded


def test_a_korean_json_report_writes_no_english_message() -> None:
    asked: list[str] = []

    def render(lang: str) -> str:
        asked.append(lang)
        return f"message in {lang}"

    rule = SimpleNamespace(id="r", title={"en": "T"}, citation={"en": "C"}, unit="count", confirmed=True,
                           rules=(), warns=False, reads_product=True)
    from etf_listing.results import Outcome, Report, Result

    result = Result(rule, "pass", Message(("en", "ko"), render), Decimal(1), ">=", Decimal(1))  # type: ignore[arg-type]
    version = SimpleNamespace(version="1", effective_from=__import__("datetime").date(2024, 1, 1),
                              effective_from_confirmed=True, effective_to=None)
    rulebook = SimpleNamespace(id="b", current=version, file="b.yaml", sha256="0", shipped=True, rules=(rule,),
                               time_zone=None)
    product = SimpleNamespace(file="p.yaml", name="P", input_files=())
    report = Report(product, rulebook, None, (result,), version)  # type: ignore[arg-type]
    with localcontext(EXACT):
        document = render_json([Outcome("p.yaml", report=report)], RenderOptions(lang="ko"))
    assert '"message": "message in ko"' in document
    assert asked == ["ko"]


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces, max_size=4), st.lists(pieces, max_size=4))
def test_a_line_begun_once_and_continued_is_the_line_joined_at_once(earlier: list[tuple[str, str]],
                                                                    rest: list[tuple[str, str]]) -> None:
    begun = Text.joined("  ", "", *earlier).begun
    line = Text.continued(begun, *rest)
    again = Text.continued(begun, *rest)  # what one line made is not another's
    joined = Text.joined("  ", "", *earlier, *rest)
    assert (line.plain, line.style, line.spans) == (again.plain, again.style, again.spans) == (joined.plain, joined.style, joined.spans)


def test_counts_are_counted_once_and_each_caller_gets_its_own() -> None:
    from etf_listing.results import Report, Result

    rule = SimpleNamespace(warns=False)
    results = tuple(Result(rule, status, {"en": ""}) for status in ("pass", "fail", "fail"))  # type: ignore[arg-type]
    report = Report(SimpleNamespace(), SimpleNamespace(rules=(rule,)), None, results)  # type: ignore[arg-type]
    counts = report.counts
    assert counts == {"pass": 1, "fail": 2, "not_applicable": 0, "error": 0, "waived": 0}
    counts["pass"] = 99
    assert report.counts["pass"] == 1
    fewer = dataclasses.replace(report, results=results[:1])
    assert fewer.counts["fail"] == 0 and report.counts["fail"] == 2


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.integers(), st.integers(min_value=-10**40, max_value=10**40), st.decimals(allow_nan=False, allow_infinity=False)))
def test_a_json_figure_is_its_exact_decimal_text(value: Any) -> None:
    assert figure(value) == plain(Decimal(value))


def test_a_json_figure_of_negative_zero_is_zero() -> None:
    assert [figure(Decimal(text)) for text in ("-0", "-0.0", "-0.00", "0")] == ["0", "0", "-0.00", "0"]


def test_a_json_figure_of_an_integer_of_thousands_of_digits_is_written_whole() -> None:
    value = 10**5000 + 7  # str() refuses an integer this long; the exact decimal writes it
    assert figure(value) == plain(Decimal(value)) and len(figure(-value)) == 5002


finite = st.decimals(allow_nan=False, allow_infinity=False, places=None, min_value=-10**12, max_value=10**12)


@settings(max_examples=500, deadline=None)
@given(finite, finite.filter(lambda d: d != 0), st.booleans())
def test_a_public_figure_of_a_ratio_is_its_decimal_as_written(num: Decimal, den: Decimal, whole: bool) -> None:
    from etf_listing.results import public_figure

    ratio = Ratio(num, Decimal(1) if whole else den)
    with localcontext(EXACT):
        shown = public_figure(ratio)
        assert str(shown) == str(ratio.decimal())
        assert [str(v) for v in public_figure((ratio, Decimal("0.30"), 3, None))] == [str(ratio.decimal()), "0.30", "3", "None"]


def test_a_result_written_once_is_kept_no_longer_than_the_result() -> None:
    """The JSON of a result that the products on an index share is kept beside the result only
    while the result lives: a library loop of evaluate and render keeps nothing alive."""
    import subprocess
    import sys

    from ..conftest import REPOSITORY

    code = ("import gc, tracemalloc, etf_listing\n"
            "from etf_listing.rulebook import load_rulebook\n"
            "from etf_listing.reporting import json_report\n"
            "rulebook = load_rulebook('krx-etf-listing')\n"
            "once = lambda: etf_listing.render([etf_listing.evaluate('examples/value-up-passive/product.yaml',"
            " rulebook)], format='json')\n"
            "once(); gc.collect(); tracemalloc.start(); base = tracemalloc.get_traced_memory()[0]\n"
            "for _ in range(50): once()\n"
            "gc.collect(); print(tracemalloc.get_traced_memory()[0] - base, len(json_report._SHARED))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=REPOSITORY)
    grown, kept = map(int, done.stdout.split())
    assert grown < 500_000 and kept == 0, done.stdout + done.stderr
