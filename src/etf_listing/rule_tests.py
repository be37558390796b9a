"""Rule tests: cases written beside a rulebook, each an input product and the expected status of
rules, run the way ``opa test`` or ``kyverno test`` run policy tests.

A test file (``kind: etf-rule-tests``)::

    kind: etf-rule-tests
    schema_version: 1
    rulebook: ../etf-listing.yaml      # relative to this file, or a shipped rulebook's name
    base: products/passing.yaml        # optional: the product a case starts from
    cases:
      - name: principal exactly KRW 7bn passes
        set: {principal_krw: 70억원}     # optional: fields replaced in the product (null removes one)
        as_of: 2024-10-31              # optional
        expect:
          krx.size.principal: pass

A case may name its own ``product`` instead of the base. Paths are relative to the file that names
them and stay under the root, as a product's do.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .checker import evaluated
from .discovery import is_yaml_name
from .errors import InputError, Location, Problem
from .results import STATUSES, Report
from .loading.files import default_root, named_file, read_text, resolve_reference
from .loading.load import Loader
from .loading.validation import validation_problems
from .loading.yaml_source import parse_yaml
from .rulebook import Rulebook, load_rulebook, shipped_rulebooks

Status = Literal["pass", "fail", "not_applicable", "error", "waived", "at_risk"]


class CaseDocument(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1)
    product: str | None = None
    set: dict[str, Any] | None = None
    as_of: dt.date | None = None
    expect: dict[str, Status] = Field(min_length=1)


class TestFileDocument(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal["etf-rule-tests"]
    schema_version: Literal[1]
    rulebook: str
    base: str | None = None
    cases: list[CaseDocument] = Field(min_length=1)


@dataclass(frozen=True)
class Mismatch:
    rule: str
    expected: str
    actual: str
    message: str


@dataclass(frozen=True)
class CaseResult:
    name: str
    location: Location
    mismatches: tuple[Mismatch, ...] = ()
    problems: tuple[Problem, ...] = ()
    # What the case expects of each rule, and the report it was decided on (None where the case
    # could not be run): what its figures show can be read afterwards (which cases reach a rule's
    # threshold exactly, tests/rulebooks/test_rule_boundaries.py).
    expect: Mapping[str, str] = field(default_factory=dict, compare=False)
    report: Report | None = field(default=None, compare=False, repr=False)

    @property
    def passed(self) -> bool:
        return not self.mismatches and not self.problems


@dataclass(frozen=True)
class FileResult:
    file: str
    rulebook: str
    cases: tuple[CaseResult, ...] = field(default_factory=tuple)
    expectations: Mapping[str, frozenset[str]] = field(default_factory=dict)  # rule -> statuses expected


def find_test_files(path: str) -> list[str]:
    """The rule-test files at ``path``: the file itself, or every ``*.yaml`` under a folder whose
    ``kind`` is ``etf-rule-tests`` (sorted)."""
    if not os.path.isdir(path):
        return [path]
    found = []
    for folder, folders, files in os.walk(path):
        folders.sort()
        for name in sorted(files):
            if is_yaml_name(name):
                full = os.path.join(folder, name)
                with open(full, encoding="utf-8", errors="replace") as handle:
                    head = handle.read(4096)
                if "kind: etf-rule-tests" in head:
                    found.append(full)
    return found


def run_test_file(path: str, root: str | None = None) -> FileResult:
    """Run every case of one test file; InputError when the file itself cannot be read. Files it
    refers to must lie under ``root`` (default: as for products, the working directory when the
    test file is inside it, else the test file's folder)."""
    source = named_file(path)
    document = parse_yaml(read_text(source), source.display)
    try:
        parsed = TestFileDocument.model_validate(document.data)
    except ValidationError as error:
        raise InputError(validation_problems(error, TestFileDocument, document, (), document.data)) from None
    root = root or default_root(path)
    rulebook = _rulebook(parsed.rulebook, source, root, document.where(("rulebook",)))
    loader = Loader(root=root)
    cases = []
    expected: dict[str, set[str]] = {}
    for i, case in enumerate(parsed.cases):
        where = document.where(("cases", i))
        unknown = [rule for rule in case.expect if rule not in {r.id for r in rulebook.rules}]
        if unknown:
            raise InputError.at(document.where_key(("cases", i, "expect", unknown[0])),
                                f"no rule '{unknown[0]}' in {rulebook.id}",
                                ko=f"{rulebook.id}에 '{unknown[0]}' 규칙이 없습니다")
        for rule, status in case.expect.items():
            expected.setdefault(rule, set()).add(status)
        product_ref = case.product or parsed.base
        if product_ref is None:
            raise InputError.at(where, "the case names no product and the file has no base",
                                ko="사례에 상품이 없고 파일에 base도 없습니다")
        product_file = resolve_reference(source, product_ref, root, where)
        dated_at = document.where(("cases", i, "as_of")) if case.as_of is not None else None
        set_at = {dotted: document.where(("cases", i, "set", dotted)) for dotted in case.set or {}}
        cases.append(_run_case(case, product_file.display, rulebook, loader, where, dated_at, set_at))
    return FileResult(source.display, rulebook.id, tuple(cases), {k: frozenset(v) for k, v in expected.items()})


def _rulebook(reference: str, source: Any, root: str, where: Location) -> Rulebook:
    if reference in shipped_rulebooks():
        return load_rulebook(reference)
    return load_rulebook(resolve_reference(source, reference, root, where).real)


def _run_case(case: CaseDocument, product_file: str, rulebook: Rulebook, loader: Loader, where: Location,
              dated_at: Location | None = None, set_at: Mapping[str, Location] | None = None) -> CaseResult:
    """One case: its product loaded and evaluated as the checker evaluates (a date before the
    rulebook's first version, or a product that cannot be read, is a problem of the case)."""
    try:
        product = loader.load_product(product_file, overrides=case.set, overrides_at=set_at)
        report = evaluated(product, rulebook, case.as_of, dated_at, in_a_case=True)
    except InputError as error:
        return CaseResult(case.name, where, problems=error.problems, expect=case.expect)
    results = {r.rule.id: r for r in report.results}
    mismatches = tuple(
        Mismatch(rule, expected, results[rule].status, results[rule].message["en"])
        for rule, expected in case.expect.items() if results[rule].status != expected
    )
    return CaseResult(case.name, where, mismatches, expect=case.expect, report=report)


__all__ = ["STATUSES", "CaseResult", "FileResult", "Mismatch", "find_test_files", "run_test_file"]
