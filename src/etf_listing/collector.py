"""The cyclic garbage collector while a check starts.

A check starts by importing its modules and compiling the rulebook: everything it allocates then
lives until the end of the run, so the collector's passes over it (most of them over the whole
heap built so far) find nothing to free, and cost the shipped example a tenth of its time. The
check therefore pauses the collector for its start-up (``paused``) and, once the rulebook is
compiled (``started``), sets what start-up built aside (``gc.freeze``: later passes skip it) and
collects again as usual for the products, whatever their size.
"""

from __future__ import annotations

import gc
from typing import Callable, TypeVar

T = TypeVar("T")

_paused = False


def paused(start: Callable[[], T]) -> T:
    """``start()`` with the collector paused until it calls ``started`` (or returns); a collector
    already disabled by the caller stays as it is."""
    global _paused
    if not gc.isenabled():
        return start()
    gc.disable()
    _paused = True
    try:
        return start()
    finally:
        if _paused:
            _paused = False
            gc.enable()


def started() -> None:
    """Start-up is over: what it built is set aside for the collector, which collects again."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
