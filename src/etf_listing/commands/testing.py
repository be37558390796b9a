"""``etf-check test PATH``: run the rule tests written beside rulebooks (see ``etf_listing.rule_tests``).

Exit status: 0 every case gave the expected statuses, 1 at least one did not, 2 a test file, a
rulebook or a product could not be read.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from ..errors import InputError
from .common import language, print_problems


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="etf-check test",
                                     description="Run rule tests: cases with an input and the expected status of each rule.")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a rule-test file, or a folder to search for them")
    parser.add_argument("--lang", choices=("en", "ko"), default=None)
    parser.add_argument("--root", metavar="DIR", help="files the tests refer to must lie under DIR (default: as for products)")
    args = parser.parse_args(argv)
    lang = language(args.lang)
    from ..rule_tests import find_test_files, run_test_file

    files = [f for path in args.paths for f in find_test_files(path)]
    if not files:
        print("etf-check test: no rule-test files (kind: etf-rule-tests) found", file=sys.stderr)
        return 2
    total = failed = 0
    unreadable = False
    for file in files:
        try:
            result = run_test_file(file, args.root)
        except InputError as error:
            print_problems(error, lang)
            unreadable = True
            continue
        print(f"{result.file} ({result.rulebook})")
        for case in result.cases:
            total += 1
            if case.passed:
                print(f"  ✔ {case.name}")
                continue
            failed += 1
            print(f"  ✘ {case.name}  ({case.location})")
            for problem in case.problems:
                print(f"      {problem.text(lang)}")
            for mismatch in case.mismatches:
                expected = "expected" if lang == "en" else "기대"
                actual = "got" if lang == "en" else "실제"
                print(f"      {mismatch.rule}: {expected} {mismatch.expected}, {actual} {mismatch.actual}: {mismatch.message}")
    if lang == "ko":
        print(f"{total}개 사례: 통과 {total - failed}, 실패 {failed}")
    else:
        print(f"{total} cases: {total - failed} passed, {failed} failed")
    if unreadable:
        return 2
    return 1 if failed else 0
