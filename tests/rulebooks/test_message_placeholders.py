"""A rule's messages may name what the results they are written for fill in, and no more: a
rule's own message serves only the checks without a message of their own for its status."""

from __future__ import annotations

from pathlib import Path

from etf_listing.evaluation import evaluate
from etf_listing.loading.load import Loader
from etf_listing.rulebook import compile_rulebook

RULEBOOK = """\
kind: etf-rulebook
schema_version: 1
id: t1
version: "1"
effective_from: 2020-01-01
title: T
parameters:
  minimum: {value: 10, unit: count, description: Minimum.}
rules:
  - id: t1.rule
    title: Rule
    requirement: Something.
    citation: Test.
    unit: count
    message:
      fail: {en: "Worst {worst} of {count} participants.", ko: "최악 {worst}, {count}개."}
    checks:
      - value: {count: {get: product.participants}}
        operator: ">="
        threshold: {param: minimum}
        message:
          fail: {en: "Only {observed} participants.", ko: "{observed}개뿐입니다."}
      - each: {get: product.participants}
        value: {get: item.lp_contract}
        operator: "=="
        threshold: true
"""


def test_a_rule_message_names_what_the_checks_it_serves_fill_in(in_repository: Path) -> None:
    # the count check has its own fail message: the rule's, with {worst} and {count}, serves the
    # check over each participant alone, which fills both in (it was refused, naming the other)
    rulebook = compile_rulebook(RULEBOOK, "t1.yaml")
    product = Loader().load_product("examples/value-up-passive/product.yaml")
    (result,) = evaluate(product, rulebook).results
    assert result.status == "fail"
    assert result.message["en"] == "Only 3 participants. Worst 삼성증권 of 3 participants."
