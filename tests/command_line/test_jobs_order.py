"""A run in several processes checks the products of one index together, and reports in file order.

Each process decides an index's own rules once, for all the products on it that it checks; files
given one index after another in turn would have every process decide the rules of every index.
So the files are checked grouped by the index they name (``parallel.by_index``) and their outcomes
come back in the order the files were given, the report the same whatever the order of checking.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from etf_listing import parallel
from etf_listing.results import Outcome

from .test_jobs import run


def test_files_are_grouped_by_the_index_they_name_in_the_order_the_indices_first_come():
    files = ["a1", "b1", "none1", "a2", "c1", "b2", "none2", "a3"]
    indices = {"a1": "/i/a", "a2": "/i/a", "a3": "/i/a", "b1": "/i/b", "b2": "/i/b", "c1": "/i/c"}
    order = parallel.by_index(files, indices)
    assert [files[place] for place in order] == ["a1", "a2", "a3", "b1", "b2", "none1", "none2", "c1"]
    assert parallel.by_index(files, {}) == list(range(len(files)))  # no index known: as given


def test_files_are_checked_in_the_order_given_and_come_back_in_theirs(tmp_path: Path):
    """Checked in reverse (the parent's first run, then the worker's from the front of that order),
    every outcome comes back once, in the files' own order."""
    files = [f"f{n:02}" for n in range(40)]
    log = tmp_path / "checked"

    def check(file: str) -> Outcome:  # in the parent and in the worker (forked with it)
        with open(log, "a", encoding="utf-8") as noted:
            noted.write(f"{os.getpid()} {file}\n")
        return Outcome(file)

    back = list(parallel.checked(files, check, [], [], 2, "en", order=list(reversed(range(40)))))
    assert [file for file, _ in back] == files and [outcome.file for _, outcome in back] == files
    by_process: dict[str, list[str]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        pid, file = line.split()
        by_process.setdefault(pid, []).append(file)
    assert sorted(file for checked in by_process.values() for file in checked) == files  # each once
    worker = [checked for pid, checked in by_process.items() if int(pid) != os.getpid()]
    assert len(worker) == 1 and worker[0] == sorted(worker[0], reverse=True)  # from the front of the order given
    assert by_process[str(os.getpid())][0] == "f39"  # the parent's first run: the first of that order


def test_a_run_over_several_indices_reports_as_one_process_does(in_repository: Path, capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch):
    """examples/failing names the value-up index four times and three indices of their own: checked
    by index in two processes, the report is one process's, byte for byte, in every format."""
    orders = []
    checked = parallel.checked
    monkeypatch.setattr(parallel, "checked", lambda *args: orders.append(args[-1]) or checked(*args))
    for format_ in ("json", "text", "sarif"):
        assert run(capsys, "--format", format_, "--jobs", "2", "examples/failing") == run(
            capsys, "--format", format_, "--jobs", "1", "examples/failing")
    files = sorted(str(path) for path in Path("examples/failing").glob("*/product.yaml"))
    on_value_up = [n for n, file in enumerate(files) if "../../indices/korea-value-up" in Path(file).read_text("utf-8")]
    assert len(on_value_up) == 4 and orders == [on_value_up + [n for n in range(7) if n not in on_value_up]] * 3


def test_with_a_progress_bar_the_files_are_checked_in_their_order(in_repository: Path, monkeypatch: pytest.MonkeyPatch):
    """A person watching the bar sees it move as outcomes come back in the files' order: then the
    files are checked in that order."""
    from etf_listing.checker import Checker
    from etf_listing.options import Options

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    orders = []
    checked = parallel.checked
    monkeypatch.setattr(parallel, "checked", lambda *args: orders.append(args[-1]) or checked(*args))
    files = sorted(str(path) for path in Path("examples/failing").glob("*/product.yaml"))
    watched = Checker(Options(format="json", extra={"jobs": 2}), stdout=io.StringIO(), stderr=Terminal())
    unwatched = Checker(Options(format="json", extra={"jobs": 2}), stdout=io.StringIO(), stderr=io.StringIO())
    assert watched.render(watched.check(files)) == unwatched.render(unwatched.check(files))
    assert orders[0] is None and orders[1] is not None and sorted(orders[1]) == list(range(7)) != orders[1]


def test_a_worker_that_dies_leaves_the_rest_to_the_parent_which_checks_no_file_twice(tmp_path: Path):
    """Checked in another order, a worker that dies mid-run leaves the parent with outcomes checked
    out of turn (runs taken from the back while it waited): they are kept, and only the files
    nobody has given back are checked again, each once; all come back in the files' order."""
    import time

    files = [f"f{n:02}" for n in range(40)]
    parent, in_the_worker, in_the_parent = os.getpid(), tmp_path / "worker", tmp_path / "parent"

    def check(file: str) -> Outcome:
        if os.getpid() != parent:  # the worker: slow, and dies at its third file
            with open(in_the_worker, "a", encoding="utf-8") as noted:
                noted.write(f"{file}\n")
            if len(in_the_worker.read_text(encoding="utf-8").splitlines()) == 3:
                os._exit(9)
            time.sleep(0.05)
        else:
            with open(in_the_parent, "a", encoding="utf-8") as noted:
                noted.write(f"{file}\n")
        return Outcome(file)

    back = list(parallel.checked(files, check, [], [], 2, "en", order=list(reversed(range(40)))))
    assert [file for file, _ in back] == files and [outcome.file for _, outcome in back] == files
    assert len(in_the_worker.read_text(encoding="utf-8").splitlines()) == 3
    # each file checked once by the parent (the worker gave none back), those of the runs it took
    # from the back while it waited included
    assert sorted(in_the_parent.read_text(encoding="utf-8").splitlines()) == files


def test_an_order_that_does_not_name_each_file_once_is_refused():
    with pytest.raises(ValueError):
        list(parallel.checked(["a", "b", "c"], Outcome, [], [], 2, "en", order=[0, 0, 1]))


def test_each_check_in_the_parent_is_set_aside_from_the_collector_at_once(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch):
    """An outcome the parent checks out of turn waits for it: what the check made is frozen right
    after it (as a worker freezes after each), not left for the collector to rescan meanwhile; so
    is a file a worker could not hand back, which the parent checks in its turn."""
    import types

    files = [f"f{n:02}" for n in range(40)]
    parent, events, in_the_worker = os.getpid(), [], tmp_path / "worker"

    def check(file: str) -> Outcome:
        if os.getpid() == parent:
            events.append(file)
        else:
            with open(in_the_worker, "a", encoding="utf-8") as noted:
                noted.write(f"{file}\n")
        return Outcome(file)

    def refused(outcome: Outcome) -> bytes:  # a fifth of the worker's outcomes cannot be handed back
        if outcome.file.endswith(("0", "5")):
            raise TypeError("not handed back")
        return handed(outcome)

    handed = parallel._pickled
    monkeypatch.setattr(parallel, "_pickled", refused)
    monkeypatch.setattr(parallel, "gc", types.SimpleNamespace(freeze=lambda: events.append("freeze")))
    back = list(parallel.checked(files, check, [], [], 2, "en", order=list(reversed(range(40)))))
    assert [file for file, _ in back] == files
    in_the_parent = [n for n, event in enumerate(events) if event != "freeze"]
    assert {"f39", "f38", "f37", "f36", "f35"} <= {events[n] for n in in_the_parent}  # its first run
    assert all(events[n + 1] == "freeze" for n in in_the_parent)
    given_back_as_none = {file for file in in_the_worker.read_text(encoding="utf-8").split() if file.endswith(("0", "5"))}
    assert given_back_as_none and given_back_as_none <= {events[n] for n in in_the_parent}
