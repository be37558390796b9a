"""The ten KRX checks as a GoRules zen-engine decision graph (krx.jdm.json)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import baseline
from . import as_verdicts, engine_input

GRAPH = Path(__file__).with_name("krx.jdm.json")


class Engine:
    name = "zen-engine"

    def __init__(self) -> None:
        import zen

        self.decision = zen.ZenEngine().create_decision(GRAPH.read_text(encoding="utf-8"))

    def prepare(self, case: dict[str, Any]) -> Any:
        return engine_input(case)

    def evaluate(self, prepared: Any) -> baseline.Verdicts:
        raw = self.decision.evaluate(prepared)["result"]["verdicts"]  # keyed by the rule id's last part
        return as_verdicts({rule: raw[rule.rsplit(".", 1)[1]] for rule in baseline.RULES})
