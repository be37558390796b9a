"""The vocabulary's reference, written from the operations' declarations, so that nothing lists an
operation twice: the README's vocabulary section, the expression part of the rulebook JSON Schema
(every operation with its options: an unknown option is refused by the schema, and an editor
completes the names), and the terms ``etf-check explain`` shows.

``python -m etf_listing.vocabulary.reference --write`` rewrites the README section (between
``<!-- vocabulary:start -->`` and ``<!-- vocabulary:end -->``) and the packaged rulebook schema
(``src/etf_listing/schemas/rulebook.schema.json``); then ``etf-check schema --output schemas``
and ``python -m etf_listing.rulebook --record-checked``. A test fails when any is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterator

from .operations import FAMILIES
from .operations.comparisons import OPERATORS
from .tree import OPERATIONS, Option, Signature
from .types import ANY, PARAMETER_UNITS, RULE_UNITS, Type

START, END = "<!-- vocabulary:start -->", "<!-- vocabulary:end -->"
PARAMETER_UNIT_NAMES = [*PARAMETER_UNITS, "choice", "list"]


def by_family() -> Iterator[tuple[str, list[Signature]]]:
    for family, title in FAMILIES.items():
        members = [s for s in OPERATIONS.values() if s.family == family]
        if members:
            yield title, members
    others = [s for s in OPERATIONS.values() if s.family not in FAMILIES]
    if others:
        yield "Other operations", others


def option_text(option: Option) -> str:
    """What an option takes, in words."""
    if option.kind == "name":
        return "a name" + (f" ({', '.join(option.choices)})" if option.choices else "")
    if option.kind == "items":
        return option.type.describe() if option.type is not ANY else "a collection"
    if option.kind == "per_item":
        return f"{_typed(option.type)} per item"
    if option.kind == "values":
        count = f"{option.least}" if option.least == option.most else (f"{option.least} or more" if option.most is None
                                                                          else f"{option.least} to {option.most}")
        return f"a list of {count} ({_typed(option.type)})"
    if option.kind == "cases":
        return "a mapping of values to expressions"
    if option.kind == "expression":
        return "any expression"
    return _typed(option.type) + (" (whole)" if option.whole else "")


def _typed(kind: Type) -> str:
    return "any value" if kind is ANY else kind.describe()


def result_text(signature: Signature) -> str:
    if signature.result_doc:
        return signature.result_doc
    return "any value" if callable(signature.result) else _typed(signature.result)


def term(signature: Signature) -> str:
    """One line: the operation and what it computes, its summary's first sentence (for ``etf-check explain``)."""
    first = signature.summary.split(". ")[0].split("; ")[0].rstrip(".").replace("``", "")
    return f"{signature.name}: {first}"


# --- README ----------------------------------------------------------------------------------------

def vocabulary_markdown() -> str:
    lines = ["Every operation, by family: the option under its own key first, then its other options "
             "(* required), the type of its value, and an example. Types are checked when the rulebook "
             "loads: a number carries its unit (KRW, ratio, count, multiple, days, months), and `get` "
             "takes its type from the data model.", ""]
    for title, members in by_family():
        lines += [f"#### {title}", "", "| operation | computes | options | value | example |", "|---|---|---|---|---|"]
        for signature in members:
            options = [f"`{signature.name}`: {option_text(signature.main)}"]
            options += [f"`{name}`{'*' if option.required else ''}: {option_text(option)}"
                        for name, option in signature.options.items()]
            example = signature.examples[0] if signature.examples else ""
            cell = lambda text: text.replace("|", "\\|")  # noqa: E731 - a table cell
            lines.append(f"| `{cell(signature.name)}` | {cell(signature.summary)} | {cell('; '.join(options))} "
                         f"| {cell(result_text(signature))} | `{cell(example)}` |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def updated_readme(readme: str) -> str:
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{vocabulary_markdown()}{END}{tail}"


# --- JSON Schema -----------------------------------------------------------------------------------

EXPRESSION = {"$ref": "#/$defs/expression"}


def _option_schema(option: Option) -> dict[str, Any]:
    # What the compiler says better is left to it: a name of another kind ("ref takes a name, not
    # [...]"), a missing option ("sum needs 'of'"); the schema refuses unknown options and choices.
    if option.kind == "name":
        found: dict[str, Any] = {"enum": list(option.choices)} if option.choices else {}
    elif option.kind == "values":
        found = {"type": "array", "items": EXPRESSION, "minItems": option.least}
        if option.most is not None:
            found["maxItems"] = option.most
    elif option.kind == "cases":
        found = {"type": "object", "minProperties": 1, "additionalProperties": EXPRESSION}
    else:
        found = dict(EXPRESSION)
    found["description"] = option.doc
    return found


def expression_schema() -> dict[str, Any]:
    names = list(OPERATIONS)
    options = [name for s in OPERATIONS.values() for name in s.options if name not in names]
    alternatives = []
    for signature in OPERATIONS.values():
        allowed = [signature.name, *signature.options]
        alternatives.append({
            "if": {"required": [signature.name]},
            "then": {
                "description": f"{signature.name}: {signature.summary}",
                "propertyNames": {"enum": allowed},
                "properties": {name: _option_schema(option) for name, option in
                               [(signature.name, signature.main), *signature.options.items()]},
            },
        })
    return {
        "description": "A literal, a list, or a mapping with one operation of the rule vocabulary and its options "
                       "(generated from the operations' declarations: python -m etf_listing.vocabulary.reference --write).",
        "anyOf": [
            {"type": ["string", "number", "boolean", "null"]},
            {"type": "array", "items": EXPRESSION},
            {"type": "object", "minProperties": 1, "propertyNames": {"enum": names + list(dict.fromkeys(options))},
             "allOf": alternatives},
        ],
    }


def rulebook_schema(frame: dict[str, Any]) -> dict[str, Any]:
    """The rulebook schema ``frame`` with its generated parts replaced: the expressions, the
    operators and the units."""
    schema = json.loads(json.dumps(frame))
    definitions = schema["$defs"]
    definitions["expression"] = expression_schema()
    definitions["operator"] = {"enum": list(OPERATORS)}
    definitions["parameter"]["properties"]["unit"] = {"enum": PARAMETER_UNIT_NAMES}
    definitions["rule"]["properties"]["unit"] = {"enum": list(RULE_UNITS)}
    return schema


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


PACKAGED = Path(__file__).resolve().parent.parent / "schemas" / "rulebook.schema.json"


def main(argv: list[str]) -> int:
    write = argv[:1] == ["--write"]
    readme = Path(argv[1] if len(argv) > 1 else "README.md")
    frame = json.loads(PACKAGED.read_text(encoding="utf-8"))
    stale = []
    new_schema = schema_text(rulebook_schema(frame))
    if PACKAGED.read_text(encoding="utf-8") != new_schema:
        stale.append(str(PACKAGED))
        if write:
            PACKAGED.write_text(new_schema, encoding="utf-8")
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        print(f"{readme}: the markers {START} and {END} are missing", file=sys.stderr)
        return 2
    if updated_readme(text) != text:
        stale.append(str(readme))
        if write:
            readme.write_text(updated_readme(text), encoding="utf-8")
    for path in stale:
        print(("wrote " if write else "out of date: ") + path)
    return 0 if write or not stale else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
