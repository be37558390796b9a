"""The operations of the vocabulary, as the rulebook schema and the compiler know them."""

from __future__ import annotations

from etf_listing.rulebook import rulebook_schema
from etf_listing.vocabulary.expressions import OPERATIONS


def test_the_rulebook_schema_names_every_operation_of_the_vocabulary() -> None:
    named = set(rulebook_schema()["$defs"]["expression"]["anyOf"][2]["propertyNames"]["enum"])
    options = {option for operation in OPERATIONS.values() for option in operation.options}
    assert named == set(OPERATIONS) | options
