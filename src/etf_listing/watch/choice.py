"""Which rulebook a product is evaluated against.

An explicit ``--rules`` wins; otherwise the rulebook the product file names (``rulebook:
krx-etf-continued-listing``, a shipped name, or a rulebook file relative to the product file);
otherwise the command's default. So ``etf-check`` and ``etf-check watch`` over a directory of new
and listed products judge each against its own rulebook.
"""

from __future__ import annotations

import os

from ..errors import InputError, Location, did_you_mean
from ..model import Product
from ..rulebook import Rulebook, load_rulebook, shipped_rulebooks


def rulebook_file(named: str, file: str) -> str | None:
    """The file that ``rulebook: NAMED`` in the product file ``file`` reads: relative to the
    product file, as its index and PDF are (never to the folder the command is run from, which
    would judge one product by another rulebook from another folder); None for a shipped
    rulebook's name."""
    if named in shipped_rulebooks():
        return None
    return os.path.normpath(os.path.join(os.path.dirname(file), named))


def _no_such_file(product: Product, path: str) -> InputError:
    """A product's ``rulebook:`` that is neither a shipped rulebook's name nor a file in the
    product file's folder (a name alone is not looked for there)."""
    shipped = shipped_rulebooks()
    names = ", ".join(sorted(n for n in shipped if "/" not in n))
    named = product.rulebook or ""
    a_path = "/" in named or os.sep in named or named.endswith((".yaml", ".yml", ".json"))
    also, also_ko = ((f" and no file {path} (a path is read from the product file's folder)",
                      f", {path} 파일도 없습니다(경로는 상품 파일이 있는 폴더 기준입니다)") if a_path else ("", ""))
    return InputError.at(product.locations.get("rulebook") or Location(product.file),
                         f"rulebook: no rulebook named '{named}'{also}",
                         did_you_mean(named, shipped) or f"shipped: {names}",
                         ko=f"rulebook: '{named}'(이)라는 규정집이 없습니다{also_ko}",
                         hint_ko=did_you_mean(named, shipped, "ko") or f"제공되는 규정집: {names}")


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
            if product.rulebook and key != product.rulebook and not os.path.exists(key):
                raise _no_such_file(product, key)
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
        file's path relative to the product file."""
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
