"""Rulebooks: YAML files of parameters, definitions and rules, checked and compiled at load.

A rulebook is validated twice when it is loaded: against its JSON Schema (its shape), then by the
compiler (every field, parameter, definition and operation it names exists, collections are used as
collections). A rulebook that loads is one whose rules can be evaluated; a malformed one fails at
load with ``file:line:column``.

The shape check of a *shipped* rulebook is done when the package is tested, not on every run
(importing jsonschema is most of the command's start-up): ``rules/checked.json`` records the
SHA-256 of each shipped rulebook that passed it and of the schema it passed, and a shipped rulebook
whose text and schema still hash to those figures would pass again. Any other text (a changed
shipped file, every rulebook named by path) is checked. ``python -m etf_listing.rulebook
--record-checked`` checks the shipped rulebooks and rewrites the record; a test keeps it current.

A rulebook loaded from its file (``load_rulebook``) is parsed once for all runs: the parse of its
text is kept in the user's cache directory (``etf_listing.rulebook_cache``) and read back while the
text is the same; it is checked and compiled on every run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import datetime as dt
import json
import os
import re
import sys
from dataclasses import dataclass
from typing import Any, Mapping

from . import clock
from .errors import InputError, Location, did_you_mean
from .options import DEFAULT_RULEBOOK
from .loading.files import named_file, read_text
from .loading.yaml_source import Document, parse_yaml
from .rulebook_cache import parsed_rulebook
from .rulebook_versions import Parameter, Version, _day, _day_or_none, _parameter, _versions, version_values  # noqa: F401 - part of this module's API
from .rulebook_shape import (CHECKED_SHAPES, _jsonable, _sha256, _validate_shape, checked_shapes, data_folder, declared_zone,  # noqa: F401
                             rulebook_schema, schema_message_ko, text_of_schema)
from .rule_checks import Check, Rule, Text, compile_rule, text_of  # noqa: F401 - Check, Rule: part of this module's API
from .vocabulary import operations as _operations  # noqa: F401 - registers the operations
from .vocabulary.compiler import Compiler, RulebookError

# A rulebook is data from wherever the user got it, so it is bounded like any other input. The KRX
# rulebook holds 889 values and no list longer than 5; these bounds are far above any real one and
# keep compiling a rulebook, and evaluating it per constituent, to a fraction of a second.
MAX_RULEBOOK_VALUES = 50_000
MAX_LIST_ITEMS = 1_000

class NoVersionInForce(LookupError):
    """The rulebook has no version in force on the evaluation date."""


@dataclass(frozen=True)
class Rulebook:
    """A loaded rulebook: its compiled rules, its parameters and its versions."""

    id: str
    title: Text
    file: str
    parameters: Mapping[str, Parameter]  # declarations, with the current version's values
    rules: tuple[Rule, ...]
    versions: tuple[Version, ...]  # oldest first
    description: Text | None = None
    source: Text | None = None
    # The SHA-256 of the rulebook's text (UTF-8), and whether it is one the package ships: a report
    # of a run with a rulebook file names the file and this digest, so its evidence is exact.
    sha256: str | None = None
    shipped: bool = False
    definitions: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # as written, for explain
    # The exchange's time zone (an IANA name), where the day of the run is taken (``etf_listing.clock``).
    time_zone: str | None = None
    time_zone_at: Location | None = None

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def in_force(self, day: dt.date | None) -> Version:
        """The version in force on ``day``; the current (latest) version when there is no date."""
        if day is None:
            return self.versions[-1]
        for version in reversed(self.versions):
            if version.in_force_on(day):
                return version
        first = self.versions[0].effective_from
        raise NoVersionInForce(f"the rulebook {self.id} has no version in force on {day}"
                               + (f" (its first version starts {first})" if day < first else ""))

    @property
    def current(self) -> Version:
        return self.versions[-1]

    # The current version's figures, for callers that do not ask for a date.
    @property
    def version(self) -> str:
        return self.current.version

    @property
    def effective_from(self) -> dt.date:
        return self.current.effective_from

    @property
    def effective_from_confirmed(self) -> bool:
        return self.current.effective_from_confirmed

    def day_of_run(self, now: dt.datetime | None = None) -> dt.date:
        """The day waivers are judged on: the date of ``now`` (aware; else the clock's) in the
        rulebook's ``time_zone``, or the machine's local date where it declares none."""
        return clock.day_of_run(self.time_zone, clock.now() if now is None else now, self.time_zone_at)


# --- finding rulebooks ----------------------------------------------------------------------------

def shipped_rulebooks(kind: str = "etf-rulebook") -> dict[str, str]:
    """Shipped rulebooks by name (``krx-etf-listing``, also ``krx/etf-listing``) -> path; with
    ``kind``, those of another kind (``index-methodology``: the screens of ``etf-check screen``)."""
    root = data_folder("etf_listing.rulebooks")
    found: dict[str, str] = {}
    for folder in sorted(os.listdir(root)):
        if not os.path.isdir(os.path.join(root, folder)):
            continue
        for name in sorted(os.listdir(os.path.join(root, folder))):
            path = os.path.join(root, folder, name)
            if name.endswith(".yaml") and _kind_of(_text(path)) == kind:
                stem = name.removesuffix(".yaml")
                found[f"{folder}-{stem}"] = path
                found[f"{folder}/{stem}"] = path
    return found


def _text(path: str) -> str:
    with open(path, encoding="utf-8") as stream:
        return stream.read()


def _kind_of(text: str) -> str:
    """The ``kind`` a shipped file declares on a line of its own (etf-rulebook when it says none)."""
    found = re.search(r"^kind:[ \t]*([A-Za-z0-9_-]+)[ \t]*$", text, re.MULTILINE)
    return found.group(1) if found else "etf-rulebook"


def load_rulebook(name_or_path: str = DEFAULT_RULEBOOK) -> Rulebook:
    """A shipped rulebook by name, or a rulebook file by path."""
    shipped = shipped_rulebooks()
    if name_or_path in shipped:
        real = shipped[name_or_path]
        name = os.path.relpath(real, os.path.dirname(os.path.dirname(real))).replace(os.sep, "/")
        text = read_text(named_file(real))
        compiled = compile_rulebook(text, f"rules/{name}", known=name in checked_shapes(text_of_schema(), {name: text}),
                                    cached=True)
        return dataclasses.replace(compiled, shipped=True)
    if not os.path.exists(name_or_path):
        names = ", ".join(n for n in shipped if "/" not in n)
        screens = shipped_rulebooks("index-methodology")
        if name_or_path in screens or any(n.endswith("/" + name_or_path) for n in screens):
            raise InputError.at(Location(name_or_path), f"'{name_or_path}' is an index methodology, not a listing rulebook",
                                "screen a universe with it: etf-check screen UNIVERSE.yaml",
                                ko=f"'{name_or_path}'은(는) 상장 규정집이 아니라 지수 방법론입니다",
                                hint_ko="유니버스 파일을 스크리닝하세요: etf-check screen UNIVERSE.yaml")
        raise InputError.at(Location(name_or_path), f"no rulebook named '{name_or_path}'",
                            did_you_mean(name_or_path, shipped) or f"shipped: {names}",
                            ko=f"'{name_or_path}'(이)라는 규정집이 없습니다",
                            hint_ko=did_you_mean(name_or_path, shipped, "ko") or f"제공되는 규정집: {names}")
    source = named_file(name_or_path)
    return compile_rulebook(read_text(source), source.display, cached=True)


def compile_rulebook(text: str, file: str, *, known: bool = False, cached: bool = False) -> Rulebook:
    """Compile a rulebook's text. ``known``: the text is one whose shape check the package recorded
    (see the module's doc), so it is not checked against the schema again; its size and lists are.
    ``cached``: the parse of this very text may come from an earlier run, and is kept for the next
    (``etf_listing.rulebook_cache``: what ``load_rulebook`` does); compiling a text is otherwise
    free of files."""
    if cached:
        document = parsed_rulebook(text, file, MAX_RULEBOOK_VALUES)
    else:
        document = parse_yaml(text, file, max_values=MAX_RULEBOOK_VALUES)
    _check_lists(document)
    if not known:
        _validate_shape(document)
    time_zone, time_zone_at = declared_zone(document, known)
    data = document.data
    parameters = {name: _parameter(name, spec, document) for name, spec in (data.get("parameters") or {}).items()}
    compiler = Compiler(parameters, data.get("definitions") or {}, document.where,
                        versions=version_values(data, parameters, document))
    rules = []
    seen: dict[str, Location] = {}
    for i, rule_node in enumerate(data["rules"]):
        where = ("rules", i)
        rule_id = str(rule_node["id"])
        if rule_id in seen:
            first = seen[rule_id].line
            compiler.record(RulebookError.at(document.where(where + ("id",)), f"the rule id '{rule_id}' is used twice (first at line {first})",
                                             ko=f"규칙 id '{rule_id}'이(가) 두 번 쓰였습니다 (처음: {first}행)"))
        seen[rule_id] = document.where(where)
        try:
            rules.append(compile_rule(rule_node, compiler, where, document))
        except RulebookError as error:
            compiler.record(error)
    used = {name for name, _ in compiler.compiled_definitions}
    for name in compiler.definitions:  # every definition is checked by compiling it where it is used
        if name not in used and not compiler.problems:  # (a mistake may stop a chain of them)
            compiler.record(RulebookError.at(document.where_key(("definitions", name)), f"the definition '{name}' is not used by any rule",
                                             "remove it, or refer to it with {ref: " + name + "}",
                                             ko=f"정의 '{name}'을(를) 쓰는 규칙이 없습니다",
                                             hint_ko="지우거나 {ref: " + name + "}로 참조하세요"))
    if compiler.problems:  # every mistake of the rulebook, in the order of the file
        raise RulebookError(sorted(compiler.problems, key=lambda p: (p.location.line, p.location.column)))
    versions = _versions(data, parameters, document)
    current = versions[-1].parameters
    parameters = {name: dataclasses.replace(p, value=current[name]) for name, p in parameters.items()}
    return Rulebook(
        id=str(data["id"]),
        title=text_of(data["title"]),
        file=file,
        parameters=parameters,
        rules=tuple(rules),
        versions=versions,
        description=text_of(data["description"]) if "description" in data else None,
        source=text_of(data["source"]) if "source" in data else None,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        definitions=dict(data.get("definitions") or {}),
        time_zone=time_zone, time_zone_at=time_zone_at,
    )


def _check_lists(document: Document) -> None:
    """Every list in the rulebook (a parameter's value, a literal in an expression) is at most
    ``MAX_LIST_ITEMS`` long: a rule compares each constituent with such a list."""
    pending: list[tuple[tuple[Any, ...], Any]] = [((), document.data)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, list):
            if len(value) > MAX_LIST_ITEMS:
                raise RulebookError.at(document.where(path), f"a list of {len(value):,} items; a rulebook's lists hold at most {MAX_LIST_ITEMS:,}",
                                       ko=f"항목이 {len(value):,}개인 목록입니다. 규정집의 목록은 최대 {MAX_LIST_ITEMS:,}개까지입니다")
            pending.extend((path + (i,), item) for i, item in enumerate(value))
        elif isinstance(value, dict):
            pending.extend((path + (key,), item) for key, item in value.items())


# --- the record of shipped rulebooks that passed the shape check ------------------------------------

def record_checked_shapes() -> str:
    """Check every shipped rulebook (shape and compilation) and write the record of those that
    passed; returns the record's path. Run by developers after changing a rulebook or the schema."""
    rulebooks = {}
    folder = ""
    for path in sorted(set(shipped_rulebooks().values())):
        folder = os.path.dirname(os.path.dirname(path))
        name = os.path.relpath(path, folder).replace(os.sep, "/")
        text = read_text(named_file(path))
        compile_rulebook(text, f"rules/{name}")  # raises when it does not pass: nothing is recorded
        rulebooks[name] = _sha256(text)
    target = os.path.join(folder, CHECKED_SHAPES)
    record = {"about": "SHA-256 of the shipped rulebooks that passed the schema check, and of the schema; "
                       "written by python -m etf_listing.rulebook --record-checked",
              "schema": _sha256(text_of_schema()), "rulebooks": rulebooks}
    with open(target, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(json.dumps(record, indent=2, sort_keys=True) + "\n")
    return target


if __name__ == "__main__":
    if sys.argv[1:] != ["--record-checked"]:
        sys.exit("usage: python -m etf_listing.rulebook --record-checked")
    print(f"wrote {record_checked_shapes()}")
