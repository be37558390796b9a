"""The corpus of bad inputs (``tests/bad-inputs/<case>/``): how a case is laid out and run.

Each case is a directory holding the input files and ``expected.yaml``, which says what
``etf-check`` must answer when it is run from that directory::

    args: [product.yaml]          # optional; the default
    exit: 2                       # the exit status
    stderr:                       # standard error, line by line, exactly
      - "product.yaml:5:1: the key 'units' is written twice (first at line 4) (remove one of them)"
    stdout_contains: [...]        # optional: text the report must hold
    never: [pwned, secret]        # optional: text that must appear nowhere (stdout or stderr)
    generate:                     # optional: files too large or too special for the repository
      big.csv: {text: "x", repeat: 70000000, before: "code,name,quantity\\n"}
      link.csv: {symlink: ../outside.txt, target_text: "secret"}
      pipe.csv: {fifo: true}
      folder: {directory: true}

A case is copied into a temporary directory (``<tmp>/repository``) before it runs, so that files
generated for it, and files "outside the tree" (``<tmp>/outside.txt``), never touch the checkout.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).resolve().parent / "bad-inputs"


def cases() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if (p / "expected.yaml").is_file())


def expectation(name: str) -> dict[str, Any]:
    return dict(yaml.safe_load((CORPUS / name / "expected.yaml").read_text(encoding="utf-8")))


def prepare(name: str, tmp: Path) -> Path:
    """The case's files in ``tmp/repository``, generated files included; returns that directory."""
    folder = tmp / "repository"
    shutil.copytree(CORPUS / name, folder, symlinks=True, ignore=shutil.ignore_patterns("expected.yaml"))
    for file, spec in (expectation(name).get("generate") or {}).items():
        path = folder / file
        if "symlink" in spec:
            target = (folder / spec["symlink"]).resolve()
            target.write_text(spec.get("target_text", ""), encoding="utf-8")
            path.symlink_to(spec["symlink"])
        elif spec.get("fifo"):
            os.mkfifo(path)
        elif spec.get("directory"):
            path.mkdir()
        else:
            with path.open("w", encoding="utf-8", newline="") as stream:
                stream.write(spec.get("before", ""))
                chunk = spec["text"] * 10_000
                whole, rest = divmod(int(spec["repeat"]), 10_000)
                for _ in range(whole):
                    stream.write(chunk)
                stream.write(spec["text"] * rest)
                stream.write(spec.get("after", ""))
    return folder
