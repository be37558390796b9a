"""etf-listing: check an ETF product and its index against a stock exchange's listing rules.

The public API, the same functions the command line wires together::

    import etf_listing

    rulebook = etf_listing.load_rulebook()            # the shipped KRX rulebook, or a path
    loader = etf_listing.Loader(root=".")             # an index shared by products is read once
    product = loader.load_product("examples/value-up-passive/product.yaml")
    report = etf_listing.evaluate(product, rulebook)  # pure: one Result per rule
    print(etf_listing.render([report], format="sarif", lang="ko"))

Names are imported lazily, so that ``import etf_listing`` (and the command line's start-up) stays
quick. Everything else in the package is internal and may change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .version import __version__

__all__ = ["FORMATS", "InputError", "ItemFinding", "LANGUAGES", "Loader", "Location", "Problem", "Product", "Report",
           "Result", "Rulebook", "Waiver", "__version__", "evaluate", "load_product", "load_rulebook", "load_waivers",
           "render"]

_EXPORTS = {
    "InputError": "etf_listing.errors",
    "Problem": "etf_listing.errors",
    "Location": "etf_listing.errors",
    "Loader": "etf_listing.loading.load",
    "load_product": "etf_listing.loading.load",
    "Product": "etf_listing.model",
    "load_rulebook": "etf_listing.rulebook",
    "Rulebook": "etf_listing.rulebook",
    "evaluate": "etf_listing.evaluation",
    "Report": "etf_listing.results",
    "Result": "etf_listing.results",
    "ItemFinding": "etf_listing.results",
    "load_waivers": "etf_listing.loading.waiver_file",
    "Waiver": "etf_listing.results",
    "render": "etf_listing.api",
    "FORMATS": "etf_listing.api",
    "LANGUAGES": "etf_listing.language",
}

if TYPE_CHECKING:
    from .api import FORMATS, render
    from .errors import InputError, Location, Problem
    from .evaluation import evaluate
    from .language import LANGUAGES
    from .loading.load import Loader, load_product
    from .model import Product
    from .results import ItemFinding, Report, Result, Waiver
    from .rulebook import Rulebook, load_rulebook
    from .loading.waiver_file import load_waivers


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'etf_listing' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
