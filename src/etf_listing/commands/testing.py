"""``etf-check test PATH``: run the rule tests written beside rulebooks (see ``etf_listing.rule_tests``).

Exit status: 0 every case gave the expected statuses, 1 at least one did not, 2 a test file, a
rulebook or a product could not be read, or a case could not be evaluated (a date before the
rulebook's first version): each such problem is printed at its place in its file.
"""

from __future__ import annotations

import argparse
from typing import Sequence

from ..checker import Checker
from ..errors import InputError
from ..options import EXIT_ELIGIBLE, EXIT_INVALID, EXIT_NOT_ELIGIBLE, add_language, add_root, parse


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="etf-check test",
                                     description="Run rule tests: cases with an input and the expected status of each rule.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a rule-test file, or a folder to search for them")
    add_language(parser)
    add_root(parser, "files the tests refer to must lie under DIR (default: as for products)")
    checker = Checker(parse(parser, argv))
    from ..rule_tests import find_test_files, run_test_file

    lang = checker.lang
    files = [f for path in checker.options.paths for f in find_test_files(path)]
    if not files:
        checker.say("no rule-test files (kind: etf-rule-tests) found",
                    "규칙 테스트 파일(kind: etf-rule-tests)이 없습니다", "etf-check test")
        return EXIT_INVALID
    lines: list[str] = []
    total = failed = 0
    unreadable = False
    for file in files:
        try:
            result = run_test_file(file, checker.options.root)
        except InputError as error:
            checker.problems(error.problems)
            unreadable = True
            continue
        lines.append(f"{result.file} ({result.rulebook})")
        for case in result.cases:
            total += 1
            if case.passed:
                lines.append(f"  ✔ {case.name}")
                continue
            failed += 1
            lines.append(f"  ✘ {case.name}  ({case.location})")
            for problem in case.problems:
                lines.append(f"      {problem.text(lang)}")
            checker.problems(case.problems)
            unreadable = unreadable or bool(case.problems)
            for mismatch in case.mismatches:
                expected = "expected" if lang == "en" else "기대"
                actual = "got" if lang == "en" else "실제"
                lines.append(f"      {mismatch.rule}: {expected} {mismatch.expected}, {actual} {mismatch.actual}: {mismatch.message}")
        checker.write("\n".join(lines) + "\n")
        lines = []
    if lang == "ko":
        checker.write(f"{total}개 사례: 통과 {total - failed}, 실패 {failed}\n")
    else:
        checker.write(f"{total} cases: {total - failed} passed, {failed} failed\n")
    if unreadable:
        return EXIT_INVALID
    return EXIT_NOT_ELIGIBLE if failed else EXIT_ELIGIBLE
