"""The one path through the tool: load, evaluate, apply waivers, render.

Every command goes through a ``Checker`` made from its parsed ``Options`` (``etf_listing.options``)
and the instant of the run, read once (``etf_listing.clock``; ``evaluate`` never reads the clock),
or the day to judge waivers on, where the caller gives it:

- ``rulebook()`` loads the rulebook named by ``--rules`` (once), ``waivers()`` the waiver file;
- ``check(paths)`` gives one ``Outcome`` per product file: loaded, evaluated
  (``evaluated``), waivers applied (``etf_listing.waivers.apply_waivers``) as of the day of the run
  in the time zone of the rulebook the product is judged by (``day_of_run``), or the positioned
  problems that stopped it, while the other files are still evaluated;
- ``render(outcomes)`` renders with the reporter of ``--format`` (``etf_listing.reporting.REPORTERS``),
  and ``write(text)`` writes to standard output or ``--output``;
- ``problems(...)`` prints positioned problems in the run's language.

The same safeguards therefore hold for every command: a file that cannot be read, a rulebook with
no version for the date, or a bug met on one file becomes a positioned problem on that file
(exit status 2), never a traceback; ``etf_listing.cli`` adds the last line of defence around each
command (a bug outside any file, a reader that goes away).

Extending the tool: a new command is a module with ``main(argv) -> int`` registered in
``etf_listing.cli.COMMANDS``; it builds its parser from ``etf_listing.options`` (``add_language``,
``add_rulebook``...), calls ``options.parse`` once, and works through a ``Checker``. A new report
format is one entry in ``etf_listing.reporting.REPORTERS``: ``render(outcomes, options) -> str``.

Length: it is the one path every command takes, with the safeguards that hold for all of them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import os
import sys
from typing import TYPE_CHECKING, Any, BinaryIO, Callable, Generator, Iterable, Iterator, Sequence, TextIO

from . import clock
from .errors import InputError, Location, Problem, bug_in, described
from .options import EXIT_ELIGIBLE, EXIT_INVALID, EXIT_NOT_ELIGIBLE, Options
from .results import Notice, Outcome, Report, Waiver

if TYPE_CHECKING:
    from .loading.load import Loader
    from .model import Product
    from .reporting import Piece, RenderOptions
    from .rulebook import Rulebook
    from .screening.methodology import Methodology
    from .screening.run import ScreenOutcome


class Checker:
    """One run of a command: its options, its instant (``now``: aware, read from the clock when the
    run starts unless given) or the day it judges waivers on for every rulebook (``today``, when
    given), and its output streams."""

    def __init__(self, options: Options, today: dt.date | None = None, stdout: TextIO | None = None,
                 stderr: TextIO | None = None, now: dt.datetime | None = None) -> None:
        self.options = options
        self.lang = options.lang
        self.today = today
        # One instant for the whole run, taken before any worker process starts: every product is
        # judged on the same day, even by a run that crosses midnight.
        self.now = now if now is not None else clock.now()
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self._rulebook: Rulebook | None = None
        self._choice: Any = None  # the rulebooks product files name, loaded once each
        self._methodology: Methodology | None = None
        self._read: set[str] = set()  # the files the products read: --output never overwrites one
        # The heads of the files looked at (``discovery.Heads``), until the looks are over: after
        # selection, only the selected files'; none once the indices they name are read.
        self._heads: dict[str, str | None] = {}
        self._home: str | None = None  # the tree that stands for the working directory (``--changed``)

    # --- loading ---------------------------------------------------------------------------------

    def rulebook(self) -> Rulebook:
        """The rulebook of ``--rules``, loaded once; InputError, positioned in its file, when it
        cannot be."""
        if self._rulebook is None:
            from .rulebook import load_rulebook

            self._rulebook = load_rulebook(self.options.rules)
        return self._rulebook

    def rulebook_or_methodology(self) -> Any:
        """The rulebook ``--rules`` names: a listing rulebook, or an index methodology (the screens
        of ``etf-check screen``, whose rules ``rules`` lists and ``explain`` explains the same way).
        InputError, positioned in its file, when it is neither."""
        try:
            return self.rulebook()
        except InputError as error:
            from .screening.methodology import KIND, load_methodology, shipped_methodologies

            name = self.options.rules
            if name in shipped_methodologies() or (os.path.isfile(name) and _declares(name, KIND)):
                return load_methodology(name)
            raise error from None

    def waivers(self) -> tuple[Waiver, ...]:
        """The waivers of ``--waivers`` (none without it); InputError when the file is not one."""
        if not self.options.waivers:
            return ()
        from .loading.waiver_file import load_waivers

        return load_waivers(self.options.waivers)

    # --- evaluating ------------------------------------------------------------------------------

    def selected(self) -> list[str | Outcome]:
        """What to check, in order: product files, and the outcome of a directory without any.
        A file named is always checked; a directory stands for the product files under it; a file
        named twice (or also found in a directory named) is checked once. With ``--changed`` the
        paths are changed files, and the products they affect are checked (``discovery`` finds
        them, imported only then)."""
        def refused(problems: list[Problem]) -> list[str | Outcome]:
            """A file whose kind is a misspelt kind of this tool's: refused, never skipped in silence."""
            return [Outcome(str(problem.location.file), problems=(problem,)) for problem in problems]

        options = self.options
        if options.changed:
            from .discovery import affected_products, misspelt_kinds, staged_deletions, work_tree_top
            rulebook_files = [options.rules] if os.path.isfile(options.rules) else []
            # A changed calendar or waiver file re-checks every product, as a rulebook does: a waiver
            # removed from the file no longer names the product it covered, so any product may be affected.
            rulebook_files += [path for path in (options.calendar, options.waivers) if path]
            # The tree is the git work tree's, from its top, as pre-commit runs the hook, even where a
            # person runs it from a folder further down: a product outside that folder may track an
            # index in it, and its references reach as far as they do in the hook.
            top = work_tree_top()
            if options.root is None and top is not None and top != os.curdir:
                self._home = top
            # A file the commit deletes changes what reads it, as a changed one does.
            changed = [*options.paths, *staged_deletions(top)]
            return (refused(misspelt_kinds(options.paths, self._heads))
                    + list(affected_products(changed, options.root or top or os.curdir, also=rulebook_files)))
        selected: list[str | Outcome] = []
        seen: set[str] = set()
        for path in options.paths:
            if not os.path.isdir(path):
                found = [path]
            else:
                from .discovery import misspelt_kinds, product_files, yaml_files
                listed = list(yaml_files(path))
                found = product_files(path, self._heads, among=listed)
                misspelt = refused(misspelt_kinds(listed, self._heads))
                selected.extend(misspelt)
                if not found and not misspelt:
                    where = os.path.normpath(path)
                    selected.append(Outcome(where, problems=(Problem(
                        Location(where), "no product files (kind: etf-product) in this directory",
                        "a product file is a .yaml or .yml file with the line kind: etf-product",
                        ko="이 디렉터리에 상품 파일(kind: etf-product)이 없습니다",
                        hint_ko="상품 파일은 kind: etf-product 줄이 있는 .yaml 또는 .yml 파일입니다"),)))
            for file in found:
                if os.path.normpath(file) not in seen:
                    seen.add(os.path.normpath(file))
                    selected.append(file)
        self._heads = {file: self._heads[file] for file in selected if isinstance(file, str) and file in self._heads}
        return selected

    def check(self, selected: Sequence[str | Outcome]) -> list[Outcome]:
        """Each selected product file loaded, evaluated and its waivers applied, in order (an
        ``Outcome`` already made, such as a directory without products, is kept as it is). A file
        that cannot be read or evaluated becomes an outcome with its problems. Raises InputError
        when the rulebook or the waiver file cannot be loaded."""
        from .collector import started
        from .loading.load import Loader
        from .progress import progress
        from .reporting import written

        rulebook = self.rulebook()
        waivers = self.waivers()
        if waivers:  # a zone this machine cannot look up stops the run once, not once a product
            self.day_of_run(rulebook)
        started()  # the products' objects are collected as usual (etf_listing.collector)
        loader = Loader(root=self.options.root, calendar=self.options.calendar, home=self._home)  # an index shared is read once
        outcomes: list[Outcome] = []
        files = [entry for entry in selected if isinstance(entry, str)]
        format_, render_options = self.options.format, self.render_options()

        def check(file: str, part: bool = False) -> Outcome:  # in JSON, a watched product's part of the report now
            return written(self.outcome(loader, file, rulebook, waivers), format_, render_options, part)

        checked = self._checked(files, check, rulebook, waivers, loader)
        try:
            with progress(files, self.stderr, self.lang) as advance:
                for entry in selected:
                    if isinstance(entry, Outcome):
                        outcomes.append(entry)
                        continue
                    advance(entry)
                    outcome = next(checked)
                    if outcome.report is not None and format_ != "text":  # text shows notices itself
                        for notice in outcome.report.notices:
                            print(("경고: " if self.lang == "ko" else "warning: ") + notice.text(self.lang), file=self.stderr)
                    outcomes.append(outcome)
                    # What a product loaded and its report stay until the reports are written; the cyclic
                    # garbage collector would rescan all of it as more products load (a second of a 1,000-
                    # product run), so the checker sets it aside (``released`` gives it back). Evaluation
                    # leaves no reference cycles (a test checks), so nothing collectable is set aside.
                    gc.freeze()
        finally:
            checked.close()  # a run cut short stops its worker processes
        for notice in [*_waivers_for_no_product(waivers, outcomes), *_waivers_by_a_shared_name(outcomes)]:
            print(("경고: " if self.lang == "ko" else "warning: ") + notice.text(self.lang), file=self.stderr)
        if self.options.output:  # the files read, which the report is never written over
            read = [rulebook.file, self.options.waivers, self.options.calendar]
            for outcome in outcomes:
                read.append(outcome.file)
                if outcome.report is not None:
                    read.extend(file for file, _ in outcome.report.product.input_files)
            self.reads(read)
        return outcomes

    def _checked(self, files: Sequence[str], check: Callable[[str, bool], Outcome], rulebook: Rulebook,
                 waivers: Sequence[Waiver], loader: Loader) -> Generator[Outcome, None, None]:
        """``check`` of each file, in order: in several processes (``--jobs``, ``etf_listing.parallel``)
        when there are enough files for it, except for the HTML report, which draws from what only
        this process keeps (each member's figures). In JSON, each worker writes its products' parts
        of the report. The indices the files name are read first, once for all, the smaller files too
        in columns (``loading.columnar.many_indices``): before the workers start, or in one process
        over as many files as would be shared among processes."""
        jobs = 1
        if len(files) > 1 and self.options.format != "html":
            from .parallel import processes

            jobs = processes(self.options.extra.get("jobs"), len(files))
        if jobs == 1:
            if len(files) > 1:  # (a single file's check does not import the module of processes)
                from .parallel import FILES_A_PROCESS

                if len(files) >= 2 * FILES_A_PROCESS:  # a run over many products: its indices read as in several processes
                    loader.read_indices(files, self._heads)
            self._heads.clear()  # (the looks are over)
            for file in files:
                yield check(file, False)
            return
        from .parallel import by_index, checked
        from .progress import wanted
        rulebooks = [rulebook, *self.named_rulebooks(files, rulebook)]
        indices = loader.read_indices(files, self._heads)
        self._heads.clear()  # (the looks are over: the workers do not start with them)
        # The products of one index are checked together (``parallel.by_index``), unless a person
        # watches the progress bar, which moves as the outcomes come back in the files' order.
        order = None if wanted(self.stderr, files) else by_index(files, indices)
        for _, outcome in checked(files, lambda file: check(file, True), rulebooks, waivers, jobs, self.lang, order):
            yield outcome

    def outcome(self, loader: Loader, file: str, rulebook: Rulebook, waivers: Sequence[Waiver] = ()) -> Outcome:
        """One product file's outcome: its report with the waivers applied, or its problems."""
        try:
            product = loader.load_product(file)
        except InputError as error:
            return Outcome(os.path.normpath(file), problems=error.problems)
        timeline = None
        try:
            rulebook = self.rulebook_for(product, rulebook)
            if waivers:
                from .waivers import waived_twice

                twice = waived_twice(product.name, product.file, waivers)
                if twice:
                    raise InputError(twice)
            period = self.options.extra.get("period")
            if period is not None:  # etf-check watch --from --to: the state at the period's end, and its timeline
                report, timeline = watched(product, rulebook, *period)
            else:
                report = evaluated(product, rulebook, self.options.as_of)
            day = self.day_of_run(rulebook) if waivers else None
        except InputError as error:
            return Outcome(product.file, problems=error.problems)
        return Outcome(product.file, report=_reported(waived(report, waivers, day)), timeline=timeline)

    def day_of_run(self, rulebook: Rulebook) -> dt.date:
        """The day waivers are judged on for products judged by ``rulebook``: the ``today`` the
        caller gave, else the run's instant in the rulebook's ``time_zone`` (the machine's local
        date where it declares none). InputError at the rulebook's ``time_zone`` when this machine
        has no time-zone database to look it up in."""
        if self.today is not None:
            return self.today
        return rulebook.day_of_run(self.now)

    def named_rulebooks(self, files: Sequence[str], default: Rulebook) -> list[Rulebook]:
        """The rulebooks ``files`` name on a top-level ``rulebook:`` line (a quick look, not a
        load), loaded now as ``rulebook_for`` loads them: so that processes started next share
        them. One that cannot be loaded is left to its product's check."""
        if self.options.rules_given:
            return []
        from .discovery import named_rulebook

        found = []
        for file in files:
            named = named_rulebook(file, self._heads)
            if named:
                if self._choice is None:
                    from .watch.choice import RulebookChoice

                    self._choice = RulebookChoice(None, self.options.rules, default)
                rulebook = self._choice.preloaded(named, file)
                if rulebook is not None and rulebook is not default and rulebook not in found:
                    found.append(rulebook)
        return found

    def rulebook_for(self, product: Product, default: Rulebook) -> Rulebook:
        """The rulebook ``product`` is judged by: ``--rules`` when given, else the one its file
        names (``rulebook:``), else ``default``; InputError at the file's ``rulebook`` line when
        the one it names cannot be loaded."""
        if self.options.rules_given or not product.rulebook:
            return default
        if self._choice is None:
            from .watch.choice import RulebookChoice

            self._choice = RulebookChoice(None, self.options.rules, default)
        return self._choice.for_product(product)

    # --- index screens (etf-check screen) ---------------------------------------------------------

    def methodology(self) -> Methodology:
        """The index methodology of ``--rules``, loaded once; InputError, positioned in its file."""
        if self._methodology is None:
            from .screening.methodology import load_methodology

            self._methodology = load_methodology(self.options.rules)
        return self._methodology

    def screen(self, paths: Sequence[str]) -> list[ScreenOutcome]:
        """Each universe file screened by the methodology, in order (``screening.run.screened``):
        its report, or its problems, printed as they come, with the report's notices when the
        report itself does not show them. Raises InputError when the methodology cannot be loaded."""
        from .screening.run import screened

        with self.reading():  # the files read, which the report is never written over
            methodology = self.methodology()
        companies = self.options.extra.get("company") or ()
        outcomes = []
        for path in paths:
            with self.reading(path):  # a universe that cannot be screened was still read
                outcome = screened(path, methodology, self.options.as_of, self.options.root, companies)
            self.problems(outcome.problems)
            if outcome.report is not None and self.options.format != "text":  # text shows notices itself
                for notice in outcome.report.notices:
                    print(("경고: " if self.lang == "ko" else "warning: ") + notice.text(self.lang), file=self.stderr)
            outcomes.append(outcome)
        return outcomes

    def render_screens(self, outcomes: Sequence[ScreenOutcome]) -> str:
        """The screens' reports as one document in ``--format`` (``reporting.SCREEN_REPORTERS``)."""
        from .reporting import SCREEN_REPORTERS, RenderOptions

        reports = [outcome.report for outcome in outcomes if outcome.report is not None]
        return SCREEN_REPORTERS[self.options.format](reports, RenderOptions(lang=self.lang), self.options.extra.get("company") or ())

    # --- output ----------------------------------------------------------------------------------

    def render(self, outcomes: Sequence[Outcome], color: bool = False) -> str:
        from .reporting import text_of
        return "".join(map(text_of, self.pieces(outcomes, color)))

    def pieces(self, outcomes: Sequence[Outcome], color: bool = False) -> list[Piece]:
        """The report, as pieces to write one after another, each text or that text in UTF-8
        (``reporting.pieces``)."""
        from .reporting import pieces
        return pieces(outcomes, self.options.format, self.render_options(color))

    def render_options(self, color: bool = False) -> RenderOptions:
        from .reporting import RenderOptions

        if self.options.near_miss is not None:
            return RenderOptions(lang=self.lang, color=color, near_miss=self.options.near_miss)
        return RenderOptions(lang=self.lang, color=color)

    def reads(self, paths: Iterable[str | None]) -> None:
        """Add ``paths`` to the files this run read, which ``write`` never writes over."""
        self._read.update(os.path.realpath(path) for path in paths if path)

    @contextlib.contextmanager
    def reading(self, *named: str) -> Iterator[None]:
        """Within the block, the files read (``loading.files.recording``), and ``named``, are added
        to the files this run read, also when the block stops at bad input; only when there is an
        ``--output`` to keep off them (otherwise nothing is hashed)."""
        if not self.options.output:
            yield
            return
        from .loading.files import recording

        with recording() as read:
            try:
                yield
            finally:
                self.reads([*named, *read])

    def overwrites_input(self, output: str | None) -> bool:
        """Whether ``output`` is a file this run read (``reads``), said as a positioned problem:
        a report written over the PDF it was made from would lose the user's file."""
        if output is None:
            return False
        if os.path.realpath(output) not in self._read and not _same_file_as_any(output, self._read):
            return False
        self.problems([Problem(Location(output), "is a file this run read; the report is not written over it",
                               "name another --output file", ko="이번 실행에서 읽은 파일입니다. 보고서로 덮어쓰지 않습니다",
                               hint_ko="다른 --output 파일을 지정하세요")])
        return True

    def write(self, text: str | Sequence[Piece], output: str | None = None) -> int:
        """``text`` (or its pieces, one after another, each text or that text in UTF-8) to ``output``
        (a file, UTF-8) or standard output; the exit status: 2, with a positioned problem, when the
        file cannot be written or is one this run read."""
        pieces = [text] if isinstance(text, str) else text
        if output is None:
            binary = _utf8_bytes_of(self.stdout) if any(isinstance(piece, bytes) for piece in pieces) else None
            if binary is not None:  # the pieces in UTF-8 go out as they are, the others as the stream encodes them
                self.stdout.flush()
                errors = getattr(self.stdout, "errors", None) or "strict"
                for piece in pieces:
                    binary.write(piece if isinstance(piece, bytes) else piece.encode("utf-8", errors))
                binary.flush()
                return EXIT_ELIGIBLE
            from .reporting import text_of
            for piece in pieces:
                self.stdout.write(text_of(piece))
            return EXIT_ELIGIBLE
        if self.overwrites_input(output):
            return EXIT_INVALID
        try:
            with open(output, "wb") as handle:
                handle.writelines(piece.encode() if isinstance(piece, str) else piece for piece in pieces)
        except OSError as error:
            self.problems([Problem(Location(output), f"cannot be written: {error.strerror}",
                                   ko=f"쓸 수 없습니다: {error.strerror}")])
            return EXIT_INVALID
        return EXIT_ELIGIBLE

    def problems(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            print(problem.text(self.lang), file=self.stderr)

    def say(self, message: str, ko: str, prog: str = "etf-check") -> None:
        """A one-line message about the command itself (not about a file) on standard error."""
        print(f"{prog}: {ko if self.lang == 'ko' else message}", file=self.stderr)


def _utf8_bytes_of(stream: TextIO) -> BinaryIO | None:
    """The binary stream under the standard output ``stream`` when text written to it reaches it
    in UTF-8 unchanged (no other encoding, no line ends translated, as the interpreter's standard
    output translates none where the system's line end is a line feed): what a piece already in
    UTF-8 is written to as it is. None otherwise (a ``StringIO``, a console of another encoding,
    a stream a caller gave, whose translation of line ends cannot be asked), where such a piece is
    decoded and written as text."""
    import codecs

    if stream is not sys.stdout and stream is not sys.__stdout__:
        return None
    binary = getattr(stream, "buffer", None)
    encoding = getattr(stream, "encoding", None)
    try:
        utf8 = encoding is not None and codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return None
    return binary if binary is not None and utf8 and os.linesep == "\n" else None


def _declares(path: str, kind: str) -> bool:
    """Whether the file at ``path`` has a top-level ``kind: KIND`` line (a cheap look, not a load)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return any(line.strip() == f"kind: {kind}" for line in handle.read(65_536).splitlines())
    except OSError:
        return False


def status_of(outcomes: Sequence[Outcome], fail_on: str | None = None) -> int:
    """The exit status of a check: 2 when a file could not be evaluated, 1 when a product is not
    eligible (or, with ``fail_on="at_risk"``, has a rule at risk), 0 when every product is."""
    if any(o.report is None for o in outcomes):
        return EXIT_INVALID
    if fail_on and any(r.status == fail_on for o in outcomes if o.report is not None for r in o.report.results):
        return EXIT_NOT_ELIGIBLE
    return EXIT_ELIGIBLE if all(o.report is not None and o.report.eligible for o in outcomes) else EXIT_NOT_ELIGIBLE


def evaluated(product: Product, rulebook: Rulebook, as_of: dt.date | None = None,
              dated_at: Location | None = None, in_a_case: bool = False) -> Report:
    """``evaluate`` with the checker's safeguards: a date for which the rulebook has no version, or
    a bug met on this product, is an InputError positioned where the date was written (``dated_at``,
    else the product's ``as_of``) or on the product's file; ``in_a_case``: for a rule test's case,
    whose hints name its ``as_of`` rather than ``--as-of``."""
    from . import evaluation
    from .rulebook import NoVersionInForce

    option = ("the case an as_of", "사례의 as_of") if in_a_case else ("--as-of", "--as-of")
    evaluation.before_listing(product, rulebook, as_of or product.as_of, option, at=dated_at)
    try:
        return evaluation.evaluate(product, rulebook, as_of)
    except InputError:
        raise
    except NoVersionInForce as error:
        where = dated_at if dated_at is not None else (None if as_of is not None else product.locations.get("as_of"))
        raise InputError([Problem(where or Location(product.file), str(error), "choose another --as-of",
                                  ko=f"평가일에 시행 중인 규정집 버전이 없습니다: {error}",
                                  hint_ko="다른 --as-of를 지정하세요")]) from None
    except Exception as error:  # noqa: BLE001 - a bug: reported on its file, the others still run
        if os.environ.get("ETF_LISTING_TRACEBACK"):
            raise
        raise bug_in(product.file, error) from None


def watched(product: Product, rulebook: Rulebook, start: dt.date, end: dt.date) -> tuple[Report, Any]:
    """``watch_period`` (the state on ``end`` and the timeline from ``start``) with the safeguards
    of ``evaluated``: no version for the period's end, or a bug, is an InputError on the product."""
    from .evaluation import before_listing
    from .rulebook import NoVersionInForce
    from .watch.timeline import watch_period

    before_listing(product, rulebook, start, ("--from", "--from"), ("the period's first day", "기간의 첫날"))
    try:
        return watch_period(product, rulebook, start, end)
    except NoVersionInForce as error:
        raise InputError([Problem(Location(product.file), str(error), "choose another --from or --to",
                                  ko=f"기간에 시행 중인 규정집 버전이 없습니다: {error}",
                                  hint_ko="다른 --from 또는 --to를 지정하세요")]) from None
    except Exception as error:  # noqa: BLE001 - a bug: reported on its file, the others still run
        if os.environ.get("ETF_LISTING_TRACEBACK"):
            raise
        raise bug_in(product.file, error) from None


def _waivers_by_a_shared_name(outcomes: Sequence[Outcome]) -> list[Notice]:
    """A notice for each waiver that waived, by a product's name, results of several files of the
    run that carry that name (a product file copied to make another, its name kept): the waiver
    covers each, which its approver may not have meant."""
    files: dict[tuple[Any, str], dict[str, str]] = {}  # by waiver and name: each file, by its real path
    waivers: dict[tuple[Any, str], Waiver] = {}
    for outcome in outcomes:
        if outcome.report is None:
            continue
        product = outcome.report.product
        for result in outcome.report.results:
            waiver = result.waiver
            if waiver is not None and waiver.products is not None and product.name in waiver.products:
                key = (waiver.location, product.name)
                files.setdefault(key, {}).setdefault(os.path.realpath(product.file), product.file)  # (one file named twice is one)
                waivers[key] = waiver
    return [Notice(f"the waiver of {waivers[key].rule} names the product '{key[1]}', which {len(shared)} files of this "
                   f"run carry ({', '.join(sorted(shared.values()))}): it waives each; to waive one, name its file",
                   f"{waivers[key].rule} 면제는 상품명 '{key[1]}'으로 지정되어 있는데, 이번 실행의 파일 {len(shared)}개가 "
                   f"이 이름입니다({', '.join(sorted(shared.values()))}): 모두 면제됩니다. 하나만 면제하려면 파일을 지정하세요",
                   waivers[key].location)
            for key, shared in sorted(files.items(), key=lambda pair: (str(pair[0][0]), pair[0][1])) if len(shared) > 1]


def _waivers_for_no_product(waivers: Sequence[Waiver], outcomes: Sequence[Outcome]) -> list[Notice]:
    """A notice for each waiver of a rule some product of the run fails that names products none
    of which the run checked: a name misspelt, or a file named as it reads from elsewhere, would
    otherwise leave the fail standing without a word."""
    if not waivers:
        return []
    reports = [outcome.report for outcome in outcomes if outcome.report is not None]
    failed = {r.rule.id for report in reports for r in report.results if r.status == "fail"}
    return [Notice(f"the waiver of {waiver.rule} is for {', '.join(waiver.products or ())}, which this run did not "
                   f"check, so it waives nothing here",
                   f"{waiver.rule} 면제의 대상({', '.join(waiver.products or ())})은 이번 실행에서 검사하지 않아 "
                   "면제되는 것이 없습니다", waiver.location)
            for waiver in waivers
            if waiver.products is not None and waiver.rule in failed
            and not any(waiver.for_product(report.product.name, report.product.file) for report in reports)]


def _reported(report: Report) -> Report:
    """The report as the command keeps it until every product is evaluated: its product without
    the rows the rules read (PDF, holdings, daily history), which no report shows (the results
    name the rows they are about). A run over 1,000 products would otherwise hold every PDF."""
    product = report.product
    if product.pdf is None and product.holdings is None and product.history is None:
        return report
    return dataclasses.replace(report, product=dataclasses.replace(product, pdf=None, holdings=None, history=None))


def waived(report: Report, waivers: Sequence[Waiver], today: dt.date | None) -> Report:
    """The report with ``waivers`` applied as of ``today`` (the report itself without waivers)."""
    if not waivers:
        return report
    if today is None:
        raise TypeError("waivers are applied as of a date: give the day of the run")
    from .waivers import apply_waivers

    return apply_waivers(report, waivers, today)


def outcomes_of(reports: Iterable[Report]) -> list[Outcome]:
    return [Outcome(report.product.file, report=report) for report in reports]


def released() -> None:
    """Give back to the garbage collector what ``Checker.check`` set aside."""
    gc.unfreeze()



def _same_file_as_any(path: str, read: set[str]) -> bool:
    """Whether ``path`` is one of the files ``read`` under another name (a hard link): the same
    device and inode. False where ``path`` does not exist yet."""
    try:
        found = os.stat(path)
    except OSError:
        return False
    for other in read:
        try:
            if os.path.samestat(found, os.stat(other)):
                return True
        except OSError:
            continue
    return False

__all__ = ["Checker", "described", "evaluated", "outcomes_of", "released", "status_of", "waived"]
