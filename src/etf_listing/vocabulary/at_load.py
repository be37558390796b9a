"""Values a rulebook alone gives, worked out when it is loaded: a literal, a parameter, a sum of
them (an expression that reads no input), under the parameters as declared and under the values
each version sets. What such a value makes certain (a window of no months, a range whose low bound
is above its high one, a name a field never takes) is refused at load, in the rulebook, rather
than found wrong with every product.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Mapping, Protocol, Sequence

from .tree import Expr

Where = tuple[Any, ...]


class _Compiler(Protocol):
    """What of ``compiler.Compiler`` is needed here (which imports this module)."""

    @property
    def parameters(self) -> Mapping[str, Any]: ...

    @property
    def versions(self) -> Sequence[tuple[str, int, Mapping[str, Any]]]: ...

    def error(self, where: Where, message: str, hint: str | None = None, *, ko: str, hint_ko: str | None = None) -> Any: ...

    def record(self, error: Any) -> None: ...

UNKNOWN = object()  # what the rulebook alone does not give


class _ParametersOnly:
    """The context of an expression that reads nothing but parameters."""

    def __init__(self, params: Mapping[str, Any]) -> None:
        self.params = params
        self.memo: dict[Any, Any] = {}
        self.shared = self.memo


def value_under(expr: Expr, parameters: Mapping[str, Any]) -> Any:
    """The value of ``expr`` when the rulebook alone gives it, under these parameter values (name
    -> value); else ``UNKNOWN``."""
    if expr.is_literal:
        return expr.literal
    if expr.uses_item or expr.reads or not expr.params:
        return UNKNOWN
    try:
        return expr.fn(_ParametersOnly(parameters), None)  # type: ignore[arg-type]
    except Exception:  # noqa: BLE001 - whatever it cannot compute here is left to the evaluation
        return UNKNOWN


# The longest window a rule may look back over, in months: ten years, far beyond any rule's (KRX's
# averaging, correlation and disparity windows are 3 months, SEBI's 6); a window of 100,000 months
# is a slip of the keyboard that would start before the calendar does. A window of 0 months holds
# no day: both would make every product's figure missing rather than the rulebook wrong.
MAX_WINDOW_MONTHS = 120


@dataclass(frozen=True)
class Refusal:
    """Why values known at load are a mistake, in English and Korean."""

    message: str
    ko: str
    hint: str | None = None
    hint_ko: str | None = None


def refuse_known(c: _Compiler, exprs: Sequence[Expr], where: Where, problem: Callable[..., Refusal | None]) -> None:
    """Record a mistake where ``problem`` refuses the values of ``exprs`` (one argument each), when
    all are known at load: under the parameters as declared (the mistake is at ``where``, naming the
    parameter when they read one), and under
    each version that sets a parameter they read (at the value the version sets, when it sets one
    of them; else at ``where``, naming the version)."""
    declared = {name: getattr(p, "value", None) for name, p in c.parameters.items()}
    read = frozenset().union(*(e.params for e in exprs))
    cases: list[tuple[Mapping[str, Any], Where, str | None]] = [(declared, where, None)]
    for name, index, sets in c.versions:
        changed = sorted(read & set(sets))
        if changed:
            at = ("versions", index, "parameters", changed[0]) if len(changed) == 1 else where
            cases.append(({**declared, **sets}, at, name))
    for values, at, version in cases:
        found = [value_under(e, values) for e in exprs]
        if any(v is UNKNOWN for v in found):
            continue
        refusal = problem(*found)
        if refusal is None:
            continue
        message, ko = refusal.message, refusal.ko
        if version is not None:  # (not the declarations' mistake: the version's)
            message, ko = f"in version {version}, {message}", f"버전 {version}에서 {ko}"
        elif len(read) == 1:  # the figure is a parameter's: said, as the place is where it is used
            (name,) = read
            message, ko = f"as the parameter {name} is declared, {message}", f"매개변수 {name}의 선언값으로는 {ko}"
        c.record(c.error(at, message, refusal.hint, ko=ko, hint_ko=refusal.hint_ko))


def window_length(name: str) -> Callable[[Any], Refusal | None]:
    """The refusal of a window's length (option ``name``) of no day, or beyond ``MAX_WINDOW_MONTHS``."""
    def problem(months: Any) -> Refusal | None:
        if isinstance(months, Decimal) and months.is_finite() and months == months.to_integral_value():
            months = int(months)  # (0.0 and 3.0 months are whole numbers written with a point)
        if isinstance(months, bool) or not isinstance(months, int) or 1 <= months <= MAX_WINDOW_MONTHS:
            return None  # (a number that is not whole is refused as such)
        return Refusal(f"{name} is a window's length, from 1 to {MAX_WINDOW_MONTHS} months, not {months}",
                       f"{name}은(는) 기간의 길이로 1개월부터 {MAX_WINDOW_MONTHS}개월까지입니다. 입력값: {months}",
                       "a window of 0 months holds no day" if months < 1 else None,
                       "0개월 기간에는 날이 없습니다" if months < 1 else None)
    return problem


__all__ = ["MAX_WINDOW_MONTHS", "UNKNOWN", "Refusal", "refuse_known", "value_under", "window_length"]
