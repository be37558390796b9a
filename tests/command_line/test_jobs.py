"""``--jobs``: many product files checked in several processes give the same report, byte for byte,
the same messages on standard error and the same exit status as one process, in every format and
language; and what a worker cannot hand back, or a worker that dies, leaves its files to the parent."""

from __future__ import annotations

import dataclasses
import json
import os
from concurrent.futures import Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

import pytest

from etf_listing import parallel
from etf_listing.cli import main
from etf_listing.reporting import REPORTERS
from etf_listing.results import Result

from ..reporting.test_waived_in_every_format import WAIVERS
from .pipes import never_waited_on

# Eligible and failing products, products that name another rulebook (the UCITS and SEBI examples,
# the listed ones under examples/watch), a file that cannot be read and one with a bad cell, in an
# order that is not sorted; directories stand for their product files.
FILES = ["examples/failing", "examples/value-up-passive/product.yaml", "examples/missing/product.yaml",
         "tests/bad-inputs/numbers-negative/product.yaml", "examples/ucits", "examples/sebi", "examples/watch"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("format_", [f for f in REPORTERS if f != "html"])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_several_processes_write_what_one_process_writes(in_repository: Path, capsys: pytest.CaptureFixture[str],
                                                         format_: str, lang: str) -> None:
    one = run(capsys, "--format", format_, "--lang", lang, "--jobs", "1", *FILES)
    several = run(capsys, "--format", format_, "--lang", lang, "--jobs", "3", *FILES)
    assert one[0] == 2 and len(one[1]) > 1_000 and "examples/missing/product.yaml" in one[1] + one[2]
    assert several == one


def test_waivers_and_near_misses_are_applied_alike(in_repository: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(WAIVERS, encoding="utf-8")
    for format_ in ("json", "text", "sarif"):
        args = ("--format", format_, "--waivers", str(waivers), "--near-miss", "25%", "examples/failing",
                "examples/value-up-passive/product.yaml")
        one = run(capsys, *args, "--jobs", "1")
        assert "waived" in one[1].lower() or "suppress" in one[1]
        assert run(capsys, *args, "--jobs", "2") == one


@pytest.mark.parametrize("format_", ["text", "json"])
def test_a_watch_over_a_period_is_the_same_in_several_processes(in_repository: Path, format_: str,
                                                                capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    args = ("watch", "--format", format_, "--from", "2025-06-01", "--to", "2025-10-31", "examples/watch")
    one = run(capsys, *args, "--jobs", "1")
    assert one[0] in (0, 1) and "2025-10-31" in one[1]
    handed, taken = [], parallel._unpickled
    monkeypatch.setattr(parallel, "_unpickled", lambda part: handed.append(part) or taken(part))
    assert run(capsys, *args, "--jobs", "2") == one
    assert 1 <= len(handed) <= 3  # four products in four runs: the parent checks the first, the worker some others


@pytest.mark.parametrize("format_", [f for f in REPORTERS if f != "html"])
def test_the_worker_processes_check_the_files(in_repository: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch, format_: str) -> None:
    parent, handed, taken = os.getpid(), [], parallel._unpickled

    def from_a_worker(part):  # type: ignore[no-untyped-def]
        outcome = taken(part)
        handed.append((os.getpid(), outcome.file))
        return outcome

    monkeypatch.setattr(parallel, "_unpickled", from_a_worker)
    status, out, _ = run(capsys, "--format", format_, "--jobs", "2", "examples/failing")
    failing = sorted(str(path) for path in Path("examples/failing").glob("*/product.yaml"))
    # seven runs of one file, checked by index (the four on the value-up index first: test_jobs_order):
    # the parent checks the first, and takes some of the others from the worker, in the order checked
    checked = sorted(failing, key=lambda file: "../../indices/korea-value-up" not in Path(file).read_text("utf-8"))
    assert status == 1 and len(failing) == 7 and {pid for pid, _ in handed} == {parent}
    taken_back = [file for _, file in handed]
    assert taken_back and taken_back == [file for file in checked if file in taken_back]
    assert set(taken_back) <= set(checked[1:])


def test_what_a_worker_cannot_hand_back_the_parent_checks(in_repository: Path, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    one = run(capsys, "--format", "json", "--jobs", "1", *FILES)
    handed = parallel._pickled

    def only_some(outcome):  # type: ignore[no-untyped-def]
        if "failing" in outcome.file:
            raise parallel._NotShipped("refused for the test")
        return handed(outcome)

    monkeypatch.setattr(parallel, "_pickled", only_some)  # forked workers inherit it
    assert run(capsys, "--format", "json", "--jobs", "2", *FILES) == one


def test_a_worker_that_dies_leaves_its_files_to_the_parent(in_repository: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    one = run(capsys, "--format", "text", "--jobs", "1", *FILES)
    parent = os.getpid()
    handed = parallel._pickled

    def dies(outcome):  # type: ignore[no-untyped-def]
        if os.getpid() != parent and "sebi" in outcome.file:
            os._exit(9)
        return handed(outcome)

    monkeypatch.setattr(parallel, "_pickled", dies)
    assert run(capsys, "--format", "text", "--jobs", "2", *FILES) == one


def test_how_many_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_cores", lambda: 4)
    per = parallel.FILES_A_PROCESS
    assert parallel.processes(None, 1) == 1  # the pre-commit hook's one file: no process started
    assert parallel.processes(None, 2 * per - 1) == 1
    assert parallel.processes(None, 2 * per) == 2
    assert parallel.processes(None, 1_000) == 4  # never more than the cores
    monkeypatch.setattr(parallel, "_cores", lambda: 64)
    assert parallel.processes(None, 10_000) == parallel.MOST_BY_DEFAULT == 4  # memory grows with processes
    assert parallel.processes(8, 10_000) == 8  # asked for
    monkeypatch.setattr(parallel, "_cores", lambda: 4)
    assert parallel.processes(3, 2) == 2  # never more than the files
    assert parallel.processes(1, 1_000) == 1
    monkeypatch.setattr(parallel, "_forks", lambda: False)
    assert parallel.processes(None, 1_000) == parallel.processes(4, 1_000) == 1  # no fork: one process


@pytest.mark.parametrize("written", ["0", "-2", "two", "1.5", "", "٣"])
def test_a_number_of_processes_that_is_not_one_is_refused(capsys: pytest.CaptureFixture[str], written: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--jobs", written, "examples/value-up-passive/product.yaml"])
    assert stopped.value.code == 2
    assert "--jobs" in capsys.readouterr().err


def test_runs_are_cut_smaller_as_the_files_run_out() -> None:
    """Runs of at most RUN files while many are left, at least four a process of those left, down
    to single files at the end: what a worker still holds when the parent has nothing left to take
    is short."""
    sizes, left = [], 1_001
    while left:
        sizes.append(parallel.run_size(left, 2))
        left -= sizes[-1]
    assert sum(sizes) == 1_001 and sizes == sorted(sizes, reverse=True)
    assert sizes[0] == parallel.RUN == 16 and sizes.count(16) == 56 and sizes[-7:] == [1] * 7 and len(sizes) == 80
    assert parallel.run_size(40, 2) == 5 and parallel.run_size(40, 4) == 3 and parallel.run_size(1, 4) == 1


def test_the_rulebooks_files_name_are_loaded_before_the_workers_start(in_repository: Path, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """New and listed products in one run, each judged by the rulebook it names: the workers hand
    every outcome back (none is refused and checked again by the parent), and the report is one
    process's."""
    files = ("examples/failing", "examples/sebi", "examples/watch", "examples/value-up-passive/product.yaml")
    one = run(capsys, "--format", "json", "--jobs", "1", *files)
    handed, taken, pickled = [], parallel._unpickled, parallel._pickled
    refused = tmp_path / "refused"

    def noted(outcome):  # type: ignore[no-untyped-def]
        try:
            return pickled(outcome)
        except parallel._NotShipped:
            with open(refused, "a", encoding="utf-8") as note:  # in the worker: written where the test reads
                note.write(outcome.file + "\n")
            raise

    monkeypatch.setattr(parallel, "_unpickled", lambda part: handed.append(part) or taken(part))
    monkeypatch.setattr(parallel, "_pickled", noted)
    several = run(capsys, "--format", "json", "--jobs", "2", *files)
    assert several == one and '"id": "krx-etf-continued-listing"' in one[1]
    assert handed and not refused.exists()


def test_what_the_streams_hold_is_written_once(in_repository: Path) -> None:
    """Text written but not yet flushed when the workers fork is not written again by them."""
    import subprocess
    import sys

    script = ("import sys; sys.stdout.write('before the run\\n'); sys.stderr.write('note')\n"
              "from etf_listing.checker import Checker; from etf_listing.options import Options\n"
              "checker = Checker(Options(format='json', extra={'jobs': 2}))\n"
              "import glob; files = sorted(glob.glob('examples/failing/*/product.yaml'))\n"
              "sys.stdout.write(checker.render(checker.check(files)))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("before the run") == 1 and done.stdout.count('"schema_version"') == 1
    assert done.stderr.count("note") == 1


def test_workers_end_with_the_parent_however_it_ends(tmp_path: Path) -> None:
    """A parent killed outright (SIGKILL, a wrapper's timeout) leaves no worker behind."""
    import signal
    import subprocess
    import sys
    import time

    from benchmarks import generate

    generate.generate_batch(tmp_path, 600, index_sizes=(12, 25))
    files = sorted(str(p) for p in (tmp_path / "batch" / "products").glob("*/product.yaml"))
    parent = subprocess.Popen([sys.executable, "-m", "etf_listing", "--jobs", "3", "--format", "json", *files],
                              cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[int] = []
    for _ in range(500):  # until the workers are forked
        try:
            children = [int(c) for c in Path(f"/proc/{parent.pid}/task/{parent.pid}/children").read_text().split()]
        except OSError:
            break
        if len(children) >= 2 or parent.poll() is not None:
            break
        time.sleep(0.01)
    assert len(children) >= 2, "the run ended before its workers could be seen"
    time.sleep(1.0)  # workers busy, some with results to hand back
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    for _ in range(500):
        alive = [c for c in children if Path(f"/proc/{c}").exists()
                 and Path(f"/proc/{c}/stat").read_text().split(")")[-1].split()[0] != "Z"]
        if not alive:
            break
        time.sleep(0.02)
    assert alive == []


def test_the_indices_are_read_once_before_the_workers_start(in_repository: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Every index the files name is read in the parent, before it forks: no worker reads one again."""
    from etf_listing.loading import load

    one = run(capsys, "--format", "json", "--jobs", "1", *FILES)
    built, reads = load._build_index, tmp_path / "reads"

    def noted(*args, **kwargs):  # type: ignore[no-untyped-def]
        with open(reads, "a", encoding="utf-8") as note:
            note.write(f"{os.getpid()} {args[2].display}\n")
        return built(*args, **kwargs)

    monkeypatch.setattr(load, "_build_index", noted)
    assert run(capsys, "--format", "json", "--jobs", "2", *FILES) == one
    lines = reads.read_text(encoding="utf-8").splitlines()
    assert {line.split()[0] for line in lines} == {str(os.getpid())}  # the parent's reads only
    assert len(lines) == len(set(lines)) >= 5  # each index once


@pytest.mark.parametrize("written, index", [
    ("underlying:\n  index: ../indices/a.yaml\n", "../indices/a.yaml"),
    ("name: x\nunderlying:  # the index\n  license_signed: true\n  index: 'b c.yaml'  # quoted\npdf: p.csv\n", "b c.yaml"),
    ('underlying:\n  index: "d.yaml"\n', "d.yaml"),
    ("underlying:\n  index:\n    name: inline\n", None),  # an index written in the product file
    ("index: e.yaml\nunderlying:\n  license_signed: true\n", None),  # not under underlying
    ("underlying: {index: f.yaml}\n", None),  # a flow mapping: left to the load
    ("kind: etf-product\n", None),
])
def test_the_index_a_product_file_names_at_a_glance(tmp_path: Path, written: str, index: str | None) -> None:
    from etf_listing.discovery import named_index

    path = tmp_path / "product.yaml"
    path.write_text(written, encoding="utf-8")
    assert named_index(str(path)) == index
    assert named_index(str(tmp_path / "absent.yaml")) is None


def test_an_index_that_cannot_be_read_beforehand_is_explained_by_its_product(in_repository: Path, tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """The look ahead only reads what will be read anyway: an index it cannot read is left to the
    product's load, whose positioned problem the report shows as in one process."""
    import shutil

    for n in range(3):
        shutil.copytree("examples/value-up-passive", tmp_path / f"p{n}")
    product = tmp_path / "p1" / "product.yaml"
    product.write_text(product.read_text(encoding="utf-8").replace("index: ", "index: missing-"), encoding="utf-8")
    files = sorted(str(p) for p in tmp_path.glob("p*/product.yaml"))
    one = run(capsys, "--format", "json", "--jobs", "1", *files)
    assert one[0] == 2 and "missing-" in one[1] + one[2]
    assert run(capsys, "--format", "json", "--jobs", "2", *files) == one


def test_a_written_outcome_comes_back_with_its_statuses_only(in_repository: Path) -> None:
    """What the parent still reads of a product whose part of the report a worker wrote: each
    result's rule, status and waiver, the product's file, name, rulebook and input files; not a
    result's message, figures or offenders, nor where the product's fields are written."""
    import io
    import pickle

    from etf_listing.checker import Checker
    from etf_listing.loading.load import Loader
    from etf_listing.options import Options
    from etf_listing.reporting import RenderOptions, written

    checker = Checker(Options(format="json"))
    rulebook = checker.rulebook()
    outcome = checker.outcome(Loader(), "examples/failing/principal-below-minimum/product.yaml", rulebook)
    part = written(outcome, "json", RenderOptions(), True)
    for known in (rulebook, *rulebook.rules, *rulebook.versions):
        parallel._known[id(known)] = known
    try:
        parallel._prepare()
        whole, bare = parallel._pickled(outcome), parallel._pickled(part)
        back = parallel._unpickled(bare)
        buffer = io.BytesIO()  # the written outcome as a whole one is pickled
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = parallel._DISPATCH
        pickler.dump(part)
        whole_back = parallel._unpickled(whole)
        kept = whole_back.report.results[0].message  # type: ignore[union-attr]
    finally:
        parallel._known.clear()
    assert outcome.report is not None and back.report is not None and back.json == part.json
    assert [(r.rule, r.status, r.waiver) for r in back.report.results] == [
        (r.rule, r.status, r.waiver) for r in outcome.report.results]
    assert back.report.counts == outcome.report.counts and not back.report.eligible
    shipped, product = back.report.product, outcome.report.product
    assert (shipped.file, shipped.name, shipped.input_files, shipped.rulebook) == (
        product.file, product.name, product.input_files, product.rulebook)
    assert product.locations and not shipped.locations  # type: ignore[attr-defined]
    assert whole_back.report.product.locations == product.locations  # type: ignore[union-attr]
    assert all(r.message == {} and r.items == () and r.observed is None for r in back.report.results)
    fields = {f.name for f in dataclasses.fields(Result)}  # every field there, as a result made anew has them
    assert all(type(r) is Result and set(vars(r)) == fields for r in back.report.results)
    assert len({id(r.parameters) for r in back.report.results}) == len(back.report.results)  # each its own, as made anew
    assert back.report.results[0] == dataclasses.replace(outcome.report.results[0], message={}, observed=None,
                                                          operator=None, threshold=None, items=(), location=None,
                                                          parameters={}, headroom=None, figures=(), clock=None)
    text = len(part.json[1]) if part.json is not None else 0  # the part itself (in UTF-8), the same in both
    assert 2 * (len(bare) - text) < len(buffer.getvalue()) - text and kept  # the whole one keeps them


def test_the_parent_takes_the_runs_no_worker_has_started(in_repository: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that is held up leaves the runs it has not taken to the parent, which checks them
    while it waits, from the last; the worker holds PENDING runs it has not finished, no more, and
    hands them back. (Seven runs of one file: the worker, given runs 1 to 3, is held until the
    parent has checked four files; the parent checks run 0, then 6, 5 and 4, in the order checked.)"""
    import multiprocessing

    from etf_listing.checker import Checker

    one = run(capsys, "--format", "text", "--jobs", "1", "examples/failing")
    parent, outcome, in_the_parent = os.getpid(), Checker.outcome, []
    go = multiprocessing.get_context("fork").Event()

    def noted(self: Checker, loader: object, file: str, *args: object) -> object:
        if os.getpid() == parent:
            in_the_parent.append(file)
            if len(in_the_parent) == 4:
                go.set()
        return outcome(self, loader, file, *args)  # type: ignore[arg-type]

    handed, taken, pickled = [], parallel._unpickled, parallel._pickled
    monkeypatch.setattr(parallel, "_unpickled", lambda part: handed.append(part) or taken(part))
    monkeypatch.setattr(parallel, "_pickled", lambda outcome: go.wait(20) and pickled(outcome))  # the workers inherit it
    monkeypatch.setattr(Checker, "outcome", noted)
    assert run(capsys, "--format", "text", "--jobs", "2", "examples/failing") == one
    files = sorted(str(path) for path in Path("examples/failing").glob("*/product.yaml"))
    # (checked by index: the four on the value-up index first, test_jobs_order)
    files.sort(key=lambda file: "../../indices/korea-value-up" not in Path(file).read_text("utf-8"))
    assert len(files) == 7 and len(handed) == parallel.PENDING == 3
    assert in_the_parent == [files[0], files[6], files[5], files[4]]


def test_a_worker_is_given_runs_while_the_parent_checks_its_own(in_repository: Path, capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The parent hands a worker more runs whenever it is between runs, counting only those the
    worker has not finished (one finished waits in the parent for its turn in the report): the
    worker, given three runs while the parent checks its first, slowly, gets the other three as
    soon as the parent is done with it, and the parent checks no other. Meanwhile the parent's
    threads, which take the worker's outcomes from the pipe, may take the interpreter's lock
    every SWITCH_INTERVAL; the interval is given back afterwards."""
    import multiprocessing
    import sys

    from etf_listing.checker import Checker

    one = run(capsys, "--format", "json", "--jobs", "1", "examples/failing")
    context = multiprocessing.get_context("fork")
    parent, outcome, intervals = os.getpid(), Checker.outcome, []
    finished, three = context.Value("i", 0), context.Event()

    submitted: list[Future[object]] = []
    submit = ProcessPoolExecutor.submit

    def recorded(pool: ProcessPoolExecutor, *args: Any, **kwargs: Any) -> Future[object]:
        future = submit(pool, *args, **kwargs)
        submitted.append(future)
        return future

    def held_in_the_parent(self: Checker, *args: object) -> object:
        if os.getpid() == parent:
            intervals.append(sys.getswitchinterval())
            three.wait(20)  # until the worker has finished three runs
            # and until the parent has them: a run the worker finished reaches the parent's future
            # a moment later (later still on a loaded machine), and the parent takes a run not done
            # for one it may check itself
            wait(submitted[:3], timeout=20)
        return outcome(self, *args)  # type: ignore[arg-type]

    def counted(outcome: object) -> bytes:
        part = pickled(outcome)
        with finished.get_lock():
            finished.value += 1
            if finished.value == 3:
                three.set()
        return part

    handed, taken, pickled = [], parallel._unpickled, parallel._pickled
    monkeypatch.setattr(parallel, "_unpickled", lambda part: handed.append(part) or taken(part))
    monkeypatch.setattr(parallel, "_pickled", counted)  # the workers inherit it
    monkeypatch.setattr(Checker, "outcome", held_in_the_parent)
    monkeypatch.setattr(ProcessPoolExecutor, "submit", recorded)
    before = sys.getswitchinterval()
    assert run(capsys, "--format", "json", "--jobs", "2", "examples/failing") == one
    assert len(intervals) == 1 and len(handed) == 6  # seven runs of one file: the parent checked the first
    assert intervals == [parallel.SWITCH_INTERVAL] and sys.getswitchinterval() == before > parallel.SWITCH_INTERVAL


def test_a_report_written_in_pieces_is_the_report(in_repository: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON of a run in several processes is written a product's part at a time, to standard
    output and to a file alike: the same bytes as the document one process writes whole."""
    from etf_listing.checker import Checker
    from etf_listing.options import Options

    one = run(capsys, "--format", "json", "--jobs", "1", *FILES)
    output = tmp_path / "report.json"
    several = run(capsys, "--format", "json", "--jobs", "2", "--output", str(output), *FILES)
    assert several[0] == one[0] and several[1] == "" and output.read_text(encoding="utf-8") == one[1]
    checker = Checker(Options(format="json", extra={"jobs": 2}))
    outcomes = checker.check(sorted(str(path) for path in Path("examples/failing").glob("*/product.yaml")))
    pieces = checker.pieces(outcomes)
    assert len(pieces) == 2 * len(outcomes) + 1 > 10 and all(isinstance(pieces[i], bytes) for i in range(1, len(pieces), 2))
    assert "".join(p if isinstance(p, str) else p.decode() for p in pieces) == checker.render(outcomes)
    assert json.loads(checker.render(outcomes))["reports"][0]["file"] == outcomes[0].file


def _three_on_one_index(tmp_path: Path) -> list[str]:
    """Three products on one index; the first cannot be loaded (a YAML error after its underlying
    block) and names the index through a link, the others by its own path."""
    import shutil

    shutil.copytree(Path("examples/indices"), tmp_path / "indices")
    os.symlink("indices", tmp_path / "linked")
    source = Path("examples/value-up-passive/product.yaml").read_text(encoding="utf-8")
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        shutil.copy(Path("examples/value-up-passive/pdf.csv"), tmp_path / name)
    broken = source.replace("index: ../indices/", "index: ../linked/").replace("units: 200000", "units: [oops")
    assert broken.count("../linked/") == 1 and "[oops" in broken
    (tmp_path / "a" / "p0.yaml").write_text(broken, encoding="utf-8")
    (tmp_path / "b" / "p1.yaml").write_text(source, encoding="utf-8")
    (tmp_path / "c" / "p2.yaml").write_text(source, encoding="utf-8")
    return ["a/p0.yaml", "b/p1.yaml", "c/p2.yaml"]


def test_an_index_read_ahead_is_the_one_each_product_names(in_repository: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The look ahead reads an index through a product that cannot be loaded, by another path than
    the products that can: their reports name the index as they name it, as in one process."""
    files = _three_on_one_index(tmp_path)
    monkeypatch.chdir(tmp_path)
    one = run(capsys, "--format", "json", "--jobs", "1", *files)
    assert one[0] == 2 and '"indices/korea-value-up/index.yaml"' in one[1] and "linked/" not in one[1]
    assert run(capsys, "--format", "json", "--jobs", "2", *files) == one


def test_an_index_read_ahead_under_another_root_is_not_reused(in_repository: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """An index read ahead for a product under one tree is not lent to a product under another,
    whose tree its constituent list lies outside: that product still cannot be evaluated."""
    import shutil

    x, elsewhere = tmp_path / "x", tmp_path / "elsewhere"
    (x / "sub" / "idx").mkdir(parents=True)
    elsewhere.mkdir()
    kvu = Path("examples/indices/korea-value-up")
    shutil.copy(kvu / "market_data.csv", x / "sub" / "idx")
    shutil.copy(kvu / "constituents.csv", x / "shared.csv")
    index = (kvu / "index.yaml").read_text(encoding="utf-8")
    (x / "sub" / "idx" / "index.yaml").write_text(
        "\n".join("constituents: ../../shared.csv" if line.startswith("constituents:") else line
                  for line in index.splitlines()) + "\n", encoding="utf-8")
    source = Path("examples/value-up-passive/product.yaml").read_text(encoding="utf-8")
    for folder in (x, x / "sub"):
        shutil.copy(Path("examples/value-up-passive/pdf.csv"), folder)
    (x / "sub" / "p1.yaml").write_text(source.replace("../indices/korea-value-up/index.yaml", "idx/index.yaml"),
                                       encoding="utf-8")
    (x / "p0.yaml").write_text(source.replace("../indices/korea-value-up/index.yaml", "sub/idx/index.yaml")
                               .replace("units: 200000", "units: [oops"), encoding="utf-8")
    files = [str(x / "p0.yaml"), str(x / "sub" / "p1.yaml")]
    monkeypatch.chdir(elsewhere)  # each product's tree is its own directory
    one = run(capsys, "--format", "json", "--jobs", "1", *files)
    assert one[0] == 2 and "leads outside the tree" in one[2]
    assert run(capsys, "--format", "json", "--jobs", "2", *files) == one


def test_a_named_pipe_among_the_files_is_not_waited_on(in_repository: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick looks at the files (the rulebook, the index they name) skip what is not a regular
    file: a named pipe is refused by its load, as in one process, not waited on."""
    files = _three_on_one_index(tmp_path)
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "pipe.yaml")
    results: list[tuple[int, str, str]] = []
    for jobs, rules in (("1", ()), ("2", ()), ("2", ("--rules", "krx-etf-listing"))):
        with never_waited_on(tmp_path / "pipe.yaml"):
            results.append(run(capsys, *rules, "--format", "json", "--jobs", jobs, "pipe.yaml", *files[1:]))
    assert results[0][0] == 2 and "not a regular file" in results[0][2]
    assert results[1] == results[0] and results[2][0] == 2 and "not a regular file" in results[2][2]


def test_in_one_process_each_product_gets_the_index_as_it_names_it(in_repository: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Two products name one index file, one through a link: each report names the index as its
    product does, whichever product is read first."""
    files = _three_on_one_index(tmp_path)
    monkeypatch.chdir(tmp_path)
    linked = Path("c/p2.yaml")
    linked.write_text(linked.read_text(encoding="utf-8").replace("index: ../indices/", "index: ../linked/"),
                      encoding="utf-8")
    forward = run(capsys, "--format", "json", "--jobs", "1", *files[1:])
    backward = run(capsys, "--format", "json", "--jobs", "1", *reversed(files[1:]))
    reports = {r["file"]: r for r in json.loads(forward[1])["reports"]}
    assert {r["file"]: r for r in json.loads(backward[1])["reports"]} == reports
    named = {file: {i["file"] for i in report["inputs"]} for file, report in reports.items()}
    assert "indices/korea-value-up/index.yaml" in named["b/p1.yaml"]
    assert "linked/korea-value-up/index.yaml" in named["c/p2.yaml"]


@pytest.mark.parametrize("count, first", [(2 * parallel.FILES_A_PROCESS, "index"), (3, "product")])
def test_one_process_over_many_files_reads_their_indices_first(in_repository: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                count: int, first: str) -> None:
    """``--jobs 1`` over as many files as would be shared among processes reads the indices they
    name first, as the parent of several processes does; a few files, such as a commit hook's, are
    read as each product names its index. The reports are those of each file checked alone."""
    import shutil

    from etf_listing.loading import load

    shutil.copytree(Path("examples/indices"), tmp_path / "indices")
    for n in range(count):
        shutil.copytree("examples/value-up-passive", tmp_path / f"p{n:02}")
    monkeypatch.chdir(tmp_path)
    files = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.glob("p*/product.yaml"))
    events: list[str] = []
    built, loaded = load._build_index, load.Loader.load_product
    monkeypatch.setattr(load, "_build_index", lambda *args: events.append("index") or built(*args))
    monkeypatch.setattr(load.Loader, "load_product",
                        lambda self, *args, **kwargs: events.append("product") or loaded(self, *args, **kwargs))
    status, out, _ = run(capsys, "--format", "json", "--jobs", "1", *files)
    assert events[0] == first and events.count("index") == 1 and events.count("product") == count
    monkeypatch.setattr(load, "_build_index", built)
    monkeypatch.setattr(load.Loader, "load_product", loaded)
    alone = [run(capsys, "--format", "json", "--jobs", "1", file) for file in files[:2]]
    reports = json.loads(out)["reports"]
    assert status == 0 and [json.loads(one[1])["reports"][0] for one in alone] == reports[:2]
