"""Which rulebook a product is evaluated against.

An explicit ``--rules`` wins; otherwise the rulebook the product file names (``rulebook:
krx-etf-continued-listing``, a shipped name, or a rulebook file relative to the product file);
otherwise the command's default. So ``etf-check`` and ``etf-check watch`` over a directory of new
and listed products judge each against its own rulebook.
"""

from __future__ import annotations

import os

from ..errors import InputError, Location
from ..model import Product
from ..rulebook import Rulebook, load_rulebook, shipped_rulebooks


def rulebook_file(named: str, file: str) -> str | None:
    """The file that ``rulebook: NAMED`` in the product file ``file`` reads: beside the product
    where it is there, else as written; None for a shipped rulebook's name."""
    if named in shipped_rulebooks():
        return None
    candidate = os.path.join(os.path.dirname(file), named)
    return os.path.normpath(candidate) if os.path.exists(candidate) else named


class RulebookChoice:
    def __init__(self, explicit: Rulebook | None, default_name: str, default: Rulebook | None = None):
        self.explicit = explicit
        self.default_name = default_name
        self._loaded: dict[str, Rulebook] = {}
        if default is not None:
            self._loaded[default_name] = default

    def for_product(self, product: Product) -> Rulebook:
        """The rulebook for ``product``; InputError (at the product's ``rulebook`` line) when the
        rulebook it names cannot be loaded."""
        if self.explicit is not None:
            return self.explicit
        key = self._key(product.rulebook, product.file)
        found = self._loaded.get(key)
        if found is None:
            try:
                found = self._loaded[key] = load_rulebook(key)
            except InputError as error:
                if not product.rulebook:
                    raise
                where = product.locations.get("rulebook") or Location(product.file)
                first = error.problems[0]
                raise InputError.at(where, f"rulebook: {first.message}", first.hint,
                                    ko=f"rulebook: {first.message_in('ko')}", hint_ko=first.hint_in("ko")) from None
        return found

    def _key(self, named: str | None, file: str) -> str:
        """What the rulebook a product file names is loaded by: a shipped rulebook's name, else the
        file's path relative to the product file where it exists there."""
        return (rulebook_file(named, file) if named else None) or named or self.default_name

    def preloaded(self, named: str, file: str) -> Rulebook | None:
        """The rulebook ``file`` names (``rulebook: NAMED``), loaded now; None when it cannot be
        (the product's own check then says why, at its line)."""
        if self.explicit is not None:
            return None
        key = self._key(named, file)
        if key not in self._loaded:
            try:
                self._loaded[key] = load_rulebook(key)
            except InputError:
                return None
        return self._loaded[key]
