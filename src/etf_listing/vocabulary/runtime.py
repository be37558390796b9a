"""The runtime of the vocabulary: the evaluation context, values that could not be computed, caches.

A compiled expression is a function ``fn(context, item)``. The ``Context`` holds one product under
evaluation, the parameters in force and two memos: one for this product, and one kept with the
index (``shared``) for values that read only the index, the date and the parameters. A value a rule
needs but the input does not give raises ``Missing``, which carries the reasons (in English and
Korean, with the position in the user's file) that the ``error`` result shows.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import typing
from decimal import Decimal
from itertools import repeat
from typing import Any, Callable, Mapping, Sequence

from ..errors import Location
from ..model import Product
from ..summaries import summary_of
from .known import kinds_of
from .numbers import Deferred, Shares
from .window import Window

# --- values that could not be computed ------------------------------------------------------------

class Reason:
    """Why a value is missing: the item it is about (if any), what (in English and Korean), and where.

    A reason about an item can be made ``labelled``: its message is then the item's label and the
    text given (``Samsung (005930): no value_krw``), put together only when it is read. A filter
    over 400 PDF rows that all lack a field makes 400 reasons, and most are never shown."""

    __slots__ = ("_message", "item", "location", "_ko", "_labelled")

    def __init__(self, message: str, item: Any = None, location: Location | None = None, ko: str | None = None,
                 *, labelled: bool = False):
        self._message = message
        self.item = item
        self.location = location
        self._ko = ko
        self._labelled = labelled

    @property
    def message(self) -> str:
        return f"{label(self.item)}: {self._message}" if self._labelled else self._message

    @property
    def ko(self) -> str | None:
        if self._ko is None or not self._labelled:
            return self._ko
        return f"{label(self.item)}: {self._ko}"

    @property
    def key(self) -> tuple[str, bool, int]:
        """What tells reasons apart without composing their messages: two reasons with one key
        have one message."""
        return (self._message, self._labelled, id(self.item))

    def text(self, lang: str = "en") -> str:
        return (self.ko or self.message) if lang == "ko" else self.message

    def _fields(self) -> tuple[Any, ...]:
        return (self.message, self.item, self.location, self.ko)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Reason) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash((self.message, self.location, self.ko))

    def __repr__(self) -> str:
        return f"Reason(message={self.message!r}, item={self.item!r}, location={self.location!r}, ko={self.ko!r})"


class Missing(Exception):
    """A value a rule needs is not in the input; the rule's result is ``error``.

    Raised and caught for every row a filter cannot decide (a PDF of 400 rows without valuations),
    so it is cheap to make: its text is joined only when asked for. Raised for a whole column
    (``Missing.of``), its reasons are gathered from the column's missing slots only when read."""

    def __init__(self, reasons: list[Reason] | None, slots: list["Unavailable"] | None = None):
        super().__init__()
        self._reasons = reasons
        self._slots = slots

    @property
    def reasons(self) -> list[Reason]:
        found = self._reasons
        if found is None:
            found = self._reasons = reasons_of(self._slots or ())
        return found

    @staticmethod
    def of(slots: list["Unavailable"]) -> "Missing":
        """Missing for every reason of these missing slots, each once, in order (as ``unique``)."""
        return Missing(None, slots)

    def __str__(self) -> str:
        return "; ".join(r.message for r in self.reasons)

    @staticmethod
    def one(message: str, item: Any = None, location: Location | None = None, *, ko: str) -> "Missing":
        return Missing([Reason(message, item, location, ko)])

    @staticmethod
    def about(item: Any, message: str, location: Location | None = None, *, ko: str) -> "Missing":
        """Missing about ``item``: its label, then ``message`` (composed when read)."""
        return Missing([Reason(message, item, location, ko, labelled=True)])


class Unavailable:
    """A value that is missing, and why: a memo's note, or a missing member's slot in a column.
    Not the exception itself: a caught exception holds the frames it passed through (the
    evaluation context among them), so a memo keeping one would keep its whole evaluation alive
    until the garbage collector's next full pass.

    A slot may be made ``about`` its member with a message (a field that row does not give): its
    reason is made only when read, as most are never shown."""

    __slots__ = ("_reasons", "_about", "_why")

    def __init__(self, reasons: list[Reason] | None, about: Any = None, why: tuple[str, str] | None = None):
        self._reasons = reasons
        self._about = about
        self._why = why

    @property
    def reasons(self) -> list[Reason]:
        found = self._reasons
        if found is None:
            if self._why is None:  # a column's missing slots (Unavailable.of a Missing.of)
                found = self._reasons = reasons_of(self._about)
            else:
                item, (message, ko) = self._about, self._why
                found = self._reasons = [Reason(message, item, getattr(item, "location", None), ko, labelled=True)]
        return found

    @staticmethod
    def of(missing: Missing) -> "Unavailable":
        """The note of a Missing, its reasons read from it only when asked for."""
        if missing._reasons is not None:
            return Unavailable(missing._reasons)
        return Unavailable(None, missing._slots)  # the slots, not the exception and its frames

    def missing(self) -> Missing:
        """The Missing this note stands for (its reasons still unread when they are)."""
        if self._reasons is None and self._why is None:
            return Missing(None, self._about)
        return Missing(self.reasons) if self._reasons is not None else Missing(None, [self])


class Absent(Deferred):
    """A column no member gives a value in (a field no row of a PDF has): every slot missing,
    about its member, for one reason (``why``, in English and Korean). The slots are made only
    when the column is read as a list; what passes a missing slot on as it is (a comparison, a
    filter's Missing, the test for gaps) passes the column on whole, so a PDF of 10,000 rows
    without valuations is not 10,000 slots unless a report names them."""

    __slots__ = ("members", "why")

    def __init__(self, members: Sequence[Any], why: tuple[str, str]):
        super().__init__()
        self.members = members
        self.why = why
        self._pending = True

    def made(self) -> "Absent":
        if self._pending:
            self._pending = False
            list.extend(self, map(Unavailable, repeat(None), self.members, repeat(self.why)))
        return self

    def __len__(self) -> int:
        return len(self.members)

    def __bool__(self) -> bool:
        return bool(self.members)

    def __reduce_ex__(self, protocol: Any) -> Any:  # (pickled and copied as the slots it stands for)
        return list, (list(self.made()),)


def gather(items: typing.Iterable[Any], function: Callable[[Any], Any]) -> list[Any]:
    """``function`` over every item; a Missing for any item becomes one Missing naming them all."""
    values, reasons = [], []
    for item in items:
        try:
            values.append(function(item))
        except Missing as missing:
            reasons.extend(missing.reasons)
    if reasons:
        raise Missing(unique(reasons))
    return values


def each_of(ctx: "Context", members: typing.Iterable[Any], function: "Function") -> list[Any]:
    """``function(ctx, member)`` for every member, as ``gather`` does; called once per constituent,
    so without a lambda in between."""
    values: list[Any] = []
    reasons: list[Reason] = []
    append = values.append
    for member in members:
        try:
            append(function(ctx, member))
        except Missing as missing:
            reasons.extend(missing.reasons)
    if reasons:
        raise Missing(unique(reasons))
    return values


def reasons_of(slots: typing.Iterable["Unavailable"]) -> list[Reason]:
    """Every reason of a column's missing slots, each once, in order: what a Missing raised for
    the whole column says, gathered only when it is read."""
    return unique([reason for slot in slots for reason in slot.reasons])


def unique(reasons: list[Reason]) -> list[Reason]:
    """Each reason once (the same missing value can stop several items), in first-seen order."""
    seen: dict[tuple[str, bool, int], Reason] = {}
    for reason in reasons:
        seen.setdefault(reason.key, reason)
    return list(seen.values())


# --- columns -------------------------------------------------------------------------------------

# Whether rules are compiled with their column forms and evaluated a column at a time (False: one
# member at a time, every value through ``fn``: the reference the column forms are tested against).
COLUMNS = True


def column(expr: Any, ctx: "Context", members: Sequence[Any]) -> list[Any]:
    """The values of ``expr`` for every member, in order: what ``expr.fn(ctx, member)`` gives for
    each, where a member whose value is missing has an ``Unavailable`` in its slot (the reasons
    its Missing would carry). An expression with a column form (``Expr.many``) computes the whole
    column at once; one that reads no item is computed once; any other, member by member."""
    many = expr.many
    if many is not None:
        return many(ctx, members)  # type: ignore[no-any-return]
    fn = expr.fn
    if not expr.uses_item and members and COLUMNS:
        try:
            value = fn(ctx, members[0])
        except Missing:  # a reason may name the member: each its own, as one at a time
            return looped(fn, ctx, members)
        return [value] * len(members)
    return looped(fn, ctx, members)


def looped(fn: "Function", ctx: "Context", members: Sequence[Any]) -> list[Any]:
    """The column of ``fn``, one member at a time."""
    values: list[Any] = []
    append = values.append
    for member in members:
        try:
            append(fn(ctx, member))
        except Missing as missing:
            append(Unavailable.of(missing))
    return values


def columnar(fn: "Function", many: Callable[["Context", Sequence[Any]], list[Any]]) -> "Function":
    """``fn`` with its column form attached, for an operation's build to return (``Expr.many``)."""
    fn.many = many  # type: ignore[attr-defined]
    return fn


def gaps(values: list[Any]) -> list["Unavailable"]:
    """The missing slots of a column, in order."""
    if type(values) is Absent:  # all of them, made when read
        return values
    return [value for value in values if type(value) is Unavailable]


def values_of(expr: Any, ctx: "Context", members: Sequence[Any]) -> list[Any]:
    """``each_of`` for an expression: its column, or Missing naming every missing member's
    reasons once, in order."""
    values = column(expr, ctx, members)
    if has_gaps(values):
        raise Missing.of(gaps(values))
    return values


def has_gaps(values: list[Any]) -> bool:
    """Whether a column has a missing slot (by type: a Decimal's == would ask much more)."""
    if type(values) is Shares:  # every member's share of a total
        return False
    if type(values) is Absent:  # no member's value
        return bool(values)
    return Unavailable in kinds_of(values)


# --- evaluation context ---------------------------------------------------------------------------

class Context:
    """One product under evaluation: its data, the parameters in force, and a memo of the values
    that do not depend on an item (a total is computed once, not once per constituent).

    Values that read only the index, the evaluation date and the parameters (3-month means,
    weights, totals, the top-85% ranking) go to ``shared`` instead: a memo kept beside the index and
    keyed by the evaluation date and every parameter's value, so the products that track one index
    summarise it once, and a product with another date or another parameter gets its own."""

    __slots__ = ("product", "index", "params", "as_of", "memo", "shared", "_windows")

    def __init__(self, product: Product, params: Mapping[str, Any], as_of: dt.date | None, key: Any = None):
        self.product = product
        self.index = product.index
        self.params = params
        self.as_of = as_of
        self.memo: dict[Any, Any] = {}
        # Without a date the window's "no evaluation date" points at this product's file: not shared.
        self.shared: dict[Any, Any] = self.memo if as_of is None else self._summary(as_of, params, key)
        self._windows: dict[tuple[int, int], Window] = {}

    def _summary(self, as_of: dt.date, params: Mapping[str, Any], key: Any = None) -> dict[Any, Any]:
        """The index's summary for this date and these parameters, kept beside the index
        (``etf_listing.summaries``), not on it. ``key``: ``frozen(params)``, where the caller keeps
        it (``parameters_key``)."""
        return summary_of(self.index, as_of, frozen(params) if key is None else key)

    def evaluation_date(self) -> dt.date:
        if self.as_of is None:
            raise Missing.one("no evaluation date: set as_of in the product file or --as-of",
                              location=self.product.locations.get("as_of", Location(self.product.file)),
                              ko="평가일이 없습니다: 상품 파일에 as_of를 쓰거나 --as-of를 지정하세요")
        return self.as_of

    def window(self, months: int, tolerance_days: int) -> Window:
        self.evaluation_date()
        key = (months, tolerance_days)
        window = self._windows.get(key)
        if window is None:
            try:
                window = self._windows[key] = Window.ending(self.evaluation_date(), months, tolerance_days)
            except (ValueError, OverflowError):  # the calendar ends at the year 1 (and 9999)
                # The reason points at this product's as_of: from here on, what this product
                # finds missing is kept in its own memo, not in the summary its index shares.
                self.shared = self.memo
                raise Missing.one(f"a window of {months} months ending {self.as_of} would start before the calendar does",
                                  location=self.product.locations.get("as_of", Location(self.product.file)),
                                  ko=f"{self.as_of}에 끝나는 {months}개월 기간은 달력이 시작되기 전에 시작합니다") from None
        return window

    def location_of(self, path: str | None, *others: str | None) -> Location | None:
        """Where the field ``path`` is written; else the first of ``others`` that is; else the
        start of the file of ``path``."""
        if not path:
            return None
        for candidate in (path, *others):
            root, _, rest = (candidate or "").partition(".")
            found = (self.product.locations.get(rest) if root == "product" else
                     self.index.locations.get(rest) if root == "index" else None)
            if found is not None:
                return found
        root = path.partition(".")[0]
        return Location(self.product.file) if root == "product" else Location(self.index.file) if root == "index" else None


def frozen(value: Any) -> Any:
    """A hashable image of parameter values that tells apart what prints differently (0.30 and
    0.3, true and 1), so a memo keyed by it never hands one rulebook's figure to another."""
    kind = type(value)
    if kind in _SCALARS:  # most parameters: no isinstance of an abstract class to ask
        return (kind.__name__, str(value))
    if isinstance(value, (list, tuple)):
        return tuple(frozen(v) for v in value)
    if isinstance(value, collections.abc.Mapping):  # (not typing.Mapping: its isinstance is slow)
        return tuple(sorted((str(k), frozen(v)) for k, v in value.items()))
    return (type(value).__name__, str(value))


_SCALARS = frozenset([int, str, bool, type(None), dt.date, Decimal])


def parameters_key(version: Any) -> Any:
    """The key of the index summaries that evaluations under a rulebook version share: the image
    of its parameters (``frozen``), made once a version and checked, not made again, at each
    evaluation (making it took tens of microseconds for a rulebook's two dozen parameters). The
    check is that the version names the very same values in the same order (each held, so that
    none is freed and its identity taken by another); a value that can change where it is (a
    list) is imaged anew each time. A parameter changed in place, or a version made anew
    (``dataclasses.replace``), therefore gets its own summaries, as when the image was made at
    every evaluation."""
    parameters = version.parameters
    names, values = tuple(map(id, parameters)), tuple(map(id, parameters.values()))
    kept = version.__dict__.get("_parameters_key")  # (beside a frozen version's fields)
    if kept is None or kept[1] != names or kept[2] != values:
        held = tuple(parameters.items())
        changing = tuple(name for name, value in held if type(value) not in _SCALARS)
        fixed = frozen({name: value for name, value in held if name not in changing})
        kept = version.__dict__["_parameters_key"] = (held, names, values, fixed, changing)
    fixed, changing = kept[3], kept[4]
    return (fixed, tuple((name, frozen(parameters[name])) for name in changing)) if changing else fixed


def label(item: Any) -> str:
    """How a message names an item: ``name (code)``, or its name."""
    identity = item.identity() if hasattr(item, "identity") else {}
    if "code" in identity:
        return f"{identity['name']} ({identity['code']})"
    return identity.get("name", str(item))


Function = Callable[[Context, Any], Any]
