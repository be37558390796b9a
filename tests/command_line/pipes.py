"""A named pipe among the files a run is given: the run must not wait on it."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import Iterator


@contextlib.contextmanager
def never_waited_on(pipe: Path) -> Iterator[None]:
    """Fails the block if the run in it waits on the named pipe ``pipe``: after 10 s of waiting a
    writer opens the pipe, which lets the run go on, so the test ends either way."""
    done, hung = threading.Event(), []

    def unblock() -> None:
        while not done.wait(10):
            hung.append(True)
            try:  # (without blocking: with nothing reading the pipe there is nothing to unblock)
                os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass

    watchdog = threading.Thread(target=unblock)
    watchdog.start()
    try:
        yield
    finally:
        done.set()
        watchdog.join()
    assert not hung, "the run waited on the named pipe"
