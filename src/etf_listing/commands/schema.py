"""``etf-check schema``: the JSON Schemas of product, index, rulebook and universe files, for editors.

``etf-check schema NAME`` writes one schema (product, index or rulebook) to standard output;
``etf-check schema --output DIR`` writes each into DIR as ``product.schema.json``,
``index.schema.json`` and ``rulebook.schema.json``. The repository ships the same files in
``schemas/``, which the examples name in their ``# yaml-language-server: $schema=`` comments.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Sequence

from ..checker import Checker
from ..errors import Location, Problem
from ..options import EXIT_ELIGIBLE, EXIT_INVALID, add_language, parse

NAMES = ("product", "index", "rulebook", "universe")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="etf-check schema",
        description="Write the JSON Schemas of product, index and rulebook files (for editors and validators).",
        epilog="With NAME, that schema goes to standard output; with --output DIR, all of them go into DIR.",
    )
    p.add_argument("names", nargs="*", metavar="NAME",
                   help=f"which schema: {', '.join(NAMES)} (default with --output: all of them)")
    p.add_argument("--output", metavar="DIR", help="write NAME.schema.json files into DIR (created if missing)")
    add_language(p)
    return p


def main(argv: Sequence[str]) -> int:
    options = parse(parser(), argv)
    checker = Checker(options)
    requested = [str(name) for name in options.extra["names"]]
    unknown = [name for name in requested if name not in NAMES]
    if unknown:
        parser().error(f"unknown schema '{unknown[0]}' (choose from {', '.join(NAMES)})")
    names = list(dict.fromkeys(requested)) or (list(NAMES) if options.output else [])
    if not names:
        parser().print_usage(sys.stderr)
        checker.say(f"error: name a schema ({', '.join(NAMES)}) or give --output DIR",
                    f"error: 스키마 이름({', '.join(NAMES)})을 쓰거나 --output DIR을 지정하세요", "etf-check schema")
        return EXIT_INVALID
    if not options.output and len(names) > 1:
        checker.say("error: one schema at a time on standard output; use --output DIR for several",
                    "error: 표준 출력에는 스키마를 하나씩만 씁니다. 여러 개는 --output DIR을 쓰세요", "etf-check schema")
        return EXIT_INVALID
    from ..loading.json_schema import schema_text

    if not options.output:
        return checker.write(schema_text(names[0]))
    try:
        os.makedirs(options.output, exist_ok=True)
    except OSError as error:
        checker.problems([Problem(Location(error.filename or options.output), f"cannot be written: {error.strerror}",
                                  ko=f"쓸 수 없습니다: {error.strerror}")])
        return EXIT_INVALID
    for name in names:
        path = os.path.join(options.output, f"{name}.schema.json")
        if checker.write(schema_text(name), path) != EXIT_ELIGIBLE:
            return EXIT_INVALID
        checker.write(path + "\n")
    return EXIT_ELIGIBLE
