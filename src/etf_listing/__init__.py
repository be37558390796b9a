"""etf-listing: check an ETF product and its index against a stock exchange's listing rules.

The public API (imported lazily, so that the command line starts quickly)::

    from etf_listing import Loader, load_product, load_rulebook, evaluate, render, InputError
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["InputError", "Loader", "Report", "Result", "Rulebook", "__version__", "evaluate",
           "load_product", "load_rulebook", "render"]

_EXPORTS = {
    "InputError": "etf_listing.errors",
    "Loader": "etf_listing.loading.load",
    "load_product": "etf_listing.loading.load",
    "load_rulebook": "etf_listing.rulebook",
    "Rulebook": "etf_listing.rulebook",
    "evaluate": "etf_listing.evaluation",
    "Report": "etf_listing.evaluation",
    "Result": "etf_listing.evaluation",
    "render": "etf_listing.api",
}

if TYPE_CHECKING:
    from .api import render
    from .errors import InputError
    from .evaluation import Report, Result, evaluate
    from .loading.load import Loader, load_product
    from .rulebook import Rulebook, load_rulebook


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'etf_listing' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
