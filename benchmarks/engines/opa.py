"""The ten KRX checks as an OPA Rego policy (krx.rego), run by regopy (rego-cpp)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import baseline
from . import as_verdicts, engine_input

POLICY = Path(__file__).with_name("krx.rego")


class Engine:
    name = "opa"

    def __init__(self) -> None:
        import regopy

        self.regopy = regopy
        self.interpreter = regopy.Interpreter()
        self.interpreter.add_module("krx", POLICY.read_text(encoding="utf-8"))

    def prepare(self, case: dict[str, Any]) -> Any:
        return self.regopy.Input(engine_input(case))

    def evaluate(self, prepared: Any) -> baseline.Verdicts:
        self.interpreter.set_input(prepared)
        output = self.interpreter.query("x = data.krx.verdicts")
        return as_verdicts(json.loads(str(output))["bindings"]["x"])
