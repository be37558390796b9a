"""The list of rules in the README, generated from the shipped rulebooks so that it cannot drift.

``python -m etf_listing.docs README.md`` rewrites the part of README.md between the markers
``<!-- rules:start -->`` and ``<!-- rules:end -->``; a test fails when the README is out of date.
"""

from __future__ import annotations

import sys

from .options import DEFAULT_RULEBOOK
from .rulebook import Rulebook, load_rulebook, shipped_rulebooks

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def rules_markdown(rulebook: Rulebook) -> str:
    lines = [
        f"Rulebook `{rulebook.id}` version {rulebook.version}, in force from {rulebook.effective_from}"
        + ("" if rulebook.effective_from_confirmed else " (date not confirmed by the sources)") + ".",
        "",
        "| rule | requirement | threshold | citation |",
        "|---|---|---|---|",
    ]
    for rule in rulebook.rules:
        thresholds = ", ".join(f"`{name}` = {_shown(rulebook.parameters[name].value)}" for name in rule.parameters
                               if rulebook.parameters[name].unit not in ("months", "days", "choice"))
        lines.append(f"| `{rule.id}` | {rule.requirement['en']} | {thresholds or '-'} | {rule.citation['en']} |")
    if len(rulebook.versions) > 1:
        lines += ["", "Versions (the evaluation date picks the one in force):", ""]
        for version in rulebook.versions:
            until = f" to {version.effective_to}" if version.effective_to else ""
            unconfirmed = "" if version.effective_from_confirmed else " (start date not confirmed)"
            changes = ", ".join(f"`{name}` = {_shown(value)}" for name, value in version.changes.items())
            lines.append(f"- {version.version}: from {version.effective_from}{until}{unconfirmed}; {changes}")
    lines += ["", "Parameters a compliance officer may read differently (change them in the rulebook YAML):", ""]
    for parameter in rulebook.parameters.values():
        lines.append(f"- `{parameter.name}` = {_shown(parameter.value)}: {parameter.description['en']}")
    return "\n".join(lines)


def _shown(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def all_rules_markdown() -> str:
    """Every shipped rulebook, the default (KRX) first."""
    paths = sorted({path for name, path in shipped_rulebooks().items() if "/" not in name})
    books = sorted((load_rulebook(p) for p in paths), key=lambda b: (b.id != DEFAULT_RULEBOOK, b.id))
    return "\n\n".join(f"### {book.title['en']} (`--rules {book.id}`)\n\n{rules_markdown(book)}" for book in books)


def updated(readme: str) -> str:
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{all_rules_markdown()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    path = argv[0] if argv else "README.md"
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if START not in text or END not in text:
        print(f"{path}: the markers {START} and {END} are missing", file=sys.stderr)
        return 2
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(updated(text))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
