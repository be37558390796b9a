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
    return p


def main(argv: Sequence[str]) -> int:
    args = parser().parse_args(list(argv))
    unknown = [name for name in args.names if name not in NAMES]
    if unknown:
        parser().error(f"unknown schema '{unknown[0]}' (choose from {', '.join(NAMES)})")
    names = list(dict.fromkeys(args.names)) or (list(NAMES) if args.output else [])
    if not names:
        parser().print_usage(sys.stderr)
        print(f"etf-check schema: error: name a schema ({', '.join(NAMES)}) or give --output DIR", file=sys.stderr)
        return 2
    if not args.output and len(names) > 1:
        print("etf-check schema: error: one schema at a time on standard output; use --output DIR for several",
              file=sys.stderr)
        return 2
    from ..loading.json_schema import schema_text

    if not args.output:
        sys.stdout.write(schema_text(names[0]))
        return 0
    try:
        os.makedirs(args.output, exist_ok=True)
        for name in names:
            path = os.path.join(args.output, f"{name}.schema.json")
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(schema_text(name))
            print(path)
    except OSError as error:
        print(f"{error.filename or args.output}:1:1: cannot be written: {error.strerror}", file=sys.stderr)
        return 2
    return 0
