"""The same ten KRX checks in other rule engines, for the benchmark's side-by-side comparison.

Each engine module has an ``Engine`` with a ``name``, ``prepare(case)`` (the baseline's loaded case
to the engine's input, untimed) and ``evaluate(prepared)`` (the timed call) returning verdicts in
the baseline's form. The engines are installed only by ``python -m benchmarks.run --with-engines``.
"""

from __future__ import annotations

from typing import Any

from .. import baseline


def engine_input(case: dict[str, Any]) -> dict[str, Any]:
    """What both engines receive: each constituent's 3-month means (given in the inputs the
    engines are measured on) and whether the PDF holds it, and the product's figures. Joining the
    PDF onto the constituents is done here, untimed: work our evaluator and the baseline do in
    their timed call."""
    held = {row["code"] for row in case["pdf"] if float(row["quantity"]) > 0}
    product = case["product"]
    return {
        "constituents": [{"code": c["code"], "market_cap": int(c["market_cap_krw"]),
                          "trading_value": int(c["trading_value_krw"]), "held": c["code"] in held}
                         for c in case["constituents"]],
        "product": {"principal": int(baseline.krw(product["principal_krw"])), "units": product["units"],
                    "participants": product.get("participants") or []},
    }


def as_verdicts(raw: dict[str, Any]) -> baseline.Verdicts:
    """``{rule: [ok, offenders]}`` from an engine to the baseline's ``{rule: (status, offenders)}``."""
    verdicts: baseline.Verdicts = {}
    for rule in baseline.RULES:
        ok, offenders = raw[rule]
        verdicts[rule] = ("pass" if ok else "fail", [] if ok else list(offenders))
    return verdicts
