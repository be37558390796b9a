"""The expression tree: compiled nodes, the signature every operation declares, and the registry.

A compiled expression (``Expr``) knows, before anything is evaluated, its type (``types``), whether
it reads the item it is evaluated for, the parameters and inputs it reads (so a value that reads
no product is computed once per index), and the input field it reads, for locating findings.

An operation is declared once, with ``@operation``: its name, its family, the option under its own
key (``main``), its other options, each with its kind and type, and its value's type. The compiler
checks a rulebook against these declarations; the rulebook JSON Schema, the README's vocabulary
reference and ``etf-check explain`` are written from them.
"""

from __future__ import annotations

import builtins
import dataclasses
import inspect
import typing
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Union

from ..model import Index, Product
from .runtime import Function
from .types import ANY, COLLECTION, Collection, Type, of_annotation

PRODUCT = frozenset(["product"])
ROOTS: dict[str, type] = {"product": Product, "index": Index}
HIDDEN_FIELDS = {"location", "locations", "file", "series", "calendar", "inputs"}


@dataclass(frozen=True)
class Expr:
    """A compiled expression: ``fn(context, item)``, its column form ``many(context, members)``
    where it has one, and what is known of it before evaluation."""

    fn: Function
    type: Type = ANY
    uses_item: bool = False
    path: str | None = None  # the input field it reads, for locating findings
    params: frozenset[str] = frozenset()
    literal: Any = dataclasses.field(default=None, compare=False)
    is_literal: bool = False
    # The inputs it reads besides parameters: "product", "index", "as_of". Whatever does not
    # say is taken to read the product, so an expression is shared across products only when
    # every part of it is known not to read one.
    reads: frozenset[str] = PRODUCT
    # What a report calls the value: the field it reads or the definition it is (None: unnamed).
    name: str | None = dataclasses.field(default=None, compare=False)
    # What an operation tells a report about how the value was found (a population's ranking).
    detail: Any = dataclasses.field(default=None, compare=False)
    # The column form: ``many(context, members)``, the value for every member at once, a missing
    # one as an ``Unavailable`` in its slot, exactly as ``fn`` for each member (``runtime.column``;
    # None: ``fn`` member by member). Whatever replaces ``fn`` replaces this too.
    many: Any = dataclasses.field(default=None, compare=False)

    @property
    def collection(self) -> bool:
        return isinstance(self.type, Collection)

    @property
    def element(self) -> builtins.type | None:
        return self.type.element if isinstance(self.type, Collection) else None


# --- options -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Option:
    """One option of an operation.

    ``kind`` says how it is written and compiled:

    - ``value``: an expression of ``type`` (``fixed``: that does not depend on the item);
    - ``items``: an expression yielding a collection;
    - ``per_item``: an expression of ``type`` evaluated for each item of the collection under
      ``over`` (inside it, ``item`` is that collection's element);
    - ``name``: a name written as text (a parameter, a definition, a field, a series);
    - ``values``: a list of ``least``..``most`` expressions of ``type``;
    - ``cases``: a mapping of choices to expressions;
    - ``expression``: any expression, a single value or a collection.
    """

    kind: str
    doc: str
    type: Type = ANY
    required: bool = True
    fixed: bool = False
    whole: bool = False  # a whole number of 0 or more (a count of months, days, items)
    window: bool = False  # a window's length in months: 1 to at_load.MAX_WINDOW_MONTHS where known at load
    over: str = ""  # per_item: the option that holds the collection ("" for the main one)
    least: int = 0
    most: int | None = None
    choices: tuple[str, ...] = ()  # name: the names it may take, when they are known in advance


def value(type: Type, doc: str, *, required: bool = True, fixed: bool = False, whole: bool = False,
          window: bool = False) -> Option:
    return Option("value", doc, type, required, fixed, whole or window, window)


def items(doc: str, type: Type = COLLECTION, *, required: bool = True) -> Option:
    return Option("items", doc, type, required)


def per_item(type: Type, doc: str, *, over: str = "", required: bool = True) -> Option:
    return Option("per_item", doc, type, required, over=over)


def name(doc: str, *, choices: tuple[str, ...] = (), required: bool = True) -> Option:
    return Option("name", doc, required=required, choices=choices)


def values(type: Type, doc: str, *, least: int, most: int | None = None) -> Option:
    return Option("values", doc, type, least=least, most=most)


def expression(doc: str, *, required: bool = True) -> Option:
    return Option("expression", doc, required=required)


def cases(doc: str) -> Option:
    return Option("cases", doc)


# --- signatures ----------------------------------------------------------------------------------

class Args:
    """The compiled options of one use of an operation, by name; an option not written is None."""

    def __init__(self, compiled: Mapping[str, Any], scope: type | None, where: tuple[Any, ...]):
        self.compiled = compiled
        self.scope = scope
        self.where = where

    def __getitem__(self, option: str) -> Any:
        return self.compiled.get(option)

    def type(self, option: str) -> Type:
        found = self.compiled.get(option)
        return found.type if isinstance(found, Expr) else ANY

    def exprs(self) -> list[Expr]:
        found: list[Expr] = []
        for compiled in self.compiled.values():
            if isinstance(compiled, Expr):
                found.append(compiled)
            elif isinstance(compiled, list):
                found.extend(e for e in compiled if isinstance(e, Expr))
            elif isinstance(compiled, dict):
                found.extend(e for e in compiled.values() if isinstance(e, Expr))
        return found


Result = Union[Type, Callable[[Args], Type]]
# (compiler.Compiler, the compiled options) -> the evaluation function, or a whole node; the
# compiler is typed Any here because the compiler imports this module.
Build = Callable[[Any, Args], Union[Function, Expr]]


@dataclass(frozen=True)
class Signature:
    """What an operation takes and yields, declared once."""

    name: str
    family: str
    main: Option
    options: Mapping[str, Option]
    result: Result
    build: Build
    doc: str
    # The item it reads itself (None: it reads no item; object: any record): such an operation is
    # used inside of, by or where, over a collection of that record type.
    item: type | None = None
    reads: frozenset[str] = frozenset()  # inputs read besides its options' ("index", "as_of")
    memo: bool = False  # an aggregate: computed once per product (or index) when it reads no item
    path: str | None = "main"  # the option whose input field locates its findings
    result_doc: str = ""  # the value's type in words, where it depends on the options

    @property
    def summary(self) -> str:
        return self.doc.strip().split("\n\n")[0].replace("\n", " ")

    @property
    def examples(self) -> list[str]:
        return [line.strip()[len("Example:"):].strip() for line in self.doc.splitlines()
                if line.strip().startswith("Example:")]

    @property
    def required(self) -> list[str]:
        return [n for n, o in self.options.items() if o.required]

    def result_type(self, args: Args) -> Type:
        return self.result(args) if callable(self.result) else self.result


OPERATIONS: dict[str, Signature] = {}


def operation(name: str, *, family: str, main: Option, result: Result, item: type | None = None,
              reads: tuple[str, ...] = (), memo: bool = False, path: str | None = "main", result_doc: str = "",
              **options: Option) -> Callable[[Build], Build]:
    """Register an operation. The decorated function builds the evaluation function from the
    compiled options; its docstring is the operation's documentation (first paragraph: what it
    computes; ``Example:`` lines: rulebook YAML)."""
    def register(build: Build) -> Build:
        if name in OPERATIONS:
            raise ValueError(f"the operation {name} is declared twice")
        OPERATIONS[name] = Signature(name, family, main, dict(options), result, build,
                                     inspect.cleandoc(build.__doc__ or ""), item, frozenset(reads), memo, path, result_doc)
        return build
    return register


# --- the data model, as the vocabulary sees it ---------------------------------------------------

_FIELDS: dict[type, dict[str, Any]] = {}


def fields_of(cls: type) -> dict[str, Any]:
    """The fields of a model record a rule may read, with their type hints (units included)."""
    found = _FIELDS.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls, include_extras=True)
        found = _FIELDS[cls] = {f.name: hints[f.name] for f in dataclasses.fields(cls) if f.name not in HIDDEN_FIELDS}
    return found


def field_type(cls: type, name: str) -> Type:
    return of_annotation(fields_of(cls)[name])


def _element_type(annotation: Any) -> type | None:
    found = of_annotation(annotation)
    return found.element if isinstance(found, Collection) else None


# Where the items of each collection come from: a constituent is the index's, a participant or a
# PDF row the product's. A value computed from an index's items alone can be shared by its products.
ORIGIN: dict[type | None, str] = {
    element: root for root, record in ROOTS.items() for annotation in fields_of(record).values()
    if (element := _element_type(annotation)) is not None
}


def union_params(exprs: list[Expr]) -> frozenset[str]:
    return frozenset().union(*(e.params for e in exprs))


def union_reads(exprs: list[Expr]) -> frozenset[str]:
    return frozenset().union(*(e.reads for e in exprs))


__all__ = ["Args", "Expr", "OPERATIONS", "ORIGIN", "Option", "ROOTS", "Signature", "cases", "expression", "fields_of",
           "items", "name", "operation", "per_item", "value", "values"]
