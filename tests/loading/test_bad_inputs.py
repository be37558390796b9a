"""Every file of the corpus of bad inputs gets its expected answer (``tests/corpus.py`` says how a
case is laid out): a clear ``file:line:column: message`` and exit status 2 for what cannot be read,
a normal evaluation for what is only unusual (a BOM, CRLF, codes with leading zeros), and never a
traceback, the contents of a file outside the tree, or a raw control character."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from etf_listing.cli import main

from .. import corpus


@pytest.mark.parametrize("name", corpus.cases())
def test_each_bad_input_gets_its_expected_answer(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    expected = corpus.expectation(name)
    monkeypatch.chdir(corpus.prepare(name, tmp_path))
    status = main(expected.get("args", ["product.yaml"]))
    out, err = capsys.readouterr()
    assert err.splitlines() == expected["stderr"]
    assert status == expected["exit"]
    for text in expected.get("stdout_contains", []):
        assert text in out
    for text in [*expected.get("never", []), "Traceback", "internal error"]:
        assert text not in out + err


def test_every_case_says_what_it_is_about() -> None:
    names = corpus.cases()
    assert len(names) == len([p for p in corpus.CORPUS.iterdir() if p.is_dir()])  # none without expected.yaml
    for name in names:
        assert corpus.expectation(name)["about"]


SUBPROCESS_CASES = ["yaml-deeply-nested-sequence", "yaml-alias-bomb", "encoding-cp949-csv",
                    "path-symlink-out-of-the-tree", "rulebook-python-tag", "yaml-control-characters-in-a-key"]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_the_installed_command_answers_the_same_in_a_process_of_its_own(name: str, tmp_path: Path) -> None:
    """The command in a fresh interpreter: no traceback, no crash of the process (libyaml is a C
    library: a stack overflow there would kill the process with a signal, not raise), same answer."""
    expected = corpus.expectation(name)
    folder = corpus.prepare(name, tmp_path)
    done = subprocess.run([sys.executable, "-m", "etf_listing", *expected.get("args", ["product.yaml"])],
                          cwd=folder, capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"})
    err = done.stderr.decode("utf-8")
    assert done.returncode == expected["exit"], err
    assert err.splitlines() == expected["stderr"]
    assert b"Traceback" not in done.stderr + done.stdout


def test_no_case_opens_a_file_outside_its_tree_or_a_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A Python audit hook watches every case run: each file opened lies in the case's own tree
    (or is one of etf-check's own files, such as the shipped rulebook or the parse of it kept in the
    cache directory), and no socket is made, whatever the case names: ../, absolute paths, symbolic
    links out, URLs."""
    import etf_listing

    from etf_listing.rulebook import shipped_rulebooks
    from etf_listing.rulebook_cache import cache_directory

    rules = Path(shipped_rulebooks()["krx-etf-listing"]).resolve().parent.parent
    cache = cache_directory()
    assert cache is not None
    own = [str(Path(etf_listing.__file__).resolve().parent), str(rules), str(Path(sys.prefix).resolve()),
           str(Path(sys.base_prefix).resolve()), os.path.realpath(cache)]
    seen: list[tuple[str, str, object]] = []
    current = [""]

    def hook(event: str, arguments: tuple[object, ...]) -> None:
        if current[0] and (event == "open" or event.startswith(("socket.", "urllib.", "http.", "subprocess."))):
            target = arguments[0] if arguments else None
            if event == "open" and isinstance(target, (str, bytes, os.PathLike)):
                target = os.path.realpath(os.fsdecode(target))  # now: a relative path is the working directory's
            seen.append((current[0], event, target))

    sys.addaudithook(hook)  # cannot be removed: ``current`` turns it off
    try:
        for name in corpus.cases():
            if name == "file-too-large":
                continue  # 68 MB written for nothing: its refusal happens before any read
            folder = corpus.prepare(name, tmp_path / name)
            arguments = corpus.expectation(name).get("args", ["product.yaml"])
            monkeypatch.chdir(folder)
            current[0] = str(folder.resolve())
            main(arguments)
            current[0] = ""
            capsys.readouterr()
    finally:
        current[0] = ""
    outside = []
    for tree, event, target in seen:
        if event != "open":
            outside.append((tree, event, target))
        elif isinstance(target, (str, bytes, os.PathLike)):
            path = os.path.realpath(os.fsdecode(target))
            if not any(path == root or path.startswith(root + os.sep) for root in [tree, *own]):
                outside.append((tree, event, path))
    assert outside == []
    assert any(event == "open" for _, event, _ in seen)  # the hook did watch
