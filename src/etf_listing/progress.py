"""A progress bar for long runs, on standard error, only where a person is watching.

It shows when standard error is a terminal and there are several files; it is transient (gone when
the run ends), so neither the report on standard output nor a log of standard error carries it.
"""

from __future__ import annotations

import contextlib
from typing import Callable, Iterator, Sequence, TextIO

Advance = Callable[[str], None]


def wanted(stream: TextIO, files: Sequence[str]) -> bool:
    return len(files) > 1 and stream.isatty()


@contextlib.contextmanager
def progress(files: Sequence[str], stream: TextIO, lang: str = "en") -> Iterator[Advance]:
    """Yields ``advance(file)``, to call as each file is taken up; a no-op where no bar is wanted."""
    if not wanted(stream, files):
        yield lambda file: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=stream, force_terminal=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.fields[file]}", style="dim"))
    # Drawn again as each file is taken up, not by a thread of its own: a run in several processes
    # forks them while the bar shows, and a fork copies no thread but may copy a lock one holds.
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as bar:
        task = bar.add_task("검사 중" if lang == "ko" else "checking", total=len(files), file="")
        started = False

        def advance(file: str) -> None:
            nonlocal started
            bar.update(task, advance=1 if started else 0, file=file, refresh=True)
            started = True

        yield advance
        bar.update(task, completed=len(files), file="", refresh=True)
