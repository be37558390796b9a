"""Checking many product files in several processes (``--jobs``).

A run over many product files is cut into runs of consecutive files, each cut as it is taken and
the shorter the fewer files are left; worker processes take runs from the front as they free up,
the parent checks the first run and every run no worker has taken (from the back while it waits
for a worker), each exactly as the checker does in one process (``Checker.outcome``), and the
parent takes the outcomes in the order the files were named. The files are checked in the order
the checker gives, the products of one index together (``by_index``), unless a progress bar is
shown. The report is therefore the same, byte for byte, whatever the number of processes, the order
of checking and whoever checked which file (tested for every format against one process).

Workers are forked (on Linux) once the parent has read the rulebooks and the indices the files
name, so each starts with them and with the parent's waivers and imported modules; elsewhere the
run stays in one process. An index the parent did not read beforehand, a worker reads once.

A worker hands each outcome back pickled with what a report shows of it:
- the rulebooks (the one of ``--rules`` and those the files name, loaded before the workers
  start), their rules and versions, and the waivers as references to the parent's own objects
  (the same objects: the worker inherited them), so results name the parent's rules;
- each message written in the run's language and in English, the language reports fall back to;
- the product as ``Shipped``: its file, name, input files, field positions and the rulebook it
  names, what the reports read of it (its PDF and daily history are already let go by then);
- every result as it is, except the per-member figures a check over each item keeps for the HTML
  report's charts: an HTML report is written from one process;
- where the worker wrote the product's part of the report (JSON and text), only each result's
  rule, status and waiver, and the product without its field positions: what the exit status,
  the summary and ``--output`` (the files read) still read.

In JSON and text, a worker writes its products' parts of the report itself. An outcome that
cannot be handed back that way (a rulebook a product names that the quick look before the start
missed, loaded in the worker itself) is checked again by the parent. A worker that dies leaves its
files to the parent too.
"""

from __future__ import annotations

import copyreg
import dataclasses
import gc
import io
import os
import pickle
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, Sequence

from .errors import Location
from .results import Figures, Outcome, Result

if TYPE_CHECKING:
    from .formatting import Message
    from .rulebook import Rulebook

# The files a worker process takes at least: fewer would spend more on starting it (and on its
# own index summaries) than it saves.
FILES_A_PROCESS = 16
# The processes a run starts by default, however many cores: each keeps its own products' reports
# and index summaries, and touches (so copies) the pages of the indices it shares, so memory grows
# with them.
MOST_BY_DEFAULT = 4
# The most files in a run a process takes at a time (``run_size``).
RUN = 16
# The runs a worker has been given and not finished, at most: one it checks and two waiting, so that
# it has the next at hand while the parent, busy checking a run of its own, hands it no more.
PENDING = 3
# How often, in seconds, the parent's threads may take the interpreter's lock from one another
# during a run (``checked``).
SWITCH_INTERVAL = 0.0005

Check = Callable[[str], Outcome]

_check: Check | None = None  # what a worker runs on each file: set in the parent before forking
_languages: tuple[str, ...] = ("en",)  # the languages a message is handed back in
_known: dict[int, Any] = {}  # the objects handed back by reference, by id (the same in parent and worker)


@dataclass(frozen=True)
class Shipped:
    """A product as an outcome from a worker carries it: what the reports read of a product."""

    file: str
    name: str
    input_files: tuple[tuple[str, str], ...]
    locations: Mapping[str, Location] = field(default_factory=dict)
    rulebook: str | None = None


class _NotShipped(Exception):
    """An outcome refers to an object the parent does not have (a rulebook loaded in a worker)."""


def processes(jobs: int | None, files: int) -> int:
    """How many processes check ``files`` files when ``--jobs`` is ``jobs`` (None: one a core the
    process may use, at most ``MOST_BY_DEFAULT``, and one for every ``FILES_A_PROCESS`` files); 1
    where fork is not available. Never more than the files."""
    if files < 2 or not _forks():
        return 1
    if jobs is None:
        return max(1, min(_cores(), MOST_BY_DEFAULT, files // FILES_A_PROCESS))
    return max(1, min(jobs, files))


def _forks() -> bool:
    """Whether worker processes can be forked safely: on Linux. (macOS has fork, but Python
    counts it unsafe there: system libraries may crash a forked child.)"""
    return sys.platform.startswith("linux")


def _cores() -> int:
    """The cores this process may use: those it may run on, fewer where a cgroup's CPU quota
    (a container's) allows fewer."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
    try:
        with open("/sys/fs/cgroup/cpu.max", encoding="ascii") as limit:
            quota, period = limit.read().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, int(quota) // int(period)))
    except (OSError, ValueError):
        pass
    return cores


def _orphaned_ends(parent: int) -> None:
    """In a worker, as it starts: end it when the parent process ends, however that ends (a
    SIGKILL too), rather than leave it waiting for work that will not come."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # it ended before that was set
        os._exit(1)


def checked(files: Sequence[str], check: Check, rulebooks: Sequence[Rulebook], waivers: Sequence[Any],
            jobs: int, lang: str, order: Sequence[int] | None = None) -> Iterator[tuple[str, Outcome]]:
    """Each of ``files`` with ``check(file)``, in order, checked in ``jobs`` forked processes.
    ``rulebooks`` and ``waivers`` are what outcomes may refer to by reference; messages are handed
    back written in ``lang`` and in English (which a report falls back to); anything a worker
    cannot hand back, the parent checks itself. ``order``: the places of the files in the order
    they are to be checked (``by_index``), when not the order they are given in; they are given
    back in theirs."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _check, _languages
    _check, _languages = check, tuple(dict.fromkeys((lang, "en")))
    _known.clear()
    for rulebook in rulebooks:
        for known in (rulebook, *rulebook.rules, *rulebook.versions):
            _known[id(known)] = known
    for waiver in waivers:
        _known[id(waiver)] = waiver
    _prepare()
    order = range(len(files)) if order is None else order
    if sorted(order) != list(range(len(files))):
        raise ValueError("the order of checking must name each file's place once")
    ordered = [files[place] for place in order]  # the files in the order they are checked
    ready: dict[int, Outcome] = {}  # outcomes checked before their turn, by the file's place
    gc.freeze()  # what the parent holds now (the indices read) stays for the run: no collection rescans it
    pool = ProcessPoolExecutor(jobs - 1, mp_context=multiprocessing.get_context("fork"),
                               initializer=_orphaned_ends, initargs=(os.getpid(),))
    # A worker hands back a run's outcomes (a few hundred KB in JSON) through a pipe that holds 64
    # KB, so it waits on the parent's thread that empties the pipe, and that thread on the
    # interpreter's lock, which the parent's own checking lets go of once a switch interval (5 ms
    # by default): a worker sat idle for a fifth of a 1,000-product run. For the run, the interval
    # is SWITCH_INTERVAL.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, SWITCH_INTERVAL))
    done = 0
    stolen: dict[int, tuple[int, list[Outcome]]] = {}  # the runs the parent checked out of turn: end, outcomes
    try:
        # The files no process has taken are ordered[front:back]. The workers take runs from the
        # front, each given at most PENDING that it has not finished (``top_up``, whenever the
        # parent is between runs). The parent checks the first run; while it waits for a run a
        # worker is checking, it checks runs no worker has taken, from the back. So no process
        # idles while a run is left, whichever runs turn out slow. Each run is cut as it is taken,
        # the smaller the fewer files are left (``run_size``): the runs a worker still holds when
        # the parent has none left to take are short, and the parent waits little for them.
        front, back = 0, len(ordered)

        def checked_here(file: str) -> Outcome:
            # The parent's own check, what it made set aside from the collector at once, as in a
            # worker: an outcome checked out of turn waits for it, and would be rescanned meanwhile.
            outcome = check(file)
            gc.freeze()
            return outcome

        taken: dict[int, tuple[int, Any]] = {}  # a worker's runs by their first file: their end, their future

        def top_up(waited: Any = None) -> None:  # so no worker runs out while the parent checks a run
            # (a run done waits for its turn in the parent, as every outcome is kept until the report)
            nonlocal front
            pending = sum(not future.done() for _, future in taken.values()) + (waited is not None and not waited.done())
            while front < back and pending < PENDING * (jobs - 1):
                pending += 1
                end = front + run_size(back - front, jobs)
                taken[front] = (end, pool.submit(_worker, ordered[front:end]))
                front = end

        at = 0
        while at < len(ordered):
            if at:
                top_up()
            outcomes: Iterator[Outcome]
            if at in stolen:
                end, checked_out_of_turn = stolen.pop(at)
                outcomes = iter(checked_out_of_turn)
            elif at in taken:
                end, future = taken.pop(at)
                while not future.done() and front < back:
                    top_up(future)
                    if front == back:
                        break
                    start = back - run_size(back - front, jobs)
                    stolen[start] = (back, list(map(checked_here, ordered[start:back])))
                    back = start
                outcomes = (_unpickled(part) if part is not None else checked_here(file)
                            for file, part in zip(ordered[at:end], future.result()))
                del future  # let each run's parts go once read
            else:  # the first run (every later one a worker or the parent has taken before its turn)
                end = front = at + run_size(back - at, jobs)
                top_up()  # (the workers start while the parent checks it)
                outcomes = map(checked_here, ordered[at:end])
            for place, outcome in zip(order[at:end], outcomes):
                ready[place] = outcome
                while done in ready:  # each outcome in its file's turn
                    yield files[done], ready.pop(done)
                    done += 1
            at = end
    except Exception:  # noqa: BLE001 - a worker died or met a bug outside a file: the parent checks the rest
        pool.shutdown(wait=True, cancel_futures=True)
        for start, (end, checked_out_of_turn) in stolen.items():  # (what the parent checked is kept)
            ready.update(zip(order[start:end], checked_out_of_turn))
        for place in range(done, len(files)):
            yield files[place], ready.pop(place) if place in ready else check(files[place])
    finally:
        sys.setswitchinterval(interval)
        pool.shutdown(wait=True, cancel_futures=True)
        _check, _languages = None, ("en",)
        _known.clear()


def by_index(files: Sequence[str], indices: Mapping[str, str]) -> list[int]:
    """The places of ``files`` in the order a run in several processes checks them: those naming
    one index (``indices``: each file's, where known) one after another, the indices in the order
    the files first name them, and the files naming none together, where the first of them comes.
    A process that checks a product decides the index's own rules once for all the products on it
    it checks (``evaluation._judged``); with each index's products together, the processes each
    decide the rules of the few indices they meet, rather than every one of them deciding those of
    every index, as the files given one index after another in turn would have them."""
    groups: dict[str | None, list[int]] = {}
    for place, file in enumerate(files):
        groups.setdefault(indices.get(file), []).append(place)
    return [place for places in groups.values() for place in places]


def run_size(left: int, jobs: int) -> int:
    """The files of the next run taken when ``left`` files are left to ``jobs`` processes: at most
    ``RUN`` files, and at least four runs a process of those left, so that the runs shrink as the
    files run out and the processes finish together; large enough, while many are left, that
    handing a run over costs little beside checking it."""
    return max(1, min(RUN, -(-left // (jobs * 4))))


def _worker(share: Sequence[str]) -> list[bytes | None]:
    """In a worker: each file's outcome pickled for the parent, or None for the parent to check."""
    assert _check is not None
    parts: list[bytes | None] = []
    for file in share:
        outcome = _check(file)
        gc.freeze()  # the indices read stay; evaluation leaves no cycles to collect (as in the parent)
        try:
            parts.append(_pickled(outcome))
        except (_NotShipped, pickle.PicklingError, TypeError, AttributeError):
            parts.append(None)
    return parts


def _pickled(outcome: Outcome) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    # An outcome whose part of the report is written is handed back with only what the parent
    # still reads of its results: their rules, statuses and waivers (the exit status, the summary).
    pickler.dispatch_table = _DISPATCH if outcome.json is None and outcome.text is None else _DISPATCH_WRITTEN
    pickler.dump(outcome)
    return buffer.getvalue()


def _unpickled(part: bytes) -> Outcome:
    outcome = pickle.loads(part)
    assert isinstance(outcome, Outcome)
    return outcome


def _referenced(known: Any) -> tuple[Callable[[int], Any], tuple[int]]:
    if _known.get(id(known)) is not known:
        raise _NotShipped(type(known).__name__)
    return _known_object, (id(known),)


def _known_object(key: int) -> Any:
    return _known[key]


def _product(product: Any) -> tuple[type[Shipped], tuple[Any, ...]]:
    return Shipped, (product.file, product.name, product.input_files, dict(product.locations), product.rulebook)


def _written_product(product: Any) -> tuple[type[Shipped], tuple[Any, ...]]:
    return Shipped, (product.file, product.name, product.input_files, {}, product.rulebook)


def _result(result: Result) -> tuple[Any, ...]:
    # as pickle hands back any frozen dataclass (its fields set as they are, nothing computed again),
    # without the per-member figures
    return copyreg.__newobj__, (Result,), {**vars(result), "figures": ()}  # type: ignore[attr-defined]


def _bare_result(result: Result) -> tuple[Any, ...]:
    # (three arguments rather than the fields' dict, a dozen of them at their defaults, for each of
    # a product's results: a third of handing an outcome back)
    return _bare, (result.rule, result.status, result.waiver)


def _bare(rule: Any, status: str, waiver: Any) -> Result:
    """A bare result as the parent takes it back: its rule, status and waiver, the rest at the
    defaults (its message empty)."""
    result = object.__new__(Result)
    result.__dict__.update(_BARE, rule=rule, status=status, message={}, parameters={}, waiver=waiver)
    return result


def _location(location: Location) -> tuple[type[Location], tuple[str, int, int]]:
    return Location, (location.file, location.line, location.column)  # a slotted dataclass's own way is slower


def _message(message: Message) -> tuple[type[dict], tuple[dict[str, str]]]:  # type: ignore[type-arg]
    return dict, ({lang: message[lang] for lang in _languages if lang in message},)


def _dispatch() -> dict[type, Callable[[Any], Any]]:
    from .formatting import Message
    from .model import Product
    from .results import Waiver
    from .rule_checks import Rule
    from .rulebook import Rulebook, Version

    table: dict[type, Callable[[Any], Any]] = dict(copyreg.dispatch_table)
    table.update({Rulebook: _referenced, Rule: _referenced, Version: _referenced, Waiver: _referenced,
                  Product: _product, Result: _result, Message: _message, Location: _location, Figures: lambda figures: (tuple, ())})
    return table


def _prepare() -> None:
    """The reducers, made once the model is imported: for every outcome, and for an outcome whose
    report part is written (its results bare, its product without field positions)."""
    if not _DISPATCH:
        _DISPATCH.update(_dispatch())
        from .model import Product

        _DISPATCH_WRITTEN.update({**_DISPATCH, Result: _bare_result, Product: _written_product})


_DISPATCH: dict[type, Callable[[Any], Any]] = {}
_DISPATCH_WRITTEN: dict[type, Callable[[Any], Any]] = {}
# A bare result's fields but its rule, status and waiver: the message empty, the others at their defaults.
_BARE: dict[str, Any] = {"message": {}, **{
    f.name: f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc,operator]
    for f in dataclasses.fields(Result) if f.init and f.name not in ("rule", "status", "message", "waiver")}}
