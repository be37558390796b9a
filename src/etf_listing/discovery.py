"""Which files to check: the product files found in directories.

A product file is a YAML file whose top-level ``kind`` is ``etf-product``. Telling one apart is a
cheap look at its lines, not a load: a repository holds many YAML files, and the command must stay
quick as a pre-commit hook. Results are sorted, so a run never depends on the order the file
system lists a directory in.
"""

from __future__ import annotations

import os
import re
from typing import Iterator

YAML_SUFFIXES = (".yaml", ".yml")
HEAD_BYTES = 1024 * 1024  # a product file is small; a big YAML file is data, looked at only this far
_PRODUCT_KIND = re.compile(r"^kind:[ \t]*(['\"]?)etf-product\1[ \t\r]*(?:#.*)?$", re.MULTILINE)


def is_product_file(path: str) -> bool:
    """Whether ``path`` is a YAML file with a top-level ``kind: etf-product`` line."""
    if not path.endswith(YAML_SUFFIXES):
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return False
    return _PRODUCT_KIND.search(head.decode("utf-8-sig", errors="replace")) is not None


def product_files(directory: str) -> list[str]:
    """The product files under ``directory``, sorted; hidden directories (``.git``) are skipped."""
    return sorted(path for path in yaml_files(directory) if is_product_file(path))


def yaml_files(directory: str) -> Iterator[str]:
    for folder, subfolders, files in os.walk(directory):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        for name in sorted(files):
            if name.endswith(YAML_SUFFIXES):
                yield os.path.normpath(os.path.join(folder, name))
