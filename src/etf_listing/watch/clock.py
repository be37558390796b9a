"""A rule's clock, as the rulebook writes it, checked and compiled at load.

A rule with ``observed_on`` is decided on each of those days (an expression that yields days up
to the evaluation date: ``{days_of: SERIES}``, ``{every_day_from: DATE}``, ``{month_ends: [6, 12],
after: DATE}``); its ``clock`` says what failing days lead to::

    clock:                               # a run of failing observations
      caution_after_months: 1            #   a notice date, s + 1 month (optional)
      fail_after_months: 3               #   the delisting condition from s + 3 months, or
      fail_after_observations: 2         #   from the 2nd consecutive failing observation (while it
                                         #   runs: the observed day ahead that would be, if known)
      reset_after_observations: 1        #   passing observations in a row that end a run (default 1)
      fail_stands: false                 #   once met, the condition stands even if the figure recovers

    clock:                               # failing observations in a window
      lookback_months: 3                 #   any in the 3 months to the evaluation date: the rule's
                                         #   fails_as status (at_risk), listing the days

    Either clock may also say how old its data may be: ``stale_after_days: 7`` makes the rule
    ``error`` on an evaluation date more than 7 calendar days after the last day observed on or
    before it (a history that stops: the figure of its last day is not the figure of the date).
    With it, ``expected_from: {get: product.listed_on}`` (a date, refused at load otherwise) says
    from when there is data to observe: an evaluation date more than those days after it, with no
    day observed and no row of the product's history on or before it, is ``error`` too (a product
    listed long ago whose history is empty), not ``not_applicable``. A history with rows but none
    with the rule's figure (no closing price) is left to the clock: ``not_applicable``. And with
    ``expected_from``, ``young_for_months: 3`` says how long after that day a day without a figure
    (too few daily changes for a correlation) means a product too young for one: later, it means
    rows that are missing, and the rule is ``error`` with the day's reason, not ``not_applicable``
    (but not where the day has no figure because a series does not vary: ``NotYet.steady``).

Every length may be a parameter (``{param: delisting_months}``). The statuses: ``at_risk`` while a
run goes on (a clock is running, or a designation is in force), ``fail`` once its delisting
condition is met; a lookback clock gives ``fails_as`` (default ``fail``).

Beside ``{observed}`` and ``{threshold}``, a message of a rule with a clock may name
``{evaluated_on}`` (the day of ``{observed}``: the last day observed on or before the evaluation
date, or for a fail or an at_risk that day did not decide, the last failing day that did), the clock's dates
``{since}``, ``{caution_from}`` and ``{delisting_from}``, and, for a lookback clock,
``{observed_days}``: how many days were observed in its window (the disparity's trading days with
a closing price), so that the result says on how many days it was judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..vocabulary.at_load import Refusal, refuse_known, window_length
from ..vocabulary.compiler import Compiler
from ..vocabulary.tree import Expr
from ..vocabulary.types import DATE, ListOf, Number

CLOCK_OPTIONS = ("caution_after_months", "fail_after_months", "fail_after_observations",
                 "reset_after_observations", "fail_stands", "lookback_months", "stale_after_days",
                 "expected_from", "young_for_months")
STATUSES_ON_FAIL = ("fail", "at_risk")


@dataclass(frozen=True)
class Clock:
    caution_after_months: Expr | None
    fail_after_months: Expr | None
    fail_after_observations: Expr | None
    reset_after_observations: Expr | None
    fail_stands: Expr | None
    lookback_months: Expr | None
    stale_after_days: Expr | None = None
    expected_from: Expr | None = None  # the day data is there to observe from (with stale_after_days)
    young_for_months: Expr | None = None  # after expected_from, how long a day without a figure is "too young"

    @property
    def expressions(self) -> list[Expr]:
        return [e for e in (self.caution_after_months, self.fail_after_months, self.fail_after_observations,
                            self.reset_after_observations, self.fail_stands, self.lookback_months,
                            self.stale_after_days, self.expected_from, self.young_for_months) if e is not None]


def _length(compiler: Compiler, node: dict[str, Any], name: str, where: tuple[Any, ...], *, flag: bool = False) -> Expr | None:
    if name not in node:
        return None
    expr = compiler.fixed(node[name], None, where + (name,))
    if not flag:  # a parameter of days where months are meant is refused, as an operation's option is
        compiler.expect(expr, Number("days" if name.endswith("_days") else "months" if name.endswith("_months") else "count"),
                        where + (name,), name)
    value = expr.literal if expr.is_literal else None
    written = node[name]
    if isinstance(written, dict) and set(written) == {"param"} and written["param"] in compiler.parameters:
        value = getattr(compiler.parameters[written["param"]], "value", None)
    if value is None:
        return expr
    if flag and not isinstance(value, bool):
        raise compiler.error(where + (name,), f"{name} is true or false, not {value!r}", ko=f"{name}은(는) true 또는 false입니다: {value!r}")
    least = 0 if "caution" in name or name == "stale_after_days" else 1
    if not flag and not (isinstance(value, int) and not isinstance(value, bool) and value >= least):
        raise compiler.error(where + (name,), f"{name} is a whole number of at least {least}, not {value!r}",
                             ko=f"{name}은(는) {least} 이상의 정수여야 합니다: {value!r}")
    if not flag:  # and so in every version that sets the parameter
        refuse_known(compiler, [expr], where + (name,), lambda found: None if not isinstance(found, int) or found >= least else Refusal(
            f"{name} is a whole number of at least {least}, not {found!r}", f"{name}은(는) {least} 이상의 정수여야 합니다: {found!r}"))
    if name == "lookback_months":  # a window, as an operation's months
        refuse_known(compiler, [expr], where + (name,), window_length(name))
    return expr


def _date(compiler: Compiler, node: dict[str, Any], name: str, where: tuple[Any, ...]) -> Expr | None:
    """An option that is a date, refused at load when it is not."""
    if name not in node:
        return None
    expr = compiler.fixed(node[name], None, where + (name,))
    compiler.expect(expr, DATE, where + (name,), name)
    return expr


def compile_watch(node: dict[str, Any], compiler: Compiler, where: tuple[Any, ...], checks: tuple[Any, ...]) -> dict[str, Any]:
    """The watch fields of a rule (``observed_on``, ``clock``, ``fails_as``), checked."""
    fails_as = str(node.get("fails_as", "fail"))
    if fails_as not in STATUSES_ON_FAIL:
        raise compiler.error(where + ("fails_as",), f"fails_as is fail or at_risk, not {fails_as!r}",
                             ko=f"fails_as는 fail 또는 at_risk입니다: {fails_as!r}")
    if "observed_on" not in node and "clock" not in node:
        return {"fails_as": fails_as} if "fails_as" in node else {}
    if "observed_on" not in node or "clock" not in node:
        missing = "clock" if "observed_on" in node else "observed_on"
        raise compiler.error(where, f"a rule with {'observed_on' if missing == 'clock' else 'clock'} also needs {missing}",
                             ko=f"{'observed_on' if missing == 'clock' else 'clock'}이(가) 있는 규칙에는 {missing}도 필요합니다")
    if len(checks) != 1 or checks[0].each is not None:
        raise compiler.error(where, "a rule with a clock has one check of a single value, decided on each observed day",
                             ko="clock이 있는 규칙에는 관찰일마다 판단하는 단일 값 검사 하나만 있어야 합니다")
    observed_on = compiler.fixed(node["observed_on"], None, where + ("observed_on",))
    compiler.expect(observed_on, ListOf(DATE), where + ("observed_on",), "observed_on")  # days: {days_of: ...}, {month_ends: ...}
    spec = node["clock"]
    here = where + ("clock",)
    if not isinstance(spec, dict):
        raise compiler.error(here, "clock is a mapping of its options", ko="clock은 옵션의 매핑입니다")
    for key in spec:
        if key not in CLOCK_OPTIONS:
            from ..errors import did_you_mean
            raise compiler.error(here + (key,), f"'{key}' is not an option of clock", did_you_mean(str(key), CLOCK_OPTIONS),
                                 ko=f"'{key}'은(는) clock의 옵션이 아닙니다", hint_ko=did_you_mean(str(key), CLOCK_OPTIONS, "ko"))
    ends = [name for name in ("fail_after_months", "fail_after_observations", "lookback_months") if name in spec]
    if len(ends) != 1:
        raise compiler.error(here, "a clock has one of fail_after_months, fail_after_observations or lookback_months",
                             ko="clock에는 fail_after_months, fail_after_observations, lookback_months 중 하나가 있어야 합니다")
    if "lookback_months" in spec and set(spec) - {"lookback_months", "stale_after_days", "expected_from"}:
        raise compiler.error(here, "a lookback clock has lookback_months alone (and stale_after_days, expected_from)",
                             ko="lookback 시계에는 lookback_months(와 stale_after_days, expected_from)만 씁니다")
    if "young_for_months" in spec and "expected_from" not in spec:
        raise compiler.error(here + ("young_for_months",), "young_for_months needs expected_from: the day it counts from",
                             ko="young_for_months에는 기산일인 expected_from이 필요합니다")
    if "expected_from" in spec and "stale_after_days" not in spec:
        raise compiler.error(here + ("expected_from",), "expected_from needs stale_after_days: the days allowed after it",
                             ko="expected_from에는 그 뒤 허용되는 일수인 stale_after_days가 필요합니다")
    clock = Clock(
        caution_after_months=_length(compiler, spec, "caution_after_months", here),
        fail_after_months=_length(compiler, spec, "fail_after_months", here),
        fail_after_observations=_length(compiler, spec, "fail_after_observations", here),
        reset_after_observations=_length(compiler, spec, "reset_after_observations", here),
        fail_stands=_length(compiler, spec, "fail_stands", here, flag=True),
        lookback_months=_length(compiler, spec, "lookback_months", here),
        stale_after_days=_length(compiler, spec, "stale_after_days", here),
        expected_from=_date(compiler, spec, "expected_from", here),
        young_for_months=_length(compiler, spec, "young_for_months", here),
    )
    if clock.caution_after_months is not None and clock.fail_after_months is not None:
        refuse_known(compiler, [clock.caution_after_months, clock.fail_after_months], here + ("caution_after_months",),
                     _caution_after_the_fail)
    return {"observed_on": observed_on, "clock": clock, "fails_as": fails_as}


def _caution_after_the_fail(caution: Any, fail: Any) -> Refusal | None:
    """A caution that would start after the fail it warns of is never given."""
    if not (isinstance(caution, int) and isinstance(fail, int)) or caution <= fail:
        return None
    return Refusal(f"caution_after_months ({caution}) is after fail_after_months ({fail}): the caution would never be given",
                   f"caution_after_months({caution})가 fail_after_months({fail})보다 뒤입니다: 주의는 결코 주어지지 않습니다",
                   "a caution comes before the fail, or on the same day", "주의는 미충족보다 먼저 또는 같은 날 옵니다")
