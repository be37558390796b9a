"""``etf_listing.evaluate`` is the function, even after the module of the same name is imported
(in this process: the test beside the public API checks a fresh one)."""

from __future__ import annotations


def test_the_public_evaluate_is_the_function_even_after_its_module_is_imported() -> None:
    import etf_listing
    import etf_listing.evaluation  # noqa: F401 - importing the module must not shadow the function

    assert callable(etf_listing.evaluate) and etf_listing.evaluate.__name__ == "evaluate"
